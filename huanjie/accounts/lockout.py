"""Login lockout: 5 failed attempts lock the account, and separately the source address, for 15 minutes.

Every check of a secret (a login, the old password on the password-change page, a temporary
reset secret) goes through ``begin`` and ``finish``:

* ``begin`` runs one short transaction that locks the username's and the address's ``LoginGate``
  rows, counts the failures in the window, and records the attempt **as a failure** before the
  secret is checked. Concurrent attempts are therefore counted one after another: with 5 attempts
  in flight, the 6th finds 5 failures and is refused, whatever the interleaving (on PostgreSQL the
  UPDATE of the gate rows is a row lock held to commit; on SQLite it takes the write lock).
* ``finish`` turns the attempt into a success when the secret was right (a success resets the
  account's count), and records every failure in the audit trail (``login_failed``, and
  ``lockout`` when that failure locks the account or the address).

The password hash is checked outside the locked transaction, so a slow hash never holds a lock.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from huanjie.accounts.models import LoginAttempt, LoginGate
from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.middleware import client_ip


class AccountLocked(PermissionDenied):
    pass


PUBLISHED_REFUSAL = "该账号的密码是公开的演示密码或常见密码，不能登录。请联系系统管理员和安全管理员重置密码。"


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.HUANJIE_LOCKOUT_MINUTES)


def _account_failures(username: str) -> int:
    since = _window_start()
    last_ok = (
        LoginAttempt.objects.filter(success=True, at__gte=since, username=username)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return LoginAttempt.objects.filter(success=False, at__gte=last_ok or since, username=username).count()


def _address_failures(ip: str) -> int:
    return LoginAttempt.objects.filter(success=False, ip=ip, at__gte=_window_start()).count()


def account_locked(username: str) -> bool:
    return _account_failures(username) >= settings.HUANJIE_LOCKOUT_THRESHOLD


def address_locked(ip: str) -> bool:
    return bool(ip) and _address_failures(ip) >= settings.HUANJIE_LOCKOUT_THRESHOLD


def is_locked(username: str, ip: str) -> bool:
    return account_locked(username) or address_locked(ip)


def lock_text() -> str:
    return f"登录失败次数过多，账号或地址已锁定 {settings.HUANJIE_LOCKOUT_MINUTES} 分钟。"


def _lock_gates(username: str, ip: str) -> None:
    """Lock the gate rows in a fixed order (sorted keys), so two attempts never deadlock."""
    now = timezone.now()
    keys = sorted({f"user:{username}"[:200], *([f"ip:{ip}"] if ip else [])})
    for key in keys:
        if not LoginGate.objects.filter(key=key).update(touched=now):
            LoginGate.objects.get_or_create(key=key, defaults={"touched": now})
            LoginGate.objects.filter(key=key).update(touched=now)


@dataclass
class Attempt:
    """An attempt in flight: recorded as a failure until ``finish`` says otherwise."""

    pk: int
    username: str
    ip: str
    what: str  # the Chinese name of what was tried, for the audit trail
    action: AuditAction  # the audit action of a failure
    actor: Any  # the logged-in user making the attempt (None for a login)


def _audit_attempt(
    action: AuditAction, *, username: str, user: Any, reason: str = "", actor: Any = None
) -> None:
    """One login-like attempt in the audit trail, in its own transaction (a refusal that follows must
    not roll the record back)."""
    with transaction.atomic():
        audit.record(
            action,
            actor=actor,
            model="accounts.User",
            object_id=str(user.pk) if user is not None else "",
            object_repr=username[:150],
            reason=reason,
        )


def record_login(user: Any) -> None:
    """A successful login, in the audit trail (failures are recorded where they are counted)."""
    _audit_attempt(AuditAction.LOGIN, username=user.username, user=user, actor=user)


def begin(
    username: str,
    ip: str,
    *,
    what: str = "登录",
    user: Any = None,
    action: AuditAction = AuditAction.LOGIN_FAILED,
    actor: Any = None,
) -> Attempt:
    """Count an attempt before its secret is checked; raise ``AccountLocked`` (recorded and audited)
    when the account or the address is locked. ``actor`` is the logged-in user making the attempt
    (the password-change page), None for a login."""
    with transaction.atomic():
        _lock_gates(username, ip)
        locked = is_locked(username, ip)
        row = LoginAttempt.objects.create(username=username[:150], ip=ip, success=False)
    if locked:
        _audit_attempt(action, username=username, user=user, actor=actor, reason=f"{what}：已锁定，未校验")
        raise AccountLocked(lock_text())
    return Attempt(row.pk, username, ip, what, action, actor)


def finish(attempt: Attempt, *, success: bool, user: Any = None, reason: str = "") -> None:
    """Settle an attempt: a success resets the account's count; a failure is audited, and so is
    the lockout it causes."""
    if success:
        LoginAttempt.objects.filter(pk=attempt.pk).update(success=True)
        return
    _audit_attempt(
        attempt.action,
        username=attempt.username,
        user=user,
        actor=attempt.actor,
        reason=reason or f"{attempt.what}：口令错误",
    )
    if is_locked(attempt.username, attempt.ip):
        _audit_attempt(
            AuditAction.LOCKOUT,
            username=attempt.username,
            user=user,
            actor=attempt.actor,
            reason=attempt.what,
        )


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses locked accounts and addresses, counts every attempt atomically, and
    records every failure in the audit trail."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        from huanjie.accounts.passwords import refused_at_login

        if username is None or password is None:
            return None
        # Usernames are stored in NFKC form; callers other than the login form may not normalise.
        username = unicodedata.normalize("NFKC", username).strip()
        ip = client_ip(request) if request is not None else ""
        attempt = begin(username, ip)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and refused_at_login(password):
            # The right password, but a published or common one: production does not log in with it
            # (it counts as a failure, so it cannot be used to probe which accounts still have it).
            finish(attempt, success=False, user=user, reason=f"登录：{PUBLISHED_REFUSAL}")
            if request is not None:
                request.huanjie_login_refusal = PUBLISHED_REFUSAL  # type: ignore[attr-defined]
            return None
        finish(attempt, success=user is not None)
        return user
