"""Every write of the personnel plans (人事安排初步方案, issue 10 req. 7): keyword-only, one durable
transaction each, scope re-checked, audited. Every change of a plan rewrites its projection row
(planning.PlanProjection) in the same transaction, so the town, county and city figures (SQL sums of
those rows) are current as soon as the change is committed. State changes go through core.workflow;
submission is refused while the plan has a block (plan_selectors.plan_checks)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.people.capabilities import PeopleCap
from huanjie.people.models import Person
from huanjie.planning import confidential
from huanjie.planning import plan_selectors as sel
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.models import Campaign, PersonnelPlan, PlanProjection, PlanSeat
from huanjie.planning.plan_workflow import POSTS_OF_SIDE, Decision, SeatPost, SeatSide
from huanjie.planning.services import _ensure_preparer

UNIQUE_POSTS = (SeatPost.SECRETARY, SeatPost.CHAIR)


def refresh_projection(plan: PersonnelPlan) -> PlanProjection:
    """Rewrite the plan's projection row from its seats (inside the caller's transaction)."""
    totals = sel.plan_totals(plan, sel.plan_seats(plan))
    path = plan.unit.path
    values = {f: getattr(totals, f) for f in sel.TOTAL_FIELDS}
    row, _ = PlanProjection.objects.update_or_create(
        plan=plan,
        defaults={
            "campaign": plan.campaign,
            "city_path": path[:4],
            "county_path": path[:6],
            "town_path": path[:9],
            "state": plan.state,
            **values,
        },
    )
    return row


@transaction.atomic(durable=True)
def plan_create(*, actor: Any, campaign: Campaign, unit: OrgUnit) -> PersonnelPlan:
    """Open the village's 人事安排初步方案 (one per campaign), prepared by its town."""
    _ensure_preparer(actor, campaign, unit)
    if PersonnelPlan.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError({"unit": "该村（社区）已有人事安排初步方案"})
    plan = PersonnelPlan.objects.create(campaign=campaign, unit=unit)
    refresh_projection(plan)
    audit.record(AuditAction.CREATE, actor=actor, instance=plan, after=audit.snapshot(plan))
    return plan


def _editable(actor: Any, plan: PersonnelPlan) -> PersonnelPlan:
    current = PersonnelPlan.objects.select_for_update().select_related("unit", "campaign").get(pk=plan.pk)
    workflow.ensure_editable(current, actor)
    _ensure_preparer(actor, current.campaign, current.unit)
    return current


@transaction.atomic(durable=True)
def seat_set(
    *,
    actor: Any,
    plan: PersonnelPlan,
    side: str,
    post: str,
    decision: str,
    person: Person,
    note: str = "",
    seat: PlanSeat | None = None,
) -> PlanSeat:
    """Add a line to the plan (or change ``seat``): a seat of ``side`` with its ``post``, the
    decision (进: a person not sitting on the village's “两委”; 留/转/退: a sitting member) and the
    person (one the actor may see in people's jurisdiction). One 书记 and one 主任."""
    current = _editable(actor, plan)
    ensure_path_in_scope(actor, person.domicile_unit.path, PeopleCap.VIEW)
    errors: dict[str, str] = {}
    if side not in SeatSide.values:
        errors["side"] = "请选择班子"
    elif post not in POSTS_OF_SIDE[side]:
        errors["post"] = "请选择该班子的职务"
    if decision not in Decision.values:
        errors["decision"] = "请选择进、退、留或转"
    sitting = person.pk in sel.sitting_person_ids(current.unit)
    if decision == Decision.ENTER and sitting:
        errors["decision"] = "此人是现任成员，请选择“留”“转”或“退”"
    if decision in (Decision.STAY, Decision.TRANSFER, Decision.LEAVE) and not sitting:
        errors["decision"] = "此人不是该村（社区）的现任成员，新进人选请选择“进”"
    if len(note) > 200:
        errors["note"] = "备注不能超过 200 字"
    others = PlanSeat.objects.filter(plan=current).exclude(pk=seat.pk if seat else None)
    if others.filter(side=side, person=person).exists():
        errors["person"] = "此人在该班子中已有安排"
    head_taken = others.filter(side=side, post=post).exclude(decision=Decision.LEAVE).exists()
    if post in UNIQUE_POSTS and decision != Decision.LEAVE and head_taken:
        errors["post"] = f"该班子已安排{SeatPost(post).label}"
    if errors:
        raise ValidationError(errors)
    if seat is not None:
        row = PlanSeat.objects.select_for_update().filter(pk=seat.pk, plan=current).first()
        if row is None:
            raise ValidationError({"seat": "该席位已不存在"})
        before: dict[str, Any] | None = audit.snapshot(row)
    else:
        row, before = PlanSeat(plan=current), None
    row.side, row.post, row.decision, row.person, row.note = side, post, decision, person, note.strip()
    row.save()
    refresh_projection(current)
    if before is None:
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    else:
        audit.record_if_changed(AuditAction.UPDATE, actor=actor, instance=row, before=before)
    return row


@transaction.atomic(durable=True)
def seat_delete(*, actor: Any, seat: PlanSeat) -> None:
    current = _editable(actor, seat.plan)
    row = PlanSeat.objects.select_for_update().filter(pk=seat.pk, plan=current).first()
    if row is None:
        raise ValidationError("该席位已不存在")
    audit.record(AuditAction.DELETE, actor=actor, instance=row, before=audit.snapshot(row))
    row.delete()
    refresh_projection(current)


def plan_act(*, actor: Any, plan: PersonnelPlan, name: str, reason: str = "") -> PersonnelPlan:
    """Submit (the town; refused while a block stands), return with a reason or approve (the county),
    or unlock (the level above, with a reason: core.workflow.unlock). The projection row follows."""
    if name == "unlock":
        workflow.unlock(actor=actor, record=plan, reason=reason)
        _sync_state(plan)
    else:
        _move(actor=actor, plan=plan, name=name, reason=reason)
    plan.refresh_from_db()
    return plan


@transaction.atomic(durable=True)
def _move(*, actor: Any, plan: PersonnelPlan, name: str, reason: str) -> None:
    if name == "submit":
        current = PersonnelPlan.objects.select_related("unit", "campaign").get(pk=plan.pk)
        blocks = [f for f in sel.plan_checks(current, sel.plan_seats(current), workflow.today()) if f.blocks]
        if blocks:
            raise workflow.TransitionRefused(
                "方案存在不得上报的问题：" + "；".join(f.message for f in blocks)
            )
    workflow.apply_transition(actor=actor, record=plan, name=name, reason=reason)
    PlanProjection.objects.filter(plan=plan).update(state=PersonnelPlan.objects.get(pk=plan.pk).state)


@transaction.atomic(durable=True)
def _sync_state(plan: PersonnelPlan) -> None:
    PlanProjection.objects.filter(plan=plan).update(state=PersonnelPlan.objects.get(pk=plan.pk).state)


@transaction.atomic(durable=True)
def plan_viewed(*, actor: Any, plan: PersonnelPlan, what: str = "查看人事安排初步方案（保密）") -> None:
    """Audit a view of a plan (page, preview, PDF) by someone outside the preparing town (只做不说)."""
    confidential.record_view(actor=actor, record=plan, unit_path=plan.unit.path, what=what)


@transaction.atomic(durable=True)
def summary_viewed(*, actor: Any, campaign: Campaign, unit: OrgUnit) -> None:
    """Audit a view of the plans' summary of ``unit`` (a city, county or town) by someone whose
    planning jurisdiction reaches above a town (a county, the city, leaders): the states and figures
    of plans are confidential too. A town's own operators are not audited."""
    if any(len(p) < confidential.TOWN_PATH_LENGTH for p in scope_paths(actor, PlanningCap.VIEW)):
        audit.record(
            AuditAction.VIEW_CONFIDENTIAL,
            actor=actor,
            instance=campaign,
            reason=f"查看{unit.name}人事安排初步方案汇总（保密）",
        )


def ensure_export(actor: Any, plan: PersonnelPlan) -> None:
    """Print or export a plan only at county level and above."""
    if not confidential.may_export(actor, plan.unit.path):
        raise PermissionDenied("人事安排初步方案仅限县级及以上打印或导出")
