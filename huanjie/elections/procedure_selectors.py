"""Reads of the procedure area: every selector takes the user and reaches elections only through
scoping (``elections.view``); out of scope is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.plugins import Gate
from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.elections import procedure_adapters as ad
from huanjie.elections import procedure_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Kind
from huanjie.elections.models import (
    AlertAck,
    BoundaryChange,
    Election,
    ElectionDependency,
    ElectionStep,
    GovernmentAct,
)
from huanjie.org.models import OrgUnit
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Batch, Campaign
from huanjie.planning.rectification_selectors import latest_campaign
from huanjie.rules import election_plan
from huanjie.rules.citations import provenance_label
from huanjie.rules.profiles import get_law
from huanjie.rules.schedule import validate

NOT_FOUND = "未找到，或不在您的管辖范围内"
LEAF_LEVELS = ("village", "community")
UNIT_CHOICES_MAX = 500
CALENDAR_MAX = 500
"""Elections a calendar or the county view reads at most (a town has dozens; a county hundreds)."""


def elections(user: Any, *, unit_code: str = "") -> QuerySet[Election]:
    qs = Election.objects.visible_to(user).select_related("unit", "campaign", "batch")
    if unit_code.isdigit():
        qs = qs.filter(unit__code=unit_code)
    return qs.order_by("unit__path", "order", "pk")


def election(user: Any, pk: int) -> Election:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Election.objects.select_related("unit", "campaign", "campaign__city", "batch"), user, pk=pk
    )


def election_with_steps(user: Any, pk: int) -> Election:
    """An election with its recorded steps (``step_rows``) for the API."""
    e = election(user, pk)
    e.step_rows = list(ElectionStep.objects.visible_to(user).filter(election=e))  # type: ignore[attr-defined]
    return e


def may_edit(user: Any, e: Election) -> bool:
    return can(user, ElectionsCap.EDIT, e.unit.path)


def editable_units(user: Any) -> list[tuple[str, str]]:
    """(code, name) of the villages and communities the user may plan elections for."""
    paths = scope_paths(user, ElectionsCap.EDIT)
    if not paths:
        return []
    rows = OrgUnit.objects.filter(path_q("path", paths), level__in=LEAF_LEVELS).order_by("path")
    return [(u.code, u.name) for u in rows[:UNIT_CHOICES_MAX]]


def editable_unit(user: Any, code: str) -> tuple[OrgUnit, Campaign]:
    """A village of the user's edit scope with its latest published campaign (404 otherwise)."""
    paths = scope_paths(user, ElectionsCap.EDIT)
    unit = None
    if paths and code.isdigit():
        unit = OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=LEAF_LEVELS).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    c = latest_campaign(unit)
    if c is None:
        raise Http404("该村（社区）所属市没有已发布的换届工作")
    return unit, c


# ---------------------------------------------------------------------------------------------
# The election page


@dataclass(frozen=True)
class StepRow:
    key: str
    title: str
    latest: dt.date | None
    earliest: dt.date | None
    explanation: str
    citation: str
    provenance: str
    law: str
    required: bool
    done: ElectionStep | None
    overdue: bool


@dataclass(frozen=True)
class ElectionPage:
    election: Election
    label: str
    steps: list[StepRow]
    transition: tuple[str, ...]
    no_procedure: str
    gates: list[Gate]
    gates_closed: bool
    dependencies: list[Election]
    dependents: list[Election]
    siblings: list[tuple[int, str]]
    batches: list[Batch]
    postponement: str
    boundary: BoundaryChange | None
    boundary_text: str
    acts: list[GovernmentAct]
    can_edit: bool
    can_act: bool
    open_steps: list[tuple[str, str]]
    flagged: int
    done_steps: list[tuple[int, str]]
    ackable: list[tuple[int, str]]


def election_page(user: Any, pk: int) -> ElectionPage:
    e = election(user, pk)
    today = workflow.today()
    sched = ad.schedule_of(e)
    recorded = list(e.steps.prefetch_related("corrections", "acks"))
    done = {s.key: s for s in recorded}
    rows: list[StepRow] = []
    transition: tuple[str, ...] = ()
    if sched is not None:
        transition = sched.transition
        missing = {v.step for v in validate(sched, as_of=today) if v.kind == "missing"}
        for p in sched.steps:
            rows.append(
                StepRow(
                    key=p.rule.key,
                    title=p.rule.title,
                    latest=p.latest,
                    earliest=p.earliest,
                    explanation=p.explanation,
                    citation=p.rule.citation,
                    provenance=provenance_label(p.rule.citation),
                    law=get_law(sched.step_laws.get(p.rule.key, sched.law)).title,
                    required=p.rule.required,
                    done=done.get(p.rule.key),
                    overdue=p.rule.key in missing,
                )
            )
    deps = [d.depends_on for d in ElectionDependency.objects.filter(election=e).select_related("depends_on")]
    dependents = [
        d.election for d in ElectionDependency.objects.filter(depends_on=e).select_related("election")
    ]
    siblings = [
        (s.pk, f"{ad.label(s)}（{s.get_kind_display()}）")
        for s in Election.objects.filter(campaign=e.campaign, unit=e.unit)
        .exclude(pk=e.pk)
        .order_by("order", "pk")
    ]
    gates = ad.gates(user, e, e.election_day)
    moved = ad.approved_postponement(e)
    boundary = BoundaryChange.objects.filter(election=e).first() if e.kind == Kind.BOUNDARY else None
    boundary_text = ""
    if e.kind == Kind.BOUNDARY:
        limit = election_plan.boundary_deadline(
            e.campaign.profile_code, boundary.approved_on if boundary else None
        )
        boundary_text = f"{limit.text}（{limit.citation}）" if limit.citation else limit.text
    editable = may_edit(user, e)
    return ElectionPage(
        election=e,
        label=ad.label(e),
        steps=rows,
        transition=transition,
        no_procedure="" if ad.has_procedure(e) else ad.NO_PROCEDURE,
        gates=gates,
        gates_closed=any(g.closed for g in gates),
        dependencies=deps,
        dependents=dependents,
        siblings=siblings,
        batches=list(Batch.objects.filter(campaign=e.campaign)),
        postponement=f"经批准延期至 {moved.new_date.isoformat()}（{moved.citation}）" if moved else "",
        boundary=boundary,
        boundary_text=boundary_text,
        acts=list(GovernmentAct.objects.filter(election=e)),
        can_edit=editable,
        can_act=can(user, ElectionsCap.CIVIL, e.unit.path),
        open_steps=[(r.key, r.title) for r in rows if r.done is None] if editable else [],
        flagged=sum(1 for r in rows if r.done is not None and r.done.violations),
        done_steps=[(r.done.pk, f"{r.title}（{r.done.done_on:%Y-%m-%d}）") for r in rows if r.done]
        if editable
        else [],
        ackable=ackable_steps(user, e, recorded),
    )


def step_evidence(user: Any, pk: int) -> tuple[ElectionStep, bytes]:
    """A step's evidence file, decrypted, for a user who may see the election (404 otherwise)."""
    step = get_scoped_or_404(ElectionStep.objects.select_related("election"), user, pk=pk)
    if not step.evidence_stored:
        raise Http404("该步骤没有佐证材料")
    try:
        return step, files.load(step.evidence_stored)
    except (OSError, ValueError) as exc:
        raise Http404("佐证材料文件缺失，请联系系统管理员") from exc


# ---------------------------------------------------------------------------------------------
# The town calendar and the county view


@dataclass(frozen=True)
class CalendarEntry:
    day: dt.date
    election: Election
    what: str
    overdue: bool
    is_election_day: bool


@dataclass
class CalendarWeek:
    start: dt.date
    entries: list[CalendarEntry] = field(default_factory=list)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


def _scheduled(user: Any) -> list[Election]:
    qs = elections(user).filter(election_day__isnull=False).prefetch_related("steps")
    return list(qs[:CALENDAR_MAX])


def calendar_page(user: Any) -> list[CalendarWeek]:
    """Every village's next dates: the deadline of each open required step before the vote (overdue
    ones flagged) and the election day, by date, grouped by week (Monday first). Past election days
    are left out."""
    today = workflow.today()
    entries: list[CalendarEntry] = []
    for e in _scheduled(user):
        sched = ad.schedule_of(e)
        day = e.election_day
        assert day is not None
        if sched is not None:
            done = {s.key for s in e.steps.all()}
            for p in sched.steps:
                due = p.latest
                if p.rule.key in done or not p.rule.required or p.rule.key == "election" or due is None:
                    continue
                if due > day:
                    continue  # after the vote (handover, supervision): listed once the vote is past
                entries.append(CalendarEntry(due, e, p.rule.title, due < today, False))
        if day >= today:
            entries.append(CalendarEntry(day, e, f"{ad.label(e)}选举日", False, True))
    entries.sort(key=lambda x: (x.day, x.election.unit.path, x.election.order))
    weeks: list[CalendarWeek] = []
    for entry in entries:
        monday = entry.day - dt.timedelta(days=entry.day.weekday())
        if not weeks or weeks[-1].start != monday:
            weeks.append(CalendarWeek(monday))
        weeks[-1].entries.append(entry)
    return weeks


@dataclass(frozen=True)
class FlagRow:
    election: Election
    title: str
    text: str
    citation: str
    done_on: dt.date | None
    reason: str
    acks: tuple[str, ...] = ()


@dataclass(frozen=True)
class OversightPage:
    conflicts: list[tuple[Election, str]]
    violations: list[FlagRow]
    overdue: list[FlagRow]


def oversight_page(user: Any) -> OversightPage:
    """The county's view: conflicts between a village's election days (same body twice on a day, the
    order broken), the steps recorded with violations, and the overdue steps."""
    today = workflow.today()
    rows = list(elections(user).prefetch_related("steps", "steps__acks")[:CALENDAR_MAX])
    by_unit: dict[int, list[Election]] = {}
    for e in rows:
        by_unit.setdefault(e.unit_id, []).append(e)
    by_pk = {e.pk: e for e in rows}
    conflicts: list[tuple[Election, str]] = []
    for group in by_unit.values():
        for c in election_plan.conflicts(ad.planned(group)):
            conflicts.append((by_pk[int(c.second)], c.text))
    violations: list[FlagRow] = []
    overdue: list[FlagRow] = []
    for e in rows:
        for s in e.steps.all():
            acks = tuple(
                f"{a.level_name}已知悉（{a.acknowledged_by}，{a.acknowledged_at:%Y-%m-%d}）：{a.note}"
                for a in s.acks.all()
            )
            for v in s.violations:
                violations.append(FlagRow(e, s.title, v["text"], v["citation"], s.done_on, s.reason, acks))
        sched = ad.schedule_of(e)
        if sched is None:
            continue
        for v in validate(sched, as_of=today):
            if v.kind == "missing":
                overdue.append(FlagRow(e, sched.step(v.step).rule.title, v.text, v.citation, None, ""))
    return OversightPage(conflicts, violations, overdue)


# ---------------------------------------------------------------------------------------------
# The home page's alerts (core.plugins.todo_providers)


@dataclass(frozen=True)
class StepAlert:
    label: str
    url: str
    due: dt.date | None
    overdue: bool


ALERTS_MAX = 20


def alerts(user: Any) -> list[StepAlert]:
    """Steps recorded with violations, for the town that runs the village (``elections.edit`` at town
    level) and the county that oversees it (``elections.oversee``); an alert the user's level has
    acknowledged (AlertAck covering the step's current violations) leaves the list."""
    paths = svc.alert_paths(user)
    if not paths:
        return []
    steps = (
        ElectionStep.objects.filter(path_q("election__unit__path", paths))
        .exclude(violations=[])
        .select_related("election", "election__unit")
        .prefetch_related(Prefetch("acks", queryset=AlertAck.objects.filter(level_path__in=paths)))
        .order_by("-done_on", "-pk")[: ALERTS_MAX * 5]
    )
    out: list[StepAlert] = []
    for s in steps:
        errors = [v["text"] for v in s.violations if v.get("severity") == "error"]
        if not errors or len(out) >= ALERTS_MAX:
            continue  # a warning alone (a date exactly on an “N 日前” limit) is shown on the page only
        if any(set(errors) <= set(a.texts) for a in s.acks.all()):
            continue  # acknowledged by the user's level: off the to-do list, still on the record
        e = s.election
        first = errors[0]
        out.append(
            StepAlert(
                f"选举程序违规：{e.unit.name} · {ad.label(e)}{e.get_kind_display()}——{first}"
                f"（实际办理 {s.done_on:%Y-%m-%d}）",
                reverse("elections:election", args=[e.pk]),
                None,
                False,
            )
        )
    return out


def ackable_steps(user: Any, e: Election, steps: list[ElectionStep]) -> list[tuple[int, str]]:
    """(pk, title) of the election's flagged steps whose alert reaches the user's level and that
    level has not acknowledged yet (the acknowledge form's choices)."""
    mine = [p for p in svc.alert_paths(user) if e.unit.path.startswith(p)]
    if not mine:
        return []
    level = max(mine, key=len)
    out = []
    for s in steps:
        texts = svc.error_texts(s)
        if texts and not any(a.level_path == level and set(texts) <= set(a.texts) for a in s.acks.all()):
            out.append((s.pk, s.title))
    return out
