"""Issue 15 requirement 2: villages by stage and batch, overdue by area, elections completed per day,
and the villages behind each count — exact numbers on a fixed cast, within the jurisdiction only,
with a query count that does not grow with the number of villages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from huanjie.core import workflow
from huanjie.org.models import OrgUnit
from huanjie.stats import progress_selectors as ps
from tests.factories import unit
from tests.stats import walker_dash as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(workflow, "today", lambda: data.TODAY)
    return data.TODAY


@pytest.fixture
def world(cast, today):
    """东村 every stage; 西村 up to its plan, with a 整顿 not yet cleared; 南村 elected, its handover
    late; 和平社区 nothing. Batches: 东村 and 南村 the first (ended 2027-01-20), 西村 the second,
    和平社区 held back."""
    c = data.campaign(cast.city)
    for u, b in ((cast.village, 1), (cast.village2, 2), (cast.village_b, 1), (cast.community, None)):
        u.batch = b
        u.save(update_fields=["batch"])
    data.stages(c, cast.village, 6)
    data.stages(c, cast.village2, 3)
    data.rectify(c, cast.village2, cleared=False)
    data.stages(c, cast.village_b, 5)
    # Outside the city: a village of another city with every stage, never counted.
    other = unit("329800000000", "city", "外市")
    far = unit(
        "329801001201",
        "village",
        "外村",
        unit("329801001000", "town", "外镇", unit("329801000000", "county", "外县", other)),
    )
    data.stages(data.campaign(other), far, 6)
    return c


def series(fig, key):
    return next(s for s in fig.series if s.key == key).data


def test_villages_by_stage_per_county(cast, world):
    fig = ps.stage_figure(cast["leader"], cast.city.code)
    assert fig.categories == ["清河县", "柳林区"]
    assert fig.base == [3, 1]
    assert series(fig, "assessment") == [3, 0]
    assert series(fig, "rectification") == [0, 0]  # 西村 must be rectified and is not cleared yet
    assert series(fig, "plan") == [3, 0]
    assert series(fig, "candidates") == [2, 0]
    assert series(fig, "elected") == [2, 0]
    assert series(fig, "handover") == [1, 0]
    # Drilling: a county's count opens the county's dashboard (the level below).
    assert (
        next(s for s in fig.series if s.key == "elected").links[0]
        == f"/stats/dash/{cast.county.code}/#fig-stages"
    )


def test_a_towns_counts_drill_to_the_villages(cast, world):
    fig = ps.stage_figure(cast["town_operator"], cast.town.code)
    assert fig.categories == ["东村", "西村"]
    assert series(fig, "handover") == [1, 0]
    link = next(s for s in fig.series if s.key == "handover").links[0]
    assert (
        link == f"/stats/dash/{cast.town.code}/villages/?area={cast.village.code}&stage=handover&state=done"
    )


def test_villages_by_batch(cast, world):
    fig = ps.batch_figure(cast["leader"], cast.city.code)
    assert fig.categories == ["第一批（试点）", "第二批", "暂缓（未分批）"]
    assert fig.keys == ["1", "2", "none"]
    assert fig.base == [2, 1, 1]
    assert series(fig, "elected") == [2, 0, 0]
    assert series(fig, "plan") == [2, 1, 0]


def test_overdue_per_area_on_the_day_after_and_the_day_of_a_deadline(cast, world, monkeypatch):
    fig = ps.overdue_figure(cast["leader"], cast.city.code)
    # 研判 milestone 2026-12-15 passed: 和平社区; batch 1 ended 2027-01-20: both its villages are elected;
    # 南村's handover was due 2027-01-28 (10 days from 2027-01-18) and is not signed off.
    assert [s.key for s in fig.series] == ["assessment", "elected", "handover", "any"]
    assert series(fig, "assessment") == [0, 1]
    assert series(fig, "elected") == [0, 0]
    assert series(fig, "handover") == [1, 0]
    assert series(fig, "any") == [1, 1]
    # On the due date itself nothing is late yet (期限 counts the day).
    monkeypatch.setattr(workflow, "today", lambda: dt.date(2027, 1, 28))
    fig = ps.overdue_figure(cast["leader"], cast.city.code)
    assert series(fig, "handover") == [0, 0]
    monkeypatch.setattr(workflow, "today", lambda: dt.date(2027, 1, 29))
    assert series(ps.overdue_figure(cast["leader"], cast.city.code), "handover") == [1, 0]
    # Batch 2 ends 2027-02-28: 西村 (not elected) is late from the day after.
    monkeypatch.setattr(workflow, "today", lambda: dt.date(2027, 2, 28))
    assert series(ps.overdue_figure(cast["leader"], cast.city.code), "elected") == [0, 0]
    monkeypatch.setattr(workflow, "today", lambda: dt.date(2027, 3, 1))
    assert series(ps.overdue_figure(cast["leader"], cast.city.code), "elected") == [1, 0]


def test_elections_completed_per_day(cast, world):
    data.stages(world, cast.community, 5, day=dt.date(2027, 1, 25))
    fig = ps.daily_figure(cast["leader"], cast.city.code)
    assert fig.keys == ["2027-01-18", "2027-01-25"]
    assert series(fig, "committee") == [2, 1]
    assert ps.daily_figure(cast["county_operator"], cast.county.code).keys == ["2027-01-18"]


def test_the_villages_behind_the_counts(cast, world):
    def names(user, code, **params):
        found = ps.village_list(user, code, ps.parse_filter(params))
        return [u.name for u in found.villages]

    leader = cast["leader"]
    assert names(leader, cast.city.code, stage="elected", state="done") == ["东村", "南村"]
    assert names(leader, cast.city.code, stage="rectification", state="open") == ["西村"]
    assert names(leader, cast.city.code, overdue="any") == ["南村", "和平社区"]
    assert names(leader, cast.city.code, batch="none") == ["和平社区"]
    assert names(leader, cast.city.code, day="2027-01-18", body="committee") == ["东村", "南村"]
    assert names(leader, cast.city.code, area=cast.town_b.code) == ["南村"]
    found = ps.village_list(leader, cast.city.code, ps.parse_filter({"stage": "handover"}))
    assert [ps.village_marks(u) for u in found.villages] == [
        ["已完成", "不适用", "已完成", "已完成", "已完成", "已完成"]
    ]


def test_bad_drill_parameters_are_refused_in_chinese():
    for params, message in (
        ({"stage": "x"}, "没有这一进度事项"),
        ({"day": "2027-13-01"}, "日期格式应为"),
        ({"batch": "-1"}, "批次应为批次序号"),
        ({"risk": "huge"}, "风险等级只能是高、中、低"),
    ):
        with pytest.raises(ps.BadFilter, match=message):
            ps.parse_filter(params)


def test_risks_and_petitions_by_area(cast, world):
    data.risk(world, cast.village, "high")
    data.risk(world, cast.village_b, "low")
    data.risk(world, cast.community, "high")
    data.petition(world, cast.village, due=dt.date(2027, 2, 9))  # open, overdue
    data.petition(world, cast.village, state="concluded")
    data.petition(world, cast.community, due=dt.date(2027, 2, 10))  # open, due today: not overdue
    risks = ps.risk_figure(cast["leader"], cast.city.code)
    assert series(risks, "high") == [1, 1] and series(risks, "low") == [1, 0]
    petitions = ps.petition_figure(cast["leader"], cast.city.code)
    assert series(petitions, "all") == [2, 1]
    assert series(petitions, "open") == [1, 1]
    assert series(petitions, "overdue") == [1, 0]
    towns = ps.risk_figure(cast["county_operator"], cast.county.code)
    assert towns.categories == ["青石镇", "白沙镇"] and series(towns, "high") == [1, 0]
    found = ps.village_list(cast["leader"], cast.city.code, ps.parse_filter({"petition": "overdue"}))
    assert [u.name for u in found.villages] == ["东村"]


def test_outside_the_jurisdiction_is_not_found(cast, world):
    with pytest.raises(Http404):
        ps.stage_figure(cast["town_operator"], cast.city.code)
    with pytest.raises(Http404):
        ps.stage_figure(cast["other_town_operator"], cast.town.code)
    with pytest.raises(Http404):
        ps.stage_figure(cast["county_operator"], cast.county2.code)
    with pytest.raises(Http404):
        ps.stage_figure(cast["leader"], "329800000000")
    # a village's drill-down naming an area outside the dashboard's unit
    with pytest.raises(Http404):
        ps.village_list(
            cast["county_operator"], cast.county.code, ps.parse_filter({"area": cast.street.code})
        )
    # a role without stats.view has no jurisdiction at all
    with pytest.raises(Http404):
        ps.stage_figure(cast["village_operator"], cast.village.code)


def test_every_stats_viewer_sees_the_apps_the_figures_read(cast):
    """The figures count planning, vetting, elections and oversight records under stats.view's
    jurisdiction: each role holding stats.view must hold those apps' view over the same units."""
    from huanjie.core.scoping import scope_paths

    for role, user in cast.users.items():
        stats = scope_paths(user, "stats.view")
        for cap in ("planning.view", "vetting.view", "elections.view", "oversight.view"):
            assert set(stats) <= set(scope_paths(user, cap)), (role, cap)


def _more_villages(c, town: OrgUnit, n: int) -> None:
    for i in range(n):
        v = unit(f"{town.code[:9]}3{i:02d}", "village", f"新村{i}", town, batch=1 + i % 2)
        data.stages(c, v, i % 7)
        data.risk(c, v, "medium")
        data.petition(c, v)


@pytest.mark.parametrize(
    "figure",
    ["stage_figure", "batch_figure", "overdue_figure", "daily_figure", "risk_figure", "petition_figure"],
)
def test_query_counts_do_not_grow_with_the_villages(cast, world, django_assert_max_num_queries, figure):
    fn = getattr(ps, figure)
    with django_assert_max_num_queries(8):
        small = fn(cast["leader"], cast.city.code)
    _more_villages(world, cast.town, 30)
    with django_assert_max_num_queries(8):
        big = fn(cast["leader"], cast.city.code)
    assert sum(big.totals) >= sum(small.totals)
