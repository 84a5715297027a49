"""REST API of the elections app: the elections of the user's jurisdiction with their steps."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import BoundedPageNumberPagination, RecordId
from huanjie.elections import procedure_selectors
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import Election

router = Router(tags=["选举"])

# --- procedure (issue 12 reqs. 1, 2) ---------------------------------------------------------


class StepOut(Schema):
    key: str
    title: str
    done_on: dt.date
    law_code: str
    recorded_by: str
    violations: list[dict[str, str]]
    reason: str


class ElectionOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    body: str
    body_label: str
    kind: str
    election_day: dt.date | None
    order: int

    @staticmethod
    def resolve_unit_code(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.code)

    @staticmethod
    def resolve_unit_name(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.name)


class ElectionDetailOut(ElectionOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj) -> list:  # type: ignore[no-untyped-def,type-arg]
        return list(obj.step_rows)


@router.get("/elections", response=list[ElectionOut], summary="选举列表")
@paginate(BoundedPageNumberPagination)
@api_requires(ElectionsCap.VIEW)
def election_list(request: HttpRequest) -> QuerySet[Election]:
    """Elections of the caller's jurisdiction, by village and order."""
    return procedure_selectors.elections(request.auth)  # type: ignore[attr-defined]


@router.get("/elections/{pk}", response=ElectionDetailOut, summary="选举及其程序步骤")
@api_requires(ElectionsCap.VIEW)
def election_detail(request: HttpRequest, pk: RecordId) -> Election:
    return procedure_selectors.election_with_steps(request.auth, pk)  # type: ignore[attr-defined]
