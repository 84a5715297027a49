import pytest
from django.core.management import CommandError, call_command

from huanjie.accounts.models import ApiToken
from huanjie.accounts.tokens import TOKEN_PREFIX, api_token_create, api_token_revoke, token_digest
from huanjie.core.api_auth import api_requires
from huanjie.core.audit import verify_chain
from huanjie.core.models import AuditEvent
from huanjie.people.capabilities import PeopleCap

pytestmark = pytest.mark.django_db


def test_create_and_revoke_are_audited_without_the_token(cast):
    admin = cast["sysadmin"]
    record, token = api_token_create(actor=admin, user=cast["town_operator"], name="报表")
    assert token.startswith(TOKEN_PREFIX) and len(token) > 40
    assert record.key_digest == token_digest(token)
    api_token_revoke(actor=admin, token=record)
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "model", "actor_name", "after"))
    assert events == [
        ("create", "accounts.ApiToken", "sysadmin", {"user": "town_op", "name": "报表"}),
        ("update", "accounts.ApiToken", "sysadmin", {"is_active": False}),
    ]
    assert not AuditEvent.objects.filter(after__icontains=token).exists()
    assert verify_chain() is None


def test_revoking_twice_records_once(cast):
    record, _ = api_token_create(actor=None, user=cast["town_operator"], name="x")
    api_token_revoke(actor=None, token=record)
    api_token_revoke(actor=None, token=record)
    assert AuditEvent.objects.filter(action="update").count() == 1


def test_no_token_for_inactive_users_or_without_a_name(cast):
    user = cast["town_operator"]
    with pytest.raises(ValueError, match="名称"):
        api_token_create(actor=None, user=user, name="  ")
    user.is_active = False
    user.save()
    with pytest.raises(ValueError, match="停用"):
        api_token_create(actor=None, user=user, name="x")
    assert not ApiToken.objects.exists()


def test_tokens_are_unique(cast):
    tokens = {api_token_create(actor=None, user=cast["leader"], name=str(i))[1] for i in range(20)}
    assert len(tokens) == 20


def test_api_requires_declares_the_permission():
    @api_requires(PeopleCap.VIEW)
    def op(request):
        return "ok"

    assert op.huanjie_permission == PeopleCap.VIEW
    assert op.__name__ == "op"


def test_token_command_errors(cast):
    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "revoke", "999")


def test_token_list(cast, capsys):
    api_token_create(actor=None, user=cast["leader"], name="大屏")
    call_command("token", "list", "leader")
    out = capsys.readouterr().out
    assert "leader\t大屏\t有效\t从未使用" in out
