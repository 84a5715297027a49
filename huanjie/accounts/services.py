"""Writes to accounts and role assignments (三员分立: the system administrator manages accounts, the
security administrator assigns roles, and a password is reset only by two administrators together,
neither of whom ever holds the whole secret). Each is one transaction that validates, writes, and
records the audit event.
"""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from functools import cache
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.accounts.models import ApiToken, PasswordReset, RoleAssignment, User
from huanjie.accounts.roles import ROLES, AccountsCap
from huanjie.core import audit, context
from huanjie.core.audit import AuditAction
from huanjie.core.capabilities import CoreCap
from huanjie.core.versioning import bump, check_version, loaded_version, sync

ACCOUNTS_MANAGE = AccountsCap.ACCOUNTS_MANAGE
ROLES_MANAGE = AccountsCap.ROLES_MANAGE

# What the account page shows of an account and the revoke page of an assignment (a stale form lists
# the differences over these).
ACCOUNT_SHOWN_FIELDS = ("display_name", "is_active", "must_change_password")
ASSIGNMENT_SHOWN_FIELDS = ("role", "org_unit", "department", "is_active")


def _level_label(level: str) -> str:
    """The Chinese name of an org level, from the unit model's own choices (reached through the
    assignment's foreign key: accounts sits below org)."""
    unit_model: Any = RoleAssignment._meta.get_field("org_unit").related_model
    level_field: Any = unit_model._meta.get_field("level")
    return str(dict(level_field.flatchoices).get(level, level))


def normalize_username(username: str) -> str:
    """Usernames are stored in NFKC form (full-width letters become ASCII), as Django's login form
    normalises what is typed: an account created otherwise could never log in."""
    return unicodedata.normalize("NFKC", username).strip()


def _user_create(
    *,
    actor: User | None,
    username: str,
    display_name: str,
    password: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Create an account (system administrator only).

    An administrator never chooses or sees the password of the account (三员分立): it is created
    without a usable one, and its first password is issued like a reset, split between two
    administrators (``password_reset_initiate``). Only a command run on the server (``actor`` None)
    may set a password directly.
    """
    if actor is not None and not actor.has_capability(ACCOUNTS_MANAGE):
        raise PermissionDenied("只有系统管理员可以创建账号")
    if actor is not None and password is not None:
        raise PermissionDenied("管理员不能为他人设定密码：初始口令由两名管理员分持签发")
    from django.contrib.auth.password_validation import validate_password

    username = normalize_username(username)
    if not username:
        raise ValidationError({"username": "账号不能为空"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"账号“{username}”已存在"})
    user = User(username=username, display_name=display_name, must_change_password=must_change_password)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save()
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=user,
        after=audit.snapshot(user),
    )
    return user


def _role_assign(
    *, actor: User | None, user: User, role: str, org_unit: Any, department: str = "", reason: str
) -> RoleAssignment:
    """Grant a role (security administrator only); the unit level must fit the role."""
    if actor is not None and not actor.has_capability(ROLES_MANAGE):
        raise PermissionDenied("只有安全管理员可以分配角色")
    spec = ROLES.get(role)
    if spec is None:
        raise ValidationError({"role": f"未知角色“{role}”"})
    if spec.needs_unit and org_unit is None:
        raise ValidationError({"org_unit": f"{spec.label}须指定管辖单位"})
    if not spec.needs_unit and org_unit is not None:
        raise ValidationError({"org_unit": f"{spec.label}不绑定单位"})
    if spec.level and org_unit is not None and org_unit.level != spec.level:
        raise ValidationError({"org_unit": f"{spec.label}的管辖单位应为{_level_label(spec.level)}级"})
    if spec.needs_department and not department:
        raise ValidationError({"department": "联审部门用户须指定部门"})
    if user.role_assignments.filter(is_active=True).exists() and (
        not spec.needs_unit
        or any(not ROLES[a.role].needs_unit for a in user.role_assignments.filter(is_active=True))
    ):
        # 三员分立: an administrator account holds exactly one role.
        raise ValidationError({"role": "管理员账号只能担任一个角色，且不能兼任业务角色"})
    ra = RoleAssignment.objects.filter(user=user, role=role, org_unit=org_unit).first()
    if ra is not None and ra.is_active:
        raise ValidationError({"role": "该用户已担任此角色"})
    if ra is not None:
        # A revoked assignment is reactivated (the unique constraint keeps one row per role and unit).
        ra.is_active, ra.department = True, department
        ra.save(update_fields=["is_active", "department", bump(ra)])
    else:
        ra = RoleAssignment.objects.create(user=user, role=role, org_unit=org_unit, department=department)
    audit.record(
        AuditAction.ROLE_GRANT,
        actor=actor,
        instance=ra,
        after=audit.snapshot(ra),
        reason=reason,
        org_path=org_unit.path if org_unit else "",
    )
    return ra


def _require_accounts_manager(actor: User) -> None:
    if actor is not None and not actor.has_capability(ACCOUNTS_MANAGE):
        raise PermissionDenied("只有系统管理员可以管理账号")


@transaction.atomic(durable=True)
def user_set_active(
    *,
    actor: User,
    user: User,
    active: bool,
    reason: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> User:
    """Deactivate or reactivate an account (system administrator). A deactivated account cannot log
    in and its open sessions end at their next request; its history stays. ``version`` is the
    version the page was loaded with (default: ``user.version``): an account changed since is
    refused (StaleEdit)."""
    _require_accounts_manager(actor)
    loaded, user = user, User.objects.select_for_update().get(pk=user.pk)
    check_version(user, loaded_version(loaded, version), seen=seen, fields=ACCOUNT_SHOWN_FIELDS)
    if actor is not None and user.pk == actor.pk and not active:
        raise ValidationError("不能停用自己的账号")
    if user.is_active == active:
        return user
    before = audit.snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active", bump(user)])
    audit.record(
        AuditAction.DEACTIVATE if not active else AuditAction.REACTIVATE,
        actor=actor,
        instance=user,
        before=before,
        after=audit.snapshot(user),
        reason=reason,
    )
    sync(loaded, user)
    return user


# --- password resets (三员分立) -----------------------------------------------------------------------

RESET_LIFETIME = dt.timedelta(hours=24)
# How long the holder, having entered both halves, has to choose the new password.
RESET_SESSION_LIFETIME = dt.timedelta(minutes=15)
# Each half: 10 characters without look-alikes (0/O, 1/I), 50 bits; only salted hashes are stored.
_HALF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_HALF_LENGTH = 10

ADMIN_LABELS: dict[str, str] = {
    AccountsCap.ACCOUNTS_MANAGE: "系统管理员",
    AccountsCap.ROLES_MANAGE: "安全管理员",
    CoreCap.AUDIT_VIEW: "审计管理员",
}


def _new_half() -> str:
    return "".join(secrets.choice(_HALF_ALPHABET) for _ in range(_HALF_LENGTH))


def format_half(half: str) -> str:
    """As shown to an administrator: two groups of five (XXXXX-XXXXX)."""
    return f"{half[:5]}-{half[5:]}"


def normalize_half(typed: str) -> str:
    """What the holder typed, read leniently: full-width, lower case, spaces and dashes are fine."""
    return "".join(c for c in unicodedata.normalize("NFKC", typed).upper() if c.isalnum())


def reset_parties(user: User) -> tuple[str, str]:
    """The capabilities of the administrator who initiates a reset of ``user`` and of the one who
    confirms it. A business account: the system administrator initiates, the security administrator
    confirms. One of the three administrators: the other two (三员分立), so no administrator ever
    takes part in a reset of their own account or holds a whole secret."""
    caps = User.objects.get(pk=user.pk).capabilities()
    if ACCOUNTS_MANAGE in caps:
        return ROLES_MANAGE, CoreCap.AUDIT_VIEW
    if ROLES_MANAGE in caps:
        return ACCOUNTS_MANAGE, CoreCap.AUDIT_VIEW
    if CoreCap.AUDIT_VIEW in caps:
        return ACCOUNTS_MANAGE, ROLES_MANAGE
    return ACCOUNTS_MANAGE, ROLES_MANAGE


def open_resets() -> Any:
    """Resets neither used, cancelled nor expired."""
    return PasswordReset.objects.filter(used_at=None, cancelled_at=None, expires_at__gt=timezone.now())


@transaction.atomic(durable=True)
def password_reset_initiate(
    *,
    actor: User,
    user: User,
    reason: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> tuple[PasswordReset, str]:
    """Start a reset of ``user``'s password. Returns the reset and the first half of the temporary
    secret, to be shown once to ``actor`` and handed to the holder in person. Nothing happens to the
    account until a second administrator confirms. An open reset of the account is superseded.
    ``version``: the account's version the page was loaded with (default: ``user.version``)."""
    target = User.objects.select_for_update().get(pk=user.pk)
    initiator_cap, confirmer_cap = reset_parties(target)
    if actor is None or not actor.has_capability(initiator_cap):
        raise PermissionDenied(
            f"该账号的密码重置须由{ADMIN_LABELS[initiator_cap]}发起、{ADMIN_LABELS[confirmer_cap]}确认"
        )
    if target.pk == actor.pk:
        raise PermissionDenied("不能重置自己的密码")
    check_version(target, loaded_version(user, version), seen=seen, fields=ACCOUNT_SHOWN_FIELDS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写重置理由"})
    now = timezone.now()
    for old in open_resets().select_for_update().filter(user=target):
        old.cancelled_at = now
        old.save(update_fields=["cancelled_at"])
        audit.record(AuditAction.PASSWORD_RESET_CANCEL, actor=actor, instance=old, reason="重新发起重置")
    half = _new_half()
    reset = PasswordReset.objects.create(
        user=target,
        reason=reason,
        initiated_by=actor,
        initiated_at=now,
        half_a_digest=make_password(half),
        expires_at=now + RESET_LIFETIME,
    )
    audit.record(
        AuditAction.PASSWORD_RESET_INITIATE,
        actor=actor,
        instance=reset,
        after=audit.snapshot(reset),
        reason=reason,
    )
    return reset, half


def _end_sessions(user: User) -> int:
    """Delete the account's database sessions (changing the password hash already invalidates them;
    deleting them also frees the rows)."""
    from django.contrib.sessions.models import Session

    ended = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic(durable=True)
def password_reset_confirm(*, actor: User, reset: PasswordReset) -> tuple[PasswordReset, str]:
    """Confirm a reset (the second administrator). Returns the second half of the secret, shown
    once to ``actor``. The account's password becomes unusable, its API tokens are revoked and its
    sessions end; the secret works for 24 hours from now."""
    reset = PasswordReset.objects.select_for_update().get(pk=reset.pk)
    now = timezone.now()
    if reset.confirmed_at or reset.used_at or reset.cancelled_at or reset.expires_at <= now:
        raise ValidationError("该重置已确认、已使用、已作废或已过期")
    target = User.objects.select_for_update().get(pk=reset.user_id)
    initiator_cap, confirmer_cap = reset_parties(target)
    if actor is None or not actor.has_capability(confirmer_cap):
        raise PermissionDenied(f"该账号的密码重置须由{ADMIN_LABELS[confirmer_cap]}确认")
    if actor.pk in (reset.initiated_by_id, target.pk):
        raise PermissionDenied("发起人和账号本人不能确认重置")
    if not User.objects.get(pk=reset.initiated_by_id).has_capability(initiator_cap):
        raise ValidationError("发起后账号或发起人的角色已变化，请重新发起重置")
    half = _new_half()
    reset.half_b_digest = make_password(half)
    reset.confirmed_by = actor
    reset.confirmed_at = now
    reset.expires_at = now + RESET_LIFETIME
    reset.save(update_fields=["half_b_digest", "confirmed_by", "confirmed_at", "expires_at"])
    target.set_unusable_password()
    target.save(update_fields=["password", bump(target)])
    tokens = ApiToken.objects.filter(user=target, is_active=True).update(is_active=False)
    sessions = _end_sessions(target)
    audit.record(
        AuditAction.PASSWORD_RESET_CONFIRM,
        actor=actor,
        instance=reset,
        after={**audit.snapshot(reset), "tokens_revoked": tokens, "sessions_ended": sessions},
        reason=reset.reason,
    )
    return reset, half


@cache
def _dummy_digest() -> str:
    return make_password(_new_half())


def password_reset_redeem(*, username: str, half_a: str, half_b: str, ip: str) -> PasswordReset:
    """The holder enters both halves. Counted and audited like a login (a wrong secret counts toward
    the lockout); returns the reset, which allows nothing but ``password_reset_complete``."""
    from huanjie.accounts import lockout

    username = normalize_username(username)
    attempt = lockout.begin(username, ip, what="临时口令")
    user = User.objects.filter(username=username).first()
    reset = (
        open_resets().filter(user=user, confirmed_at__isnull=False).order_by("-confirmed_at").first()
        if user is not None
        else None
    )
    # Both halves are always hashed, also without an open reset, so neither the answer nor the time
    # it takes tells which half was wrong or whether the account has a reset at all.
    ok_a = check_password(normalize_half(half_a), reset.half_a_digest if reset else _dummy_digest())
    ok_b = check_password(normalize_half(half_b), reset.half_b_digest if reset else _dummy_digest())
    if reset is None or not (ok_a and ok_b):
        lockout.finish(attempt, success=False, user=user, reason="临时口令：错误或已失效")
        raise ValidationError("账号或临时口令错误，或临时口令已失效。")
    lockout.finish(attempt, success=True)
    with transaction.atomic():
        audit.record(AuditAction.PASSWORD_RESET_REDEEM, actor=user, instance=reset)
    return reset


@transaction.atomic(durable=True)
def password_reset_complete(*, reset_id: int, user_id: int, new_password: str) -> User:
    """The holder of a redeemed secret sets the account's new password; the secret is then used up."""

    reset = (
        open_resets()
        .select_for_update()
        .filter(pk=reset_id, user_id=user_id, confirmed_at__isnull=False)
        .first()
    )
    if reset is None:
        raise ValidationError("临时口令已失效，请联系管理员重新重置。")
    user = User.objects.select_for_update().get(pk=user_id)
    _set_own_password(user, new_password, AuditAction.PASSWORD_RESET_COMPLETE)
    reset.used_at = timezone.now()
    reset.save(update_fields=["used_at"])
    return user


def password_reset_notice(user: User) -> PasswordReset | None:
    """The latest completed reset of ``user`` not yet told to them (shown at their next login)."""
    return (
        PasswordReset.objects.filter(user_id=user.pk, used_at__isnull=False, notified_at=None)
        .select_related("initiated_by", "confirmed_by")
        .order_by("-used_at")
        .first()
    )


@transaction.atomic(durable=True)
def password_reset_mark_notified(*, actor: User, reset: PasswordReset) -> None:
    PasswordReset.objects.filter(pk=reset.pk, user_id=actor.pk).update(notified_at=timezone.now())
    audit.record(AuditAction.PASSWORD_RESET_NOTIFIED, actor=actor, instance=reset)


def password_change(*, actor: User, old_password: str, new_password: str) -> User:
    """An account owner changes their own password (validated by the policy); clears the
    first-login obligation.

    The old password is checked like a login (huanjie.accounts.lockout): a wrong one counts toward
    the account's and the address's lockout and is recorded in the audit trail, in its own
    transaction, so the refusal does not roll the record back. Raises ``AccountLocked`` when locked.
    """

    from huanjie.accounts import lockout

    attempt = lockout.begin(
        actor.username,
        context.current().ip,
        what="修改密码",
        user=actor,
        action=AuditAction.PASSWORD_CHANGE_FAILED,
        actor=actor,
    )
    if not User.objects.get(pk=actor.pk).check_password(old_password):
        lockout.finish(attempt, success=False, user=actor, reason="原密码不正确")
        raise ValidationError({"old_password": "原密码不正确"})
    lockout.finish(attempt, success=True)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if old_password == new_password:
            raise ValidationError({"new_password1": "新密码不能与原密码相同"})
        _set_own_password(user, new_password, AuditAction.PASSWORD_CHANGE)
    return user


def _set_own_password(user: User, new_password: str, action: AuditAction) -> None:
    """The account holder sets a new password (checked by the policy, as field ``new_password1``):
    the first-login obligation ends, the version goes up, and the change is audited as ``action``.
    Runs inside the caller's transaction, with ``user`` locked."""
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    before = audit.snapshot(user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password", bump(user)])
    audit.record(action, actor=user, instance=user, before=before, after=audit.snapshot(user))


@transaction.atomic(durable=True)
def role_revoke(
    *,
    actor: User,
    assignment: RoleAssignment,
    reason: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> RoleAssignment:
    """Revoke a role (security administrator). The assignment is kept inactive for the record;
    granting the same role again reactivates it. ``version``: the version the page was loaded with
    (default: ``assignment.version``); an assignment changed since is refused (StaleEdit)."""
    if actor is not None and not actor.has_capability(ROLES_MANAGE):
        raise PermissionDenied("只有安全管理员可以撤销角色")
    ra = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    check_version(ra, loaded_version(assignment, version), seen=seen, fields=ASSIGNMENT_SHOWN_FIELDS)
    if actor is not None and ra.user_id == actor.pk:
        raise ValidationError("不能撤销自己的角色")
    if not ra.is_active:
        raise ValidationError("该角色已撤销")
    before = audit.snapshot(ra)
    ra.is_active = False
    ra.save(update_fields=["is_active", bump(ra)])
    audit.record(
        AuditAction.ROLE_REVOKE,
        actor=actor,
        instance=ra,
        before=before,
        after=audit.snapshot(ra),
        reason=reason,
        org_path=ra.org_unit.path if ra.org_unit is not None else "",
    )
    sync(assignment, ra)
    return ra


@transaction.atomic(durable=True)
def user_create(
    *,
    actor: User | None,
    username: str,
    display_name: str,
    password: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Create an account (system administrator only): see :func:`_user_create`."""
    return _user_create(
        actor=actor,
        username=username,
        display_name=display_name,
        password=password,
        must_change_password=must_change_password,
    )


@transaction.atomic(durable=True)
def role_assign(
    *, actor: User | None, user: User, role: str, org_unit: Any, department: str = "", reason: str
) -> RoleAssignment:
    """Grant a role (security administrator only): see :func:`_role_assign`."""
    return _role_assign(
        actor=actor, user=user, role=role, org_unit=org_unit, department=department, reason=reason
    )


@transaction.atomic(durable=True)
def administrator_init(*, username: str, display_name: str, password: str, role: str) -> User:
    """The first holder of an administrator role, created at the server (``huanjie admin_init``):
    the account and its role in one transaction, by the system (no actor), with the holder's own
    password."""
    user = _user_create(
        actor=None,
        username=username,
        display_name=display_name,
        password=password,
        must_change_password=False,
    )
    _role_assign(actor=None, user=user, role=role, org_unit=None, reason="部署时创建首位管理员（admin_init）")
    return user
