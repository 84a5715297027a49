"""The audit trail: SM3 chain, `huanjie audit verify`, reasons for sensitive actions, request origin."""

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from huanjie.core import audit
from huanjie.core.models import AuditEvent
from huanjie.org import services as org_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tampering_allowed(db):
    """These tests edit and delete audit rows as a database-level attacker would (on PostgreSQL the
    append-only trigger is disabled for them; tests/core/test_audit_checkpoints.py covers it)."""
    from tests.tamper import as_database_attacker

    with as_database_attacker():
        yield


def _writes(cast) -> None:
    """Five audited changes made through services by operators in their own jurisdiction."""
    op = cast["town_operator"]
    org_services.orgunit_update(actor=op, unit=cast.village, households=430)
    org_services.orgunit_update(actor=op, unit=cast.village, population=1520)
    org_services.orgunit_update(actor=op, unit=cast.village2, name="西村村")
    org_services.orgunit_create(actor=op, code="329901001203", level="village", name="北村", parent=cast.town)
    org_services.orgunit_update(actor=cast["county_operator"], unit=cast.town_b, batch=2)


def _verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue().strip()


def _verify_fails() -> str:
    with pytest.raises(CommandError) as info:
        call_command("audit", "verify")
    assert info.value.returncode == 1
    return str(info.value)


def test_empty_chain_is_intact(db):
    assert _verify() == "审计链完整：共 0 条"


def test_chain_intact_after_service_writes(cast):
    _writes(cast)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert audit.verify_chain() is None
    assert _verify() == "审计链完整：共 5 条"


def test_each_entry_links_to_the_previous(cast):
    _writes(cast)
    events = list(AuditEvent.objects.order_by("seq"))
    assert events[0].prev_hash == audit.GENESIS
    for prev, ev in itertools.pairwise(events):
        assert ev.prev_hash == prev.hash


def test_edited_after_json_names_that_entry(cast):
    _writes(cast)
    AuditEvent.objects.filter(seq=3).update(after={"name": "被篡改"})
    assert _verify_fails() == "审计链已损坏：第 3 条：内容与哈希不符（记录被修改）"


def test_edited_actor_name_is_detected(cast):
    _writes(cast)
    AuditEvent.objects.filter(seq=2).update(actor_name="someone_else")
    assert "第 2 条" in _verify_fails()


def test_rehashed_edit_breaks_the_next_link(cast):
    """An attacker who recomputes the edited row's hash still breaks the following entry."""
    _writes(cast)
    ev = AuditEvent.objects.get(seq=2)
    ev.reason = "补记"
    ev.hash = audit.compute_hash(ev)
    ev.save()
    assert _verify_fails() == "审计链已损坏：第 3 条：前序哈希不符（链被改动）"


def test_deleted_middle_entry_is_named(cast):
    _writes(cast)
    AuditEvent.objects.filter(seq=3).delete()
    assert _verify_fails() == "审计链已损坏：第 3 条：记录缺失（已被删除）"


def test_deleted_first_entry_is_named(cast):
    _writes(cast)
    AuditEvent.objects.filter(seq=1).delete()
    assert _verify_fails() == "审计链已损坏：第 1 条：记录缺失（已被删除）"


def test_deleted_last_entry_is_detected(cast):
    _writes(cast)
    AuditEvent.objects.filter(seq=5).delete()
    assert _verify_fails() == "审计链已损坏：第 5 条：记录缺失（链尾被删除）"


def test_deleted_tail_of_several_entries_is_detected(cast):
    _writes(cast)
    AuditEvent.objects.filter(seq__gte=4).delete()
    assert _verify_fails() == "审计链已损坏：第 4 条：记录缺失（链尾被删除）"


def test_chain_continues_after_verification(cast):
    _writes(cast)
    _verify()
    org_services.orgunit_update(actor=cast["town_operator"], unit=cast.village, households=440)
    assert _verify() == "审计链完整：共 6 条"


@pytest.mark.parametrize("action", sorted(audit.SENSITIVE_ACTIONS))
def test_reason_required_for_sensitive_actions(cast, action):
    with pytest.raises(audit.ReasonRequired, match="此操作须填写理由"):
        audit.record(action, actor=cast["town_operator"], instance=cast.village, reason="  ")
    assert not AuditEvent.objects.exists()


def test_sensitive_service_without_reason_writes_nothing(cast):
    with pytest.raises(audit.ReasonRequired):
        org_services.orgunit_deactivate(actor=cast["town_operator"], unit=cast.village2, reason="")
    cast.village2.refresh_from_db()
    assert cast.village2.is_active
    assert not AuditEvent.objects.exists()


def test_sensitive_service_records_reason(cast):
    org_services.orgunit_deactivate(actor=cast["town_operator"], unit=cast.village2, reason="并入东村")
    ev = AuditEvent.objects.get()
    assert (ev.action, ev.reason, ev.org_path) == ("deactivate", "并入东村", "329901001202")
    assert ev.before["is_active"] is True
    assert ev.after["is_active"] is False


def test_service_outside_a_request_records_actor_without_origin(cast):
    org_services.orgunit_update(actor=cast["town_operator"], unit=cast.village, households=999)
    ev = AuditEvent.objects.get()
    assert ev.actor_id == cast["town_operator"].pk
    assert ev.actor_name == "town_op"
    assert ev.ip == ""
    assert (ev.before["households"], ev.after["households"]) == (420, 999)


def test_change_through_a_view_records_actor_ip_and_request_id(client, cast):
    client.force_login(cast["secadmin"])
    response = client.post(
        "/admin-console/roles/",
        {"username": "leader", "role": "leader", "unit_code": "329901000000", "reason": "兼管清河县"},
        REMOTE_ADDR="192.0.2.17",
        HTTP_X_REQUEST_ID="req-7f3a9c21-0001",
    )
    assert response.status_code == 302
    ev = AuditEvent.objects.get()
    assert (ev.action, ev.actor_id, ev.actor_name) == ("role_grant", cast["secadmin"].pk, "secadmin")
    assert (ev.ip, ev.reason) == ("192.0.2.17", "兼管清河县")
    # The request id is the server's own: a client's id is never stored as the audit request id.
    assert ev.request_id != "req-7f3a9c21-0001" and len(ev.request_id) == 32
    assert response["X-Request-ID"] == ev.request_id
    assert ev.org_path == "329901"


def test_view_without_request_id_header_gets_a_generated_one(client, cast):
    client.force_login(cast["sysadmin"])
    response = client.post(
        "/admin-console/accounts/",
        {"username": "clerk9", "display_name": "文员九", "password": "Qingshi#2026x"},
        REMOTE_ADDR="198.51.100.4",
    )
    ev = AuditEvent.objects.get()
    assert ev.ip == "198.51.100.4"
    assert len(ev.request_id) == 32
    assert response["X-Request-ID"] == ev.request_id


def test_an_account_with_history_cannot_be_deleted(cast):
    """Deleting the actor would rewrite hashed rows (SET_NULL) and break the chain: it is refused."""
    from django.db.models import ProtectedError

    _writes(cast)
    with pytest.raises(ProtectedError):
        cast["town_operator"].delete()
    assert _verify() == "审计链完整：共 5 条"


# --- a batch: one append of several entries ------------------------------------------------------


def test_a_batch_appends_the_same_chain_in_one_write(cast, django_assert_max_num_queries):
    from django.db import transaction

    from huanjie.core.models import AuditChainHead

    _writes(cast)
    op = cast["town_operator"]
    with django_assert_max_num_queries(7), transaction.atomic(), audit.batch():
        for n in range(10):
            audit.record(audit.AuditAction.UPDATE, actor=op, instance=cast.village, after={"n": n})
        with audit.batch():  # a nested batch joins the outer one
            audit.record(audit.AuditAction.CREATE, actor=op, instance=cast.town, after={"n": 10})
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 17))
    assert AuditChainHead.objects.get(pk=1).seq == 16
    assert audit.verify_chain() is None
    assert _verify() == "审计链完整：共 16 条"
    audit.record(audit.AuditAction.UPDATE, actor=op, instance=cast.village, after={"n": 11})
    assert audit.verify_chain() is None


def test_a_failed_batch_writes_nothing(cast):
    from django.db import transaction

    _writes(cast)
    op = cast["town_operator"]
    with pytest.raises(RuntimeError), transaction.atomic(), audit.batch():
        audit.record(audit.AuditAction.UPDATE, actor=op, instance=cast.village, after={"n": 1})
        raise RuntimeError("refused")
    assert AuditEvent.objects.count() == 5
    audit.record(audit.AuditAction.UPDATE, actor=op, instance=cast.village, after={"n": 2})
    assert audit.verify_chain() is None
    with audit.batch():  # an empty batch moves nothing
        pass
    assert AuditEvent.objects.count() == 6
