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


def seats_rows(user: Any, c: Campaign) -> list[SeatsRow]:
    """One row per village with 职数 recorded (村委会 and/or 党组织), in code order."""
    rows: dict[int, SeatsRow] = {}
    for cs in CommitteeSeats.objects.visible_to(user).filter(campaign=c).select_related("unit"):
        rows.setdefault(cs.unit_id, SeatsRow(cs.unit.code, cs.unit.name)).committee = cs
    for ps in PartySeats.objects.visible_to(user).filter(campaign=c).select_related("unit"):
        rows.setdefault(ps.unit_id, SeatsRow(ps.unit.code, ps.unit.name)).party = ps
    return sorted(rows.values(), key=lambda r: r.code)


def assessment_rows(user: Any, c: Campaign) -> Iterator[Assessment]:
    return (
        Assessment.objects.visible_to(user)
        .filter(campaign=c)
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


def reserve_rows(user: Any) -> Iterator[ReserveCadre]:
    ensure_confidential_export(user)
    return (
        ReserveCadre.objects.visible_to(user)
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
