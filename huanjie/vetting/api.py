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
