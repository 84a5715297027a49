"""Template context shared by every page: the left navigation, computed from the user's capabilities.

Entries whose page does not exist (yet) are left out: each URL is reversed inside try/except, so a
missing page never breaks the layout.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from huanjie.core.permissions import AUTHENTICATED
from huanjie.core.roles import (
    ACCOUNTS_MANAGE,
    AUDIT_VIEW,
    IMPORT_RUN,
    ORG_VIEW,
    PEOPLE_VIEW,
    ROLES,
    ROLES_MANAGE,
)

# (URL name, label, bootstrap icon, capability)
NAV_ENTRIES = [
    ("home", "首页", "house", AUTHENTICATED),
    ("org:tree", "组织机构", "diagram-3", ORG_VIEW),
    ("org:unit_list", "村（社区）列表", "list-ul", ORG_VIEW),
    ("people:list", "人员", "people", PEOPLE_VIEW),
    ("import:index", "导入", "upload", IMPORT_RUN),
    ("console:audit", "审计", "journal-check", AUDIT_VIEW),
    ("console:accounts", "账号管理", "person-gear", ACCOUNTS_MANAGE),
    ("console:roles", "角色分配", "person-badge", ROLES_MANAGE),
]


def _reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def nav_entries(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    """The navigation entries the user may use, with ``active`` set for the current section."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries: list[dict[str, Any]] = []
    for name, label, icon, capability in NAV_ENTRIES:
        if capability != AUTHENTICATED and not user.has_capability(capability):
            continue
        url = _reverse(name)
        if url is None:
            continue
        entries.append({"name": name, "label": label, "icon": icon, "url": url})
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
        role_labels.append(f"{ROLES[a.role].label}{where}")
    return {
        "nav_entries": nav_entries(user, request.path),
        "nav_role_labels": role_labels,
        "logout_url": _reverse("logout"),
        "login_url": _reverse("login"),
        "password_change_url": _reverse("password_change"),
    }
