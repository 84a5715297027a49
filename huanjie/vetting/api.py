"""REST API of the vetting app: the candidates of the user's jurisdiction (names, posts, channels;
nothing confidential)."""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import BoundedPageNumberPagination, RecordId
from huanjie.vetting import selectors
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.models import Candidate

router = Router(tags=["人选"])


class CandidateOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    name: str
    side: str
    post: str
    source: str
    channel: str
    qualification: str
    withdrawn_on: str | None

    @staticmethod
    def resolve_unit_code(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.code)

    @staticmethod
    def resolve_unit_name(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.name)

    @staticmethod
    def resolve_name(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.person.name)

    @staticmethod
    def resolve_withdrawn_on(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.withdrawn_on.isoformat() if obj.withdrawn_on else None


@router.get("/candidates", response=list[CandidateOut], summary="人选列表")
@paginate(BoundedPageNumberPagination)
@api_requires(VettingCap.VIEW)
def candidate_list(
    request: HttpRequest, side: Literal["", "party", "committee", "supervision"] = ""
) -> QuerySet[Candidate]:
    """Candidates of the caller's jurisdiction (optionally of one committee side)."""
    return selectors.candidates(request.auth, side=side)  # type: ignore[attr-defined]


@router.get("/candidates/{pk}", response=CandidateOut, summary="人选")
@api_requires(VettingCap.VIEW)
def candidate_detail(request: HttpRequest, pk: RecordId) -> Candidate:
    return selectors.candidate(request.auth, pk)  # type: ignore[attr-defined]


# --- party 预备人选 (vetting-party): the branch's 请示 and the 镇党委's 批复 (no findings) ------------

from huanjie.vetting import party_selectors  # noqa: E402
from huanjie.vetting.models import PartyRequest  # noqa: E402
from huanjie.vetting.workflows import PARTY_REQUEST_SPEC  # noqa: E402


class PartyCandidateOut(Schema):
    pk: int
    name: str
    post: str
    votes_members: int | None
    votes_public: int | None
    withdrawn_on: str | None

    @staticmethod
    def resolve_name(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.person.name)

    @staticmethod
    def resolve_withdrawn_on(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.withdrawn_on.isoformat() if obj.withdrawn_on else None


class PartyRequestOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    campaign: str
    state: str
    state_label: str
    request_no: str
    request_date: str | None
    approval_no: str
    approval_date: str | None
    publicity_start: str | None
    publicity_end: str | None
    candidates: list[PartyCandidateOut]

    @staticmethod
    def resolve_unit_code(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.code)

    @staticmethod
    def resolve_unit_name(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.name)

    @staticmethod
    def resolve_campaign(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.campaign.name)

    @staticmethod
    def resolve_state_label(obj) -> str:  # type: ignore[no-untyped-def]
        return PARTY_REQUEST_SPEC.state_label(obj.state)

    @staticmethod
    def resolve_candidates(obj) -> list:  # type: ignore[no-untyped-def,type-arg]
        return list(obj.party_members)  # prefetched by the selector

    @staticmethod
    def resolve_request_date(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.request_date.isoformat() if obj.request_date else None

    @staticmethod
    def resolve_approval_date(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.approval_date.isoformat() if obj.approval_date else None

    @staticmethod
    def resolve_publicity_start(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.publicity_start.isoformat() if obj.publicity_start else None

    @staticmethod
    def resolve_publicity_end(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.publicity_end.isoformat() if obj.publicity_end else None


@router.get("/party-requests", response=list[PartyRequestOut], summary="党组织预备人选请示列表")
@paginate(BoundedPageNumberPagination)
@api_requires(VettingCap.VIEW)
def party_request_list(request: HttpRequest) -> QuerySet[PartyRequest]:
    """The 请示 of the caller's jurisdiction with their 预备人选 and counts (never findings)."""
    return party_selectors.party_requests(request.auth)  # type: ignore[attr-defined]


@router.get("/party-requests/{pk}", response=PartyRequestOut, summary="党组织预备人选请示")
@api_requires(VettingCap.VIEW)
def party_request_detail(request: HttpRequest, pk: RecordId) -> PartyRequest:
    return party_selectors.party_request_api(request.auth, pk)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# Talks (四必谈) and pledges, issue 11 reqs. 7 and 9: the same selectors as the pages. The talk ledger
# is confidential (vetting.confidential; a read from outside the town is audited like the page's);
# it reads what is stored (the page regenerates, the API does not write).

from huanjie.core.api_params import UnitCode  # noqa: E402
from huanjie.vetting import pledge_selectors, talk_selectors, talk_services  # noqa: E402


class TalkOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    person_name: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    basis: str
    due_on: str
    done_on: str | None
    obsolete_on: str | None
    overdue: bool


class TalkLedgerOut(Schema):
    unit_code: str
    unit_name: str
    required: int
    done: int
    overdue: int
    talks: list[TalkOut]


@router.get("/talks/{code}", response=TalkLedgerOut, summary="四必谈台账", tags=["四必谈"])
@api_requires(VettingCap.CONFIDENTIAL)
def talk_ledger(request: HttpRequest, code: UnitCode) -> dict[str, object]:
    """The talks of a town or a village (obsolete ones included) with coverage and overdue talks."""
    page = talk_selectors.ledger(request.auth, code, show_obsolete=True)  # type: ignore[attr-defined]
    talk_services.talks_viewed(actor=request.auth, unit=page.unit, what="通过接口查看四必谈台账（保密）")  # type: ignore[attr-defined]
    return {
        "unit_code": page.unit.code,
        "unit_name": page.unit.name,
        "required": page.coverage.required,
        "done": page.coverage.done,
        "overdue": page.coverage.overdue,
        "talks": [
            {
                "pk": ln.talk.pk,
                "unit_code": ln.talk.unit.code,
                "unit_name": ln.talk.unit.name,
                "person_name": ln.talk.person.name,
                "kind": ln.talk.kind,
                "kind_label": ln.talk.get_kind_display(),
                "level": ln.talk.level,
                "level_label": ln.talk.get_level_display(),
                "basis": ln.talk.basis,
                "due_on": ln.talk.due_on.isoformat(),
                "done_on": ln.talk.done_on.isoformat() if ln.talk.done_on else None,
                "obsolete_on": ln.talk.obsolete_on.isoformat() if ln.talk.obsolete_on else None,
                "overdue": ln.overdue,
            }
            for ln in page.lines
        ],
    }


class MissingSignerOut(Schema):
    kind: str
    unit_code: str
    name: str
    why: str
    candidate_pk: int | None


class PledgeLineOut(Schema):
    unit_code: str
    unit_name: str
    commitment_required: int
    commitment_signed: int
    discipline_required: int
    discipline_signed: int
    guarantees: int
    scans_missing: int


class PledgeCoverageOut(Schema):
    unit_code: str
    unit_name: str
    commitment_required: int
    commitment_signed: int
    discipline_required: int
    discipline_signed: int
    guarantees: int
    scans_missing: int
    lines: list[PledgeLineOut]
    missing: list[MissingSignerOut]


@router.get("/pledges/{code}", response=PledgeCoverageOut, summary="纪律承诺签订情况", tags=["纪律承诺"])
@api_requires(VettingCap.VIEW)
def pledge_coverage(request: HttpRequest, code: UnitCode) -> dict[str, object]:
    """A town's or a village's pledges against 100%, with the required signers still missing."""
    page = pledge_selectors.coverage(request.auth, code)  # type: ignore[attr-defined]
    return {
        "unit_code": page.unit.code,
        "unit_name": page.unit.name,
        "commitment_required": page.commitment.required,
        "commitment_signed": page.commitment.signed,
        "discipline_required": page.discipline.required,
        "discipline_signed": page.discipline.signed,
        "guarantees": page.guarantees,
        "scans_missing": page.scans_missing,
        "lines": [
            {
                "unit_code": ln.unit.code,
                "unit_name": ln.unit.name,
                "commitment_required": ln.commitment.required,
                "commitment_signed": ln.commitment.signed,
                "discipline_required": ln.discipline.required,
                "discipline_signed": ln.discipline.signed,
                "guarantees": ln.guarantees,
                "scans_missing": ln.scans_missing,
            }
            for ln in page.lines
        ],
        "missing": [
            {
                "kind": s.kind,
                "unit_code": s.unit.code,
                "name": s.name,
                "why": s.why,
                "candidate_pk": s.candidate_pk,
            }
            for s in page.missing
        ],
    }


# --- nomination (村（居）民委员会 candidates; issue 11 req. 2) ---------------------------------------

from huanjie.vetting import nomination_selectors  # noqa: E402


class NominationStepOut(Schema):
    rule: str
    citation: str
    text: str


class NominationPostOut(Schema):
    post: str
    label: str
    seats: int
    target: int
    formal: list[str]
    tied: list[str]
    candidates: list[str]
    surplus_ok: bool


class NominationRoundOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    side: str
    method: str
    law: str
    held_on: str
    election_day: str
    registered: int | None
    participants: int | None
    confirmed_on: str | None
    published_on: str | None
    settled: bool
    posts: list[NominationPostOut]
    steps: list[NominationStepOut]


@router.get("/nomination/rounds/{pk}", response=NominationRoundOut, summary="候选人提名与正式候选人")
@api_requires(VettingCap.VIEW)
def nomination_round_detail(request: HttpRequest, pk: RecordId) -> dict[str, object]:
    """A nomination round: the formal candidates as the rules count them (each step with its
    citation) and the list as it stands."""
    page = nomination_selectors.nomination_round(request.auth, pk)  # type: ignore[attr-defined]
    r = page.round
    return {
        "pk": r.pk,
        "unit_code": r.unit.code,
        "unit_name": r.unit.name,
        "side": r.side,
        "method": r.method,
        "law": page.law_title,
        "held_on": r.held_on.isoformat(),
        "election_day": r.election_day.isoformat(),
        "registered": r.registered,
        "participants": r.participants,
        "confirmed_on": r.confirmed_on.isoformat() if r.confirmed_on else None,
        "published_on": r.published_on.isoformat() if r.published_on else None,
        "settled": page.settled,
        "posts": [
            {
                "post": p.post,
                "label": p.label,
                "seats": p.seats,
                "target": p.target,
                "formal": p.formal,
                "tied": p.tied,
                "candidates": [c.person.name for c in p.candidates],
                "surplus_ok": p.surplus_ok,
            }
            for p in page.posts
        ],
        "steps": [{"rule": s["rule"], "citation": s["citation"], "text": s["text"]} for s in page.steps],
    }
