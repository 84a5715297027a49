"""The audit trail: every change made through a service is recorded in the same transaction.

Use ``record(...)`` from services; ``snapshot(instance)`` gives the JSON before/after images.
Entries are chained with SM3 (国密) so that ``verify_chain()`` names the first edited, inserted or
deleted entry.

Against someone who can write the database (but not read the key file or write the checkpoint
file), each entry also leaves a *checkpoint*: the chain head carries an HMAC-SM3 of (seq, hash)
under a key held outside the database, and the same (seq, hash, HMAC) is appended to an append-only
file once the transaction commits. Truncating the tail, emptying the trail with its head, or deleting
an entry and recomputing the chain then no longer matches the latest checkpoint. On PostgreSQL a
trigger also refuses UPDATE and DELETE on audit rows (``install_append_only_trigger``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from huanjie.core import context
from huanjie.core.crypto import keyed_digest, sm3_hex
from huanjie.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
CHECKPOINT_PURPOSE = b"audit-checkpoint"

logger = logging.getLogger(__name__)


class AuditAction(models.TextChoices):
    """Every action the audit trail records, with the label the audit page shows."""

    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    MOVE = "move", "移动"
    DEACTIVATE = "deactivate", "停用/撤销"
    REACTIVATE = "reactivate", "恢复"
    UNMASK = "unmask", "查看完整身份证号"
    VIEW_CONFIDENTIAL = "view_confidential", "查看保密信息"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    TRANSITION = "transition", "流转"
    COMMITTEE_CHANGE = "committee_change", "班子成员变动"
    SIGN_OFF = "sign_off", "会签"
    UNLOCK = "unlock", "解锁"
    ROLE_GRANT = "role_grant", "授予角色"
    ROLE_REVOKE = "role_revoke", "撤销角色"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "登录锁定"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_CHANGE_FAILED = "password_change_failed", "修改密码失败"
    PASSWORD_RESET = "password_reset", "重置密码"
    PASSWORD_RESET_INITIATE = "password_reset_initiate", "发起密码重置"
    PASSWORD_RESET_CONFIRM = "password_reset_confirm", "确认密码重置"
    PASSWORD_RESET_CANCEL = "password_reset_cancel", "作废密码重置"
    PASSWORD_RESET_REDEEM = "password_reset_redeem", "使用临时口令"
    PASSWORD_RESET_COMPLETE = "password_reset_complete", "以临时口令设置新密码"
    PASSWORD_RESET_NOTIFIED = "password_reset_notified", "已告知本人密码被重置"
    DEMO_BUILD = "demo_build", "生成演示数据"
    AUDIT_RESTORED = "audit_restored", "数据库恢复后重新记录审计检查点"


# Actions whose audit entry must carry a reason (sensitive operations).
SENSITIVE_ACTIONS = frozenset(
    {
        AuditAction.DELETE,
        AuditAction.DEACTIVATE,
        AuditAction.MOVE,
        AuditAction.UNMASK,
        AuditAction.UNLOCK,
        AuditAction.ROLE_GRANT,
        AuditAction.ROLE_REVOKE,
    }
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
    action: AuditAction,
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
    pending = _batch.get()
    if pending is not None:
        ev = _event(action, actor, ctx, model, object_id, object_repr, org_path, before, after, reason)
        ev.seq, ev.prev_hash = pending.seq + 1, pending.hash
        ev.hash = compute_hash(ev)
        pending.events.append(ev)
        pending.seq, pending.hash = ev.seq, ev.hash
        return ev
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        ev = _event(action, actor, ctx, model, object_id, object_repr, org_path, before, after, reason)
        ev.seq, ev.prev_hash = head.seq + 1, head.hash
        ev.hash = compute_hash(ev)
        ev.save()
        head.seq, head.hash = ev.seq, ev.hash
        head.mac = checkpoint_mac(ev.seq, ev.hash)
        head.save(update_fields=["seq", "hash", "mac"])
        line = json.dumps({"seq": ev.seq, "hash": ev.hash, "mac": head.mac}, separators=(",", ":"))
        transaction.on_commit(lambda: _append_checkpoint(line))
    return ev


def _event(
    action: AuditAction,
    actor: Any,
    ctx: Any,
    model: str,
    object_id: str,
    object_repr: str,
    org_path: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
) -> AuditEvent:
    """The entry, not yet chained (seq, prev_hash and hash are set by the caller)."""
    return AuditEvent(
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
    )


@dataclass
class _Pending:
    seq: int
    hash: str
    events: list[AuditEvent] = field(default_factory=list)


_batch: ContextVar[_Pending | None] = ContextVar("huanjie_audit_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Append the entries recorded inside the block to the chain at once: the head is locked once at
    the start, the entries are chained in memory as they are recorded and inserted together at the
    end, and the head moves (and leaves its checkpoint) once. The chain is the same as one ``record``
    at a time, in far fewer queries (a certification writing a dozen entries).

    Runs in its own atomic block (a savepoint inside the caller's transaction): when the block fails,
    nothing of it is written. Inside the block the entries are not in the database yet (nothing there
    reads the trail), and no entry may be recorded inside a nested atomic block that is then rolled
    back while the batch goes on (the entry would stay). Nested batches join the outer one."""
    if _batch.get() is not None:
        yield
        return
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        pending = _Pending(head.seq, head.hash)
        token = _batch.set(pending)
        try:
            yield
        finally:
            _batch.reset(token)
        if pending.events:
            AuditEvent.objects.bulk_create(pending.events)
            head.seq, head.hash = pending.seq, pending.hash
            head.mac = checkpoint_mac(head.seq, head.hash)
            head.save(update_fields=["seq", "hash", "mac"])
            line = json.dumps({"seq": head.seq, "hash": head.hash, "mac": head.mac}, separators=(",", ":"))
            transaction.on_commit(lambda: _append_checkpoint(line))


def checkpoint_mac(seq: int, chain_hash: str) -> str:
    return keyed_digest(CHECKPOINT_PURPOSE, f"{seq}:{chain_hash}".encode())


def _append_checkpoint(line: str) -> None:
    """Append one checkpoint line (O_APPEND: concurrent writers never interleave within a line)."""
    path = settings.HUANJIE_AUDIT_CHECKPOINT_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)
    except OSError:
        # The change itself is committed; the head's HMAC still protects it. Operators are told.
        logger.exception("审计检查点文件写入失败：%s", path)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str


def latest_checkpoint() -> tuple[Checkpoint | None, int]:
    """The checkpoint with the highest seq among the file's lines whose HMAC is valid, and the number
    of lines whose HMAC is not (forged or damaged lines)."""
    path = settings.HUANJIE_AUDIT_CHECKPOINT_FILE
    best: Checkpoint | None = None
    forged = 0
    if not path.exists():
        return None, 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            try:
                data = json.loads(raw)
                seq, chain_hash, mac = int(data["seq"]), str(data["hash"]), str(data["mac"])
            except (ValueError, KeyError, TypeError):
                forged += 1
                continue
            if mac != checkpoint_mac(seq, chain_hash):
                forged += 1
                continue
            if best is None or seq > best.seq:
                best = Checkpoint(seq, chain_hash)
    return best, forged


def after_restore(*, reason: str) -> str | None:
    """After the database was restored from a backup, the checkpoint file is ahead of it by design.
    The file is renamed (kept for the auditors, with the time), the chain head is re-signed as it now
    stands, and the restore is itself recorded in the audit trail (which writes a fresh checkpoint).
    Returns the name the old file was kept under, if there was one."""
    if not reason.strip():
        raise ReasonRequired("此操作须填写理由")
    path = settings.HUANJIE_AUDIT_CHECKPOINT_FILE
    kept = None
    if path.exists():
        kept = f"{path}.{timezone.now():%Y%m%d-%H%M%S}-before-restore"
        os.replace(path, kept)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is not None:
            head.mac = checkpoint_mac(head.seq, head.hash)
            head.save(update_fields=["mac"])
        record(
            AuditAction.AUDIT_RESTORED,
            actor=None,
            model="core.AuditChainHead",
            object_repr="数据库从备份恢复后重新开始记录审计检查点",
            after={"previous_checkpoints": kept or ""},
            reason=reason,
        )
    return kept


def install_append_only_trigger(**_: Any) -> None:
    """On PostgreSQL, refuse UPDATE and DELETE on audit rows at the database itself (post_migrate).
    TRUNCATE is left to the checkpoints (an emptied trail no longer reaches the latest one): the
    test runner empties tables with it. SQLite has no such guard: there the checkpoints are the
    defence."""
    if connection.vendor != "postgresql":
        return
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION huanjie_audit_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '审计记录只能追加，不能修改或删除';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS huanjie_audit_append_only ON {table}")
        cursor.execute(
            f"CREATE TRIGGER huanjie_audit_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION huanjie_audit_append_only()"
        )


def record_if_changed(
    action: AuditAction, *, actor: Any, instance: models.Model, before: dict[str, Any], reason: str = ""
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
    last = expected_seq - 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq >= expected_seq:
        return ChainProblem(expected_seq, "记录缺失（链尾被删除）")
    if head is not None and head.seq == last and head.hash != prev:
        return ChainProblem(head.seq, "链头哈希不符")
    if last > 0 and (head is None or head.mac != checkpoint_mac(last, prev)):
        return ChainProblem(last, "链头签名无效（链头被改写或链被重算）")
    return _against_checkpoint(last, prev)


def _against_checkpoint(last: int, last_hash: str) -> ChainProblem | None:
    """The database's chain against the latest checkpoint written outside it."""
    checkpoint, forged = latest_checkpoint()
    if forged:
        return ChainProblem(last, f"检查点文件中有 {forged} 行签名无效（被伪造或损坏）")
    if checkpoint is None:
        return None
    if checkpoint.seq > last:
        return ChainProblem(
            last + 1,
            f"记录缺失：检查点表明至少有 {checkpoint.seq} 条，数据库只有 {last} 条（链尾被截断或清空）",
        )
    if checkpoint.seq == last and checkpoint.hash != last_hash:
        return ChainProblem(last, "与检查点不符（链被重算）")
    if checkpoint.seq < last:
        # Entries after the checkpoint whose line was not (yet) written: the chain up to the
        # checkpoint must still hold the checkpointed hash.
        at = AuditEvent.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
        if at != checkpoint.hash:
            return ChainProblem(checkpoint.seq, "与检查点不符（链被重算）")
    return None
