"""The three separated administrators' consoles (三员分立): each works for its administrator, is 403
for every other role, and none can do another's work."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from huanjie.accounts import services as account_services
from huanjie.accounts.models import RoleAssignment, User
from huanjie.core import audit
from huanjie.core.models import AuditEvent
from huanjie.org import services as org_services
from tests.factories import PASSWORD
from tests.forms_kit import post_form

pytestmark = pytest.mark.django_db

CAST_ROLES = [
    "city_operator",
    "county_operator",
    "town_operator",
    "other_town_operator",
    "village_operator",
    "county_approver",
    "vetting",
    "supervisor",
    "leader",
    "sysadmin",
    "secadmin",
    "auditadmin",
]

# Every console URL and the one role allowed to use it.
CONSOLE_URLS = [
    ("console:audit", {}, "auditadmin"),
    ("console:audit_verify", {}, "auditadmin"),
    ("console:audit_export", {}, "auditadmin"),
    ("console:accounts", {}, "sysadmin"),
    ("console:account", {"pk": "self"}, "sysadmin"),
    ("console:roles", {}, "secadmin"),
    ("console:role_revoke", {"pk": "ra"}, "secadmin"),
]
POST_URLS = [
    ("console:accounts", {}, "sysadmin"),
    ("console:account_active", {"pk": "self"}, "sysadmin"),
    ("console:account_reset", {"pk": "self"}, "sysadmin"),
    ("console:roles", {}, "secadmin"),
    ("console:role_revoke", {"pk": "ra"}, "secadmin"),
]


def _url(cast, name, kwargs):
    resolved = {}
    for k, v in kwargs.items():
        if v == "self":
            resolved[k] = cast["leader"].pk
        elif v == "ra":
            resolved[k] = RoleAssignment.objects.get(user=cast["leader"]).pk
    return reverse(name, kwargs=resolved)


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("name", "kwargs", "owner"), CONSOLE_URLS, ids=[u[0] for u in CONSOLE_URLS])
def test_console_pages_only_for_their_administrator(client, cast, role, name, kwargs, owner):
    client.force_login(cast[role])
    response = client.get(_url(cast, name, kwargs))
    assert response.status_code == (200 if role == owner else 403)


@pytest.mark.parametrize(
    ("role", "name", "kwargs", "owner"),
    [(role, *u) for u in POST_URLS for role in CAST_ROLES if role != u[2]],
    ids=[f"{u[0]}-{role}" for u in POST_URLS for role in CAST_ROLES if role != u[2]],
)
def test_console_writes_refused_to_everyone_else(client, cast, role, name, kwargs, owner):
    """The owner's own writes are tested below."""
    client.force_login(cast[role])
    before = AuditEvent.objects.count()
    data = {
        "username": "intruder",
        "display_name": "x",
        "role": "city_operator",
        "unit_code": "329900000000",
        "reason": "r",
        "password": "",
    }
    assert client.post(_url(cast, name, kwargs), data).status_code == 403
    assert AuditEvent.objects.count() == before
    assert not User.objects.filter(username="intruder").exists()
    assert RoleAssignment.objects.filter(is_active=True).count() == len(cast.users) == 13


@pytest.mark.parametrize(("name", "kwargs", "owner"), CONSOLE_URLS, ids=[u[0] for u in CONSOLE_URLS])
def test_console_pages_send_anonymous_to_login(client, cast, name, kwargs, owner):
    response = client.get(_url(cast, name, kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_navigation_shows_each_administrator_only_their_console(client, cast):
    expected = {
        "sysadmin": {"console:accounts"},
        "secadmin": {"console:roles", "console:resets"},
        "auditadmin": {"console:audit", "console:resets_audit"},
    }
    for role, entries in expected.items():
        client.force_login(cast[role])
        names = {e["name"] for e in client.get(reverse(min(entries))).context["nav_entries"]}
        assert names == {"home", *entries}, role


# --- separation at the service level ---------------------------------------------------------------


def test_sysadmin_cannot_grant_or_revoke_roles(cast):
    u = User.objects.create_user("nobody", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        account_services.role_assign(
            actor=cast["sysadmin"], user=u, role="leader", org_unit=cast.city, reason="r"
        )
    ra = RoleAssignment.objects.get(user=cast["leader"])
    with pytest.raises(PermissionDenied):
        account_services.role_revoke(actor=cast["sysadmin"], assignment=ra, reason="r")


def test_secadmin_cannot_create_or_manage_accounts(cast):
    with pytest.raises(PermissionDenied):
        account_services.user_create(
            actor=cast["secadmin"], username="x1", display_name="x", password="Qingshi#2026x"
        )
    with pytest.raises(PermissionDenied):
        account_services.user_set_active(
            actor=cast["secadmin"], user=cast["leader"], active=False, reason="r"
        )
    with pytest.raises(PermissionDenied):
        account_services.password_reset_initiate(actor=cast["secadmin"], user=cast["leader"], reason="r")


def test_auditadmin_can_do_neither(cast):
    u = User.objects.create_user("nobody", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        account_services.user_create(
            actor=cast["auditadmin"], username="x1", display_name="x", password="Qingshi#2026x"
        )
    with pytest.raises(PermissionDenied):
        account_services.role_assign(
            actor=cast["auditadmin"], user=u, role="leader", org_unit=cast.city, reason="r"
        )


# --- audit console --------------------------------------------------------------------------------


def _some_changes(cast):
    op = cast["town_operator"]
    org_services.orgunit_update(actor=op, unit=cast.village, households=430)
    org_services.orgunit_update(actor=op, unit=cast.village2, name="西村村")
    org_services.orgunit_update(actor=cast["other_town_operator"], unit=cast.village_b, population=800)
    org_services.orgunit_deactivate(actor=op, unit=cast.village2, reason="并入东村")


def _audit(client, cast, **params):
    client.force_login(cast["auditadmin"])
    response = client.get(reverse("console:audit"), params)
    assert response.status_code == 200
    return response


def _seqs(response):
    return [r.event.seq for r in response.context["rows"]]


def test_audit_page_lists_newest_first_with_readable_diff(client, cast):
    _some_changes(cast)
    response = _audit(client, cast)
    assert _seqs(response) == [4, 3, 2, 1]
    first = response.context["rows"][-1]
    assert [(c.field, c.before, c.after) for c in first.changes] == [("户数", "420", "430")]
    assert first.action_label == "修改"
    assert first.model_label == "单位"
    html = response.content.decode()
    assert "并入东村" in html
    assert "西村村" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "deactivate"}, [4]),
        ({"actor": "town_b"}, [3]),
        ({"actor": "town_op"}, [4, 2, 1]),
        ({"org_path": "329901001000"}, [4, 2, 1]),  # a town's full code means its subtree
        ({"org_path": "329901002"}, [3]),
        ({"org_path": "329901"}, [4, 3, 2, 1]),
        ({"model": "org.OrgUnit"}, [4, 3, 2, 1]),
        ({"action": "role_grant"}, []),
    ],
)
def test_audit_filters(client, cast, params, expected):
    _some_changes(cast)
    assert _seqs(_audit(client, cast, **params)) == expected


def test_diff_of_a_creation_lists_what_was_set_in_local_time(cast):
    from huanjie.accounts.console_selectors import diff

    after = {
        "id": 7,
        "username": "clerk",
        "email": "",
        "is_superuser": False,
        "is_active": True,
        "date_joined": "2026-11-28T18:08:17.258001+00:00",
        "last_login": None,
    }
    changes = [(c.field, c.after, c.kind) for c in diff("accounts.User", None, after)]
    assert changes == [
        ("用户名", "clerk", "added"),
        ("有效", "是", "added"),
        ("加入日期", "2026-11-29 02:08:17", "added"),
    ]


def test_diff_of_an_update_lists_changed_fields_only():
    from huanjie.accounts.console_selectors import diff

    changes = diff(
        "org.OrgUnit",
        {"name": "东村", "households": 420, "is_pilot": False},
        {"name": "东村", "households": None, "is_pilot": True},
    )
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("户数", "420", "（空）"),
        ("试点", "否", "是"),
    ]


def test_audit_filter_by_request_id_and_dates(client, cast):
    from huanjie.core import context

    _some_changes(cast)
    with context.bind(ip="10.0.0.7", request_id="req-0000-abcd"):
        org_services.orgunit_update(actor=cast["town_operator"], unit=cast.village, households=431)
    ev = AuditEvent.objects.get(seq=5)
    assert (ev.ip, ev.request_id) == ("10.0.0.7", "req-0000-abcd")
    assert _seqs(_audit(client, cast, request_id="req-0000-abcd")) == [5]
    today = ev.at.astimezone().date().isoformat()
    assert _seqs(_audit(client, cast, date_from=today, date_to=today)) == [5, 4, 3, 2, 1]
    assert _seqs(_audit(client, cast, date_from="2099-01-01")) == []
    assert _seqs(_audit(client, cast, date_to="2000-01-01")) == []


def test_audit_filter_by_tried_account_finds_failed_logins(client, cast):
    client.post(reverse("login"), {"username": "county_op", "password": "wrong"})
    response = _audit(client, cast, actor="county_op", action="login_failed")
    assert len(response.context["rows"]) == 1
    assert response.context["rows"][0].actor_label == "（未登录）"


def test_audit_bad_filter_is_reported_not_fatal(client, cast):
    _some_changes(cast)
    response = _audit(client, cast, org_path="青石镇", date_from="not-a-date")
    assert _seqs(response) == [4, 3, 2, 1]
    assert "请从列表中选择单位（或输入区划代码）" in response.content.decode()


def test_audit_page_is_paginated_with_fixed_query_count(client, cast, django_assert_max_num_queries):
    for i in range(45):
        org_services.orgunit_update(actor=cast["town_operator"], unit=cast.village, households=500 + i)
    client.force_login(cast["auditadmin"])
    client.get(reverse("console:audit"))  # warm the session and content types
    # + the units named by the page's entries and the two pickers' lists (one query each)
    with django_assert_max_num_queries(12) as small:
        r1 = client.get(reverse("console:audit"), {"size": 20})
    with django_assert_max_num_queries(12) as big:
        r2 = client.get(reverse("console:audit"), {"size": 100})
    assert len(small.captured_queries) == len(big.captured_queries)
    assert len(r1.context["rows"]) == 20
    assert len(r2.context["rows"]) == 45
    r3 = client.get(reverse("console:audit"), {"size": 20, "page": 3})
    assert _seqs(r3) == [5, 4, 3, 2, 1]


def test_verify_button_reports_intact_chain(client, cast):
    _some_changes(cast)
    client.force_login(cast["auditadmin"])
    response = client.get(reverse("console:audit_verify"))
    html = response.content.decode()
    assert "审计链完整：</strong>共 4 条" in html
    assert "<html" in html
    partial = client.get(reverse("console:audit_verify"), HTTP_HX_REQUEST="true")
    assert "审计链完整" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_verify_button_names_the_broken_entry(client, cast):
    from tests.tamper import as_database_attacker

    _some_changes(cast)
    with as_database_attacker():
        AuditEvent.objects.filter(seq=3).update(reason="改过")
    client.force_login(cast["auditadmin"])
    html = client.get(reverse("console:audit_verify")).content.decode()
    assert "审计链已损坏：</strong>第 3 条：内容与哈希不符（记录被修改）" in html


def test_audit_export_is_filtered_neutralised_and_itself_audited(client, cast):
    _some_changes(cast)
    org_services.orgunit_update(actor=cast["town_operator"], unit=cast.village, name="=HYPERLINK(1)")
    client.force_login(cast["auditadmin"])
    response = client.get(reverse("console:audit_export"), {"org_path": "329901001"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[1][0] == "筛选条件：单位代码=329901001"
    header = values[2]
    assert header[:6] == ["序号", "时间", "操作人", "IP 地址", "请求编号", "操作"]
    assert [row[0] for row in values[3:]] == [5, 4, 2, 1]
    assert values[3][7] == "'=HYPERLINK(1)"
    assert values[3][11] == "名称：东村 → =HYPERLINK(1)"  # not at the start of the cell: inert
    export = AuditEvent.objects.get(action="export")
    assert export.actor_id == cast["auditadmin"].pk
    assert export.after["rows"] == 4
    assert audit.verify_chain() is None


# --- accounts console -----------------------------------------------------------------------------


def _sysadmin(client, cast):
    client.force_login(cast["sysadmin"])
    return client


def test_accounts_page_lists_accounts_without_business_data(client, cast):
    html = _sysadmin(client, cast).get(reverse("console:accounts")).content.decode()
    assert "town_op" in html and "乡镇操作员" in html
    for business in ("青石镇", "东村", "清河县", "329901"):
        assert business not in html


def test_create_account_then_issue_its_first_secret_half_only(client, cast):
    """The system administrator never sees a password of the account it creates: the account has
    none, and its first temporary secret is split with the security administrator."""
    c = _sysadmin(client, cast)
    created = c.post(
        reverse("console:accounts"),
        {"username": "clerk2", "display_name": "文员二", "password": "Qingshi#2026x"},
    )
    u = User.objects.get(username="clerk2")
    assert created.status_code == 302
    assert created["Location"] == reverse("console:account", kwargs={"pk": u.pk})
    assert not u.has_usable_password()  # the form has no password field; a posted one is ignored
    assert not u.role_assignments.exists()  # the system admin cannot assign roles
    ev = AuditEvent.objects.get(action="create", model="accounts.User")
    assert ev.actor_id == cast["sysadmin"].pk
    assert "password" not in ev.after
    page = c.get(created["Location"])
    assert "签发初始口令" in page.content.decode()
    assert page.context["reset_form"].initial["reason"] == "新建账号，签发初始口令"
    response = post_form(
        c,
        reverse("console:account_reset", kwargs={"pk": u.pk}),
        {"reason": "新建账号，签发初始口令"},
        page=created["Location"],
        key="reset_form",
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    half = response.context["half"]
    assert len(half) == 11 and half[5] == "-"
    assert half in response.content.decode()
    assert "前半" in response.content.decode()
    reset = u.password_resets.get()
    assert reset.initiated_by == cast["sysadmin"] and reset.confirmed_at is None
    assert half.replace("-", "") not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_create_account_refuses_duplicates_ignoring_case_and_width(client, cast):
    c = _sysadmin(client, cast)
    dup = c.post(reverse("console:accounts"), {"username": "Town_Op", "display_name": "x"})
    assert "账号“Town_Op”已存在" in dup.content.decode()
    wide = c.post(reverse("console:accounts"), {"username": "ｃｌｅｒｋ３", "display_name": "文员三"})
    assert wide.status_code == 302
    assert User.objects.filter(username="clerk3").exists()
    dup = c.post(reverse("console:accounts"), {"username": "clerk3", "display_name": "x"})
    assert "账号“clerk3”已存在" in dup.content.decode()


def test_deactivate_needs_reason_then_reactivate(client, cast):
    c = _sysadmin(client, cast)
    target = cast["leader"]
    url = reverse("console:account_active", kwargs={"pk": target.pk})
    page = reverse("console:account", kwargs={"pk": target.pk})
    assert post_form(c, url, {"reason": ""}, page=page, key="active_form").status_code == 400
    assert User.objects.get(pk=target.pk).is_active
    assert post_form(c, url, {"reason": "退休"}, page=page, key="active_form").status_code == 302
    assert not User.objects.get(pk=target.pk).is_active
    assert post_form(c, url, {"reason": ""}, page=page, key="active_form").status_code == 302
    assert User.objects.get(pk=target.pk).is_active
    actions = list(
        AuditEvent.objects.filter(model="accounts.User").order_by("seq").values_list("action", "reason")
    )
    assert actions == [("deactivate", "退休"), ("reactivate", "")]


def test_sysadmin_cannot_deactivate_self(client, cast):
    c = _sysadmin(client, cast)
    me = cast["sysadmin"]
    page = c.get(reverse("console:account", kwargs={"pk": me.pk})).content.decode()
    assert "停用账号" not in page
    response = c.post(reverse("console:account_active", kwargs={"pk": me.pk}), {"reason": "x"})
    assert response.status_code == 400
    assert User.objects.get(pk=me.pk).is_active


def test_reset_from_the_account_page_shows_the_first_half_only(client, cast):
    from django.test import Client

    victim = Client()
    victim.force_login(cast["leader"])
    c = _sysadmin(client, cast)
    url = reverse("console:account_reset", kwargs={"pk": cast["leader"].pk})
    page = reverse("console:account", kwargs={"pk": cast["leader"].pk})
    assert c.post(url, {"reason": ""}).status_code == 400  # a reason is required
    response = post_form(c, url, {"reason": "遗忘密码"}, page=page, key="reset_form")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "前半" in response.content.decode()
    # Until the security administrator confirms, nothing happens to the account.
    u = User.objects.get(pk=cast["leader"].pk)
    assert u.check_password(PASSWORD)
    assert victim.get(reverse("home")).status_code == 200
    ev = AuditEvent.objects.get(action="password_reset_initiate")
    assert ev.reason == "遗忘密码"
    page = c.get(reverse("console:account", kwargs={"pk": cast["leader"].pk})).content.decode()
    assert "等待安全管理员确认" in page


def test_sysadmin_account_page_offers_no_reset_of_a_sysadmin(client, cast):
    other = User.objects.create_user("sys2", password=PASSWORD)
    RoleAssignment.objects.create(user=other, role="sysadmin")
    page = _sysadmin(client, cast).get(reverse("console:account", kwargs={"pk": other.pk})).content.decode()
    assert "该账号的密码重置由安全管理员发起、审计管理员确认" in page
    assert "发起重置" not in page
    response = client.post(reverse("console:account_reset", kwargs={"pk": other.pk}), {"reason": "r"})
    assert response.status_code == 400
    assert not other.password_resets.exists()


def test_unknown_account_is_404(client, cast):
    assert _sysadmin(client, cast).get(reverse("console:account", kwargs={"pk": 999999})).status_code == 404


# --- roles console --------------------------------------------------------------------------------


def _secadmin(client, cast):
    client.force_login(cast["secadmin"])
    return client


def test_roles_page_lists_assignments(client, cast):
    response = _secadmin(client, cast).get(reverse("console:roles"))
    assert len(response.context["rows"]) == len(cast.users) == 13
    html = response.content.decode()
    assert "青石镇" in html and "公安局" in html
    # The account and the unit are searchable pickers, no longer lists of every unit in the page
    # (tests/accounts/test_pickers.py).
    assert reverse("console:roles_units") in html and reverse("console:roles_accounts") in html
    assert "<datalist" not in html


def test_grant_role_by_unit_code_with_reason(client, cast):
    u = User.objects.create_user("newop", password=PASSWORD)
    response = _secadmin(client, cast).post(
        reverse("console:roles"),
        {
            "username": "newop",
            "role": "town_operator",
            "unit_code": "329901002000",
            "reason": "组干〔2026〕3号",
        },
    )
    assert response.status_code == 302
    ra = RoleAssignment.objects.get(user=u)
    assert (ra.role, ra.org_unit_id, ra.is_active) == ("town_operator", cast.town_b.pk, True)
    ev = AuditEvent.objects.get(action="role_grant")
    assert (ev.actor_id, ev.reason, ev.org_path) == (cast["secadmin"].pk, "组干〔2026〕3号", "329901002")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "ghost", "role": "leader", "unit_code": "329900000000", "reason": "r"}, "账号不存在"),
        ({"username": "newop", "role": "town_operator", "unit_code": "329901000000", "reason": "r"}, "乡镇"),
        (
            {"username": "newop", "role": "town_operator", "unit_code": "329999999000", "reason": "r"},
            "找不到",
        ),
        ({"username": "newop", "role": "town_operator", "unit_code": "", "reason": "r"}, "须指定管辖单位"),
        ({"username": "newop", "role": "vetting", "unit_code": "329901000000", "reason": "r"}, "须指定部门"),
        ({"username": "newop", "role": "leader", "unit_code": "329900000000", "reason": ""}, "请填写“理由”"),
    ],
)
def test_grant_errors_are_shown(client, cast, data, message):
    User.objects.create_user("newop", password=PASSWORD)
    response = _secadmin(client, cast).post(reverse("console:roles"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RoleAssignment.objects.filter(user__username="newop").exists()
    assert not AuditEvent.objects.exists()


def test_revoke_needs_reason_and_regrant_reactivates(client, cast):
    c = _secadmin(client, cast)
    ra = RoleAssignment.objects.get(user=cast["leader"])
    url = reverse("console:role_revoke", kwargs={"pk": ra.pk})
    assert "确认撤销" in c.get(url).content.decode()
    assert post_form(c, url, {"reason": ""}).status_code == 200
    assert RoleAssignment.objects.get(pk=ra.pk).is_active
    assert post_form(c, url, {"reason": "调离"}).status_code == 302
    assert not RoleAssignment.objects.get(pk=ra.pk).is_active
    assert not User.objects.get(pk=cast["leader"].pk).has_capability("org.view")
    listed = c.get(reverse("console:roles")).context["rows"]
    assert ra.pk not in [r["ra"].pk for r in listed]
    assert ra.pk in [r["ra"].pk for r in c.get(reverse("console:roles"), {"revoked": "1"}).context["rows"]]
    c.post(
        reverse("console:roles"),
        {"username": "leader", "role": "leader", "unit_code": "329900000000", "reason": "回任"},
    )
    assert RoleAssignment.objects.get(pk=ra.pk).is_active
    assert RoleAssignment.objects.filter(user=cast["leader"]).count() == 1
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", "reason"))
    assert actions == [("role_revoke", "调离"), ("role_grant", "回任")]


def test_secadmin_cannot_revoke_own_role(client, cast):
    c = _secadmin(client, cast)
    ra = RoleAssignment.objects.get(user=cast["secadmin"])
    rows = {r["ra"].pk: r["can_revoke"] for r in c.get(reverse("console:roles")).context["rows"]}
    assert rows[ra.pk] is False
    assert sum(rows.values()) == len(cast.users) - 1
    response = post_form(c, reverse("console:role_revoke", kwargs={"pk": ra.pk}), {"reason": "试试"})
    assert "不能撤销自己的角色" in response.content.decode()
    assert RoleAssignment.objects.get(pk=ra.pk).is_active


def test_secadmin_cannot_make_an_admin_a_business_user(client, cast):
    response = _secadmin(client, cast).post(
        reverse("console:roles"),
        {"username": "sysadmin", "role": "leader", "unit_code": "329900000000", "reason": "r"},
    )
    assert "管理员账号只能担任一个角色" in response.content.decode()


def _sheet_values(response):
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_account_and_role_lists_export_with_their_filters(client, cast):
    client.force_login(cast["sysadmin"])
    rows = _sheet_values(client.get("/admin-console/accounts/export/", {"q": "town"}))
    usernames = {r[1] for r in rows if r and r[1] in {"town_op", "town_b_op", "city_op"}}
    assert usernames == {"town_op", "town_b_op"}
    assert AuditEvent.objects.filter(action="export", actor=cast["sysadmin"]).count() == 1
    client.force_login(cast["secadmin"])
    rows = _sheet_values(client.get("/admin-console/roles/export/", {"q": "青石镇"}))
    assert ["town_op", "town_op", "乡镇操作员", "青石镇", "329901001000", None, "有效"] in [
        list(r)[1:] for r in rows
    ]
    for role in ("auditadmin", "town_operator", "leader"):
        client.force_login(cast[role])
        assert client.get("/admin-console/accounts/export/").status_code == 403
        assert client.get("/admin-console/roles/export/").status_code == 403
