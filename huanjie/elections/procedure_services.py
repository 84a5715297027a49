"""Writes of the procedure area: elections planned per village and body with their order, scheduled
inside the window, the batch and the gates, steps recorded as they happened, and civil affairs' acts.

Each service checks the actor's capability on the village inside its transaction, validates, writes
and records the audit event. What is refused: only what is logically impossible — a step dated after
today (it has not happened yet), a step recorded twice, a step of an election without a day. A step
late, early or out of order is recorded as it happened, flagged with the violations and their
citations, and needs a reason (the town and the county then see it on their home pages). A step dated
before the election was entered is NOT refused: elections are often entered after steps happened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, scope_paths
from huanjie.core.versioning import bump, check_version, loaded_version, sync
from huanjie.elections import procedure_adapters as ad
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body, Kind
from huanjie.elections.models import (
    AlertAck,
    BoundaryChange,
    Election,
    ElectionDependency,
    ElectionStep,
    GovernmentAct,
    StepCorrection,
)
from huanjie.elections.procedure_choices import ActKind
from huanjie.org.models import OrgUnit
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Batch, Campaign
from huanjie.rules import election_plan
from huanjie.rules.schedule import validate
from huanjie.rules.workflow import level_of_path

LEAF_LEVELS = ("village", "community")
SCHEDULE_FIELDS = ("election_day", "batch")
DEPENDENCY_FIELDS = ("order",)
MAX_REASON = 1000


def _ensure_editor(actor: Any, unit: OrgUnit) -> None:
    if not can(actor, ElectionsCap.EDIT, unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）可以安排选举和登记程序步骤")


def _locked(
    actor: Any, election: Election, version: Any = None, seen: dict[str, Any] | None = None, *, fields=()
):  # type: ignore[no-untyped-def]
    current = (
        Election.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign", "batch")
        .get(pk=election.pk)
    )
    _ensure_editor(actor, current.unit)
    check_version(current, loaded_version(election, version), seen=seen, fields=fields)
    return current


@transaction.atomic(durable=True)
def election_create(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    body: str,
    kind: str = Kind.REGULAR,
    body_label: str = "",
    order: int | None = None,
) -> Election:
    """Plan one election of a village's body in the campaign. By default it waits for the village's
    Party organization election (party first); a new Party organization election becomes the
    dependency of the village's other elections of the campaign."""
    _ensure_editor(actor, unit)
    errors: dict[str, str] = {}
    if unit.level not in LEAF_LEVELS:
        errors["unit"] = "请选择村或社区"
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        errors["unit"] = "该村（社区）所属市没有已发布的换届工作"
    if body not in Body.values:
        errors["body"] = "请选择选举对象"
    if kind not in Kind.values:
        errors["kind"] = "请选择选举类型"
    if len(body_label) > 50:
        errors["body_label"] = "组织名称不能超过 50 字"
    if errors:
        raise ValidationError(errors)
    siblings = list(Election.objects.filter(campaign=campaign, unit=unit).order_by("order", "pk"))
    if order is None:
        order = max((e.order for e in siblings), default=0) + 1
    row = Election.objects.create(
        campaign=campaign, unit=unit, body=body, kind=kind, body_label=body_label.strip(), order=order
    )
    party = [str(e.pk) for e in siblings if e.body == Body.PARTY]
    for key in election_plan.default_dependencies(body, party):
        ElectionDependency.objects.create(election=row, depends_on_id=int(key))
    if body == Body.PARTY:
        for e in siblings:
            if e.body != Body.PARTY:
                ElectionDependency.objects.create(election=e, depends_on=row)
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


def _reaches(start: int, target: int, edges: dict[int, set[int]]) -> bool:
    seen: set[int] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return False


@transaction.atomic(durable=True)
def dependencies_set(
    *,
    actor: Any,
    election: Election,
    depends_on: list[int],
    order: int,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Election:
    """The local order (representatives, group leaders, 预选… are a local choice): the village's
    elections this one waits for, and its place in the list. Refused when it would make a cycle or
    break the order of days already scheduled."""
    current = _locked(actor, election, version, seen, fields=DEPENDENCY_FIELDS)
    siblings = {e.pk: e for e in Election.objects.filter(campaign=current.campaign, unit=current.unit)}
    wanted = set(depends_on)
    if current.pk in wanted or not wanted <= set(siblings):
        raise ValidationError({"depends_on": "只能选择本村（社区）本次换届的其他选举"})
    edges: dict[int, set[int]] = {}
    for d in ElectionDependency.objects.filter(election__in=list(siblings)).exclude(election=current):
        edges.setdefault(d.election_id, set()).add(d.depends_on_id)
    for pk in wanted:
        if _reaches(pk, current.pk, edges):
            raise ValidationError({"depends_on": f"“{ad.label(siblings[pk])}”已依赖本选举，不能互相依赖"})
    if current.election_day is not None:
        edges[current.pk] = wanted
        plan = [
            election_plan.Planned(
                str(pk), e.body, e.election_day, tuple(str(x) for x in edges.get(pk, ())), ad.label(e)
            )
            for pk, e in siblings.items()
        ]
        problems = [c.text for c in election_plan.conflicts(plan) if c.kind == "order"]
        if problems:
            raise ValidationError({"depends_on": "；".join(problems)})
    before = {
        "order": current.order,
        "depends_on": sorted(
            ElectionDependency.objects.filter(election=current).values_list("depends_on_id", flat=True)
        ),
    }
    ElectionDependency.objects.filter(election=current).exclude(depends_on_id__in=wanted).delete()
    have = set(ElectionDependency.objects.filter(election=current).values_list("depends_on_id", flat=True))
    for pk in sorted(wanted - have):
        ElectionDependency.objects.create(election=current, depends_on_id=pk)
    current.order = order
    current.save(update_fields=["order", bump(current)])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=current,
        before=before,
        after={"order": order, "depends_on": sorted(wanted)},
    )
    sync(election, current)
    return current


@transaction.atomic(durable=True)
def boundary_set(*, actor: Any, election: Election, approved_on: dt.date, document_no: str) -> BoundaryChange:
    """Record the 区划批复 an election after a boundary change is counted from."""
    current = Election.objects.select_related("unit", "campaign").get(pk=election.pk)
    _ensure_editor(actor, current.unit)
    errors: dict[str, str] = {}
    if current.kind != Kind.BOUNDARY:
        errors["approved_on"] = "只有区划调整后选举需要登记区划批复"
    if not document_no.strip():
        errors["document_no"] = "请填写批复文号"
    if approved_on > workflow.today():
        errors["approved_on"] = "批复日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    row, _ = BoundaryChange.objects.update_or_create(
        election=current, defaults={"approved_on": approved_on, "document_no": document_no.strip()}
    )
    audit.record(AuditAction.UPDATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


def schedule_refusals(
    actor: Any, e: Election, day: dt.date, batch: Batch | None
) -> tuple[list[str], list[str]]:
    """(refusals, notes) for scheduling ``e`` on ``day``: every closed gate's reason, the window and
    batch of a regular election (unless an approved postponement moves it), the boundary deadline of
    an election after a boundary change, and the village's order of elections."""
    refusals: list[str] = []
    notes: list[str] = []
    for gate in ad.gates(actor, e, day):
        (refusals if gate.closed else notes).append(gate.reason)
    if batch is not None and batch.campaign_id != e.campaign_id:
        refusals.append("批次不属于本次换届工作")
        batch = None
    if e.kind == Kind.REGULAR:
        if batch is None and Batch.objects.filter(campaign=e.campaign).exists():
            refusals.append("请选择该村（社区）所属批次")
        p = ad.approved_postponement(e)
        check = election_plan.check_day(
            day,
            window=(e.campaign.window_start, e.campaign.window_end),
            batch=(batch.name, batch.start, batch.end) if batch is not None else None,
            postponed_to=p.new_date if p is not None else None,
        )
        refusals.extend(check.reasons)
        notes.extend(check.notes)
    elif e.kind == Kind.BOUNDARY:
        b = BoundaryChange.objects.filter(election=e).first()
        limit = election_plan.boundary_deadline(e.campaign.profile_code, b.approved_on if b else None)
        if limit.deadline is not None and day > limit.deadline:
            refusals.append(f"{limit.text}（{limit.citation}）")
        elif b is None and limit.citation:
            refusals.append(limit.text)
        else:
            notes.append(limit.text)
    siblings = list(Election.objects.filter(campaign=e.campaign, unit=e.unit))
    plan = ad.planned(siblings)
    me = next(p for p in plan if p.key == str(e.pk))
    refusals.extend(election_plan.dependency_problems(me, day, [p for p in plan if p.key != me.key]))
    return refusals, notes


def _restamp(e: Election) -> None:
    """Re-judge the recorded steps after the day moved (their violations follow the new schedule)."""
    sched = ad.schedule_of(e)
    if sched is None:
        return
    found = validate(sched, as_of=workflow.today())
    for step in e.steps.all():
        step.violations = _as_json([v for v in found if v.step == step.key])
        step.law_code = sched.step_laws.get(step.key, step.law_code)
        step.save(update_fields=["violations", "law_code"])


def _as_json(violations: list[Any]) -> list[dict[str, str]]:
    return [
        {"kind": v.kind, "severity": v.severity, "citation": v.citation, "text": v.text}
        for v in violations
        if v.kind != "missing"
    ]


@transaction.atomic(durable=True)
def election_schedule(
    *,
    actor: Any,
    election: Election,
    election_day: dt.date,
    batch: Batch | None = None,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Election:
    """Set the election day (issue 12 req. 1): refused with every reason while a gate is closed, the
    day lies outside the window or batch (a regular election without an approved postponement), past
    the boundary-change deadline, or before an election it depends on."""
    current = _locked(actor, election, version, seen, fields=SCHEDULE_FIELDS)
    refusals, _ = schedule_refusals(actor, current, election_day, batch)
    if refusals:
        raise ValidationError({"election_day": refusals})
    before = audit.snapshot(current)
    current.election_day, current.batch = election_day, batch
    current.save(update_fields=["election_day", "batch", bump(current)])
    _restamp(current)
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
    )
    sync(election, current)
    return current


@transaction.atomic(durable=True)
def step_record(
    *,
    actor: Any,
    election: Election,
    key: str,
    done_on: dt.date,
    reason: str = "",
    evidence_name: str = "",
    evidence_data: bytes = b"",
) -> ElectionStep:
    """Record one step as it happened (issue 12 req. 2): its true date, who, the evidence (stored
    encrypted). Late, early or out of order is recorded and flagged with the violations and their
    citations, and a reason is required; only a date after today or a second record is refused."""
    current = Election.objects.select_related("unit", "campaign").get(pk=election.pk)
    _ensure_editor(actor, current.unit)
    sched = ad.schedule_of(current)
    if sched is None:
        raise ValidationError({"key": "请先确定选举日" if ad.has_procedure(current) else ad.NO_PROCEDURE})
    keys = {p.rule.key: p for p in sched.steps}
    errors: dict[str, str] = {}
    if key not in keys:
        errors["key"] = "请选择程序步骤"
    elif ElectionStep.objects.filter(election=current, key=key).exists():
        errors["key"] = "该步骤已经登记"
    today = workflow.today()
    if done_on > today:
        errors["done_on"] = f"实际日期不能晚于今天（{today.isoformat()}）：尚未发生的步骤不能登记"
    if len(reason) > MAX_REASON:
        errors["reason"] = "情况说明不能超过 1000 字"
    if evidence_data:
        try:
            files.check(evidence_name, evidence_data)
        except ValidationError as exc:
            errors["evidence"] = "；".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    judged = ad.schedule_of(current, {key: done_on})
    assert judged is not None
    found = validate(judged, as_of=today)
    mine = _as_json([v for v in found if v.step == key])
    others_before = {s.key: s.violations for s in current.steps.all()}
    newly = [
        v
        for v in found
        if v.severity == "error"
        and v.kind != "missing"
        and (v.step == key or v.text not in {x["text"] for x in others_before.get(v.step, [])})
    ]
    if newly and not reason.strip():
        raise ValidationError(
            {"reason": "该步骤" + "；".join(v.text for v in newly) + "。请如实填写情况说明（原因）后登记"}
        )
    stored = files.store(evidence_data) if evidence_data else ""
    step = ElectionStep.objects.create(
        election=current,
        key=key,
        title=keys[key].rule.title,
        done_on=done_on,
        law_code=judged.step_laws.get(key, judged.law),
        recorded_by=str(actor),
        evidence_name=files.clean_name(evidence_name) if evidence_data else "",
        evidence_stored=stored,
        violations=mine,
        reason=reason.strip(),
    )
    for other in current.steps.exclude(pk=step.pk):
        now = _as_json([v for v in found if v.step == other.key])
        if now != other.violations:
            other.violations = now
            other.save(update_fields=["violations"])
    workflow.record_history(
        step,
        actor=actor,
        transition="record",
        from_state="",
        to_state="flagged" if mine else "recorded",
        reason=reason.strip(),
        path=current.unit.path,
    )
    audit.record(
        AuditAction.CREATE, actor=actor, instance=step, after=audit.snapshot(step), reason=reason.strip()
    )
    return step


@transaction.atomic(durable=True)
def act_record(
    *, actor: Any, election: Election, kind: str, document_no: str, date: dt.date, note: str = ""
) -> GovernmentAct:
    """Civil affairs (民政) records a decision or filing the profile gives the government."""
    current = Election.objects.select_related("unit").get(pk=election.pk)
    if not can(actor, ElectionsCap.CIVIL, current.unit.path):
        raise PermissionDenied("只有民政部门可以登记政府的决定和备案")
    errors: dict[str, str] = {}
    if kind not in ActKind.values:
        errors["kind"] = "请选择类别"
    if not document_no.strip():
        errors["document_no"] = "请填写文件编号"
    if date > workflow.today():
        errors["date"] = "日期不能晚于今天"
    if len(note) > MAX_REASON:
        errors["note"] = "说明不能超过 1000 字"
    if errors:
        raise ValidationError(errors)
    row = GovernmentAct.objects.create(
        election=current,
        kind=kind,
        document_no=document_no.strip(),
        date=date,
        note=note.strip(),
        recorded_by=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


# ---------------------------------------------------------------------------------------------
# Corrections of recorded steps, acknowledged alerts


def _state(violations: list[dict[str, str]]) -> str:
    return "flagged" if violations else "recorded"


@transaction.atomic(durable=True)
def step_correct(
    *,
    actor: Any,
    step: ElectionStep,
    reason: str,
    done_on: dt.date | None = None,
    evidence_name: str = "",
    evidence_data: bytes = b"",
    situation: str = "",
) -> StepCorrection:
    """Correct a recorded step's date and/or evidence (a wrong date typed, the wrong photo). The step
    keeps the corrected values; a StepCorrection row keeps the old ones with the reason and who made
    it, the workflow history and the audit chain record it. Every step's violations are judged again
    on the corrected dates (a correction may clear a flag or raise one; a new violation needs the
    情况说明 as when recording). Refused: no reason, nothing changed, a date after today."""
    current = (
        ElectionStep.objects.select_for_update(of=("self",))
        .select_related("election", "election__unit", "election__campaign")
        .get(pk=step.pk)
    )
    e = current.election
    _ensure_editor(actor, e.unit)
    errors: dict[str, str] = {}
    reason, situation = reason.strip(), situation.strip()
    if not reason:
        errors["reason"] = "请填写更正原因"
    elif len(reason) > MAX_REASON:
        errors["reason"] = "更正原因不能超过 1000 字"
    if len(situation) > MAX_REASON:
        errors["situation"] = "情况说明不能超过 1000 字"
    today = workflow.today()
    new_day = done_on or current.done_on
    if new_day > today:
        errors["done_on"] = f"实际日期不能晚于今天（{today.isoformat()}）：尚未发生的步骤不能登记"
    if evidence_data:
        try:
            files.check(evidence_name, evidence_data)
        except ValidationError as exc:
            errors["evidence"] = "；".join(exc.messages)
    if new_day == current.done_on and not evidence_data and not errors:
        errors["done_on"] = "请填写更正后的实际日期或上传更正后的佐证材料"
    if errors:
        raise ValidationError(errors)
    sched = ad.schedule_of(e)
    if sched is None:
        raise ValidationError({"done_on": "请先确定选举日"})
    judged = ad.schedule_of(e, {current.key: new_day})
    assert judged is not None
    found = validate(judged, as_of=today)
    mine = _as_json([v for v in found if v.step == current.key])
    known = {x["text"] for x in current.violations}
    newly = [v for v in found if v.step == current.key and v.severity == "error" and v.text not in known]
    if newly and not (situation or current.reason):
        raise ValidationError(
            {"situation": "更正后该步骤" + "；".join(v.text for v in newly) + "。请如实填写情况说明（原因）"}
        )
    before = audit.snapshot(current)
    row = StepCorrection.objects.create(
        step=current,
        old_done_on=current.done_on,
        new_done_on=new_day,
        old_evidence_name=current.evidence_name,
        old_evidence_stored=current.evidence_stored,
        new_evidence_name=files.clean_name(evidence_name) if evidence_data else current.evidence_name,
        evidence_replaced=bool(evidence_data),
        old_violations=current.violations,
        new_violations=mine,
        reason=reason,
        corrected_by=str(actor),
    )
    old_state = _state(current.violations)
    current.done_on = new_day
    current.law_code = judged.step_laws.get(current.key, judged.law)
    current.violations = mine
    if evidence_data:
        current.evidence_name = row.new_evidence_name
        current.evidence_stored = files.store(evidence_data)
    if situation:
        current.reason = situation
    current.save()
    for other in e.steps.exclude(pk=current.pk):
        now = _as_json([v for v in found if v.step == other.key])
        if now != other.violations:
            other.violations = now
            other.save(update_fields=["violations"])
    workflow.record_history(
        current,
        actor=actor,
        transition="correct",
        from_state=old_state,
        to_state=_state(mine),
        reason=reason,
        path=e.unit.path,
    )
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=current,
        before=before,
        after={**audit.snapshot(current), "correction": row.pk},
        reason=reason,
    )
    return row


def alert_paths(user: Any) -> list[str]:
    """The subtrees whose step alerts reach ``user``: the towns it runs (``elections.edit`` at town
    level) and what it oversees (``elections.oversee``, county and above)."""
    paths = [p for p in scope_paths(user, ElectionsCap.EDIT) if level_of_path(p) == "town"]
    return paths + scope_paths(user, ElectionsCap.OVERSEE)


def error_texts(step: ElectionStep) -> list[str]:
    return sorted(v["text"] for v in step.violations if v.get("severity") == "error")


@transaction.atomic(durable=True)
def alert_acknowledge(*, actor: Any, step: ElectionStep, note: str) -> AlertAck:
    """The town or county acknowledges (知悉) a step's violation alert with a note (what it did about
    it). The alert leaves that level's home page; the violation stays on the record and on the
    county's violations view. Refused: no note, no violation to acknowledge, already acknowledged at
    this level, or a user the alert does not reach."""
    current = ElectionStep.objects.select_related("election", "election__unit").get(pk=step.pk)
    path = current.election.unit.path
    mine = [p for p in alert_paths(actor) if path.startswith(p)]
    if not mine:
        raise PermissionDenied("只有所属乡镇（街道）或县级以上可以知悉违规提醒")
    level_path = max(mine, key=len)
    note = note.strip()
    errors: dict[str, str] = {}
    texts = error_texts(current)
    if not texts:
        errors["step"] = "该步骤没有违规提醒"
    elif any(
        set(texts) <= set(a.texts) for a in AlertAck.objects.filter(step=current, level_path=level_path)
    ):
        errors["step"] = "本级已经知悉该提醒"
    if not note:
        errors["note"] = "请填写处理意见"
    elif len(note) > MAX_REASON:
        errors["note"] = "处理意见不能超过 1000 字"
    if errors:
        raise ValidationError(errors)
    unit = OrgUnit.objects.filter(path=level_path).only("name").first()
    row = AlertAck.objects.create(
        step=current,
        level_path=level_path,
        level_name=unit.name if unit is not None else level_path,
        texts=texts,
        note=note,
        acknowledged_by=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row), reason=note)
    return row
