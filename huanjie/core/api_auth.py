"""Declared permissions for the REST API.

Every API operation declares its permission with ``@api_requires(capability)``, which sets
``huanjie_permission`` on the function exactly like ``core.permissions.requires`` does for views; the
access-control test walks every operation and fails on one without it. Who the caller is comes from
the API's authentication (huanjie.accounts.tokens.TokenAuth).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from huanjie.core.permissions import AUTHENTICATED


def api_requires(capability: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare (and enforce) the capability an API operation needs; 403 for a role without it.

    Object scope is enforced by the selectors the operation uses (out of jurisdiction → 404).
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = request.auth  # type: ignore[attr-defined]
            if user is None or not getattr(user, "is_authenticated", False):
                raise HttpError(401, "未认证")
            if capability != AUTHENTICATED and not user.has_capability(capability):
                raise HttpError(403, "您的角色无权访问此接口")
            return func(request, *args, **kwargs)

        wrapped.huanjie_permission = capability  # type: ignore[attr-defined]
        return wrapped

    return decorate
