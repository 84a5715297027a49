"""Voter and candidate eligibility: legal-rules.md §1, §2, §6, §7 and §10 example 17."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.eligibility import (
    AgeCap,
    CandidateFacts,
    CityGuidance,
    EducationPreference,
    Finding,
    NegativeItem,
    VoterFacts,
    anniversary,
    candidate_eligibility,
    voter_eligibility,
)
from huanjie.rules.profiles import LAWS, PROFILES, UnknownCode

E = date(2026, 3, 20)


def voter(born: date = date(1980, 1, 1), category: str = "hukou_resident", **kw: object) -> VoterFacts:
    return VoterFacts(birth_date=born, category=category, **kw)  # type: ignore[arg-type]


def rules_of(steps: object) -> list[str]:
    return [s.rule for s in steps]  # type: ignore[attr-defined]


# --- example 17 and the age boundary ---------------------------------------------------------------


def test_example17_eighteenth_birthday_on_election_day_is_eligible() -> None:
    verdict = voter_eligibility(voter(date(2008, 3, 20)), law="village-2025", election_day=E)
    assert verdict.eligible
    assert verdict.explanation.steps[0].text == (
        "出生于 2008-03-20，年满十八周岁之日为 2026-03-20，至选举日 2026-03-20 年满 18 周岁，具有选举权"
    )
    assert verdict.explanation.steps[0].citation == "村民委员会组织法(2025) 第十六条"


def test_example17_born_a_day_later_is_not_eligible() -> None:
    verdict = voter_eligibility(voter(date(2008, 3, 21)), law="village-2025", election_day=E)
    assert not verdict.eligible
    [block] = verdict.blocks
    assert block.rule == "age"
    assert (
        block.text
        == "出生于 2008-03-21，至选举日 2026-03-20 为 17 周岁，2026-03-21 方年满十八周岁，不具有选举权"
    )


def test_2018_law_cites_article_13() -> None:
    verdict = voter_eligibility(voter(date(2008, 3, 21)), law="village-2018", election_day=date(2025, 6, 1))
    assert verdict.blocks[0].citation == "村民委员会组织法(2018) 第十三条"


def test_born_after_election_day() -> None:
    verdict = voter_eligibility(voter(date(2026, 4, 1)), law="village-2025", election_day=E)
    assert verdict.blocks[0].text == "出生日期 2026-04-01 晚于选举日 2026-03-20，不具有选举权"


def test_leap_day_birth() -> None:
    assert anniversary(date(2008, 2, 29), years=18) == date(2026, 3, 1)
    assert not voter_eligibility(
        voter(date(2008, 2, 29)), law="village-2025", election_day=date(2026, 2, 28)
    ).eligible
    assert voter_eligibility(
        voter(date(2008, 2, 29)), law="village-2025", election_day=date(2026, 3, 1)
    ).eligible


def test_anniversary_months() -> None:
    assert anniversary(date(2025, 8, 31), months=6) == date(2026, 3, 1)
    assert anniversary(date(2025, 9, 20), months=6) == date(2026, 3, 20)
    assert anniversary(date(2025, 12, 15), months=1) == date(2026, 1, 15)
    assert anniversary(date(2025, 3, 20), years=1) == E


# --- political rights and double registration --------------------------------------------------


def test_deprived_of_political_rights() -> None:
    verdict = voter_eligibility(voter(deprived_of_political_rights=True), law="village-2025", election_day=E)
    assert not verdict.eligible
    assert rules_of(verdict.blocks) == ["political_rights"]
    assert "被剥夺政治权利" in verdict.blocks[0].text


def test_registered_elsewhere() -> None:
    verdict = voter_eligibility(voter(registered_elsewhere=True), law="village-2025", election_day=E)
    assert rules_of(verdict.blocks) == ["registered_elsewhere"]


# --- registration categories per law version ----------------------------------------------------


def test_category_sets_per_law() -> None:
    codes = {
        code: [c.code for c in law.eligibility.categories] for code, law in LAWS.items() if law.eligibility
    }
    assert codes["village-2018"] == ["hukou_resident", "hukou_absent", "resident_non_hukou"]
    assert codes["village-2025"] == ["hukou_resident", "hukou_absent", "resident_non_hukou", "village_work"]
    assert codes["community-2025"] == ["hukou", "resident_non_hukou", "community_worker"]
    assert codes["community-2018"] == ["resident"]


def test_village_work_category_only_from_2025() -> None:
    facts = voter(category="village_work", applied=True, approved=True, since=date(2024, 1, 1))
    assert voter_eligibility(facts, law="village-2025", election_day=E).eligible
    old = voter_eligibility(facts, law="village-2018", election_day=date(2025, 6, 1))
    assert not old.eligible
    assert old.blocks[0].rule == "category"
    assert "不属于村民委员会组织法(2018)规定的登记类别" in old.blocks[0].text
    # …unless the province adds it (浙江 第十三条).
    zj = voter_eligibility(
        facts,
        law="village-2018",
        election_day=date(2025, 6, 1),
        profile="zhejiang",
    )
    assert zj.eligible
    assert zj.explanation.steps[1].citation == "浙江省村民委员会选举办法 第十三条 [S]"
    # …or a local list passed as data does.
    extra = voter_eligibility(
        facts,
        law="village-2018",
        election_day=date(2025, 6, 1),
        extra_categories=PROFILES["zhejiang"].categories,
    )
    assert extra.eligible
    with pytest.raises(UnknownCode):
        voter_eligibility(facts, law="village-2025", election_day=E, profile="hubei")


def test_absent_villager_must_say_they_take_part() -> None:
    assert rules_of(
        voter_eligibility(voter(category="hukou_absent"), law="village-2025", election_day=E).blocks
    ) == ["application"]
    assert voter_eligibility(
        voter(category="hukou_absent", applied=True), law="village-2025", election_day=E
    ).eligible


def test_non_hukou_resident_needs_one_year_application_and_consent() -> None:
    ok = voter(category="resident_non_hukou", applied=True, approved=True, since=date(2025, 3, 20))
    verdict = voter_eligibility(ok, law="village-2025", election_day=E)
    assert verdict.eligible
    assert "已满1年（2026-03-20 届满）" in verdict.explanation.steps[2].text
    short = voter(category="resident_non_hukou", applied=True, approved=True, since=date(2025, 3, 21))
    blocked = voter_eligibility(short, law="village-2025", election_day=E)
    assert rules_of(blocked.blocks) == ["duration"]
    assert "不满1年（2026-03-21 方届满）" in blocked.blocks[0].text
    nothing = voter_eligibility(voter(category="resident_non_hukou"), law="village-2025", election_day=E)
    assert rules_of(nothing.blocks) == ["duration", "application", "approval"]
    assert "村民会议或者村民代表会议" in nothing.blocks[2].text


def test_community_worker_six_months() -> None:
    base = {"category": "community_worker", "applied": True, "approved": True}
    six = voter_eligibility(voter(since=date(2025, 9, 20), **base), law="community-2025", election_day=E)
    assert six.eligible
    assert "已满6个月" in six.explanation.steps[2].text
    assert six.explanation.steps[1].citation == "城市居民委员会组织法(2025) 第十六条"
    short = voter_eligibility(voter(since=date(2025, 9, 21), **base), law="community-2025", election_day=E)
    assert rules_of(short.blocks) == ["duration"]
    unconfirmed = voter_eligibility(
        voter(since=date(2025, 1, 1), category="community_worker", applied=True),
        law="community-2025",
        election_day=E,
    )
    assert "居民选举委员会" in unconfirmed.blocks[0].text


def test_community_2018_has_one_category_with_m_tag() -> None:
    verdict = voter_eligibility(
        voter(category="resident"), law="community-2018", election_day=date(2024, 1, 1)
    )
    assert verdict.eligible
    assert verdict.explanation.steps[0].citation == "城市居民委员会组织法(2018) 第八条 [M]"


def test_party_law_and_unknown_law() -> None:
    with pytest.raises(ValueError, match="党内法规"):
        voter_eligibility(voter(), law="party-2020", election_day=E)
    with pytest.raises(UnknownCode):
        voter_eligibility(voter(), law="village-1998", election_day=E)


def test_every_provincial_category_names_its_source() -> None:
    assert {code for code, p in PROFILES.items() if p.categories} == {
        "zhejiang",
        "shanghai",
        "beijing",
        "henan",
    }
    for profile in PROFILES.values():
        for cat in profile.categories:
            assert cat.source.endswith("[S]")
    assert {code for code, law in LAWS.items() if law.eligibility} == {
        code for code, law in LAWS.items() if law.kind != "party"
    }


def test_verdict_as_dict() -> None:
    d = voter_eligibility(voter(date(2008, 3, 21)), law="village-2025", election_day=E).as_dict()
    assert d["eligible"] is False
    assert d["blocks"][0]["rule"] == "age"
    assert d["warnings"] == []
    assert d["explanation"][0]["citation"] == "村民委员会组织法(2025) 第十六条"


# --- candidates: statutory bars --------------------------------------------------------------------


def candidate(*findings: Finding, **kw: object) -> CandidateFacts:
    defaults: dict[str, object] = {"birth_date": date(1985, 5, 1), "sex": "M", "post": "主任"}
    defaults.update(kw)
    return CandidateFacts(findings=findings, **defaults)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "code", ["expelled_from_party", "criminal_punishment", "clan_illegal_activity", "gang_illegal_activity"]
)
def test_2025_village_bars_block_however_old(code: str) -> None:
    verdict = candidate_eligibility(
        candidate(Finding(code, date(1990, 1, 1))), law="village-2025", election_day=E
    )
    assert not verdict.eligible
    [block] = verdict.blocks
    assert block.citation == "村民委员会组织法(2025) 第十八条"
    assert "依法不得作为候选人" in block.text


def test_cult_bar() -> None:
    verdict = candidate_eligibility(
        candidate(Finding("illegal_religion_or_cult", date(2020, 1, 1))), law="community-2025", election_day=E
    )
    assert verdict.blocks[0].text.startswith("组织或者参加非法宗教活动或者邪教活动")
    assert verdict.blocks[0].citation == "城市居民委员会组织法(2025) 第十八条"


def test_community_bar_has_no_clan_clause() -> None:
    clan = Finding("clan_illegal_activity", date(2024, 1, 1))
    assert not candidate_eligibility(candidate(clan), law="village-2025", election_day=E).eligible
    community = candidate_eligibility(candidate(clan), law="community-2025", election_day=E)
    assert community.eligible
    assert community.explanation.steps[-1].text.startswith(
        "核查结论 clan_illegal_activity（2024-01-01）不在法定情形"
    )


def test_2018_law_has_no_statutory_bar() -> None:
    verdict = candidate_eligibility(
        candidate(Finding("criminal_punishment", date(2024, 1, 1))),
        law="village-2018",
        election_day=date(2025, 6, 1),
    )
    assert verdict.eligible
    assert "未规定法定的候选人禁止情形" in verdict.explanation.steps[1].text


def test_candidate_must_have_the_right_to_stand() -> None:
    young = candidate_eligibility(candidate(birth_date=date(2008, 3, 21)), law="village-2025", election_day=E)
    assert young.blocks[0].text.endswith("不具有被选举权")
    deprived = candidate_eligibility(
        candidate(deprived_of_political_rights=True), law="village-2025", election_day=E
    )
    assert rules_of(deprived.blocks) == ["political_rights"]


# --- negative list -----------------------------------------------------------------------------------

PRISON = NegativeItem(
    code="released_prisoner",
    text="刑满释放（或缓刑期满）未满5年",
    tier="不能",
    lookback_years=5,
    department="司法局",
    citation="某市换届工作意见 第五条 [S]",
)
DETENTION = NegativeItem(
    code="administrative_detention",
    text="因嫖娼吸毒赌博被行政拘留未满5年",
    tier="不宜",
    lookback_years=5,
    department="公安局",
    citation="某市换届工作意见 第五条 [S]",
)
INCAPACITY = NegativeItem(
    code="incapacity",
    text="丧失行为能力",
    tier="不能",
    lookback_years=None,
    department="民政局",
    citation="某市换届工作意见 第五条 [S]",
)
LIST = (PRISON, DETENTION, INCAPACITY)


def test_block_item_inside_the_look_back_window() -> None:
    verdict = candidate_eligibility(
        candidate(Finding("released_prisoner", date(2021, 3, 21), department="司法局")),
        law="village-2025",
        election_day=E,
        negative_list=LIST,
    )
    assert not verdict.eligible
    [block] = verdict.blocks
    assert block.rule == "negative:released_prisoner"
    assert block.citation == "某市换届工作意见 第五条 [S]"
    assert block.text == (
        "刑满释放（或缓刑期满）未满5年（司法局核查，2021-03-21），至 2026-03-20 未满 5 年"
        "（2026-03-21 届满），不能确定为候选人"
    )


def test_item_no_longer_applies_once_the_window_has_elapsed() -> None:
    verdict = candidate_eligibility(
        candidate(Finding("released_prisoner", date(2021, 3, 20))),
        law="village-2025",
        election_day=E,
        negative_list=LIST,
    )
    assert verdict.eligible
    assert verdict.explanation.steps[-1].text.endswith("已满 5 年（2026-03-20 届满），不再适用")
    assert "司法局核查" in verdict.explanation.steps[-1].text  # department falls back to the item's


def test_reference_date_other_than_election_day() -> None:
    finding = Finding("released_prisoner", date(2021, 3, 20))
    earlier = candidate_eligibility(
        candidate(finding),
        law="village-2025",
        election_day=E,
        negative_list=LIST,
        reference_date=date(2026, 3, 19),
    )
    assert not earlier.eligible


def test_warn_tier_does_not_block() -> None:
    verdict = candidate_eligibility(
        candidate(Finding("administrative_detention", date(2023, 1, 1))),
        law="village-2025",
        election_day=E,
        negative_list=LIST,
    )
    assert verdict.eligible
    [warning] = verdict.warnings
    assert warning.text.endswith("不宜确定为候选人")
    assert "公安局核查" in warning.text


def test_item_without_look_back_applies_forever() -> None:
    verdict = candidate_eligibility(
        candidate(Finding("incapacity", date(1990, 1, 1))),
        law="village-2025",
        election_day=E,
        negative_list=LIST,
    )
    assert verdict.blocks[0].text == "丧失行为能力（民政局核查，1990-01-01），不能确定为候选人"


def test_several_findings_are_all_reported() -> None:
    verdict = candidate_eligibility(
        candidate(
            Finding("administrative_detention", date(2024, 1, 1)),
            Finding("released_prisoner", date(2023, 1, 1)),
            Finding("criminal_punishment", date(2015, 1, 1)),
        ),
        law="village-2025",
        election_day=E,
        negative_list=LIST,
    )
    assert rules_of(verdict.blocks) == ["bar:criminal_punishment", "negative:released_prisoner"]
    assert rules_of(verdict.warnings) == ["negative:administrative_detention"]


# --- city guidance --------------------------------------------------------------------------------

CUTOFF = date(2026, 8, 31)
GUIDANCE = CityGuidance(
    age_caps=(
        AgeCap(
            max_age=45,
            cutoff=CUTOFF,
            citation="某区换届意见 [S]",
            posts=frozenset({"书记", "主任"}),
            incumbent=False,
        ),
        AgeCap(
            max_age=55,
            cutoff=CUTOFF,
            citation="某区换届意见 [S]",
            posts=frozenset({"书记", "主任"}),
            incumbent=True,
        ),
        AgeCap(max_age=60, cutoff=CUTOFF, citation="某市换届意见 [S]", sex="M"),
        AgeCap(max_age=55, cutoff=CUTOFF, citation="某市换届意见 [S]", sex="F", block=True),
    ),
    education=(EducationPreference(minimum="大专", citation="某市换届意见 [S]", posts=frozenset({"主任"})),),
)


def test_new_chair_age_cap_counted_to_the_cut_off_date() -> None:
    # Born 1980-08-31 → 46 on the cut-off → over 45 for a newcomer.
    over = candidate_eligibility(
        candidate(birth_date=date(1980, 8, 31), education="大专"),
        law="village-2025",
        election_day=E,
        guidance=GUIDANCE,
    )
    assert over.eligible
    assert [w.text for w in over.warnings] == [
        "新任主任年龄上限 45 周岁（计算至 2026-08-31），实际 46 周岁，超过上限"
    ]
    under = candidate_eligibility(
        candidate(birth_date=date(1980, 9, 1), education="大专"),
        law="village-2025",
        election_day=E,
        guidance=GUIDANCE,
    )
    assert under.warnings == ()
    incumbent = candidate_eligibility(
        candidate(birth_date=date(1980, 8, 31), education="大专", incumbent=True),
        law="village-2025",
        election_day=E,
        guidance=GUIDANCE,
    )
    assert incumbent.warnings == ()
    assert "连任主任年龄上限 55 周岁（计算至 2026-08-31），实际 46 周岁，符合" in [
        step.text for step in incumbent.explanation.steps
    ]


def test_caps_by_sex_and_a_configured_block() -> None:
    at_cap = candidate(birth_date=date(1971, 1, 1), sex="F", post="委员")
    assert candidate_eligibility(at_cap, law="village-2025", election_day=E, guidance=GUIDANCE).eligible
    woman = candidate(birth_date=date(1970, 1, 1), sex="F", post="委员")
    verdict = candidate_eligibility(woman, law="village-2025", election_day=E, guidance=GUIDANCE)
    assert not verdict.eligible
    assert [b.text for b in verdict.blocks] == [
        "新任委员年龄上限 55 周岁（计算至 2026-08-31），实际 56 周岁，超过上限"
    ]
    assert verdict.warnings == ()  # the men's cap does not apply to her
    man = candidate(birth_date=date(1965, 1, 1), post="委员")
    male = candidate_eligibility(man, law="village-2025", election_day=E, guidance=GUIDANCE)
    assert male.eligible
    assert [w.text for w in male.warnings] == [
        "新任委员年龄上限 60 周岁（计算至 2026-08-31），实际 61 周岁，超过上限"
    ]


def test_cap_not_applied_to_someone_born_after_the_cut_off() -> None:
    guidance = CityGuidance(age_caps=(AgeCap(max_age=30, cutoff=date(1985, 1, 1), citation="旧文件 [S]"),))
    verdict = candidate_eligibility(candidate(), law="village-2025", election_day=E, guidance=guidance)
    assert verdict.warnings == ()
    assert all(s.rule != "age_cap" for s in verdict.explanation.steps)


def test_education_preference() -> None:
    low = candidate_eligibility(
        candidate(education="中专或高中"), law="village-2025", election_day=E, guidance=GUIDANCE
    )
    assert [w.text for w in low.warnings] == ["学历 中专或高中，低于“大专及以上”的要求"]
    unknown = candidate_eligibility(candidate(), law="village-2025", election_day=E, guidance=GUIDANCE)
    assert [w.rule for w in unknown.warnings] == ["education"]
    assert "未提供学历" in unknown.warnings[0].text
    good = candidate_eligibility(
        candidate(education="研究生"), law="village-2025", election_day=E, guidance=GUIDANCE
    )
    assert good.warnings == ()
    member = candidate_eligibility(
        candidate(education="初中及以下", post="委员"), law="village-2025", election_day=E, guidance=GUIDANCE
    )
    assert member.warnings == ()
    strict = CityGuidance(education=(EducationPreference(minimum="大学本科", citation="x [S]", block=True),))
    blocked = candidate_eligibility(
        candidate(education="大专"), law="village-2025", election_day=E, guidance=strict
    )
    assert rules_of(blocked.blocks) == ["education"]


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 3, 20)),
    st.integers(min_value=1, max_value=10),
)
def test_negative_item_applies_exactly_until_its_anniversary(found: date, years: int) -> None:
    item = NegativeItem("x", "某情形", "不能", years, "公安局", "c [S]")
    verdict = candidate_eligibility(
        candidate(Finding("x", found)), law="village-2025", election_day=E, negative_list=(item,)
    )
    assert verdict.eligible == (anniversary(found, years=years) <= E)
