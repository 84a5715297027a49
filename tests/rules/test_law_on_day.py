"""The law in force on each step's day (issue 8 req. 11).

Both 2025 texts take effect on 2026-01-01 (legal-rules.md §0). A step taken before that day is judged
by the 2018 text, a step taken on or after it by the 2025 text, whatever the election day [M].
"""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.elections.cli.schedule import run_schedule
from huanjie.rules.eligibility import (
    CandidateFacts,
    Finding,
    VoterFacts,
    candidate_eligibility_on,
    voter_eligibility_on,
)
from huanjie.rules.profiles import UnknownCode, law_in_force
from huanjie.rules.schedule import build_schedule_in_force, validate

E = date(2026, 1, 10)


def test_law_in_force() -> None:
    assert law_in_force("village", date(2025, 12, 31)).code == "village-2018"
    assert law_in_force("village", date(2026, 1, 1)).code == "village-2025"
    assert law_in_force("community", date(2026, 3, 1)).code == "community-2025"
    assert law_in_force("party", date(2020, 7, 12)).code == "party-1990"
    with pytest.raises(UnknownCode):
        law_in_force("village", date(2000, 1, 1))


def test_registration_in_december_2025_follows_the_2018_text() -> None:
    s = build_schedule_in_force("village", "national", E)
    assert s.law == "village-2025"
    assert s.step_laws["voter_list"] == "village-2018"
    assert s.step("voter_list").rule.citation == "村民委员会组织法(2018) 第十四条"
    assert "适用当日施行的村民委员会组织法(2018)" in s.step("voter_list").explanation
    assert s.step_laws["election"] == "village-2025"
    assert s.step("election").rule.citation == "村民委员会组织法(2025) 第十八条"
    assert s.transition[0].startswith("本次选举跨越 2026-01-01")
    assert any("不得作为候选人" in line for line in s.transition)


def test_actual_dates_decide_the_text() -> None:
    s = build_schedule_in_force(
        "village", "national", date(2026, 3, 20), actual={"voter_list": date(2025, 12, 30)}
    )
    assert s.step_laws["voter_list"] == "village-2018"
    assert s.transition
    assert validate(s) == [] or all(v.step != "voter_list" or v.kind != "late" for v in validate(s))
    s = build_schedule_in_force("village", "national", date(2026, 5, 20))
    assert set(s.step_laws.values()) == {"village-2025"}
    assert s.transition == ()


def test_straddling_is_flagged_in_json() -> None:
    out = run_schedule(law="village", profile="zhejiang", election_day="2026-01-10")
    steps = {s["step"]: s for s in out["steps"]}
    assert steps["voter_list"]["law"] == "village-2018"
    assert steps["election"]["law"] == "village-2025"
    assert out["transition"][0].startswith("本次选举跨越")
    assert steps["election"]["basis"] == "statute"
    community = run_schedule(law="community", profile="national", election_day="2026-01-10")
    assert any("居民代表" in line for line in community["transition"])
    with pytest.raises(ValueError, match="参数 --law 无效"):
        run_schedule(law="town", profile=None, election_day="2026-01-10")


SERVED_2014 = CandidateFacts(
    birth_date=date(1970, 5, 1),
    sex="M",
    post="委员",
    findings=(Finding("criminal_punishment", date(2014, 6, 30)),),
)


def test_sentence_served_in_2014_eligible_in_december_2025_barred_in_march_2026() -> None:
    december = candidate_eligibility_on(SERVED_2014, kind="village", election_day=E, on=date(2025, 12, 20))
    assert december.eligible
    assert "适用当日施行的村民委员会组织法(2018)" in december.explanation.steps[0].text
    assert december.explanation.steps[0].provenance == "judgement"
    march = candidate_eligibility_on(SERVED_2014, kind="village", election_day=E, on=date(2026, 3, 1))
    assert not march.eligible
    assert march.blocks[0].rule == "bar:criminal_punishment"
    assert march.blocks[0].citation == "村民委员会组织法(2025) 第十八条"


def test_exemption_from_punishment_never_triggers_the_bar() -> None:
    facts = CandidateFacts(
        birth_date=date(1970, 5, 1),
        sex="M",
        post="委员",
        findings=(Finding("exempt_from_criminal_punishment", date(2024, 6, 30)),),
    )
    for on in (date(2025, 12, 20), date(2026, 3, 1)):
        v = candidate_eligibility_on(facts, kind="village", election_day=E, on=on)
        assert v.eligible
    assert any(s.rule == "exempt" and s.provenance == "judgement" for s in v.explanation.steps)


def test_voter_registration_category_by_registration_day() -> None:
    facts = VoterFacts(
        birth_date=date(1990, 1, 1),
        category="village_work",
        applied=True,
        approved=True,
        since=date(2023, 1, 1),
    )
    december = voter_eligibility_on(facts, kind="village", election_day=E, on=date(2025, 12, 15))
    assert not december.eligible  # 从事村务工作 is a category of the 2025 text only
    january = voter_eligibility_on(facts, kind="village", election_day=date(2026, 3, 20), on=date(2026, 1, 5))
    assert january.eligible
