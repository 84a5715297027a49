"""The structure figures (班子结构) of a campaign, before and after the election and as planned,
against the campaign's targets (issue 15 reqs. 1, 7, 8) — the ONE source of every structure figure:
pages, dashboards, Excel tables, PDF reports, the API and the signed roll-up all read them here.

Public API (stable; other areas build on it)::

    campaigns(user) -> list[Campaign]                 # campaigns of the user's city, newest first
    current_campaign(user) -> Campaign | None          # the newest of them
    campaign(user, pk) -> Campaign                     # 404 outside the user's city
    top_unit(user, campaign) -> OrgUnit                # the user's jurisdiction within the city
    unit(user, campaign, code) -> OrgUnit              # a unit by code/path, 404 outside jurisdiction
    may_see_plan(user, unit) -> bool                   # planning.view there (plans are confidential)

    counts(user, campaign, unit=None, *, basis="after") -> StructureCounts
    figures(user, campaign, unit=None, *, basis="after") -> UnitFigures
        the unit's counts, every figure (FIGURES, exact Fraction + text rounded to one decimal),
        the campaign's targets checked (met / not met, by how much), the committees without a woman
        by type with their legal basis, and one FigureRow per child unit (city → counties → towns →
        villages), each a sum of the per-village summary rows (one SQL aggregate per level).
    comparison(user, campaign, unit=None) -> Comparison
        before / after / plan side by side (plan only with may_see_plan), per figure and per target.
    drilldown(user, campaign, unit, figure_key, *, basis="after", without=False) -> Drilldown
        what is behind a figure: below a town, the child units' rows (a link per figure); at a town
        or a village, the villages (village figures: 一肩挑, committees without a woman, …) or the
        persons (person figures: women, 大专及以上, a source, …) behind it; ``without`` the
        complement (the villages WITHOUT 一肩挑, the members who are not women …).
    figure_value(counts, key) -> FigureValue           # one figure from any counts (pure)
    target_checks(campaign, counts) -> list[TargetCheck]

``basis``: ``before`` (the outgoing term), ``after`` (the new term, villages that have elected;
paired with their outgoing term) or ``plan`` (the personnel plans; confidential). The definitions
of who counts are in huanjie.stats.structure_compute; the arithmetic in huanjie.rules.structure
(exact fractions; shown rounded half up to one decimal by ``one_decimal``).

Every read is within the user's jurisdiction for ``stats.view``; persons are listed only where the
user may see the person register (``people.view``), plan figures only with ``planning.view``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404

from huanjie.core.scoping import can, minimal_paths, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.people.choices import Source
from huanjie.planning.models import Campaign, StructureTarget
from huanjie.rules import campaign as campaign_rules
from huanjie.rules.dates import age_on
from huanjie.rules.structure import (
    AGE_BANDS,
    COMMITTEE_TYPES,
    EDUCATION_LEVELS,
    StructureCounts,
    age_band,
    education_at_least,
    one_decimal,
    pct,
    target_gap,
    target_value,
    woman_rule,
)
from huanjie.stats import structure_compute as compute
from huanjie.stats import structure_services as services
from huanjie.stats.capabilities import StatsCap
from huanjie.stats.models.structure import COUNT_COLUMNS, StructureSummary

NOT_FOUND = "未找到，或不在您的管辖范围内"
BASIS_LABELS = {"before": "换届前", "after": "换届后", "plan": "人事安排方案"}
BASES = tuple(BASIS_LABELS)
_CHILD_COLUMN = {4: "county_path", 6: "town_path", 9: "path"}
_LEVEL_LABEL = {
    "city": "市",
    "county": "县（市、区）",
    "town": "乡镇（街道）",
    "village": "村",
    "community": "社区",
}


# -- the figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureDef:
    """One figure: ``unit`` 人/个 (a count), % (a share of ``whole``) or 岁 (years);
    ``drill``: ``persons`` or ``villages`` (what is behind it at the bottom)."""

    key: str
    label: str
    unit: str
    group: str
    drill: str
    part: str = ""
    """The StructureCounts field (or ``band:<label>``, ``edu:<level>``, ``src:<code>``) counted."""
    whole: str = ""
    """The denominator field of a share."""


def _defs() -> tuple[FigureDef, ...]:
    out = [
        FigureDef("units", "村（社区）数", "个", "概况", "villages", "units"),
        FigureDef("reporting", "已产生新一届班子的村（社区）数", "个", "概况", "villages", "reporting"),
        FigureDef("members", "“两委”成员（一人多职计一次）", "人", "概况", "persons", "members"),
        FigureDef("party_committee", "党组织班子成员", "人", "概况", "persons", "party_committee"),
        FigureDef(
            "villager_committee", "村（居）民委员会成员", "人", "概况", "persons", "villager_committee"
        ),
        FigureDef("average_age", "平均年龄", "岁", "年龄", "persons"),
        FigureDef("age_change", "平均年龄变化（与上届配对，负数为下降）", "岁", "年龄", "villages"),
    ]
    out += [
        FigureDef(f"band_{i}", f"{label}占比", "%", "年龄", "persons", f"band:{label}", "members")
        for i, (label, _, _) in enumerate(AGE_BANDS)
    ]
    out += [
        FigureDef(f"edu_{i}", f"{level}占比", "%", "学历", "persons", f"edu:{level}", "members")
        for i, level in enumerate(EDUCATION_LEVELS)
    ]
    out += [
        FigureDef("college", "大专及以上学历占比", "%", "学历", "persons", "college", "members"),
        FigureDef(
            "college_new", "新进成员大专及以上学历占比", "%", "学历", "persons", "new_college", "new_members"
        ),
        FigureDef("field_fit", "专业对口成员占比", "%", "专业", "persons", "field_fit", "members"),
        FigureDef("women", "女性成员占比", "%", "性别", "persons", "women", "members"),
        FigureDef(
            "party_without_woman", "无女性成员的党组织", "个", "性别", "villages", "party_without_woman"
        ),
        FigureDef(
            "villagers_without_woman",
            "无女性成员的村民委员会",
            "个",
            "性别",
            "villages",
            "villagers_without_woman",
        ),
        FigureDef(
            "residents_without_woman",
            "无女性成员的居民委员会",
            "个",
            "性别",
            "villages",
            "residents_without_woman",
        ),
        FigureDef("party_members", "中共党员占比", "%", "政治面貌", "persons", "party_members", "members"),
        FigureDef(
            "one_shoulder_village",
            "村书记、主任“一肩挑”比例",
            "%",
            "一肩挑",
            "villages",
            "villages_one_shoulder",
            "villages",
        ),
        FigureDef(
            "one_shoulder_community",
            "社区书记、主任“一肩挑”比例",
            "%",
            "一肩挑",
            "villages",
            "communities_one_shoulder",
            "communities",
        ),
        FigureDef(
            "cross_serving", "“两委”交叉任职比例", "%", "交叉任职", "persons", "cross_serving", "members"
        ),
        FigureDef("new_members", "新进成员占比", "%", "新进与连任", "persons", "new_members", "members"),
        FigureDef("reelected", "连任成员占比", "%", "新进与连任", "persons", "reelected", "members"),
    ]
    labels = dict(Source.choices) | {"unknown": "未登记来源"}
    out += [
        FigureDef(f"src_{code}", f"来源：{labels[code]}", "%", "来源", "persons", f"src:{code}", "members")
        for code in (*Source.values, "unknown")
    ]
    return tuple(out)


FIGURES: tuple[FigureDef, ...] = _defs()
FIGURE_BY_KEY = {f.key: f for f in FIGURES}


@dataclass(frozen=True)
class FigureValue:
    """One figure's value: ``count`` (the numerator, or the count itself), ``whole`` (the
    denominator of a share), ``value`` exact, ``text`` rounded to one decimal with its unit."""

    key: str
    label: str
    unit: str
    count: int | None
    whole: int | None
    value: Fraction | None
    text: str


def _part(c: StructureCounts, name: str) -> int:
    if name.startswith("band:"):
        return c.age_bands.get(name[5:], 0)
    if name.startswith("edu:"):
        return c.education.get(name[4:], 0)
    if name.startswith("src:"):
        return c.sources.get(name[4:], 0)
    if name == "reporting":
        return c.villages + c.communities
    return int(getattr(c, name))


def figure_value(c: StructureCounts, key: str) -> FigureValue:
    """The figure ``key`` of ``c`` (KeyError for an unknown key)."""
    d = FIGURE_BY_KEY[key]
    if key == "average_age":
        v = c.average_age
        return FigureValue(key, d.label, d.unit, c.members, None, v, one_decimal(v, "岁"))
    if key == "age_change":
        v = c.average_age_change
        return FigureValue(key, d.label, d.unit, c.baseline_members, None, v, one_decimal(v, "岁"))
    part = _part(c, d.part)
    if d.unit == "%":
        whole = _part(c, d.whole)
        v = pct(part, whole)
        return FigureValue(key, d.label, d.unit, part, whole, v, one_decimal(v, "%"))
    return FigureValue(key, d.label, d.unit, part, None, Fraction(part), str(part))


# -- targets -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetCheck:
    """A campaign target (its one named definition) against a value: met / not met, by how much."""

    code: str
    label: str
    definition: str
    unit: str
    low: Fraction
    high: Fraction | None
    range_text: str
    value: Fraction | None
    value_text: str
    verdict: str
    verdict_label: str
    gap: Fraction | None
    gap_text: str
    figure_key: str


_TARGET_FIGURE = {
    "average_age": "age_change",
    "college": "college",
    "college_new": "college_new",
    "field_fit": "field_fit",
    "one_shoulder_village": "one_shoulder_village",
    "one_shoulder_community": "one_shoulder_community",
    "cross_serving": "cross_serving",
    "women": "women",
}


def _targets(c: Campaign) -> list[tuple[StructureTarget, campaign_rules.TargetParams]]:
    cached = getattr(c, "_hj_structure_targets", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found = _read_targets(c)
    c._hj_structure_targets = found  # type: ignore[attr-defined]
    return found


def _read_targets(c: Campaign) -> list[tuple[StructureTarget, campaign_rules.TargetParams]]:
    from huanjie.planning import adapters

    rows = StructureTarget.objects.filter(campaign=c, code__in=list(_TARGET_FIGURE)).order_by("pk")
    return [
        (
            t,
            adapters.target_params(
                low=t.low, high=t.high, baseline=t.baseline, baseline_date=t.baseline_date, fields=t.majors
            ),
        )
        for t in rows
    ]


def _checks(
    targets: list[tuple[StructureTarget, campaign_rules.TargetParams]], c: StructureCounts
) -> list[TargetCheck]:
    out = []
    for t, p in targets:
        d = campaign_rules.DEFINITIONS[t.code]
        value = target_value(t.code, c)
        verdict = campaign_rules.verdict(value, p)
        gap = target_gap(value, p.low, p.high)
        unit = d.unit
        rng = (
            f"{one_decimal(p.low)}—{one_decimal(p.high)}{unit}"
            if p.high is not None
            else f"{one_decimal(p.low)}{unit}及以上"
        )
        if gap is None:
            gap_text = "—"
        elif gap < 0:
            gap_text = f"差 {one_decimal(-gap, unit)}"
        elif gap > 0:
            gap_text = f"超出 {one_decimal(gap, unit)}"
        else:
            gap_text = "达到"
        out.append(
            TargetCheck(
                t.code,
                t.label,
                d.definition,
                unit,
                p.low,
                p.high,
                rng,
                value,
                one_decimal(value, unit),
                verdict,
                campaign_rules.VERDICT_LABELS[verdict],
                gap,
                gap_text,
                _TARGET_FIGURE[t.code],
            )
        )
    return out


def target_checks(campaign: Campaign, c: StructureCounts) -> list[TargetCheck]:
    """Each structure target of the campaign that these figures decide, checked against ``c``."""
    return _checks(_targets(campaign), c)


# -- jurisdiction --------------------------------------------------------------------------------------


def _paths(user: Any) -> list[str]:
    return minimal_paths(scope_paths(user, StatsCap.VIEW))


def campaigns(user: Any) -> list[Campaign]:
    cities = {p[:4] for p in _paths(user)}
    if not cities:
        return []
    return list(
        Campaign.objects.filter(city__path__in=cities).select_related("city").order_by("-window_start", "-pk")
    )


def current_campaign(user: Any) -> Campaign | None:
    found = campaigns(user)
    return found[0] if found else None


def campaign(user: Any, pk: int) -> Campaign:
    for c in campaigns(user):
        if c.pk == pk:
            return c
    raise Http404(NOT_FOUND)


def top_unit(user: Any, c: Campaign) -> OrgUnit:
    """The user's jurisdiction within the campaign's city (the highest unit of it)."""
    paths = [p for p in _paths(user) if p.startswith(c.city.path) or c.city.path.startswith(p)]
    if not paths:
        raise Http404(NOT_FOUND)
    path = max(paths[0], c.city.path, key=len)
    found = OrgUnit.objects.filter(path=path).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def unit(user: Any, c: Campaign, code: str) -> OrgUnit:
    """The unit ``code`` (a code or a path) within both the campaign's city and the user's
    jurisdiction; 404 otherwise."""
    path = OrgUnit.subtree_path(code.strip())
    if not path.startswith(c.city.path) or not can(user, StatsCap.VIEW, path):
        raise Http404(NOT_FOUND)
    found = OrgUnit.objects.filter(path=path).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def may_see_plan(user: Any, u: OrgUnit) -> bool:
    return can(user, "planning.view", u.path)


def _resolve(user: Any, c: Campaign, u: OrgUnit | None, basis: str) -> OrgUnit:
    if basis not in BASES:
        raise Http404("口径无效")
    if u is None:
        u = top_unit(user, c)
    elif not u.path.startswith(c.city.path) or not can(user, StatsCap.VIEW, u.path):
        raise Http404(NOT_FOUND)
    if basis == "plan" and not may_see_plan(user, u):
        raise PermissionDenied("人事安排方案保密，您无权查看")
    services.ensure_current(c)
    return u


def _sum(qs: Any) -> StructureCounts:
    return services.counts_from(qs.aggregate(**{f: Sum(f) for f in COUNT_COLUMNS}))


def _rows(c: Campaign, basis: str) -> Any:
    return StructureSummary.objects.filter(campaign=c, basis=basis)


def counts(user: Any, c: Campaign, u: OrgUnit | None = None, *, basis: str = "after") -> StructureCounts:
    """The unit's counts on ``basis``: the sum of its villages' summary rows (one query)."""
    u = _resolve(user, c, u, basis)
    return _sum(_rows(c, basis).filter(path__startswith=u.path))


# -- a unit's figures with its children --------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    unit: OrgUnit
    counts: StructureCounts
    values: dict[str, FigureValue]


@dataclass(frozen=True)
class WomanRow:
    """Committees of one type without a woman, with the legal basis (or ``none``)."""

    committee_type: str
    label: str
    count: int
    figure_key: str
    legal_basis: str


@dataclass(frozen=True)
class UnitFigures:
    campaign: Campaign
    unit: OrgUnit
    basis: str
    counts: StructureCounts
    values: dict[str, FigureValue]
    targets: list[TargetCheck]
    women: list[WomanRow]
    children: list[FigureRow] = field(default_factory=list)

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]

    @property
    def child_level(self) -> str:
        return _LEVEL_LABEL.get(self.children[0].unit.level, "") if self.children else ""


def _values(c: StructureCounts) -> dict[str, FigureValue]:
    return {d.key: figure_value(c, d.key) for d in FIGURES}


def _child_rows(c: Campaign, u: OrgUnit, basis: str) -> list[FigureRow]:
    column = _CHILD_COLUMN.get(len(u.path))
    if column is None:
        return []
    agg = (
        _rows(c, basis)
        .filter(path__startswith=u.path)
        .values(column)
        .annotate(**{f"s_{f}": Sum(f) for f in COUNT_COLUMNS})
        .order_by(column)
    )
    sums = {row[column]: {f: row[f"s_{f}"] for f in COUNT_COLUMNS} for row in agg}
    units = OrgUnit.objects.filter(path__in=list(sums)).order_by("path")
    out = []
    for child in units:
        counts_ = services.counts_from(sums[child.path])
        out.append(FigureRow(child, counts_, _values(counts_)))
    return out


def women_rows(c: Campaign, counts_: StructureCounts) -> list[WomanRow]:
    on = c.window_end
    return [
        WomanRow(code, label, int(getattr(counts_, key)), key, woman_rule(code, on))
        for (code, label), key in zip(
            COMMITTEE_TYPES,
            ("party_without_woman", "villagers_without_woman", "residents_without_woman"),
            strict=True,
        )
    ]


def figures(user: Any, c: Campaign, u: OrgUnit | None = None, *, basis: str = "after") -> UnitFigures:
    """The unit's figures on ``basis`` with one row per child unit (see the module docstring)."""
    u = _resolve(user, c, u, basis)
    children = _child_rows(c, u, basis)
    if children:  # the unit is the sum of its children (exact integers): no second aggregate
        total = StructureCounts()
        for row in children:
            total = total + row.counts
    else:
        total = _sum(_rows(c, basis).filter(path__startswith=u.path))
    return UnitFigures(
        campaign=c,
        unit=u,
        basis=basis,
        counts=total,
        values=_values(total),
        targets=target_checks(c, total),
        women=women_rows(c, total),
        children=children,
    )


@dataclass(frozen=True)
class Comparison:
    """Before / after / plan of one unit: ``bases`` in order, their UnitFigures (no children)."""

    campaign: Campaign
    unit: OrgUnit
    bases: list[str]
    figures: dict[str, UnitFigures]

    def target_rows(self) -> list[tuple[TargetCheck, list[TargetCheck]]]:
        """Per target: (the after check, the check on every basis in ``bases`` order)."""
        first = self.figures[self.bases[0]].targets
        return [(t, [self.figures[b].targets[i] for b in self.bases]) for i, t in enumerate(first)]

    def figure_rows(self) -> list[tuple[FigureDef, list[FigureValue]]]:
        return [(d, [self.figures[b].values[d.key] for b in self.bases]) for d in FIGURES]

    def target_cells(self) -> list[tuple[TargetCheck, list[tuple[str, TargetCheck]]]]:
        """As target_rows, each check with its basis (for links)."""
        return [(first, list(zip(self.bases, checks, strict=True))) for first, checks in self.target_rows()]

    def figure_cells(self) -> list[tuple[FigureDef, list[tuple[str, FigureValue]]]]:
        """As figure_rows, each value with its basis (for links)."""
        return [(d, list(zip(self.bases, values, strict=True))) for d, values in self.figure_rows()]


def comparison(user: Any, c: Campaign, u: OrgUnit | None = None) -> Comparison:
    u = _resolve(user, c, u, "after")
    bases = ["before", "after"] + (["plan"] if may_see_plan(user, u) else [])
    targets = _targets(c)
    out: dict[str, UnitFigures] = {}
    agg = (
        StructureSummary.objects.filter(campaign=c, basis__in=bases, path__startswith=u.path)
        .values("basis")
        .annotate(**{f"s_{f}": Sum(f) for f in COUNT_COLUMNS})
        .order_by("basis")
    )
    sums = {row["basis"]: {f: row[f"s_{f}"] for f in COUNT_COLUMNS} for row in agg}
    for b in bases:
        total = services.counts_from(sums.get(b, {}))
        out[b] = UnitFigures(c, u, b, total, _values(total), _checks(targets, total), women_rows(c, total))
    return Comparison(c, u, bases, out)


# -- drill-down ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VillageRow:
    unit: OrgUnit
    counts: StructureCounts
    value: FigureValue


@dataclass(frozen=True)
class PersonRow:
    """A member behind a figure (what the person register shows: name, sex, age, education …)."""

    unit: OrgUnit
    person_id: int
    name: str
    sex: str
    age: int
    age_band: str
    education: str
    party_member: bool
    posts: str
    source: str
    new: bool | None


@dataclass(frozen=True)
class Drilldown:
    """What is behind ``figure`` at ``unit``: ``kind`` ``children`` (rows one level down: follow
    them), ``villages`` or ``persons``; ``persons_hidden`` when the user may not see the register."""

    campaign: Campaign
    unit: OrgUnit
    basis: str
    figure: FigureDef
    without: bool
    kind: str
    children: list[FigureRow] = field(default_factory=list)
    villages: list[VillageRow] = field(default_factory=list)
    persons: list[PersonRow] = field(default_factory=list)
    persons_hidden: bool = False


def _village_match(d: FigureDef, c: StructureCounts, without: bool) -> bool:
    if d.key == "age_change":
        has = c.baseline_members > 0
        return has if not without else (c.members > 0 and not has)
    if d.key == "units":
        return not without
    if d.key == "reporting":  # without: the villages still pending (no new term yet)
        return (c.members == 0) if without else c.members > 0
    part = _part(c, d.part)
    if without:
        whole = _part(c, d.whole) if d.whole else (c.villages + c.communities)
        return whole > 0 and part == 0
    return part > 0


def _person_match(d: FigureDef, m: Any, new: bool | None, on: Any, reporting_kind: str) -> bool:
    key = d.key
    posts_sides = {k for k, _ in m.posts}
    if key in ("members", "average_age"):
        return True
    if key == "party_committee":
        return "party" in posts_sides
    if key == "villager_committee":
        return "committee" in posts_sides
    if key.startswith("band_"):
        return age_band(age_on(m.birth_date, on)) == d.part[5:]
    if key.startswith("edu_"):
        return m.education == d.part[4:]
    if key == "college":
        return education_at_least(m.education, "大专")
    if key == "college_new":
        return bool(new) and education_at_least(m.education, "大专")
    if key == "women":
        return m.sex == "F"
    if key == "party_members":
        return m.is_party_member
    if key == "cross_serving":
        return posts_sides >= {"party", "committee"}
    if key == "new_members":
        return bool(new)
    if key == "reelected":
        return new is False
    if key.startswith("src_"):
        return m.source == d.part[4:]
    return True


def drilldown(
    user: Any, c: Campaign, u: OrgUnit, figure_key: str, *, basis: str = "after", without: bool = False
) -> Drilldown:
    """What is behind ``figure_key`` at ``u`` (see the module docstring)."""
    d = FIGURE_BY_KEY.get(figure_key)
    if d is None:
        raise Http404("指标无效")
    u = _resolve(user, c, u, basis)
    if len(u.path) < 9:
        return Drilldown(c, u, basis, d, without, "children", children=_child_rows(c, u, basis))
    if d.drill == "persons" and u.is_leaf:
        if not can(user, "people.view", u.path):
            return Drilldown(c, u, basis, d, without, "persons", persons_hidden=True)
        return Drilldown(c, u, basis, d, without, "persons", persons=_persons(c, u, d, basis, without))
    rows = _rows(c, basis).filter(path__startswith=u.path).select_related("unit").order_by("path")
    villages = []
    for r in rows:
        counts_ = services.counts_from({f: getattr(r, f) for f in COUNT_COLUMNS})
        if d.drill == "villages":
            keep = _village_match(d, counts_, without)
        else:  # a person figure at a town: the reporting villages, each opening its persons
            keep = counts_.members > 0 and (without or _part(counts_, d.part or "members") > 0)
        if keep:
            villages.append(VillageRow(r.unit, counts_, figure_value(counts_, d.key)))
    return Drilldown(c, u, basis, d, without, "villages", villages=villages)


def _persons(c: Campaign, u: OrgUnit, d: FigureDef, basis: str, without: bool) -> list[PersonRow]:
    defs = compute.definitions(c)
    m = compute.members_of(c, u, basis, defs)
    if not m.reporting or m.on is None:
        return []
    baseline_keys = {b.person_key for b in m.baseline} if m.baseline is not None else None
    out = []
    source_labels = dict(Source.choices) | {"unknown": "未登记"}
    for member in sorted(m.members, key=lambda x: m.persons[x.person_key].name):
        if m.new_keys is not None:
            new: bool | None = member.person_key in m.new_keys
        elif baseline_keys is not None:
            new = member.person_key not in baseline_keys
        else:
            new = None
        if _person_match(d, member, new, m.on, compute.kind_of(u)) == without:
            continue
        p = m.persons[member.person_key]
        age = age_on(member.birth_date, m.on)
        out.append(
            PersonRow(
                unit=u,
                person_id=p.pk,
                name=p.name,
                sex=p.get_sex_display(),
                age=age,
                age_band=age_band(age),
                education=member.education,
                party_member=member.is_party_member,
                posts="、".join(
                    sorted(
                        f"{'党组织' if k == 'party' else '村（居）委会'}{post}" for k, post in member.posts
                    )
                ),
                source=source_labels.get(member.source, member.source or "—"),
                new=new,
            )
        )
    return out
