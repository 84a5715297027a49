"""Reads of the petitions register (信访, issue 14 req. 1): the scoped list with its filters, one
petition's page, the analysis (by category, village, town, week; repeat petitions; hot spots) in a
fixed number of aggregate queries, and what a petition brings to a candidate's screening
(core.plugins.screening_items)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.shortcuts import get_object_or_404

from huanjie.core import workflow
from huanjie.core.plugins import ScreeningItem
from huanjie.core.scoping import can, get_scoped_or_404, minimal_paths, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import Petition, PetitionSettings
from huanjie.oversight.petitions_choices import Category, Finding
from huanjie.oversight.petitions_services import settings_for
from huanjie.people.models import Person
from huanjie.planning.models import Campaign
from huanjie.rules.citations import JUDGEMENT_UNSUBSTANTIATED
from huanjie.rules.screening import ScreeningFinding
from huanjie.vetting.models import Candidate

OPEN_STATES = ("registered", "accepted")
HOT_SPOT_MIN = 3
"""A village with at least this many petitions in the filtered set is a hot spot (热点村)."""
TOWNS_SHOWN = 20
"""The analysis names the towns with the most petitions, this many; the others are summed in one line
(a city has hundreds of towns: the jurisdiction filter narrows the table to a county's)."""


def subject_people(user: Any) -> QuerySet[Person]:
    """The persons a petition registered by ``user`` may be about: those domiciled in the units where
    the user registers petitions."""
    return Person.objects.filter(domicile_unit__in=units(user))


def subject_candidates(user: Any) -> QuerySet[Candidate]:
    """The candidates a petition registered by ``user`` may be about (the user's units and campaigns)."""
    return Candidate.objects.filter(unit__in=units(user), campaign__in=campaigns(user)).select_related(
        "person"
    )


def today() -> dt.date:
    return workflow.today()


def campaigns(user: Any) -> QuerySet[Campaign]:
    """Published campaigns of the cities in which the user sees oversight records."""
    cities = sorted({p[:4] for p in scope_paths(user, OversightCap.VIEW)})
    return (
        Campaign.objects.filter(state="published", city__path__in=cities)
        .select_related("city")
        .order_by("-window_start", "pk")
    )


def campaign(user: Any, pk: int) -> Campaign:
    return get_object_or_404(campaigns(user), pk=pk)


def units(
    user: Any, capability: str = OversightCap.EDIT, levels: Iterable[str] = ("village", "community")
) -> QuerySet[OrgUnit]:
    """Active units of these levels inside the user's jurisdiction for ``capability`` (pickers)."""
    paths = minimal_paths(scope_paths(user, capability))
    if not paths:
        return OrgUnit.objects.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return OrgUnit.objects.filter(q, level__in=tuple(levels), is_active=True).order_by("code")


def jurisdictions(user: Any) -> list[tuple[str, str]]:
    """The filter's options: the user's own units and the counties and towns below them."""
    paths = minimal_paths(scope_paths(user, OversightCap.VIEW))
    if not paths:
        return []
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    rows = OrgUnit.objects.filter(q, level__in=("city", "county", "town")).order_by("code")
    return list(rows.values_list("path", "name"))


def petition(user: Any, pk: int) -> Petition:
    qs = Petition.objects.select_related(
        "campaign", "campaign__city", "unit", "handler_unit", "subject_person"
    )
    return get_scoped_or_404(qs, user, pk=pk)


@dataclass
class PetitionFilters:
    campaign: Campaign | None = None
    jurisdiction: str = ""
    status: str = ""
    category: str = ""
    overdue: bool = False
    q: str = ""


def petitions(user: Any, f: PetitionFilters) -> QuerySet[Petition]:
    """The petitions the user may see, filtered: jurisdiction (a path prefix), status, category,
    overdue (an open petition past its 受理 or 办结 deadline), text in the summary."""
    if f.campaign is not None and can(user, OversightCap.VIEW, f.campaign.city.path):
        # Every petition of a campaign lies in its city (registration and import check it): a user
        # who sees the whole city needs no join to the units (the counts then read one index).
        qs = Petition.objects.filter(campaign=f.campaign)
    else:
        qs = Petition.objects.visible_to(user)
        if f.campaign is not None:
            qs = qs.filter(campaign=f.campaign)
    if f.jurisdiction:
        qs = qs.filter(unit__path__startswith=f.jurisdiction)
    if f.status:
        qs = qs.filter(state=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.overdue:
        qs = qs.filter(state__in=OPEN_STATES, state_due__lt=today())
    if f.q:
        qs = qs.filter(summary__contains=f.q)
    return qs


def petition_rows(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    """The list's rows: one query with the village and its town."""
    return qs.select_related("unit", "unit__parent", "subject_person").order_by("-received_on", "-pk")


@dataclass(frozen=True)
class PetitionPage:
    petition: Petition
    state_label: str
    overdue: bool
    may_handle: bool
    may_see_identity: bool
    actions: list[workflow.NextAction]
    steps: list[Any]
    history: list[Any]
    clock: PetitionSettings
    repeats_petitioner: int
    repeats_subject: int


def petition_page(user: Any, p: Petition) -> PetitionPage:
    handle = can(user, OversightCap.PETITION_HANDLE, p.unit.path)
    repeats_petitioner = (
        Petition.objects.visible_to(user).filter(petitioner_index=p.petitioner_index).exclude(pk=p.pk).count()
        if p.petitioner_index and handle
        else 0
    )
    repeats_subject = (
        Petition.objects.visible_to(user)
        .filter(subject_person_id=p.subject_person_id)
        .exclude(pk=p.pk)
        .count()
        if p.subject_person_id
        else 0
    )
    return PetitionPage(
        petition=p,
        state_label=p.workflow_spec.state_label(p.state),
        overdue=p.state in OPEN_STATES and p.state_due is not None and p.state_due < today(),
        may_handle=handle and p.state not in p.workflow_spec.locked_states,
        may_see_identity=handle,
        actions=workflow.next_actions(user, p) if handle else [],
        steps=list(p.steps.all()),
        history=workflow.history(p),
        clock=settings_for(p.campaign),
        repeats_petitioner=repeats_petitioner,
        repeats_subject=repeats_subject,
    )


# ---------------------------------------------------------------------------------------------
# Analysis


@dataclass
class Analysis:
    total: int = 0
    open: int = 0
    overdue: int = 0
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_town: list[tuple[str, int]] = field(default_factory=list)
    other_towns: tuple[int, int] = (0, 0)
    """The towns beyond the first :data:`TOWNS_SHOWN`: how many, and their petitions."""
    by_week: list[tuple[dt.date, int]] = field(default_factory=list)
    hot_spots: list[tuple[str, str, int]] = field(default_factory=list)
    repeat_petitioners: int = 0
    repeat_petitions: int = 0
    repeat_subjects: list[tuple[str, int]] = field(default_factory=list)


def analysis(user: Any, f: PetitionFilters) -> Analysis:
    """Counts by category, town, week and village (hot spots), and repeats (the same petitioner by
    blind index, the same person reported): five queries whatever the number of rows.

    At a province's scale (100,000 petitions) each aggregate scans the campaign's petitions, so
    they are few: the totals, the categories and the weeks come from one count by (category, week);
    the towns from one count by village (each village's town is its path's first nine digits), which
    also gives the hot spots; the repeat petitioners are counted in the database."""
    qs = petitions(user, f).order_by()
    a = Analysis()
    today_ = today()
    cells = list(
        qs.annotate(week=TruncWeek("received_on"))
        .values("category", "week")
        .annotate(
            n=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("pk", filter=Q(state__in=OPEN_STATES, state_due__lt=today_)),
        )
        .order_by()
    )
    by_category: dict[str, int] = {}
    by_week: dict[dt.date, int] = {}
    for r in cells:
        a.total += r["n"]
        a.open += r["open"]
        a.overdue += r["overdue"]
        by_category[r["category"]] = by_category.get(r["category"], 0) + r["n"]
        week = r["week"].date() if isinstance(r["week"], dt.datetime) else r["week"]
        by_week[week] = by_week.get(week, 0) + r["n"]
    labels = dict(Category.choices)
    a.by_category = [
        (str(labels.get(c, c)), n) for c, n in sorted(by_category.items(), key=lambda x: (-x[1], x[0]))
    ]
    a.by_week = sorted(by_week.items())
    villages = list(qs.values_list("unit_id", "unit__path").annotate(n=Count("pk")).order_by())
    towns: dict[str, int] = {}
    for _, path, n in villages:
        towns[path[:9]] = towns.get(path[:9], 0) + n
    hot = sorted(((-n, pk) for pk, _, n in villages if n >= HOT_SPOT_MIN))[:20]
    ranked = sorted(towns.items(), key=lambda x: (-x[1], x[0]))
    shown, rest = ranked[:TOWNS_SHOWN], ranked[TOWNS_SHOWN:]
    a.other_towns = (len(rest), sum(n for _, n in rest))
    # the shown towns' names and the hot spots' villages with their towns, in one query
    named = list(
        OrgUnit.objects.filter(Q(path__in=[t for t, _ in shown]) | Q(pk__in=[pk for _, pk in hot]))
        .select_related("parent")
        .only("path", "name", "parent__name")
    )
    names = {u.path: u.name for u in named}
    hot_units = {u.pk: u for u in named}
    a.by_town = [(names.get(t, t), n) for t, n in shown]
    a.hot_spots = [
        (hot_units[pk].name, hot_units[pk].parent.name if hot_units[pk].parent else "", -m)
        for m, pk in hot
        if pk in hot_units
    ]
    repeats = (
        qs.exclude(petitioner_index="")
        .values("petitioner_index")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .aggregate(people=Count("petitioner_index"), rows=Sum("n"))
    )
    a.repeat_petitioners, a.repeat_petitions = repeats["people"] or 0, repeats["rows"] or 0
    a.repeat_subjects = [
        (r["subject_person__name"], r["n"])
        for r in qs.exclude(subject_person=None)
        .values("subject_person_id", "subject_person__name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("-n", "subject_person_id")[:20]
    ]
    return a


# ---------------------------------------------------------------------------------------------
# Screening (core.plugins.screening_items)


def _status(p: Petition) -> str:
    if p.state != "concluded":
        return "unverified"
    return "unfounded" if p.finding == Finding.UNFOUNDED else "substantiated"


def screening_items(
    campaign: Any, candidates: Iterable[Any], *, on: dt.date
) -> dict[int, list[ScreeningItem]]:
    """core.plugins.screening_items: {candidate id: items} for the petitions (not declined) about
    these candidates — naming the candidate, or the candidate's person in this campaign. Two queries
    (petitions, nomination rounds) whatever the number of candidates.

    A petition still being handled, or concluded without a negative-list item, is a warning (提示)
    with its verification deadline: the petition's 办结 deadline, and at the latest the day before the
    candidate list's date. A concluded petition found 查实 (or 部分属实) and mapped by its handler to
    a negative-list item becomes a substantiated finding (source 信访) that the screening rules weigh
    as any department's finding — the item's tier, look-back and any 容错纠错 ruling decide whether
    it blocks a party 预备人选 (never a 村（居）委会 candidate: there the 选举委员会 decides). A petition
    found 不属实 brings nothing."""
    cands = list(candidates)
    if not cands:
        return {}
    by_person = _by_person(cands)
    rows = list(
        _screened(campaign).filter(
            Q(subject_candidate_id__in=[c.pk for c in cands]) | Q(subject_person_id__in=list(by_person))
        )
    )
    return _screening_items(campaign, cands, by_person, rows)


def screening_run(campaign: Any, *, on: dt.date) -> Any:
    """core.plugins.screening_runs: :func:`screening_items` for a run over every candidate of
    ``campaign``: its petitions (not declined) read once; a batch is then answered from them (no query
    at all when the campaign has no petition, the nomination rounds only for a batch a petition
    names)."""
    every = list(_screened(campaign))

    def batch(candidates: Iterable[Any]) -> dict[int, list[ScreeningItem]]:
        if not every:
            return {}
        cands = list(candidates)
        by_person = _by_person(cands)
        pks = {c.pk for c in cands}
        rows = [p for p in every if p.subject_candidate_id in pks or p.subject_person_id in by_person]
        return _screening_items(campaign, cands, by_person, rows)

    return batch


def _screened(campaign: Any) -> QuerySet[Petition]:
    """The campaign's petitions that reach the screening (not declined), in the order they came."""
    return (
        Petition.objects.filter(campaign=campaign)
        .exclude(state="declined")
        .select_related("unit")
        .order_by("received_on", "pk")
    )


def _by_person(cands: list[Any]) -> dict[int, list[Any]]:
    by_person: dict[int, list[Any]] = {}
    for c in cands:
        by_person.setdefault(c.person_id, []).append(c)
    return by_person


def _screening_items(
    campaign: Any, cands: list[Any], by_person: dict[int, list[Any]], rows: list[Petition]
) -> dict[int, list[ScreeningItem]]:
    """The items of ``rows`` (the petitions about some of ``cands``) for those candidates."""
    from huanjie.vetting.models import NominationRound

    if not rows:
        return {}  # the usual case: no petition about this batch (the rounds are then not read)
    named = {p.subject_candidate_id for p in rows} | {
        c.pk for p in rows if p.subject_person_id for c in by_person.get(p.subject_person_id, [])
    }
    rounds: dict[tuple[int, str], dt.date] = {}
    for unit_id, side, held, published in NominationRound.objects.filter(
        campaign=campaign, unit_id__in={c.unit_id for c in cands if c.pk in named}
    ).values_list("unit_id", "side", "held_on", "published_on"):
        rounds[(unit_id, side)] = published or held
    clock = settings_for(campaign)
    out: dict[int, list[ScreeningItem]] = {}
    for p in rows:
        status = _status(p)
        if status == "unfounded":
            continue
        targets = (
            [c for c in cands if c.pk == p.subject_candidate_id]
            if p.subject_candidate_id
            else by_person.get(p.subject_person_id or 0, [])
        )
        what = (
            f"{p.get_category_display()}：{p.summary[:200]}（信访件 {p.pk}，{p.received_on:%Y-%m-%d} 收到）"
        )
        for c in targets:
            if status == "substantiated" and p.item_code:
                item = ScreeningItem(
                    code="petition",
                    label="信访查实",
                    kind="policy",
                    evidence=what,
                    citation=JUDGEMENT_UNSUBSTANTIATED,
                    finding=ScreeningFinding(
                        ref=f"petition:{p.pk}",
                        code=p.item_code,
                        on=p.concluded_on or p.received_on,
                        substantiated=True,
                        source="信访",
                        department="信访",
                        document=f"信访件 {p.pk}",
                        note=what,
                    ),
                )
            else:
                due = p.conclude_due or (p.accept_due + dt.timedelta(days=clock.conclude_days))
                listed = rounds.get((c.unit_id, c.side))
                if listed is not None:
                    due = min(due, listed - dt.timedelta(days=1))
                verdict = (
                    "已办结，查实但未对应负面清单项"
                    if status == "substantiated"
                    else f"待核实，须于 {due:%Y-%m-%d} 前核实"
                )
                item = ScreeningItem(
                    code="petition",
                    label="信访反映",
                    kind="policy",
                    evidence=f"{what}；{verdict}",
                    citation=JUDGEMENT_UNSUBSTANTIATED,
                )
            out.setdefault(c.pk, []).append(item)
    return out
