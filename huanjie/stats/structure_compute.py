"""Who counts in a village's structure on each basis, read from the raw records (issue 15 req. 1),
and the village's counts (huanjie.rules.structure.unit_counts). Used by the summary refresh
(structure_services) and by the drill-down to persons (structure_selectors); never by pages directly.

The bases, for a campaign with window [start, end] and its one named definition of each target
(huanjie.rules.campaign.DEFINITIONS, parameters in planning.StructureTarget):

- ``before`` — the outgoing term: the “两委” members (Party organization and 村（居）民委员会, persons
  once) sitting on the baseline day: the age target's ``baseline_date`` when its baseline is
  ``sitting_on``, else the window's start. Ages on that day for ``sitting_on``; for
  ``previous_term`` on the outgoing term's start (the earliest start among those tenures).
- ``after`` — the new term: for each committee, the term elected in the window (the highest term
  number among tenures starting within it, above the outgoing term's), its members still sitting;
  ages on the new term's start (the earliest start among them). A village reports only when every
  committee of its outgoing term has its new term (otherwise it is pending and counts in no share);
  it is paired with its ``before`` members (average-age change, new vs re-elected).
- ``plan`` — the personnel plan's seats (planning.plan_selectors.planned_members; 进 lines are the new
  members), against the members sitting on the window's start, ages on the window's end: the same
  definitions as the plan's own preview (planning.plan_selectors.plan_totals).

专业对口: a member's 职业 (people.Person.occupation) among the fields the campaign lists."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from huanjie.org.models import OrgUnit
from huanjie.people.models import Person, Tenure
from huanjie.planning import plan_selectors
from huanjie.planning.models import Campaign, PersonnelPlan, StructureTarget
from huanjie.planning.plan_workflow import Decision
from huanjie.rules import registry
from huanjie.rules.structure import MemberInput, StructureCounts, unit_counts

TWO_COMMITTEES = tuple(registry.SIDE_OF_KIND)


@dataclass(frozen=True)
class Definitions:
    """What a campaign's targets fix for the counting: the baseline day, how baseline ages are
    dated, the listed fields of 专业对口, and the window."""

    window_start: dt.date
    window_end: dt.date
    before_on: dt.date
    baseline: str
    listed_fields: tuple[str, ...]

    def fingerprint(self) -> str:
        return "|".join(
            [
                self.window_start.isoformat(),
                self.window_end.isoformat(),
                self.before_on.isoformat(),
                self.baseline,
                "、".join(self.listed_fields),
            ]
        )[:64]


def definitions(c: Campaign) -> Definitions:
    """The campaign's counting definitions (read once per campaign object: a request)."""
    cached = getattr(c, "_hj_structure_definitions", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found = _definitions(c)
    c._hj_structure_definitions = found  # type: ignore[attr-defined]
    return found


def _definitions(c: Campaign) -> Definitions:
    targets = {
        t.code: t for t in StructureTarget.objects.filter(campaign=c, code__in=["average_age", "field_fit"])
    }
    age = targets.get("average_age")
    baseline = (age.baseline if age is not None else "") or "previous_term"
    before_on = c.window_start
    if baseline == "sitting_on" and age is not None and age.baseline_date is not None:
        before_on = age.baseline_date
    fit = targets.get("field_fit")
    listed = tuple(
        f.strip() for f in (fit.majors if fit else "").replace(",", "、").replace("，", "、").split("、")
    )
    return Definitions(c.window_start, c.window_end, before_on, baseline, tuple(f for f in listed if f))


def kind_of(unit: OrgUnit) -> str:
    return "community" if unit.level == "community" else "village"


@dataclass(frozen=True)
class Members:
    """One village's members on one basis: the rules' inputs, the persons, who is new, the dates."""

    members: list[MemberInput]
    persons: dict[str, Person]
    on: dt.date | None
    baseline: list[MemberInput] | None
    baseline_on: dt.date | None
    new_keys: set[str] | None
    reporting: bool


def _inputs(tenures: Iterable[Tenure]) -> tuple[list[MemberInput], dict[str, Person]]:
    posts: dict[int, set[tuple[str, str]]] = {}
    persons: dict[int, Person] = {}
    sources: dict[int, str] = {}
    for t in tenures:
        side = registry.SIDE_OF_KIND[t.committee.kind]
        persons[t.person_id] = t.person
        posts.setdefault(t.person_id, set()).add(
            (side, plan_selectors.POST_LABEL.get(t.post, t.get_post_display()))
        )
        if t.source and not sources.get(t.person_id):
            sources[t.person_id] = t.source
    out = [
        dataclasses.replace(
            plan_selectors.member_input(persons[pid], p), source=sources.get(pid, "") or "unknown"
        )
        for pid, p in posts.items()
    ]
    return out, {str(pid): p for pid, p in persons.items()}


def _sitting_on(tenures: list[Tenure], day: dt.date) -> list[Tenure]:
    return [t for t in tenures if t.start_date <= day and (t.end_date is None or t.end_date > day)]


def before_members(d: Definitions, tenures: list[Tenure]) -> Members:
    sitting = _sitting_on(tenures, d.before_on)
    members, persons = _inputs(sitting)
    if d.baseline == "sitting_on":
        on: dt.date | None = d.before_on
    else:
        on = min((t.start_date for t in sitting), default=None)
    return Members(members, persons, on, None, None, None, bool(members))


def after_members(d: Definitions, tenures: list[Tenure]) -> Members:
    before = _sitting_on(tenures, d.before_on)
    by_committee: dict[int, list[Tenure]] = {}
    for t in tenures:
        by_committee.setdefault(t.committee_id, []).append(t)
    outgoing_committees = {t.committee_id for t in before}
    chosen: list[Tenure] = []
    elected: set[int] = set()
    for cid, rows in by_committee.items():
        old_term = max((t.term_number for t in before if t.committee_id == cid), default=0)
        new = [t for t in rows if d.window_start <= t.start_date <= d.window_end and t.term_number > old_term]
        if not new:
            continue
        term = max(t.term_number for t in new)
        current = [t for t in rows if t.term_number == term and t.end_date is None]
        if current:
            elected.add(cid)
            chosen += current
    reporting = bool(chosen) and outgoing_committees <= elected
    if not reporting:
        return Members([], {}, None, None, None, None, False)
    members, persons = _inputs(chosen)
    on = min(t.start_date for t in chosen)
    b = before_members(d, tenures)
    return Members(members, persons, on, b.members, b.on, None, True)


def plan_members(d: Definitions, plan: PersonnelPlan, tenures: list[Tenure]) -> Members:
    seats = plan_selectors.plan_seats(plan)
    members = plan_selectors.planned_members(seats)
    persons = {str(s.person_id): s.person for s in seats if s.decision != Decision.LEAVE}
    sitting = _sitting_on(tenures, d.window_start)
    baseline, _ = _inputs(sitting)
    new_keys = {str(s.person_id) for s in seats if s.decision == Decision.ENTER}
    return Members(members, persons, d.window_end, baseline, d.window_start, new_keys, bool(members))


def counts_of(unit: OrgUnit, m: Members, d: Definitions) -> StructureCounts:
    """The village's counts on a basis (a pending or empty village counts as a unit only)."""
    if not m.reporting or m.on is None:
        return StructureCounts(units=1)
    return unit_counts(
        kind=cast(Any, kind_of(unit)),
        members=m.members,
        on=m.on,
        baseline=m.baseline,
        baseline_on=m.baseline_on,
        new_keys=m.new_keys,
        fields_of={k: (p.occupation,) for k, p in m.persons.items() if p.occupation},
        listed_fields=d.listed_fields,
    )


def tenures_by_unit(units: Iterable[OrgUnit], d: Definitions) -> dict[int, list[Tenure]]:
    """The “两委” tenures of ``units`` that can count on any basis (sitting on or after the
    earliest day the campaign looks at), grouped by unit: one query."""
    ids = [u.pk for u in units]
    earliest = min(d.before_on, d.window_start)
    out: dict[int, list[Tenure]] = {i: [] for i in ids}
    qs = (
        Tenure.objects.filter(committee__org_unit_id__in=ids, committee__kind__in=TWO_COMMITTEES)
        .exclude(end_date__lt=earliest)
        .select_related("person", "committee")
        .order_by("pk")
    )
    for t in qs:
        out[t.committee.org_unit_id].append(t)
    return out


def members_of(c: Campaign, unit: OrgUnit, basis: str, d: Definitions | None = None) -> Members:
    """One village's members on ``basis`` (``before``, ``after`` or ``plan``)."""
    d = d or definitions(c)
    tenures = tenures_by_unit([unit], d)[unit.pk]
    if basis == "before":
        return before_members(d, tenures)
    if basis == "after":
        return after_members(d, tenures)
    plan = PersonnelPlan.objects.filter(campaign=c, unit=unit).first()
    if plan is None:
        return Members([], {}, None, None, None, None, False)
    return plan_members(d, plan, tenures)
