"""Writes to the org tree. Each is one transaction that validates, re-checks the
actor's jurisdiction, writes, and records the audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from huanjie.accounts.models import User
from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_in_scope, ensure_path_in_scope
from huanjie.core.versioning import BUMP, bump, check_version, loaded_version, sync
from huanjie.org.adapters import parent_error
from huanjie.org.capabilities import OrgCap
from huanjie.org.codes import CodeError, validate_code
from huanjie.org.models import OrgUnit

ATTRIBUTE_FIELDS = ("households", "population", "party_members", "villager_groups", "is_pilot", "batch")
# What the edit forms show of a unit (the differences of a stale edit are listed over these).
EDIT_FIELDS = ("name", *ATTRIBUTE_FIELDS)
SHOWN_FIELDS = ("code", "name", "parent", "is_active")


def _check_parent(level: str, parent: OrgUnit | None) -> None:
    error = parent_error(level, parent.level if parent is not None else None)
    if error:
        raise ValidationError({"parent": error})


@transaction.atomic(durable=True)
def orgunit_create(
    *,
    actor: User,
    code: str,
    level: str,
    name: str,
    parent: OrgUnit | None,
    parent_version: int | None = None,
    seen: dict[str, Any] | None = None,
    **attributes: Any,
) -> OrgUnit:
    """Create a unit under ``parent`` (in the actor's jurisdiction; a city needs city-wide rights).

    With ``parent_version`` (the form was loaded from the parent's page) the parent is locked and a
    parent changed since (renamed, moved, deactivated) refuses the creation (StaleEdit)."""
    if parent is not None and parent_version is not None:
        parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)
        ensure_in_scope(actor, parent, "edit")
        check_version(parent, parent_version, seen=seen, fields=SHOWN_FIELDS)

    _check_parent(level, parent)
    try:
        path = validate_code(code, level, parent.path if parent else None)
    except CodeError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    ensure_path_in_scope(actor, parent.path if parent else path, OrgCap.EDIT)
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
    audit.record(AuditAction.CREATE, actor=actor, instance=unit, after=audit.snapshot(unit))
    return unit


@transaction.atomic(durable=True)
def orgunit_update(
    *,
    actor: User,
    unit: OrgUnit,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
    name: str | None = None,
    **attributes: Any,
) -> OrgUnit:
    """Edit a unit's name and attributes (not its code or place in the tree: see orgunit_move).

    ``version`` is the version the form was loaded with (default: ``unit.version``, the unit as the
    caller read it): a unit saved since is refused (StaleEdit) with the differences over ``seen``."""
    loaded, unit = unit, OrgUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_in_scope(actor, unit, "edit")
    check_version(unit, loaded_version(loaded, version), seen=seen, fields=EDIT_FIELDS)
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
    if audit.snapshot(unit) == before:
        return unit  # nothing changed: no new version, no audit event
    bump(unit)
    unit.save()
    audit.record_if_changed(AuditAction.UPDATE, actor=actor, instance=unit, before=before)
    sync(loaded, unit)
    return unit


@transaction.atomic(durable=True)
def orgunit_move(
    *,
    actor: User,
    unit: OrgUnit,
    version: int | None = None,
    new_parent: OrgUnit,
    new_code: str,
    reason: str,
    seen: dict[str, Any] | None = None,
) -> OrgUnit:
    """Move a unit (and its subtree) under a new parent; codes and paths of the subtree are rewritten
    and every rewritten unit gets a new version (a form loaded before the move is stale).

    The actor must be able to edit both the unit and the new parent.
    """
    loaded, unit = unit, OrgUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_in_scope(actor, unit, "edit")
    check_version(unit, loaded_version(loaded, version), seen=seen, fields=SHOWN_FIELDS)
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
    # Rewrite the prefix of every descendant in one set-based update (no per-row queries); their
    # codes change, so their versions do too.
    descendants.update(
        path=Concat(Value(new_path), Substr("path", n + 1)),
        code=Concat(Value(new_path), Substr("code", n + 1)),
        version=BUMP,
    )
    unit.code, unit.path, unit.parent = new_code, new_path, new_parent
    bump(unit)
    unit.save()
    audit.record(
        AuditAction.MOVE, actor=actor, instance=unit, before=before, after=audit.snapshot(unit), reason=reason
    )
    sync(loaded, unit)
    return unit


@transaction.atomic(durable=True)
def orgunit_deactivate(
    *, actor: User, unit: OrgUnit, reason: str, version: int | None = None, seen: dict[str, Any] | None = None
) -> OrgUnit:
    """Deactivate a unit (merged or abolished villages); refused while it has active sub-units."""
    loaded, unit = unit, OrgUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_in_scope(actor, unit, "edit")
    check_version(unit, loaded_version(loaded, version), seen=seen, fields=SHOWN_FIELDS)
    if unit.children.filter(is_active=True).exists():
        raise ValidationError("该单位下仍有有效的下级单位，不能撤销")
    before = audit.snapshot(unit)
    unit.is_active = False
    unit.save(update_fields=["is_active", bump(unit)])
    audit.record(
        AuditAction.DEACTIVATE,
        actor=actor,
        instance=unit,
        before=before,
        after=audit.snapshot(unit),
        reason=reason,
    )
    sync(loaded, unit)
    return unit
