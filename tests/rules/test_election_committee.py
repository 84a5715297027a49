"""The 村民选举委员会 rules (issue 12 req. 3): size, chair, withdrawal by law version and province,
vacancies in ranking order."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.rules.election_committee import (
    Member,
    Nominee,
    Reserve,
    chair_rule,
    choice_citation,
    fill_vacancies,
    size_findings,
    withdrawals,
)
from huanjie.rules.explain import Step

OLD = date(2025, 12, 10)  # 2018 text in force
NEW = date(2026, 3, 20)  # 2025 text in force
CHAIR = Member("c", "张主任", chair=True)
M1 = Member("m1", "李委员")
M2 = Member("m2", "王委员")


def _w(members, nominees, relations=None, *, profile="national", day=NEW, kind="village"):
    return withdrawals(members, nominees, relations or {}, kind=kind, profile=profile, day=day)


def test_member_nominated_must_withdraw_every_version():
    for day in (OLD, NEW):
        (w,) = _w([CHAIR, M1], [Nominee("m1", "李委员", "委员")], day=day)
        assert (w.person, w.required, w.chair) == ("m1", True, False)
        assert "应当退出村民选举委员会" in w.text
        assert w.finding.blocks
    assert "第十二条" in _w([M1], [Nominee("m1", "李委员", "委员")], day=OLD)[0].citation
    assert "第十五条" in _w([M1], [Nominee("m1", "李委员", "委员")], day=NEW)[0].citation


def test_chair_nominated_for_head_withdraws_and_members_rechoose():
    (w,) = _w([CHAIR, M1], [Nominee("c", "张主任", "主任")], profile="zhejiang")
    assert w.chair and w.required
    assert "主任出缺" in w.text and "村民委员会主任候选人" in w.text
    assert "浙江省村民委员会选举办法 第九条" in w.citation
    Step("t", w.citation, w.text)  # registered citation
    (h,) = _w([CHAIR], [Nominee("c", "张主任", "主任")], profile="henan")
    assert "在村民选举委员会成员中重新推选主任" in h.text


def test_relative_2025_must_withdraw_2018_only_reported_unless_province_says():
    rel = {("n", "m2"): "兄弟姐妹"}
    nominee = [Nominee("n", "王二", "委员")]
    (new,) = _w([M2], nominee, rel, day=NEW)
    assert new.required and "第十五条" in new.citation
    (old,) = _w([M2], nominee, rel, day=OLD)
    assert not old.required and not old.finding.blocks
    assert "不要求退出" in old.text and "判断" in old.citation
    (zj,) = _w([M2], nominee, rel, day=OLD, profile="zhejiang")
    assert zj.required and zj.citation.startswith("浙江省村民委员会选举办法 第九条")
    grand = {("n", "m2"): "祖父母"}
    (zj_grand,) = _w([M2], nominee, grand, day=OLD, profile="zhejiang")
    assert not zj_grand.required


def test_unrelated_or_not_near_relative_is_ignored_and_own_nomination_first():
    assert _w([M1], [Nominee("x", "某", "委员")], {("x", "m1"): "表兄弟"}) == []
    rel = {("n", "m1"): "配偶"}
    (w,) = _w([M1], [Nominee("n", "某", "委员"), Nominee("m1", "李委员", "主任")], rel)
    assert w.nominee == "m1"


def test_community_2018_has_no_committee_article():
    (w,) = _w([M1], [Nominee("m1", "李委员", "委员")], kind="community", day=OLD)
    assert w.required and "未规定居民选举委员会" in w.citation
    (r,) = _w([M1], [Nominee("n", "某", "委员")], {("n", "m1"): "配偶"}, kind="community", day=OLD)
    assert not r.required and "居民选举委员会" in r.text
    assert "未规定居民选举委员会" in choice_citation(kind="community", profile="national", day=OLD)


def test_jiangsu_inherits_the_national_rule():
    (w,) = _w([M1], [Nominee("m1", "李委员", "委员")], profile="jiangsu")
    assert "未核实" in w.citation
    Step("t", w.citation, w.text)


def test_choice_citation_and_chair_rule():
    assert choice_citation(kind="village", profile="zhejiang", day=NEW).endswith(
        "浙江省村民委员会选举办法 第八条"
    )
    assert choice_citation(kind="village", profile="national", day=OLD) == "村民委员会组织法(2018) 第十二条"
    by, text, cite = chair_rule(profile="henan")
    assert by and "不得指定" in text and "第十一条" in cite
    by, _, cite = chair_rule(profile="zhejiang")
    assert not by and cite.startswith("判断")


@pytest.mark.parametrize(
    ("profile", "count", "expected"),
    [
        ("zhejiang", 4, "block"),
        ("zhejiang", 5, None),
        ("zhejiang", 9, None),
        ("zhejiang", 10, "block"),
        ("shanghai", 6, "block"),
        ("shanghai", 7, None),
        ("national", 3, None),
        ("national", 4, "warning"),
        ("national", 1, "warning"),
    ],
)
def test_size_at_the_bounds(profile, count, expected):
    found = size_findings(count, profile=profile)
    assert [f.severity for f in found] == ([expected] if expected else [])


R = [Reserve("a", "甲", 90), Reserve("b", "乙", 80), Reserve("c", "丙", 70), Reserve("d", "丁", 70)]


def test_vacancy_filled_in_ranking_order_skipping_excluded():
    f = fill_vacancies(R, 1, {"a"}, kind="village", profile="zhejiang", day=NEW)
    assert [r.person for r in f.picks] == ["b"]
    assert (f.shortfall, f.new_choice_allowed, f.tied) == (0, True, ())
    assert "也可以另行推选" in f.text and "浙江省村民委员会选举办法 第九条" in f.citation


def test_vacancy_tie_at_the_cut_goes_to_the_meeting():
    f = fill_vacancies(R, 3, set(), kind="village", profile="national", day=NEW)
    assert [r.person for r in f.picks] == ["a", "b"]
    assert [r.person for r in f.tied] == ["c", "d"] and f.shortfall == 0
    assert "得票相等" in f.text


def test_vacancy_shortfall_needs_a_new_choice_and_beijing_only_when_short():
    f = fill_vacancies(R[:1], 2, set(), kind="village", profile="beijing", day=NEW)
    assert (len(f.picks), f.shortfall, f.new_choice_allowed) == (1, 1, True)
    assert "应当另行推选" in f.text
    g = fill_vacancies(R, 1, set(), kind="village", profile="beijing", day=NEW)
    assert (g.new_choice_allowed, g.shortfall) == (False, 0) and "也可以" not in g.text
    h = fill_vacancies([], 1, set(), kind="community", profile="national", day=OLD)
    assert h.shortfall == 1 and "未规定" in h.citation
