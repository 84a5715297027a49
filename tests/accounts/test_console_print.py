"""Issue 9, requirement 10 (the consoles): the account, role assignment and audit lists print in
full (``?print=1``: every row, the filter line, no pager, no forms), like the people list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huanjie.accounts.models import User
from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.listing import PRINT_MAX_ROWS
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _print_view(html: str, total: int) -> None:
    assert f"共 {total} 条，已全部列出" in html
    assert 'class="pagination' not in html
    assert "data-hj-print" in html and "返回列表" in html
    assert total < PRINT_MAX_ROWS


def test_account_list_prints_every_account(client, cast):
    for i in range(25):
        User.objects.create_user(f"clerk{i:02d}", display_name=f"办事员{i}")
    client.force_login(cast["sysadmin"])
    response = client.get(reverse("console:accounts"), {"q": "clerk"})
    assert len(response.context["rows"]) == 20
    html = response.content.decode()
    assert "打印全部" in html and "print=1" in html
    response = client.get(reverse("console:accounts"), {"q": "clerk", "print": "1", "page": "2"})
    assert len(response.context["rows"]) == 25
    html = response.content.decode()
    _print_view(html, 25)
    assert "筛选条件：查找=clerk" in html
    assert "新建账号" not in html  # the form is not printed


def test_role_assignments_print_in_full(client, cast):
    for i in range(25):
        user_with_role(f"op{i:02d}", "village_operator", cast.village)
    client.force_login(cast["secadmin"])
    response = client.get(reverse("console:roles"), {"q": "op", "revoked": "1"})
    assert len(response.context["rows"]) == 20
    response = client.get(reverse("console:roles"), {"q": "op", "revoked": "1", "print": "1"})
    assert len(response.context["rows"]) == len(response.context["page_obj"].object_list) >= 25
    html = response.content.decode()
    _print_view(html, response.context["page_obj"].paginator.count)
    assert "筛选条件：查找=op；含已撤销=是" in html
    assert "授予角色" not in html  # the grant form is not printed


def test_audit_list_prints_in_full_with_details_open(client, cast):
    for i in range(60):
        audit.record(
            AuditAction.LOGIN,
            actor=cast["town_operator"],
            model="accounts.User",
            object_id=str(cast["town_operator"].pk),
            object_repr=f"登录{i}",
        )
    client.force_login(cast["auditadmin"])
    response = client.get(reverse("console:audit"), {"action": "login"})
    assert len(response.context["rows"]) == 50
    response = client.get(reverse("console:audit"), {"action": "login", "print": "1"})
    total = response.context["page_obj"].paginator.count
    assert total >= 60 and len(response.context["rows"]) == total
    html = response.content.decode()
    _print_view(html, total)
    assert "筛选条件：" in html and "操作=登录" in html
    assert "<details open>" in html and "<details>" not in html
    assert 'name="date_from"' not in html  # the filter form is not printed
