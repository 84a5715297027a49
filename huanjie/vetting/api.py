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
