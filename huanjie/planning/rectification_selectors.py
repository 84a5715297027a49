"""Reads of rectification (一村一策), postponements, economic audits and reserve cadres, taking the
user (planning.view scope paths; never village operators, vetting or supervision groups), plus the
election gate the elections app asks through ``core.plugins.scheduling_gates``.

The reserve target per village is read in one place, :func:`reserve_target`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.plugins import Gate
from huanjie.core.scoping import get_scoped_or_404, path_q, scope_paths
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person, Tenure
from huanjie.planning import rectification_files as files
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.models import (
    Assessment,
    Campaign,
    EconomicAudit,
    EvidenceFile,
    Postponement,
    Rectification,
    RectificationTask,
    ReserveCadre,
)
from huanjie.planning.rectification_choices import AuditItemChoice, Track
from huanjie.planning.rectification_services import RECTIFY_CATEGORIES
from huanjie.planning.selectors import NOT_FOUND, campaign, prepares
from huanjie.rules import village_prep
from huanjie.rules import workflow as wf_rules
from huanjie.rules.profiles import PostponementRule
from huanjie.rules.workflow import level_of_path

WINDOW_WARNING_DAYS = 30
"""An uncleared rectification this close to the campaign window's end is told to record a
postponement."""


def reserve_target(c: Campaign | None) -> int:
    """Reserve cadres wanted per village: the campaign's own target once campaign settings have one
    (``reserve_target``), the rules' default otherwise. The one place the target is read."""
    value = getattr(c, "reserve_target", None) if c is not None else None
    return int(value) if value is not None else village_prep.RESERVE_TARGET_DEFAULT


def _town_edit_paths(user: Any) -> list[str]:
    return [p for p in scope_paths(user, PlanningCap.EDIT) if level_of_path(p) == "town"]


def _today() -> dt.date:
    return workflow.today()


def latest_campaign(unit: OrgUnit) -> Campaign | None:
    """The latest published campaign of the unit's city (the gate does not depend on who asks)."""
    return (
        Campaign.objects.filter(state="published", city__path=unit.path[:4])
        .order_by("-window_start", "-pk")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# The election gate (core.plugins.scheduling_gates)


def scheduling_gates(user: Any, unit: OrgUnit, *, election_day: dt.date | None = None) -> list[Gate]:
    """May the village's election be scheduled? Closed while a village its assessment found weak or
    complex has no rectification cleared by the county (issue 10 req. 4). With ``election_day``, also
    the departure audit's publication (before the election day; an open gate says what is still due,
    a closed one that it came too late). The answer is the same whoever asks; reasons name no person."""
    if unit.level not in LEAF_LEVELS:
        return []
    c = latest_campaign(unit)
    if c is None:
        return []
    gates: list[Gate] = []
    r = Rectification.objects.filter(campaign=c, unit=unit).first()
    a = Assessment.objects.filter(campaign=c, unit=unit).first()
    needs = (a is not None and a.category in RECTIFY_CATEGORIES) or r is not None
    if needs and (r is None or r.state != "cleared"):
        source = r if r is not None else a
        category = source.get_category_display() if source is not None else ""
        if r is None:
            reason = (
                f"该村（社区）研判为“{category}”，须先制定整顿方案（一村一策）并经县级验收销号，方可安排选举"
            )
            url = reverse("planning:rectifications", args=[c.pk])
        else:
            open_tasks = RectificationTask.objects.filter(rectification=r, progress__lt=100).count()
            state = r.workflow_spec.state_label(r.state)
            reason = (
                f"该村（社区）为“{category}”村，整顿尚未经县级验收销号（当前：{state}；"
                f"未完成任务 {open_tasks} 项），暂不能安排选举"
            )
            url = r.get_absolute_url()
        gates.append(Gate("planning.rectification", True, reason, url))
    if election_day is not None and unit.level == "village":
        check = audit_publication(unit, election_day)
        if check is not None and not check.ok:
            late = EconomicAudit.objects.filter(campaign=c, unit=unit, published_on__isnull=False).exists()
            gates.append(Gate("planning.econ_audit", late, check.message, "", check.citation))
    return gates


def audit_publication(unit: OrgUnit, election_day: dt.date) -> village_prep.PublicationCheck | None:
    """Are the village's economic audit results published before the 村委会's election day (2018 第三十五条
    / 2025 第四十条)? ``None`` for a community (no such audit) or without a published campaign."""
    if unit.level != "village":
        return None
    c = latest_campaign(unit)
    if c is None:
        return None
    a = EconomicAudit.objects.filter(campaign=c, unit=unit).first()
    return village_prep.audit_published_in_time(a.published_on if a else None, election_day)


# ---------------------------------------------------------------------------------------------
# Rectification pages


@dataclass(frozen=True)
class RectificationRow:
    rectification: Rectification
    state_label: str
    tasks: int
    done: int
    overdue: int


@dataclass(frozen=True)
class RectificationsPage:
    campaign: Campaign
    rows: list[RectificationRow]
    new_units: list[tuple[str, str]]


def rectifiable_units(user: Any, c: Campaign) -> list[tuple[str, str]]:
    """(code, name) of the weak or complex villages the user prepares without a rectification yet."""
    paths = _town_edit_paths(user)
    if not paths or c.state != "published":
        return []
    taken = Rectification.objects.filter(campaign=c).values("unit_id")
    units = (
        Assessment.objects.filter(campaign=c, category__in=list(RECTIFY_CATEGORIES))
        .filter(path_q("unit__path", paths))
        .exclude(unit_id__in=taken)
        .order_by("unit__code")
        .values_list("unit__code", "unit__name")
    )
    return list(units)


def rectifications_page(user: Any, pk: int) -> RectificationsPage:
    c = campaign(user, pk)
    today = _today()
    qs = (
        Rectification.objects.visible_to(user)
        .filter(campaign=c)
        .select_related("unit")
        .annotate(
            n_tasks=Count("tasks"),
            n_done=Count("tasks", filter=Q(tasks__progress__gte=100)),
            n_overdue=Count("tasks", filter=Q(tasks__progress__lt=100, tasks__deadline__lt=today)),
        )
        .order_by("unit__code")
    )
    spec = Rectification.workflow_spec
    rows = [
        RectificationRow(r, spec.state_label(r.state), r.n_tasks, r.n_done, r.n_overdue)  # type: ignore[attr-defined]
        for r in qs
    ]
    return RectificationsPage(c, rows, rectifiable_units(user, c))


def rectification(user: Any, pk: int) -> Rectification:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Rectification.objects.select_related("unit", "campaign", "campaign__city"), user, pk=pk
    )


@dataclass(frozen=True)
class TaskRow:
    task: RectificationTask
    overdue: bool
    evidence: list[EvidenceFile]


@dataclass(frozen=True)
class TrackGroup:
    code: str
    label: str
    tasks: list[TaskRow]


@dataclass(frozen=True)
class RectificationPage:
    rectification: Rectification
    state_label: str
    tracks: list[TrackGroup]
    can_edit: bool
    actions: list[workflow.NextAction]
    history: list[Any]
    gate: list[Gate]
    window_warning: str
    postponements: list[Postponement]
    can_postpone: bool


def rectification_page(user: Any, r: Rectification) -> RectificationPage:
    today = _today()
    tasks = list(
        RectificationTask.objects.visible_to(user).filter(rectification=r).prefetch_related("evidence")
    )
    tracks = [
        TrackGroup(
            code,
            label,
            [
                TaskRow(t, t.progress < 100 and t.deadline < today, list(t.evidence.all()))
                for t in tasks
                if t.track == code
            ],
        )
        for code, label in Track.choices
    ]
    spec = r.workflow_spec
    editable = prepares(user, r.unit) and not wf_rules.is_locked(spec, r.state)
    warning = ""
    left = (r.campaign.window_end - today).days
    if r.state != "cleared" and left <= WINDOW_WARNING_DAYS:
        when = (
            f"已于 {r.campaign.window_end:%Y-%m-%d} 结束"
            if left < 0
            else f"将于 {r.campaign.window_end:%Y-%m-%d} 结束"
        )
        warning = f"换届工作时间窗口{when}，整顿尚未销号：如不能按期选举，请登记延期换届申请并按程序报批"
    return RectificationPage(
        rectification=r,
        state_label=spec.state_label(r.state),
        tracks=tracks,
        can_edit=editable,
        actions=workflow.next_actions(user, r),
        history=workflow.history(r),
        gate=scheduling_gates(user, r.unit),
        window_warning=warning,
        postponements=list(Postponement.objects.visible_to(user).filter(campaign=r.campaign, unit=r.unit)),
        can_postpone=prepares(user, r.unit) and r.campaign.state == "published",
    )


def task(user: Any, pk: int) -> RectificationTask:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        RectificationTask.objects.select_related("rectification__unit", "rectification__campaign"),
        user,
        pk=pk,
    )


@dataclass(frozen=True)
class TaskPage:
    task: RectificationTask
    overdue: bool
    evidence: list[EvidenceFile]
    can_edit: bool
    max_mb: int
    allowed: str


def task_page(user: Any, t: RectificationTask) -> TaskPage:
    r = t.rectification
    return TaskPage(
        task=t,
        overdue=t.progress < 100 and t.deadline < _today(),
        evidence=list(EvidenceFile.objects.visible_to(user).filter(task=t)),
        can_edit=prepares(user, r.unit) and not wf_rules.is_locked(r.workflow_spec, r.state),
        max_mb=files.max_bytes() // files.MB,
        allowed=files.ALLOWED_LABEL,
    )


def evidence(user: Any, pk: int) -> EvidenceFile:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        EvidenceFile.objects.select_related("task__rectification__unit"), user, pk=pk
    )


def evidence_content(user: Any, pk: int) -> tuple[EvidenceFile, bytes]:
    """The file and its decrypted content, for a user who sees its task (404 otherwise, or when the
    stored file is missing)."""
    ev = evidence(user, pk)
    try:
        return ev, files.load(ev.stored)
    except (OSError, ValueError) as exc:
        raise Http404("佐证材料文件缺失，请联系系统管理员") from exc


# ---------------------------------------------------------------------------------------------
# Postponements


def postponement(user: Any, pk: int) -> Postponement:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Postponement.objects.select_related("unit", "campaign"), user, pk=pk
    )


@dataclass(frozen=True)
class ChainStep:
    label: str
    document_no: str
    date: dt.date | None


@dataclass(frozen=True)
class PostponementPage:
    postponement: Postponement
    steps: list[ChainStep]
    next_step: str | None
    approved: bool
    shift: village_prep.ShiftCheck
    provenance: str
    can_edit: bool
    can_correct: bool
    rectification: Rectification | None


def postponement_page(user: Any, p: Postponement) -> PostponementPage:
    from huanjie.rules.citations import provenance_label

    done = {a.step: a for a in p.approvals.all()}
    steps = [
        ChainStep(label, done[i].document_no if i in done else "", done[i].date if i in done else None)
        for i, label in enumerate(p.chain)
    ]
    rule = PostponementRule(p.applicant, tuple(p.chain), p.limit_months, p.limit_soft)
    nxt = village_prep.next_step(rule, len(done))
    editable = prepares(user, p.unit)
    return PostponementPage(
        postponement=p,
        steps=steps,
        next_step=nxt,
        approved=nxt is None,
        shift=village_prep.check_shift(rule, p.due_date, p.new_date),
        provenance=provenance_label(p.citation),
        can_edit=editable and nxt is not None,
        can_correct=editable and not done,
        rectification=Rectification.objects.visible_to(user).filter(campaign=p.campaign, unit=p.unit).first(),
    )


# ---------------------------------------------------------------------------------------------
# Economic audits


@dataclass(frozen=True)
class AuditRow:
    audit: EconomicAudit
    published: bool


@dataclass(frozen=True)
class AuditsPage:
    campaign: Campaign
    rows: list[AuditRow]
    new_units: list[tuple[str, str]]


def auditable_units(user: Any, c: Campaign) -> list[tuple[str, str]]:
    """(code, name) of the villages the user prepares without an audit record in the campaign."""
    paths = _town_edit_paths(user)
    if not paths or c.state != "published":
        return []
    taken = EconomicAudit.objects.filter(campaign=c).values("unit_id")
    return list(
        OrgUnit.objects.filter(path_q("path", paths), level="village", is_active=True)
        .filter(path__startswith=c.city.path)
        .exclude(pk__in=taken)
        .order_by("code")
        .values_list("code", "name")
    )


def audits_page(user: Any, pk: int) -> AuditsPage:
    c = campaign(user, pk)
    qs = (
        EconomicAudit.objects.visible_to(user)
        .filter(campaign=c)
        .select_related("unit")
        .order_by("unit__code")
    )
    return AuditsPage(c, [AuditRow(a, a.published_on is not None) for a in qs], auditable_units(user, c))


def econ_audit(user: Any, pk: int) -> EconomicAudit:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        EconomicAudit.objects.select_related("unit", "campaign"), user, pk=pk
    )


@dataclass(frozen=True)
class AuditPage:
    audit: EconomicAudit
    law_title: str
    citation: str
    items: list[tuple[str, str, bool]]
    """(code, the law's text of the item, covered)."""
    organiser_label: str
    members: list[Tenure]
    can_edit: bool


def econ_audit_page(user: Any, a: EconomicAudit) -> AuditPage:
    from huanjie.rules.profiles import LAWS

    code = village_prep.audit_law_code(a.started_on)
    law = LAWS[code]
    organisers = dict(village_prep.AUDIT_ORGANISERS[code])
    return AuditPage(
        audit=a,
        law_title=law.title,
        citation=law.cite(law.schedule.audit_article),
        items=[(i.code, i.text, i.code in a.items) for i in village_prep.AUDIT_ITEMS[code]],
        organiser_label=organisers.get(a.organiser, a.get_organiser_display()),
        members=list(
            Tenure.objects.filter(
                committee__org_unit_id=a.unit_id, committee__kind="villagers_committee", end_date__isnull=True
            )
            .select_related("person")
            .order_by("post", "pk")
        ),
        can_edit=prepares(user, a.unit),
    )


def audit_item_choices() -> list[tuple[str, str]]:
    return list(AuditItemChoice.choices)


# ---------------------------------------------------------------------------------------------
# Reserve cadres (保密)


def reserve_unit(user: Any, code: str) -> OrgUnit:
    """A village or community inside the user's planning jurisdiction (404 otherwise)."""
    paths = scope_paths(user, PlanningCap.VIEW)
    unit = None
    if paths and code.isdigit():
        unit = OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=LEAF_LEVELS).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


@dataclass(frozen=True)
class ReservesPage:
    unit: OrgUnit
    rows: list[ReserveCadre]
    ratio: village_prep.ReserveRatio
    candidates: list[tuple[int, str]]
    can_edit: bool


def may_edit_reserves(user: Any, unit: OrgUnit) -> bool:
    """May the user fill this village's reserve cadres (its own town, while the unit is active)?"""
    return prepares(user, unit) and unit.is_active


def reserves_page(user: Any, code: str) -> ReservesPage:
    unit = reserve_unit(user, code)
    rows = list(ReserveCadre.objects.visible_to(user).filter(unit=unit).select_related("person"))
    active = sum(1 for r in rows if r.active)
    editable = may_edit_reserves(user, unit)
    candidates: list[tuple[int, str]] = []
    if editable:
        taken = {r.person_id for r in rows}
        candidates = [
            (p.pk, f"{p.name}（{p.id_masked}）")
            for p in Person.objects.filter(domicile_unit=unit).order_by("name", "pk")[:500]
            if p.pk not in taken
        ]
    return ReservesPage(
        unit=unit,
        rows=rows,
        ratio=village_prep.reserve_ratio(active, reserve_target(latest_campaign(unit))),
        candidates=candidates,
        can_edit=editable,
    )


def reserve(user: Any, pk: int) -> ReserveCadre:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        ReserveCadre.objects.select_related("unit", "person"), user, pk=pk
    )


def reserve_person(unit: OrgUnit, pk: int) -> Person:
    found = Person.objects.filter(pk=pk, domicile_unit=unit).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


# ---------------------------------------------------------------------------------------------
# The village page's links


def unit_links(user: Any, unit: OrgUnit) -> dict[str, Any] | None:
    """Links from a village's page to its rectification, audit and reserve cadres; None without a
    planning view over the unit (保密)."""
    paths = tuple(scope_paths(user, PlanningCap.VIEW))
    if unit.level not in LEAF_LEVELS or not paths or not unit.path.startswith(paths):
        return None
    c = latest_campaign(unit)
    r = Rectification.objects.visible_to(user).filter(campaign=c, unit=unit).first() if c else None
    a = EconomicAudit.objects.visible_to(user).filter(campaign=c, unit=unit).first() if c else None
    return {
        "prep_unit": unit,
        "prep_campaign": c,
        "prep_rectification": r,
        "prep_audit": a,
        "prep_gate_closed": any(g.closed for g in scheduling_gates(user, unit)),
    }
