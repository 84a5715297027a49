"""The reporting tables of the statistics app (issue 15 req. 4): which jurisdictions a user may print,
the figures of every village and community, summed up to the town, county and city, and the rows
each table (tables_kinds) prints through its layout.

Figures are counts that add up: a county's row is the exact sum of its towns' rows, a town's the sum
of its villages' (the test checks it at every level). Averages are computed from the summed ages and
members, never averaged averages. The structure of one unit's two committees is
huanjie.rules.structure over people.adapters.member_inputs (persons counted once across both
committees, ages from 出生年月 as on the village page, people.selectors.unit_structure).
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
from huanjie.people import adapters
from huanjie.people.choices import CommitteeKind, Education, Post, Source
from huanjie.people.models import Tenure
from huanjie.rules import registry
from huanjie.rules.dates import age_on
from huanjie.rules.structure import structure_stats
from huanjie.stats.capabilities import StatsCap
from huanjie.stats.tables_kinds import COUNT_KEYS, SOURCE_KEYS

TOTAL_LEVELS = (Level.CITY, Level.COUNTY, Level.TOWN)
"""The levels a table is printed for: one row per unit of the level below (a town: its villages)."""
SELF_GOVERNMENT = (CommitteeKind.VILLAGERS, CommitteeKind.RESIDENTS)
_SOURCE_KEY = {str(s.label): f"source_{s.value}" for s in Source} | {"未填": "source_blank"}
_SECONDARY_OR_ABOVE = frozenset(
    e.value for e in Education if registry.education_at_least(e.value, Education.SECONDARY.value)
)
_COLLEGE_OR_ABOVE = frozenset(
    e.value for e in Education if registry.education_at_least(e.value, Education.JUNIOR_COLLEGE.value)
)


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


# ---------------------------------------------------------------------------------------------
# Figures of every village and community


def serving(path: str, on: dt.date) -> list[Tenure]:
    """Tenures on the two committees (“两委”) of every village and community under ``path`` serving on
    ``on`` (started, not ended), persons and committees loaded: one query."""
    return list(
        Tenure.objects.filter(
            committee__org_unit__path__startswith=path,
            committee__kind__in=adapters.TWO_COMMITTEES,
            start_date__lte=on,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .select_related("person", "committee__org_unit")
        .order_by("committee__org_unit__path", "person_id", "pk")
    )


def _month_only(tenures: list[Tenure]) -> None:
    """Ages from 出生年月 only, as on the village page (people.selectors.unit_structure): unsaved copies."""
    for t in tenures:
        t.person.birth_date = t.person.birth_date.replace(day=1)


def leaf_figures(tenures: list[Tenure], on: dt.date) -> Figures:
    """The structure figures of one village's or community's serving tenures (rules.structure)."""
    f = Figures()
    members, _missing = adapters.member_inputs(tenures)
    if not members:
        return f
    s = structure_stats(members, on)
    c = f.counts
    c["members"] = s.total
    c["party_committee"] = s.party_committee
    c["villager_committee"] = s.villager_committee
    c["one_shoulder"] = int(s.one_shoulder)
    c["cross_serving"] = s.cross_serving
    c["women"] = s.women
    c["party_members"] = s.party_members
    c["under_35"] = s.age_bands["35岁及以下"]
    c["over_60"] = s.age_bands["60岁以上"]
    c["college_or_above"] = s.college_or_above
    c["high_school_or_above"] = sum(n for level, n in s.education.items() if level not in ("初中及以下",))
    for label, n in s.sources.items():
        c[_SOURCE_KEY.get(label, "source_other")] += n
    f.age_sum = sum(age_on(m.birth_date, on) for m in members)
    return f


def _latest_campaign_id(path: str) -> int | None:
    from huanjie.planning.models import Campaign

    return (
        Campaign.objects.filter(state="published", city__path=path[:4])
        .order_by("-window_start", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def _election_counts(path: str) -> dict[str, dict[str, int]]:
    """Per village or community under ``path``: its 村（居）委会 换届选举 in the city's latest published
    campaign (``elections``), those with a certified result (``elections_done``), done without 另行选举
    (``one_time``) and with one (``supplementary``)."""
    campaign = _latest_campaign_id(path)
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(("elections", "elections_done"), 0))
    if campaign is None:
        return out
    from huanjie.elections.models import Election

    elections = dict(
        Election.objects.filter(
            campaign_id=campaign, unit__path__startswith=path, body=Body.COMMITTEE, kind=Kind.REGULAR
        ).values_list("pk", "unit__path")
    )
    rounds: dict[int, list[str]] = defaultdict(list)
    for election_id, kind in ResultRound.objects.filter(
        election_id__in=list(elections), state="certified"
    ).values_list("election_id", "kind"):
        rounds[election_id].append(kind)
    for pk, unit_path in elections.items():
        row = out[unit_path]
        row["elections"] += 1
        kinds = rounds.get(pk)
        if kinds:
            row["elections_done"] += 1
            if "supplementary" in kinds:
                row["supplementary"] = row.get("supplementary", 0) + 1
            else:
                row["one_time"] = row.get("one_time", 0) + 1
    return out


@dataclass(frozen=True)
class Leaf:
    unit: OrgUnit
    figures: Figures
    tenures: list[Tenure]


def leaves(path: str, on: dt.date) -> list[Leaf]:
    """Every active village and community under ``path`` with its figures on ``on`` (three queries and
    the count of elections)."""
    units = list(
        OrgUnit.objects.filter(path__startswith=path, level__in=OrgUnit.LEAF_LEVELS, is_active=True)
        .select_related("parent")
        .order_by("path")
    )
    by_unit: dict[int, list[Tenure]] = defaultdict(list)
    tenures = serving(path, on)
    _month_only(tenures)
    for t in tenures:
        by_unit[t.committee.org_unit_id].append(t)
    elections = _election_counts(path)
    out = []
    for u in units:
        f = leaf_figures(by_unit.get(u.pk, []), on)
        f.counts["units"] = 1
        f.counts["villages" if u.level == Level.VILLAGE else "communities"] = 1
        for k, v in elections.get(u.path, {}).items():
            f.counts[k] += v
        out.append(Leaf(u, f, by_unit.get(u.pk, [])))
    return out


@dataclass(frozen=True)
class Part:
    """One row of a table: a unit of the level below the jurisdiction and its summed figures."""

    unit: OrgUnit
    figures: Figures


def parts(unit: OrgUnit, on: dt.date) -> tuple[list[Part], Figures]:
    """One part per active child unit of ``unit`` (a town's: its villages and communities) with the sum
    of the villages below it, and the jurisdiction's total (the sum of the parts)."""
    children = list(OrgUnit.objects.filter(parent=unit, is_active=True).order_by("path"))
    sums = {c.path: Figures() for c in children}
    lengths = sorted({len(c.path) for c in children})
    for leaf in leaves(unit.path, on):
        for n in lengths:
            if leaf.unit.path[:n] in sums:
                sums[leaf.unit.path[:n]].add(leaf.figures)
                break
    total = Figures()
    for f in sums.values():
        total.add(f)
    return [Part(c, sums[c.path]) for c in children], total


def summary_rows(unit: OrgUnit, on: dt.date) -> list[dict[str, Any]]:
    """换届选举情况统计表: one row per unit of the level below."""
    rows, _total = parts(unit, on)
    return [p.figures.row(p.unit.name) for p in rows]


def sources_rows(unit: OrgUnit, on: dt.date) -> list[dict[str, Any]]:
    """两委成员来源统计表: one row per unit of the level below (persons, by the source of their tenure)."""
    rows, _total = parts(unit, on)
    return [
        {"unit": p.unit.name, "members": p.figures.counts["members"]}
        | {k: p.figures.counts[k] for k in SOURCE_KEYS}
        for p in rows
    ]


# ---------------------------------------------------------------------------------------------
# Tables that name persons (花名册, 村委会班子成员情况): only what the person register lets the reader
# see (Tenure.visible_to), the export audited by core.layouts.layout_response.


def _visible_tenure_ids(user: Any, path: str) -> set[int]:
    return set(
        Tenure.objects.visible_to(user)
        .filter(committee__org_unit__path__startswith=path)
        .values_list("pk", flat=True)
    )


def _month(d: dt.date | None) -> str:
    return f"{d:%Y.%m}" if d else ""


def _posts(ts: list[Tenure], kinds: tuple[str, ...]) -> str:
    return "、".join(str(Post(t.post).label) for t in ts if t.committee.kind in kinds)


def roster_rows(user: Any, unit: OrgUnit, on: dt.date) -> Iterator[dict[str, Any]]:
    """班子成员基本情况表（花名册）: one row per person serving on a village's or community's two
    committees under ``unit`` on ``on`` (both posts on one row), in code order."""
    visible = _visible_tenure_ids(user, unit.path)
    for leaf in leaves(unit.path, on):
        shown = [t for t in leaf.tenures if t.pk in visible]
        roles = adapters.derived_roles(shown)
        by_person: dict[int, list[Tenure]] = defaultdict(list)
        for t in shown:
            by_person[t.person_id].append(t)
        for pid, ts in by_person.items():
            p = ts[0].person
            held = roles.get(pid, frozenset())
            source = next((str(Source(t.source).label) for t in ts if t.source), "")
            education = p.highest_education
            yield {
                "town": leaf.unit.parent.name if leaf.unit.parent is not None else "",
                "unit": leaf.unit.name,
                "name": p.name,
                "sex": p.get_sex_display(),
                "ethnicity": p.ethnicity,
                "birth_month": _month(p.birth_date),
                "age": age_on(p.birth_date, on),
                "political_status": p.get_political_status_display(),
                "party_join": _month(p.party_join_date),
                "education": str(Education(education).label) if education else "",
                "party_post": _posts(ts, (CommitteeKind.PARTY_ORG,)),
                "committee_post": _posts(ts, SELF_GOVERNMENT),
                "one_shoulder": "是" if "dual_role" in held else "",
                "cross_serving": "是" if "cross_holding" in held else "",
                "start_date": min(t.start_date for t in ts),
                "term_number": max(t.term_number for t in ts),
                "source": source,
            }


def committee_rows(user: Any, unit: OrgUnit, on: dt.date) -> Iterator[dict[str, Any]]:
    """村（居）委会换届后班子成员情况统计表 (official-forms §1.3): one row per village or community with
    its 村（居）委会 members' counts and its chair."""
    visible = _visible_tenure_ids(user, unit.path)
    for leaf in leaves(unit.path, on):
        shown = [t for t in leaf.tenures if t.pk in visible]
        roles = adapters.derived_roles(shown)
        committee = [t for t in shown if t.committee.kind in SELF_GOVERNMENT]
        people = {t.person_id: t.person for t in committee}
        ages = [age_on(p.birth_date, on) for p in people.values()]
        educations = [p.highest_education for p in people.values()]
        chair = next((t for t in committee if t.post == Post.CHAIR), None)
        cp = chair.person if chair is not None else None
        education = cp.highest_education if cp is not None else ""
        yield {
            "town": leaf.unit.parent.name if leaf.unit.parent is not None else "",
            "unit": leaf.unit.name,
            "c_members": len(people),
            "c_women": sum(1 for p in people.values() if p.sex == "F"),
            "c_average_age": one_decimal(Fraction(sum(ages), len(ages))) if ages else None,
            "c_college": sum(1 for e in educations if e in _COLLEGE_OR_ABOVE),
            "c_secondary": sum(
                1 for e in educations if e in _SECONDARY_OR_ABOVE and e not in _COLLEGE_OR_ABOVE
            ),
            "c_junior": sum(1 for e in educations if e not in _SECONDARY_OR_ABOVE),
            "c_party_members": sum(1 for p in people.values() if adapters.is_party_member(p)),
            "c_cross_serving": sum(1 for pid in people if "cross_holding" in roles.get(pid, ())),
            "chair_name": cp.name if cp else "",
            "chair_sex": cp.get_sex_display() if cp else "",
            "chair_birth_month": _month(cp.birth_date) if cp else "",
            "chair_party_join": _month(cp.party_join_date) if cp else "",
            "chair_education": str(Education(education).label) if education else "",
            "chair_start": chair.start_date if chair else None,
            "one_shoulder": "是" if any("dual_role" in r for r in roles.values()) else "否",
        }


# ---------------------------------------------------------------------------------------------
# The page listing every reporting table (the statistics app's and the vetting app's)


PROVIDERS = {
    "stats_election_summary": lambda user, unit, on: summary_rows(unit, on),
    "stats_sources": lambda user, unit, on: sources_rows(unit, on),
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
