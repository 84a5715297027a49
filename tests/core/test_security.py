"""Security baseline (issue 2, requirement 8): hashing, password policy, lockout, idle logout, forced
password change, CSRF, response headers, secure cookies, and templates free of inline code (CSP)."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from huanjie.accounts import services as account_services
from huanjie.accounts.models import LoginAttempt, LoginGate, User
from huanjie.accounts.passwords import ComplexityValidator
from huanjie.core.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "登录失败次数过多，账号已锁定 15 分钟"
IP_LOCKED = "登录失败次数过多，本机地址已锁定 15 分钟"
WRONG = "账号或密码错误"


def _login(client, username, password=PASSWORD, ip="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- hashing and policy ---------------------------------------------------------------------------


def test_argon2_is_the_hasher(cast):
    import huanjie.settings as production

    # The suite swaps in a cheaper Argon2 (tests/hashers.py); production uses Django's defaults.
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert User.objects.get(username="town_op").password.startswith("argon2$argon2id$")
    u = account_services.user_create(
        actor=None, username="new_clerk", display_name="新文员", password="Qingshi#2026x"
    )
    assert User.objects.get(pk=u.pk).password.startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("Qsh#2026x", False),  # 9 characters, 4 classes: too short
        ("qingshi202", False),  # 10 characters, 2 classes (lower, digit)
        ("QINGSHI###", False),  # 10 characters, 2 classes (upper, symbol)
        ("Qingshiz27", True),  # 10 characters, 3 classes (upper, lower, digit)
        ("qingshi#27", True),  # 10 characters, 3 classes (lower, symbol, digit)
        ("Qingshi#2026x", True),  # 4 classes
    ],
)
def test_password_policy_boundaries(password, accepted):
    if accepted:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_password_policy_messages_are_chinese():
    with pytest.raises(ValidationError) as info:
        ComplexityValidator().validate("abc")
    assert info.value.messages == [
        "密码至少 10 个字符。",
        "密码须包含大写字母、小写字母、数字、符号中的至少 3 类。",
    ]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Huanjie@2026", "该密码已公开"),  # the demo password (README)
        ("ＨＵＡＮＪＩＥ@2026", "该密码已公开"),  # full-width and upper case: the same password
        ("Admin@123456", "该密码已公开"),  # a vendor default
        ("password1!", "这个密码太常见了"),  # Django's common-password list (passes the complexity rule)
    ],
)
def test_published_and_common_passwords_cannot_be_chosen(password, message, settings):
    settings.HUANJIE_DEMO = True  # not even in the demo
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert any(message in m for m in info.value.messages), info.value.messages


def test_published_list_ships_in_the_package_as_package_data():
    from huanjie.accounts.passwords import PUBLISHED_PASSWORDS_FILE

    # pyproject.toml ships "*.json" files of the package; a .txt would be left out of the wheel.
    assert PUBLISHED_PASSWORDS_FILE.suffix == ".json"
    assert PUBLISHED_PASSWORDS_FILE.parent == Path(settings.BASE_DIR) / "huanjie" / "accounts"


@pytest.mark.parametrize("password", ["Huanjie@2026", "password1!"])
def test_production_refuses_to_log_in_with_a_published_or_common_password(client, cast, settings, password):
    """An account that still has the demo password (the demo builder sets it without the policy) or
    a common one cannot log in in production; the demo deployment (HUANJIE_DEMO=1) lets it."""
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk=cast["leader"].pk).update(password=make_password(password))
    settings.HUANJIE_DEMO = False
    response = _login(client, "leader", password)
    assert response.status_code == 200
    assert "公开的演示密码或常见密码" in response.content.decode()
    assert WRONG not in response.content.decode()
    assert not _logged_in(client)
    ev = AuditEvent.objects.get(action="login_failed")
    assert ev.object_repr == "leader" and "公开的演示密码或常见密码" in ev.reason
    # It counts as a failure: it cannot be used to probe accounts without limit.
    assert LoginAttempt.objects.filter(username="leader", success=False).count() == 1
    settings.HUANJIE_DEMO = True
    assert _login(client, "leader", password).status_code == 302


def test_huanjie_demo_comes_from_the_environment():
    code = "import huanjie.settings as s; print(s.HUANJIE_DEMO)"
    env = {k: v for k, v in os.environ.items() if k != "HUANJIE_DEMO"}
    run = [sys.executable, "-c", code]
    assert subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout.strip() == "False"
    env["HUANJIE_DEMO"] = "1"
    assert subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout.strip() == "True"


# --- usernames ------------------------------------------------------------------------------------


def test_full_width_username_is_stored_normalised_and_logs_in(client, cast):
    u = account_services.user_create(
        actor=None, username="ｃｌｅｒｋ７", display_name="文员七", password="Qingshi#2026x"
    )
    assert u.username == "clerk7"
    assert _login(client, "ｃｌｅｒｋ７", "Qingshi#2026x").status_code == 302
    client.post(reverse("logout"))
    assert _login(client, "clerk7", "Qingshi#2026x").status_code == 302
    with pytest.raises(ValidationError, match="已存在"):
        account_services.user_create(
            actor=None, username="CLERK7", display_name="x", password="Qingshi#2026x"
        )


def test_full_width_attempts_count_against_the_same_account(client, cast):
    for i, name in enumerate(["ｔｏｗｎ_op", "town_op", "ｔｏｗｎ＿ｏｐ", "town_ｏｐ", "town_op"]):
        _login(client, name, "wrong", ip=f"10.4.4.{i}")
    assert set(LoginAttempt.objects.values_list("username", flat=True)) == {"town_op"}
    response = _login(client, "ｔｏｗｎ＿ｏｐ", ip="10.4.4.9")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_role_grant_finds_a_full_width_username(client, cast):
    client.force_login(cast["secadmin"])
    u = account_services.user_create(actor=cast["sysadmin"], username="clerk8", display_name="文员八")
    response = client.post(
        reverse("console:roles"),
        {"username": "ｃｌｅｒｋ８", "role": "leader", "unit_code": cast.city.code, "reason": "任命"},
    )
    assert response.status_code == 302
    assert u.role_assignments.get().role == "leader"


# --- login, lockout -------------------------------------------------------------------------------


def test_login_page_is_chinese_and_logs_in(client, cast):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "登录" in page.content.decode()
    response = _login(client, "town_op")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _logged_in(client)


def test_login_failure_shows_generic_message(client, cast):
    response = _login(client, "town_op", "wrong-password")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not _logged_in(client)


def test_login_redirects_only_to_own_site(client, cast):
    response = client.post(
        reverse("login") + "?next=https://evil.example/x",
        {"username": "town_op", "password": PASSWORD, "next": "https://evil.example/x"},
    )
    assert response["Location"] == reverse("home")
    client.logout()
    response = client.post(reverse("login"), {"username": "town_op", "password": PASSWORD, "next": "/org/"})
    assert response["Location"] == "/org/"


def test_account_locks_at_exactly_the_fifth_failure(client, cast):
    for i in range(4):
        response = _login(client, "town_op", "wrong", ip=f"10.0.0.{i}")
        assert WRONG in response.content.decode()
        assert LOCKED not in response.content.decode()
    response = _login(client, "town_op", "wrong", ip="10.0.0.4")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # The right password is refused while locked, from any address.
    response = _login(client, "town_op", ip="10.0.0.99")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not _logged_in(client)
    # Other accounts are unaffected.
    assert _login(client, "county_op", ip="10.0.0.99").status_code == 302


def test_success_resets_the_account_counter(client, cast):
    for i in range(4):
        _login(client, "town_op", "wrong", ip=f"10.0.1.{i}")
    assert _login(client, "town_op", ip="10.0.1.10").status_code == 302
    client.logout()
    for i in range(4):
        _login(client, "town_op", "wrong", ip=f"10.0.2.{i}")
    assert _login(client, "town_op", ip="10.0.2.10").status_code == 302


def test_ip_locks_after_five_failures_across_usernames(client, cast):
    for name in ("a1", "b2", "c3", "d4", "e5"):
        _login(client, name, "wrong", ip="10.9.9.9")
    response = _login(client, "town_op", ip="10.9.9.9")
    assert response.status_code == 429
    assert IP_LOCKED in response.content.decode()
    assert not _logged_in(client)
    # The same account from another address logs in: it is the address that is locked.
    assert _login(client, "town_op", ip="10.9.9.10").status_code == 302


def test_lock_is_released_after_fifteen_minutes(client, cast):
    for _ in range(5):
        _login(client, "town_op", "wrong")
    LoginAttempt.objects.update(at=F("at") - dt.timedelta(minutes=14, seconds=50))
    assert _login(client, "town_op").status_code == 429
    LoginAttempt.objects.update(at=F("at") - dt.timedelta(minutes=15))
    response = _login(client, "town_op")
    assert response.status_code == 302
    assert _logged_in(client)


def test_lock_release_with_frozen_clock(client, cast):
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        for _ in range(5):
            _login(client, "town_op", "wrong")
    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=14)):
        assert _login(client, "town_op").status_code == 429
    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=15, seconds=1)):
        # The refused attempt at minute 14 is itself a failure inside the window for the address,
        # so log in from another address: the account lock alone has expired.
        assert _login(client, "town_op", ip="10.2.2.2").status_code == 302


def test_logins_failures_and_lockouts_are_audited(client, cast):
    """Every failed login reaches the audit trail, including those refused while locked."""
    _login(client, "town_op", ip="10.3.3.3")
    client.post(reverse("logout"))
    for _ in range(5):
        _login(client, "county_op", "wrong", ip="10.3.3.4")
    _login(client, "county_op", "wrong", ip="10.3.3.4")  # already locked: refused, still recorded
    _login(client, "", "wrong", ip="10.3.3.4")  # no account named: the form refuses, nothing tried
    rows = list(AuditEvent.objects.order_by("seq").values_list("action", "object_repr", "ip", "reason"))
    assert rows == [
        ("login", "town_op", "10.3.3.3", ""),
        *[("login_failed", "county_op", "10.3.3.4", "登录：口令错误")] * 5,
        ("lockout", "county_op", "10.3.3.4", "登录"),
        ("login_failed", "county_op", "10.3.3.4", "登录：已锁定，未校验"),
    ]
    login = AuditEvent.objects.get(action="login")
    assert login.actor_id == cast["town_operator"].pk


def test_failures_outside_the_login_view_are_audited_too(cast):
    """The backend records the failure, so any caller of authenticate() leaves a trace."""
    from django.contrib.auth import authenticate

    assert authenticate(username="town_op", password="wrong") is None
    assert authenticate(username="nobody-here", password="wrong") is None
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "object_repr")) == [
        ("login_failed", "town_op"),
        ("login_failed", "nobody-here"),
    ]


def test_sixth_of_six_interleaved_attempts_is_refused(cast):
    """Six attempts overlap: each starts while the previous one's password hash is being checked
    (the slow part, done outside any lock). The 5 in flight are already counted as failures, so the
    6th is refused before its password is looked at, even though it is the right one. The old code
    counted an attempt only after its hash check, and let all six through."""
    from huanjie.accounts.lockout import AccountLocked, LockoutModelBackend

    backend = LockoutModelBackend()
    outcomes: dict[int, object] = {}
    checked: list[str] = []

    def interleaved_check(self, raw):
        checked.append(raw)
        n = len(checked) + 1  # the attempt that starts now
        if n <= 6:
            password = PASSWORD if n == 6 else "wrong"
            try:
                outcomes[n] = backend.authenticate(None, username="town_op", password=password)
            except AccountLocked:
                outcomes[n] = "locked"
        return False

    with mock.patch.object(User, "check_password", interleaved_check):
        outcomes[1] = backend.authenticate(None, username="town_op", password="wrong")
    assert outcomes == {1: None, 2: None, 3: None, 4: None, 5: None, 6: "locked"}
    assert len(checked) == 5  # the 6th password was never checked
    assert LoginAttempt.objects.filter(username="town_op", success=False).count() == 6
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions.count("login_failed") == 6
    assert actions.count("lockout") >= 1


def test_attempts_in_flight_count_and_a_success_resets(cast):
    """The counting step on its own: 5 attempts begun and not finished lock the account; a finished
    success clears the account's count."""
    from huanjie.accounts import lockout

    first = [lockout.begin("town_op", f"10.7.0.{i}") for i in range(4)]
    fifth = lockout.begin("town_op", "10.7.0.4")
    with pytest.raises(lockout.AccountLocked):
        lockout.begin("town_op", "10.7.0.5")
    assert lockout.account_locked("town_op")
    for a in first:
        lockout.finish(a, success=False)
    lockout.finish(fifth, success=True)
    assert not lockout.account_locked("town_op")
    assert LoginGate.objects.filter(key="user:town_op").count() == 1


def test_logout_is_post_only(client, cast):
    client.force_login(cast["town_operator"])
    assert client.get(reverse("logout")).status_code == 405
    assert _logged_in(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not _logged_in(client)


def test_deactivated_account_cannot_log_in_and_loses_its_session(client, cast):
    client.force_login(cast["town_operator"])
    account_services.user_set_active(
        actor=cast["sysadmin"], user=cast["town_operator"], active=False, reason="调离"
    )
    assert client.get(reverse("home")).status_code == 302
    assert WRONG in _login(client, "town_op").content.decode()


# --- idle logout ----------------------------------------------------------------------------------


def test_session_settings_end_idle_sessions_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # saved at most once a minute instead
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_session_expired_in_database_is_rejected(client, cast):
    _login(client, "town_op")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_extends_the_session_and_thirty_idle_minutes_end_it(client, cast):
    start = timezone.now()

    def at(minutes):
        return mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=minutes))

    with at(0):
        _login(client, "town_op")
    with at(29):
        assert client.get(reverse("home")).status_code == 200  # activity pushes expiry to minute 59
    with at(58):
        assert client.get(reverse("home")).status_code == 200  # still alive: idle for 29 minutes
    with at(88):
        response = client.get(reverse("home"))  # idle for 30 minutes
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- forced password change -----------------------------------------------------------------------


def _created_account(cast):
    # A server-side command (actor None) may set an initial password; an administrator never does.
    return account_services.user_create(
        actor=None, username="clerk1", display_name="文员一", password="Initial#2026x"
    )


def test_created_account_must_change_password_first(client, cast):
    u = _created_account(cast)
    assert u.must_change_password
    response = _login(client, "clerk1", "Initial#2026x")
    assert response.status_code == 302
    for path in (reverse("home"), "/org/", "/people/", reverse("console:accounts")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "首次登录" in page.content.decode()


def test_forced_change_rejects_weak_password_then_clears_the_flag(client, cast):
    _created_account(cast)
    _login(client, "clerk1", "Initial#2026x")
    weak = client.post(
        reverse("password_change"),
        {"old_password": "Initial#2026x", "new_password1": "qingshi202", "new_password2": "qingshi202"},
    )
    assert weak.status_code == 200
    assert "至少 3 类" in weak.content.decode()
    assert User.objects.get(username="clerk1").must_change_password
    wrong_old = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "Qingshi#2027y", "new_password2": "Qingshi#2027y"},
    )
    assert "原密码不正确" in wrong_old.content.decode()
    ok = client.post(
        reverse("password_change"),
        {"old_password": "Initial#2026x", "new_password1": "Qingshi#2027y", "new_password2": "Qingshi#2027y"},
    )
    assert ok.status_code == 302
    assert ok["Location"] == reverse("home")
    u = User.objects.get(username="clerk1")
    assert not u.must_change_password
    assert u.check_password("Qingshi#2027y")
    assert _logged_in(client)  # the session survives its own password change
    assert client.get(reverse("home")).status_code == 200
    ev = AuditEvent.objects.filter(action="password_change").get()
    assert ev.actor_id == u.pk
    assert "password" not in ev.after


def test_logout_allowed_while_password_change_pending(client, cast):
    _created_account(cast)
    _login(client, "clerk1", "Initial#2026x")
    assert client.post(reverse("logout")).status_code == 302
    assert not _logged_in(client)


def test_password_change_mismatch(client, cast):
    client.force_login(cast["town_operator"])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Qingshi#2027y", "new_password2": "Qingshi#2027z"},
    )
    assert "两次输入的新密码不一致" in response.content.decode()


def test_wrong_old_password_counts_toward_lockout_and_is_audited(client, cast):
    _login(client, "town_op", ip="10.5.5.5")
    bad = {"old_password": "nope", "new_password1": "Qingshi#2027y", "new_password2": "Qingshi#2027y"}
    for _ in range(4):
        response = client.post(reverse("password_change"), bad, REMOTE_ADDR="10.5.5.5")
        assert "原密码不正确" in response.content.decode()
    response = client.post(reverse("password_change"), bad, REMOTE_ADDR="10.5.5.5")
    # The fifth wrong guess locks the account and ends the session.
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not _logged_in(client)
    assert _login(client, "town_op", ip="10.5.5.6").status_code == 429
    user = cast["town_operator"]
    failed = AuditEvent.objects.filter(action="password_change_failed")
    assert failed.count() == 5
    assert set(failed.values_list("actor_id", "object_repr", "reason")) == {
        (user.pk, "town_op", "原密码不正确")
    }
    assert AuditEvent.objects.filter(action="lockout", actor_id=user.pk).count() == 1
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_password_change_refused_while_locked(client, cast):
    client.force_login(cast["town_operator"])
    for i in range(5):
        _login(Client(), "town_op", "wrong", ip=f"10.6.0.{i}")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Qingshi#2027y", "new_password2": "Qingshi#2027y"},
    )
    assert response.status_code == 302
    assert not _logged_in(client)
    assert User.objects.get(pk=cast["town_operator"].pk).check_password(PASSWORD)
    ev = AuditEvent.objects.filter(action="password_change_failed").get()
    assert ev.reason == "修改密码：已锁定，未校验"


# --- CSRF, headers, cookies -----------------------------------------------------------------------


def test_csrf_enforced_on_login_and_logout(cast):
    c = Client(enforce_csrf_checks=True)
    assert c.post(reverse("login"), {"username": "town_op", "password": PASSWORD}).status_code == 403
    c.force_login(cast["town_operator"])
    assert c.post(reverse("logout")).status_code == 403
    assert "_auth_user_id" in c.session


def test_csrf_failure_page_is_chinese_and_csp_clean(cast):
    c = Client(enforce_csrf_checks=True)
    response = c.post(reverse("login"), {"username": "town_op", "password": PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期或请求来源无法验证" in html
    assert "<style" not in html
    assert "Content-Security-Policy" in response


def test_csrf_token_round_trip_works(cast):
    c = Client(enforce_csrf_checks=True)
    c.get(reverse("login"))
    token = c.cookies["csrftoken"].value
    response = c.post(
        reverse("login"), {"username": "town_op", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_security_headers_on_a_normal_response(client, cast):
    client.force_login(cast["town_operator"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_login_page_has_the_headers_too(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_are_secure_in_tls_deployments(cast):
    c = Client()
    c.get(reverse("login"), secure=True)
    assert c.cookies["csrftoken"]["secure"] is True
    response = c.post(reverse("login"), {"username": "town_op", "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"


def test_cookies_not_secure_without_tls(client, cast):
    response = _login(client, "town_op")
    assert not response.cookies[settings.SESSION_COOKIE_NAME]["secure"]


def test_huanjie_tls_switches_on_the_transport_settings():
    code = (
        "import huanjie.settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {**os.environ, "HUANJIE_TLS": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]


# --- templates free of inline code ----------------------------------------------------------------

_TEMPLATE_ROOT = Path(settings.BASE_DIR) / "huanjie"
_INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script> without src"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on*= event handler"),
    (re.compile(r"\shx-on", re.I), "hx-on inline handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _templates():
    return sorted(p for p in _TEMPLATE_ROOT.rglob("templates/**/*.html"))


def test_templates_exist_to_scan():
    names = {p.name for p in _templates()}
    assert {"base.html", "login.html", "password_change.html"} <= names


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(_TEMPLATE_ROOT)))
def test_template_has_no_inline_code(path):
    text = path.read_text(encoding="utf-8")
    found = [
        f"{label}: line {text.count(chr(10), 0, m.start()) + 1}"
        for rx, label in _INLINE
        for m in rx.finditer(text)
    ]
    assert found == []


def test_inline_scanner_catches_offenders():
    bad = '<script>alert(1)</script><div style="x" onclick="y"></div><style>p{}</style>'
    labels = {label for rx, label in _INLINE if rx.search(bad)}
    assert labels == {
        "inline <script> without src",
        "<style> block",
        "style= attribute",
        "on*= event handler",
    }
    assert not _INLINE[0][0].search('<script src="/static/core/huanjie.js"></script>')
