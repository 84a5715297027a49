"""What core knows of whoever acts: an account. Core sits below accounts, so it names this protocol
instead of the model; huanjie.accounts.models.User implements it (mypy checks the match wherever a
User is passed)."""

from __future__ import annotations

from typing import Any, Protocol

from django.http import HttpRequest


class Account(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def username(self) -> str: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...

    def has_capability(self, capability: str) -> bool: ...

    def scope_paths(self, capability: str, *, exclude_roles: frozenset[str] = ...) -> list[str]: ...

    def roles(self) -> list[Any]:
        """The active role assignments (each with ``role``, ``org_unit`` and ``department``)."""
        ...


class AccountRequest(HttpRequest):
    """The request of a view that requires a login (core.permissions.requires): its user is an
    account, never AnonymousUser."""

    user: Account  # type: ignore[assignment]
