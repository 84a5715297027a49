"""No lost update in the administrators' consoles (house rule 15): a page loaded by administrator A,
a change saved by B, then A's stale form is refused with the differences, nothing saved and nothing
audited; a current form saves and bumps the version."""

import pytest
from django.test import Client
from django.urls import reverse

from huanjie.accounts import services
from huanjie.accounts.models import PasswordReset, RoleAssignment, User
from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from tests.factories import user_with_role
from tests.forms_kit import form_data


@pytest.fixture
def a(client, cast):
    client.force_login(cast["sysadmin"])
    return client


@pytest.fixture
def b(cast):
    """A second system administrator."""
    other = Client()
    other.force_login(user_with_role("sysadmin2", "sysadmin"))
    return other


def _account(target):
    return reverse("console:account", kwargs={"pk": target.pk})


def _active(target):
    return reverse("console:account_active", kwargs={"pk": target.pk})


def test_stale_deactivation_is_refused(a, b, cast):
    leader = cast["leader"]
    stale = form_data(a.get(_account(leader)), "active_form") | {"reason": "退休"}
    # B deactivates, then reactivates: the account is active again, but A's page is two versions old.
    for reason in ("调离", ""):
        assert (
            b.post(
                _active(leader), form_data(b.get(_account(leader)), "active_form") | {"reason": reason}
            ).status_code
            == 302
        )
    events = AuditEvent.objects.count()
    response = a.post(_active(leader), stale)
    assert response.status_code == 400
    assert "此记录已被他人修改（您看到的是第 1 版，现在是第 3 版）" in response.content.decode()
    u = User.objects.get(pk=leader.pk)
    assert (u.is_active, u.version) == (True, 3)
    assert AuditEvent.objects.count() == events
    form = response.context["active_form"]
    assert form["version"].value() == 3 and form["reason"].value() == "退休"
    # Resubmitted from the refreshed form, the deactivation goes through.
    assert a.post(_active(leader), form_data(response, "active_form")).status_code == 302
    u = User.objects.get(pk=leader.pk)
    assert (u.is_active, u.version) == (False, 4)


def test_stale_deactivation_shows_what_changed(a, b, cast):
    """A's deactivate form, submitted after B deactivated, must not reactivate the account."""
    leader = cast["leader"]
    stale = form_data(a.get(_account(leader)), "active_form") | {"reason": "退休"}
    assert (
        b.post(
            _active(leader), form_data(b.get(_account(leader)), "active_form") | {"reason": "调离"}
        ).status_code
        == 302
    )
    response = a.post(_active(leader), stale)
    assert response.status_code == 400
    assert "有效：您看到的值“是” → 现在的值“否”" in response.content.decode()
    assert User.objects.get(pk=leader.pk).is_active is False


def test_stale_reset_initiation_is_refused(a, b, cast):
    leader = cast["leader"]
    url = reverse("console:account_reset", kwargs={"pk": leader.pk})
    stale = form_data(a.get(_account(leader)), "reset_form") | {"reason": "遗忘密码"}
    assert (
        b.post(
            _active(leader), form_data(b.get(_account(leader)), "active_form") | {"reason": "调离"}
        ).status_code
        == 302
    )
    events = AuditEvent.objects.count()
    response = a.post(url, stale)
    assert response.status_code == 400
    assert "此记录已被他人修改" in response.content.decode()
    assert not PasswordReset.objects.exists() and AuditEvent.objects.count() == events
    assert a.post(url, form_data(response, "reset_form")).status_code == 200  # the first half
    assert PasswordReset.objects.filter(user=leader).count() == 1


def test_stale_role_revoke_is_refused(client, cast):
    ra = RoleAssignment.objects.get(user=cast["leader"])
    url = reverse("console:role_revoke", kwargs={"pk": ra.pk})
    client.force_login(cast["secadmin"])
    stale = form_data(client.get(url)) | {"reason": "调离"}
    # Meanwhile another security administrator revokes it and grants it again.
    other = user_with_role("secadmin2", "secadmin")
    services.role_revoke(actor=other, assignment=ra, reason="误授")
    services.role_assign(actor=other, user=cast["leader"], role="leader", org_unit=cast.city, reason="回任")
    events = AuditEvent.objects.count()
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "此记录已被他人修改（您看到的是第 1 版，现在是第 3 版）" in response.content.decode()
    ra.refresh_from_db()
    assert (ra.is_active, ra.version) == (True, 3)
    assert AuditEvent.objects.count() == events
    assert client.post(url, form_data(response)).status_code == 302
    ra.refresh_from_db()
    assert (ra.is_active, ra.version) == (False, 4)


def test_service_refuses_a_stale_account_version(cast):
    leader = User.objects.get(pk=cast["leader"].pk)
    services.user_set_active(actor=cast["sysadmin"], user=leader, active=False, reason="调离")
    assert leader.version == 2
    with pytest.raises(StaleEdit):
        services.user_set_active(actor=cast["sysadmin"], user=leader, active=True, reason="", version=1)
