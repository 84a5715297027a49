"""Reads behind the planning app's Excel exports (issue 10 req. 10): the rows of each list, scoped
with ``visible_to`` like the pages, and who may export the confidential lists (req. 8: the member
views of assessments and the reserve cadres only at county level and above — never a town, a
village operator, vetting or supervision, who do not hold planning.view anyway).

The personnel plans' seats (人事安排初步方案) are confidential like the member views.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from huanjie.core.scoping import scope_paths
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.models import (
    Assessment,
    Campaign,
    CommitteeSeats,
    MemberAssessment,
    PartySeats,
    PersonnelPlan,
    PlanSeat,
    RectificationTask,
    ReserveCadre,
)
from huanjie.rules.workflow import level_of_path

CONFIDENTIAL_LEVELS = ("city", "county")
CONFIDENTIAL_REFUSAL = "此清单属保密内容（只做不说），只有县级及以上可以导出"


def may_export_confidential(user: Any) -> bool:
    """Does ``user`` hold planning.export at county level or above (a county or city
    jurisdiction; the role grant and the level are both required)?"""
    return any(level_of_path(p) in CONFIDENTIAL_LEVELS for p in scope_paths(user, PlanningCap.EXPORT))


def ensure_confidential_export(user: Any) -> None:
    if not may_export_confidential(user):
        raise PermissionDenied(CONFIDENTIAL_REFUSAL)


@dataclass
class SeatsRow:
    code: str
    name: str
    committee: CommitteeSeats | None = None
    party: PartySeats | None = None


def unit_filter(raw: str) -> str:
    """The ``unit`` filter of an export (a village's code from its page), bounded; anything else
    filters nothing. Rows stay scoped: a code outside the jurisdiction exports no row."""
    code = (raw or "")[:12]
    return code if code.isdigit() and len(code) == 12 else ""


def state_filter(raw: str) -> str:
    """The ``state`` filter of the assessments' export, as on the list page (unknown: no filter)."""
    return raw if raw in Assessment.workflow_spec.states else ""


def seats_rows(user: Any, c: Campaign, *, unit: str = "") -> list[SeatsRow]:
    """One row per village with 职数 recorded (村委会 and/or 党组织), in code order; ``unit``: one
    village's code (the seats page's own export)."""
    rows: dict[int, SeatsRow] = {}
    where = {"unit__code": unit} if unit else {}
    for cs in CommitteeSeats.objects.visible_to(user).filter(campaign=c, **where).select_related("unit"):
        rows.setdefault(cs.unit_id, SeatsRow(cs.unit.code, cs.unit.name)).committee = cs
    for ps in PartySeats.objects.visible_to(user).filter(campaign=c, **where).select_related("unit"):
        rows.setdefault(ps.unit_id, SeatsRow(ps.unit.code, ps.unit.name)).party = ps
    return sorted(rows.values(), key=lambda r: r.code)


def assessment_rows(user: Any, c: Campaign, *, state: str = "") -> Iterator[Assessment]:
    where = {"state": state} if state else {}
    return (
        Assessment.objects.visible_to(user)
        .filter(campaign=c, **where)
        .select_related("unit")
        .order_by("unit__path")
        .iterator(chunk_size=2000)
    )


def member_view_rows(user: Any, c: Campaign) -> Iterator[MemberAssessment]:
    ensure_confidential_export(user)
    return (
        MemberAssessment.objects.visible_to(user)
        .filter(assessment__campaign=c)
        .select_related("assessment__unit", "tenure__person", "tenure__committee")
        .order_by("assessment__unit__path", "tenure__committee__kind", "tenure__post", "pk")
        .iterator(chunk_size=2000)
    )


def task_rows(user: Any, c: Campaign) -> Iterator[RectificationTask]:
    return (
        RectificationTask.objects.visible_to(user)
        .filter(rectification__campaign=c)
        .select_related("rectification__unit")
        .order_by("rectification__unit__path", "track", "deadline", "pk")
        .iterator(chunk_size=2000)
    )


def reserve_rows(user: Any, *, unit: str = "") -> Iterator[ReserveCadre]:
    ensure_confidential_export(user)
    where = {"unit__code": unit} if unit else {}
    return (
        ReserveCadre.objects.visible_to(user)
        .filter(**where)
        .select_related("unit", "person")
        .order_by("unit__path", "-active", "added_on", "pk")
        .iterator(chunk_size=2000)
    )


def plan_seat_rows(user: Any, c: Campaign) -> Iterator[PlanSeat]:
    """The seats of the personnel plans (人事安排初步方案, confidential): county level and above."""
    ensure_confidential_export(user)
    return (
        PlanSeat.objects.filter(plan__in=PersonnelPlan.objects.visible_to(user).filter(campaign=c))
        .select_related("plan__unit", "person")
        .order_by("plan__unit__path", "side", "pk")
        .iterator(chunk_size=2000)
    )


def export_path(user: Any) -> str:
    """The org path the export's audit event is filed under: the user's widest jurisdiction."""
    paths = sorted(scope_paths(user, PlanningCap.VIEW), key=len)
    return paths[0] if paths else ""


@dataclass(frozen=True)
class ExcelLink:
    label: str
    url: str


@dataclass(frozen=True)
class ExcelPanel:
    exports: list[ExcelLink]
    imports: list[ExcelLink]


def excel_panel(user: Any, c: Campaign) -> ExcelPanel:
    """The campaign page's Excel panel: the exports this user may download (the confidential ones
    only at county level and above) and the imports a town fills (planning.edit at town level)."""
    from django.urls import reverse

    from huanjie.core.capabilities import CoreCap

    exports = [
        ExcelLink("职数", reverse("planning:export_seats", args=[c.pk])),
        ExcelLink("研判", reverse("planning:export_assessments", args=[c.pk])),
        ExcelLink("整顿任务", reverse("planning:export_tasks", args=[c.pk])),
    ]
    if may_export_confidential(user):
        exports += [
            ExcelLink("成员研判意见（保密）", reverse("planning:export_member_views", args=[c.pk])),
            ExcelLink("后备干部（保密）", reverse("planning:export_reserves")),
            ExcelLink("人事安排初步方案（保密）", reverse("planning:export_plans", args=[c.pk])),
        ]
    imports: list[ExcelLink] = []
    towns = [p for p in scope_paths(user, PlanningCap.EDIT) if level_of_path(p) == "town"]
    if towns and scope_paths(user, CoreCap.IMPORT_RUN):
        from huanjie.planning.importers import IMPORTERS, import_label

        imports = [
            ExcelLink(import_label(kind), reverse("import:index") + f"?kind={kind}") for kind in IMPORTERS
        ]
    return ExcelPanel(exports, imports)


#: The list pages' export buttons: kind → (URL name, takes the campaign, confidential, filters
#: the export view supports, the button's label).
EXPORT_BUTTONS: dict[str, tuple[str, bool, bool, tuple[str, ...], str]] = {
    "seats": ("planning:export_seats", True, False, ("unit",), "导出 Excel"),
    "assessments": ("planning:export_assessments", True, False, ("state",), "导出 Excel"),
    "member_views": ("planning:export_member_views", True, True, (), "导出成员研判意见（保密）"),
    "tasks": ("planning:export_tasks", True, False, (), "导出 Excel"),
    "reserves": ("planning:export_reserves", False, True, ("unit",), "导出 Excel（保密）"),
    "plans": ("planning:export_plans", True, True, (), "导出 Excel（保密）"),
}


def export_button(user: Any, kind: str, campaign: Campaign | None = None, **filters: str) -> ExcelLink | None:
    """The export button of a list page (None: the user may not export that list): the export view
    of ``kind`` with the page's current filters the view supports. The confidential lists only at
    county level and above (planning.export there, as the export views require); the others for
    whoever sees the page (planning.view, as their views require)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    name, per_campaign, confidential, supported, label = EXPORT_BUTTONS[kind]
    if confidential and not may_export_confidential(user):
        return None
    if not confidential and not scope_paths(user, PlanningCap.VIEW):
        return None
    if per_campaign and campaign is None:
        return None
    url = reverse(name, args=[campaign.pk] if per_campaign and campaign is not None else [])
    checks = {"unit": unit_filter, "state": state_filter}
    query = {k: checks[k](v) for k, v in filters.items() if k in supported}
    query = {k: v for k, v in query.items() if v}
    return ExcelLink(label, url + ("?" + urlencode(query) if query else ""))
