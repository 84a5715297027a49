"""The audit trail: every change made through a service is recorded in the same transaction.

Use ``record(...)`` from services; ``snapshot(instance)`` gives the JSON before/after images.
Entries are chained with SM3 (国密) so that ``verify_chain()`` names the first edited, inserted or
deleted entry.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from huanjie.core import context
from huanjie.core.crypto import sm3_hex
from huanjie.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64

# Actions whose audit entry must carry a reason (sensitive operations).
SENSITIVE_ACTIONS = frozenset(
    {"delete", "deactivate", "move", "unmask", "unlock", "role_grant", "role_revoke"}
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of an instance, minus fields the model keeps out of the audit."""
    excluded = set(getattr(instance, "audit_exclude", ()))
    data: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in excluded:
            continue
        data[f.attname] = _jsonable(getattr(instance, f.attname))
    return data


def _canonical(ev: AuditEvent) -> bytes:
    body = {
        "seq": ev.seq,
        "at": _jsonable(ev.at),
        "actor": ev.actor_id,
        "actor_name": ev.actor_name,
        "ip": ev.ip,
        "request_id": ev.request_id,
        "action": ev.action,
        "model": ev.model,
        "object_id": ev.object_id,
        "object_repr": ev.object_repr,
        "org_path": ev.org_path,
        "before": ev.before,
        "after": ev.after,
        "reason": ev.reason,
        "prev": ev.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(ev: AuditEvent) -> str:
    return sm3_hex(_canonical(ev))


class ReasonRequired(ValueError):
    """A sensitive action was attempted without a reason."""


def record(
    action: str,
    *,
    actor: Any,
    instance: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    object_repr: str = "",
    org_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if action in SENSITIVE_ACTIONS and not reason.strip():
        raise ReasonRequired("此操作须填写理由")
    if instance is not None:
        model = model or instance._meta.label
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:255]
        org_path = org_path or getattr(instance, "audit_org_path", "") or ""
    ctx = context.current()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        ev = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "username", "") or "system",
            ip=ctx.ip,
            request_id=ctx.request_id,
            action=action,
            model=model,
            object_id=object_id,
            object_repr=object_repr,
            org_path=org_path,
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            reason=reason,
            prev_hash=head.hash,
        )
        ev.hash = compute_hash(ev)
        ev.save()
        head.seq, head.hash = ev.seq, ev.hash
        head.save(update_fields=["seq", "hash"])
    return ev


def record_if_changed(
    action: str, *, actor: Any, instance: models.Model, before: dict[str, Any], reason: str = ""
) -> AuditEvent | None:
    """Record ``action`` with the ``before`` snapshot and the instance as it is now, only when they
    differ (an edit that changed nothing leaves no entry)."""
    after = snapshot(instance)
    if after == before:
        return None
    return record(action, actor=actor, instance=instance, before=before, after=after, reason=reason)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"第 {self.seq} 条：{self.problem}"


def _events(batch: int = 2000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def verify_chain(events: Iterable[AuditEvent] | None = None) -> ChainProblem | None:
    """Walk the chain in order; return the first broken or missing entry, or None when intact."""
    expected_seq, prev = 1, GENESIS
    for ev in events if events is not None else _events():
        if ev.seq != expected_seq:
            return ChainProblem(expected_seq, "记录缺失（已被删除）")
        if ev.prev_hash != prev:
            return ChainProblem(ev.seq, "前序哈希不符（链被改动）")
        if compute_hash(ev) != ev.hash:
            return ChainProblem(ev.seq, "内容与哈希不符（记录被修改）")
        prev, expected_seq = ev.hash, expected_seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq >= expected_seq:
        return ChainProblem(expected_seq, "记录缺失（链尾被删除）")
    if head is not None and head.seq == expected_seq - 1 and head.hash != prev:
        return ChainProblem(head.seq, "链头哈希不符")
    return None
