"""Personnel plans (issue 10 req. 7): seats, blocks on submission at their boundaries, the workflow
with a fixed clock, the projection's figures current at once, confidentiality (req. 8) and flat
query counts of the summary pages."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.models import AuditEvent
from huanjie.org.models import OrgUnit
from huanjie.planning import plan_selectors, plan_services, services
from huanjie.planning.models import GuidanceRule, PlanProjection, StructureTarget
from tests.factories import PersonFactory, seat
from tests.planning.test_report import POPPLER, dark_share_of_page_one, pdf_text

pytestmark = pytest.mark.django_db
CONFIDENTIAL = "view_confidential"


@pytest.fixture
def decided(cast, published):
    town = cast["town_operator"]
    for unit in (cast.village, cast.village2):
        services.committee_seats_set(
            actor=town,
            campaign=published,
            unit=unit,
            members=3,
            decided_by="assembly",
            decision_date=dt.date(2025, 12, 10),
            document_no="东村〔2025〕1号",
        )
        services.party_seats_set(
            actor=town,
            campaign=published,
            unit=unit,
            members=3,
            form="branch",
            request_no="请〔2025〕1号",
            request_date=dt.date(2025, 12, 1),
            approval_no="批〔2025〕1号",
            approval_date=dt.date(2025, 12, 5),
        )
    StructureTarget.objects.create(campaign=published, code="women", label="女性成员占比", low=Decimal(20))
    StructureTarget.objects.create(
        campaign=published, code="college", label="大专及以上学历占比", low=Decimal(50)
    )
    return published


@pytest.fixture
def people(cast):
    sec = PersonFactory(name="李书记", sex="M", domicile_unit=cast.village, birth_date=dt.date(1975, 5, 1))
    seat(sec, cast.village, "party_org", "secretary")
    return {
        "sec": sec,
        "man": PersonFactory(
            name="王青", sex="M", domicile_unit=cast.village, birth_date=dt.date(1992, 1, 1)
        ),
        "woman": PersonFactory(
            name="陈红", sex="F", domicile_unit=cast.village, birth_date=dt.date(1995, 1, 1)
        ),
        "outsider": PersonFactory(
            name="赵下派", sex="M", domicile_unit=cast.village2, birth_date=dt.date(1988, 1, 1)
        ),
    }


@pytest.fixture
def plan(cast, decided):
    return plan_services.plan_create(actor=cast["town_operator"], campaign=decided, unit=cast.village)


def add(cast, plan, side, post, decision, person):
    return plan_services.seat_set(
        actor=cast["town_operator"], plan=plan, side=side, post=post, decision=decision, person=person
    )


def fill(cast, plan, people):
    add(cast, plan, "party", "secretary", "stay", people["sec"])
    add(cast, plan, "committee", "chair", "transfer", people["sec"])
    add(cast, plan, "committee", "member", "enter", people["woman"])


def blocks(plan):
    plan.refresh_from_db()
    return {
        f.code
        for f in plan_selectors.plan_checks(plan, plan_selectors.plan_seats(plan), dt.date(2026, 1, 5))
        if f.blocks
    }


def test_no_decided_seats_blocks_submission(cast, published, people, fixed_today):
    plan = plan_services.plan_create(actor=cast["town_operator"], campaign=published, unit=cast.village)
    PersonFactory(domicile_unit=cast.village)
    add(cast, plan, "party", "secretary", "stay", people["sec"])
    assert {"no_seats"} <= blocks(plan)
    with pytest.raises(workflow.TransitionRefused, match="尚未确定党组织委员职数"):
        plan_services.plan_act(actor=cast["town_operator"], plan=plan, name="submit")
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_seats_beyond_the_decided_number_block_at_the_boundary(cast, plan, people):
    fill(cast, plan, people)
    add(cast, plan, "committee", "member", "enter", people["man"])
    assert "seats_over" not in blocks(plan)  # exactly 3 on the 村委会
    extra = PersonFactory(name="多一人", sex="F", domicile_unit=cast.village)
    add(cast, plan, "committee", "member", "enter", extra)
    assert "seats_over" in blocks(plan)  # 4 > 3


def test_a_committee_without_a_woman_blocks(cast, plan, people):
    add(cast, plan, "party", "secretary", "stay", people["sec"])
    add(cast, plan, "committee", "chair", "transfer", people["sec"])
    add(cast, plan, "committee", "member", "enter", people["man"])
    assert "no_woman" in blocks(plan)
    add(cast, plan, "committee", "vice_chair", "enter", people["woman"])
    assert "no_woman" not in blocks(plan)


def test_a_guidance_block_blocks_and_a_warning_does_not(cast, plan, people, decided):
    fill(cast, plan, people)
    rule = GuidanceRule.objects.create(
        campaign=decided,
        post="secretary",
        applies_to="all",
        age_limit_male=51,
        cutoff=dt.date(2026, 5, 1),
        severity="warning",
        citation="市委换届工作动员部署会议讲话：三升一降·年龄明显下降",
    )
    assert "guidance_age" not in blocks(plan)  # a warning (51 on 2026-05-01: exactly the limit)
    rule.severity = "block"
    rule.save()
    assert "guidance_age" in blocks(plan)
    rule.cutoff = dt.date(2026, 4, 30)  # the day before the 51st birthday: not reached
    rule.save()
    assert "guidance_age" not in blocks(plan)


def test_an_outside_chair_is_flagged_with_the_registration_the_law_requires(cast, plan, people):
    add(cast, plan, "party", "secretary", "enter", people["outsider"])
    add(cast, plan, "committee", "chair", "enter", people["outsider"])
    plan.refresh_from_db()
    [f] = [
        f
        for f in plan_selectors.plan_checks(plan, plan_selectors.plan_seats(plan), dt.date(2026, 3, 1))
        if f.code == "outside_registration"
    ]
    assert "拟“一肩挑”" in f.message and f.rule == "村民委员会组织法(2025) 第十六条" and not f.blocks


def test_decisions_must_match_who_sits(cast, plan, people):
    with pytest.raises(ValidationError, match="现任成员"):
        add(cast, plan, "party", "secretary", "enter", people["sec"])
    with pytest.raises(ValidationError, match="不是该村"):
        add(cast, plan, "committee", "member", "stay", people["man"])
    add(cast, plan, "committee", "chair", "enter", people["man"])
    with pytest.raises(ValidationError, match="已安排主任"):
        add(cast, plan, "committee", "chair", "enter", people["woman"])


def test_submit_return_resubmit_approve_and_lock(cast, plan, people, fixed_today):
    town, approver = cast["town_operator"], cast["county_approver"]
    fill(cast, plan, people)
    plan_services.plan_act(actor=town, plan=plan, name="submit")
    assert plan.state == "submitted" and plan.state_due == fixed_today + dt.timedelta(days=7)
    with pytest.raises(workflow.RecordLocked):
        add(cast, plan, "committee", "member", "enter", people["man"])
    with pytest.raises(workflow.TransitionRefused):
        plan_services.plan_act(actor=approver, plan=plan, name="return", reason="")
    plan_services.plan_act(actor=approver, plan=plan, name="return", reason="请补充一名年轻委员")
    assert plan.state == "returned"
    add(cast, plan, "committee", "member", "enter", people["man"])
    plan_services.plan_act(actor=town, plan=plan, name="submit")
    with pytest.raises((PermissionDenied, workflow.TransitionRefused)):
        plan_services.plan_act(actor=town, plan=plan, name="approve")
    plan_services.plan_act(actor=approver, plan=plan, name="approve")
    assert plan.state == "approved"
    assert PlanProjection.objects.get(plan=plan).state == "approved"
    with pytest.raises(workflow.RecordLocked):
        add(cast, plan, "committee", "vice_chair", "enter", PersonFactory(domicile_unit=cast.village))
    assert [h.to_state for h in workflow.history(plan)] == ["submitted", "returned", "submitted", "approved"]


def test_city_figures_are_current_within_a_second_of_a_change(cast, plan, people, decided):
    fill(cast, plan, people)
    start = time.monotonic()
    add(cast, plan, "committee", "member", "enter", people["man"])
    city = plan_selectors.level_totals(decided, cast.city.path)
    assert time.monotonic() - start < 1
    assert (city.members, city.women, city.villages_one_shoulder) == (3, 1, 1)
    rows = plan_selectors.target_rows(plan_selectors.targets_of(decided), [city])
    assert [(r.label, r.cells[0]) for r in rows][:1] == [
        ("女性成员占比", ("33.3%", "达到")),
    ]


# -- confidentiality (req. 8) ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["village_operator", "vetting", "supervisor"])
def test_village_operator_vetting_and_supervisors_see_no_plan(cast, plan, people, client, role):
    fill(cast, plan, people)
    client.force_login(cast[role])
    for name, args in (
        ("planning:plan", [plan.pk]),
        ("planning:plan_preview", [plan.pk]),
        ("planning:plan_pdf", [plan.pk]),
        ("planning:plans", [plan.campaign_id]),
        ("planning:plan_summary", [plan.campaign_id]),
    ):
        r = client.get(reverse(name, args=args))
        assert r.status_code in (403, 404), (role, name)
        assert "陈红" not in r.content.decode()


def test_town_views_are_not_audited_county_views_are(cast, plan, people, client):
    fill(cast, plan, people)
    client.force_login(cast["town_operator"])
    assert "陈红" in client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert not AuditEvent.objects.filter(action=CONFIDENTIAL).exists()
    client.force_login(cast["county_approver"])
    assert "陈红" in client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    client.get(reverse("planning:plan_summary", args=[plan.campaign_id]))
    client.get(reverse("planning:plan_summary_unit", args=[plan.campaign_id, cast.town.code]))
    events = AuditEvent.objects.filter(action=CONFIDENTIAL, actor=cast["county_approver"])
    assert events.count() == 3
    client.force_login(cast["town_operator"])
    assert client.get(reverse("planning:plan_summary", args=[plan.campaign_id])).status_code == 200
    assert not AuditEvent.objects.filter(action=CONFIDENTIAL, actor=cast["town_operator"]).exists()


def test_the_pdf_only_at_county_level_and_above(cast, plan, people, client):
    fill(cast, plan, people)
    client.force_login(cast["town_operator"])
    assert client.get(reverse("planning:plan_pdf", args=[plan.pk])).status_code == 403
    assert "打印（PDF）" not in client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    client.force_login(cast["county_operator"])
    r = client.get(reverse("planning:plan_pdf", args=[plan.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action=CONFIDENTIAL, reason__contains="PDF").count() == 1


def test_a_seat_change_over_htmx_rerenders_the_preview(cast, plan, people, client):
    add(cast, plan, "party", "secretary", "stay", people["sec"])
    client.force_login(cast["town_operator"])
    r = client.post(
        reverse("planning:plan_seat", args=[plan.pk]),
        {"side": "committee", "post": "member", "decision": "enter", "person": people["woman"].pk},
        headers={"HX-Request": "true"},
    )
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "换届后班子结构测算" in body and "陈红" in body


def test_register_on_the_spot_and_enter(cast, plan, client):
    client.force_login(cast["town_operator"])
    r = client.post(
        reverse("planning:plan_register", args=[plan.pk]),
        {
            "reg-citizen_id": "11010519491231002X",
            "reg-name": "新登记",
            "reg-side": "committee",
            "reg-post": "member",
        },
    )
    assert r.status_code == 302
    [s] = plan_selectors.plan_seats(plan)
    assert (
        s.person.name == "新登记" and s.decision == "enter" and s.person.domicile_unit_id == cast.village.pk
    )


# -- query counts flat as villages grow ----------------------------------------------------------------


def _grow(cast, decided, n, start):
    for i in range(n):
        code = f"3299010012{start + i:02d}"
        unit = OrgUnit.objects.create(
            code=code, level="village", name=f"新村{start + i}", parent=cast.town, path=code
        )
        p = plan_services.plan_create(actor=cast["town_operator"], campaign=decided, unit=unit)
        plan_services.seat_set(
            actor=cast["town_operator"],
            plan=p,
            side="committee",
            post="member",
            decision="enter",
            person=PersonFactory(domicile_unit=unit),
        )


@pytest.mark.parametrize("role,args", [("county_operator", []), ("city_operator", [])])
def test_summary_query_counts_do_not_grow(cast, decided, client, role, args):
    client.force_login(cast[role])
    url = reverse("planning:plan_summary", args=[decided.pk])
    _grow(cast, decided, 2, 10)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(cast, decided, 8, 20)
    with CaptureQueriesContext(connection) as many:
        r = client.get(url)
    assert r.status_code == 200 and len(many) == len(few)


@POPPLER
def test_the_plan_pdf_prints_seats_figures_and_history(cast, plan, people, client, tmp_path, fixed_today):
    fill(cast, plan, people)
    plan_services.plan_act(actor=cast["town_operator"], plan=plan, name="submit")
    plan_services.plan_act(actor=cast["county_approver"], plan=plan, name="return", reason="请补充年轻委员")
    client.force_login(cast["county_approver"])
    r = client.get(reverse("planning:plan_pdf", args=[plan.pk]))
    text = pdf_text(r.content, tmp_path)
    for words in (
        "东村“两委”换届人事安排初步方案",
        "已退回",
        "李书记",
        "陈红",
        "女性成员占比",
        "请补充年轻委员",
        "机密",
    ):
        assert words in text.replace(" ", "").replace("\n", ""), words
    assert 0.01 < dark_share_of_page_one(r.content, tmp_path) < 0.5
