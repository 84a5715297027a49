"""Writes to the org tree and to accounts. Each is one transaction that validates, re-checks the
actor's jurisdiction, writes, and records the audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from huanjie.core import audit
from huanjie.core.roles import ACCOUNTS_MANAGE, ORG_EDIT, ROLES, ROLES_MANAGE
from huanjie.core.scoping import ensure_in_scope, ensure_path_in_scope
from huanjie.org.adapters import parent_error
from huanjie.org.choices import Level
from huanjie.org.codes import CodeError, validate_code
from huanjie.org.models import OrgUnit, RoleAssignment, User

ATTRIBUTE_FIELDS = ("households", "population", "party_members", "villager_groups", "is_pilot", "batch")


def _check_parent(level: str, parent: OrgUnit | None) -> None:
    error = parent_error(level, parent.level if parent is not None else None)
    if error:
        raise ValidationError({"parent": error})


@transaction.atomic(durable=True)
def orgunit_create(
    *, actor: Any, code: str, level: str, name: str, parent: OrgUnit | None, **attributes: Any
) -> OrgUnit:
    """Create a unit under ``parent`` (in the actor's jurisdiction; a city needs city-wide rights)."""
    _check_parent(level, parent)
    try:
        path = validate_code(code, level, parent.path if parent else None)
    except CodeError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    ensure_path_in_scope(actor, parent.path if parent else path, ORG_EDIT)
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": f"区划代码“{code}”已存在"})
    if not name.strip():
        raise ValidationError({"name": "名称不能为空"})
    unit = OrgUnit(
        code=code,
        path=path,
        level=level,
        name=name.strip(),
        parent=parent,
        **{k: v for k, v in attributes.items() if k in ATTRIBUTE_FIELDS},
    )
    unit.full_clean()
    unit.save()
    audit.record("create", actor=actor, instance=unit, after=audit.snapshot(unit))
    return unit


@transaction.atomic(durable=True)
def orgunit_update(*, actor: Any, unit: OrgUnit, name: str | None = None, **attributes: Any) -> OrgUnit:
    """Edit a unit's name and attributes (not its code or place in the tree: see orgunit_move)."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_in_scope(actor, unit, "edit")
    before = audit.snapshot(unit)
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": "名称不能为空"})
        unit.name = name.strip()
    for key, value in attributes.items():
        if key not in ATTRIBUTE_FIELDS:
            raise ValidationError({key: "此字段不能在此修改"})
        setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    audit.record_if_changed("update", actor=actor, instance=unit, before=before)
    return unit


@transaction.atomic(durable=True)
def orgunit_move(*, actor: Any, unit: OrgUnit, new_parent: OrgUnit, new_code: str, reason: str) -> OrgUnit:
    """Move a unit (and its subtree) under a new parent; codes and paths of the subtree are rewritten.

    The actor must be able to edit both the unit and the new parent.
    """
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_in_scope(actor, unit, "edit")
    ensure_in_scope(actor, new_parent, "edit")
    _check_parent(unit.level, new_parent)
    try:
        new_path = validate_code(new_code, unit.level, new_parent.path)
    except CodeError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    if OrgUnit.objects.filter(code=new_code).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": f"区划代码“{new_code}”已存在"})
    before = audit.snapshot(unit)
    old_path, n = unit.path, len(unit.path)
    descendants = OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk)
    # Rewrite the prefix of every descendant in two set-based updates (no per-row queries).
    descendants.update(
        path=Concat(Value(new_path), Substr("path", n + 1)),
        code=Concat(Value(new_path), Substr("code", n + 1)),
    )
    unit.code, unit.path, unit.parent = new_code, new_path, new_parent
    unit.save()
    audit.record("move", actor=actor, instance=unit, before=before, after=audit.snapshot(unit), reason=reason)
    return unit


@transaction.atomic(durable=True)
def orgunit_deactivate(*, actor: Any, unit: OrgUnit, reason: str) -> OrgUnit:
    """Deactivate a unit (merged or abolished villages); refused while it has active sub-units."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_in_scope(actor, unit, "edit")
    if unit.children.filter(is_active=True).exists():
        raise ValidationError("该单位下仍有有效的下级单位，不能撤销")
    before = audit.snapshot(unit)
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    audit.record(
        "deactivate", actor=actor, instance=unit, before=before, after=audit.snapshot(unit), reason=reason
    )
    return unit


@transaction.atomic(durable=True)
def user_create(
    *, actor: Any, username: str, display_name: str, password: str, must_change_password: bool = True
) -> User:
    """Create an account (system administrator only). Created accounts change their password first."""
    _require(actor, ACCOUNTS_MANAGE, "只有系统管理员可以创建账号")
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


@transaction.atomic(durable=True)
def role_assign(
    *, actor: Any, user: User, role: str, org_unit: OrgUnit | None, department: str = "", reason: str
) -> RoleAssignment:
    """Grant a role (security administrator only); the unit level must fit the role."""
    _require(actor, ROLES_MANAGE, "只有安全管理员可以分配角色")
    spec = ROLES.get(role)
    if spec is None:
        raise ValidationError({"role": f"未知角色“{role}”"})
    if spec.needs_unit and org_unit is None:
        raise ValidationError({"org_unit": f"{spec.label}须指定管辖单位"})
    if not spec.needs_unit and org_unit is not None:
        raise ValidationError({"org_unit": f"{spec.label}不绑定单位"})
    if spec.level and org_unit is not None and org_unit.level != spec.level:
        raise ValidationError({"org_unit": f"{spec.label}的管辖单位应为{Level(spec.level).label}级"})
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


def _require(actor: Any, capability: str, message: str) -> None:
    """Refuse an actor without ``capability`` (``None``: the system itself, e.g. a management
    command, may)."""
    if actor is not None and not actor.has_capability(capability):
        raise PermissionDenied(message)


def _require_accounts_manager(actor: Any) -> None:
    _require(actor, ACCOUNTS_MANAGE, "只有系统管理员可以管理账号")


@transaction.atomic(durable=True)
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


@transaction.atomic(durable=True)
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


@transaction.atomic(durable=True)
def password_change(*, actor: Any, old_password: str, new_password: str) -> User:
    """An account owner changes their own password (validated by the policy); clears the
    first-login obligation."""
    from django.contrib.auth.password_validation import validate_password

    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
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


@transaction.atomic(durable=True)
def role_revoke(*, actor: Any, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    """Revoke a role (security administrator). The assignment is kept inactive for the record;
    granting the same role again reactivates it."""
    _require(actor, ROLES_MANAGE, "只有安全管理员可以撤销角色")
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
