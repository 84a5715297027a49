"""Writes of the handover (工作移交, issue 13 req. 7).

“村民委员会应当自新一届村民委员会产生之日起十日内完成工作移交。工作移交由村民选举委员会主持，由乡、民族乡、
镇的人民政府监督。” (村民委员会组织法 (2018) 第二十条 / (2025) 第二十四条; the province's article where it
has one, from the procedure's 新老班子工作移交 step). The village records each item (印章、档案、账目、
资产、债权债务: rules.handover.HANDOVER_ITEMS [M]) with its date, notes and the signed list (stored
encrypted, like a step's evidence); it submits the list once every item is done; the town signs it off
or returns it with a reason (core.workflow). The completion date is the last item's date: on time
when within the period (rules.handover.handover_on_time: exactly ten days is on time, eleven late).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.core.versioning import check_version, loaded_version
from huanjie.elections import procedure_adapters as ad
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import Election, Handover, HandoverItem
from huanjie.planning import rectification_files as files
from huanjie.rules import handover as rules

NATIONAL_RULE = "村民委员会组织法(2018) 第二十条 / 村民委员会组织法(2025) 第二十四条"


def _step(e: Election) -> tuple[int, str]:
    """The handover period and its citation from the procedure's step (the law in force, the
    province's article); the national rule when the election has no schedule."""
    try:
        schedule = ad.schedule_of(e)
    except Exception:
        schedule = None
    if schedule is not None:
        try:
            rule = schedule.step("handover").rule
        except KeyError:
            pass
        else:
            return rule.days, rule.citation
    return 10, NATIONAL_RULE


def open_handover(*, actor: Any, election: Election, produced_on: dt.date) -> Handover:
    """The handover of ``election`` (created once, with its five items), counted from the day the
    new committee was produced; inside the certification's transaction."""
    found = Handover.objects.filter(election=election).first()
    if found is not None:
        return found
    days, rule = _step(election)
    h = Handover(
        election=election,
        produced_on=produced_on,
        days=days,
        due_on=rules.handover_period(produced_on, days).end,
        rule=rule[:300],
    )
    h.save()
    HandoverItem.objects.bulk_create(
        [HandoverItem(handover=h, topic=code) for code, _label in rules.HANDOVER_ITEMS]
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=h, after=audit.snapshot(h))
    return h


def _ensure_editor(actor: Any, h: Handover) -> None:
    if not can(actor, ElectionsCap.EDIT, h.election.unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）经办人员可以登记工作移交")


def _locked(actor: Any, h: Handover) -> Handover:
    current = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("election", "election__unit", "election__campaign")
        .get(pk=h.pk)
    )
    _ensure_editor(actor, current)
    return current


@transaction.atomic(durable=True)
def item_record(
    *,
    actor: Any,
    item: HandoverItem,
    done_on: dt.date | None,
    notes: str,
    evidence_name: str = "",
    evidence_data: bytes = b"",
    version: int | None = None,
) -> HandoverItem:
    """Record one item of the list: when handed over, notes, the signed list (encrypted). Refused once
    submitted or signed off, and with a date before the new committee was produced or in the future."""
    h = _locked(actor, item.handover)
    check_version(h, loaded_version(item.handover, version))
    if h.state != "open":
        raise ValidationError("移交清单已提交乡镇（街道）确认，不能再修改；如需修改，请乡镇（街道）退回")
    errors: dict[str, str] = {}
    if done_on is not None and done_on < h.produced_on:
        errors["done_on"] = f"移交日期不能早于新一届产生之日 {h.produced_on.isoformat()}"
    if done_on is not None and done_on > timezone.localdate():
        errors["done_on"] = "移交日期不能晚于今天"
    if len(notes) > 1000:
        errors["notes"] = "说明不能超过 1000 字"
    if evidence_data:
        try:
            files.check(evidence_name, evidence_data)
        except ValidationError as exc:
            errors["evidence"] = "；".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    it = HandoverItem.objects.select_for_update().get(pk=item.pk, handover=h)
    before = {"移交日期": str(it.done_on or ""), "说明": it.notes, "移交清单": it.evidence_name}
    it.done_on, it.notes = done_on, notes.strip()
    if evidence_data:
        old = it.evidence_stored
        it.evidence_stored = files.store(evidence_data)
        it.evidence_name = files.clean_name(evidence_name)
        if old:
            transaction.on_commit(lambda: files.remove(old))
    it.save()
    h.version += 1
    h.save(update_fields=["version"])
    item.handover.version = h.version
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=h,
        before=before,
        after={
            "事项": it.get_topic_display(),
            "移交日期": str(it.done_on or ""),
            "说明": it.notes,
            "移交清单": it.evidence_name,
        },
    )
    return it


@transaction.atomic(durable=True)
def submit(*, actor: Any, handover: Handover) -> Handover:
    """Submit the list to the town once every item has its date; the completion date is the last."""
    h = _locked(actor, handover)
    h.version = loaded_version(handover, None)
    missing = [it.get_topic_display() for it in h.items.all() if it.done_on is None]
    if missing:
        raise ValidationError("以下事项尚未填写移交日期：" + "、".join(missing))
    workflow.apply_transition(actor=actor, record=h, name="submit")
    h.completed_on = max(it.done_on for it in h.items.all() if it.done_on is not None)
    h.save(update_fields=["completed_on"])
    handover.state, handover.version = h.state, h.version
    return h


@transaction.atomic(durable=True)
def sign_off(*, actor: Any, handover: Handover) -> Handover:
    """The town confirms the handover is complete (its supervision)."""
    h = _locked(actor, handover)
    h.version = loaded_version(handover, None)
    workflow.apply_transition(actor=actor, record=h, name="sign_off")
    handover.state, handover.version = h.state, h.version
    return h


@transaction.atomic(durable=True)
def return_(*, actor: Any, handover: Handover, reason: str) -> Handover:
    """The town returns the list with a reason; the completion date is cleared until resubmitted."""
    if len(reason) > 1000:
        raise ValidationError({"reason": "理由不能超过 1000 字"})
    h = _locked(actor, handover)
    h.version = loaded_version(handover, None)
    workflow.apply_transition(actor=actor, record=h, name="return", reason=reason)
    h.completed_on = None
    h.save(update_fields=["completed_on"])
    handover.state, handover.version = h.state, h.version
    return h


STEP_KEY = "handover"


def record_step(*, actor: Any, handover: Handover) -> str:
    """After the town's sign-off, the procedure's 新老班子工作移交 step is recorded as done on the
    completion date (procedure_services.step_record, its own transaction). Returns what happened, in
    Chinese: a late or out-of-order step needs a reason the town gives on the procedure page, so it
    is then left to it, never recorded with a made-up reason."""
    from huanjie.elections import procedure_services
    from huanjie.elections.models import ElectionStep

    h = Handover.objects.select_related("election").get(pk=handover.pk)
    if h.state != "signed_off" or h.completed_on is None:
        return ""
    if ElectionStep.objects.filter(election=h.election, key=STEP_KEY).exists():
        return "选举程序中的“新老班子工作移交”步骤此前已经登记"
    try:
        procedure_services.step_record(
            actor=actor,
            election=h.election,
            key=STEP_KEY,
            done_on=h.completed_on,
        )
    except (ValidationError, PermissionDenied) as exc:
        text = "；".join(getattr(exc, "messages", [str(exc)]))
        return f"选举程序中的“新老班子工作移交”步骤未能自动登记（{text}），请在选举程序页登记"
    return f"已在选举程序中登记“新老班子工作移交”（{h.completed_on.isoformat()}）"
