"""REST API of the petitions (信访) and risks (风险研判) registers: the same selectors as the pages,
scoped to the caller's jurisdiction. The petitioner's identity is never part of the API."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import BoundedPageNumberPagination, RecordId
from huanjie.oversight import petitions_selectors as psel
from huanjie.oversight import risks_selectors as rsel
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import Petition, Risk

router = Router(tags=["信访"])
risks_router = Router(tags=["风险研判"])


class PetitionOut(Schema):
    pk: int
    campaign_pk: int = Field(..., alias="campaign_id")
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    channel: str
    category: str
    received_on: dt.date
    summary: str
    state: str
    state_due: dt.date | None
    accept_due: dt.date
    conclude_due: dt.date | None
    finding: str
    item_code: str


class PetitionFilter(Schema):
    status: str = Field("", max_length=32, description="状态")
    category: str = Field("", max_length=16, description="问题类别")
    overdue: bool = Field(False, description="仅逾期未受理、未办结的")


@router.get("/petitions", response=list[PetitionOut], summary="信访件列表（不含信访人身份）")
@paginate(BoundedPageNumberPagination)
@api_requires(OversightCap.VIEW)
def petition_list(request: HttpRequest, filters: Query[PetitionFilter]) -> QuerySet[Petition]:
    user = request.auth  # type: ignore[attr-defined]
    f = psel.PetitionFilters(status=filters.status, category=filters.category, overdue=filters.overdue)
    return psel.petition_rows(psel.petitions(user, f))


@router.get("/petitions/{pk}", response=PetitionOut, summary="信访件详情（不含信访人身份）")
@api_requires(OversightCap.VIEW)
def petition_detail(request: HttpRequest, pk: RecordId) -> Petition:
    return psel.petition(request.auth, pk)  # type: ignore[attr-defined]


class RiskOut(Schema):
    pk: int
    campaign_pk: int = Field(..., alias="campaign_id")
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    kind: str
    title: str
    level: str
    cause: str
    owner: str
    measures: str
    plan: str
    state: str


class RiskFilter(Schema):
    status: str = Field("", max_length=32, description="状态")
    level: str = Field("", max_length=10, description="风险等级")


@risks_router.get("/risks", response=list[RiskOut], summary="风险研判列表")
@paginate(BoundedPageNumberPagination)
@api_requires(OversightCap.VIEW)
def risk_list(request: HttpRequest, filters: Query[RiskFilter]) -> QuerySet[Risk]:
    user = request.auth  # type: ignore[attr-defined]
    return rsel.risks(user, rsel.RiskFilters(status=filters.status, level=filters.level))


@risks_router.get("/risks/{pk}", response=RiskOut, summary="风险研判详情")
@api_requires(OversightCap.VIEW)
def risk_detail(request: HttpRequest, pk: RecordId) -> Risk:
    return rsel.risk(request.auth, pk)  # type: ignore[attr-defined]
