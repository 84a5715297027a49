"""Every read of the personnel plans (人事安排初步方案, issue 10 req. 7), taking the user: the plans of a
campaign, one plan with its seats, its checks and the live preview of the projected structure (the
village, its town, county and the city against the campaign's targets), and the summary a county
sends to the city. Confidential (只做不说): ``planning.view`` only, never village operators, vetting
departments or supervision groups. Wider figures are SQL sums of the per-village projection rows
(planning.PlanProjection): a constant number of queries however many villages there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404

from huanjie.core import workflow
from huanjie.core.scoping import get_scoped_or_404, path_q, scope_paths
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.people.choices import Education
from huanjie.people.models import Person, Tenure
from huanjie.planning import adapters, confidential
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.models import (
    Campaign,
    CommitteeSeats,
    Milestone,
    PartySeats,
    PersonnelPlan,
    PlanProjection,
    PlanSeat,
    StructureTarget,
)
from huanjie.planning.models import GuidanceRule as GuidanceRuleRow
from huanjie.planning.plan_workflow import POSTS_OF_SIDE, Decision, SeatPost, SeatSide
from huanjie.planning.selectors import NOT_FOUND, campaign, prepares
from huanjie.rules import campaign as campaign_rules
from huanjie.rules import plan as plan_rules
from huanjie.rules import registry
from huanjie.rules import workflow as wf_rules
from huanjie.rules.committee_checks import Finding
from huanjie.rules.structure import MemberInput
from huanjie.rules.workflow import level_of_path

TOTAL_FIELDS = tuple(f for f in plan_rules.Totals.__dataclass_fields__)
POST_LABEL: dict[str, str] = {SeatPost.SECRETARY: "书记", SeatPost.CHAIR: "主任"}
MILESTONE_WORD = "人事安排"
SEAT_SIDE_LABEL = dict(SeatSide.choices)


# -- the plan's members as the rules' inputs ------------------------------------------------------


def member_input(person: Person, posts: set[tuple[str, str]]) -> MemberInput:
    education = person.highest_education or Education.JUNIOR_OR_BELOW
    return MemberInput(
        person_key=str(person.pk),
        birth_date=person.birth_date,
        sex=cast(Any, person.sex),
        education=cast(Any, Education(education).label),
        is_party_member=registry.is_party_member(person.political_status),
        source="",
        posts=frozenset(cast(Any, posts)),
    )


def _posts_of(seats: list[PlanSeat]) -> dict[int, set[tuple[str, str]]]:
    out: dict[int, set[tuple[str, str]]] = {}
    for s in seats:
        if s.decision != Decision.LEAVE:
            out.setdefault(s.person_id, set()).add((s.side, POST_LABEL.get(s.post, SeatPost(s.post).label)))
    return out


def planned_members(seats: list[PlanSeat]) -> list[MemberInput]:
    """One MemberInput per person holding a seat (a 退 line holds none), posts joined (一肩挑, 交叉任职)."""
    persons = {s.person_id: s.person for s in seats}
    return [member_input(persons[pid], posts) for pid, posts in _posts_of(seats).items()]


def sitting_members(unit: OrgUnit) -> list[MemberInput]:
    """The village's sitting “两委” members (the baseline of the age target)."""
    posts: dict[int, set[tuple[str, str]]] = {}
    persons: dict[int, Person] = {}
    for t in Tenure.objects.filter(
        committee__org_unit=unit, end_date__isnull=True, committee__kind__in=tuple(registry.SIDE_OF_KIND)
    ).select_related("person", "committee"):
        side = registry.SIDE_OF_KIND[t.committee.kind]
        persons[t.person_id] = t.person
        posts.setdefault(t.person_id, set()).add((side, POST_LABEL.get(t.post, t.get_post_display())))
    return [member_input(persons[pid], p) for pid, p in posts.items()]


def sitting_person_ids(unit: OrgUnit) -> set[int]:
    return set(
        Tenure.objects.filter(
            committee__org_unit=unit, end_date__isnull=True, committee__kind__in=tuple(registry.SIDE_OF_KIND)
        ).values_list("person_id", flat=True)
    )


def kind_of(unit: OrgUnit) -> Any:
    return "community" if unit.level == "community" else "village"


def plan_seats(plan: PersonnelPlan) -> list[PlanSeat]:
    return list(PlanSeat.objects.filter(plan=plan).select_related("person").order_by("side", "pk"))


def plan_totals(plan: PersonnelPlan, seats: list[PlanSeat]) -> plan_rules.Totals:
    """The village's row (rules.plan.totals): ages on the window's end (the new term starts by then)
    against the sitting members on the window's start."""
    c = plan.campaign
    return plan_rules.totals(
        kind=kind_of(plan.unit),
        members=planned_members(seats),
        new_keys={str(s.person_id) for s in seats if s.decision == Decision.ENTER},
        on=c.window_end,
        baseline=sitting_members(plan.unit),
        baseline_on=c.window_start,
    )


# -- checks on submission ----------------------------------------------------------------------------


def plan_checks(plan: PersonnelPlan, seats: list[PlanSeat], on: dt.date) -> list[Finding]:
    """Blocks and warnings of the plan as it stands: seats against the decided 职数 (none decided:
    block), a woman on the 村（居）民委员会 (committee_woman), the campaign's age and education guidance
    (its ``block`` lines block), and planned committee members domiciled elsewhere (outside_registration)."""
    unit, c = plan.unit, plan.campaign
    held = [s for s in seats if s.decision != Decision.LEAVE]
    out: list[Finding] = []
    if not held:
        out.append(Finding("empty", "block", "方案尚未安排任何人选", "人事安排初步方案"))
    party = PartySeats.objects.filter(campaign=c, unit=unit).values_list("members", flat=True).first()
    committee = CommitteeSeats.objects.filter(campaign=c, unit=unit).values_list("members", flat=True).first()
    out += plan_rules.seats_over("party", party, sum(1 for s in held if s.side == SeatSide.PARTY))
    out += plan_rules.seats_over("committee", committee, sum(1 for s in held if s.side == SeatSide.COMMITTEE))
    on_committee = [s for s in held if s.side == SeatSide.COMMITTEE]
    title = "居民委员会" if unit.level == "community" else "村民委员会"
    out += campaign_rules.committee_woman(
        [cast(Any, s.person.sex) for s in on_committee], kind=kind_of(unit), on=on, title=title
    )
    members = planned_members(seats)
    names = {str(s.person_id): s.person.name for s in seats}
    rules = adapters.guidance_rules(GuidanceRuleRow.objects.filter(campaign=c))
    new_keys = {str(s.person_id) for s in held if s.decision == Decision.ENTER}
    out += campaign_rules.guidance_findings(members, names, rules, new_keys=new_keys)
    secretaries = {s.person_id for s in held if s.side == SeatSide.PARTY and s.post == SeatPost.SECRETARY}
    for s in on_committee:
        out += plan_rules.outside_registration(
            name=s.person.name,
            domiciled_here=s.person.domicile_unit_id == unit.pk,
            kind=kind_of(unit),
            on=on,
            one_shoulder=s.post == SeatPost.CHAIR and s.person_id in secretaries,
        )
    return out


# -- the figures against the targets -------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    label: str
    unit: str
    range: str
    cells: list[tuple[str, str]]
    """(value text, verdict label) per level."""


def _num(value: Fraction | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{float(value):.1f}{'' if unit == '人' else unit}" if unit != "%" else f"{float(value):.1f}%"


def targets_of(c: Campaign) -> list[tuple[StructureTarget, campaign_rules.TargetParams]]:
    rows = StructureTarget.objects.filter(campaign=c, code__in=plan_rules.FIGURES).order_by("pk")
    return [
        (
            t,
            adapters.target_params(
                low=t.low, high=t.high, baseline=t.baseline, baseline_date=t.baseline_date, fields=t.majors
            ),
        )
        for t in rows
    ]


def target_rows(
    targets: list[tuple[StructureTarget, campaign_rules.TargetParams]], totals: list[plan_rules.Totals]
) -> list[TargetRow]:
    """One row per target with the projected value and verdict of each of ``totals`` (levels)."""
    params = {t.code: p for t, p in targets}
    per_level = [{f.code: f for f in plan_rules.figures(t, params)} for t in totals]
    out = []
    for t, p in targets:
        unit = campaign_rules.DEFINITIONS[t.code].unit
        rng = f"{float(p.low):g}" + (f"—{float(p.high):g}{unit}" if p.high is not None else f"{unit} 及以上")
        cells = [
            (_num(level[t.code].value, unit), campaign_rules.VERDICT_LABELS[level[t.code].verdict])
            for level in per_level
        ]
        out.append(TargetRow(t.label, unit, rng, cells))
    return out


def _sum_totals(qs: QuerySet[PlanProjection]) -> plan_rules.Totals:
    agg = qs.aggregate(**{f: Sum(f) for f in TOTAL_FIELDS})
    return plan_rules.Totals(**{f: agg[f] or 0 for f in TOTAL_FIELDS})


def level_totals(c: Campaign, path: str) -> plan_rules.Totals:
    """The projected totals of every plan of the campaign under ``path`` (one SQL aggregate)."""
    column = {4: "city_path", 6: "county_path", 9: "town_path"}[len(path)]
    return _sum_totals(PlanProjection.objects.filter(campaign=c, **{column: path}))


@dataclass(frozen=True)
class Preview:
    levels: list[str]
    rows: list[TargetRow]
    plans_counted: list[int]
    findings: list[Finding]
    blocks: int


def preview(user: Any, plan: PersonnelPlan) -> Preview:
    """The live preview: the village's projected structure (from its seats) and its town's, county's
    and city's (SQL sums of the projection rows, this plan's current row included) against the
    campaign's targets, with the plan's checks."""
    seats = plan_seats(plan)
    unit, c = plan.unit, plan.campaign
    village = plan_totals(plan, seats)
    wider = [level_totals(c, unit.path[:n]) for n in (9, 6, 4)]
    findings = plan_checks(plan, seats, workflow.today())
    names = dict(OrgUnit.objects.filter(path__in=[unit.path[:9], unit.path[:6]]).values_list("path", "name"))
    return Preview(
        levels=[unit.name, names.get(unit.path[:9], "本乡镇"), names.get(unit.path[:6], "本县"), "全市"],
        rows=target_rows(targets_of(c), [village, *wider]),
        plans_counted=[1, *(t.units for t in wider)],
        findings=findings,
        blocks=sum(1 for f in findings if f.blocks),
    )


# -- pages ---------------------------------------------------------------------------------------------


def plan(user: Any, pk: int) -> PersonnelPlan:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        PersonnelPlan.objects.select_related("unit", "campaign", "campaign__city"), user, pk=pk
    )


def plan_seat(user: Any, plan: PersonnelPlan, pk: int) -> PlanSeat:
    found = PlanSeat.objects.visible_to(user).filter(plan=plan, pk=pk).select_related("person").first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def plan_person(user: Any, plan: PersonnelPlan, pk: int) -> Person:
    """A person the user may see (people's jurisdiction), to be proposed for a seat."""
    found = Person.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def person_choices(user: Any, plan: PersonnelPlan) -> list[tuple[int, str]]:
    """Persons of the village's town the user may see (sitting members first), for the seat form."""
    sitting = sitting_person_ids(plan.unit)
    rows = (
        Person.objects.visible_to(user)
        .filter(domicile_unit__path__startswith=plan.unit.path[:9])
        .select_related("domicile_unit")
        .order_by("name", "pk")[:500]
    )
    people = sorted(rows, key=lambda p: (p.pk not in sitting, p.domicile_unit_id != plan.unit_id, p.name))
    return [
        (p.pk, f"{p.name}（{p.domicile_unit.name}{'，现任' if p.pk in sitting else ''}）") for p in people
    ]


@dataclass(frozen=True)
class SideBlock:
    side: str
    label: str
    decided: int | None
    seats: list[PlanSeat]
    leaving: list[PlanSeat]
    empty: int


@dataclass(frozen=True)
class PlanPage:
    plan: PersonnelPlan
    state_label: str
    sides: list[SideBlock]
    can_edit: bool
    can_export: bool
    actions: list[workflow.NextAction]
    history: list[Any]
    preview: Preview


def plan_page(user: Any, p: PersonnelPlan) -> PlanPage:
    seats = plan_seats(p)
    party = (
        PartySeats.objects.filter(campaign=p.campaign, unit=p.unit).values_list("members", flat=True).first()
    )
    committee = (
        CommitteeSeats.objects.filter(campaign=p.campaign, unit=p.unit)
        .values_list("members", flat=True)
        .first()
    )
    sides = []
    for side, decided in ((SeatSide.PARTY, party), (SeatSide.COMMITTEE, committee)):
        held = [s for s in seats if s.side == side and s.decision != Decision.LEAVE]
        sides.append(
            SideBlock(
                side,
                SEAT_SIDE_LABEL[side],
                decided,
                held,
                [s for s in seats if s.side == side and s.decision == Decision.LEAVE],
                max(0, (decided or 0) - len(held)),
            )
        )
    spec = PersonnelPlan.workflow_spec
    return PlanPage(
        plan=p,
        state_label=spec.state_label(p.state),
        sides=sides,
        can_edit=prepares(user, p.unit) and not wf_rules.is_locked(spec, p.state),
        can_export=confidential.may_export(user, p.unit.path),
        actions=workflow.next_actions(user, p),
        history=workflow.history(p),
        preview=preview(user, p),
    )


def side_posts() -> dict[str, list[tuple[str, str]]]:
    return {side: [(p, SeatPost(p).label) for p in posts] for side, posts in POSTS_OF_SIDE.items()}


@dataclass(frozen=True)
class PlansPage:
    campaign: Campaign
    plans: list[tuple[PersonnelPlan, str]]
    new_units: list[tuple[str, str]]


def plans_page(user: Any, pk: int) -> PlansPage:
    c = campaign(user, pk)
    spec = PersonnelPlan.workflow_spec
    qs = (
        PersonnelPlan.objects.visible_to(user)
        .filter(campaign=c)
        .select_related("unit")
        .order_by("unit__code")
    )
    paths = [p for p in scope_paths(user, PlanningCap.EDIT) if level_of_path(p) == "town"]
    new_units: list[tuple[str, str]] = []
    if paths and c.state == "published":
        taken = PersonnelPlan.objects.filter(campaign=c).values("unit_id")
        new_units = list(
            OrgUnit.objects.filter(path_q("path", paths), level__in=LEAF_LEVELS, is_active=True)
            .filter(path__startswith=c.city.path)
            .exclude(pk__in=taken)
            .order_by("code")
            .values_list("code", "name")
        )
    return PlansPage(c, [(p, spec.state_label(p.state)) for p in qs[:2000]], new_units)


# -- the county's summary to the city --------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    code: str
    name: str
    units: int
    states: list[int] = field(default_factory=list)
    plan_pk: int | None = None
    state_label: str = ""


@dataclass(frozen=True)
class SummaryPage:
    campaign: Campaign
    unit: OrgUnit
    by_county: bool
    rows: list[SummaryRow]
    state_labels: list[tuple[str, str]]
    counts: list[tuple[str, str, int]]
    units: int
    targets: list[TargetRow]
    milestone: Milestone | None
    overdue: bool
    missing: int


def summary_unit(user: Any, c: Campaign, code: str = "") -> OrgUnit:
    """The city, county or town whose summary is asked (``code``, else the user's highest planning
    jurisdiction inside the campaign's city); 404 outside the jurisdiction."""
    paths = [p for p in scope_paths(user, PlanningCap.VIEW) if level_of_path(p) in ("city", "county", "town")]
    paths = [p for p in paths if p.startswith(c.city.path) or c.city.path.startswith(p)]
    unit = None
    if code:
        unit = OrgUnit.objects.filter(code=code, level__in=("city", "county", "town")).first()
        if unit is not None and not (
            unit.path.startswith(c.city.path) and any(unit.path.startswith(p) for p in paths)
        ):
            unit = None
    elif paths:
        top = min(paths, key=len)
        unit = c.city if len(top) < len(c.city.path) else OrgUnit.objects.filter(path=top).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


def plan_milestone(c: Campaign) -> Milestone | None:
    return Milestone.objects.filter(campaign=c, name__contains=MILESTONE_WORD).order_by("date").first()


def summary_page(user: Any, pk: int, code: str = "") -> SummaryPage:
    """A county's (or town's) list of its villages with their plan's state, or the city's list of its
    counties with counts by state; the unit's projected figures against the targets; the milestone.
    A fixed number of queries whatever the number of villages."""
    c = campaign(user, pk)
    unit = summary_unit(user, c, code)
    spec = PersonnelPlan.workflow_spec
    leaves = OrgUnit.objects.filter(path__startswith=unit.path, level__in=LEAF_LEVELS, is_active=True)
    plans = PersonnelPlan.objects.filter(campaign=c, unit__path__startswith=unit.path)
    counts = dict(plans.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    by_county = unit.level == "city"
    if by_county:
        units_of = dict(
            leaves.annotate(k=Substr("path", 1, 6))
            .values_list("k")
            .annotate(n=Count("pk"))
            .values_list("k", "n")
        )
        states: dict[str, dict[str, int]] = {}
        for k, state, n in (
            plans.annotate(k=Substr("unit__path", 1, 6)).values_list("k", "state").annotate(n=Count("pk"))
        ):
            states.setdefault(k, {})[state] = n
        rows = [
            SummaryRow(
                u.code,
                u.name,
                units_of.get(u.path, 0),
                [states.get(u.path, {}).get(k, 0) for k in spec.states],
            )
            for u in OrgUnit.objects.filter(path__startswith=unit.path, level="county").order_by("code")
        ]
    else:
        of_unit = {p.unit_id: p for p in plans.only("pk", "unit_id", "state")}
        rows = []
        for u in leaves.order_by("path").only("pk", "code", "name"):
            p = of_unit.get(u.pk)
            rows.append(
                SummaryRow(
                    u.code,
                    u.name,
                    1,
                    plan_pk=p.pk if p else None,
                    state_label=spec.state_label(p.state) if p else "未编制",
                )
            )
    total_units = leaves.count()
    m = plan_milestone(c)
    missing = total_units - counts.get("approved", 0)
    return SummaryPage(
        campaign=c,
        unit=unit,
        by_county=by_county,
        rows=rows,
        state_labels=list(spec.states.items()),
        counts=[(code, label, counts.get(code, 0)) for code, label in spec.states.items()],
        units=total_units,
        targets=target_rows(targets_of(c), [level_totals(c, unit.path)]),
        milestone=m,
        overdue=bool(m and m.date < workflow.today() and missing > 0),
        missing=missing,
    )


def pdf_data(page: PlanPage) -> dict[str, Any]:
    """Everything the plan's PDF prints, as JSON-ready text (the template prints it as text)."""
    p = page.plan
    seats = [
        [
            b.label,
            s.get_post_display(),
            s.get_decision_display(),
            s.person.name,
            s.person.get_sex_display(),
            s.note,
        ]
        for b in page.sides
        for s in [*b.seats, *b.leaving]
    ]
    return {
        "unit": p.unit.name,
        "campaign": p.campaign.name,
        "state": page.state_label,
        "decided": [
            [b.label, "未确定" if b.decided is None else f"{b.decided} 人", f"{len(b.seats)} 人"]
            for b in page.sides
        ],
        "seats": seats,
        "levels": page.preview.levels,
        "targets": [
            [r.label, r.range, *[f"{v} {verdict}" for v, verdict in r.cells]] for r in page.preview.rows
        ],
        "findings": [[f.message, f.rule] for f in page.preview.findings],
        "history": [
            [str(e.at.date()), e.actor_name, e.label, e.reason] for e in page.history if not e.system
        ],
    }
