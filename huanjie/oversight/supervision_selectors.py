"""Reads of supervision (issue 14 req. 4). Operators and leaders read groups formed in their
jurisdiction and the visits and findings of their units (``oversight.view``); a supervisor reads the
groups he serves on and the visits and findings of their assigned jurisdictions only (core scoping's
membership scope); he records only for his own groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from huanjie.core import workflow
from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.incidents_selectors import code_path
from huanjie.oversight.models import (
    Finding,
    FindingFile,
    SupervisionArea,
    SupervisionGroup,
    SupervisionMember,
    SupervisionVisit,
)
from huanjie.oversight.supervision_choices import FindingCategory, FindingSeverity, GroupKind
from huanjie.oversight.supervision_services import checklist, member_group_ids
from huanjie.oversight.supervision_workflows import FINDING_SPEC, RECTIFYING

NOT_FOUND = "未找到，或不在您的管辖范围内"


def groups(user: Any) -> QuerySet[SupervisionGroup]:
    """Groups formed in the user's jurisdiction, and those he serves on (active or not)."""
    paths = scope_paths(user, OversightCap.VIEW)
    q = Q(pk__in=member_group_ids(user))
    if paths:
        q |= path_q("formed_by__path", paths)
    return (
        SupervisionGroup.objects.filter(q)
        .select_related("formed_by")
        .annotate(n_findings=Count("findings", distinct=True), n_visits=Count("visits", distinct=True))
        .order_by("formed_by__path", "name", "pk")
    )


GROUP_STATUSES = [("active", "有效"), ("inactive", "已撤销")]


def group_list(
    user: Any,
    *,
    unit_code: str = "",
    kind: str = "",
    status: str = "",
    overdue: bool = False,
) -> QuerySet[SupervisionGroup]:
    """The groups list (issue 14 req. 9), filtered: ``unit_code`` keeps the groups assigned that
    county or town, a unit inside it or a unit containing it; ``overdue`` those with a finding still
    being rectified past its deadline. Members (leader first) and assigned areas come prefetched
    (``member_rows``, ``area_rows``): three queries whatever the number of groups."""
    qs = groups(user)
    if (path := code_path(unit_code)) is not None:
        above = [path[:n] for n in (4, 6, 9, 12) if n <= len(path)]
        qs = qs.filter(
            Exists(
                SupervisionArea.objects.filter(group=OuterRef("pk")).filter(
                    Q(unit__path__startswith=path) | Q(unit__path__in=above)
                )
            )
        )
    if kind in GroupKind.values:
        qs = qs.filter(kind=kind)
    if status in dict(GROUP_STATUSES):
        qs = qs.filter(is_active=status == "active")
    if overdue:
        qs = qs.filter(
            Exists(
                Finding.objects.filter(
                    group=OuterRef("pk"), state__in=RECTIFYING, rectify_by__lt=workflow.today()
                )
            )
        )
    return qs.prefetch_related(
        Prefetch(
            "members",
            SupervisionMember.objects.select_related("user").order_by("-is_leader", "pk"),
            to_attr="member_rows",
        ),
        Prefetch(
            "areas",
            SupervisionArea.objects.select_related("unit").order_by("unit__path"),
            to_attr="area_rows",
        ),
    )


def members_text(group: SupervisionGroup) -> str:
    """The members of a group listed by :func:`group_list`, the leader first and marked 组长."""
    return "、".join(
        f"{m.user}（组长）" if m.is_leader else str(m.user) for m in getattr(group, "member_rows", [])
    )


def areas_text(group: SupervisionGroup) -> str:
    """The assigned counties and towns of a group listed by :func:`group_list`."""
    return "、".join(a.unit.name for a in getattr(group, "area_rows", []))


@dataclass
class GroupPage:
    group: SupervisionGroup
    members: list[Any]
    areas: list[OrgUnit]
    visits: list[SupervisionVisit]
    is_member: bool
    checklist: list[str] = field(default_factory=list)
    area_choices: list[tuple[int, str]] = field(default_factory=list)


def group_page(user: Any, pk: int) -> GroupPage:
    group = groups(user).filter(pk=pk).first()
    if group is None:
        raise Http404(NOT_FOUND)
    is_member = group.pk in member_group_ids(user) and user.has_capability(OversightCap.SUPERVISE)
    areas = [a.unit for a in group.areas.select_related("unit")]
    units = (
        OrgUnit.objects.filter(
            path_q("path", [a.path for a in areas]), level__in=("county", "town"), is_active=True
        ).order_by("path")
        if areas
        else OrgUnit.objects.none()
    )
    return GroupPage(
        group=group,
        members=list(group.members.select_related("user")),
        areas=areas,
        visits=list(
            SupervisionVisit.objects.visible_to(user)
            .filter(group=group)
            .select_related("unit")
            .annotate(n_findings=Count("findings"))
            .order_by("-visited_on", "-pk")
        ),
        is_member=is_member,
        checklist=checklist(group.campaign) if is_member else [],
        area_choices=[(u.pk, u.name) for u in units] if is_member else [],
    )


@dataclass
class VisitPage:
    visit: SupervisionVisit
    checks: list[Any]
    findings: list[Finding]
    is_member: bool
    unit_choices: list[tuple[int, str]] = field(default_factory=list)


def visit_page(user: Any, pk: int) -> VisitPage:
    visit = get_scoped_or_404(SupervisionVisit.objects.select_related("group", "unit"), user, pk=pk)
    is_member = visit.group_id in member_group_ids(user) and user.has_capability(OversightCap.SUPERVISE)
    units = (
        OrgUnit.objects.filter(path__startswith=visit.unit.path, level__in=("town", "village", "community"))
        .filter(is_active=True)
        .order_by("path")
    )
    return VisitPage(
        visit=visit,
        checks=list(visit.checks.all()),
        findings=list(Finding.objects.visible_to(user).filter(visit=visit).select_related("unit")),
        is_member=is_member,
        unit_choices=[(u.pk, u.name) for u in units[:500]] if is_member else [],
    )


def findings(
    user: Any,
    *,
    unit_code: str = "",
    state: str = "",
    severity: str = "",
    overdue: bool = False,
    category: str = "",
) -> QuerySet[Finding]:
    """The findings of the user's jurisdiction, filtered, soonest deadline first (one query a page)."""
    qs = Finding.objects.visible_to(user).select_related("unit", "group")
    if (path := code_path(unit_code)) is not None:
        qs = qs.filter(unit__path__startswith=path)
    if state in FINDING_SPEC.states:
        qs = qs.filter(state=state)
    if severity in FindingSeverity.values:
        qs = qs.filter(severity=severity)
    if category in FindingCategory.values:
        qs = qs.filter(category=category)
    if overdue:
        qs = qs.filter(state__in=RECTIFYING, rectify_by__lt=workflow.today())
    return qs.order_by("rectify_by", "pk")


def is_overdue(finding: Finding, today: dt.date | None = None) -> bool:
    return finding.state in RECTIFYING and finding.rectify_by < (today or workflow.today())


@dataclass
class FindingPage:
    finding: Finding
    overdue: bool
    finding_files: list[FindingFile]
    rectification_files: list[FindingFile]
    history: list[Any]
    can_rectify: bool
    can_sign_off: bool


def finding_page(user: Any, pk: int) -> FindingPage:
    finding = get_scoped_or_404(
        Finding.objects.select_related("unit", "group", "visit", "visit__unit", "recorded_by"), user, pk=pk
    )
    files = list(FindingFile.objects.filter(finding=finding).order_by("uploaded_at", "pk"))
    actions = {a.name for a in workflow.next_actions(user, finding)}
    is_member = finding.group_id in member_group_ids(user)
    return FindingPage(
        finding=finding,
        overdue=is_overdue(finding),
        finding_files=[f for f in files if f.stage == "finding"],
        rectification_files=[f for f in files if f.stage == "rectification"],
        history=workflow.history(finding),
        can_rectify="rectify" in actions and can(user, OversightCap.EDIT, finding.unit.path),
        can_sign_off=is_member and bool(actions & {"sign_off", "return"}),
    )


def finding_file(user: Any, pk: int) -> FindingFile:
    return get_scoped_or_404(FindingFile.objects.select_related("finding"), user, pk=pk)


def pick_unit(pk: Any, choices: list[tuple[int, str]]) -> OrgUnit | None:
    """The unit picked on a form among the choices the selectors offered (None otherwise)."""
    if pk not in dict(choices):
        return None
    return OrgUnit.objects.filter(pk=pk).first()


@dataclass(frozen=True)
class GroupFormChoices:
    formers: Any
    areas: Any
    supervisors: Any


def group_form_choices(user: Any) -> GroupFormChoices | None:
    """What a city or county operator may pick when forming a group: his own city or county, the
    counties and towns of it, and the users holding the supervisor role (None: he may not form)."""
    from huanjie.accounts.models import User

    paths = [p for p in scope_paths(user, OversightCap.EDIT) if len(p) in (4, 6)]
    if not paths:
        return None
    return GroupFormChoices(
        formers=OrgUnit.objects.filter(path__in=paths).order_by("path"),
        areas=OrgUnit.objects.filter(
            path_q("path", paths), level__in=("county", "town"), is_active=True
        ).order_by("path"),
        supervisors=User.objects.filter(
            is_active=True, role_assignments__role="supervisor", role_assignments__is_active=True
        )
        .distinct()
        .order_by("username"),
    )
