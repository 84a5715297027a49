"""Procedure deadlines: legal-rules.md §4, §8 and §10 example 16 (E = 2026-03-20)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.dates import HolidayCalendar
from huanjie.rules.profiles import LAWS, PROFILES, UnknownCode
from huanjie.rules.schedule import (
    build_schedule,
    procedure,
    validate,
)

E = date(2026, 3, 20)


def latest(law: str, profile: str, step: str, **kwargs: object) -> date | None:
    return build_schedule(law, profile, E, **kwargs).step(step).latest  # type: ignore[arg-type]


def keys(law: str, profile: str) -> list[str]:
    return [r.key for r in procedure(law, profile)]


# --- example 16 -------------------------------------------------------------------------------------


def test_example16_voter_list_by_feb_28_for_every_committee_law_and_profile() -> None:
    for law in ("village-2018", "village-2025", "community-2018", "community-2025"):
        for profile in PROFILES:
            assert latest(law, profile, "voter_list") == date(2026, 2, 28)


def test_example16_objections_up_to_mar_5_and_decision_by_mar_8() -> None:
    sched = build_schedule("village-2025", "national", E, actual={"voter_list": date(2026, 2, 28)})
    assert sched.step("objections").latest == date(2026, 3, 5)
    assert sched.step("objections").earliest == date(2026, 2, 28)
    assert sched.step("objection_decisions").latest == date(2026, 3, 8)


def test_objection_period_counts_from_the_actual_publication_and_the_actual_objection() -> None:
    sched = build_schedule(
        "village-2025",
        "national",
        E,
        actual={"voter_list": date(2026, 2, 20), "objections": date(2026, 2, 22)},
    )
    assert sched.step("objections").latest == date(2026, 2, 25)
    assert sched.step("objection_decisions").latest == date(2026, 2, 25)
    assert sched.step("objection_decisions").earliest == date(2026, 2, 22)


def test_example16_candidate_list_by_mar_15() -> None:
    for profile in PROFILES:
        assert latest("village-2025", profile, "candidate_list") == date(2026, 3, 15)


def test_example16_zhejiang_proxies_by_mar_17_and_time_place_notice_by_mar_15() -> None:
    assert latest("village-2025", "zhejiang", "proxy_requests") == date(2026, 3, 17)
    assert latest("village-2025", "zhejiang", "election_notice") == date(2026, 3, 15)
    assert latest("village-2025", "zhejiang", "candidate_withdrawal") == date(2026, 3, 17)


def test_shanghai_proxy_filing_e_minus_5_and_list_e_minus_2() -> None:
    assert latest("village-2025", "shanghai", "proxy_requests") == date(2026, 3, 15)
    assert latest("village-2025", "shanghai", "proxy_list") == date(2026, 3, 18)
    assert "proxy_list" not in keys("village-2025", "zhejiang")
    assert "proxy_requests" not in keys("village-2025", "national")
    assert "election_notice" not in keys("village-2025", "shanghai")


def test_example16_supplementary_window_zj_30_bj_15_sh_30() -> None:
    assert latest("village-2025", "zhejiang", "supplementary") == date(2026, 4, 19)
    assert latest("village-2025", "shanghai", "supplementary") == date(2026, 4, 19)
    assert latest("village-2025", "beijing", "supplementary") == date(2026, 4, 4)
    national = build_schedule("village-2025", "national", E).step("supplementary")
    assert national.latest is None
    assert national.earliest == E


def test_handover_within_10_days_of_the_result() -> None:
    assert latest("village-2025", "national", "handover") == date(2026, 3, 30)
    after_supplementary = build_schedule(
        "village-2025", "zhejiang", E, actual={"supplementary": date(2026, 4, 10)}
    )
    assert after_supplementary.step("result_announced").latest == date(2026, 4, 10)
    assert after_supplementary.step("handover").latest == date(2026, 4, 20)
    explicit = build_schedule(
        "village-2025",
        "zhejiang",
        E,
        actual={"supplementary": date(2026, 4, 10), "result_announced": date(2026, 4, 11)},
    )
    assert explicit.step("handover").latest == date(2026, 4, 21)
    assert explicit.step("handover").earliest == date(2026, 4, 11)


def test_holiday_calendar_moves_period_ends_but_never_days_before() -> None:
    weekends = HolidayCalendar(rest_weekdays=frozenset({5, 6}))
    sched = build_schedule("village-2025", "zhejiang", E, calendar=weekends)
    assert sched.step("voter_list").latest == date(2026, 2, 28)  # a Saturday: does not move
    assert sched.step("supplementary").latest == date(2026, 4, 20)  # Sunday 04-19 → Monday
    assert "顺延至 2026-04-20" in sched.step("supplementary").explanation


# --- citations ------------------------------------------------------------------------------------


def test_citations_follow_law_version_and_province() -> None:
    old = build_schedule("village-2018", "national", E)
    new = build_schedule("village-2025", "zhejiang", E)
    assert old.step("voter_list").rule.citation == "村民委员会组织法(2018) 第十四条"
    assert (
        new.step("voter_list").rule.citation
        == "村民委员会组织法(2025) 第十七条；浙江省村民委员会选举办法 第十四条"
    )
    assert new.step("proxy_requests").rule.citation == "浙江省村民委员会选举办法 第二十五条"
    assert new.step("handover").rule.citation.startswith("村民委员会组织法(2025) 第二十四条")
    assert old.step("handover").rule.citation == "村民委员会组织法(2018) 第二十条"
    assert "通例" in old.step("candidate_list").rule.citation
    assert build_schedule("community-2018", "national", E).step("voter_list").rule.citation.endswith("[M]")
    assert build_schedule("community-2025", "henan", E).step("handover").rule.citation == (
        "城市居民委员会组织法(2025) 第二十五条；河南省实施《村民委员会组织法》办法 第四十条"
    )


def test_every_law_has_schedule_data_and_every_step_a_citation() -> None:
    for code, law_data in LAWS.items():
        assert law_data.schedule.kind == ("party" if law_data.kind == "party" else "committee"), code
    for law in LAWS:
        for profile in PROFILES:
            for rule in procedure(law, profile):
                assert rule.citation.strip()
                assert rule.title


def test_village_procedure_order_party_first_supervision_last() -> None:
    order = keys("village-2025", "zhejiang")
    assert order[0] == "party_election"
    assert order.index("voter_list") < order.index("objections") < order.index("candidate_list")
    assert order.index("candidate_list") < order.index("election") < order.index("handover")
    assert order[-1] == "supervision_election"
    assert "audit_published" not in keys("community-2025", "national")
    assert "supervision_election" not in keys("community-2018", "national")


def test_party_procedure() -> None:
    sched = build_schedule("party-2020", "national", E)
    assert [s.rule.key for s in sched.steps] == [
        "candidate_vetting",
        "election",
        "secretary_approval",
        "committee_election",
    ]
    assert sched.step("candidate_vetting").latest == date(2026, 3, 19)
    assert sched.step("committee_election").earliest == date(2026, 3, 21)
    assert sched.step("election").rule.citation == "中国共产党基层组织选举工作条例(2020) 第五条 [S]"
    assert build_schedule("party-1990", "national", E).step("election").rule.citation == (
        "中国共产党基层组织选举工作暂行条例(1990) [S]"
    )


def test_unknown_codes_and_steps() -> None:
    with pytest.raises(UnknownCode):
        procedure("village-2030", "national")
    with pytest.raises(UnknownCode):
        procedure("village-2025", "mars")
    with pytest.raises(ValueError, match="未知的程序步骤：bogus"):
        build_schedule("village-2025", "national", E, actual={"bogus": E})
    with pytest.raises(KeyError):
        build_schedule("village-2025", "national", E).step("proxy_list")


# --- validation -----------------------------------------------------------------------------------

ON_TIME = {
    "party_election": date(2026, 1, 10),
    "audit_published": date(2026, 1, 20),
    "voter_list": date(2026, 2, 27),
    "objections": date(2026, 3, 4),
    "objection_decisions": date(2026, 3, 7),
    "candidate_list": date(2026, 3, 10),
    "candidate_withdrawal": date(2026, 3, 16),
    "proxy_requests": date(2026, 3, 16),
    "election_notice": date(2026, 3, 12),
    "election": E,
    "supplementary": date(2026, 4, 19),
    "result_announced": date(2026, 4, 19),
    "handover": date(2026, 4, 29),
    "supervision_election": date(2026, 4, 20),
}


def violations(
    actual: dict[str, date], as_of: date | None = None, profile: str = "zhejiang"
) -> list[tuple[str, str]]:
    sched = build_schedule("village-2025", profile, E, actual=actual)
    return [(v.step, v.kind) for v in validate(sched, as_of=as_of)]


def test_a_procedure_on_time_has_no_violation() -> None:
    assert violations(ON_TIME) == []


def test_voter_list_exactly_e_minus_20_is_a_warning_and_e_minus_19_is_late() -> None:
    sched = build_schedule("village-2025", "zhejiang", E, actual={**ON_TIME, "voter_list": date(2026, 2, 28)})
    [warning] = validate(sched)
    assert (warning.step, warning.kind, warning.severity) == ("voter_list", "on_limit", "warning")
    assert "21 日" in warning.text
    assert warning.citation == "村民委员会组织法(2025) 第十七条；浙江省村民委员会选举办法 第十四条"
    late = violations({**ON_TIME, "voter_list": date(2026, 3, 1)})
    assert ("voter_list", "late") in late


def test_late_objection_and_late_decision() -> None:
    got = violations({**ON_TIME, "objections": date(2026, 3, 6), "objection_decisions": date(2026, 3, 10)})
    assert got == [("objections", "late"), ("objection_decisions", "late")]
    # Objection on 03-04 → decision due 03-07; on 03-08 it is late.
    assert violations({**ON_TIME, "objection_decisions": date(2026, 3, 8)}) == [
        ("objection_decisions", "late")
    ]


def test_objection_before_publication_is_early() -> None:
    got = violations({**ON_TIME, "objections": date(2026, 2, 26), "objection_decisions": date(2026, 2, 27)})
    assert got == [("objections", "early")]


def test_candidate_list_boundaries() -> None:
    assert violations({**ON_TIME, "candidate_list": date(2026, 3, 15)}) == [("candidate_list", "on_limit")]
    assert violations({**ON_TIME, "candidate_list": date(2026, 3, 16)}) == [("candidate_list", "late")]


def test_zhejiang_proxy_boundaries() -> None:
    assert violations({**ON_TIME, "proxy_requests": date(2026, 3, 17)}) == [("proxy_requests", "on_limit")]
    assert violations({**ON_TIME, "proxy_requests": date(2026, 3, 18)}) == [("proxy_requests", "late")]


def test_supplementary_boundaries() -> None:
    assert violations(
        {**ON_TIME, "supplementary": date(2026, 4, 20), "result_announced": date(2026, 4, 20)}
    ) == [("supplementary", "late")]
    beijing = {
        k: v
        for k, v in ON_TIME.items()
        if k not in {"candidate_withdrawal", "proxy_requests", "election_notice"}
    }
    beijing |= {
        "supplementary": date(2026, 4, 4),
        "result_announced": date(2026, 4, 4),
        "handover": date(2026, 4, 14),
    }
    assert violations(beijing, profile="beijing") == []
    beijing |= {
        "supplementary": date(2026, 4, 5),
        "result_announced": date(2026, 4, 5),
        "handover": date(2026, 4, 15),
    }
    assert violations(beijing, profile="beijing") == [("supplementary", "late")]


def test_handover_boundaries() -> None:
    base = {k: v for k, v in ON_TIME.items() if k not in {"supplementary", "result_announced"}}
    assert violations({**base, "handover": date(2026, 3, 30)}) == []
    got = violations({**base, "handover": date(2026, 3, 31)})
    assert got == [("handover", "late")]
    assert violations({**base, "handover": date(2026, 3, 19)}) == [("handover", "early")]


def test_election_on_another_day_is_reported() -> None:
    assert violations({**ON_TIME, "election": date(2026, 3, 21)}) == [("election", "late")]
    assert violations({**ON_TIME, "election": date(2026, 3, 19)}) == [("election", "early")]


def test_out_of_order_candidate_list_before_voter_list() -> None:
    sched = build_schedule(
        "village-2025",
        "zhejiang",
        E,
        actual={
            **ON_TIME,
            "voter_list": date(2026, 2, 20),
            "objections": date(2026, 2, 21),
            "objection_decisions": date(2026, 2, 23),
            "candidate_list": date(2026, 2, 19),
        },
    )
    [v] = validate(sched)
    assert (v.step, v.kind, v.actual, v.limit) == (
        "candidate_list",
        "out_of_order",
        date(2026, 2, 19),
        date(2026, 2, 20),
    )
    assert "早于应在其之前的“公布选民名单”" in v.text


def test_shanghai_proxy_list_before_filing_is_out_of_order() -> None:
    actual = {"proxy_requests": date(2026, 3, 14), "proxy_list": date(2026, 3, 13)}
    sched = build_schedule("village-2025", "shanghai", E, actual=actual)
    assert [(v.step, v.kind) for v in validate(sched, as_of=date(2026, 1, 1))] == [
        ("proxy_list", "out_of_order")
    ]


def test_supervision_before_committee_election_is_early() -> None:
    assert violations({**ON_TIME, "supervision_election": date(2026, 3, 1)}) == [
        ("supervision_election", "early")
    ]


def test_party_election_after_committee_election_is_late() -> None:
    assert violations({**ON_TIME, "party_election": date(2026, 3, 20)}) == [("party_election", "late")]


def test_missing_steps_after_the_election_and_while_in_progress() -> None:
    required = {
        "party_election",
        "audit_published",
        "voter_list",
        "candidate_list",
        "election_notice",
        "election",
    }
    everything_missing = violations({})
    assert {s for s, k in everything_missing if k == "missing"} == required | {
        "handover",
        "supervision_election",
    }
    # On 2026-03-01 only the deadlines already passed count: the voter list (02-28).
    assert violations({}, as_of=date(2026, 3, 1)) == [("voter_list", "missing")]
    assert violations({}, as_of=date(2026, 2, 28)) == []
    # Optional steps never go missing.
    assert not {s for s, _ in everything_missing} & {"objections", "proxy_requests", "supplementary"}


def test_missing_text_names_the_deadline() -> None:
    sched = build_schedule("village-2025", "national", E, actual={})
    texts = {v.step: v.text for v in validate(sched)}
    assert texts["voter_list"] == "公布选民名单：没有记录办理日期（期限 2026-02-28）"
    assert texts["supervision_election"] == "推选村务监督委员会（在村民委员会选举之后）：没有记录办理日期"


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.sampled_from(sorted(PROFILES)))
def test_every_deadline_before_the_election_is_before_it_and_the_rest_after(day: date, profile: str) -> None:
    sched = build_schedule("village-2025", profile, day)
    order = [s.rule.key for s in sched.steps]
    for planned in sched.steps:
        position = order.index(planned.rule.key)
        if position < order.index("election"):
            assert planned.latest is not None and planned.latest < day
        elif position > order.index("election"):
            assert planned.earliest is not None and planned.earliest >= day
    # Scheduling every step on its own latest (or earliest) date only ever warns.
    actual = {s.rule.key: s.latest or s.earliest for s in sched.steps if s.rule.key != "supplementary"}
    plan = build_schedule("village-2025", profile, day, actual=actual)  # type: ignore[arg-type]
    assert all(v.severity == "warning" for v in validate(plan))


def test_steps_that_only_precede_the_election_never_warn_on_their_limit() -> None:
    # Party election and the audit just have to come before election day: E−1 is fine, no warning.
    got = violations({**ON_TIME, "party_election": date(2026, 3, 19), "audit_published": date(2026, 3, 19)})
    assert got == []
    warned = {r.key for r in procedure("village-2025", "shanghai") if r.warn_on_limit}
    assert warned == {"voter_list", "candidate_list", "proxy_requests", "proxy_list"}
