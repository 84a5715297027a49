"""REST API for org units: the same jurisdiction scoping as the UI (out of scope → 404)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from huanjie.accounts.models import User
from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import CODE_PATTERN, SEARCH_MAX, BoundedPageNumberPagination, UnitCode
from huanjie.core.scoping import get_scoped_or_404
from huanjie.org import selectors
from huanjie.org.capabilities import OrgCap
from huanjie.org.choices import Level
from huanjie.org.models import OrgUnit

router = Router(tags=["单位"])


class OrgUnitOut(Schema):
    code: str
    name: str
    level: Level
    level_label: str
    parent_code: str | None
    is_active: bool
    households: int | None
    population: int | None
    party_members: int | None
    villager_groups: int | None
    is_pilot: bool
    batch: int | None

    @staticmethod
    def resolve_level_label(obj: OrgUnit) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_parent_code(obj: OrgUnit) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class OrgUnitFilter(Schema):
    level: Level | None = None
    parent: str | None = Field(None, pattern=CODE_PATTERN, description="上级单位的 12 位区划代码")
    q: str = Field("", max_length=SEARCH_MAX, description="名称或代码中的文字")


def _visible_units(user: User) -> QuerySet[OrgUnit]:
    return selectors.units_visible(user).select_related("parent")


@router.get("/units", response=list[OrgUnitOut], summary="单位列表（管辖范围内）")
@paginate(BoundedPageNumberPagination)
@api_requires(OrgCap.VIEW)
def unit_list(request: HttpRequest, filters: Query[OrgUnitFilter]) -> QuerySet[OrgUnit]:
    """Units in the token user's jurisdiction; filter by level, parent code, or name/code search."""
    return selectors.unit_list(
        request.auth,  # type: ignore[attr-defined]
        level=filters.level or "all",
        parent=filters.parent or "",
        q=filters.q,
        active="",
    )


@router.get("/units/{code}", response=OrgUnitOut, summary="单位详情")
@api_requires(OrgCap.VIEW)
def unit_detail(request: HttpRequest, code: UnitCode) -> OrgUnit:
    """One unit by its 12-digit code; 404 when it does not exist or is outside the jurisdiction."""
    return get_scoped_or_404(_visible_units(request.auth), request.auth, code=code)  # type: ignore[attr-defined]
