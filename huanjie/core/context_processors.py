"""Template context shared by every page: the left navigation, from every app's declared entries
(huanjie.core.plugins) filtered by the user's capabilities.

Entries whose page does not exist (yet) are left out: each URL is reversed inside try/except, so a
missing page never breaks the layout.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from huanjie.core.actors import Account
from huanjie.core.permissions import AUTHENTICATED
from huanjie.core.plugins import NavEntry, plugins


def nav_declared() -> list[NavEntry]:
    """Every app's navigation entries, in their declared order."""
    return sorted((e for _, p in plugins() for e in p.nav), key=lambda e: e.order)


def _reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def nav_entries(user: Account, current_path: str = "") -> list[dict[str, Any]]:
    """The navigation entries the user may use, with ``active`` set for the current section."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries: list[dict[str, Any]] = []
    for d in nav_declared():
        if d.capability != AUTHENTICATED and not user.has_capability(d.capability):
            continue
        url = _reverse(d.url_name)
        if url is None:
            continue
        entries.append({"name": d.url_name, "label": d.label, "icon": d.icon, "url": url})
    # The longest matching URL marks the active entry ("/" only matches itself).
    best = None
    for e in entries:
        matches = current_path == e["url"] if e["url"] == "/" else current_path.startswith(e["url"])
        if matches and (best is None or len(e["url"]) > len(best["url"])):
            best = e
    for e in entries:
        e["active"] = e is best
    return entries


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": [], "logout_url": _reverse("logout"), "login_url": _reverse("login")}
    role_labels = []
    for a in user.roles():
        where = f"·{a.org_unit.name}" if a.org_unit_id else ""
        role_labels.append(f"{a.get_role_display()}{where}")
    return {
        "nav_entries": nav_entries(user, request.path),
        "nav_role_labels": role_labels,
        "logout_url": _reverse("logout"),
        "login_url": _reverse("login"),
        "password_change_url": _reverse("password_change"),
    }
