"""Writes to accounts and role assignments (三员分立: the system administrator manages accounts, the
security administrator assigns roles). Each is one transaction that validates, writes, and records
the audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.accounts.models import RoleAssignment, User
from huanjie.accounts.roles import ROLES, AccountsCap
from huanjie.core import audit, context

ACCOUNTS_MANAGE = AccountsCap.ACCOUNTS_MANAGE
ROLES_MANAGE = AccountsCap.ROLES_MANAGE


def _level_label(level: str) -> str:
    """The Chinese name of an org level, from the unit model's own choices (reached through the
    assignment's foreign key: accounts sits below org)."""
    unit_model: Any = RoleAssignment._meta.get_field("org_unit").related_model
    level_field: Any = unit_model._meta.get_field("level")
    return str(dict(level_field.flatchoices).get(level, level))


@transaction.atomic
def user_create(
    *, actor: Any, username: str, display_name: str, password: str, must_change_password: bool = True
) -> User:
    """Create an account (system administrator only). Created accounts change their password first."""
    if actor is not None and not actor.has_capability(ACCOUNTS_MANAGE):
        raise PermissionDenied("只有系统管理员可以创建账号")
    from django.contrib.auth.password_validation import validate_password

    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"账号“{username}”已存在"})
    user = User(username=username, display_name=display_name, must_change_password=must_change_password)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record(
        "create",
        actor=actor,
        instance=user,
        after=audit.snapshot(user),
    )
    return user


@transaction.atomic
def role_assign(
    *, actor: Any, user: User, role: str, org_unit: Any, department: str = "", reason: str
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
        ra.save(update_fields=["is_active", "department"])
    else:
        ra = RoleAssignment.objects.create(user=user, role=role, org_unit=org_unit, department=department)
    audit.record(
        "role_grant",
        actor=actor,
        instance=ra,
        after=audit.snapshot(ra),
        reason=reason,
        org_path=org_unit.path if org_unit else "",
    )
    return ra


def _require_accounts_manager(actor: Any) -> None:
    if actor is not None and not actor.has_capability(ACCOUNTS_MANAGE):
        raise PermissionDenied("只有系统管理员可以管理账号")


@transaction.atomic
def user_set_active(*, actor: Any, user: User, active: bool, reason: str) -> User:
    """Deactivate or reactivate an account (system administrator). A deactivated account cannot log
    in and its open sessions end at their next request; its history stays."""
    _require_accounts_manager(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and user.pk == actor.pk and not active:
        raise ValidationError("不能停用自己的账号")
    if user.is_active == active:
        return user
    before = audit.snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        "deactivate" if not active else "reactivate",
        actor=actor,
        instance=user,
        before=before,
        after=audit.snapshot(user),
        reason=reason,
    )
    return user


@transaction.atomic
def user_reset_password(*, actor: Any, user: User, password: str, reason: str = "") -> User:
    """Set a new initial password (system administrator); the owner must change it at next login.
    Changing the hash also ends the account's open sessions."""
    _require_accounts_manager(actor)
    from django.contrib.auth.password_validation import validate_password

    user = User.objects.select_for_update().get(pk=user.pk)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    before = audit.snapshot(user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(
        "password_reset",
        actor=actor,
        instance=user,
        before=before,
        after=audit.snapshot(user),
        reason=reason,
    )
    return user


def password_change(*, actor: Any, old_password: str, new_password: str) -> User:
    """An account owner changes their own password (validated by the policy); clears the
    first-login obligation.

    The old password is checked like a login (huanjie.accounts.lockout): a wrong one counts toward
    the account's and the address's lockout and is recorded in the audit trail, in its own
    transaction, so the refusal does not roll the record back. Raises ``AccountLocked`` when locked.
    """
    from django.contrib.auth.password_validation import validate_password

    from huanjie.accounts import lockout

    attempt = lockout.begin(
        actor.username,
        context.current().ip,
        what="修改密码",
        user=actor,
        action="password_change_failed",
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
        try:
            validate_password(new_password, user)
        except ValidationError as exc:
            raise ValidationError({"new_password1": exc.messages}) from exc
        before = audit.snapshot(user)
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit.record("password_change", actor=user, instance=user, before=before, after=audit.snapshot(user))
    return user


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    """Revoke a role (security administrator). The assignment is kept inactive for the record;
    granting the same role again reactivates it."""
    if actor is not None and not actor.has_capability(ROLES_MANAGE):
        raise PermissionDenied("只有安全管理员可以撤销角色")
    ra = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if actor is not None and ra.user_id == actor.pk:
        raise ValidationError("不能撤销自己的角色")
    if not ra.is_active:
        raise ValidationError("该角色已撤销")
    before = audit.snapshot(ra)
    ra.is_active = False
    ra.save(update_fields=["is_active"])
    audit.record(
        "role_revoke",
        actor=actor,
        instance=ra,
        before=before,
        after=audit.snapshot(ra),
        reason=reason,
        org_path=ra.org_unit.path if ra.org_unit is not None else "",
    )
    return ra
