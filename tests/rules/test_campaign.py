"""huanjie.rules.campaign: the law across a window, the targets' definitions with exact numbers
(persons counted once, the 3 and 5 year boundaries), the woman requirement and the guidance at its
boundary ages and dates."""

from datetime import date
from fractions import Fraction

import pytest

from huanjie.rules import citations
from huanjie.rules.campaign import (
    DEFINITIONS,
    GuidanceRule,
    TargetParams,
    UnitOutcome,
    age_drop,
    average_age,
    college_share,
    committee_woman,
    cross_serving_share,
    field_fit_share,
    guidance_findings,
    law_changes_within,
    one_shoulder_rate,
    persons_once,
    reserve_per_unit,
    target_params_problems,
    verdict,
    window_law_note,
    women_share,
)
from huanjie.rules.structure import MemberInput

ON = date(2027, 1, 1)


def m(key, birth, *, sex="M", education="大专", posts=(("committee", "委员"),), source="本村"):
    return MemberInput(
        person_key=key,
        birth_date=birth,
        sex=sex,
        education=education,
        is_party_member=True,
        source=source,
        posts=frozenset(posts),
    )


# -- law across a window -------------------------------------------------------------------------


def test_a_window_straddling_2026_01_01_is_flagged_and_december_pilots_are_not():
    assert law_changes_within(date(2025, 12, 1), date(2026, 6, 30)) == [date(2026, 1, 1)]
    # the day before the change and the change day itself
    assert law_changes_within(date(2025, 12, 1), date(2025, 12, 31)) == []
    assert law_changes_within(date(2025, 12, 31), date(2026, 1, 1)) == [date(2026, 1, 1)]
    assert law_changes_within(date(2026, 1, 1), date(2026, 3, 31)) == []
    note = window_law_note(date(2025, 12, 1), date(2026, 6, 30))
    assert "2026-01-01" in note and "村民委员会组织法(2018)" in note and "村民委员会组织法(2025)" in note
    assert window_law_note(date(2025, 12, 1), date(2025, 12, 31)) == ""
    assert "城市居民委员会组织法(2025)" in window_law_note(date(2025, 12, 1), date(2026, 2, 1), "community")


def test_a_window_straddling_the_first_text_names_what_came_before():
    # 2018-12-29: the earliest text known takes effect; nothing was in force the day before
    note = window_law_note(date(2018, 12, 1), date(2019, 1, 31))
    assert "此前的文本" in note


# -- persons counted once ------------------------------------------------------------------------


def test_a_person_in_both_committees_counts_once():
    a1 = m("a", date(1970, 1, 1), posts=(("party", "书记"),))
    a2 = m("a", date(1970, 1, 1), posts=(("committee", "主任"),))
    b = m("b", date(1990, 1, 1))
    people = persons_once([a1, a2, b])
    assert len(people) == 2
    assert next(p for p in people if p.person_key == "a").posts == {("party", "书记"), ("committee", "主任")}
    # (57 + 37) / 2 = 47, not (57 + 57 + 37) / 3
    assert average_age([a1, a2, b], ON) == 47
    with pytest.raises(ValueError, match="不一致"):
        persons_once([a1, m("a", date(1971, 1, 1))])


# -- average age against the baseline: down 3-5 years -----------------------------------------------


def test_age_drop_boundaries_of_three_and_five_years():
    params = TargetParams(low=Fraction(3), high=Fraction(5), baseline="previous_term")
    before_on, after_on = date(2021, 1, 1), date(2026, 1, 1)
    before = [m("a", date(1970, 1, 1)), m("b", date(1966, 1, 1))]  # 51 and 55 on 2021-01-01: 53
    # exactly 3 years younger: 50
    after = [m("c", date(1976, 1, 1)), m("d", date(1976, 1, 1))]
    assert age_drop(before, before_on, after, after_on) == 3
    assert verdict(Fraction(3), params) == "met"
    # 2.5 years: not reached
    after = [m("c", date(1976, 1, 1)), m("d", date(1975, 1, 1))]  # 50 and 51: 50.5
    assert age_drop(before, before_on, after, after_on) == Fraction(5, 2)
    assert verdict(Fraction(5, 2), params) == "below"
    # exactly 5 years: met; 5.5: above the range
    after = [m("c", date(1978, 1, 1)), m("d", date(1978, 1, 1))]
    assert age_drop(before, before_on, after, after_on) == 5
    assert verdict(Fraction(5), params) == "met"
    assert verdict(Fraction(11, 2), params) == "above"
    # the birthday on the term's first day counts: born 1976-01-01 is 50 on 2026-01-01, born
    # 1976-01-02 still 49
    after = [m("c", date(1976, 1, 2)), m("d", date(1976, 1, 2))]
    assert age_drop(before, before_on, after, after_on) == 4
    assert age_drop([], before_on, after, after_on) is None
    assert verdict(None, params) == "unknown"
    assert verdict(Fraction(99), TargetParams(low=Fraction(3))) == "met"


def test_age_drop_counts_a_cross_serving_baseline_member_once():
    before_on, after_on = date(2021, 1, 1), date(2026, 1, 1)
    old = date(1951, 1, 1)  # 70 on the baseline date
    before = [
        m("a", old, posts=(("party", "书记"),)),
        m("a", old, posts=(("committee", "主任"),)),
        m("b", date(1991, 1, 1)),  # 30
    ]
    after = [m("c", date(1981, 1, 1)), m("d", date(1981, 1, 1))]  # 45 on 2026-01-01
    # (70 + 30) / 2 = 50 → 5 years down; counting 'a' twice would give 56.67 → 11.67
    assert age_drop(before, before_on, after, after_on) == 5


# -- shares --------------------------------------------------------------------------------------


def test_college_share_overall_and_among_new_members():
    members = [
        m("a", date(1980, 1, 1), education="大学本科", posts=(("party", "书记"),)),
        m("a", date(1980, 1, 1), education="大学本科", posts=(("committee", "主任"),)),
        m("b", date(1980, 1, 1), education="中专或高中"),
        m("c", date(1980, 1, 1), education="大专"),
        m("d", date(1980, 1, 1), education="初中及以下"),
    ]
    assert college_share(members) == 50  # a and c of four persons
    assert college_share(members, previous=["a", "b"]) == 50  # c of c, d
    assert college_share(members, previous=["a", "b", "c", "d"]) is None
    assert college_share([]) is None


def test_field_fit_cross_serving_and_women():
    members = [
        m("a", date(1980, 1, 1), sex="F", posts=(("party", "书记"), ("committee", "主任"))),
        m("b", date(1980, 1, 1), posts=(("party", "委员"),)),
        m("c", date(1980, 1, 1), sex="F"),
    ]
    fields = {"a": ["农学"], "b": ["会计", "法律"], "c": ["汉语言文学"]}
    assert field_fit_share(members, fields, ["农学", " 会计 ", ""]) == Fraction(200, 3)
    assert field_fit_share(members, {}, ["农学"]) == 0
    assert cross_serving_share(members) == Fraction(100, 3)
    assert women_share(members) == Fraction(200, 3)
    assert women_share([]) is None


def test_one_shoulder_rate_counts_villages_and_communities_apart():
    units = [
        UnitOutcome("village", True),
        UnitOutcome("village", True),
        UnitOutcome("village", False),
        UnitOutcome("community", True),
    ]
    assert one_shoulder_rate(units, "village") == Fraction(200, 3)
    assert one_shoulder_rate(units, "community") == 100
    assert one_shoulder_rate(units[:3], "community") is None


def test_reserve_cadres_per_unit():
    assert reserve_per_unit(5, 2) == Fraction(5, 2)
    assert reserve_per_unit(3, 0) is None


# -- the targets' parameters -------------------------------------------------------------------------


def test_every_definition_cites_the_speech():
    assert set(DEFINITIONS) >= {"average_age", "college", "college_new", "women", "reserve_per_unit"}
    for d in DEFINITIONS.values():
        assert citations.lookup(d.citation)


def test_target_params_problems():
    ok = TargetParams(low=Fraction(3), high=Fraction(5), baseline="previous_term")
    assert target_params_problems("average_age", ok) == {}
    assert target_params_problems("nonsense", ok) == {"code": "请选择目标"}
    assert "baseline" in target_params_problems("average_age", TargetParams(low=Fraction(3)))
    sitting = TargetParams(low=Fraction(3), baseline="sitting_on")
    assert "baseline_date" in target_params_problems("average_age", sitting)
    dated = TargetParams(low=Fraction(3), baseline="sitting_on", baseline_date=date(2026, 12, 1))
    assert target_params_problems("average_age", dated) == {}
    assert target_params_problems("college", TargetParams(low=Fraction(-1))) == {"low": "目标下限不能为负数"}
    assert target_params_problems("college", TargetParams(low=Fraction(101))) == {"low": "比例不能超过 100%"}
    assert target_params_problems("college", TargetParams(low=Fraction(50), high=Fraction(101))) == {
        "high": "比例不能超过 100%"
    }
    assert target_params_problems("college", TargetParams(low=Fraction(100))) == {}
    assert target_params_problems("college", TargetParams(low=Fraction(60), high=Fraction(50))) == {
        "high": "目标上限不能小于下限"
    }
    assert "fields" in target_params_problems("field_fit", TargetParams(low=Fraction(30)))
    assert target_params_problems("field_fit", TargetParams(low=Fraction(30), fields=("农学",))) == {}
    assert target_params_problems("reserve_per_unit", TargetParams(low=Fraction(200))) == {}


# -- a woman on every 村（居）民委员会 --------------------------------------------------------------------


def test_a_committee_without_a_woman_is_a_block_under_the_text_in_force():
    (f,) = committee_woman(["M", "M", "M"], kind="village", on=date(2025, 12, 31))
    assert f.blocks and f.code == "no_woman" and f.rule == "村民委员会组织法(2018) 第六条"
    (f,) = committee_woman(["M"], kind="village", on=date(2026, 1, 1))
    assert f.rule == "村民委员会组织法(2025) 第八条"
    assert committee_woman(["M", "F"], kind="village", on=date(2026, 1, 1)) == []
    assert committee_woman([], kind="village", on=date(2026, 1, 1)) == []
    assert committee_woman(["M"], kind="village", on=date(2000, 1, 1)) == []


# -- the age and education guidance --------------------------------------------------------------------

CUTOFF = date(2026, 12, 31)
SECRETARY_AGE = GuidanceRule(
    post="secretary",
    applies_to="all",
    cutoff=CUTOFF,
    severity="warning",
    citation=citations.CITE_SPEECH_AGE,
    age_limit_male=60,
    age_limit_female=55,
)
SECRETARY_EDUCATION = GuidanceRule(
    post="secretary",
    applies_to="all",
    cutoff=CUTOFF,
    severity="warning",
    citation="青澜市换届工作实施意见 第三条",
    min_education="中专或高中",
)
NEW_COLLEGE = GuidanceRule(
    post="any",
    applies_to="new",
    cutoff=CUTOFF,
    severity="block",
    citation=citations.CITE_SPEECH_EDUCATION,
    min_education="大专",
)
CHAIR_AGE = GuidanceRule(
    post="chair", applies_to="all", cutoff=CUTOFF, severity="block", citation="x", age_limit_male=58
)

SECRETARY = (("party", "书记"),)


def test_a_sixty_year_old_secretary_with_junior_schooling_is_flagged_with_the_citation():
    old = m("a", date(1966, 12, 31), education="初中及以下", posts=SECRETARY)  # 60 on the cut-off
    found = guidance_findings([old], {"a": "钱老伯"}, [SECRETARY_AGE, SECRETARY_EDUCATION])
    assert [(f.code, f.severity, f.rule) for f in found] == [
        ("guidance_age", "warning", citations.CITE_SPEECH_AGE),
        ("guidance_education", "warning", "青澜市换届工作实施意见 第三条"),
    ]
    assert (
        "钱老伯截至 2026-12-31 年满 60 周岁" in found[0].message
        and "一般不提名为党组织书记" in found[0].message
    )
    assert "学历为初中及以下" in found[1].message and "中专或高中及以上" in found[1].message


def test_the_age_limit_is_reached_on_the_birthday():
    day_after = m("a", date(1967, 1, 1), posts=SECRETARY)  # 59 on the cut-off: not yet 满 60
    assert guidance_findings([day_after], {}, [SECRETARY_AGE]) == []
    woman = m("w", date(1971, 12, 31), sex="F", posts=SECRETARY)  # 55 on the cut-off
    (f,) = guidance_findings([woman], {}, [SECRETARY_AGE])
    assert "女满 55 周岁" in f.message and "w截至" in f.message  # no name: the key
    younger = m("w", date(1972, 1, 1), sex="F", posts=SECRETARY)
    assert guidance_findings([younger], {}, [SECRETARY_AGE]) == []
    # a rule for men only leaves women alone
    assert guidance_findings([woman], {}, [CHAIR_AGE]) == []


def test_post_and_new_nominees_decide_who_is_judged():
    member = m("b", date(1950, 1, 1), education="初中及以下")  # not a secretary
    assert guidance_findings([member], {}, [SECRETARY_AGE, SECRETARY_EDUCATION]) == []
    chair = m("c", date(1968, 1, 1), posts=(("committee", "主任"),))  # 58 on the cut-off
    (f,) = guidance_findings([chair], {"c": "孙"}, [CHAIR_AGE])
    assert f.blocks and "不得提名为村（居）民委员会主任" in f.message
    # new-only rules: skipped for the sitting committees, applied to new nominees in a plan
    assert guidance_findings([member], {}, [NEW_COLLEGE]) == []
    assert guidance_findings([member], {}, [NEW_COLLEGE], new_keys=[]) == []
    (f,) = guidance_findings([member], {"b": "周"}, [NEW_COLLEGE], new_keys=["b"])
    assert f.blocks and "须具有大专及以上学历" in f.message
    # education not recorded: not judged
    assert guidance_findings([member], {}, [NEW_COLLEGE], new_keys=["b"], education_unknown=["b"]) == []
