"""Declared permissions on views. Every URL must declare one (a test walks them all)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from huanjie.core.capabilities import AUTHENTICATED, PUBLIC, CoreCap

__all__ = ["AUTHENTICATED", "PUBLIC", "CoreCap", "Refused", "public", "requires"]


class Refused(PermissionDenied):
    """A refusal that says where the user can do what was asked instead: the 403 page shows
    ``message`` and a button to ``link`` labelled ``link_label`` (e.g. the page where a village
    operator proposes the change that the town decides)."""

    def __init__(self, message: str, *, link: str = "", link_label: str = "") -> None:
        super().__init__(message)
        self.message, self.link, self.link_label = message, link, link_label

    def __str__(self) -> str:
        return self.message


def requires(
    capability: str, *, denied: str | Callable[..., PermissionDenied] = "您的角色无权访问此页面"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a logged-in user holding ``capability`` somewhere (object scope is checked by selectors).
    ``denied`` is the refusal shown to a role without it (say what to do instead when there is a way):
    a message, or a callable taking the view's arguments and returning the exception to raise (a
    ``Refused`` linking to the page where the user can do it; it may raise Http404 itself for an
    object outside the user's jurisdiction)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if capability != AUTHENTICATED and not user.has_capability(capability):
                raise denied(request, *args, **kwargs) if callable(denied) else PermissionDenied(denied)
            return view(request, *args, **kwargs)

        wrapped.huanjie_permission = capability  # type: ignore[attr-defined]
        return wrapped

    return decorate


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    view.huanjie_permission = PUBLIC  # type: ignore[attr-defined]
    return view
