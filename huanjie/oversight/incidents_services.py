"""Writes of the incident reports (issue 14 req. 3): report, acknowledge at each level, follow up,
close; the campaign's severity settings. Every write is audited; state moves through core.workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, ensure_in_scope, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.incidents_choices import DEFAULT_SEVERITIES, IncidentCategory, UpdateKind
from huanjie.oversight.incidents_workflows import AT_CITY, AT_COUNTY, CLOSED
from huanjie.oversight.models import Incident, IncidentSeverity, IncidentUpdate
from huanjie.planning.models import Campaign

REPORT_LEVELS = ("town", "village", "community")


def now() -> dt.datetime:
    """The current moment (tests fix the clock by replacing it)."""
    return timezone.now()


def severities(campaign: Campaign) -> list[Any]:
    """The campaign's severity levels (its settings, else the defaults), most severe first."""
    rows = list(IncidentSeverity.objects.filter(campaign=campaign).order_by("rank", "pk"))
    return rows or list(DEFAULT_SEVERITIES)


@transaction.atomic(durable=True)
def severity_set(*, actor: Any, campaign: Campaign, hours: dict[str, int]) -> list[IncidentSeverity]:
    """Set the hours to acknowledge per severity (the city's setting; the defaults' levels)."""
    if campaign.city.path not in scope_paths(actor, OversightCap.EDIT):
        raise PermissionDenied("事件报送时限由市级设置")
    errors = {
        code: "签收时限应为 1 至 720 小时"
        for code, h in hours.items()
        if not isinstance(h, int) or not 1 <= h <= 720
    }
    if errors:
        raise ValidationError(errors)
    out = []
    for d in DEFAULT_SEVERITIES:
        row, created = IncidentSeverity.objects.get_or_create(
            campaign=campaign,
            code=d.code,
            defaults={"label": d.label, "ack_hours": d.ack_hours, "rank": d.rank},
        )
        before = audit.snapshot(row)
        new = hours.get(d.code, row.ack_hours)
        if new != row.ack_hours or created:
            row.ack_hours = new
            row.save(update_fields=["ack_hours"])
            audit.record(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                actor=actor,
                instance=row,
                before=None if created else before,
                after=audit.snapshot(row),
            )
        out.append(row)
    return out


@transaction.atomic(durable=True)
def incident_report(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    title: str,
    category: str,
    severity: str,
    occurred_at: dt.datetime,
    summary: str,
    measures: str = "",
) -> Incident:
    """A town reports an incident at itself or one of its villages: it goes to the county, which owes
    its acknowledgement within the severity's hours."""
    if not can(actor, OversightCap.EDIT, unit.path):
        raise PermissionDenied("只能报送本辖区内发生的事件")
    errors: dict[str, str] = {}
    if unit.level not in REPORT_LEVELS:
        errors["unit"] = "请选择事件发生的乡镇（街道）或村（社区）"
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        errors["campaign"] = "所属市没有已发布的换届工作"
    level = {s.code: s for s in severities(campaign)}.get(severity)
    if level is None:
        errors["severity"] = "请选择事件等级"
    if category not in IncidentCategory.values:
        errors["category"] = "请选择事件类别"
    at = now()
    if occurred_at > at:
        errors["occurred_at"] = "发生时间不能晚于现在"
    if not title.strip():
        errors["title"] = "请填写事件名称"
    if not summary.strip():
        errors["summary"] = "请填写基本情况"
    if errors:
        raise ValidationError(errors)
    assert level is not None
    row = Incident.objects.create(
        campaign=campaign,
        unit=unit,
        title=title.strip(),
        category=category,
        severity=level.code,
        severity_label=level.label,
        severity_rank=level.rank,
        ack_hours=level.ack_hours,
        occurred_at=occurred_at,
        summary=summary.strip(),
        measures=measures.strip(),
        reported_at=at,
        reported_by=actor,
        ack_due_at=at + dt.timedelta(hours=level.ack_hours),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


@transaction.atomic(durable=True)
def incident_acknowledge(*, actor: Any, incident: Incident) -> Incident:
    """The county (then the city) acknowledges the report; the county's acknowledgement passes it on
    to the city, whose own deadline runs from that moment."""
    ensure_in_scope(actor, incident, "view")
    name = {AT_COUNTY: "county_ack", AT_CITY: "city_ack"}.get(incident.state)
    if name is None:
        raise workflow.TransitionRefused("此报告当前无需签收")
    workflow.apply_transition(actor=actor, record=incident, name=name)
    at = now()
    if name == "county_ack":
        incident.county_acked_at = at
        incident.ack_due_at = at + dt.timedelta(hours=incident.ack_hours)
    else:
        incident.city_acked_at = at
        incident.ack_due_at = None
    incident.save(update_fields=["county_acked_at", "city_acked_at", "ack_due_at"])
    return incident


@transaction.atomic(durable=True)
def incident_follow_up(*, actor: Any, incident: Incident, text: str) -> IncidentUpdate:
    """A follow-up report (续报) by the town or the county, at any time before the report is closed."""
    if not can(actor, OversightCap.EDIT, incident.unit.path):
        raise PermissionDenied("只有事发地所在乡镇（街道）或县级可以续报")
    if incident.state == CLOSED:
        raise ValidationError({"text": "此报告已办结，不能再续报"})
    if not text.strip():
        raise ValidationError({"text": "请填写续报内容"})
    return _update(actor, incident, UpdateKind.FOLLOW_UP, text)


def _update(actor: Any, incident: Incident, kind: str, text: str) -> IncidentUpdate:
    row = IncidentUpdate.objects.create(
        incident=incident,
        kind=kind,
        text=text.strip(),
        at=now(),
        by=actor,
        by_name=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


@transaction.atomic(durable=True)
def incident_close(*, actor: Any, incident: Incident, text: str) -> Incident:
    """The town's final report (终报) closes the report once the city has acknowledged it."""
    workflow.apply_transition(actor=actor, record=incident, name="close", reason=text)
    _update(actor, incident, UpdateKind.FINAL, text)
    return incident
