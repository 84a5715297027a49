"""Reads of the incident reports (issue 14 req. 3): the list with its filters, one report with its
timeline and what the user may do, and the home page's overdue acknowledgements. Every read goes
through core scoping (``oversight.view``; a supervisor's is his groups' jurisdictions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from huanjie.core import workflow
from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.oversight import incidents_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.incidents_choices import DEFAULT_SEVERITIES, IncidentCategory
from huanjie.oversight.incidents_workflows import (
    AT_CITY,
    AT_COUNTY,
    AWAITING_ACK,
    CLOSED,
    INCIDENT_SPEC,
    OWED_BY,
)
from huanjie.oversight.models import Incident, IncidentUpdate
from huanjie.rules.workflow import LEVEL_LABELS, level_of_path


def code_path(code: str) -> str | None:
    """The code-prefix path of a 12-digit division code (市 4, 县 6, 镇 9, 村 12); None if malformed."""
    if len(code) != 12 or not code.isdigit():
        return None
    for n in (4, 6, 9):
        if code[n:] == "0" * (12 - n):
            return code[:n]
    return code


def incidents(
    user: Any,
    *,
    unit_code: str = "",
    state: str = "",
    severity: str = "",
    overdue: bool = False,
    category: str = "",
) -> QuerySet[Incident]:
    """The reports of the user's jurisdiction, filtered, most recent first (one query per page)."""
    qs = Incident.objects.visible_to(user).select_related("unit")
    if (path := code_path(unit_code)) is not None:
        qs = qs.filter(unit__path__startswith=path)
    if state in INCIDENT_SPEC.states:
        qs = qs.filter(state=state)
    if severity in {d.code for d in DEFAULT_SEVERITIES}:
        qs = qs.filter(severity=severity)
    if category in IncidentCategory.values:
        qs = qs.filter(category=category)
    if overdue:
        qs = qs.filter(state__in=AWAITING_ACK, ack_due_at__lt=svc.now())
    return qs.order_by("-reported_at", "-pk")


def is_overdue(incident: Incident, at: dt.datetime | None = None) -> bool:
    """Is the acknowledgement owed now past its deadline (to the hour)?"""
    at = at or svc.now()
    return incident.state in AWAITING_ACK and incident.ack_due_at is not None and incident.ack_due_at < at


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    who: str
    what: str
    text: str = ""
    late: bool = False


@dataclass
class IncidentPage:
    incident: Incident
    overdue: bool
    owed_by: str
    timeline: list[TimelineEntry] = field(default_factory=list)
    can_ack: bool = False
    can_follow_up: bool = False
    can_close: bool = False


def _path_of_unit(incident: Incident) -> str:
    return str(incident.unit.path)


def incident_page(user: Any, pk: int) -> IncidentPage:
    """One report with its timeline (report, acknowledgements, follow-ups, final report)."""
    incident = get_scoped_or_404(Incident.objects.select_related("unit", "reported_by"), user, pk=pk)
    path = _path_of_unit(incident)
    county_due = timezone.localtime(incident.reported_at + dt.timedelta(hours=incident.ack_hours))
    entries = [
        TimelineEntry(
            incident.reported_at,
            str(incident.reported_by),
            f"报送（{incident.severity_label}，县级应于 {county_due:%m-%d %H:%M} 前签收）",
            incident.summary,
        )
    ]
    # The acknowledgements' moments are the report's own (the services' clock), their actors the
    # workflow history's.
    acked = {"county_ack": incident.county_acked_at, "city_ack": incident.city_acked_at}
    since = {"county_ack": incident.reported_at, "city_ack": incident.county_acked_at}
    for h in workflow.history(incident):
        if h.transition == "close":
            continue  # the final report (终报) is listed with its text below
        at = acked.get(h.transition) or h.at
        start = since.get(h.transition)
        late = start is not None and at > start + dt.timedelta(hours=incident.ack_hours)
        label = str(getattr(h, "label", h.transition)) + ("（逾期签收）" if late else "")
        entries.append(TimelineEntry(at, h.actor_name, label, h.reason, late))
    for u in IncidentUpdate.objects.filter(incident=incident).order_by("at", "pk"):
        entries.append(TimelineEntry(u.at, u.by_name, u.get_kind_display(), u.text))
    entries.sort(key=lambda e: e.at)
    actions = {a.name for a in workflow.next_actions(user, incident)}
    return IncidentPage(
        incident=incident,
        overdue=is_overdue(incident),
        owed_by=LEVEL_LABELS.get(OWED_BY.get(incident.state, ""), ""),
        timeline=entries,
        can_ack=bool(actions & {"county_ack", "city_ack"}),
        can_follow_up=incident.state != CLOSED and can(user, OversightCap.EDIT, path),
        can_close="close" in actions,
    )


FILTER_UNITS_MAX = 300


def filter_units(user: Any) -> list[tuple[str, str]]:
    """The jurisdiction filter's options: the user's own units and the counties and towns below them
    (code, name indented by level), so that users pick instead of typing codes."""
    paths = scope_paths(user, OversightCap.VIEW)
    if not paths:
        return []
    rows = (
        OrgUnit.objects.filter(path_q("path", paths), level__in=("city", "county", "town"), is_active=True)
        .order_by("path")
        .values_list("code", "name", "path")[:FILTER_UNITS_MAX]
    )
    indent = {4: "", 6: "　", 9: "　　"}
    return [(code, f"{indent.get(len(path), '')}{name}") for code, name, path in rows]


def may_report(user: Any) -> bool:
    return bool(scope_paths(user, OversightCap.EDIT))


def report_units(user: Any) -> QuerySet[OrgUnit]:
    """The towns and villages where the user may report an incident (the form's choices)."""
    paths = scope_paths(user, OversightCap.EDIT)
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        path_q("path", paths), level__in=svc.REPORT_LEVELS, is_active=True
    ).order_by("path")


# ---------------------------------------------------------------------------------------------
# The home page's to-do (core.plugins.todo_providers)


@dataclass(frozen=True)
class IncidentTodo:
    label: str
    url: str
    due: dt.date | None
    overdue: bool


TODO_MAX = 10


def overdue_todos(user: Any) -> list[IncidentTodo]:
    """Reports whose acknowledgement this user's level owes and whose deadline has passed (to the
    hour): the county's for reports awaiting the county, the city's for those awaiting the city."""
    paths = scope_paths(user, OversightCap.REVIEW)
    county = [p for p in paths if level_of_path(p) == "county"]
    city = [p for p in paths if level_of_path(p) == "city"]
    q = Q(pk__in=[])
    if county:
        q |= Q(state=AT_COUNTY) & path_q("unit__path", county)
    if city:
        q |= Q(state=AT_CITY) & path_q("unit__path", city)
    if not (county or city):
        return []
    at = svc.now()
    rows = Incident.objects.filter(q, ack_due_at__lt=at).select_related("unit").order_by("ack_due_at", "pk")
    out = []
    for r in rows[:TODO_MAX]:
        assert r.ack_due_at is not None
        hours = int((at - r.ack_due_at).total_seconds() // 3600)
        late = f"已超时 {hours} 小时" if hours else "已超时不足 1 小时"
        out.append(
            IncidentTodo(
                f"重大事件报告逾期未签收：{r.unit.name}“{r.title}”（{r.severity_label}，"
                f"应于 {timezone.localtime(r.ack_due_at):%m-%d %H:%M} 前签收，{late}）",
                reverse("oversight_incidents:detail", args=[r.pk]),
                timezone.localdate(r.ack_due_at),
                True,
            )
        )
    return out
