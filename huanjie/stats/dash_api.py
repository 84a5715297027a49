"""REST API of the dashboards (issue 15 reqs. 2, 3, 7): the same figure selectors as the pages
(``progress_selectors``), scoped to the caller's ``stats.view`` jurisdiction (outside: 404)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import BoundedPageNumberPagination
from huanjie.stats import progress_selectors as ps
from huanjie.stats.capabilities import StatsCap

router = Router(tags=["统计看板"])

FIGURES = {
    "stages": ps.stage_figure,
    "batches": ps.batch_figure,
    "overdue": ps.overdue_figure,
    "daily": ps.daily_figure,
    "risks": ps.risk_figure,
    "petitions": ps.petition_figure,
}


class SeriesOut(Schema):
    key: str
    name: str
    data: list[int | float | None]
    links: list[str]
    stack: str


class FigureOut(Schema):
    key: str
    title: str
    axis: str
    categories: list[str]
    keys: list[str]
    series: list[SeriesOut]
    base: list[int]
    note: str
    list_url: str


class DashboardOut(Schema):
    unit_code: str
    unit_name: str
    campaign: str | None
    today: dt.date
    figures: list[FigureOut]


class VillageOut(Schema):
    code: str
    name: str
    town: str
    batch: int | None
    stages: dict[str, str]


def _one_of(*values: str) -> str:
    """A pattern for one of ``values`` or empty: the schema says exactly what ``parse_filter``
    accepts, so a request valid by the schema is never refused."""
    return "^(" + "|".join(["", *values]) + ")$"


class VillageQuery(Schema):
    """The drill-down's filter (``ps.parse_filter``), each parameter as narrow as the parser."""

    area: str = Field("", max_length=12, pattern=r"^[0-9]*$", description="下级单位代码")
    stage: str = Field("", max_length=16, pattern=_one_of(*ps.STAGE_CODES), description="进度事项")
    state: str = Field(
        "", max_length=8, pattern=_one_of("done", "open"), description="done 已完成 / open 未完成"
    )
    batch: str = Field(
        "", max_length=4, pattern=r"^(|none|0?[1-9]|[1-9][0-9])$", description="批次序号，none 为未分批"
    )
    overdue: str = Field(
        "", max_length=16, pattern=_one_of(*ps.STAGE_CODES, "any"), description="逾期事项，any 为任一"
    )
    day: dt.date | None = Field(None, description="选举完成日 YYYY-MM-DD")
    body: str = Field("", max_length=20, pattern=_one_of(*ps.Body.values), description="选举对象")
    risk: str = Field("", max_length=8, pattern=_one_of(*ps.RISK_KEYS), description="风险等级")
    petition: str = Field(
        "", max_length=8, pattern=_one_of(*ps.PETITION_KEYS), description="信访：all / open / overdue"
    )


@router.get("/dash/{code}", response=DashboardOut, summary="单位的看板数据（全部图表）")
@api_requires(StatsCap.VIEW)
def dashboard(request: HttpRequest, code: str) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    s = ps.scope_of(user, code)
    return {
        "unit_code": s.unit.code,
        "unit_name": s.unit.name,
        "campaign": s.campaign.name if s.campaign else None,
        "today": s.today,
        "figures": [fn(user, code).as_json() for fn in FIGURES.values()],
    }


@router.get("/dash/{code}/figures/{key}", response=FigureOut, summary="单位的一项看板图表")
@api_requires(StatsCap.VIEW)
def figure(request: HttpRequest, code: str, key: str) -> dict[str, Any]:
    fn = FIGURES.get(key)
    if fn is None:
        raise HttpError(404, "没有这一图表")
    return fn(request.auth, code).as_json()  # type: ignore[attr-defined]


@router.get("/dash/{code}/villages", response=list[VillageOut], summary="图表背后的村（社区）名单")
@paginate(BoundedPageNumberPagination)
@api_requires(StatsCap.VIEW)
def villages(request: HttpRequest, code: str, filters: Query[VillageQuery]) -> list[dict[str, Any]]:
    try:
        params = filters.dict()
        params["day"] = params["day"].isoformat() if params["day"] else ""
        f = ps.parse_filter(params)
    except ps.BadFilter as exc:
        raise HttpError(400, str(exc)) from exc
    found = ps.village_list(request.auth, code, f)  # type: ignore[attr-defined]
    return _VillageRows(found)  # type: ignore[return-value]


class _VillageRows:
    """The list as the paginator slices it: only the page's villages are read and marked."""

    def __init__(self, found: ps.VillageList) -> None:
        self.qs = found.villages

    def __len__(self) -> int:
        return self.qs.count()

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [
            {
                "code": u.code,
                "name": u.name,
                "town": u.parent.name if u.parent else "",
                "batch": u.batch,
                "stages": dict(zip(ps.STAGE_CODES, ps.village_marks(u), strict=True)),
            }
            for u in self.qs[item]
        ]
