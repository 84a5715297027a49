"""Postponement chains and limits, the economic audit's items and publication deadline, and reserve
cadres against the target (huanjie.rules.village_prep), at their boundaries."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from huanjie.rules import village_prep as vp
from huanjie.rules.profiles import POSTPONEMENT_DEFAULT, PROFILES


def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_short_month():
    assert vp.add_months(date(2026, 3, 15), 12) == date(2027, 3, 15)
    assert vp.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert vp.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert vp.add_months(date(2026, 11, 30), 1) == date(2026, 12, 30)


def test_jiangsu_chain_is_the_three_approvals_of_j1_art_4_with_a_soft_year():
    basis = vp.postponement_basis("jiangsu", "committee", date(2026, 12, 1))
    assert basis.rule.approvals == (
        "村民会议或者村民代表会议讨论通过",
        "乡镇人民政府报请",
        "县（市、区）人民政府批准",
    )
    assert basis.rule.limit_months == 12 and basis.rule.soft
    assert basis.citation == "江苏省村民委员会选举办法 第四条"


def test_zhejiang_six_months_and_shanghai_district_approval_with_filing():
    zj = vp.postponement_basis("zhejiang", "committee", date(2026, 1, 1))
    assert zj.rule.limit_months == 6 and zj.rule.soft
    assert zj.rule.approvals[-1] == "县级人民政府批准"
    sh = vp.postponement_basis("shanghai", "committee", date(2026, 1, 1))
    assert sh.rule.approvals[-1] == "区人民政府批准" and sh.rule.limit_months is None
    assert vp.chain_steps(sh.rule)[-1] == "区民政部门报市民政部门备案"
    assert sh.citation == "上海市村民委员会选举办法 第五条"


def test_unverified_provinces_and_unknown_profiles_get_the_default_chain_tagged_m():
    for code in ("national", "beijing", "henan", "no-such-profile"):
        basis = vp.postponement_basis(code, "committee", date(2026, 1, 1))
        assert basis.rule is POSTPONEMENT_DEFAULT
        assert basis.citation.endswith("[M]")
    assert PROFILES["beijing"].postponement is None


def test_party_rule_is_the_higher_organizations_approval_within_about_a_year():
    basis = vp.postponement_basis("jiangsu", "party", date(2026, 1, 1))
    assert basis.rule.approvals == ("上级党组织批准",)
    assert basis.rule.limit_months == 12 and basis.rule.soft
    assert basis.citation == "中国共产党基层组织选举工作条例(2020) 第三条 [S]"
    before = vp.postponement_basis("jiangsu", "party", date(2019, 1, 1))  # the 1990 text: no rule kept
    assert before.rule is POSTPONEMENT_DEFAULT and before.citation.endswith("[M]")


def test_shift_boundaries_soft_year():
    rule = vp.postponement_basis("jiangsu", "committee", date(2026, 1, 1)).rule
    due = date(2027, 3, 31)
    at_limit = vp.check_shift(rule, due, date(2028, 3, 31))
    assert at_limit.ok and at_limit.limit_date == date(2028, 3, 31)
    over = vp.check_shift(rule, due, date(2028, 4, 1))
    assert not over.ok and not over.blocking and "一般" in over.message and "1 年" in over.message
    same = vp.check_shift(rule, due, due)
    assert not same.ok and same.blocking


def test_shift_hard_limit_blocks_and_no_limit_passes():
    hard = vp.PostponementRule("村民委员会", ("县级人民政府批准",), limit_months=6, soft=False)
    due = date(2026, 6, 30)
    assert vp.check_shift(hard, due, date(2026, 12, 30)).ok
    over = vp.check_shift(hard, due, date(2026, 12, 31))
    assert over.blocking and "6 个月" in over.message
    sh = vp.postponement_basis("shanghai", "committee", due).rule
    free = vp.check_shift(sh, due, date(2030, 1, 1))
    assert free.ok and free.limit_date is None


def test_next_step_walks_the_chain_then_ends():
    sh = vp.postponement_basis("shanghai", "committee", date(2026, 1, 1)).rule
    assert vp.next_step(sh, 0) == "村民会议或者村民代表会议同意"
    assert vp.next_step(sh, 3) == "区民政部门报市民政部门备案"
    assert vp.next_step(sh, 4) is None


def test_audit_items_by_law_in_force():
    assert vp.audit_law_code(date(2025, 12, 31)) == "village-2018"
    assert vp.audit_law_code(date(2026, 1, 1)) == "village-2025"
    assert vp.AUDIT_ITEMS["village-2025"][3].text == "本村公益事业建设项目招标投标情况"
    five = {"finance", "debts", "grants", "projects", "funds"}
    assert vp.missing_items("village-2018", five, requested=False) == []
    requested = vp.missing_items("village-2018", five, requested=True)
    assert requested == ["本村五分之一以上的村民要求审计的其他事项"]
    assert vp.missing_items("village-2025", five - {"debts"}, requested=False) == ["本村债权债务情况"]


@pytest.mark.parametrize(
    ("published", "ok", "fragment"),
    [
        (date(2026, 3, 14), True, "早于选举日"),
        (date(2026, 3, 15), False, "选举当日"),
        (date(2026, 3, 16), False, "选举日之后"),
        (None, False, "尚未公布"),
    ],
)
def test_audit_published_the_day_before_the_same_day_after(published, ok, fragment):
    check = vp.audit_published_in_time(published, date(2026, 3, 15))
    assert check.ok is ok and fragment in check.message
    assert check.citation == "村民委员会组织法(2025) 第四十条"


def test_audit_citation_follows_the_election_day():
    assert vp.audit_published_in_time(date(2025, 12, 1), date(2025, 12, 20)).citation == (
        "村民委员会组织法(2018) 第三十五条"
    )


def test_reserve_ratio_boundaries():
    assert vp.reserve_ratio(1) == vp.ReserveRatio(1, 2, Fraction(1, 2), False)
    assert vp.reserve_ratio(2).met
    assert vp.reserve_ratio(3, 3).ratio == 1
    assert vp.reserve_ratio(0, 0) == vp.ReserveRatio(0, 0, None, True)
