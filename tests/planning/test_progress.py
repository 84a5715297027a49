"""Progress of the preparation (issue 10 req. 9): a village's 下一步 panel (who must act next, 保密),
the city, county and town progress pages (counts per step, overdue lists against the milestones with
a fixed clock, chart data; query counts that do not grow with the villages) and the town's to-dos
with deadlines on the home page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.planning import plan_selectors, plan_services, progress_selectors, services
from huanjie.planning.models import (
    CommitteeSeats,
    EconomicAudit,
    Milestone,
    PartySeats,
    PersonnelPlan,
    Rectification,
    ReserveCadre,
    StructureTarget,
)
from tests.factories import PersonFactory, seat, unit

pytestmark = pytest.mark.django_db


def _seats(c, v):
    CommitteeSeats.objects.create(
        campaign=c,
        unit=v,
        members=5,
        decided_by="villagers_meeting",
        decision_date=dt.date(2025, 12, 10),
        document_no="村决〔2025〕1号",
    )
    PartySeats.objects.create(
        campaign=c,
        unit=v,
        members=5,
        form="branch",
        request_no="请〔2025〕1号",
        request_date=dt.date(2025, 12, 1),
        approval_no="批〔2025〕1号",
        approval_date=dt.date(2025, 12, 5),
    )


@pytest.fixture
def prepared(cast, published, fixed_today):
    """Milestones: 职数 2026-01-01 (passed), 研判 2026-01-10 (ahead), 审计 2026-01-04 (passed).
    东村: seats decided, assessment submitted (weak), audit published, 2 reserve cadres.
    西村: nothing. 南村 (白沙镇): assessment draft."""
    c = published
    Milestone.objects.create(campaign=c, name="职数确定", date=dt.date(2026, 1, 1))
    Milestone.objects.create(campaign=c, name="村（社区）研判完成", date=dt.date(2026, 1, 10))
    Milestone.objects.create(campaign=c, name="经济责任审计结果公布", date=dt.date(2026, 1, 4))
    _seats(c, cast.village)
    a = services.assessment_create(actor=cast["town_operator"], campaign=c, unit=cast.village)
    type(a).objects.filter(pk=a.pk).update(category="weak", grade="poor", notes="班子软弱")
    a.refresh_from_db()
    services.assessment_act(actor=cast["town_operator"], assessment=a, name="submit")
    EconomicAudit.objects.create(
        campaign=c,
        unit=cast.village,
        organiser="township",
        auditor="审计所",
        started_on=dt.date(2025, 12, 1),
        items=[],
        published_on=dt.date(2026, 1, 2),
    )
    for _ in range(2):
        ReserveCadre.objects.create(
            unit=cast.village,
            person=PersonFactory(domicile_unit=cast.village),
            source="returnee",
            added_on=dt.date(2025, 11, 1),
        )
    services.assessment_create(actor=cast["other_town_operator"], campaign=c, unit=cast.village_b)
    return c


def _steps(user, v):
    s = progress_selectors.village_steps(user, v)
    return {x.code: x for x in s.steps} if s else None


def test_the_village_panel_says_what_is_next_and_who_acts(cast, prepared):
    town = _steps(cast["town_operator"], cast.village)
    assert town["seats"].done
    a = town["assessment"]
    assert (a.state, a.done, a.actor) == ("已上报", False, "县（区）")
    assert a.todo == "审核研判（通过或退回）"
    # Submitted on 01-05 with 7 days to review (01-12), but the 研判 milestone (01-10) comes first.
    assert a.due == dt.date(2026, 1, 10) and not a.overdue
    Milestone.objects.filter(campaign=prepared, name__contains="研判").update(date=dt.date(2026, 2, 1))
    assert _steps(cast["town_operator"], cast.village)["assessment"].due == dt.date(2026, 1, 12)
    r = town["rectification"]
    assert (r.state, r.actor, r.done, r.skipped) == ("未制定整顿方案", "乡镇（街道）", False, False)
    assert town["audit"].done and town["audit"].state == "已公布（2026-01-02）"
    assert town["reserve"].state.startswith("2 人") and town["reserve"].actor in ("", "乡镇（街道）")
    assert (town["plan"].state, town["plan"].done, town["plan"].actor) == ("未编制", False, "乡镇（街道）")
    steps = progress_selectors.village_steps(cast["town_operator"], cast.village)
    assert steps.next_step.code == "assessment"

    west = _steps(cast["town_operator"], cast.village2)
    assert (west["seats"].done, west["seats"].overdue, west["seats"].actor) == (False, True, "乡镇（街道）")
    assert (west["assessment"].state, west["assessment"].actor) == ("未开始", "乡镇（街道）")
    assert west["assessment"].due == dt.date(2026, 2, 1) and not west["assessment"].overdue
    assert west["audit"].overdue and west["audit"].todo == "登记经济责任审计"
    assert west["rectification"].todo == "先完成研判"


def test_a_cleared_rectification_and_an_approved_assessment_are_done(cast, prepared):
    from huanjie.planning.models import Assessment

    assessment = Assessment.objects.get(unit=cast.village)
    services.assessment_act(actor=cast["county_approver"], assessment=assessment, name="approve")
    Rectification.objects.create(campaign=prepared, unit=cast.village, category="weak", state="cleared")
    steps = _steps(cast["county_approver"], cast.village)
    assert steps["assessment"].done and steps["assessment"].actor == ""
    assert steps["rectification"].done and steps["rectification"].state == "已验收销号"
    # A community has no economic audit; without a weak finding no rectification is needed.
    Assessment.objects.create(campaign=prepared, unit=cast.community, state="approved", category="ordinary")
    com = _steps(cast["city_operator"], cast.community)
    assert com["audit"].skipped and com["rectification"].skipped and com["rectification"].state == "无需整顿"


@pytest.mark.parametrize("role", ["village_operator", "vetting", "supervisor", "other_town_operator"])
def test_the_panel_is_confidential(cast, prepared, client, role):
    assert progress_selectors.village_steps(cast[role], cast.village) is None
    client.force_login(cast[role])
    r = client.get(reverse("org:unit", args=[cast.village.code]))
    if role in ("village_operator", "vetting"):
        assert r.status_code == 200  # they see the village's page, without the panel
    html = r.content.decode()
    assert "下一步" not in html and "后备干部达到目标" not in html and "研判审核通过" not in html


def test_the_panel_shows_on_the_village_page(cast, prepared, client):
    client.force_login(cast["town_operator"])
    html = client.get(reverse("org:unit", args=[cast.village.code])).content.decode()
    assert "换届准备 · 下一步" in html and "审核研判（通过或退回）" in html and "由县（区）办理" in html
    assert reverse("planning:progress_unit", args=[prepared.pk, cast.town.code]) in html


# ---------------------------------------------------------------------------------------------
# Progress pages


def test_the_county_page_counts_each_town_and_lists_the_overdue(cast, prepared, client):
    client.force_login(cast["county_operator"])
    r = client.get(reverse("planning:progress", args=[prepared.pk]))
    assert r.status_code == 200
    page = r.context["page"]
    assert page.unit == cast.county
    rows = {x.name: x for x in page.rows}
    qs = rows["青石镇"]
    assert (qs.total, qs.seats, qs.assessment, qs.review, qs.needs, qs.rectification) == (2, 1, 0, 1, 1, 0)
    assert (qs.villages, qs.audit, qs.reserves) == (2, 1, 2)
    assert rows["白沙镇"].total == 1 and rows["白沙镇"].seats == 0
    assert {o.code: o.count for o in page.overdue_steps} == {"seats": 2, "audit": 2}
    assert [(v.name, v.steps) for v in page.overdue_villages] == [
        ("西村", ["职数确定", "经济责任审计结果公布"]),
        ("南村", ["职数确定", "经济责任审计结果公布"]),
    ]
    data = json.loads(
        r.content.decode().split('id="progress-chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert data["categories"] == ["青石镇", "白沙镇"]
    assert data["series"][0] == {"name": "职数确定", "data": [50, 0]}
    assert data["overall"]["done"][0] == 1 and data["overall"]["open"][0] == 2
    html = r.content.decode()
    assert "班子软弱" not in html and "较差" not in html  # counts only, no assessment content
    assert "planning/progress.js" in html and "vendor/echarts/echarts.min.js" in html
    assert "<script>" not in html  # CSP: no inline script


def test_before_the_milestones_nothing_is_overdue(cast, prepared, client, monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: dt.date(2026, 1, 1))
    client.force_login(cast["city_operator"])
    page = client.get(reverse("planning:progress", args=[prepared.pk])).context["page"]
    assert page.unit == cast.city and page.overdue_steps == [] and page.overdue_villages == []
    assert {x.name: x.total for x in page.rows} == {"清河县": 3, "柳林区": 1}


def test_a_town_sees_its_villages_only(cast, prepared, client):
    client.force_login(cast["town_operator"])
    page = client.get(reverse("planning:progress", args=[prepared.pk])).context["page"]
    assert page.unit == cast.town and page.parent is None
    assert [x.name for x in page.rows] == ["东村", "西村"]
    assert page.per_village and page.rows[0].marks == [
        "已完成",
        "未完成",
        "未完成",
        "已完成",
        "已完成",
        "未编制",
    ]
    assert page.rows[1].marks == ["未完成", "未完成", "不适用", "未完成", "未完成", "未编制"]
    for code in (cast.town_b.code, cast.county.code, cast.city.code, cast.village.code, "abc"):
        assert client.get(reverse("planning:progress_unit", args=[prepared.pk, code])).status_code == 404
    for role in ("village_operator", "vetting", "supervisor"):
        client.force_login(cast[role])
        assert client.get(reverse("planning:progress", args=[prepared.pk])).status_code == 403


def test_targets_wait_for_the_plans(cast, prepared, client, monkeypatch):
    StructureTarget.objects.create(campaign=prepared, code="college", label="大专及以上学历占比", low=30)
    client.force_login(cast["city_operator"])
    page = client.get(reverse("planning:progress", args=[prepared.pk])).context["page"]
    assert not page.planned
    assert [(t.label, t.target, t.projected) for t in page.targets] == [
        ("大专及以上学历占比", "不低于 30%", "尚未编制人事安排方案")
    ]
    # The extension point: once the plans give figures, the verdict is shown.
    from fractions import Fraction

    monkeypatch.setattr(progress_selectors, "projected_figures", lambda user, c, u: {"college": Fraction(45)})
    page = client.get(reverse("planning:progress", args=[prepared.pk])).context["page"]
    assert page.planned and [(t.projected, t.verdict) for t in page.targets] == [("45.0%", "达到")]
    assert page.chart["targets"]["items"] == [
        {
            "label": "大专及以上学历占比",
            "unit": "%",
            "target": "不低于 30%",
            "low": 30.0,
            "high": None,
            "value": 45.0,
            "verdict": "met",
            "verdict_label": "达到",
        }
    ]


@pytest.mark.parametrize("role", ["city_operator", "county_operator", "town_operator"])
def test_the_query_count_does_not_grow_with_villages(cast, planned, client, role):
    prepared = planned
    client.force_login(cast[role])
    url = reverse("planning:progress", args=[prepared.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()
    before = count()
    for i in range(15):
        v = unit(f"{cast.town.code[:9]}{300 + i:03d}", "village", f"新村{i}", cast.town)
        if i % 2:
            _seats(prepared, v)
            services.assessment_create(actor=cast["town_operator"], campaign=prepared, unit=v)
        if i % 3:
            plan_services.plan_create(actor=cast["town_operator"], campaign=prepared, unit=v)
    assert count() == before
    page = client.get(url).context["page"]
    assert page.total.total == {"city_operator": 4, "county_operator": 3, "town_operator": 2}[role] + 15
    assert len(page.overdue_villages) == page.overdue_total
    assert _states(page.total)["none"] == 5 and _states(page.total)["draft"] == 1 + 10


def test_the_panel_query_count_is_bounded(cast, prepared, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        progress_selectors.village_steps(cast["town_operator"], cast.village)


# ---------------------------------------------------------------------------------------------
# Home page to-dos with deadlines


def test_the_town_sees_its_milestone_todos_with_deadlines(cast, prepared, client):
    todos = progress_selectors.milestone_todos(cast["town_operator"])
    assert [(t.due, t.overdue) for t in todos] == [
        (dt.date(2026, 1, 1), True),
        (dt.date(2026, 1, 4), True),
        (dt.date(2026, 1, 10), False),
    ]
    assert todos[0].label == "青石镇：1 个村（社区）尚未完成“职数确定”（职数确定）"
    assert todos[2].label.startswith("青石镇：2 个村（社区）尚未完成“研判审核通过”")
    client.force_login(cast["town_operator"])
    html = client.get(reverse("home")).content.decode()
    assert "已逾期 · 期限 2026-01-01" in html and "期限 2026-01-10" in html
    for role in ("county_operator", "city_operator", "village_operator", "vetting", "supervisor", "leader"):
        assert progress_selectors.milestone_todos(cast[role]) == []


def test_the_county_reviewer_sees_the_submitted_assessment_with_its_deadline(cast, prepared, client):
    client.force_login(cast["county_approver"])
    html = client.get(reverse("home")).content.decode()
    assert "东村" in html and "期限 2026-01-12" in html


def test_a_new_assessment_carries_its_draft_deadline_to_the_town_home_page(
    cast, published, fixed_today, client
):
    a = services.assessment_create(actor=cast["town_operator"], campaign=published, unit=cast.village2)
    assert a.state_due == fixed_today + dt.timedelta(days=20)
    client.force_login(cast["town_operator"])
    html = client.get(reverse("home")).content.decode()
    assert "西村" in html and "期限 2026-01-25" in html


# ---------------------------------------------------------------------------------------------
# The personnel plan as a counted step, and the plans' projected structure against the targets


def _json(html: str, name: str = "progress-chart-data") -> dict:
    return json.loads(html.split(f'id="{name}" type="application/json">')[1].split("</script>")[0])


@pytest.fixture
def planned(cast, prepared):
    """Plans in every state, a 人事安排 milestone passed on 01-03 (today is 01-05) and four targets.
    东村: approved (its secretary, 中专, stays and chairs the 村委会: 一肩挑; a woman with 大专 enters).
    西村: a draft without seats. 南村 (白沙镇, seats now decided): returned (a man with 大学本科 and a
    woman with 初中 enter). 和平社区 (柳林区): submitted, without seats."""
    c = prepared
    Milestone.objects.create(campaign=c, name="人事安排初步方案上报", date=dt.date(2026, 1, 3))
    town, other, approver = cast["town_operator"], cast["other_town_operator"], cast["county_approver"]
    sec = PersonFactory(name="李书记", domicile_unit=cast.village, education="secondary")
    seat(sec, cast.village, "party_org", "secretary")
    woman = PersonFactory(name="陈红", sex="F", domicile_unit=cast.village, education="junior_college")
    east = plan_services.plan_create(actor=town, campaign=c, unit=cast.village)
    for side, post, decision, person in (
        ("party", "secretary", "stay", sec),
        ("committee", "chair", "transfer", sec),
        ("committee", "member", "enter", woman),
    ):
        plan_services.seat_set(actor=town, plan=east, side=side, post=post, decision=decision, person=person)
    plan_services.plan_act(actor=town, plan=east, name="submit")
    plan_services.plan_act(actor=approver, plan=east, name="approve")
    plan_services.plan_create(actor=town, campaign=c, unit=cast.village2)
    _seats(c, cast.village_b)
    south = plan_services.plan_create(actor=other, campaign=c, unit=cast.village_b)
    man = PersonFactory(name="王南", domicile_unit=cast.village_b, education="bachelor")
    woman2 = PersonFactory(name="周南", sex="F", domicile_unit=cast.village_b, education="junior_or_below")
    plan_services.seat_set(
        actor=other, plan=south, side="party", post="secretary", decision="enter", person=man
    )
    plan_services.seat_set(
        actor=other, plan=south, side="committee", post="member", decision="enter", person=woman2
    )
    plan_services.plan_act(actor=other, plan=south, name="submit")
    plan_services.plan_act(actor=approver, plan=south, name="return", reason="请补充年轻委员")
    community = PersonnelPlan.objects.create(campaign=c, unit=cast.community, state="submitted")
    plan_services.refresh_projection(community)
    for code, label, low, high in (
        ("college", "大专及以上学历占比", 50, 70),
        ("women", "女性成员占比", 60, None),
        ("one_shoulder_village", "村书记主任“一肩挑”比例", 20, 30),
        ("one_shoulder_community", "社区书记主任“一肩挑”比例", 10, None),
    ):
        StructureTarget.objects.create(campaign=c, code=code, label=label, low=low, high=high)
    return c


def _states(row) -> dict[str, int]:
    return {state: n for state, _label, n in row.plan_states}


def test_plans_are_counted_by_state_at_town_county_and_city(cast, planned, client):
    client.force_login(cast["town_operator"])
    page = client.get(reverse("planning:progress", args=[planned.pk])).context["page"]
    assert [r.marks[-1] for r in page.rows] == ["已完成", "草稿"]
    assert _states(page.total) == {"draft": 1, "submitted": 0, "returned": 0, "approved": 1, "none": 0}
    assert page.total.cells[-1] == (1, 2, 50)

    client.force_login(cast["county_operator"])
    r = client.get(reverse("planning:progress", args=[planned.pk]))
    page = r.context["page"]
    rows = {x.name: _states(x) for x in page.rows}
    assert rows == {
        "青石镇": {"draft": 1, "submitted": 0, "returned": 0, "approved": 1, "none": 0},
        "白沙镇": {"draft": 0, "submitted": 0, "returned": 1, "approved": 0, "none": 0},
    }
    assert page.step_labels[-1] == "人事安排方案审核通过" and page.total.cells[-1] == (1, 3, 33)
    data = _json(r.content.decode())
    assert data["series"][-1] == {"name": "人事安排方案审核通过", "data": [50, 0]}
    assert (data["overall"]["done"][-1], data["overall"]["open"][-1]) == (1, 2)
    assert data["plans"]["categories"] == ["青石镇", "白沙镇"]
    assert [(s["state"], s["name"], s["data"]) for s in data["plans"]["series"]] == [
        ("draft", "草稿", [1, 0]),
        ("submitted", "已上报", [0, 0]),
        ("returned", "已退回", [0, 1]),
        ("approved", "已审核通过", [1, 0]),
        ("none", "未编制", [0, 0]),
    ]
    # The milestone gives the plan its deadline: the overdue list names it.
    assert {o.code: o.count for o in page.overdue_steps} == {"seats": 1, "audit": 2, "plan": 2}
    assert [(v.name, v.steps) for v in page.overdue_villages] == [
        ("西村", ["职数确定", "经济责任审计结果公布", "人事安排方案审核通过"]),
        ("南村", ["经济责任审计结果公布", "人事安排方案审核通过"]),
    ]
    html = r.content.decode()
    assert "请补充年轻委员" not in html and "王南" not in html  # counts only, no plan content

    client.force_login(cast["city_operator"])
    page = client.get(reverse("planning:progress", args=[planned.pk])).context["page"]
    assert {x.name: _states(x) for x in page.rows} == {
        "清河县": {"draft": 1, "submitted": 0, "returned": 1, "approved": 1, "none": 0},
        "柳林区": {"draft": 0, "submitted": 1, "returned": 0, "approved": 0, "none": 0},
    }
    assert {o.code: o.count for o in page.overdue_steps}["plan"] == 3


def test_plans_without_a_plan_count_as_none(cast, prepared, client):
    Milestone.objects.create(campaign=prepared, name="人事安排初步方案上报", date=dt.date(2026, 1, 3))
    client.force_login(cast["city_operator"])
    page = client.get(reverse("planning:progress", args=[prepared.pk])).context["page"]
    assert _states(page.total) == {"draft": 0, "submitted": 0, "returned": 0, "approved": 0, "none": 4}
    assert page.chart["targets"]["items"] == [] and not page.planned
    # No plan is not done: every unit is overdue for it, the community too.
    assert {o.code: o.count for o in page.overdue_steps}["plan"] == 4
    assert [v.name for v in page.overdue_villages if "人事安排方案审核通过" in v.steps] == [
        "东村",
        "西村",
        "南村",
        "和平社区",
    ]


def test_the_panel_and_todos_carry_the_plan_with_its_deadline(cast, planned):
    east = _steps(cast["town_operator"], cast.village)["plan"]
    assert (east.state, east.done, east.actor, east.todo, east.overdue) == ("已审核通过", True, "", "", False)
    west = _steps(cast["town_operator"], cast.village2)["plan"]
    assert (west.state, west.actor, west.todo) == ("草稿", "乡镇（街道）", "完成方案并上报县级")
    assert (west.due, west.overdue) == (dt.date(2026, 1, 3), True)
    south = _steps(cast["other_town_operator"], cast.village_b)["plan"]
    assert (south.state, south.actor, south.todo) == (
        "已退回",
        "乡镇（街道）",
        "按退回意见修改方案后重新上报",
    )
    assert south.url == reverse("planning:plan", args=[PersonnelPlan.objects.get(unit=cast.village_b).pk])
    community = _steps(cast["city_operator"], cast.community)["plan"]
    assert (community.state, community.actor, community.todo) == (
        "已上报",
        "县（区）",
        "审核方案（通过或退回）",
    )
    # The plan is the last step: 东村's next step is still its assessment.
    assert (
        progress_selectors.village_steps(cast["town_operator"], cast.village).next_step.code == "assessment"
    )
    labels = [t.label for t in progress_selectors.milestone_todos(cast["town_operator"])]
    assert "青石镇：1 个村（社区）尚未完成“人事安排方案审核通过”（人事安排初步方案上报）" in labels
    other = progress_selectors.milestone_todos(cast["other_town_operator"])
    assert [(t.label, t.due, t.overdue) for t in other if "人事安排" in t.label] == [
        (
            "白沙镇：1 个村（社区）尚未完成“人事安排方案审核通过”（人事安排初步方案上报）",
            dt.date(2026, 1, 3),
            True,
        )
    ]


def test_the_plan_milestone_word_is_the_plans_own(cast, planned):
    assert progress_selectors.step_milestones(planned)["plan"] == plan_selectors.plan_milestone(planned)


def test_the_target_chart_has_the_projected_figures_and_bands(cast, planned, client):
    """City: 4 members (李书记 中专, 陈红 大专, 王南 本科, 周南 初中), 2 women, 2 with 大专 or more;
    villages 3 with one 一肩挑 (东村); one community without seats."""
    client.force_login(cast["city_operator"])
    r = client.get(reverse("planning:progress", args=[planned.pk]))
    data = _json(r.content.decode())["targets"]
    assert data["plans"] == 4
    assert [
        (i["label"], i["low"], i["high"], i["value"], i["verdict"], i["verdict_label"]) for i in data["items"]
    ] == [
        ("大专及以上学历占比", 50.0, 70.0, 50.0, "met", "达到"),  # exactly the lower bound counts
        ("女性成员占比", 60.0, None, 50.0, "below", "未达到"),
        ("村书记主任“一肩挑”比例", 20.0, 30.0, 33.3, "above", "超出目标区间"),
        ("社区书记主任“一肩挑”比例", 10.0, None, 0.0, "below", "未达到"),
    ]
    assert [i["target"] for i in data["items"]] == ["50—70%", "不低于 60%", "20—30%", "不低于 10%"]
    html = r.content.decode()
    # The chart with the table beside it (the accessible fallback).
    assert 'id="progress-chart-targets"' in html and '<td class="text-nowrap">50.0%</td>' in html
    assert [(t.label, t.projected, t.verdict) for t in r.context["page"].targets][:2] == [
        ("大专及以上学历占比", "50.0%", "达到"),
        ("女性成员占比", "50.0%", "未达到"),
    ]
    # The county has no community: no data for the community's target. The town: 东村 and 西村.
    client.force_login(cast["county_operator"])
    items = _json(client.get(reverse("planning:progress", args=[planned.pk])).content.decode())["targets"][
        "items"
    ]
    assert (items[3]["value"], items[3]["verdict"], items[3]["verdict_label"]) == (
        None,
        "unknown",
        "暂无数据",
    )
    client.force_login(cast["town_operator"])
    items = _json(client.get(reverse("planning:progress", args=[planned.pk])).content.decode())["targets"][
        "items"
    ]
    assert [(i["value"], i["verdict"]) for i in items[:3]] == [
        (50.0, "met"),
        (50.0, "below"),
        (50.0, "above"),
    ]


def test_outside_the_jurisdiction_is_still_404(cast, planned, client):
    client.force_login(cast["county_operator"])
    for code in (cast.county2.code, cast.street.code, cast.community.code, cast.village.code):
        assert client.get(reverse("planning:progress_unit", args=[planned.pk, code])).status_code == 404
    client.force_login(cast["other_town_operator"])
    assert client.get(reverse("planning:progress_unit", args=[planned.pk, cast.town.code])).status_code == 404
    page = client.get(reverse("planning:progress", args=[planned.pk])).context["page"]
    assert page.unit == cast.town_b and _states(page.total)["returned"] == 1 and page.total.total == 1


def test_no_plans_chart_before_the_first_plan(cast, prepared, client):
    client.force_login(cast["county_operator"])
    html = client.get(reverse("planning:progress", args=[prepared.pk])).content.decode()
    assert "plans" not in _json(html) and 'id="progress-chart-plans"' not in html
    assert "未编制</span> <strong>3</strong>" in html
