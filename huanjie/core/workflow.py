"""The workflow mechanism (县镇共管): the one place that moves a record from state to state.

Every record prepared below and decided above subclasses ``WorkflowRecord`` (core.models) and names
its transition table, ``workflow_spec``, declared as pure data in ``huanjie.rules``; it needs no
other wiring (``registered()`` finds every concrete subclass). This module:

- applies a transition (``transition``; ``apply_transition`` inside a caller's transaction): checks the
  table, the actor's capability, jurisdiction and level, and the record's version, then writes the
  new state and due date, a ``WorkflowHistory`` row and the audit entry in one transaction;
- applies one transition to many records (``bulk_transition``): each record checked and audited on
  its own; one refusal does not stop the others (per-record independent);
- keeps locked records read-only (``ensure_editable``) and unlocks them (``unlock``): a reason and the
  level above, or for the top level's own records the same level, flagged for its leader
  (``leader_notices``);
- collects parallel sign-offs (``sign_off``) and, once the answers decide, lets the system move on;
- answers "what may this user do now" (``next_actions``) and "what is waiting for this user"
  (``awaiting``, with due dates) for templates, to-do lists and the API.

``SYSTEM`` is the actor of transitions no person makes (a job whose worker died, a completed
sign-off): history and audit record it as 系统, with no user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from huanjie.core import audit
from huanjie.core.actors import Account
from huanjie.core.audit import AuditAction
from huanjie.core.models import SignOff, WorkflowHistory, WorkflowRecord
from huanjie.core.scoping import path_q, scope_paths
from huanjie.core.versioning import StaleEdit, bump, check_version
from huanjie.rules import workflow as rules
from huanjie.rules.workflow import (
    LEVEL_LABELS,
    SYSTEM_ACTOR,
    Actor,
    SignOffSpec,
    Transition,
    WorkflowSpec,
    level_of_path,
)

__all__ = [
    "SYSTEM",
    "Awaiting",
    "BulkResult",
    "NextAction",
    "RecordLocked",
    "StaleRecord",
    "TransitionRefused",
    "WorkflowError",
    "WorkflowRecord",
    "apply_sign_off",
    "apply_transition",
    "awaiting",
    "bulk_transition",
    "ensure_editable",
    "history",
    "leader_notices",
    "next_actions",
    "record_history",
    "record_path",
    "registered",
    "sign_off",
    "signoff_parties",
    "signoffs",
    "spec_of",
    "transition",
    "unlock",
]

SYSTEM_NAME = "系统"
UNLOCK_LABEL = "解锁"


class _SystemActor:
    """The actor of transitions no person makes; never authenticated, holds no capability."""

    pk = None
    username = ""
    is_authenticated = False
    is_active = False

    def __str__(self) -> str:
        return SYSTEM_NAME

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _SystemActor()


class WorkflowError(Exception):
    """A workflow action refused for a reason the official can act on (message in Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionRefused(WorkflowError):
    """The table does not allow this action now (wrong state, missing reason…)."""


class StaleRecord(WorkflowError):
    """Someone else changed the record since it was loaded (no lost update)."""


class RecordLocked(WorkflowError):
    """The record is submitted or approved and therefore read-only."""


# ---------------------------------------------------------------------------------------------
# Registry


def registered() -> list[type[WorkflowRecord]]:
    """Every concrete model that travels a workflow, found from the app registry."""
    return [m for m in apps.get_models() if issubclass(m, WorkflowRecord)]


def spec_of(model: type[models.Model] | models.Model) -> WorkflowSpec:
    spec: WorkflowSpec = model.workflow_spec  # type: ignore[union-attr]
    return spec


def record_path(record: models.Model) -> str:
    """The code-prefix path of the unit the record belongs to (follows ``a__b`` lookups)."""
    value: Any = record
    for part in type(record).scope_path_field.split("__"):  # type: ignore[attr-defined]
        value = getattr(value, part)
    return str(value)


@checks.register()
def check_workflow_specs(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``manage.py check`` fails on an unsound transition table (unknown or unreachable states…)."""
    errors: list[checks.CheckMessage] = []
    for model in registered():
        if not isinstance(getattr(model, "workflow_spec", None), WorkflowSpec):
            errors.append(checks.Error("缺少 workflow_spec", obj=model, id="huanjie.W001"))
            continue
        errors += [checks.Error(p, obj=model, id="huanjie.W002") for p in rules.validate(spec_of(model))]
        if not hasattr(model, "scope_path_field"):
            errors.append(checks.Error("缺少 scope_path_field", obj=model, id="huanjie.W003"))
    return errors


def today() -> dt.date:
    """The local date (Asia/Shanghai) due dates count from; tests replace it to fix the clock."""
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# Who the actor is for a record


def _is_system(actor: Any) -> bool:
    return actor is SYSTEM


def _levels(user: Account, capability: str | None, path: str) -> frozenset[str]:
    """Levels through which ``user`` holds ``capability`` over the unit at ``path``."""
    if capability is None:
        return frozenset()
    return frozenset(
        lvl for p in scope_paths(user, capability) if path.startswith(p) and (lvl := level_of_path(p))
    )


def _actor_for(user: Account, capability: str | None, path: str) -> Actor:
    """The rules' view of ``user`` for one capability: where it reaches the record with it."""
    levels = _levels(user, capability, path)
    caps = frozenset({capability}) if levels and capability is not None else frozenset()
    return Actor(levels=levels, capabilities=caps)


def _check_person(
    user: Account, spec: WorkflowSpec, t: Transition, state: str, path: str, reason: str
) -> None:
    if t.capability is not None and not (
        getattr(user, "is_authenticated", False) and user.has_capability(t.capability)
    ):
        raise PermissionDenied(f"您没有“{t.label_zh}”的权限")
    actor = _actor_for(user, t.capability, path)
    if t.capability is not None and not actor.levels:
        raise PermissionDenied("对象不在您的管辖范围内")
    refusal = rules.check(spec, state, t.name, actor, reason)
    if refusal is None:
        return
    if refusal.kind in ("capability", "level"):
        raise PermissionDenied(refusal.message)
    raise TransitionRefused(refusal.message)


def signoff_parties(record: WorkflowRecord, so: SignOffSpec) -> tuple[str, ...]:
    """The parties that answer ``record``: the spec's, narrowed by the record's own
    ``signoff_parties()`` when its model defines one (e.g. the 联审 departments its campaign names),
    in the spec's order; parties the spec does not know are ignored."""
    narrow = getattr(record, "signoff_parties", None)
    if narrow is None:
        return so.parties
    chosen = set(narrow())
    return tuple(p for p in so.parties if p in chosen)


def _party_codes(
    user: Account, so: SignOffSpec, path: str, parties: tuple[str, ...] | None = None
) -> list[str]:
    """The sign-off parties (departments) ``user`` answers for on the record at ``path`` (among
    ``parties``, the record's narrowed parties; None: the spec's)."""
    parties = so.parties if parties is None else parties
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    # Units through which the user holds the sign-off capability (scope_paths skips inactive ones).
    cap_paths = set(scope_paths(user, so.capability)) if so.capability is not None else None
    codes = []
    for a in user.roles():
        unit = a.org_unit
        if unit is None or not unit.is_active or not path.startswith(unit.path):
            continue
        if cap_paths is not None and unit.path not in cap_paths:
            continue
        if so.level is not None and level_of_path(unit.path) != so.level:
            continue
        if a.department in parties and a.department not in codes:
            codes.append(a.department)
    return codes


# ---------------------------------------------------------------------------------------------
# Writing


def _lock(record: WorkflowRecord) -> WorkflowRecord:
    """The record's row, locked for this transaction; refused if changed since ``record`` was read."""
    model = type(record)
    current = model._base_manager.select_for_update().filter(pk=record.pk).first()
    if current is None:
        raise StaleRecord("此记录已被删除，请刷新后重试")
    try:
        check_version(current, record.version)
    except StaleEdit:
        raise StaleRecord(
            f"此记录已被他人修改（当前为第 {current.version} 版，您看到的是第 {record.version} 版，"
            f"当前状态：{spec_of(model).state_label(current.state)}），请刷新后重试"
        ) from None
    return current


def record_history(
    record: models.Model,
    *,
    actor: Any,
    transition: str,
    from_state: str,
    to_state: str,
    reason: str = "",
    path: str = "",
    leader_notice: bool = False,
) -> WorkflowHistory:
    """The history row of one applied transition of any record (a workflow record, or another
    state machine declared with a rules.workflow table, such as an import job). ``actor``: a user,
    or ``SYSTEM``/``None`` for the system."""
    system = actor is None or _is_system(actor)
    return WorkflowHistory.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=str(record.pk),
        path=path,
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        actor=None if system else actor,
        actor_name=SYSTEM_NAME if system else str(actor),
        system=system,
        reason=reason,
        leader_notice=leader_notice,
        at=timezone.now(),
    )


def _move(
    *,
    actor: Any,
    current: WorkflowRecord,
    record: WorkflowRecord,
    name: str,
    target: str,
    reason: str,
    path: str,
    audit_action: AuditAction,
    leader_notice: bool = False,
) -> WorkflowHistory:
    spec = spec_of(current)
    system = _is_system(actor)
    source = current.state
    before = {"state": source, "version": current.version}
    current.state = target
    bump(current)
    current.state_due = rules.due_date(spec, target, today())
    current.save(update_fields=["state", "version", "state_due"])
    ct = ContentType.objects.get_for_model(type(current))
    entry = record_history(
        current,
        actor=actor,
        transition=name,
        from_state=source,
        to_state=target,
        reason=reason,
        path=path,
        leader_notice=leader_notice,
    )
    if spec.signoff is not None and target == spec.signoff.state:
        # A new round of sign-off: answers of an earlier round no longer count.
        SignOff.objects.filter(content_type=ct, object_id=str(current.pk), superseded=False).update(
            superseded=True
        )
    after: dict[str, Any] = {"state": target, "version": current.version, "transition": name}
    if system:
        after["system"] = True
    if leader_notice:
        after["leader_notice"] = True
    audit.record(
        audit_action,
        actor=None if system else actor,
        instance=current,
        org_path=path,
        before=before,
        after=after,
        reason=reason,
    )
    record.state, record.version, record.state_due = current.state, current.version, current.state_due
    return entry


def apply_transition(*, actor: Any, record: WorkflowRecord, name: str, reason: str = "") -> WorkflowHistory:
    """Apply transition ``name`` inside the caller's transaction (for services composing several
    writes, and for bulk). ``actor`` is a user or ``SYSTEM``. Raises ``PermissionDenied`` (no
    capability, out of jurisdiction, wrong level), ``TransitionRefused`` or ``StaleRecord``."""
    spec = spec_of(record)
    with transaction.atomic():
        current = _lock(record)
        path = record_path(current)
        t = spec.transition(name)
        if _is_system(actor):
            refusal = rules.check(spec, current.state, name, SYSTEM_ACTOR, reason)
            if refusal is not None:
                raise TransitionRefused(refusal.message)
        elif t is None:
            raise TransitionRefused(f"“{spec.label_zh}”没有“{name}”这一操作")
        else:
            _check_person(actor, spec, t, current.state, path, reason)
        assert t is not None  # checked above
        return _move(
            actor=actor,
            current=current,
            record=record,
            name=name,
            target=t.target,
            reason=reason,
            path=path,
            audit_action=AuditAction.TRANSITION,
        )


def transition(*, actor: Any, record: WorkflowRecord, name: str, reason: str = "") -> WorkflowHistory:
    """Apply transition ``name`` as its own transaction (views, the API, jobs)."""
    with transaction.atomic(durable=True):
        return apply_transition(actor=actor, record=record, name=name, reason=reason)


@dataclass(frozen=True)
class BulkResult:
    """The outcome for one record of a bulk transition; ``message`` says why it was refused."""

    record: WorkflowRecord
    ok: bool
    message: str = ""


def bulk_transition(
    *, actor: Any, records: Iterable[WorkflowRecord], name: str, reason: str = ""
) -> list[BulkResult]:
    """Apply ``name`` to each record (e.g. a county approving 40 villages at once).

    Per-record independent: each record is checked, written and audited in its own savepoint; a
    refused record is reported and leaves no trace, the others are applied.
    """
    results: list[BulkResult] = []
    with transaction.atomic(durable=True):
        for record in records:
            try:
                apply_transition(actor=actor, record=record, name=name, reason=reason)
            except (WorkflowError, PermissionDenied) as exc:
                results.append(BulkResult(record, False, str(exc)))
            else:
                results.append(BulkResult(record, True))
    return results


def ensure_editable(record: WorkflowRecord, user: Account) -> None:
    """Refuse edits to a locked record (and to one outside the user's jurisdiction for editing)."""
    spec = spec_of(record)
    if spec.edit_capability is not None and not _levels(user, spec.edit_capability, record_path(record)):
        raise PermissionDenied("对象不在您的管辖范围内")
    if rules.is_locked(spec, record.state):
        rule = rules.unlock_level(spec, record.state)
        how = "如需修改请由本级说明理由后解锁" if rule is not None and rule[1] else "如需修改请由上级退回"
        raise RecordLocked(
            f"此{spec.label_zh}{spec.state_label(record.state)}，处于锁定状态，不能修改；{how}"
        )


def unlock(*, actor: Any, record: WorkflowRecord, reason: str) -> WorkflowHistory:
    """Unlock a locked record back to its spec's ``unlocked_state``, with a reason.

    Only the level above the one that locked it may; the top level (city) unlocks its own records
    itself, and that unlock is flagged for its leader (``leader_notices``).
    """
    spec = spec_of(record)
    with transaction.atomic(durable=True):
        current = _lock(record)
        path = record_path(current)
        rule = rules.unlock_level(spec, current.state)
        if rule is None or spec.unlocked_state is None:
            raise TransitionRefused(f"“{spec.state_label(current.state)}”状态的{spec.label_zh}无需或不能解锁")
        if not reason.strip():
            raise TransitionRefused("解锁须填写理由")
        level, same_level = rule
        if not (getattr(actor, "is_authenticated", False) and actor.has_capability(spec.edit_capability)):
            raise PermissionDenied("您没有解锁此记录的权限")
        levels = _levels(actor, spec.edit_capability, path)
        if not levels:
            raise PermissionDenied("对象不在您的管辖范围内")
        if level not in levels:
            raise PermissionDenied(f"解锁应由{LEVEL_LABELS[level]}办理")
        return _move(
            actor=actor,
            current=current,
            record=record,
            name="unlock",
            target=spec.unlocked_state,
            reason=reason,
            path=path,
            audit_action=AuditAction.UNLOCK,
            leader_notice=same_level,
        )


def sign_off(
    *, actor: Any, record: WorkflowRecord, answer: str, note: str = "", party: str | None = None
) -> SignOff:
    """Record one party's answer to a record in parallel sign-off (e.g. a 联审 department).

    The party is the actor's department (``party`` picks one when the actor answers for several),
    among the record's parties (``signoff_parties``). An adverse answer needs a note. When the
    answers decide (all clear, or adverse), the system applies the spec's ``on_clear``/``on_adverse``
    transition in the same transaction.
    """
    with transaction.atomic(durable=True):
        return apply_sign_off(actor=actor, record=record, answer=answer, note=note, party=party)


def apply_sign_off(
    *, actor: Any, record: WorkflowRecord, answer: str, note: str = "", party: str | None = None
) -> SignOff:
    """``sign_off`` inside the caller's transaction (a service that writes more in the same
    transaction, e.g. the finding behind an adverse answer, or an import's rows)."""
    spec = spec_of(record)
    so = spec.signoff
    with transaction.atomic():
        current = _lock(record)
        path = record_path(current)
        if so is None or current.state != so.state:
            raise TransitionRefused(f"此{spec.label_zh}当前不在会签阶段")
        chosen = signoff_parties(current, so)
        parties = _party_codes(actor, so, path, chosen)
        if not parties or (party is not None and party not in parties):
            raise PermissionDenied("您所在部门不是此记录的会签方")
        party = party or parties[0]
        if answer not in SignOff.Answer.values:
            raise TransitionRefused("请选择“无异议”或“有异议”")
        if answer == SignOff.Answer.ADVERSE and not note.strip():
            raise TransitionRefused("有异议的，须写明情况")
        ct = ContentType.objects.get_for_model(type(current))
        current_answers = SignOff.objects.filter(content_type=ct, object_id=str(current.pk), superseded=False)
        if current_answers.filter(party=party).exists():
            raise TransitionRefused(f"{so.party_labels[party]}已答复，不能重复答复")
        entry = SignOff.objects.create(
            content_type=ct,
            object_id=str(current.pk),
            path=path,
            party=party,
            answer=answer,
            note=note,
            actor=actor,
            at=timezone.now(),
        )
        audit.record(
            AuditAction.SIGN_OFF,
            actor=actor,
            instance=current,
            org_path=path,
            after={"party": party, "answer": answer, "state": current.state},
            reason=note,
        )
        outcome = rules.signoff_outcome(so, dict(current_answers.values_list("party", "answer")), chosen)
        if outcome.result != "pending":
            decided = so.on_clear if outcome.result == "clear" else so.on_adverse
            why = (
                "各会签方均无异议"
                if outcome.result == "clear"
                else "有异议：" + "、".join(so.party_labels[p] for p in outcome.adverse)
            )
            apply_transition(actor=SYSTEM, record=current, name=decided, reason=why)
            record.state, record.version, record.state_due = current.state, current.version, current.state_due
        return entry


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class NextAction:
    """Something the user may do now: a transition, ``unlock`` or ``sign_off``."""

    name: str
    label: str
    requires_reason: bool = False


def _signoff_pending_parties(
    user: Account, record: WorkflowRecord, answered: set[str] | None = None
) -> list[str]:
    so = spec_of(record).signoff
    if so is None or record.state != so.state:
        return []
    parties = _party_codes(user, so, record_path(record), signoff_parties(record, so))
    if not parties:
        return []
    if answered is None:
        answered = set(
            SignOff.objects.filter(
                content_type=ContentType.objects.get_for_model(type(record)),
                object_id=str(record.pk),
                superseded=False,
            ).values_list("party", flat=True)
        )
    return [p for p in parties if p not in answered]


def next_actions(
    user: Account, record: WorkflowRecord, *, _answered: set[str] | None = None
) -> list[NextAction]:
    """What ``user`` may do now with ``record`` (templates show buttons, the API lists links)."""
    spec = spec_of(record)
    path = record_path(record)
    actions = [
        NextAction(t.name, t.label_zh, t.requires_reason)
        for t in spec.transitions
        if t in rules.allowed(spec, record.state, _actor_for(user, t.capability, path))
    ]
    if _signoff_pending_parties(user, record, _answered):
        actions.append(NextAction("sign_off", "会签答复"))
    rule = rules.unlock_level(spec, record.state)
    if rule is not None and rule[0] in _levels(user, spec.edit_capability, path):
        actions.append(NextAction("unlock", UNLOCK_LABEL, requires_reason=True))
    return actions


@dataclass(frozen=True)
class Awaiting:
    """A record waiting for the user, what they may do, and by when (``overdue`` past the date).

    Also a home-page to-do (``label``, ``url``, ``due``, ``overdue``): core registers ``awaiting``
    as a ``todo_providers`` hook, so every workflow record reaches its users' home pages.
    """

    record: WorkflowRecord
    actions: tuple[NextAction, ...]
    due: dt.date | None
    overdue: bool

    @property
    def label(self) -> str:
        spec = spec_of(self.record)
        what = "、".join(a.label for a in self.actions)
        return f"{spec.label_zh}“{self.record}”（{spec.state_label(self.record.state)}）：{what}"

    @property
    def url(self) -> str:
        get_url = getattr(self.record, "get_absolute_url", None)
        return str(get_url()) if get_url is not None else ""


def _paths_at(user: Account, capability: str, level: str | None) -> list[str]:
    return [p for p in scope_paths(user, capability) if level is None or level_of_path(p) == level]


def awaiting(user: Account, *, on: dt.date | None = None) -> list[Awaiting]:
    """Records (every registered model) whose next action is this user's: the to-do list.

    Soonest due first, undated last. Unlocks are exceptions, not to-dos, and are not listed.
    """
    on = on or today()
    found: list[Awaiting] = []
    for model in registered():
        spec = spec_of(model)
        field = model.scope_path_field  # type: ignore[attr-defined]
        q = models.Q(pk__in=[])
        for t in spec.transitions:
            paths = _paths_at(user, t.capability, t.level) if t.by != "system" and t.capability else []
            if paths:
                q |= models.Q(state__in=t.sources) & path_q(field, paths)
        so = spec.signoff
        if so is not None:
            paths = [
                a.org_unit.path for a in user.roles() if a.org_unit is not None and a.department in so.parties
            ]
            if paths:
                q |= models.Q(state=so.state) & path_q(field, paths)
        records = list(model._base_manager.filter(q).order_by("state_due", "pk"))
        answered: dict[str, set[str]] = {}
        if so is not None and records:
            rows = SignOff.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(r.pk) for r in records],
                superseded=False,
            ).values_list("object_id", "party")
            for oid, party in rows:
                answered.setdefault(oid, set()).add(party)
        for r in records:
            actions = tuple(
                a
                for a in next_actions(user, r, _answered=answered.get(str(r.pk), set()))
                if a.name != "unlock"
            )
            if actions:
                found.append(Awaiting(r, actions, r.state_due, r.state_due is not None and r.state_due < on))
    found.sort(key=lambda a: (a.due is None, a.due or dt.date.min))
    return found


def history(record: WorkflowRecord) -> list[WorkflowHistory]:
    """The record's transitions, oldest first, each with ``label``: the Chinese name of what was done
    (callers have already checked the user may see it)."""
    spec = spec_of(record)
    entries = list(
        WorkflowHistory.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=str(record.pk)
        ).select_related("actor")
    )
    for entry in entries:
        t = spec.transition(entry.transition)
        if t is not None:
            label = t.label_zh
        else:
            label = UNLOCK_LABEL if entry.transition == "unlock" else entry.transition
        entry.label = label  # type: ignore[attr-defined]
    return entries


def signoffs(record: WorkflowRecord) -> list[SignOff]:
    """The current round's sign-off answers (callers have already checked the user may see them)."""
    return list(
        SignOff.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=str(record.pk),
            superseded=False,
        )
    )


def leader_notices(user: Account, *, capability: str) -> list[WorkflowHistory]:
    """Top-level units' unlocks of their own records, for the leaders whose jurisdiction they are in
    (``capability``: the one through which the leader views the unit, e.g. the org view)."""
    paths = scope_paths(user, capability)
    if not paths:
        return []
    return list(
        WorkflowHistory.objects.filter(path_q("path", paths), leader_notice=True)
        .select_related("actor")
        .order_by("-at", "-id")
    )
