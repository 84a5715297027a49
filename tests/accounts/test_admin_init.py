"""`huanjie admin_init`: the first holder of each administrator role is created at the server, with
a password its holder types; never a second one (after that, the consoles and two-person resets)."""

from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from huanjie.accounts.models import User
from huanjie.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(role, username, password="Qingshi#2026x", again=None):
    answers = [password, password if again is None else again]
    with mock.patch("getpass.getpass", side_effect=answers):
        out = StringIO()
        call_command("admin_init", role, username, "--name", "张三", stdout=out)
    return out.getvalue()


def test_creates_the_first_administrator_with_its_own_password(db):
    assert "已创建系统管理员 sys1" in _run("sysadmin", "sys1")
    u = User.objects.get(username="sys1")
    assert [a.role for a in u.roles()] == ["sysadmin"]
    assert not u.must_change_password
    assert authenticate(username="sys1", password="Qingshi#2026x") == u
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"create", "role_grant"}


def test_refuses_a_second_holder_and_bad_passwords(cast):
    with pytest.raises(CommandError, match="已有系统管理员"):
        _run("sysadmin", "sys2")
    with pytest.raises(CommandError, match="已有安全管理员"):
        _run("secadmin", "sec2")
    cast["auditadmin"].role_assignments.update(is_active=False)
    with pytest.raises(CommandError, match="不一致"):
        _run("auditadmin", "aud2", again="Qingshi#2026y")
    with pytest.raises(CommandError, match="该密码已公开"):
        _run("auditadmin", "aud2", password="Huanjie@2026")
    with pytest.raises(CommandError):
        _run("leader", "x")
    assert not User.objects.filter(username="aud2").exists()
    _run("auditadmin", "aud2")
    assert User.objects.get(username="aud2").roles()[0].role == "auditadmin"
