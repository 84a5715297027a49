"""Declared permissions on views. Every URL must declare one (a test walks them all)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from huanjie.core.capabilities import AUTHENTICATED, PUBLIC, CoreCap

__all__ = ["AUTHENTICATED", "PUBLIC", "CoreCap", "public", "requires"]


def requires(
    capability: str, *, denied: str = "您的角色无权访问此页面"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a logged-in user holding ``capability`` somewhere (object scope is checked by selectors).
    ``denied`` is the refusal shown to a role without it (say what to do instead when there is a way)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if capability != AUTHENTICATED and not user.has_capability(capability):
                raise PermissionDenied(denied)
            return view(request, *args, **kwargs)

        wrapped.huanjie_permission = capability  # type: ignore[attr-defined]
        return wrapped

    return decorate


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    view.huanjie_permission = PUBLIC  # type: ignore[attr-defined]
    return view
