"""The reporting tables of the statistics app (issue 15 req. 4): which jurisdictions a user may print,
the rows each table (tables_kinds) prints through its layout, for the campaign the structure pages
show (structure_selectors.current_campaign).

Every structure figure comes from huanjie.stats.structure_selectors (req. 7: one selector per figure;
the new term's members, ``after`` basis, persons counted once across both committees), read per child
unit in one query; the tables add only the administrative counts (villages and communities) and the
progress of the 村（居）委会 elections. Figures are counts that add up: a county's row is the exact sum
of its towns' rows, a town's the sum of its villages' (the test checks it at every level). Averages
are computed from the summed ages and members, never averaged averages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q
from django.http import Http404

from huanjie.core.scoping import path_q, scope_paths
from huanjie.elections.choices import Body, Kind
from huanjie.elections.models import ResultRound
from huanjie.org.models import Level, OrgUnit
from huanjie.people.choices import CommitteeKind, Education, Post, Source
from huanjie.people.models import Tenure
from huanjie.rules import registry
from huanjie.rules.dates import age_on
from huanjie.rules.structure import StructureCounts
from huanjie.stats import structure_compute, structure_selectors, structure_services
from huanjie.stats.capabilities import StatsCap
from huanjie.stats.models import StructureSummary
from huanjie.stats.tables_kinds import COUNT_KEYS, SOURCE_KEYS

TOTAL_LEVELS = (Level.CITY, Level.COUNTY, Level.TOWN)
"""The levels a table is printed for: one row per unit of the level below (a town: its villages)."""
SELF_GOVERNMENT = (CommitteeKind.VILLAGERS, CommitteeKind.RESIDENTS)
_SECONDARY_OR_ABOVE = frozenset(
    e.value for e in Education if registry.education_at_least(e.value, Education.SECONDARY.value)
)
_COLLEGE_OR_ABOVE = frozenset(
    e.value for e in Education if registry.education_at_least(e.value, Education.JUNIOR_COLLEGE.value)
)
_BELOW_SECONDARY = "初中及以下"
_UNDER_35, _OVER_60 = "35岁及以下", "60岁以上"


def one_decimal(value: Fraction) -> Decimal:
    """``value`` rounded half up to one decimal (figures are exact fractions, shown to one decimal)."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The counts of a set of villages and communities (``COUNT_KEYS`` and ``SOURCE_KEYS``) and the sum
    of the members' ages, from which the average age is exact at every level."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys([*COUNT_KEYS, *SOURCE_KEYS], 0))
    age_sum: int = 0

    @classmethod
    def of(cls, c: StructureCounts) -> Figures:
        """The structure counts of the structure selectors in the tables' keys."""
        f = cls()
        k = f.counts
        k["reporting"] = c.villages + c.communities
        for name in ("members", "party_committee", "villager_committee", "cross_serving", "women"):
            k[name] = int(getattr(c, name))
        k["party_members"] = c.party_members
        k["new_members"], k["reelected"] = c.new_members, c.reelected
        k["one_shoulder"] = c.villages_one_shoulder + c.communities_one_shoulder
        k["under_35"] = int(c.age_bands.get(_UNDER_35, 0))
        k["over_60"] = int(c.age_bands.get(_OVER_60, 0))
        k["college_or_above"] = c.college
        k["high_school_or_above"] = sum(n for level, n in c.education.items() if level != _BELOW_SECONDARY)
        for code, n in c.sources.items():
            key = f"source_{code}"
            k[key if key in SOURCE_KEYS else "source_other"] += int(n)
        f.age_sum = c.age_sum
        return f

    def add(self, other: Figures) -> None:
        for k, v in other.counts.items():
            self.counts[k] += v
        self.age_sum += other.age_sum

    @property
    def average_age(self) -> Fraction | None:
        members = self.counts["members"]
        return Fraction(self.age_sum, members) if members else None

    def row(self, unit_name: str) -> dict[str, Any]:
        avg = self.average_age
        return {"unit": unit_name, **self.counts, "average_age": None if avg is None else one_decimal(avg)}


# ---------------------------------------------------------------------------------------------
# Jurisdictions


def jurisdictions(user: Any) -> list[OrgUnit]:
    """The cities, counties and towns of the user's jurisdiction for the reporting tables, in code
    order (a table is printed for any of them)."""
    paths = scope_paths(user, StatsCap.EXPORT)
    if not paths:
        return []
    return list(
        OrgUnit.objects.filter(path_q("path", paths), level__in=TOTAL_LEVELS, is_active=True).order_by("path")
    )


def jurisdiction(user: Any, code: str) -> OrgUnit:
    """The city, county or town ``code`` if the user may print its tables; otherwise 404."""
    paths = scope_paths(user, StatsCap.EXPORT)
    unit = OrgUnit.objects.filter(code=code, level__in=TOTAL_LEVELS, is_active=True).first()
    if unit is None or not paths or not unit.path.startswith(tuple(paths)):
        raise Http404("未找到该单位，或不在您的管辖范围内")
    return unit


def default_jurisdiction(user: Any) -> OrgUnit | None:
    units = jurisdictions(user)
    return units[0] if units else None


def campaign_of(user: Any, unit: OrgUnit) -> Any:
    """The campaign the figures are for: the newest of the unit's city (as the structure pages)."""
    for c in structure_selectors.campaigns(user):
        if c.city.path == unit.path[:4]:
            return c
    return None


# ---------------------------------------------------------------------------------------------
# Figures: the structure selectors' counts per child unit, the units and the elections


def _election_counts(path: str, campaign: Any) -> dict[str, dict[str, int]]:
    """Per village or community under ``path``: its 村（居）委会 换届选举 in ``campaign``
    (``elections``), those with a certified result (``elections_done``), done without 另行选举
    (``one_time``) and with one (``supplementary``)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    if campaign is None:
        return out
    from huanjie.elections.models import Election

    elections = dict(
        Election.objects.filter(
            campaign=campaign, unit__path__startswith=path, body=Body.COMMITTEE, kind=Kind.REGULAR
        ).values_list("pk", "unit__path")
    )
    rounds: dict[int, list[str]] = defaultdict(list)
    for election_id, kind in ResultRound.objects.filter(
        election_id__in=list(elections), state="certified"
    ).values_list("election_id", "kind"):
        rounds[election_id].append(kind)
    for pk, unit_path in elections.items():
        row = out[unit_path]
        row["elections"] = row.get("elections", 0) + 1
        kinds = rounds.get(pk)
        if kinds:
            row["elections_done"] = row.get("elections_done", 0) + 1
            done = "supplementary" if "supplementary" in kinds else "one_time"
            row[done] = row.get(done, 0) + 1
    return out


def _leaf_units(path: str) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(path__startswith=path, level__in=OrgUnit.LEAF_LEVELS, is_active=True)
        .select_related("parent")
        .order_by("path")
    )


@dataclass(frozen=True)
class Part:
    """One row of a table: a unit of the level below the jurisdiction and its summed figures."""

    unit: OrgUnit
    figures: Figures


def parts(user: Any, unit: OrgUnit) -> tuple[list[Part], Figures]:
    """One part per active child unit of ``unit`` (a town's: its villages and communities): the
    structure selectors' counts of the child (new term), its villages and communities and its
    elections; and the jurisdiction's total, the sum of the parts."""
    campaign = campaign_of(user, unit)
    children = list(
        OrgUnit.objects.filter(parent=unit, is_active=True).select_related("parent").order_by("path")
    )
    structure: dict[str, StructureCounts] = {}
    if campaign is not None:
        rows = structure_selectors.figures(user, campaign, unit, basis="after").children
        structure = {r.unit.path: r.counts for r in rows}
    sums = {c.path: Figures.of(structure.get(c.path, StructureCounts())) for c in children}
    lengths = sorted({len(c.path) for c in children})
    elections = _election_counts(unit.path, campaign)
    for leaf in _leaf_units(unit.path):
        target = next((sums[leaf.path[:n]] for n in lengths if leaf.path[:n] in sums), None)
        if target is None:
            continue
        target.counts["units"] += 1
        target.counts["villages" if leaf.level == Level.VILLAGE else "communities"] += 1
        for k, v in elections.get(leaf.path, {}).items():
            target.counts[k] += v
    total = Figures()
    for f in sums.values():
        total.add(f)
    return [Part(c, sums[c.path]) for c in children], total


def summary_rows(user: Any, unit: OrgUnit) -> list[dict[str, Any]]:
    """换届选举情况统计表: one row per unit of the level below."""
    rows, _total = parts(user, unit)
    return [p.figures.row(p.unit.name) for p in rows]


def sources_rows(user: Any, unit: OrgUnit) -> list[dict[str, Any]]:
    """两委成员来源统计表: one row per unit of the level below (persons, by the source of their tenure)."""
    rows, _total = parts(user, unit)
    return [
        {"unit": p.unit.name, "members": p.figures.counts["members"]}
        | {k: p.figures.counts[k] for k in SOURCE_KEYS}
        for p in rows
    ]


# ---------------------------------------------------------------------------------------------
# Tables that name persons (花名册, 村委会班子成员情况): the new term's members of every reporting
# village as the structure figures count them (structure_compute.after_members), only the persons
# the person register lets the reader see; the export is audited by core.layouts.layout_response.

_HEAD = {"party": "书记", "committee": "主任"}


@dataclass(frozen=True)
class NewTerm:
    unit: OrgUnit
    members: structure_compute.Members
    tenures: list[Tenure]
    visible: set[int]


def new_terms(user: Any, unit: OrgUnit) -> Iterator[NewTerm]:
    """Each village and community under ``unit`` that has elected its new term in the campaign, with
    its members on the structure figures' definition (two queries for all of them)."""
    campaign = campaign_of(user, unit)
    if campaign is None:
        return
    d = structure_compute.definitions(campaign)
    # Only the villages whose summary row counts a new term (kept fresh by structure_services) have
    # their tenures read: a city's tables do not load every tenure of 20,000 villages.
    structure_services.ensure_current(campaign)
    reporting = set(
        StructureSummary.objects.filter(campaign=campaign, basis="after", path__startswith=unit.path)
        .filter(Q(members__gt=0) | Q(villages__gt=0) | Q(communities__gt=0))
        .values_list("unit_id", flat=True)
    )
    leaves = [leaf for leaf in _leaf_units(unit.path) if leaf.pk in reporting]
    by_unit = structure_compute.tenures_by_unit(leaves, d)
    visible = set(
        Tenure.objects.visible_to(user)
        .filter(committee__org_unit__path__startswith=unit.path, end_date__isnull=True)
        .values_list("person_id", flat=True)
    )
    for leaf in leaves:
        ts = by_unit.get(leaf.pk, [])
        m = structure_compute.after_members(d, ts)
        if m.reporting:
            yield NewTerm(leaf, m, ts, visible)


def _month(d: dt.date | None) -> str:
    return f"{d:%Y.%m}" if d else ""


def _roles(posts: Any) -> frozenset[str]:
    return frozenset(registry.roles_held((side, label == _HEAD[side]) for side, label in posts))


def _labels(posts: Any, side: str) -> str:
    order = ("书记", "副书记", "主任", "副主任", "委员")
    labels = sorted(
        (label for s, label in posts if s == side), key=lambda x: order.index(x) if x in order else 9
    )
    return "、".join(labels)


def _education(person: Any) -> str:
    e = person.highest_education
    return str(Education(e).label) if e else ""


def roster_rows(user: Any, unit: OrgUnit, on: dt.date) -> Iterator[dict[str, Any]]:
    """班子成员基本情况表（花名册）: one row per member of the new “两委” of every village and community
    under ``unit`` (both posts on one row), in code order; ages on ``on`` from 出生年月."""
    source_labels = dict(Source.choices)
    for term in new_terms(user, unit):
        for member in sorted(term.members.members, key=lambda x: int(x.person_key)):
            pid = int(member.person_key)
            if pid not in term.visible:
                continue
            p = term.members.persons[member.person_key]
            own = [t for t in term.tenures if t.person_id == pid and t.end_date is None]
            held = _roles(member.posts)
            yield {
                "town": term.unit.parent.name if term.unit.parent is not None else "",
                "unit": term.unit.name,
                "name": p.name,
                "sex": p.get_sex_display(),
                "ethnicity": p.ethnicity,
                "birth_month": _month(p.birth_date),
                "age": age_on(p.birth_date.replace(day=1), on),
                "political_status": p.get_political_status_display(),
                "party_join": _month(p.party_join_date),
                "education": _education(p),
                "party_post": _labels(member.posts, "party"),
                "committee_post": _labels(member.posts, "committee"),
                "one_shoulder": "是" if "dual_role" in held else "",
                "cross_serving": "是" if "cross_holding" in held else "",
                "start_date": min((t.start_date for t in own), default=None),
                "term_number": max((t.term_number for t in own), default=None),
                "source": source_labels.get(member.source, ""),
            }


def committee_rows(user: Any, unit: OrgUnit, on: dt.date) -> Iterator[dict[str, Any]]:
    """村（居）委会换届后班子成员情况统计表 (official-forms §1.3): one row per village or community that
    elected its new term, with its 村（居）委会 members' counts (ages on the new term's start, as the
    structure figures) and its chair."""
    for term in new_terms(user, unit):
        m = term.members
        committee = [x for x in m.members if any(side == "committee" for side, _ in x.posts)]
        shown = [x for x in committee if int(x.person_key) in term.visible]
        ages = [age_on(x.birth_date, m.on) for x in committee] if m.on else []
        educations = [m.persons[x.person_key].highest_education for x in committee]
        chair = next((x for x in shown if ("committee", "主任") in x.posts), None)
        cp = m.persons[chair.person_key] if chair is not None else None
        chair_tenure = next(
            (
                t
                for t in term.tenures
                if cp is not None and t.person_id == cp.pk and t.post == Post.CHAIR and t.end_date is None
            ),
            None,
        )
        yield {
            "town": term.unit.parent.name if term.unit.parent is not None else "",
            "unit": term.unit.name,
            "c_members": len(committee),
            "c_women": sum(1 for x in committee if x.sex == "F"),
            "c_average_age": one_decimal(Fraction(sum(ages), len(ages))) if ages else None,
            "c_college": sum(1 for e in educations if e in _COLLEGE_OR_ABOVE),
            "c_secondary": sum(
                1 for e in educations if e in _SECONDARY_OR_ABOVE and e not in _COLLEGE_OR_ABOVE
            ),
            "c_junior": sum(1 for e in educations if e not in _SECONDARY_OR_ABOVE),
            "c_party_members": sum(1 for x in committee if x.is_party_member),
            "c_cross_serving": sum(1 for x in committee if "cross_holding" in _roles(x.posts)),
            "chair_name": cp.name if cp else "",
            "chair_sex": cp.get_sex_display() if cp else "",
            "chair_birth_month": _month(cp.birth_date) if cp else "",
            "chair_party_join": _month(cp.party_join_date) if cp else "",
            "chair_education": _education(cp) if cp else "",
            "chair_start": chair_tenure.start_date if chair_tenure else None,
            "one_shoulder": "是" if any("dual_role" in _roles(x.posts) for x in m.members) else "否",
        }


# ---------------------------------------------------------------------------------------------
# The page listing every reporting table (the statistics app's and the vetting app's)


PROVIDERS = {
    "stats_election_summary": lambda user, unit, on: summary_rows(user, unit),
    "stats_sources": lambda user, unit, on: sources_rows(user, unit),
    "stats_committee_structure": committee_rows,
    "stats_roster": roster_rows,
}
"""Table code → rows(user, unit, on)."""


def table_kind(code: str) -> Any:
    """The statistics table ``code`` (404 for any other)."""
    from huanjie.stats.tables_kinds import KINDS

    for kind in KINDS:
        if kind.code == code:
            return kind
    raise Http404("没有这种报表")


@dataclass(frozen=True)
class TableLink:
    label: str
    title: str
    url: str
    note: str = ""
    personal: bool = False
    source: str = "default"


def table_links(user: Any, unit: OrgUnit) -> list[TableLink]:
    """Every reporting table the user may download for ``unit``: the statistics tables, then the vetting
    app's (人选情况表 for the whole jurisdiction, 联审汇总表 per batch on its page, 四必谈台账 and
    承诺书签订情况 per town), each with the title of the layout in force in the city."""
    from django.urls import reverse

    from huanjie.core.layouts import layout_for
    from huanjie.core.scoping import can
    from huanjie.stats.tables_kinds import COMMITTEE_KIND, KINDS, ROSTER_KIND
    from huanjie.vetting.capabilities import VettingCap
    from huanjie.vetting.layout_kinds import CANDIDATES_KIND, PLEDGES_KIND, REVIEW_KIND, TALKS_KIND

    city = unit.path[:4]
    out = []
    for kind in KINDS:
        layout = layout_for(kind.code, city)
        out.append(
            TableLink(
                kind.label,
                layout.title,
                reverse("stats_tables:download", args=[kind.code, unit.code]),
                personal=kind in (ROSTER_KIND, COMMITTEE_KIND),
                source=layout.source,
            )
        )

    def vetting(kind: Any, url: str, note: str = "", personal: bool = True) -> None:
        layout = layout_for(kind.code, city)
        out.append(TableLink(kind.label, layout.title, url, note, personal, layout.source))

    if can(user, VettingCap.VIEW, unit.path):
        vetting(CANDIDATES_KIND, reverse("vetting:candidates_xlsx"), "您管辖范围内的全部人选")
    if can(user, VettingCap.REVIEW, unit.path):
        vetting(REVIEW_KIND, reverse("vetting:review_index"), "按联审批次在批次页面下载")
    if unit.level == Level.TOWN:
        if can(user, VettingCap.CONFIDENTIAL, unit.path):
            vetting(TALKS_KIND, reverse("vetting:talk_export", args=[unit.code]))
        if can(user, VettingCap.VIEW, unit.path):
            vetting(PLEDGES_KIND, reverse("vetting:pledge_export", args=[unit.code]))
    elif can(user, VettingCap.VIEW, unit.path):
        vetting(PLEDGES_KIND, reverse("vetting:pledge_rollup"), "按乡镇（街道）在签订情况页面下载")
    return out
