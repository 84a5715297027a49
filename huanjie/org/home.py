"""The org tree's contributions to the home page (registered in OrgConfig.ready())."""

from __future__ import annotations

from typing import Any

from huanjie.accounts.models import User
from huanjie.core.plugins import HomeStat, Panel
from huanjie.core.scoping import scope_paths
from huanjie.org.capabilities import OrgCap
from huanjie.org.choices import Level
from huanjie.org.selectors import jurisdiction_summary, tree_roots


def unit_stats(user: User) -> list[HomeStat]:
    """Active units by level, only for levels below the user's own unit (a town operator has one
    town: counting it says nothing)."""
    paths = scope_paths(user, OrgCap.VIEW)
    if not paths:
        return []
    counts = jurisdiction_summary(user)
    top = min(len(p) for p in paths)
    stats = []
    if top < 9:
        stats.append(HomeStat("乡镇（街道）", counts.get(Level.TOWN, 0), "building", order=10))
    if top < 12:
        stats.append(HomeStat("村", counts.get(Level.VILLAGE, 0), "house-door", order=20))
        stats.append(HomeStat("社区", counts.get(Level.COMMUNITY, 0), "buildings", order=30))
    return stats


def scope_panel(request: Any) -> Panel | None:
    """The user's jurisdiction as a two-level table with counts."""
    if not request.user.has_capability(OrgCap.VIEW):
        return None
    return Panel("org/_home_scope.html", {"roots": tree_roots(request.user)}, order=50)
