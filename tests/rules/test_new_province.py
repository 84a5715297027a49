"""Adding a province is adding one Profile (architecture issue req. 7).

A fictional province, 测试省, is registered at run time with a few parameters of its own; counting,
the procedure schedule and voter eligibility all follow them without any other table being edited.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from huanjie.rules.counting import Election, PostTally, decide
from huanjie.rules.eligibility import VoterFacts, voter_eligibility
from huanjie.rules.profiles import (
    PROFILES,
    Profile,
    RegistrationCategory,
    UnknownCode,
    get_law,
    get_profile,
    register_profile,
    unregister_profile,
)
from huanjie.rules.schedule import build_schedule, validate

E = date(2026, 3, 20)
MEASURE = "测试省村民委员会选举办法"

TESTPROV = Profile(
    code="testprov",
    name="测试省",
    measure=MEASURE,
    # Counting: ballots returned are compared with the ballots issued (as in Henan).
    ballots_compared_with="issued",
    ballot_article="第七条",
    # Schedule: the candidate list seven days ahead, proxies four days ahead.
    candidate_list_days_before=7,
    candidate_list_article="第六条",
    proxy_request_days_before=4,
    proxy_article="第九条",
    voter_list_article="第五条",
    # Eligibility: one category of its own.
    categories=(
        RegistrationCategory(
            "returned_graduate",
            "户籍不在本村、回村创业的高校毕业生，本人申请参加选举的公民",
            needs_application=True,
            source=f"{MEASURE} 第四条 [S]",
        ),
    ),
)


@pytest.fixture
def testprov() -> Iterator[Profile]:
    profile = register_profile(TESTPROV)
    try:
        yield profile
    finally:
        unregister_profile(TESTPROV.code)


def test_register_and_unregister() -> None:
    assert "testprov" not in PROFILES
    assert register_profile(TESTPROV) is TESTPROV
    try:
        assert get_profile("testprov") is TESTPROV
        with pytest.raises(ValueError, match="已存在"):
            register_profile(TESTPROV)
    finally:
        assert unregister_profile("testprov") is TESTPROV
    assert "testprov" not in PROFILES
    with pytest.raises(UnknownCode):
        unregister_profile("testprov")


def test_counting_follows_the_new_profile(testprov: Profile) -> None:
    def count(returned: int, issued: int | None) -> bool:
        verdict = decide(
            Election(
                law=get_law("village-2025"),
                profile=get_profile("testprov"),
                round="first",
                registered=1000,
                voted=620,
                ballots_returned=returned,
                ballots_issued=issued,
                posts=(PostTally("主任", 1, ("A", "B"), {"A": 400, "B": 200}),),
            )
        )
        steps = {s.rule: s for s in verdict.steps}
        assert steps["counting.ballots_vs_voters"].citation == f"{MEASURE} 第七条"
        if verdict.valid:
            assert verdict.posts[0].elected == ("A",)
        return verdict.valid

    # 621 ballots for 620 voters: valid here (625 issued), as it would not be under the national rule.
    assert count(621, 625)
    assert not count(626, 625)
    national = decide(
        Election(
            law=get_law("village-2025"),
            profile=get_profile("national"),
            round="first",
            registered=1000,
            voted=620,
            ballots_returned=621,
            ballots_issued=625,
            posts=(PostTally("主任", 1, ("A", "B"), {"A": 400, "B": 200}),),
        )
    )
    assert not national.valid


def test_schedule_follows_the_new_profile(testprov: Profile) -> None:
    schedule = build_schedule("village-2025", "testprov", E)
    assert schedule.profile == "testprov"
    candidates = schedule.step("candidate_list")
    assert candidates.latest == date(2026, 3, 13)
    assert candidates.rule.citation == f"{MEASURE} 第六条"
    proxies = schedule.step("proxy_requests")
    assert proxies.latest == date(2026, 3, 16)
    assert proxies.rule.citation == f"{MEASURE} 第九条"
    assert schedule.step("voter_list").rule.citation == f"村民委员会组织法(2025) 第十七条；{MEASURE} 第五条"
    late = build_schedule(
        "village-2025",
        "testprov",
        E,
        actual={"voter_list": date(2026, 2, 27), "candidate_list": date(2026, 3, 14)},
    )
    assert [(v.step, v.kind) for v in validate(late, as_of=date(2026, 3, 14))] == [("candidate_list", "late")]


def test_eligibility_follows_the_new_profile(testprov: Profile) -> None:
    facts = VoterFacts(birth_date=date(2000, 5, 1), category="returned_graduate", applied=True)
    verdict = voter_eligibility(facts, law="village-2025", election_day=E, profile="testprov")
    assert verdict.eligible
    assert verdict.explanation.steps[1].citation == f"{MEASURE} 第四条 [S]"
    # The national law alone has no such category.
    assert not voter_eligibility(facts, law="village-2025", election_day=E).eligible
    # The law's own categories still apply in the new province.
    resident = VoterFacts(birth_date=date(2000, 5, 1), category="hukou_resident")
    assert voter_eligibility(resident, law="village-2025", election_day=E, profile="testprov").eligible
