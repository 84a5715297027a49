"""Password resets by two administrators (三员分立, hardening issue 7 requirement 5): no single
administrator can obtain another account's credentials or act as it.

A reset is initiated by one administrator (shown the first half of a temporary secret) and
confirmed by a second (shown the second half); confirmation makes the old password unusable,
revokes the API tokens and ends the sessions. The holder enters both halves at the login page and
can then only set a new password; the secret works once and for 24 hours; the holder is told at
their next login who reset it and when.
"""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huanjie.accounts import services
from huanjie.accounts.models import ApiToken, PasswordReset, RoleAssignment, User
from huanjie.accounts.tokens import api_token_create
from huanjie.core.models import AuditEvent
from tests.apiclient import api_get
from tests.factories import PASSWORD
from tests.forms_kit import post_form

pytestmark = pytest.mark.django_db

NEW = "Qingshi#2027y"


def _redeem(client, username, half_a, half_b, ip="10.8.0.1"):
    return client.post(
        reverse("login_reset"), {"username": username, "half_a": half_a, "half_b": half_b}, REMOTE_ADDR=ip
    )


def _set_password(client, password=NEW):
    return client.post(reverse("password_reset_new"), {"new_password1": password, "new_password2": password})


def _takes_over(username, half_a="", half_b="", password=None):
    """Whether someone holding only these secrets can get into the account: log in with a password,
    or redeem the halves and set a password of their own."""
    c = Client()
    if password is not None:
        c.post(reverse("login"), {"username": username, "password": password})
        return "_auth_user_id" in c.session
    _redeem(c, username, half_a, half_b)
    return _set_password(c).status_code == 302 and User.objects.get(username=username).check_password(NEW)


def _reset(cast, target, initiator, confirmer, reason="遗忘密码"):
    reset, a = services.password_reset_initiate(actor=cast[initiator], user=target, reason=reason)
    reset, b = services.password_reset_confirm(actor=cast[confirmer], reset=reset)
    return reset, a, b


# --- the whole flow through the pages --------------------------------------------------------------


def test_business_account_reset_end_to_end(cast):
    leader = cast["leader"]
    victim = Client()
    victim.force_login(leader)
    _record, token = api_token_create(actor=None, user=leader, name="报表")
    assert victim.get(reverse("home")).status_code == 200
    assert api_get(Client(), "/api/org/units", token).status_code == 200

    sysadmin = Client()
    sysadmin.force_login(cast["sysadmin"])
    page = post_form(
        sysadmin,
        reverse("console:account_reset", kwargs={"pk": leader.pk}),
        {"reason": "遗忘密码"},
        page=reverse("console:account", kwargs={"pk": leader.pk}),
        key="reset_form",
    )
    half_a = page.context["half"]
    assert User.objects.get(pk=leader.pk).check_password(PASSWORD)  # nothing happens before confirmation

    secadmin = Client()
    secadmin.force_login(cast["secadmin"])
    listing = secadmin.get(reverse("console:resets"))
    [pending] = listing.context["pending"]
    assert pending.user == leader and pending.initiated_by == cast["sysadmin"]
    confirmed = secadmin.post(reverse("console:resets"), {"action": "confirm", "reset": pending.pk})
    assert confirmed.status_code == 200
    assert confirmed["Cache-Control"] == "no-store"
    half_b = confirmed.context["half"]
    assert "后半" in confirmed.content.decode()
    assert half_a != half_b

    # Confirmation: old password unusable, sessions ended, API tokens revoked.
    assert not User.objects.get(pk=leader.pk).has_usable_password()
    assert victim.get(reverse("home")).status_code == 302
    assert not ApiToken.objects.get(user=leader).is_active
    assert api_get(Client(), "/api/org/units", token).status_code == 401
    assert not _takes_over("leader", password=PASSWORD)

    # The holder enters both halves (typed leniently) and can then only set a new password.
    holder = Client()
    response = _redeem(holder, "leader", half_a.lower().replace("-", " "), half_b)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_new")
    assert "_auth_user_id" not in holder.session  # nobody is logged in
    assert holder.get(reverse("home")).status_code == 302
    assert holder.get(reverse("console:accounts")).status_code == 302
    assert holder.get(reverse("password_reset_new")).status_code == 200
    weak = _set_password(holder, "qingshi202")
    assert "至少 3 类" in weak.content.decode()
    done = _set_password(holder)
    assert done.status_code == 302 and done["Location"] == reverse("login")
    u = User.objects.get(pk=leader.pk)
    assert u.check_password(NEW) and not u.must_change_password
    # The secret worked once.
    assert "临时口令已失效" in _redeem(Client(), "leader", half_a, half_b).content.decode()

    # At the next login the holder is told who reset the password and when.
    response = holder.post(reverse("login"), {"username": "leader", "password": NEW}, follow=True)
    text = response.content.decode()
    assert "您的密码于" in text and "由 sysadmin（sysadmin） 发起，secadmin（secadmin） 确认" in text
    assert "遗忘密码" in text
    holder.post(reverse("logout"))
    again = holder.post(reverse("login"), {"username": "leader", "password": NEW}, follow=True)
    assert "您的密码于" not in again.content.decode()  # told once

    actions = list(
        AuditEvent.objects.filter(action__startswith="password_reset")
        .order_by("seq")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("password_reset_initiate", cast["sysadmin"].pk),
        ("password_reset_confirm", cast["secadmin"].pk),
        ("password_reset_redeem", leader.pk),
        ("password_reset_complete", leader.pk),
        ("password_reset_notified", leader.pk),
    ]
    confirm = AuditEvent.objects.get(action="password_reset_confirm")
    assert confirm.after["tokens_revoked"] == 1 and confirm.after["sessions_ended"] == 1
    everything = str(list(AuditEvent.objects.values_list("before", "after")))
    for half in (half_a, half_b):
        assert half.replace("-", "") not in everything and half not in everything


def test_each_administrator_alone_fails_to_log_in_to_a_reset_account(cast):
    _reset_obj, a, b = _reset(cast, cast["leader"], "sysadmin", "secadmin")
    assert not _takes_over("leader", password=PASSWORD)  # the old password is gone
    assert not _takes_over("leader", a, "")  # the system administrator's half alone
    assert not _takes_over("leader", a, a)
    assert not _takes_over("leader", "", b)  # the security administrator's half alone
    assert not _takes_over("leader", b, b)
    assert not _takes_over("leader", b, a)  # halves swapped
    assert _takes_over("leader", a, b)  # the holder, with both


def test_wrong_halves_count_toward_lockout_and_are_audited(cast):
    _reset_obj, a, b = _reset(cast, cast["leader"], "sysadmin", "secadmin")
    for i in range(5):
        response = _redeem(Client(), "leader", a, "ABCDE-FGHJK", ip=f"10.8.1.{i}")
        assert "账号或临时口令错误" in response.content.decode()
    locked = _redeem(Client(), "leader", a, b, ip="10.8.1.9")
    assert locked.status_code == 429  # even the right halves wait out the lock
    reasons = list(AuditEvent.objects.filter(action="login_failed").values_list("reason", flat=True))
    assert reasons.count("临时口令：错误或已失效") == 5
    assert "临时口令：已锁定，未校验" in reasons


def test_secret_expires_after_24_hours(cast):
    _reset_obj, a, b = _reset(cast, cast["leader"], "sysadmin", "secadmin")
    later = timezone.now() + dt.timedelta(hours=24, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "临时口令已失效" in _redeem(Client(), "leader", a, b).content.decode()
    assert not User.objects.get(pk=cast["leader"].pk).has_usable_password()


def test_unconfirmed_reset_expires_and_a_new_one_supersedes(cast):
    first, _a = services.password_reset_initiate(actor=cast["sysadmin"], user=cast["leader"], reason="r1")
    second, _a2 = services.password_reset_initiate(actor=cast["sysadmin"], user=cast["leader"], reason="r2")
    assert PasswordReset.objects.get(pk=first.pk).cancelled_at is not None
    with pytest.raises(ValidationError):
        services.password_reset_confirm(actor=cast["secadmin"], reset=first)
    later = timezone.now() + dt.timedelta(hours=25)
    with mock.patch("django.utils.timezone.now", return_value=later), pytest.raises(ValidationError):
        services.password_reset_confirm(actor=cast["secadmin"], reset=second)


def test_redeemed_secret_must_be_used_within_fifteen_minutes(cast):
    _reset_obj, a, b = _reset(cast, cast["leader"], "sysadmin", "secadmin")
    holder = Client()
    assert _redeem(holder, "leader", a, b).status_code == 302
    later = timezone.now() + dt.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = _set_password(holder)
    assert response["Location"] == reverse("login")
    assert not User.objects.get(pk=cast["leader"].pk).has_usable_password()


def test_password_reset_new_without_halves_goes_to_login(client, cast):
    response = client.get(reverse("password_reset_new"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("login_reset")).status_code == 405


def test_login_page_offers_the_temporary_secret(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "临时口令（前半）" in html and "临时口令（后半）" in html
    assert reverse("login_reset") in html


def test_new_account_first_password_needs_two_administrators(client, cast):
    """A created account has no password; its first secret is split like a reset."""
    client.force_login(cast["sysadmin"])
    client.post(reverse("console:accounts"), {"username": "clerk9", "display_name": "文员九"})
    clerk = User.objects.get(username="clerk9")
    url = reverse("console:account_reset", kwargs={"pk": clerk.pk})
    page = reverse("console:account", kwargs={"pk": clerk.pk})
    a = post_form(client, url, {"reason": "新建账号，签发初始口令"}, page=page, key="reset_form").context[
        "half"
    ]
    services.role_assign(actor=cast["secadmin"], user=clerk, role="leader", org_unit=cast.city, reason="任命")
    assert not _takes_over("clerk9", a, "")  # the creator cannot use the account it created
    _reset_obj, b = services.password_reset_confirm(actor=cast["secadmin"], reset=clerk.password_resets.get())
    assert not _takes_over("clerk9", a, a)
    assert _takes_over("clerk9", a, b)


@pytest.mark.parametrize(
    ("target", "initiator", "confirmer"),
    [
        ("leader", "sysadmin", "secadmin"),
        ("town_operator", "sysadmin", "secadmin"),
        ("secadmin", "sysadmin", "auditadmin"),
        ("auditadmin", "sysadmin", "secadmin"),
        ("sysadmin", "secadmin", "auditadmin"),
    ],
)
def test_who_initiates_and_who_confirms(cast, target, initiator, confirmer):
    """An administrator's account is reset by the other two; every other pairing is refused."""
    admins = ("sysadmin", "secadmin", "auditadmin")
    for wrong in [r for r in (*admins, "county_operator") if r != initiator]:
        with pytest.raises(PermissionDenied):
            services.password_reset_initiate(actor=cast[wrong], user=cast[target], reason="r")
    reset, a = services.password_reset_initiate(actor=cast[initiator], user=cast[target], reason="r")
    for wrong in [r for r in (*admins, "county_operator") if r != confirmer]:
        with pytest.raises(PermissionDenied):
            services.password_reset_confirm(actor=cast[wrong], reset=reset)
    _reset_obj, b = services.password_reset_confirm(actor=cast[confirmer], reset=reset)
    username = cast[target].username
    assert not _takes_over(username, a, "") and not _takes_over(username, "", b)
    assert _takes_over(username, a, b)


def test_administrator_reset_pages(cast):
    """The security administrator initiates the system administrator's reset on its reset page; the
    audit administrator confirms it on its own."""
    sec = Client()
    sec.force_login(cast["secadmin"])
    page = sec.get(reverse("console:resets"))
    assert [label for _pk, label in page.context["form"].fields["user"].choices[1:]] == [
        "sysadmin（系统管理员）"
    ]
    response = sec.post(
        reverse("console:resets"), {"action": "initiate", "user": cast["sysadmin"].pk, "reason": "遗忘密码"}
    )
    a = response.context["half"]
    aud = Client()
    aud.force_login(cast["auditadmin"])
    page = aud.get(reverse("console:resets_audit"))
    assert page.context["form"] is None  # the audit administrator initiates nothing
    [pending] = page.context["pending"]
    assert sec.get(reverse("console:resets")).context["pending"] == []  # not the initiator's to confirm
    refused = sec.post(reverse("console:resets"), {"action": "confirm", "reset": pending.pk})
    assert refused.status_code == 404
    b = aud.post(reverse("console:resets_audit"), {"action": "confirm", "reset": pending.pk}).context["half"]
    assert _takes_over("sysadmin", a, b)


# --- escalation chains ------------------------------------------------------------------------------


def test_escalation_chains_between_the_administrators_all_fail(cast):
    """Every way we found for one administrator to get another account's credentials or powers.
    Each step that would complete a chain is refused:

    sysadmin
     1. resets a business account and confirms it itself → refused (the security admin confirms).
     2. resets itself → refused (its reset is initiated by the security admin, confirmed by the
        audit admin).
     3. resets the secadmin and confirms it itself, or has the secadmin (the target) confirm →
        refused; with the audit admin's legitimate confirmation it holds only half A, so it cannot
        log in as secadmin and grant itself roles through it.
     4. resets the auditadmin (secadmin confirms) → holds only half A: cannot log in as auditadmin
        to read or hide its own traces.
     5. creates an account (it has no password) and waits for the secadmin to grant it a role →
        holds only half A of its first secret: cannot use it.
     6. starts a reset of a fresh account, then secadmin makes that account a system administrator
        → the confirmation is refused (the parties changed since the reset was initiated).
     7. grants or revokes roles → refused.
    secadmin
     8. grants itself a business role, a second administrator role, or the sysadmin a business role
        → refused (an administrator account holds exactly one role); revokes its own role → refused.
     9. initiates a reset of a business account or of the auditadmin → refused (the sysadmin
        initiates); confirms the sysadmin's reset it initiated → refused.
    10. resets the sysadmin (auditadmin confirms) → holds only half A: cannot log in as sysadmin
        to create accounts.
    11. creates accounts or deactivates one → refused.
    auditadmin
    12. initiates any reset → refused; confirms a business account's reset → refused (the secadmin
        confirms); grants roles or creates accounts → refused.
    13. confirms the secadmin's reset → holds only half B: cannot log in as secadmin.
    business roles
    14. a county operator initiates or confirms resets, creates accounts or grants roles → refused.
    Two administrators colluding can reset a third account: that is the two-person rule itself.
    """
    sys, sec, aud = cast["sysadmin"], cast["secadmin"], cast["auditadmin"]
    leader = cast["leader"]

    # 1
    reset, a = services.password_reset_initiate(actor=sys, user=leader, reason="r")
    with pytest.raises(PermissionDenied):
        services.password_reset_confirm(actor=sys, reset=reset)
    # 2
    with pytest.raises(PermissionDenied):
        services.password_reset_initiate(actor=sys, user=sys, reason="r")
    # 3
    reset, a = services.password_reset_initiate(actor=sys, user=sec, reason="r")
    for actor in (sys, sec):
        with pytest.raises(PermissionDenied):
            services.password_reset_confirm(actor=actor, reset=reset)
    _r, b = services.password_reset_confirm(actor=aud, reset=reset)
    assert not _takes_over("secadmin", a, "") and not _takes_over("secadmin", a, a)
    # 4
    _r, a, b = _reset(cast, aud, "sysadmin", "secadmin")
    assert not _takes_over("auditadmin", a, "") and not _takes_over("auditadmin", a, a)
    # 5
    fresh = services.user_create(actor=sys, username="ghost", display_name="幽灵")
    with pytest.raises(PermissionDenied):
        services.user_create(actor=sys, username="ghost2", display_name="x", password="Qingshi#2026x")
    reset, a = services.password_reset_initiate(actor=sys, user=fresh, reason="新建账号")
    services.role_assign(actor=sec, user=fresh, role="leader", org_unit=cast.city, reason="任命")
    assert not _takes_over("ghost", a, "") and not _takes_over("ghost", a, a)
    # 6
    fresh2 = services.user_create(actor=sys, username="ghost3", display_name="幽灵三")
    reset, a = services.password_reset_initiate(actor=sys, user=fresh2, reason="r")
    services.role_assign(actor=sec, user=fresh2, role="sysadmin", org_unit=None, reason="任命")
    with pytest.raises((PermissionDenied, ValidationError)):
        services.password_reset_confirm(actor=sec, reset=reset)
    # 7
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=sys, user=sys, role="leader", org_unit=cast.city, reason="r")
    with pytest.raises(PermissionDenied):
        services.role_revoke(actor=sys, assignment=sec.role_assignments.get(), reason="r")
    # 8
    with pytest.raises(ValidationError):
        services.role_assign(actor=sec, user=sec, role="leader", org_unit=cast.city, reason="r")
    with pytest.raises(ValidationError):
        services.role_assign(actor=sec, user=sec, role="sysadmin", org_unit=None, reason="r")
    with pytest.raises(ValidationError):
        services.role_assign(actor=sec, user=sys, role="leader", org_unit=cast.city, reason="r")
    with pytest.raises(ValidationError):
        services.role_revoke(actor=sec, assignment=sec.role_assignments.get(), reason="r")
    # 9
    for target in (leader, aud):
        with pytest.raises(PermissionDenied):
            services.password_reset_initiate(actor=sec, user=target, reason="r")
    reset, a = services.password_reset_initiate(actor=sec, user=sys, reason="r")
    with pytest.raises(PermissionDenied):
        services.password_reset_confirm(actor=sec, reset=reset)
    # 10
    _r, b = services.password_reset_confirm(actor=aud, reset=reset)
    assert not _takes_over("sysadmin", a, "") and not _takes_over("sysadmin", a, a)
    # 11
    with pytest.raises(PermissionDenied):
        services.user_create(actor=sec, username="x9", display_name="x")
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=sec, user=leader, active=False, reason="r")
    # 12
    for target in (leader, sys, sec):
        with pytest.raises(PermissionDenied):
            services.password_reset_initiate(actor=aud, user=target, reason="r")
    reset, a = services.password_reset_initiate(
        actor=cast["sysadmin"], user=cast["county_operator"], reason="r"
    )
    with pytest.raises(PermissionDenied):
        services.password_reset_confirm(actor=aud, reset=reset)
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=aud, user=aud, role="leader", org_unit=cast.city, reason="r")
    with pytest.raises(PermissionDenied):
        services.user_create(actor=aud, username="x8", display_name="x")
    # 13
    secadmin = User.objects.get(pk=sec.pk)
    reset, a = services.password_reset_initiate(actor=User.objects.get(pk=sys.pk), user=secadmin, reason="r")
    _r, b = services.password_reset_confirm(actor=aud, reset=reset)
    assert not _takes_over("secadmin", "", b) and not _takes_over("secadmin", b, b)
    # 14
    op = cast["county_operator"]
    with pytest.raises(PermissionDenied):
        services.password_reset_initiate(actor=op, user=cast["town_operator"], reason="r")
    with pytest.raises(PermissionDenied):
        services.user_create(actor=op, username="x7", display_name="x")
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=op, user=op, role="leader", org_unit=cast.city, reason="r")
    # Nobody got a business role or a usable session out of any of it.
    assert not RoleAssignment.objects.filter(user__in=[sys, sec, aud], org_unit__isnull=False).exists()
    assert not Session.objects.exists()


def test_without_an_open_reset_both_halves_are_still_hashed(cast):
    """Neither the answer nor the time it takes tells whether the account has a reset."""
    from django.contrib.auth.hashers import check_password, is_password_usable

    seen = []

    def spy(raw, encoded, *args, **kwargs):
        seen.append(is_password_usable(encoded))
        return check_password(raw, encoded, *args, **kwargs)

    with mock.patch("huanjie.accounts.services.check_password", spy), pytest.raises(ValidationError):
        services.password_reset_redeem(username="leader", half_a="ABCDE-FGHJK", half_b="ABCDE-FGHJK", ip="")
    assert seen == [True, True]
