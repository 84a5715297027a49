"""Jurisdiction scoping: the only way views, the API and selectors reach jurisdiction-bound data.

Every org unit has a code-prefix ``path`` (市 4 digits, 县 6, 镇 9, 村 12). A user's assignment to a
unit grants its subtree; ``Model.objects.visible_to(user)`` filters rows whose scope path starts with
one of the user's paths for the capability. This is one indexed ``LIKE 'prefix%'`` per assignment on
SQLite and PostgreSQL, with no recursive queries.

Models opt in by using ``ScopedManager`` and declaring ``scope_path_field`` (e.g. ``"path"`` or
``"committee__org_unit__path"``) and ``scope_domain`` (``"org"`` or ``"people"``).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from huanjie.core.actors import Account


def scope_paths(user: Account, capability: str) -> list[str]:
    """Paths of the subtrees in which ``user`` holds ``capability``; empty when none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(user.scope_paths(capability))


def can(user: Account, capability: str, path: str) -> bool:
    """Is the unit ``path`` inside ``user``'s jurisdiction for ``capability``? The one test of a path
    against a user's scope (subtree = code prefix); an anonymous or inactive user can nothing."""
    return path.startswith(tuple(scope_paths(user, capability)))


def minimal_paths(paths: list[str]) -> list[str]:
    """The tops of these subtrees, sorted: a path below another one is left out (it adds nothing)."""
    return [p for p in sorted(set(paths)) if not any(p != q and p.startswith(q) for q in paths)]


def path_q(field: str, paths: list[str]) -> models.Q:
    return reduce(or_, (models.Q(**{f"{field}__startswith": p}) for p in minimal_paths(paths)))


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user: Account, action: str = "view") -> ScopedQuerySet:
        """Rows of this queryset inside the user's jurisdiction for ``action`` (view or edit)."""
        model = self.model
        paths = scope_paths(user, f"{model.scope_domain}.{action}")
        if not paths:
            return self.none()
        return self.filter(path_q(model.scope_path_field, paths))

    def visible_to(self, user: Account) -> ScopedQuerySet:
        return self.restrict(user, "view")

    def editable_by(self, user: Account) -> ScopedQuerySet:
        return self.restrict(user, "edit")


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


def get_scoped_or_404(queryset: Any, user: Account, action: str = "view", **lookup: Any) -> Any:
    """The object if it is inside the user's jurisdiction; otherwise 404, which leaks nothing."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("未找到，或不在您的管辖范围内") from exc


def ensure_in_scope(user: Account, obj: Any, action: str = "edit") -> None:
    """Re-check inside a write transaction that ``obj`` is in the user's jurisdiction."""
    model = type(obj)
    if not model._default_manager.restrict(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied("对象不在您的管辖范围内")


def ensure_path_in_scope(user: Account, path: str, capability: str) -> None:
    """Re-check that a unit path (e.g. the target of a new record) lies in the user's jurisdiction."""
    if not can(user, capability, path):
        raise PermissionDenied("目标单位不在您的管辖范围内")
