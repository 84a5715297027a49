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
