"""Reads of the org tree. Every read takes the user and is scoped with ``visible_to``; counts per
child of a node are one grouped query each (a substring of the code-prefix path), never one query
per row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from huanjie.accounts.models import User
from huanjie.core.plugins import CategoryBadge, tree_counters, unit_categories, unit_panels
from huanjie.core.scoping import can, minimal_paths, scope_paths
from huanjie.org.adapters import parent_level
from huanjie.org.capabilities import OrgCap
from huanjie.org.choices import LEAF_LEVELS, PATH_LENGTH, Level
from huanjie.org.models import OrgUnit

UNIT_SORTS = {
    "code": "code",
    "-code": "-code",
    "name": "name",
    "-name": "-name",
    "level": "level",
    "-level": "-level",
    "population": "population",
    "-population": "-population",
    "batch": "batch",
    "-batch": "-batch",
}


# -- categories of villages (planning's 研判, through core.plugins.unit_categories) -----------------


def category_choices(user: User) -> list[tuple[str, str]]:
    """The category filter's options the user may see (none without a planning view: 保密)."""
    return [choice for provider in unit_categories for choice in provider.choices(user)]


def category_badges(user: User, unit_ids: list[int]) -> dict[int, list[CategoryBadge]]:
    """Each unit's category badges, as the answering apps let the user see them (one query each)."""
    out: dict[int, list[CategoryBadge]] = {}
    for provider in unit_categories:
        for unit_id, badges in provider.badges(user, unit_ids).items():
            out.setdefault(unit_id, []).extend(badges)
    return out


def in_category(user: User, code: str, field: str = "pk") -> Q:
    """``field`` (a unit id) is a unit of category ``code``; matches nothing for a category the user
    may not see."""
    for provider in unit_categories:
        if code in dict(provider.choices(user)):
            return Q(**{f"{field}__in": provider.units_in(user, code)})
    return Q(pk__in=[])


def with_category_badges(user: User, units: Iterable[OrgUnit], chunk: int = 2000) -> Iterator[OrgUnit]:
    """The units, each with ``badges`` (:func:`category_badges`), asked chunk by chunk (exports)."""
    batch: list[OrgUnit] = []

    def flush() -> Iterator[OrgUnit]:
        found = category_badges(user, [u.pk for u in batch])
        for u in batch:
            u.badges = found.get(u.pk, [])  # type: ignore[attr-defined]
            yield u

    for unit in units:
        batch.append(unit)
        if len(batch) >= chunk:
            yield from flush()
            batch = []
    yield from flush()


def area_choices(user: User, leaves: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """A picker's tree, never a flat list: counties (when there are several) and towns (when there
    are several), then ``leaves`` (villages and communities) if given, each indented (full-width
    spaces, which huanjie.js's search reads as depth) under its parent in code order (a code sorts
    right after its parent's)."""
    counties = [(c.code, c.name) for c in counties_visible(user)]
    towns = [(t.code, t.name) for t in towns_visible(user)]
    depth = 0
    rows = []
    if len(counties) > 1:
        rows += [(code, name, depth) for code, name in counties]
        depth += 1
    if len(towns) > 1:
        rows += [(code, name, depth) for code, name in towns]
        depth += 1
    rows += [(code, name, depth) for code, name in leaves or []]
    rows.sort(key=lambda r: r[0])
    return [(code, ("\u3000" * indent) + name) for code, name, indent in rows]


def units_visible(user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.visible_to(user)


def unit_list(
    user: User,
    *,
    level: str = "",
    town: str = "",
    pilot: str = "",
    batch: str = "",
    q: str = "",
    active: str = "1",
    sort: str = "code",
    parent: str = "",
    category: str = "",
) -> QuerySet[OrgUnit]:
    """Units in the user's jurisdiction (villages and communities by default), filtered and sorted.

    ``town`` is a county's or a town's code (its subtree); ``level`` ``leaf`` (the default when
    empty) means villages and communities, ``all`` every level; ``parent`` a parent's code;
    ``active`` "" both active and deactivated units; ``category`` a category code of
    core.plugins.unit_categories (planning's 村（社区）类别, e.g. ``weak`` 软弱涣散; nothing for a
    user who may not see it); ``q`` matches the name or the start
    of the code. The unit list page and the API list both read it."""
    qs = units_visible(user).select_related("parent")
    if level in Level.values:
        qs = qs.filter(level=level)
    elif level != "all":
        qs = qs.filter(level__in=LEAF_LEVELS)
    if parent:
        qs = qs.filter(parent__code=parent)
    if town.isdigit() and len(town) == 12:
        area = (
            units_visible(user)
            .filter(code=town, level__in=(Level.COUNTY, Level.TOWN))
            .values_list("path", flat=True)
            .first()
        )
        qs = qs.filter(path__startswith=area) if area else qs.none()
    if pilot in ("1", "0"):
        qs = qs.filter(is_pilot=pilot == "1")
    if batch.isdigit():
        qs = qs.filter(batch=int(batch))
    if category:
        qs = qs.filter(in_category(user, category))
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q) if q.isdigit() else Q(name__contains=q))
    return qs.order_by(UNIT_SORTS.get(sort, "code"), "code")


def visible_unit(user: User, code: str) -> OrgUnit | None:
    """The unit with this code if the user may see it, else ``None`` (for filters and pickers)."""
    return units_visible(user).filter(code=code).first() if code else None


def leaf_choices(user: User, limit: int) -> list[tuple[str, str]] | None:
    """(code, name) of the active villages and communities in the jurisdiction, by code; ``None``
    when there are more than ``limit`` (a picker then offers towns only). One query."""
    leaves = list(
        units_visible(user)
        .filter(level__in=LEAF_LEVELS, is_active=True)
        .order_by("code")
        .values_list("code", "name")[: limit + 1]
    )
    return None if len(leaves) > limit else leaves


def counties_visible(user: User) -> QuerySet[OrgUnit]:
    return units_visible(user).filter(level=Level.COUNTY, is_active=True).order_by("code")


def towns_visible(user: User) -> QuerySet[OrgUnit]:
    return units_visible(user).filter(level=Level.TOWN, is_active=True).order_by("code")


def batches_visible(user: User) -> list[int]:
    batches = (
        units_visible(user).exclude(batch__isnull=True).order_by("batch").values_list("batch", flat=True)
    )
    return [b for b in batches.distinct() if b is not None]


def unit_counts_by_prefix(user: User, parent_path: str, child_path_len: int) -> dict[str, dict[str, int]]:
    """Active villages and communities under each child of a node (``{prefix: {level: n}}``), one
    grouped query. ``parent_path`` "" means the whole jurisdiction."""
    qs = units_visible(user).filter(level__in=LEAF_LEVELS, is_active=True)
    if parent_path:
        qs = qs.filter(path__startswith=parent_path)
    rows = (
        qs.annotate(prefix=Substr("path", 1, child_path_len))
        .values("prefix", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["prefix"], {})[r["level"]] = r["n"]
    return out


SITTING = "在任"
"""The label of the sitting-members counter (registered by the people app) shown as ``sitting``."""


@dataclass
class TreeNode:
    unit: OrgUnit
    villages: int = 0
    communities: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    """What higher apps count under this node (core.plugins.tree_counters), by label."""
    has_children: bool = False
    children: list[TreeNode] = field(default_factory=list)

    @property
    def sitting(self) -> int | None:
        """The 在任 counter, ``None`` when no app counts it for this user."""
        return self.counters.get(SITTING)


def _counters(user: User, paths: list[str]) -> dict[str, dict[str, int]]:
    """What the registered tree counters say about these sibling paths, merged by path."""
    out: dict[str, dict[str, int]] = {}
    for counter in tree_counters:
        for path, counts in counter(user, paths).items():
            out.setdefault(path, {}).update(counts)
    return out


def _with_counts(user: User, units: list[OrgUnit], parent_path: str) -> list[TreeNode]:
    """Attach subtree counts to sibling units (all of one path length): one grouped query here, and
    one per registered tree counter (people: sitting members)."""
    if not units:
        return []
    length = len(units[0].path)
    counts = unit_counts_by_prefix(user, parent_path, length)
    counters = _counters(user, [u.path for u in units])
    nodes = []
    for u in units:
        c = counts.get(u.path, {})
        nodes.append(
            TreeNode(
                unit=u,
                villages=c.get(Level.VILLAGE, 0),
                communities=c.get(Level.COMMUNITY, 0),
                counters=counters.get(u.path, {}),
                has_children=not u.is_leaf,
            )
        )
    return nodes


def tree_roots(user: User) -> list[TreeNode]:
    """The top units of the user's jurisdiction (usually one), with counts, their children expanded."""
    minimal = minimal_paths(scope_paths(user, OrgCap.VIEW))
    roots = list(OrgUnit.objects.visible_to(user).filter(path__in=minimal, is_active=True).order_by("code"))
    nodes: list[TreeNode] = []
    by_len: dict[int, list[OrgUnit]] = {}
    for u in roots:
        by_len.setdefault(len(u.path), []).append(u)
    for length in sorted(by_len):
        nodes.extend(_with_counts(user, by_len[length], ""))
    nodes.sort(key=lambda n: n.unit.code)
    if len(nodes) == 1:
        nodes[0].children = tree_children(user, nodes[0].unit)
    return nodes


def tree_children(user: User, unit: OrgUnit) -> list[TreeNode]:
    """Active children of a visible unit, with per-child counts (a fixed number of queries)."""
    children = list(units_visible(user).filter(parent=unit, is_active=True).order_by("code"))
    return _with_counts(user, children, unit.path)


def child_units(user: User, unit: OrgUnit) -> list[TreeNode]:
    """All children (inactive ones too, marked), with counts, for a unit's own page."""
    children = list(units_visible(user).filter(parent=unit).order_by("-is_active", "code"))
    return _with_counts(user, children, unit.path)


def breadcrumbs(user: User, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's visible ancestors, top-down, then the unit: one query (paths come from the code)."""
    ancestors = list(units_visible(user).filter(path__in=unit.ancestor_paths()).order_by("path"))
    return [*ancestors, unit]


def unit_can_edit(user: User, unit: OrgUnit) -> bool:
    return can(user, OrgCap.EDIT, unit.path)


def editable_parents(user: User, level: str) -> QuerySet[OrgUnit]:
    """Units that may be the parent of a unit of ``level`` and that the user may edit."""
    above = parent_level(level)
    if above is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.editable_by(user).filter(level=above, is_active=True).order_by("code")


def jurisdiction_summary(user: User) -> dict[str, int]:
    """Active unit counts by level in the user's jurisdiction (one grouped query)."""
    rows = units_visible(user).filter(is_active=True).values("level").annotate(n=Count("pk")).order_by()
    return {r["level"]: r["n"] for r in rows}


def unit_panels_of(user: User, unit: OrgUnit, params: Any) -> list[dict[str, Any]]:
    """The panels higher apps show on a village's or community's page (core.plugins.unit_panels),
    each ``{"template", "context", "place"}`` (place: ``actions`` beside the page's buttons,
    ``beside`` the attributes or ``below`` them, the default); a
    provider answers ``None`` when it has nothing for this user. ``params``: the page's query string
    (e.g. ``on``, the date of the structure figures)."""
    panels = [panel(user, unit, params=params) for panel in unit_panels]
    return [p for p in panels if p is not None]


def path_labels(units: list[OrgUnit]) -> dict[int, str]:
    """Each unit with its county and town (澜溪县 › 泉园镇 › 荷口村), one query for all: what the
    pickers show, so that units of the same name in different towns can be told apart."""
    wanted = {p for u in units for p in u.ancestor_paths()}
    names = dict(OrgUnit.objects.filter(path__in=wanted).values_list("path", "name"))
    out = {}
    for u in units:
        chain = [names[p] for p in u.ancestor_paths() if p in names and len(p) >= PATH_LENGTH[Level.COUNTY]]
        out[u.pk] = " › ".join([*chain, u.name])
    return out


def unit_path_label(unit: OrgUnit | None) -> str:
    return path_labels([unit])[unit.pk] if unit is not None else ""


def move_targets_exist(user: User, unit: OrgUnit) -> bool:
    """Whether ``unit`` has anywhere the user may move it (not its present parent)."""
    if parent_level(unit.level) is None:
        return False
    targets = editable_parents(user, unit.level)
    if unit.parent_id is not None:
        targets = targets.exclude(pk=unit.parent_id)
    return targets.exists()


def move_parent_search(
    user: User, unit: OrgUnit, q: str, limit: int
) -> tuple[list[tuple[OrgUnit, str]], bool]:
    """The units ``unit`` may be moved under (the user may edit them; not its present parent) whose
    name contains ``q`` or whose code starts with it: at most ``limit`` with their labels, and
    whether there were more."""
    qs = editable_parents(user, unit.level)
    if unit.parent_id is not None:
        qs = qs.exclude(pk=unit.parent_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    rows = list(qs[: limit + 1])
    labels = path_labels(rows[:limit])
    return [(u, labels[u.pk]) for u in rows[:limit]], len(rows) > limit


# The own segment of a new code under its parent: 统计用区划代码编制规则 numbers 居委会 001–199 and
# 村委会 200–399 (extended to 599 where a town has many villages); other levels from 01/001.
_SEGMENT_RANGE = {Level.COMMUNITY: (1, 199), Level.VILLAGE: (200, 599)}


def next_free_code(parent: OrgUnit, level: str) -> str | None:
    """The next code not used by any unit (active or not) under ``parent`` for a unit of ``level``:
    one above the highest used in the level's range, else the first gap; None when the range is full."""
    lvl = Level(level)
    start, width = len(parent.path), PATH_LENGTH[lvl] - len(parent.path)
    low, high = _SEGMENT_RANGE.get(lvl, (1, 10**width - 1))
    used = set()
    for code in OrgUnit.objects.filter(path__startswith=parent.path).values_list("code", flat=True):
        segment = code[start : start + width]
        if segment.isdigit():
            used.add(int(segment))
    in_range = [n for n in used if low <= n <= high]
    candidates = [max(in_range) + 1] if in_range else [low]
    candidates += range(low, high + 1)
    for n in candidates:
        if low <= n <= high and n not in used:
            return (parent.path + str(n).zfill(width)).ljust(12, "0")
    return None
