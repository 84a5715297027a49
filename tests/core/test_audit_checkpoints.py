"""The audit trail against a database-level attacker (hardening issue, requirement 8): the chain
head's HMAC and the checkpoint file kept outside the database catch truncation, emptying and
re-chaining, which the SM3 chain alone cannot; on PostgreSQL a trigger refuses UPDATE and DELETE."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction

from huanjie.core import audit
from huanjie.core.models import AuditChainHead, AuditEvent
from huanjie.org import services as org_services
from tests.tamper import as_database_attacker

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_entries(cast, django_capture_on_commit_callbacks):
    """Five audited changes, each committed (so each checkpoint line reaches the file)."""
    op = cast["town_operator"]
    for households in (401, 402, 403, 404, 405):
        with django_capture_on_commit_callbacks(execute=True):
            org_services.orgunit_update(actor=op, unit=cast.village, households=households)
    return cast


def _lines(settings) -> list[dict]:
    return [json.loads(line) for line in settings.HUANJIE_AUDIT_CHECKPOINT_FILE.read_text().splitlines()]


def _rechain_from(seq: int) -> None:
    """What an attacker with the database but not the key can do: recompute every hash from ``seq``
    and move the head (its HMAC cannot be recomputed without the key)."""
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else audit.GENESIS
    for ev in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        ev.prev_hash = prev
        ev.hash = audit.compute_hash(ev)
        ev.save()
        prev = ev.hash
    last = AuditEvent.objects.order_by("-seq").first()
    AuditChainHead.objects.filter(pk=1).update(seq=last.seq if last else 0, hash=prev)


def test_every_entry_leaves_a_keyed_checkpoint_in_the_file_and_on_the_head(five_entries, settings):
    lines = _lines(settings)
    assert [line["seq"] for line in lines] == [1, 2, 3, 4, 5]
    head = AuditChainHead.objects.get()
    assert lines[-1] == {"seq": 5, "hash": head.hash, "mac": head.mac}
    assert head.mac == audit.checkpoint_mac(5, head.hash) and len(head.mac) == 64
    assert audit.verify_chain() is None


def test_a_rolled_back_change_leaves_no_checkpoint(cast, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        org_services.orgunit_update(actor=cast["town_operator"], unit=cast.village, households=7)
        raise RuntimeError("injected failure")
    assert not settings.HUANJIE_AUDIT_CHECKPOINT_FILE.exists()
    assert audit.verify_chain() is None


def test_truncating_the_tail_and_moving_the_head_back_is_detected(five_entries):
    with as_database_attacker():
        AuditEvent.objects.filter(seq__gte=4).delete()
        ev3 = AuditEvent.objects.get(seq=3)
        AuditChainHead.objects.filter(pk=1).update(seq=3, hash=ev3.hash)
    problem = audit.verify_chain()
    assert problem is not None and problem.seq == 3
    assert "链头签名无效" in problem.problem


def test_truncating_with_a_genuine_older_head_is_caught_by_the_file(five_entries):
    """Even with the head's genuine HMAC for seq 3 (e.g. restored from an old copy of the row)."""
    with as_database_attacker():
        AuditEvent.objects.filter(seq__gte=4).delete()
        ev3 = AuditEvent.objects.get(seq=3)
        AuditChainHead.objects.filter(pk=1).update(
            seq=3, hash=ev3.hash, mac=audit.checkpoint_mac(3, ev3.hash)
        )
    problem = audit.verify_chain()
    assert str(problem) == ("第 4 条：记录缺失：检查点表明至少有 5 条，数据库只有 3 条（链尾被截断或清空）")


def test_emptying_the_trail_with_its_head_is_detected(five_entries):
    with as_database_attacker():
        AuditEvent.objects.all().delete()
        AuditChainHead.objects.all().delete()
    problem = audit.verify_chain()
    assert problem is not None and "检查点表明至少有 5 条，数据库只有 0 条" in problem.problem


def test_deleting_an_entry_and_recomputing_the_chain_is_detected(five_entries):
    with as_database_attacker():
        AuditEvent.objects.filter(seq=2).delete()
        for ev in AuditEvent.objects.filter(seq__gt=2).order_by("seq"):
            AuditEvent.objects.filter(pk=ev.pk).update(seq=ev.seq - 1)
        _rechain_from(2)
    problem = audit.verify_chain()
    assert problem is not None and "链头签名无效" in problem.problem


def test_rechaining_with_a_forged_head_mac_is_caught_by_the_file(five_entries):
    """Suppose the attacker somehow also set a valid head HMAC: the file's checkpoint still differs."""
    with as_database_attacker():
        AuditEvent.objects.filter(seq=5).update(reason="篡改")
        _rechain_from(5)
        head = AuditChainHead.objects.get()
        AuditChainHead.objects.filter(pk=1).update(mac=audit.checkpoint_mac(head.seq, head.hash))
    assert str(audit.verify_chain()) == "第 5 条：与检查点不符（链被重算）"


def test_a_forged_checkpoint_line_is_reported(five_entries, settings):
    with open(settings.HUANJIE_AUDIT_CHECKPOINT_FILE, "a") as f:
        f.write(json.dumps({"seq": 9, "hash": "0" * 64, "mac": "f" * 64}) + "\n")
    problem = audit.verify_chain()
    assert problem is not None and "1 行签名无效" in problem.problem


def test_postgresql_refuses_update_and_delete_of_audit_rows_sqlite_relies_on_the_chain(five_entries):
    statements = (
        lambda: AuditEvent.objects.filter(seq=1).update(reason="x"),
        lambda: AuditEvent.objects.filter(seq=5).delete(),
    )
    if connection.vendor == "postgresql":
        for statement in statements:
            with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic():
                statement()
        assert audit.verify_chain() is None
    else:
        # No trigger on SQLite: the edit goes through and the chain names it.
        statements[0]()
        assert str(audit.verify_chain()) == "第 1 条：内容与哈希不符（记录被修改）"


def test_after_a_restore_the_old_checkpoints_are_kept_and_checking_starts_again(five_entries, settings):
    from io import StringIO

    from django.core.management import call_command

    with as_database_attacker():  # what a restore from an older backup looks like
        AuditEvent.objects.filter(seq__gte=4).delete()
        ev3 = AuditEvent.objects.get(seq=3)
        AuditChainHead.objects.filter(pk=1).update(seq=3, hash=ev3.hash)
    assert audit.verify_chain() is not None
    out = StringIO()
    call_command("audit", "restored", "--reason", "恢复 11 月 29 日备份", stdout=out)
    assert "已从恢复后的审计链重新开始记录检查点" in out.getvalue()
    kept = list(settings.HUANJIE_AUDIT_CHECKPOINT_FILE.parent.glob("*before-restore"))
    assert len(kept) == 1 and len(kept[0].read_text().splitlines()) == 5
    ev = AuditEvent.objects.get(seq=4)
    assert (ev.action, ev.reason) == ("audit_restored", "恢复 11 月 29 日备份")
    assert audit.verify_chain() is None
