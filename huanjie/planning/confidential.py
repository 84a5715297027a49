"""只做不说: the audit of every view of a confidential planning record (an assessment, a personnel
plan, their reports and PDFs) by someone outside the village's town, and who may export or print
them (county level and above). Shared by the assessment's and the plan's services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import scope_paths
from huanjie.planning.capabilities import PlanningCap
from huanjie.rules.workflow import level_of_path

TOWN_PATH_LENGTH = 9
EXPORT_LEVELS = frozenset({"city", "county"})


def viewer_outside_town(actor: Any, unit_path: str) -> bool:
    """Does ``actor`` see the village at ``unit_path`` from outside its town (county, city, leaders)?"""
    town_path = unit_path[:TOWN_PATH_LENGTH]
    return not any(p.startswith(town_path) for p in scope_paths(actor, PlanningCap.VIEW))


def may_export(actor: Any, unit_path: str) -> bool:
    """Export and print (PDF) only at county level and above: a ``planning.view`` jurisdiction of a
    county or the city holding the village (overrides “every list exports”)."""
    return any(
        unit_path.startswith(p) and level_of_path(p) in EXPORT_LEVELS
        for p in scope_paths(actor, PlanningCap.EXPORT)
    )


def record_view(*, actor: Any, record: Any, unit_path: str, what: str) -> None:
    """Inside the caller's transaction: refuse a record outside the actor's jurisdiction, and audit
    the view when the actor is outside the village's town. ``what`` names the view."""
    if not type(record).objects.visible_to(actor).filter(pk=record.pk).exists():
        raise PermissionDenied("对象不在您的管辖范围内")
    if viewer_outside_town(actor, unit_path):
        audit.record(AuditAction.VIEW_CONFIDENTIAL, actor=actor, instance=record, reason=what)
