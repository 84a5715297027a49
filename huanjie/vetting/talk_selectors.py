"""Reads of the talks (四必谈): a town's or a village's ledger (四必谈台账) with coverage and overdue
talks, the roll-up by town for counties and the city, one talk. Confidential: every read needs
``vetting.confidential`` over the unit (404 otherwise)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning.models import Campaign
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.models import Talk
from huanjie.vetting.selectors import NOT_FOUND, PERSON_CHOICES_MAX, campaign_of
from huanjie.vetting.talk_services import LEAF_LEVELS, TOWN_PATH_LENGTH

CONF = "confidential"
TALK_UNIT_LEVELS = ("town", *LEAF_LEVELS)


@dataclass(frozen=True)
class Coverage:
    """Talks owed (not obsolete), held, and overdue (not held and past the deadline) on ``today``."""

    required: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def percent(self) -> str:
        return f"{self.done * 100 // self.required}%" if self.required else "—"

    @property
    def complete(self) -> bool:
        return self.done == self.required


def is_overdue(talk: Talk, today: dt.date) -> bool:
    """Overdue the day after the deadline: a talk due today is not yet overdue."""
    return talk.obsolete_on is None and talk.done_on is None and talk.due_on < today


def coverage_of(talks: list[Talk], today: dt.date) -> Coverage:
    live = [t for t in talks if t.obsolete_on is None]
    return Coverage(
        required=len(live),
        done=sum(1 for t in live if t.done_on is not None),
        overdue=sum(1 for t in live if is_overdue(t, today)),
    )


def may_talk(user: Any, unit: OrgUnit) -> bool:
    """May the user generate, flag and complete talks of this unit (its town's operators)?"""
    return can(user, VettingCap.EDIT, unit.path) and can(user, VettingCap.CONFIDENTIAL, unit.path)


def talk_unit(user: Any, code: str) -> OrgUnit:
    """A town, village or community inside the user's confidential jurisdiction (404 otherwise)."""
    paths = scope_paths(user, VettingCap.CONFIDENTIAL)
    unit = None
    if paths and code.isdigit():
        unit = OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=TALK_UNIT_LEVELS).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


@dataclass(frozen=True)
class Line:
    talk: Talk
    overdue: bool


@dataclass(frozen=True)
class VillageLine:
    unit: OrgUnit
    coverage: Coverage


@dataclass(frozen=True)
class Ledger:
    unit: OrgUnit
    campaign: Campaign | None
    is_town: bool
    lines: list[Line]
    coverage: Coverage
    villages: list[VillageLine]
    can_edit: bool
    show_obsolete: bool
    obsolete_count: int
    today: dt.date
    people: list[tuple[int, str]] = field(default_factory=list)


def ledger(user: Any, code: str, *, show_obsolete: bool = False) -> Ledger:
    """The 四必谈台账 of a town (every village's talks, coverage per village) or of one village (with
    the people the town may flag as wavering)."""
    unit = talk_unit(user, code)
    campaign = campaign_of(unit)
    today = workflow.today()
    talks: list[Talk] = []
    if campaign is not None:
        talks = list(
            Talk.objects.restrict(user, CONF)
            .filter(campaign=campaign, unit__path__startswith=unit.path)
            .select_related("unit", "person", "candidate")
            .order_by("unit__path", "obsolete_on", "done_on", "due_on", "pk")
        )
    is_town = unit.level == "town"
    villages: list[VillageLine] = []
    if is_town:
        leaves = OrgUnit.objects.filter(path__startswith=unit.path, level__in=LEAF_LEVELS, is_active=True)
        by_unit: dict[int, list[Talk]] = {}
        for t in talks:
            by_unit.setdefault(t.unit_id, []).append(t)
        villages = [
            VillageLine(v, coverage_of(by_unit.get(v.pk, []), today)) for v in leaves.order_by("path")
        ]
    editable = campaign is not None and may_talk(user, unit)
    people: list[tuple[int, str]] = []
    if editable and not is_town:
        people = [
            (p.pk, f"{p.name}（{p.id_masked}）")
            for p in Person.objects.filter(domicile_unit=unit).order_by("name", "pk")[:PERSON_CHOICES_MAX]
        ]
    shown = [t for t in talks if show_obsolete or t.obsolete_on is None]
    return Ledger(
        unit=unit,
        campaign=campaign,
        is_town=is_town,
        lines=[Line(t, is_overdue(t, today)) for t in shown],
        coverage=coverage_of(talks, today),
        villages=villages,
        can_edit=editable,
        show_obsolete=show_obsolete,
        obsolete_count=sum(1 for t in talks if t.obsolete_on is not None),
        today=today,
        people=people,
    )


def talk(user: Any, pk: int) -> Talk:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Talk.objects.select_related("unit", "person", "candidate", "campaign"), user, CONF, pk=pk
    )


@dataclass(frozen=True)
class TalkPage:
    talk: Talk
    overdue: bool
    can_complete: bool


def talk_page(user: Any, pk: int) -> TalkPage:
    t = talk(user, pk)
    open_ = t.obsolete_on is None and t.done_on is None
    return TalkPage(t, is_overdue(t, workflow.today()), open_ and may_talk(user, t.unit))


def unit_person(unit: OrgUnit, pk: int) -> Person:
    """A registered person of the village (the town flags people from the village's registry)."""
    found = Person.objects.filter(pk=pk, domicile_unit=unit).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@dataclass(frozen=True)
class TownLine:
    """One line of the roll-up: a town, or (the city's view) a county with its towns summed."""

    unit: OrgUnit
    county: OrgUnit | None
    coverage: Coverage
    is_county: bool = False

    @property
    def town(self) -> OrgUnit | None:
        return None if self.is_county else self.unit


@dataclass(frozen=True)
class Rollup:
    lines: list[TownLine]
    total: Coverage
    top: OrgUnit | None
    by_county: bool = False
    county: OrgUnit | None = None  # the county drilled into, from the city's view


COUNTY_PATH_LENGTH = 6


def rollup_county(user: Any, code: str) -> OrgUnit | None:
    """The county ``code`` when the user's jurisdiction holds it whole (a city drilling down), else
    None (an unknown or foreign code shows the usual roll-up)."""
    paths = scope_paths(user, VettingCap.CONFIDENTIAL)
    if not code.isdigit() or not any(len(p) < COUNTY_PATH_LENGTH for p in paths):
        return None
    found = OrgUnit.objects.filter(code=code, level="county").first()
    if found is None or not found.path.startswith(tuple(paths)):
        return None
    return found


def rollup(user: Any, *, county_code: str = "") -> Rollup:
    """Coverage and overdue talks over the user's confidential jurisdiction (the latest published
    campaign of each city), counted in SQL: by county for a city (``county_code``: the towns of one
    of its counties), by town for a county or a town — a fixed number of queries at any scope."""
    paths = scope_paths(user, VettingCap.CONFIDENTIAL)
    if not paths:
        return Rollup([], Coverage(), None)
    today = workflow.today()
    county = rollup_county(user, county_code) if county_code else None
    by_county = county is None and any(len(p) < COUNTY_PATH_LENGTH for p in paths)
    width = COUNTY_PATH_LENGTH if by_county else TOWN_PATH_LENGTH
    cities = OrgUnit.objects.filter(level="city", path__in={p[:4] for p in paths})
    campaigns = [c for c in (campaign_of(city) for city in cities) if c is not None]
    figures: dict[str, Coverage] = {}
    if campaigns:
        live = Q(obsolete_on__isnull=True)
        talks = Talk.objects.restrict(user, CONF).filter(campaign__in=campaigns)
        if county is not None:
            talks = talks.filter(unit__path__startswith=county.path)
        rows = (
            talks.annotate(part=Substr("unit__path", 1, width))
            .values("part")
            .annotate(
                required=Count("pk", filter=live),
                done=Count("pk", filter=live & Q(done_on__isnull=False)),
                overdue=Count("pk", filter=live & Q(done_on__isnull=True, due_on__lt=today)),
            )
        )
        figures = {r["part"]: Coverage(r["required"], r["done"], r["overdue"]) for r in rows}
    units = OrgUnit.objects.filter(path_q("path", paths), level="county" if by_county else "town")
    if county is not None:
        units = units.filter(path__startswith=county.path)
    shown = list(units.order_by("path"))
    counties = (
        {u.path: u for u in shown}
        if by_county
        else {
            u.path: u
            for u in OrgUnit.objects.filter(
                path__in={t.path[:COUNTY_PATH_LENGTH] for t in shown}, level="county"
            )
        }
    )
    lines = [
        TownLine(u, counties.get(u.path[:COUNTY_PATH_LENGTH]), figures.get(u.path, Coverage()), by_county)
        for u in shown
    ]
    total = Coverage(
        sum(ln.coverage.required for ln in lines),
        sum(ln.coverage.done for ln in lines),
        sum(ln.coverage.overdue for ln in lines),
    )
    tops = sorted(paths, key=len)
    top = OrgUnit.objects.filter(path=tops[0]).first()
    return Rollup(lines, total, top, by_county, county)


# ---------------------------------------------------------------------------------------------
# The home page's to-do (core.plugins.todo_providers)


@dataclass(frozen=True)
class TalkTodo:
    label: str
    url: str
    due: dt.date | None
    overdue: bool


TODO_TOWNS_MAX = 5


def talk_todos(user: Any) -> list[TalkTodo]:
    """For a town that holds the talks: the talks owed and not yet held, with the earliest deadline
    (overdue past it). What is stored counts: the ledger regenerates when the town opens it."""
    conf = scope_paths(user, VettingCap.CONFIDENTIAL)
    towns = [
        p
        for p in scope_paths(user, VettingCap.EDIT)
        if len(p) == TOWN_PATH_LENGTH and p.startswith(tuple(conf))
    ]
    out: list[TalkTodo] = []
    today = workflow.today()
    for town in OrgUnit.objects.filter(path__in=towns, level="town").order_by("path")[:TODO_TOWNS_MAX]:
        campaign = campaign_of(town)
        if campaign is None:
            continue
        figures = (
            Talk.objects.restrict(user, CONF)
            .filter(
                campaign=campaign,
                unit__path__startswith=town.path,
                obsolete_on__isnull=True,
                done_on__isnull=True,
            )
            .aggregate(open=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)), first=Min("due_on"))
        )
        if figures["open"]:
            late = f"，其中 {figures['late']} 项逾期" if figures["late"] else ""
            out.append(
                TalkTodo(
                    f"{town.name}：四必谈尚有 {figures['open']} 项未谈{late}",
                    reverse("vetting:talk_ledger", args=[town.code]),
                    figures["first"],
                    bool(figures["late"]),
                )
            )
    return out
