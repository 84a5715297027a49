"""Writes of the election committee, proxies and polling plan (issue 12 reqs. 3, 5, 6): each
validates with the rules, re-checks scope inside its transaction and audits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.elections import committee_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import (
    ChosenBy,
    CommitteeSeat,
    Election,
    ElectionCommittee,
    PollingPlan,
    PollingStaff,
    PollingVenue,
    Proxy,
    SeatRole,
    StaffRole,
    VenueKind,
    VotingMode,
)
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning.models import Campaign
from huanjie.rules import election_committee as ec
from huanjie.rules import polling
from huanjie.rules.citations import for_display
from huanjie.rules.eligibility import ProxyFacts
from huanjie.rules.profiles import KIN_1045
from huanjie.vetting.models import Candidate

OTHER_VILLAGER = "其他村民"


def _ensure_editor(actor: Any, unit: OrgUnit) -> None:
    if not can(actor, ElectionsCap.EDIT, unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）可以登记")


def _person_of(unit: OrgUnit, person: Person, field: str) -> None:
    if person.domicile_unit_id != unit.pk:
        raise ValidationError({field: "只能选择户籍在本村（社区）的已登记人员"})


def _cited(text: str, citation: str) -> str:
    return f"{text}（依据：{for_display(citation)}）"


# --- the committee -----------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def committee_create(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    chosen_by: str,
    chosen_on: dt.date,
    filed_on: dt.date | None = None,
) -> ElectionCommittee:
    """Record the committee chosen by one of the three bodies the law names, with the date."""
    _ensure_editor(actor, unit)
    if chosen_by not in ChosenBy.values:
        raise ValidationError(
            {"chosen_by": "选举委员会只能由村民会议、村民代表会议或者各村民小组会议推选产生"}
        )
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        raise ValidationError({"chosen_by": "该村（社区）所属市没有已发布的换届工作"})
    if filed_on is not None and filed_on < chosen_on:
        raise ValidationError({"filed_on": "备案日期不能早于推选日期"})
    if ElectionCommittee.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError({"chosen_by": "本次换届已登记选举委员会"})
    row = ElectionCommittee.objects.create(
        campaign=campaign, unit=unit, chosen_by=chosen_by, chosen_on=chosen_on, filed_on=filed_on
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


@transaction.atomic(durable=True)
def seat_add(
    *,
    actor: Any,
    committee: ElectionCommittee,
    person: Person,
    role: str,
    votes: int | None = None,
    joined_on: dt.date | None = None,
) -> CommitteeSeat:
    """A member (or a reserve of the 推选 ranking) with the votes received. One chair at a time.

    A member joining after the committee was chosen (``joined_on`` later) fills a vacancy by a new
    推选 (另行推选): refused without a vacancy, and where the measure allows a new choice only when the
    ranking is exhausted (北京 第十一条, 河南 第十二条) while reserves remain."""
    committee = ElectionCommittee.objects.select_related("unit", "campaign").get(pk=committee.pk)
    _ensure_editor(actor, committee.unit)
    _person_of(committee.unit, person, "person")
    if role not in SeatRole.values:
        raise ValidationError({"role": "请选择职务"})
    if CommitteeSeat.objects.filter(committee=committee, person=person).exists():
        raise ValidationError({"person": "此人已在选举委员会名单中"})
    if (
        role == SeatRole.CHAIR
        and CommitteeSeat.objects.filter(committee=committee, role="chair", left_on__isnull=True).exists()
    ):
        raise ValidationError({"role": "选举委员会已有主任"})
    if joined_on is not None and joined_on < committee.chosen_on:
        raise ValidationError({"joined_on": "任职日期不能早于推选日期"})
    if role != SeatRole.RESERVE and joined_on is not None and joined_on > committee.chosen_on:
        _ensure_new_choice(committee, joined_on)
    row = CommitteeSeat.objects.create(
        committee=committee,
        person=person,
        role=role,
        votes=votes,
        joined_on=None if role == SeatRole.RESERVE else (joined_on or committee.chosen_on),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


def _ensure_new_choice(committee: ElectionCommittee, on: dt.date) -> None:
    vacancies = sel.vacancy_count(committee)
    if not vacancies:
        raise ValidationError({"joined_on": "选举委员会没有出缺，不能另行推选成员"})
    reserves = list(
        CommitteeSeat.objects.filter(
            committee=committee, role="reserve", left_on__isnull=True
        ).select_related("person")
    )
    filling = ec.fill_vacancies(
        [ec.Reserve(str(s.person_id), s.person.name, s.votes or 0) for s in reserves],
        vacancies,
        sel.excluded_reserves(committee, reserves, on),
        kind=sel.law_kind(committee.unit),
        profile=committee.campaign.profile_code,
        day=on,
    )
    if not filling.new_choice_allowed:
        raise ValidationError({"joined_on": _cited("原推选结果尚有候补人选，应当依次递补", filling.citation)})


@transaction.atomic(durable=True)
def seat_withdraw(*, actor: Any, seat: CommitteeSeat, on: dt.date, reason: str = "") -> CommitteeSeat:
    """A member leaves: the reason and citation come from the withdrawal rule when a nomination
    requires it; any other departure (其他原因出缺) needs a reason."""
    seat = (
        CommitteeSeat.objects.select_for_update()
        .select_related("committee__unit", "committee__campaign", "person")
        .get(pk=seat.pk)
    )
    committee = seat.committee
    _ensure_editor(actor, committee.unit)
    if seat.left_on is not None:
        raise ValidationError({"on": "此人已退出选举委员会"})
    if on < committee.chosen_on:
        raise ValidationError({"on": "退出日期不能早于推选日期"})
    before = audit.snapshot(seat)
    cands = sel.nominees(committee.campaign, committee.unit)
    found = [w for w in sel.withdrawals_of(committee, [seat], cands, on) if w.required]
    if found:
        seat.left_reason = found[0].text[:300]
        seat.left_citation = found[0].citation[:300]
    elif reason.strip():
        seat.left_reason = reason.strip()[:300]
    else:
        raise ValidationError({"reason": "没有须退出的提名，请填写出缺原因"})
    seat.left_on = on
    seat.save(update_fields=["left_on", "left_reason", "left_citation"])
    audit.record(AuditAction.UPDATE, actor=actor, instance=seat, before=before, after=audit.snapshot(seat))
    return seat


@transaction.atomic(durable=True)
def vacancies_fill(*, actor: Any, committee: ElectionCommittee, on: dt.date) -> list[CommitteeSeat]:
    """Fill the vacancies from the 推选 ranking in order (the rule skips nominees and relatives who
    would have to withdraw; a tie at the cut or a short ranking is refused: a new 推选 is needed)."""
    committee = (
        ElectionCommittee.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=committee.pk)
    )
    _ensure_editor(actor, committee.unit)
    vacancies = sel.vacancy_count(committee)
    if not vacancies:
        raise ValidationError({"on": "选举委员会没有出缺"})
    reserves = list(
        CommitteeSeat.objects.filter(
            committee=committee, role="reserve", left_on__isnull=True
        ).select_related("person")
    )
    filling = ec.fill_vacancies(
        [ec.Reserve(str(s.person_id), s.person.name, s.votes or 0) for s in reserves],
        vacancies,
        sel.excluded_reserves(committee, reserves, on),
        kind=sel.law_kind(committee.unit),
        profile=committee.campaign.profile_code,
        day=on,
    )
    if not filling.picks:
        raise ValidationError({"on": _cited(filling.text, filling.citation)})
    by_key = {str(s.person_id): s for s in reserves}
    out = []
    for r in filling.picks:
        seat = by_key[r.person]
        before = audit.snapshot(seat)
        seat.role, seat.joined_on, seat.filled_from_ranking = SeatRole.MEMBER, on, True
        seat.save(update_fields=["role", "joined_on", "filled_from_ranking"])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=seat,
            before=before,
            after=audit.snapshot(seat),
            reason=_cited(filling.text, filling.citation)[:500],
        )
        out.append(seat)
    return out


@transaction.atomic(durable=True)
def chair_choose(*, actor: Any, seat: CommitteeSeat) -> CommitteeSeat:
    """The members choose a chair from among themselves (after the chair withdrew)."""
    seat = (
        CommitteeSeat.objects.select_for_update(of=("self",))
        .select_related("committee__unit")
        .get(pk=seat.pk)
    )
    _ensure_editor(actor, seat.committee.unit)
    if seat.left_on is not None or seat.role == SeatRole.RESERVE:
        raise ValidationError({"seat": "只能从在任成员中推选主任"})
    if CommitteeSeat.objects.filter(committee=seat.committee, role="chair", left_on__isnull=True).exists():
        raise ValidationError({"seat": "选举委员会已有主任"})
    before = audit.snapshot(seat)
    seat.role = SeatRole.CHAIR
    seat.save(update_fields=["role"])
    audit.record(AuditAction.UPDATE, actor=actor, instance=seat, before=before, after=audit.snapshot(seat))
    return seat


# --- proxies ------------------------------------------------------------------------------------------


def _relationship(principal: Person, proxy: Person) -> str | None:
    """What the proxy is to the principal (a KIN_1045 label), or None."""
    labels = sel.relations_among({principal.pk, proxy.pk})
    label = labels.get((str(proxy.pk), str(principal.pk)))
    return label if label in KIN_1045 else None


@transaction.atomic(durable=True)
def proxy_register(
    *, actor: Any, election: Election, principal: Person, proxy: Person, requested_on: dt.date
) -> Proxy:
    """Register a written proxy; refused with every reason the rules give (who, the cap of three,
    candidates, the deadline, 居民代表 mode)."""
    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=election.pk)
    )
    _ensure_editor(actor, election.unit)
    _person_of(election.unit, principal, "principal")
    _person_of(election.unit, proxy, "proxy")
    if principal.pk == proxy.pk:
        raise ValidationError({"proxy": "委托人和受委托人不能是同一人"})
    if election.election_day is None:
        raise ValidationError({"requested_on": "尚未确定选举日，不能办理委托投票"})
    if Proxy.objects.filter(election=election, principal=principal).exists():
        raise ValidationError({"principal": "此人已办理委托投票"})
    if Proxy.objects.filter(election=election, principal=proxy).exists():
        raise ValidationError({"proxy": "受委托人本人已委托他人投票，不得再接受委托"})
    plan = PollingPlan.objects.filter(election=election).first()
    relationship = _relationship(principal, proxy)
    is_candidate = Candidate.objects.filter(
        campaign=election.campaign,
        unit=election.unit,
        person=proxy,
        side="committee",
        withdrawn_on__isnull=True,
    ).exists()
    facts = ProxyFacts(
        relationship=relationship,
        proxy_is_candidate=is_candidate,
        accepted=Proxy.objects.filter(election=election, proxy=proxy).count(),
    )
    verdict = polling.proxy_verdict(
        facts,
        requested_on=requested_on,
        kind=sel.law_kind(election.unit),
        profile=election.campaign.profile_code,
        election_day=election.election_day,
        mode=plan.mode if plan else VotingMode.ALL_VOTERS,  # type: ignore[arg-type]
    )
    if not verdict.eligible:
        raise ValidationError({"proxy": [_cited(s.text, s.citation) for s in verdict.blocks]})
    row = Proxy.objects.create(
        election=election,
        principal=principal,
        proxy=proxy,
        relationship=relationship or OTHER_VILLAGER,
        requested_on=requested_on,
        warnings=[_cited(s.text, s.citation) for s in verdict.warnings],
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


# --- the polling plan --------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def plan_save(
    *,
    actor: Any,
    election: Election,
    central_venue: str,
    central_booths: int,
    mode: str = VotingMode.ALL_VOTERS,
    meeting_on: dt.date | None = None,
    meeting_place: str = "",
    proxy_list_published_on: dt.date | None = None,
) -> PollingPlan:
    """Create or change the plan of an election (the venue's booths and the meeting are judged on the
    page; a missing booth or a meeting on election day is refused)."""
    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=election.pk)
    )
    _ensure_editor(actor, election.unit)
    if mode not in VotingMode.values or (
        mode != VotingMode.ALL_VOTERS and election.unit.level != "community"
    ):
        raise ValidationError({"mode": "村民委员会选举由选民直接投票；户代表、居民代表方式只适用于社区"})
    if election.election_day is not None:
        problems = sel.venue_checks(election, "central", 0, central_booths, True)
        if meeting_on is not None:
            problems += [
                sel.Shown.finding(f)
                for f in polling.meeting_findings(
                    meeting_on,
                    kind=sel.law_kind(election.unit),
                    profile=election.campaign.profile_code,
                    election_day=election.election_day,
                )
            ]
        blocks = [f"{p.text}（依据：{p.citation}）" for p in problems if p.severity == "block"]
        if blocks:
            raise ValidationError({"central_booths": blocks})
    plan = PollingPlan.objects.select_for_update().filter(election=election).first()
    before = audit.snapshot(plan) if plan else None
    values = {
        "central_venue": central_venue,
        "central_booths": central_booths,
        "mode": mode,
        "meeting_on": meeting_on,
        "meeting_place": meeting_place,
        "proxy_list_published_on": proxy_list_published_on,
    }
    if plan is None:
        plan = PollingPlan.objects.create(election=election, **values)
        audit.record(AuditAction.CREATE, actor=actor, instance=plan, after=audit.snapshot(plan))
    else:
        for k, v in values.items():
            setattr(plan, k, v)
        plan.save()
        audit.record(
            AuditAction.UPDATE, actor=actor, instance=plan, before=before, after=audit.snapshot(plan)
        )
    return plan


@transaction.atomic(durable=True)
def venue_add(
    *,
    actor: Any,
    plan: PollingPlan,
    kind: str,
    name: str,
    place: str = "",
    booths: int = 0,
    approved: bool = False,
    approval_no: str = "",
) -> PollingVenue:
    """A 投票站 (with its secret booths) or a 流动票箱 (its scrutineers are added as staff; the page
    flags a box with fewer than the profile's minimum)."""
    plan = PollingPlan.objects.select_related("election__unit", "election__campaign").get(pk=plan.pk)
    _ensure_editor(actor, plan.election.unit)
    if kind not in VenueKind.values:
        raise ValidationError({"kind": "请选择类型"})
    if kind == VenueKind.STATION and booths < 1:
        raise ValidationError({"booths": "投票站应当设立秘密写票处"})
    if approved and not approval_no.strip():
        raise ValidationError({"approval_no": "请填写乡镇批准文号"})
    row = PollingVenue.objects.create(
        plan=plan,
        kind=kind,
        name=name,
        place=place,
        booths=booths,
        approved=approved,
        approval_no=approval_no,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


@transaction.atomic(durable=True)
def staff_add(
    *, actor: Any, plan: PollingPlan, person: Person, role: str, venue: PollingVenue | None = None
) -> PollingStaff:
    """A member of the election staff; refused when the profile bars the person (a candidate or a
    relative it names), accepted with the warning shown when the profile's row is unverified."""
    plan = PollingPlan.objects.select_related("election__unit", "election__campaign").get(pk=plan.pk)
    _ensure_editor(actor, plan.election.unit)
    _person_of(plan.election.unit, person, "person")
    if role not in StaffRole.values:
        raise ValidationError({"role": "请选择工作职责"})
    if venue is not None and venue.plan_id != plan.pk:
        raise ValidationError({"venue": "投票站不属于本投票方案"})
    if PollingStaff.objects.filter(plan=plan, person=person, role=role, venue=venue).exists():
        raise ValidationError({"person": "此人已登记为该职责"})
    mine = [f for f in sel.staff_checks(plan, [polling.Staff(str(person.pk), person.name, role)]) if f.blocks]
    if mine:
        raise ValidationError({"person": [_cited(f.message, f.rule) for f in mine]})
    row = PollingStaff.objects.create(plan=plan, person=person, role=role, venue=venue)
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row
