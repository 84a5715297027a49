"""Jurisdiction scoping: the only way views, the API and selectors reach jurisdiction-bound data.

Every org unit has a code-prefix ``path`` (市 4 digits, 县 6, 镇 9, 村 12). A user's assignment to a
unit grants its subtree; ``Model.objects.visible_to(user)`` filters rows whose scope path starts with
one of the user's paths for the capability. This is one indexed ``LIKE 'prefix%'`` per assignment on
SQLite and PostgreSQL, with no recursive queries.

Models opt in by using ``ScopedManager`` and declaring ``scope_path_field`` (e.g. ``"path"`` or
``"committee__org_unit__path"``) and ``scope_domain`` (``"org"`` or ``"people"``).

Membership scopes: a role may take its jurisdiction for some capabilities not from the unit of its
assignment but from what the user is a member of (a supervisor's: his groups' assigned counties and
towns, 巡回督导组·双联直挂). The app owning the membership registers a ``MembershipScope`` in its
AppConfig.ready(); ``scope_paths`` then counts that role's assignments with the membership's paths,
and everything built on it (``restrict``, ``can``, ``get_scoped_or_404``, the workflow's levels and
to-dos) follows without knowing why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from huanjie.core.actors import Account


@dataclass(frozen=True)
class MembershipScope:
    """For assignments of ``role``, the jurisdiction of ``capabilities`` is ``paths(user)`` (what the
    user is a member of) instead of the unit of the role assignment."""

    role: str
    capabilities: frozenset[str]
    paths: Callable[[Any], list[str]]


_MEMBERSHIP_SCOPES: dict[str, MembershipScope] = {}


def register_membership_scope(scope: MembershipScope) -> None:
    """Register (or replace: ready() may run twice in tests) the membership scope of a role."""
    _MEMBERSHIP_SCOPES[scope.role] = scope


def scope_paths(user: Account, capability: str) -> list[str]:
    """Paths of the subtrees in which ``user`` holds ``capability``; empty when none. Assignments of a
    role with a membership scope for ``capability`` count with the paths of the user's memberships
    instead of their unit."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    scopes = [s for s in _MEMBERSHIP_SCOPES.values() if capability in s.capabilities]
    if not scopes:
        return list(user.scope_paths(capability))
    paths = list(user.scope_paths(capability, exclude_roles=frozenset(s.role for s in scopes)))
    held = {a.role for a in user.roles()}
    for s in scopes:
        if s.role in held:
            paths += [p for p in s.paths(user) if p not in paths]
    return paths


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
