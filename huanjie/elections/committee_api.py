"""REST API of the election committee, proxies and polling plan (issue 12 reqs. 3, 5, 6): the same
selectors as the pages."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import BoundedPageNumberPagination, RecordId
from huanjie.elections import committee_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import ElectionCommittee

router = Router(tags=["选举委员会、委托投票、投票方案"])


class CommitteeOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    chosen_by: str
    chosen_on: str
    members: int

    @staticmethod
    def resolve_unit_code(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.code)

    @staticmethod
    def resolve_unit_name(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.name)

    @staticmethod
    def resolve_chosen_on(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.chosen_on.isoformat())


class ProxyOut(Schema):
    principal: str
    proxy: str
    relationship: str
    requested_on: str


class ProxiesOut(Schema):
    election: int
    unit_name: str
    election_day: str | None
    proxies: list[ProxyOut]


@router.get("/committees", response=list[CommitteeOut], summary="选举委员会列表")
@paginate(BoundedPageNumberPagination)
@api_requires(ElectionsCap.VIEW)
def committee_list(request: HttpRequest) -> QuerySet[ElectionCommittee]:
    return sel.committees(request.auth)  # type: ignore[attr-defined]


@router.get("/elections/{pk}/proxies", response=ProxiesOut, summary="委托投票名单")
@api_requires(ElectionsCap.VIEW)
def proxy_list(request: HttpRequest, pk: RecordId) -> dict[str, object]:
    page = sel.proxies_page(request.auth, pk)  # type: ignore[attr-defined]
    e = page.election
    return {
        "election": e.pk,
        "unit_name": e.unit.name,
        "election_day": e.election_day.isoformat() if e.election_day else None,
        "proxies": [
            {
                "principal": p.principal.shown_name,  # type: ignore[attr-defined]
                "proxy": p.proxy.shown_name,  # type: ignore[attr-defined]
                "relationship": p.relationship,
                "requested_on": p.requested_on.isoformat(),
            }
            for p in page.proxies
        ],
    }
