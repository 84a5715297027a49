"""Incident reports (issue 14 req. 3): town → county → city with acknowledgement at each level
within the severity's hours (campaign settings), overdue acknowledgements on the home page of the
level that owes them (to the hour), a timeline, follow-ups, audit — with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.models import AuditEvent
from huanjie.oversight import incidents_selectors as sel
from huanjie.oversight import incidents_services as svc
from huanjie.oversight.models import Incident, IncidentSeverity
from tests.oversight.kit import NOW, Clock, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def camp(cast):
    return campaign(cast.city)


def report(cast, camp, severity="major", unit=None, **kw):
    return svc.incident_report(
        actor=cast["town_operator"],
        campaign=camp,
        unit=unit or cast.village,
        title=kw.get("title", "村民聚集"),
        category="mass",
        severity=severity,
        occurred_at=NOW - dt.timedelta(hours=1),
        summary="二十余名村民聚集在村委会反映选民登记问题",
    )


def test_a_report_goes_to_the_county_with_the_severitys_hours(cast, camp, clock):
    r = report(cast, camp, "major")
    assert r.state == "at_county"
    assert r.reported_at == NOW
    # 重大: two hours by default.
    assert r.ack_due_at == NOW + dt.timedelta(hours=2)
    assert r.severity_label == "重大"
    assert AuditEvent.objects.filter(
        model="oversight.Incident", object_id=str(r.pk), action="create"
    ).exists()


def test_the_citys_settings_replace_the_defaults_for_new_reports_only(cast, camp, clock):
    old = report(cast, camp, "general")
    svc.severity_set(actor=cast["city_operator"], campaign=camp, hours={"general": 12})
    new = report(cast, camp, "general")
    assert old.ack_due_at == NOW + dt.timedelta(hours=24)
    assert new.ack_due_at == NOW + dt.timedelta(hours=12)
    assert IncidentSeverity.objects.get(campaign=camp, code="general").ack_hours == 12
    with pytest.raises(PermissionDenied):
        svc.severity_set(actor=cast["county_operator"], campaign=camp, hours={"general": 6})
    with pytest.raises(ValidationError):
        svc.severity_set(actor=cast["city_operator"], campaign=camp, hours={"general": 0})


def test_only_the_jurisdiction_reports(cast, camp, clock):
    with pytest.raises(PermissionDenied):
        report(cast, camp, unit=cast.village_b)  # 南村 is 白沙镇's
    with pytest.raises(ValidationError):
        report(cast, camp, severity="unknown")


def todo_labels(user):
    return [t.label for t in sel.overdue_todos(user)]


def test_overdue_is_flagged_to_the_hour_at_the_level_that_owes_it(cast, camp, clock):
    r = report(cast, camp, "extreme")  # 特别重大: one hour
    county, city, town = cast["county_operator"], cast["city_operator"], cast["town_operator"]
    clock.advance(hours=1)  # exactly at the deadline: not yet overdue
    assert todo_labels(county) == []
    assert not sel.is_overdue(Incident.objects.get(pk=r.pk))
    clock.advance(seconds=1)
    assert len(todo_labels(county)) == 1 and "逾期未签收" in todo_labels(county)[0]
    assert todo_labels(cast["county_approver"]) != []  # also holds the county's review
    assert todo_labels(city) == [] and todo_labels(town) == []  # the county owes it, not them
    assert todo_labels(cast["other_town_operator"]) == []
    # The county acknowledges late: the city's hour runs from then.
    svc.incident_acknowledge(actor=county, incident=Incident.objects.get(pk=r.pk))
    r.refresh_from_db()
    assert r.state == "at_city" and r.ack_due_at == NOW + dt.timedelta(hours=2, seconds=1)
    assert todo_labels(county) == []
    clock.advance(hours=1, seconds=1)
    assert len(todo_labels(city)) == 1
    assert todo_labels(county) == []
    svc.incident_acknowledge(actor=city, incident=r)
    r.refresh_from_db()
    assert r.state == "received" and r.ack_due_at is None
    assert todo_labels(city) == []


def test_the_home_page_shows_the_overdue_acknowledgement(cast, camp, clock, client):
    report(cast, camp, "extreme", title="冲击会场")
    clock.advance(hours=3)
    client.force_login(cast["county_operator"])
    body = client.get(reverse("home")).content.decode()
    assert "重大事件报告逾期未签收" in body and "冲击会场" in body and "已超时 2 小时" in body
    client.force_login(cast["town_operator"])
    assert "逾期未签收" not in client.get(reverse("home")).content.decode()


def test_levels_acknowledge_in_order_and_only_their_own(cast, camp, clock):
    r = report(cast, camp)
    with pytest.raises(PermissionDenied):
        svc.incident_acknowledge(actor=cast["city_operator"], incident=r)  # the county first
    with pytest.raises(PermissionDenied):
        svc.incident_acknowledge(actor=cast["town_operator"], incident=r)
    with pytest.raises(PermissionDenied):
        svc.incident_acknowledge(actor=cast["supervisor"], incident=r)
    svc.incident_acknowledge(actor=cast["county_operator"], incident=r)
    with pytest.raises(PermissionDenied):
        svc.incident_acknowledge(actor=cast["county_operator"], incident=r)


def test_timeline_follow_ups_and_final_report(cast, camp, clock):
    r = report(cast, camp)
    clock.advance(minutes=30)
    svc.incident_follow_up(actor=cast["town_operator"], incident=r, text="已劝离，正在核实诉求")
    clock.advance(hours=2)  # the county is 30 minutes late
    svc.incident_acknowledge(actor=cast["county_operator"], incident=r)
    with pytest.raises(workflow.TransitionRefused):
        svc.incident_close(actor=cast["town_operator"], incident=r, text="已处置")  # city first
    clock.advance(minutes=10)
    svc.incident_acknowledge(actor=cast["city_operator"], incident=r)
    clock.advance(hours=1)
    svc.incident_close(actor=cast["town_operator"], incident=r, text="诉求已答复，选民名单已更正")
    page = sel.incident_page(cast["county_operator"], r.pk)
    whats = [e.what for e in page.timeline]
    assert whats[0].startswith("报送（重大")
    assert whats[1:] == ["续报", "县级签收并上报市级（逾期签收）", "市级签收", "终报"]
    assert [e.late for e in page.timeline] == [False, False, True, False, False]
    assert page.timeline[-1].text == "诉求已答复，选民名单已更正"
    with pytest.raises(ValidationError):
        svc.incident_follow_up(actor=cast["town_operator"], incident=r, text="再报")
    actions = set(
        AuditEvent.objects.filter(object_id=str(r.pk), model="oversight.Incident").values_list(
            "action", flat=True
        )
    )
    assert actions == {"create", "transition"}


def test_the_list_filters_and_keeps_a_flat_query_count(cast, camp, clock, client):
    for i in range(3):
        report(cast, camp, "general", title=f"一般事件{i}")
    late = report(cast, camp, "extreme", title="逾期事件")
    clock.advance(hours=1, minutes=1)
    county = cast["county_operator"]
    assert [r.pk for r in sel.incidents(county, overdue=True)] == [late.pk]
    assert sel.incidents(county, severity="general").count() == 3
    assert sel.incidents(county, unit_code=cast.village2.code).count() == 0
    assert sel.incidents(cast["other_town_operator"]).count() == 0
    client.force_login(county)
    url = reverse("oversight_incidents:list")
    body = client.get(url, {"overdue": "1"}).content.decode()
    assert "逾期事件" in body and "逾期未签收" in body and "一般事件0" not in body
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(20):
        report(cast, camp, "general", title=f"更多事件{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_pages_render_and_act(cast, camp, clock, client):
    client.force_login(cast["town_operator"])
    response = client.post(
        reverse("oversight_incidents:new"),
        {
            "unit": cast.village.pk,
            "title": "选举现场秩序混乱",
            "category": "obstruction",
            "severity": "serious",
            "occurred_at": "2026-03-02T08:30",
            "summary": "有人冲击会场",
        },
    )
    r = Incident.objects.get(title="选举现场秩序混乱")
    assert response.status_code == 302 and r.ack_hours == 4
    client.force_login(cast["county_operator"])
    assert client.post(reverse("oversight_incidents:ack", args=[r.pk])).status_code == 302
    r.refresh_from_db()
    assert r.state == "at_city"
    body = client.get(reverse("oversight_incidents:detail", args=[r.pk])).content.decode()
    assert "待市级签收" in body and "县级签收并上报市级" in body


def test_the_export_lists_the_jurisdictions_reports(cast, camp, clock, client):
    import io

    from openpyxl import load_workbook

    report(cast, camp, title="东村事件")
    client.force_login(cast["county_operator"])
    response = client.get(reverse("oversight_incidents:export"))
    cells = [
        v
        for r in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
        for v in r
    ]
    assert "东村事件" in cells and "待县级签收" in cells
    client.force_login(cast["other_town_operator"])
    response = client.get(reverse("oversight_incidents:export"))
    assert "东村事件" not in str(
        list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    )
