"""Reads of the election committee, proxies and polling plan pages (issue 12 reqs. 3, 5, 6): every
selector takes the user and reaches rows only through scoping; the rules' inputs are built here
(people and relations as keys, candidates of the 村（居）民委员会) and the verdicts handed to templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import (
    CommitteeSeat,
    Election,
    ElectionCommittee,
    PollingPlan,
    PollingStaff,
    PollingVenue,
    Proxy,
)
from huanjie.org.models import OrgUnit
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import INVERSE, RelationKind
from huanjie.people.models import Person, Relation
from huanjie.planning.models import Campaign
from huanjie.planning.rectification_selectors import latest_campaign
from huanjie.rules import election_committee as ec
from huanjie.rules import polling
from huanjie.rules.citations import for_display, provenance_label
from huanjie.rules.committee_checks import Finding
from huanjie.rules.profiles import LawKind, get_profile, law_in_force
from huanjie.vetting.models import Candidate

NOT_FOUND = "未找到，或不在您的管辖范围内"
LEAF_LEVELS = ("village", "community")
PERSON_CHOICES_MAX = 500


# --- adapters: models → rules inputs -------------------------------------------------------------


def law_kind(unit: OrgUnit) -> LawKind:
    return "community" if unit.level == "community" else "village"


def relations_among(ids: set[int]) -> dict[tuple[str, str], str]:
    """Near-relative links among ``ids`` (person pks) as the rules take them: ``(a, b)`` → what ``a``
    is to ``b`` (labels of KIN_1045), both directions."""
    labels = dict(RelationKind.choices)
    out: dict[tuple[str, str], str] = {}
    for r in Relation.objects.filter(person_a_id__in=ids, person_b_id__in=ids):
        a, b = str(r.person_a_id), str(r.person_b_id)
        out[(a, b)] = labels[r.kind]
        out[(b, a)] = labels[INVERSE[RelationKind(r.kind)]]
    return out


def nominees(campaign: Campaign, unit: OrgUnit) -> list[Candidate]:
    """The candidates nominated for the 村（居）民委员会 (not withdrawn)."""
    return list(
        Candidate.objects.filter(campaign=campaign, unit=unit, side="committee", withdrawn_on__isnull=True)
        .select_related("person")
        .order_by("pk")
    )


def nomination_day(cands: list[Candidate], default: dt.date) -> dt.date:
    """The day the law is judged by: the latest nomination (withdrawal follows it)."""
    days = [timezone.localdate(c.registered_at) for c in cands if c.registered_at]
    return max(days, default=default)


def withdrawals_of(
    committee: ElectionCommittee, seats: list[CommitteeSeat], cands: list[Candidate], on: dt.date
) -> list[ec.Withdrawal]:
    members = [ec.Member(str(s.person_id), s.person.name, chair=s.role == "chair") for s in seats]
    noms = [ec.Nominee(str(c.person_id), c.person.name, c.get_post_display()) for c in cands]
    ids = {s.person_id for s in seats} | {c.person_id for c in cands}
    return ec.withdrawals(
        members,
        noms,
        relations_among(ids),
        kind=law_kind(committee.unit),
        profile=committee.campaign.profile_code,
        day=nomination_day(cands, on),
    )


def excluded_reserves(committee: ElectionCommittee, reserves: list[CommitteeSeat], on: dt.date) -> set[str]:
    """Reserves who may not fill a seat: nominated themselves, or a nominee's relative who would have
    to withdraw at once."""
    cands = nominees(committee.campaign, committee.unit)
    return {w.person for w in withdrawals_of(committee, reserves, cands, on) if w.required}


# --- scoping ---------------------------------------------------------------------------------------


def leaf_unit(user: Any, code: str, capability: str = ElectionsCap.VIEW) -> OrgUnit:
    paths = scope_paths(user, capability)
    unit = None
    if paths and code.isdigit():
        unit = OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=LEAF_LEVELS).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


def may_edit(user: Any, unit: OrgUnit) -> bool:
    return unit.path.startswith(tuple(scope_paths(user, ElectionsCap.EDIT)))


def unit_person(unit: OrgUnit, pk: int) -> Person:
    found = Person.objects.filter(pk=pk, domicile_unit=unit).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def people_choices(unit: OrgUnit) -> list[tuple[int, str]]:
    return [
        (p.pk, f"{p.name}（{p.id_masked}）")
        for p in Person.objects.filter(domicile_unit=unit).order_by("name", "pk")[:PERSON_CHOICES_MAX]
    ]


HIDDEN_NAME = "***"
"""What a user without ``people.view`` in the unit (e.g. civil affairs) sees instead of a name."""


class Names:
    """Names on a page: shown to holders of ``people.view`` in the unit, hidden from other roles
    (the persons' attribute ``shown_name`` and every sentence of the rules)."""

    def __init__(self, user: Any, unit: OrgUnit) -> None:
        self.visible = can(user, PeopleCap.VIEW, unit.path)
        self.names: set[str] = set()

    def person(self, p: Person) -> Person:
        self.names.add(p.name)
        p.shown_name = p.name if self.visible else HIDDEN_NAME  # type: ignore[attr-defined]
        return p

    def text(self, text: str) -> str:
        if self.visible:
            return text
        for name in sorted(self.names, key=len, reverse=True):
            text = text.replace(name, HIDDEN_NAME)
        return text

    def shown(self, s: Shown) -> Shown:
        return s if self.visible else Shown(s.severity, self.text(s.text), s.citation, s.provenance)


@dataclass(frozen=True)
class Shown:
    """A finding as a page shows it: the sentence, the citation without tags, its provenance."""

    severity: str
    text: str
    citation: str
    provenance: str

    @classmethod
    def of(cls, severity: str, text: str, citation: str) -> Shown:
        return cls(severity, text, for_display(citation), provenance_label(citation))

    @classmethod
    def finding(cls, f: Finding) -> Shown:
        return cls.of(f.severity, f.message, f.rule)


# --- the committee page -----------------------------------------------------------------------------


@dataclass
class CommitteePage:
    unit: OrgUnit
    campaign: Campaign | None
    committee: ElectionCommittee | None
    seats: list[CommitteeSeat] = field(default_factory=list)
    reserves: list[CommitteeSeat] = field(default_factory=list)
    left: list[CommitteeSeat] = field(default_factory=list)
    withdrawals: list[tuple[CommitteeSeat, Shown, bool]] = field(default_factory=list)
    checks: list[Shown] = field(default_factory=list)
    chair_rule: Shown | None = None
    choice_rule: Shown | None = None
    vacancies: int = 0
    filling: Shown | None = None
    has_chair: bool = False
    can_edit: bool = False
    people: list[tuple[int, str]] = field(default_factory=list)


def committee_of(user: Any, pk: int, capability: str = ElectionsCap.VIEW) -> ElectionCommittee:
    qs = ElectionCommittee.objects.select_related("unit", "campaign")
    return get_scoped_or_404(qs, user, "edit" if capability == ElectionsCap.EDIT else "view", pk=pk)  # type: ignore[no-any-return]


def seat_of(user: Any, pk: int) -> CommitteeSeat:
    qs = CommitteeSeat.objects.select_related("committee__unit", "committee__campaign", "person")
    return get_scoped_or_404(qs, user, "edit", pk=pk)  # type: ignore[no-any-return]


def vacancy_count(committee: ElectionCommittee) -> int:
    """Seats left by members (not reserves) not yet filled from the ranking or by a new choice (a
    member who joined after the committee was chosen, not from the ranking)."""
    seats = CommitteeSeat.objects.filter(committee=committee).exclude(role="reserve")
    left = seats.filter(left_on__isnull=False).count()
    filled = seats.filter(Q(filled_from_ranking=True) | Q(joined_on__gt=committee.chosen_on)).count()
    return max(0, left - filled)


def committee_page(user: Any, code: str) -> CommitteePage:
    unit = leaf_unit(user, code)
    campaign = latest_campaign(unit)
    committee = None
    if campaign is not None:
        committee = (
            ElectionCommittee.objects.filter(campaign=campaign, unit=unit)
            .select_related("unit", "campaign")
            .first()
        )
    page = CommitteePage(unit=unit, campaign=campaign, committee=committee)
    page.can_edit = campaign is not None and may_edit(user, unit)
    if page.can_edit:
        page.people = people_choices(unit)
    if campaign is None:
        return page
    today = timezone.localdate()
    day = committee.chosen_on if committee else today
    kind = law_kind(unit)
    page.choice_rule = Shown.of(
        "note",
        "由村民会议、村民代表会议或者各村民小组会议推选产生",
        ec.choice_citation(kind=kind, profile=campaign.profile_code, day=day),
    )
    _, chair_text, chair_cite = ec.chair_rule(profile=campaign.profile_code)
    page.chair_rule = Shown.of("note", chair_text, chair_cite)
    if committee is None:
        return page
    rows = list(CommitteeSeat.objects.filter(committee=committee).select_related("person"))
    page.seats = [s for s in rows if s.left_on is None and s.role != "reserve"]
    page.reserves = sorted(
        (s for s in rows if s.left_on is None and s.role == "reserve"), key=lambda s: -(s.votes or 0)
    )
    page.left = [s for s in rows if s.left_on is not None]
    page.has_chair = any(s.role == "chair" for s in page.seats)
    by_person = {str(s.person_id): s for s in page.seats}
    cands = nominees(campaign, unit)
    for w in withdrawals_of(committee, page.seats, cands, today):
        page.withdrawals.append(
            (by_person[w.person], Shown.of(w.finding.severity, w.text, w.citation), w.required)
        )
    names = Names(user, unit)
    for s in rows:
        names.person(s.person)
    for c in Candidate.objects.filter(campaign=campaign, unit=unit).select_related("person"):
        names.person(c.person)  # withdrawn nominees too: their names are in the withdrawal reasons
    page.withdrawals = [(seat, names.shown(s), req) for seat, s, req in page.withdrawals]
    for s in page.left:
        s.left_reason = names.text(s.left_reason)
    page.checks = [Shown.finding(f) for f in ec.size_findings(len(page.seats), profile=campaign.profile_code)]
    page.vacancies = vacancy_count(committee)
    if page.vacancies:
        filling = ec.fill_vacancies(
            [ec.Reserve(str(s.person_id), s.person.name, s.votes or 0) for s in page.reserves],
            page.vacancies,
            excluded_reserves(committee, page.reserves, today),
            kind=kind,
            profile=campaign.profile_code,
            day=today,
        )
        page.filling = names.shown(Shown.of("note", filling.text, filling.citation))
    return page


def committees(user: Any) -> QuerySet[ElectionCommittee]:
    return (
        ElectionCommittee.objects.visible_to(user)
        .select_related("unit", "campaign")
        .annotate(members=Count("seats", filter=Q(seats__left_on__isnull=True) & ~Q(seats__role="reserve")))
        .order_by("unit__path", "-pk")
    )


def committee_elections(user: Any) -> QuerySet[Election]:
    """Elections of the 村（居）民委员会 in the user's jurisdiction (proxies and plans belong to them)."""
    return (
        Election.objects.visible_to(user)
        .filter(body="committee")
        .select_related("unit")
        .order_by("unit__path", "pk")
    )


# --- proxies ---------------------------------------------------------------------------------------


def election_of(user: Any, pk: int, capability: str = ElectionsCap.VIEW) -> Election:
    qs = Election.objects.select_related("unit", "campaign")
    election: Election = get_scoped_or_404(
        qs, user, "edit" if capability == ElectionsCap.EDIT else "view", pk=pk
    )
    if election.body != "committee":
        raise Http404(NOT_FOUND)
    return election


@dataclass
class ProxiesPage:
    election: Election
    proxies: list[Proxy]
    plan: PollingPlan | None
    checks: list[Shown]
    can_edit: bool
    people: list[tuple[int, str]]
    rule: Shown | None
    printed_on: dt.date
    committee_title: str


def proxies_page(user: Any, pk: int) -> ProxiesPage:
    election = election_of(user, pk)
    plan = PollingPlan.objects.filter(election=election).first()
    proxies = list(Proxy.objects.filter(election=election).select_related("principal", "proxy"))
    names = Names(user, election.unit)
    for row in proxies:
        names.person(row.principal)
        names.person(row.proxy)
        row.warnings = [names.text(w) for w in row.warnings]
    checks: list[Shown] = []
    rule = None
    if election.election_day is not None:
        kind = law_kind(election.unit)
        profile = election.campaign.profile_code
        published = plan.proxy_list_published_on if plan else None
        checks = [
            Shown.finding(f)
            for f in polling.proxy_list_findings(
                published, kind=kind, profile=profile, election_day=election.election_day
            )
        ]
        prof = get_profile(profile)
        days = prof.proxy_request_days_before
        rule_text = (
            f"委托投票应当在选举日的{days}日前办理" if days is not None else "委托投票应当在选举日前办理"
        ) + "；每一受委托人接受委托不超过三人"
        law = law_in_force(kind, election.election_day)
        article = polling.NO_PROXY_IN_REPRESENTATIVES_MODE.get(law.code)
        if plan is not None and plan.mode == "representatives" and article:
            checks.insert(0, Shown.of("block", "本次采取居民代表选举方式，不实行委托投票", law.cite(article)))
        rule = Shown.of(
            "note", rule_text, prof.cite(prof.proxy_article, law.cite(law.schedule.election_article))
        )
    editable = may_edit(user, election.unit)
    return ProxiesPage(
        election=election,
        proxies=proxies,
        plan=plan,
        checks=checks,
        can_edit=editable,
        people=people_choices(election.unit) if editable else [],
        rule=rule,
        printed_on=timezone.localdate(),
        committee_title="居民选举委员会" if law_kind(election.unit) == "community" else "村民选举委员会",
    )


# --- the polling plan ------------------------------------------------------------------------------


@dataclass
class VenueRow:
    venue: PollingVenue
    scrutineers: list[PollingStaff]
    checks: list[Shown]


@dataclass
class PlanPage:
    election: Election
    plan: PollingPlan | None
    central_checks: list[Shown]
    venues: list[VenueRow]
    staff: list[PollingStaff]
    staff_checks: list[Shown]
    staff_rule: Shown | None
    can_edit: bool
    people: list[tuple[int, str]]


def venue_checks(election: Election, kind: str, scrutineers: int, booths: int, approved: bool) -> list[Shown]:
    if election.election_day is None:
        return []
    found = polling.venue_findings(
        kind,  # type: ignore[arg-type]
        scrutineers=scrutineers,
        booths=booths,
        approved=approved,
        kind=law_kind(election.unit),
        profile=election.campaign.profile_code,
        election_day=election.election_day,
    )
    return [Shown.finding(f) for f in found]


def staff_checks(plan: PollingPlan, only: list[polling.Staff] | None = None) -> list[Finding]:
    """The staff rule of the profile against the 村（居）民委员会 candidates of the campaign (for the
    plan's staff, or ``only`` the given people)."""
    election = plan.election
    if only is None:
        rows = PollingStaff.objects.filter(plan=plan).select_related("person")
        only = [polling.Staff(str(s.person_id), s.person.name, s.role) for s in rows]
    staff = only
    cands = nominees(election.campaign, election.unit)
    candidates = {str(c.person_id): c.person.name for c in cands}
    ids = {int(s.person) for s in staff} | {c.person_id for c in cands}
    return polling.staff_findings(
        staff, candidates, relations_among(ids), profile=election.campaign.profile_code
    )


def plan_page(user: Any, pk: int) -> PlanPage:
    election = election_of(user, pk)
    plan = PollingPlan.objects.filter(election=election).first()
    editable = may_edit(user, election.unit)
    page = PlanPage(
        election, plan, [], [], [], [], None, editable, people_choices(election.unit) if editable else []
    )
    verified, roles, kinds, cite = polling.staff_rule(profile=election.campaign.profile_code)
    text = f"候选人及其{'、'.join(sorted(kinds))}不得担任{'、'.join(roles)}人员" + (
        "" if verified else "（本省条款未核实，仅作提示）"
    )
    page.staff_rule = Shown.of("block" if verified else "warning", text, cite)
    if plan is None:
        return page
    page.central_checks = venue_checks(election, "central", 0, plan.central_booths, True)
    if plan.meeting_on and election.election_day:
        page.central_checks += [
            Shown.finding(f)
            for f in polling.meeting_findings(
                plan.meeting_on,
                kind=law_kind(election.unit),
                profile=election.campaign.profile_code,
                election_day=election.election_day,
            )
        ]
    page.staff = list(PollingStaff.objects.filter(plan=plan).select_related("person", "venue"))
    names = Names(user, election.unit)
    for s in page.staff:
        names.person(s.person)
    for c in nominees(election.campaign, election.unit):
        names.person(c.person)
    for v in PollingVenue.objects.filter(plan=plan):
        scr = [s for s in page.staff if s.venue_id == v.pk and s.role == "监票"]
        page.venues.append(VenueRow(v, scr, venue_checks(election, v.kind, len(scr), v.booths, v.approved)))
    page.staff_checks = [names.shown(Shown.finding(f)) for f in staff_checks(plan)]
    return page


def venue_of(plan: PollingPlan, pk: int | None) -> PollingVenue | None:
    if pk is None:
        return None
    found = PollingVenue.objects.filter(plan=plan, pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def plan_of(election: Election) -> PollingPlan:
    """The election's plan (404 before it is saved: venues and staff belong to a plan)."""
    found = (
        PollingPlan.objects.filter(election=election)
        .select_related("election__unit", "election__campaign")
        .first()
    )
    if found is None:
        raise Http404("请先保存投票方案")
    return found


def venue_choices(plan: PollingPlan) -> list[tuple[int, str]]:
    return [(v.pk, str(v)) for v in PollingVenue.objects.filter(plan=plan)]
