"""Reads of the party 预备人选 area: the village's 请示, one 请示 with its 预备人选 (recommendation counts
and ranking; screening only for ``vetting.confidential``), a candidate's 考察 and screening.

Everything reaches rows through scoping (out of scope: 404). Screening and 考察 are confidential
(只做不说): a village operator sees the 预备人选, their counts and the 请示's state, never findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from huanjie.core import workflow
from huanjie.core.models import WorkflowHistory
from huanjie.core.scoping import can, get_scoped_or_404
from huanjie.org.models import OrgUnit
from huanjie.planning.models import Campaign
from huanjie.rules import workflow as wf_rules
from huanjie.vetting import screening
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Post, Side
from huanjie.vetting.models import Candidate, Inspection, PartyRequest
from huanjie.vetting.selectors import NOT_FOUND, campaign_of, leaf_unit
from huanjie.vetting.workflows import PARTY_REQUEST_SPEC


def _ranks(values: list[int | None]) -> list[int | None]:
    """Competition ranking (1, 1, 3): one plus the number of strictly higher counts; no count, no rank."""
    known = [v for v in values if v is not None]
    return [None if v is None else 1 + sum(1 for o in known if o > v) for v in values]


@dataclass(frozen=True)
class Ranked:
    """A party 预备人选 with its rank among the village's recommended persons for the same post."""

    candidate: Candidate
    rank_members: int | None
    rank_public: int | None
    screening: screening.CandidateScreening | None = None


def _ranked(rows: list[Candidate], pool: list[Candidate]) -> dict[int, tuple[int | None, int | None]]:
    """Ranks of ``rows`` by 党员推荐票 and by 群众推荐票 among ``pool`` (same post, not withdrawn)."""
    out: dict[int, tuple[int | None, int | None]] = {}
    for post in {c.post for c in rows}:
        same = [c for c in pool if c.post == post]
        by_members = dict(zip([c.pk for c in same], _ranks([c.votes_members for c in same]), strict=True))
        by_public = dict(zip([c.pk for c in same], _ranks([c.votes_public for c in same]), strict=True))
        for c in rows:
            if c.post == post:
                out[c.pk] = (by_members.get(c.pk), by_public.get(c.pk))
    return out


def _party_candidates(user: Any, unit: OrgUnit, campaign_id: int) -> list[Candidate]:
    rows = (
        Candidate.objects.visible_to(user)
        .filter(unit=unit, campaign_id=campaign_id, side=Side.PARTY)
        .select_related("unit", "person", "campaign", "request")
        .order_by("-votes_members", "-votes_public", "pk")
    )
    return sorted(rows, key=lambda c: Post.values.index(c.post))  # 书记 first; stable by votes


# --- the village's 请示 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRequests:
    unit: OrgUnit
    campaign: Campaign | None
    requests: list[tuple[PartyRequest, str]]
    can_create: bool


def unit_requests(user: Any, code: str) -> UnitRequests:
    """The village's 请示 on its 预备人选 (every campaign), and whether the user may open one for the
    current campaign."""
    unit = leaf_unit(user, code)
    campaign = campaign_of(unit)
    requests = list(
        PartyRequest.objects.visible_to(user).filter(unit=unit).select_related("campaign").order_by("-pk")
    )
    has_current = campaign is not None and any(r.campaign_id == campaign.pk for r in requests)
    creatable = campaign is not None and not has_current and can(user, VettingCap.EDIT, unit.path)
    rows = [(r, PARTY_REQUEST_SPEC.state_label(r.state)) for r in requests]
    return UnitRequests(unit=unit, campaign=campaign, requests=rows, can_create=creatable)


# --- one 请示 -------------------------------------------------------------------------------------


def party_request(user: Any, pk: int) -> PartyRequest:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        PartyRequest.objects.select_related("unit", "campaign", "campaign__city"), user, pk=pk
    )


@dataclass
class RequestPage:
    request: PartyRequest
    state_label: str
    rows: list[Ranked]
    withdrawn: list[Candidate]
    attachable: list[Ranked]
    actions: list[workflow.NextAction]
    history: list[WorkflowHistory]
    confidential: bool
    locked: bool
    can_edit: bool
    can_attach: bool
    can_withdraw: bool
    can_publicize: bool
    approve_blocks: list[str] = field(default_factory=list)


def request_page(user: Any, pk: int) -> RequestPage:
    """A 请示 with its 预备人选 ranked by recommendation counts, what the user may do, its history; for
    ``vetting.confidential`` each 预备人选's screening and what holds the 批复 now."""
    r = party_request(user, pk)
    path = r.unit.path
    all_party = _party_candidates(user, r.unit, r.campaign_id)
    pool = [c for c in all_party if c.withdrawn_on is None]
    attached = [c for c in pool if c.request_id == r.pk]
    free = [c for c in pool if c.request_id is None]
    ranks = _ranked(attached + free, pool)
    confidential = can(user, VettingCap.CONFIDENTIAL, path)
    screened = screening.screen_all(attached, on=screening.today()) if confidential else {}
    locked = wf_rules.is_locked(PARTY_REQUEST_SPEC, r.state)
    editor = can(user, VettingCap.EDIT, path)
    blocks = [
        f"{c.person.name}（{c.get_post_display()}）：{check.text}"
        for c in attached
        if c.pk in screened
        for check in screened[c.pk].blocks
    ]
    return RequestPage(
        request=r,
        state_label=PARTY_REQUEST_SPEC.state_label(r.state),
        rows=[Ranked(c, *ranks[c.pk], screened.get(c.pk)) for c in attached],
        withdrawn=[c for c in all_party if c.request_id == r.pk and c.withdrawn_on is not None],
        attachable=[Ranked(c, *ranks[c.pk]) for c in free],
        actions=workflow.next_actions(user, r),
        history=workflow.history(r),
        confidential=confidential,
        locked=locked,
        can_edit=editor and not locked,
        can_attach=editor and not locked and bool(free),
        can_withdraw=editor and not locked,
        can_publicize=editor and r.state == "approved",
        approve_blocks=blocks if r.state == "submitted" else [],
    )


# --- a candidate: screening and 考察 ----------------------------------------------------------------


@dataclass(frozen=True)
class CandidateParty:
    """What the candidate page shows of the party area: the screening and the 考察 (confidential
    only), and whether the user may record the 考察 or withdraw the 预备人选."""

    screening: screening.CandidateScreening | None
    inspection: Inspection | None
    confidential: bool
    can_inspect: bool
    can_withdraw: bool


def _inspection_editable(user: Any, c: Candidate) -> bool:
    path = c.unit.path
    approved = c.request is not None and c.request.state == "approved"
    return can(user, VettingCap.EDIT, path) and can(user, VettingCap.CONFIDENTIAL, path) and not approved


def candidate_party(user: Any, c: Candidate) -> CandidateParty:
    """The candidate page's party panel (``c`` as read by ``selectors.candidate``)."""
    path = c.unit.path
    confidential = can(user, VettingCap.CONFIDENTIAL, path)
    request = c.request
    locked = request is not None and wf_rules.is_locked(PARTY_REQUEST_SPEC, request.state)
    return CandidateParty(
        screening=screening.screen(c, on=screening.today()) if confidential else None,
        inspection=Inspection.objects.filter(candidate=c).first() if confidential else None,
        confidential=confidential,
        can_inspect=_inspection_editable(user, c),
        can_withdraw=(
            c.side == Side.PARTY
            and c.withdrawn_on is None
            and not locked
            and can(user, VettingCap.EDIT, path)
        ),
    )


@dataclass(frozen=True)
class InspectionPage:
    candidate: Candidate
    inspection: Inspection | None
    can_edit: bool
    five_strengths: bool


def inspection_page(user: Any, pk: int) -> InspectionPage:
    """A candidate's 考察 (``vetting.confidential`` in the candidate's jurisdiction; 404 otherwise)."""
    c = get_scoped_or_404(
        Candidate.objects.select_related("unit", "person", "campaign", "request"), user, pk=pk
    )
    if not can(user, VettingCap.CONFIDENTIAL, c.unit.path):
        raise Http404(NOT_FOUND)
    inspection = Inspection.objects.filter(candidate=c).first()
    return InspectionPage(
        candidate=c,
        inspection=inspection,
        can_edit=_inspection_editable(user, c),
        five_strengths=c.post == Post.SECRETARY or bool(inspection and inspection.strength_political),
    )


def party_candidate(user: Any, pk: int) -> Candidate:
    """A party candidate the user may see (for the withdrawal form)."""
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Candidate.objects.select_related("unit", "person", "campaign", "request"), user, pk=pk
    )


def attachable(user: Any, r: PartyRequest, pks: list[int]) -> list[Candidate]:
    """The chosen 预备人选 among those the user sees (the service checks they fit the 请示)."""
    return list(Candidate.objects.visible_to(user).filter(pk__in=pks).select_related("person"))


# --- the API (names, posts, counts and states; never findings) ------------------------------------


def party_requests(user: Any) -> QuerySet[PartyRequest]:
    """The 请示 of the user's jurisdiction with their 预备人选 (``party_members``; two queries a page)."""
    members = Candidate.objects.select_related("person").order_by("post", "pk")
    return (
        PartyRequest.objects.visible_to(user)
        .select_related("unit", "campaign")
        .prefetch_related(Prefetch("candidates", queryset=members, to_attr="party_members"))
        .order_by("unit__path", "-pk")
    )


def party_request_api(user: Any, pk: int) -> PartyRequest:
    return get_scoped_or_404(party_requests(user), user, pk=pk)  # type: ignore[no-any-return]
