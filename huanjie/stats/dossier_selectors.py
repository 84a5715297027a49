"""Reads of the per-village dossier (村级换届档案, issue 15 req. 5): for each village or community of
a jurisdiction, its committees before and after the campaign, the procedure recorded for each of
its elections, the results of every round and the handover.

“Before” is the committees as they stood when the campaign's window opened (tenures held on
``window_start``); “after” is as they stand on the day printed (tenures held then, started on or
after the window opened marked 新任 unless the person served before). The dossier only reports what
the registers hold: an election with no recorded step or result prints “未登记”.

Everything for a batch of villages is read in a fixed number of queries (:func:`dossiers`), so a
whole city's 2,600 dossiers are gathered in a few statements, never one query per village.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404

from huanjie.core.scoping import path_q, scope_paths
from huanjie.elections.models import Election, ElectionStep, Handover, ResultRound
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.people.models import Tenure
from huanjie.planning.models import Campaign
from huanjie.stats.capabilities import StatsCap

NOT_FOUND = "未找到，或不在您的管辖范围内"
CHUNK = 500  # villages read together (keeps each IN list and the memory of one batch small)
POST_ORDER = ("secretary", "deputy_secretary", "party_member", "chair", "vice_chair", "member")


def campaign_for(unit: OrgUnit) -> Campaign | None:
    """The latest published campaign of the unit's city (the one its dossier reports)."""
    return (
        Campaign.objects.filter(state="published", city__path=unit.path[:4])
        .order_by("-window_start", "-pk")
        .first()
    )


def report_unit(user: Any, code: str) -> OrgUnit:
    """A unit (city down to village) inside the user's statistics jurisdiction; 404 otherwise."""
    paths = scope_paths(user, StatsCap.EXPORT)
    unit = None
    if paths and code.isdigit():
        unit = OrgUnit.objects.filter(path_q("path", paths), code=code, is_active=True).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


def units_in_scope(user: Any) -> list[OrgUnit]:
    """The top units of the user's jurisdiction (where the report page starts)."""
    paths = scope_paths(user, StatsCap.EXPORT)
    if not paths:
        return []
    return list(OrgUnit.objects.filter(path__in=paths, is_active=True).order_by("path"))


def villages_under(unit: OrgUnit) -> list[OrgUnit]:
    """The active villages and communities under ``unit`` (the unit itself when it is one)."""
    return list(
        OrgUnit.objects.filter(path__startswith=unit.path, level__in=LEAF_LEVELS, is_active=True)
        .select_related("parent__parent")
        .order_by("path")
    )


@dataclass(frozen=True)
class Member:
    committee: str
    post: str
    name: str
    sex: str
    age: int | None
    education: str
    party: str
    new: bool = False

    def row(self) -> list[str]:
        age = "" if self.age is None else str(self.age)
        return [self.committee, self.post, self.name, self.sex, age, self.education, self.party]


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _member(t: Tenure, on: dt.date, *, new: bool = False) -> Member:
    p = t.person
    return Member(
        t.committee.get_kind_display(),
        t.get_post_display(),
        p.name,
        p.get_sex_display(),
        _age(p.birth_date, on) if p.birth_date else None,
        p.get_education_display() if p.education else "",
        p.get_political_status_display(),
        new,
    )


def _order(t: Tenure) -> tuple[str, int, str]:
    post = POST_ORDER.index(t.post) if t.post in POST_ORDER else len(POST_ORDER)
    return (str(t.committee.kind), post, t.person.name)


def _elected_text(r: ResultRound) -> str:
    parts = [f"{label}：{'、'.join(names)}" for label, names in (r.announced or {}).items() if names]
    return "；".join(parts) if parts else "无人当选"


def _dossiers_of(chunk: list[OrgUnit], campaign: Campaign, on: dt.date) -> Iterator[dict[str, Any]]:
    ids = [u.pk for u in chunk]
    start = campaign.window_start
    tenures: dict[int, list[Tenure]] = defaultdict(list)
    for t in (
        Tenure.objects.filter(committee__org_unit_id__in=ids)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .filter(start_date__lte=on)
        .select_related("person", "committee")
    ):
        tenures[t.committee.org_unit_id].append(t)
    elections: dict[int, list[Election]] = defaultdict(list)
    by_pk: dict[int, Election] = {}
    for e in Election.objects.filter(campaign=campaign, unit_id__in=ids).order_by("election_day", "pk"):
        elections[e.unit_id].append(e)
        by_pk[e.pk] = e
    steps: dict[int, list[ElectionStep]] = defaultdict(list)
    for s in ElectionStep.objects.filter(election_id__in=by_pk).order_by("done_on", "pk"):
        steps[s.election_id].append(s)
    rounds: dict[int, list[ResultRound]] = defaultdict(list)
    for r in ResultRound.objects.filter(election_id__in=by_pk).order_by("number"):
        rounds[r.election_id].append(r)
    handovers = {
        h.election_id: h for h in Handover.objects.filter(election_id__in=by_pk).prefetch_related("items")
    }
    for unit in chunk:
        held = tenures[unit.pk]
        before_people = {
            t.person_id for t in held if t.start_date <= start and (t.end_date is None or t.end_date >= start)
        }
        before = [
            _member(t, start)
            for t in sorted(held, key=_order)
            if t.start_date <= start and (t.end_date is None or t.end_date >= start)
        ]
        after = [
            _member(t, on, new=t.person_id not in before_people)
            for t in sorted(held, key=_order)
            if t.end_date is None or t.end_date > on
        ]
        town = unit.parent
        county = town.parent if town is not None else None
        yield {
            "code": unit.code,
            "name": unit.name,
            "path": unit.path,
            "town": town.name if town is not None else "",
            "county": county.name if county is not None else "",
            "level": unit.get_level_display(),
            "campaign": campaign.name,
            "before": [m.row() for m in before],
            "after": [[*m.row(), "新任" if m.new else "连任"] for m in after],
            "new_count": sum(1 for m in after if m.new),
            "elections": [
                _election(e, steps[e.pk], rounds[e.pk], handovers.get(e.pk)) for e in elections[unit.pk]
            ],
        }


def _election(
    e: Election, steps: list[ElectionStep], rounds: list[ResultRound], h: Handover | None
) -> dict[str, Any]:
    handover: dict[str, Any] | None = None
    if h is not None:
        handover = {
            "state": h.state_label,
            "produced_on": h.produced_on,
            "due_on": h.due_on,
            "completed_on": h.completed_on or "",
            "on_time": {None: "未完成", True: "按期", False: "逾期"}[h.on_time],
            "items": [[i.get_topic_display(), i.done_on or "未移交"] for i in h.items.all()],
        }
    return {
        "title": f"{e.body_label or e.get_body_display()}（{e.get_kind_display()}）",
        "day": e.election_day or "未定",
        "steps": [[s.title, s.done_on, f"{len(s.violations)}项" if s.violations else "无"] for s in steps],
        "rounds": [
            [
                f"第{r.number}轮·{r.get_kind_display()}",
                r.voting_day,
                str(r.registered),
                "" if r.voted is None else str(r.voted),
                r.state_label,
                _elected_text(r),
            ]
            for r in rounds
        ],
        "handover": handover,
    }


def dossiers(units: Iterable[OrgUnit], campaign: Campaign, *, on: dt.date) -> Iterator[dict[str, Any]]:
    """The dossier data of each village of ``units`` (in order), read CHUNK villages at a time: a
    fixed number of queries per chunk, whatever the number of elections or members."""
    chunk: list[OrgUnit] = []
    for unit in units:
        chunk.append(unit)
        if len(chunk) >= CHUNK:
            yield from _dossiers_of(chunk, campaign, on)
            chunk = []
    if chunk:
        yield from _dossiers_of(chunk, campaign, on)


# ---------------------------------------------------------------------------------------------
# The report page: the units to choose from and the user's own jobs


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    villages: int

    @property
    def is_leaf(self) -> bool:
        return self.unit.level in LEAF_LEVELS


def children(user: Any, unit: OrgUnit | None) -> list[UnitRow]:
    """The units one level below ``unit`` (the top units of the jurisdiction when None), each with
    its number of active villages and communities — two queries at any size."""
    if unit is None:
        rows = units_in_scope(user)
    else:
        rows = list(OrgUnit.objects.filter(parent=unit, is_active=True).order_by("path"))
    if not rows:
        return []
    counts: dict[str, int] = defaultdict(int)
    widths = {len(u.path) for u in rows}
    for path in OrgUnit.objects.filter(
        path_q("path", [u.path for u in rows]), level__in=LEAF_LEVELS, is_active=True
    ).values_list("path", flat=True):
        for width in widths:
            counts[path[:width]] += 1
    return [UnitRow(u, counts[u.path]) for u in rows]


def recent_jobs(user: Any, limit: int = 10) -> list[Any]:
    from huanjie.stats.models import ReportJob

    return list(ReportJob.objects.filter(actor=user).select_related("unit").defer("file_data")[:limit])


def job(user: Any, pk: int) -> Any:
    """One of the user's own report jobs (404 for anyone else's: a ZIP of dossiers is personal)."""
    from huanjie.stats.models import ReportJob

    found = ReportJob.objects.filter(pk=pk, actor=user).select_related("unit").defer("file_data").first()
    if found is None or not path_in_scope(user, found.unit.path):
        raise Http404(NOT_FOUND)
    return found


def path_in_scope(user: Any, path: str) -> bool:
    return path.startswith(tuple(scope_paths(user, StatsCap.EXPORT)))
