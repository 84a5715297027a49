"""Supervision (issue 14 req. 4): groups with members and assigned jurisdictions, visits with the
campaign's checklist, findings with evidence, the town's rectification, the group's sign-off — and
supervisor isolation: a supervisor reads only his groups' jurisdictions (core scoping's membership
scope, whatever the unit of his role assignment) and writes only for his own groups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.models import AuditEvent
from huanjie.core.scoping import can, scope_paths
from huanjie.oversight import supervision_selectors as sel
from huanjie.oversight import supervision_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import Finding, FindingFile, SupervisionCheckItem
from tests.factories import user_with_role
from tests.oversight.kit import PDF, TODAY, Clock, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def camp(cast):
    return campaign(cast.city)


@pytest.fixture
def sup(cast):
    """A city-level supervisor (role assignment at the city), serving on a group over 清河县 only."""
    return user_with_role("sup_city", "supervisor", cast.city)


@pytest.fixture
def group(cast, camp, sup):
    return svc.group_create(
        actor=cast["city_operator"],
        campaign=camp,
        formed_by=cast.city,
        name="市第一巡回督导组",
        kind="roving",
        members=[sup],
        leader=sup,
        areas=[cast.county],
    )


def fresh(user):
    """The user as a new request would load it (role assignments are cached per instance)."""
    return type(user).objects.get(pk=user.pk)


def visit(group, sup, unit, clock_today=TODAY):
    return svc.visit_record(
        actor=sup,
        group=group,
        unit=unit,
        visited_on=clock_today,
        places="青石镇党委、东村村委会",
        checked="查阅选民登记资料",
        results={0: ("ok", ""), 6: ("problem", "名单未公告")},
    )


def finding(v, sup, unit, rectify_by=dt.date(2026, 3, 10)):
    return svc.finding_record(
        actor=sup,
        visit=v,
        unit=unit,
        category="procedure",
        severity="serious",
        description="选民名单未在选举日二十日前公布",
        rectify_by=rectify_by,
        evidence=[("现场照片.pdf", PDF)],
    )


def test_a_supervisors_reach_is_his_groups_not_his_role_unit(cast, sup, group):
    # His role is at the city, yet he reaches only 清河县, for reading and for recording.
    sup = fresh(sup)
    assert scope_paths(sup, OversightCap.VIEW) == [cast.county.path]
    assert scope_paths(sup, OversightCap.SUPERVISE) == [cast.county.path]
    assert can(sup, OversightCap.VIEW, cast.village.path)
    assert not can(sup, OversightCap.VIEW, cast.community.path)  # 柳林区: not his group's
    # A supervisor on no group reaches nothing; operators keep their units.
    idle = fresh(user_with_role("sup_idle", "supervisor", cast.city))
    assert scope_paths(idle, OversightCap.VIEW) == []
    assert scope_paths(fresh(cast["county_operator"]), OversightCap.VIEW) == [cast.county.path]
    # Other apps' capabilities of the role stay with its unit.
    assert scope_paths(sup, "org.view") == [cast.city.path]
    # A group made inactive takes the reach with it.
    group.is_active = False
    group.save()
    assert scope_paths(fresh(sup), OversightCap.VIEW) == []


def test_supervisors_read_only_their_groups_findings(cast, camp, sup, group, clock):
    f = finding(visit(group, sup, cast.town), sup, cast.village)
    # The cast's supervisor (role in 柳林区) on a group over 柳林区 only.
    other = cast["supervisor"]
    g2 = svc.group_create(
        actor=cast["city_operator"],
        campaign=camp,
        formed_by=cast.city,
        name="市第二巡回督导组",
        kind="roving",
        members=[other],
        leader=None,
        areas=[cast.county2],
    )
    f2 = finding(visit(g2, fresh(other), cast.street), fresh(other), cast.community)
    assert list(sel.findings(fresh(sup))) == [f]
    assert list(sel.findings(fresh(other))) == [f2]
    assert {g.pk for g in sel.groups(fresh(sup))} == {group.pk}
    with pytest.raises(Exception) as exc:
        sel.finding_page(fresh(other), f.pk)
    assert exc.type.__name__ == "Http404"
    # Operators read by their units: the town its own, the city both.
    assert list(sel.findings(cast["town_operator"])) == [f]
    assert list(sel.findings(cast["other_town_operator"])) == []
    assert set(sel.findings(cast["city_operator"])) == {f, f2}


def test_supervisors_write_only_for_their_own_groups(cast, camp, sup, group, clock):
    # A second group over the SAME county: its member may read there, not record for the first group.
    rival = user_with_role("sup_rival", "supervisor", cast.county)
    svc.group_create(
        actor=cast["county_operator"],
        campaign=camp,
        formed_by=cast.county,
        name="清河县双联直挂组",
        kind="direct",
        members=[rival],
        leader=rival,
        areas=[cast.town],
    )
    rival = fresh(rival)
    with pytest.raises(PermissionDenied):
        visit(group, rival, cast.town)
    v = visit(group, fresh(sup), cast.town)
    with pytest.raises(PermissionDenied):
        finding(v, rival, cast.village)
    f = finding(v, fresh(sup), cast.village)
    svc.finding_rectify(actor=cast["town_operator"], finding=f, text="已补公告", evidence=[("公告.pdf", PDF)])
    with pytest.raises(PermissionDenied):
        svc.finding_sign_off(actor=rival, finding=f, accept=True)
    # Outside the group's jurisdiction, even for a member.
    with pytest.raises(ValidationError):
        visit(group, fresh(sup), cast.street)
    # Operators are not group members.
    with pytest.raises(PermissionDenied):
        visit(group, cast["county_operator"], cast.town)


def test_groups_are_formed_by_the_city_or_a_county_of_supervisors(cast, camp, sup):
    with pytest.raises(ValidationError) as exc:
        svc.group_create(
            actor=cast["city_operator"],
            campaign=camp,
            formed_by=cast.city,
            name="组",
            kind="direct",  # 双联直挂 is a county's
            members=[cast["town_operator"]],
            leader=None,
            areas=[cast.village],
        )
    assert set(exc.value.message_dict) == {"kind", "members", "areas"}
    with pytest.raises(PermissionDenied):
        svc.group_create(
            actor=cast["town_operator"],
            campaign=camp,
            formed_by=cast.county,
            name="组",
            kind="direct",
            members=[sup],
            leader=None,
            areas=[cast.town],
        )


def test_the_visit_follows_the_campaigns_checklist(cast, camp, sup, group, clock):
    v = visit(group, fresh(sup), cast.town)
    checks = list(v.checks.all())
    assert len(checks) == 8 and checks[6].item == "选民登记及公告" and checks[6].result == "problem"
    assert checks[1].result == "not_checked"
    SupervisionCheckItem.objects.create(campaign=camp, order=1, text="疫情防控措施")
    v2 = visit(group, fresh(sup), cast.town)
    assert [c.item for c in v2.checks.all()] == ["疫情防控措施"]
    with pytest.raises(ValidationError):
        svc.visit_record(
            actor=fresh(sup),
            group=group,
            unit=cast.town,
            visited_on=TODAY + dt.timedelta(days=1),
            places="镇",
            checked="",
            results={},
        )


def test_rectification_and_sign_off(cast, sup, group, clock):
    sup = fresh(sup)
    f = finding(visit(group, sup, cast.town), sup, cast.village)
    assert f.state == "open" and f.state_due == dt.date(2026, 3, 10)
    # The evidence is stored encrypted.
    stored = FindingFile.objects.get(finding=f)
    raw = (Path(settings.VAR_DIR) / "evidence" / stored.stored).read_bytes()
    assert PDF not in raw and svc.finding_file(actor=sup, file=stored) == PDF
    with pytest.raises(PermissionDenied):
        svc.finding_rectify(actor=cast["other_town_operator"], finding=f, text="x", evidence=[("a.pdf", PDF)])
    with pytest.raises(ValidationError):
        svc.finding_rectify(actor=cast["town_operator"], finding=f, text="已整改", evidence=[])
    svc.finding_rectify(actor=cast["town_operator"], finding=f, text="已补公告", evidence=[("公告.pdf", PDF)])
    assert f.state == "rectified" and f.rectified_on == TODAY
    # The group's to-do on his home page (core's workflow awaiting, through his membership scope).
    assert [a.record for a in workflow.awaiting(sup)] == [f]
    with pytest.raises(workflow.TransitionRefused):
        svc.finding_sign_off(actor=sup, finding=f, accept=False, reason="")
    svc.finding_sign_off(actor=sup, finding=f, accept=False, reason="公告照片不清晰")
    assert f.state == "returned" and f.state_due == dt.date(2026, 3, 10)
    svc.finding_rectify(
        actor=cast["town_operator"], finding=f, text="重新公告", evidence=[("公告2.pdf", PDF)]
    )
    svc.finding_sign_off(actor=sup, finding=f, accept=True)
    f.refresh_from_db()
    assert f.state == "signed_off" and f.signed_off_on == TODAY
    assert FindingFile.objects.filter(finding=f, stage="rectification").count() == 2
    assert (
        AuditEvent.objects.filter(model="oversight.Finding", object_id=str(f.pk), action="transition").count()
        == 4
    )


def test_overdue_findings_with_a_fixed_clock(cast, sup, group, clock):
    sup = fresh(sup)
    f = finding(visit(group, sup, cast.town), sup, cast.village, rectify_by=TODAY)
    assert not sel.is_overdue(f) and list(sel.findings(sup, overdue=True)) == []
    clock.advance(days=1)
    assert sel.is_overdue(f) and list(sel.findings(sup, overdue=True)) == [f]
    assert list(sel.findings(sup, severity="general")) == []
    assert list(sel.findings(sup, unit_code=cast.village2.code)) == []
    svc.finding_rectify(actor=cast["town_operator"], finding=f, text="已整改", evidence=[("a.pdf", PDF)])
    assert list(sel.findings(sup, overdue=True)) == []


def test_the_findings_list_keeps_a_flat_query_count(cast, sup, group, clock, client):
    sup = fresh(sup)
    v = visit(group, sup, cast.town)
    finding(v, sup, cast.village)
    client.force_login(cast["county_operator"])
    url = reverse("oversight_supervision:findings")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(15):
        finding(v, sup, cast.village2)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert "西村" in body and len(many) == len(few)


def test_the_pages_record_rectify_and_sign_off(cast, sup, group, clock, client):
    client.force_login(sup)
    response = client.post(
        reverse("oversight_supervision:visit_new", args=[group.pk]),
        {
            "unit": cast.town.pk,
            "visited_on": "2026-03-02",
            "places": "青石镇",
            "checked": "",
            "c-check_0": "ok",
        }
        | {f"c-check_{i}": "not_checked" for i in range(1, 8)},
    )
    assert response.status_code == 302
    v = group.visits.get()
    response = client.post(
        reverse("oversight_supervision:finding_new", args=[v.pk]),
        {
            "unit": cast.village.pk,
            "category": "discipline",
            "severity": "general",
            "rectify_by": "2026-03-09",
            "description": "纪律承诺书未签订",
            "file": SimpleUploadedFile("照片.pdf", PDF),
        },
    )
    f = Finding.objects.get()
    assert response.status_code == 302
    client.force_login(cast["town_operator"])
    response = client.post(
        reverse("oversight_supervision:rectify", args=[f.pk]),
        {"text": "已补签", "file": SimpleUploadedFile("补签.pdf", PDF)},
    )
    assert response.status_code == 302
    client.force_login(cast["other_town_operator"])
    assert client.get(reverse("oversight_supervision:finding", args=[f.pk])).status_code == 404
    client.force_login(sup)
    response = client.post(reverse("oversight_supervision:sign_off", args=[f.pk]), {"decision": "accept"})
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.state == "signed_off"


def test_the_city_forms_a_group_on_its_page(cast, camp, sup, client):
    client.force_login(cast["city_operator"])
    url = reverse("oversight_supervision:group_new")
    assert "市级（巡回督导组）" not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "市第三巡回督导组",
            "kind": "roving",
            "formed_by": cast.city.pk,
            "members": [sup.pk],
            "leader": sup.pk,
            "areas": [cast.county2.pk],
        },
    )
    assert response.status_code == 302
    assert scope_paths(fresh(sup), OversightCap.SUPERVISE) == [cast.county2.path]
    assert AuditEvent.objects.filter(model="oversight.SupervisionGroup", action="create").exists()
    client.force_login(cast["town_operator"])
    assert "督导组由市级（巡回督导组）或县级（双联直挂）组建" in client.get(url).content.decode()


def test_the_findings_export_is_the_filtered_list(cast, sup, group, clock, client):
    import io

    from openpyxl import load_workbook

    sup = fresh(sup)
    v = visit(group, sup, cast.town)
    finding(v, sup, cast.village)
    finding(v, sup, cast.village2)
    client.force_login(cast["town_operator"])
    response = client.get(reverse("oversight_supervision:export"), {"unit": cast.village2.code})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    data = [r for r in rows if r and r[1] in ("东村", "西村")]
    assert [r[1] for r in data] == ["西村"] and data[0][0] == 1
