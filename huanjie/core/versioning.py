"""No lost update (house rule 15): one optimistic-locking mechanism for every editable record.

- A model that may be edited subclasses ``Versioned`` (a ``version`` column, 1 when created).
- An edit form carries the version it was loaded with and what it showed (``VersionedForm`` in
  ``core.forms``: hidden ``version`` and a signed ``seen``).
- The service locks the row (``select_for_update``), re-checks the actor's jurisdiction (so a refusal
  never shows an out-of-scope record), and compares the versions inside its transaction
  (``check_version``); a stale write raises ``StaleEdit``, a ValidationError that carries
  the differences (field label: 您看到的值 → 现在的值) and the current record, so the form can show
  them and re-render with the current values. Nothing is saved and nothing is audited.
- Every successful write adds one to the version (``bump`` for one row, ``BUMP`` in a set-based
  ``.update()``, e.g. an org move rewriting a subtree).

``core.workflow`` uses the same comparison for its records (``WorkflowRecord`` is ``Versioned``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

__all__ = [
    "BUMP",
    "Difference",
    "StaleEdit",
    "Versioned",
    "bump",
    "check_version",
    "differences",
    "display_value",
    "loaded_version",
    "seen_dumps",
    "seen_loads",
    "seen_values",
    "sync",
]

SEEN_SALT = "huanjie.core.versioning.seen"


class Versioned(models.Model):
    """An editable record: ``version`` counts its saved changes (optimistic locking)."""

    version = models.PositiveIntegerField("版本", default=1)

    # Bookkeeping, not content: the audit trail's before/after images leave it out (a model that
    # declares its own ``audit_exclude`` names "version" too).
    audit_exclude: tuple[str, ...] = ("version",)

    class Meta:
        abstract = True


# In a set-based update: ``qs.update(..., version=BUMP)``.
BUMP = F("version") + 1


def bump(instance: Any) -> str:
    """Count one more saved change; returns ``"version"`` for ``save(update_fields=[...])``."""
    instance.version += 1
    return "version"


@dataclass(frozen=True)
class Difference:
    """One field that changed since the form was loaded, as shown to the official."""

    field: str
    label: str
    seen: str
    current: str

    def __str__(self) -> str:
        return f"{self.label}：您看到的值“{self.seen}” → 现在的值“{self.current}”"


class StaleEdit(ValidationError):
    """Someone else saved the record after the form was loaded: the write is refused.

    ``current`` is the record as it is now, ``current_version`` its version, ``differences`` what
    changed in the fields the form showed (empty when the form named none or they did not change).
    """

    def __init__(self, current: Any, expected_version: Any, diffs: list[Difference]) -> None:
        self.current = current
        self.current_version = current.version
        self.expected_version = expected_version
        self.differences = diffs
        head = (
            f"此记录已被他人修改（您看到的是第 {expected_version} 版，现在是第 {current.version} 版），"
            "您的修改未保存。"
        )
        if diffs:
            head += "以下是变化，表单已换成现在的值，请核对后重新提交："
        else:
            head += "表单已换成现在的值，请核对后重新提交。"
        super().__init__([head, *(str(d) for d in diffs)], code="stale")


def _raw(instance: Any, name: str) -> Any:
    """A field's value as stored in ``seen`` (JSON: dates as ISO text, foreign keys as ids)."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def seen_values(instance: Any, fields: Iterable[str]) -> dict[str, Any]:
    """What a form shows of ``instance`` (the fields it edits), as JSON-able values."""
    return {name: _raw(instance, name) for name in fields}


def seen_dumps(instance: Any, fields: Iterable[str]) -> str:
    """The signed ``seen`` hidden value of a form loaded from ``instance``."""
    return signing.dumps(seen_values(instance, fields), salt=SEEN_SALT, compress=True)


def seen_loads(value: str | None) -> dict[str, Any] | None:
    """The ``seen`` values a form carried back (``None`` when missing or tampered with)."""
    if not value:
        return None
    try:
        loaded = signing.loads(value, salt=SEEN_SALT)
    except signing.BadSignature:
        return None
    return loaded if isinstance(loaded, dict) else None


def display_value(instance: Any, name: str, raw: Any) -> str:
    """A stored value as the official reads it (choice labels, 是/否, names of related records)."""
    if raw is None or raw == "" or raw == []:
        return "（空）"
    if isinstance(raw, list | tuple):  # a JSON list (e.g. categories ticked): its items, in order
        return "、".join(
            display_value(instance, name, item) if not isinstance(item, list) else str(item) for item in raw
        )
    field = instance._meta.get_field(name)
    if isinstance(raw, bool):
        return "是" if raw else "否"
    choices = dict(field.flatchoices) if field.choices else {}
    if raw in choices:
        return str(choices[raw])
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=raw).first()
        return str(related) if related is not None else str(raw)
    return str(raw)


def differences(current: Any, seen: dict[str, Any] | None, fields: Iterable[str]) -> list[Difference]:
    """The fields of ``fields`` whose value now differs from what the form showed."""
    if not seen:
        return []
    out = []
    for name in fields:
        if name not in seen:
            continue
        now = _raw(current, name)
        if now != seen[name]:
            label = str(current._meta.get_field(name).verbose_name)
            out.append(
                Difference(
                    name, label, display_value(current, name, seen[name]), display_value(current, name, now)
                )
            )
    return out


def check_version(
    current: Any,
    expected_version: Any,
    *,
    seen: dict[str, Any] | None = None,
    fields: Iterable[str] = (),
) -> None:
    """Refuse a write made from a stale form: ``current`` is the locked row, ``expected_version`` the
    version the form was loaded with. Raises ``StaleEdit`` (with the differences) when they differ,
    also when the form carried no version at all."""
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != current.version:
        raise StaleEdit(current, expected_version, differences(current, seen, fields))


def loaded_version(instance: Any, version: Any) -> Any:
    """The version a write was prepared from: ``version`` as the form carried it, or else the version
    of the instance the caller loaded (services are also called with the record as read)."""
    return instance.version if version is None else version


def sync(loaded: Any, current: Any) -> None:
    """After a write, the caller's instance knows the new version (it may write again)."""
    loaded.version = current.version
