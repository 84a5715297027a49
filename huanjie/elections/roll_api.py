"""Read-only REST API of the voter rolls (issue 12 req. 4): the rolls of the caller's jurisdiction and
their entries, paginated, through the same scoped selectors as the pages. No full ID number ever
leaves: entries carry the masked number (320321********1234), the sex and the age on the voting day
(no birth date)."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import BoundedPageNumberPagination, RecordId
from huanjie.elections import roll_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import RollEntry, VoterRoll
from huanjie.rules.dates import age_on

router = Router(tags=["选民名单"])


class RollOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    election: int | None
    voting_day: dt.date
    mode: str
    state: str
    published_on: dt.date | None
    locked_on: dt.date | None
    superseded: bool
    previous: int | None
    voters: int

    @staticmethod
    def resolve_unit_code(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.code)

    @staticmethod
    def resolve_unit_name(obj) -> str:  # type: ignore[no-untyped-def]
        return str(obj.unit.name)

    @staticmethod
    def resolve_election(obj) -> int | None:  # type: ignore[no-untyped-def]
        return obj.election_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_previous(obj) -> int | None:  # type: ignore[no-untyped-def]
        return obj.previous_id  # type: ignore[no-any-return]


class EntryOut(Schema):
    pk: int
    roll: int
    name: str
    id_masked: str
    sex: str
    age: int
    group: str
    household: str
    category: str
    category_label: str
    registered_on: dt.date
    law_code: str
    add_reason: str
    status: str
    remove_reason: str
    remove_note: str

    @staticmethod
    def resolve_roll(obj) -> int:  # type: ignore[no-untyped-def]
        return obj.roll_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_age(obj) -> int:  # type: ignore[no-untyped-def]
        return age_on(obj.birth_date, obj.roll.voting_day)


class EntryFilter(Schema):
    status: Literal["active", "removed"] | None = None


@router.get("/rolls", response=list[RollOut], summary="选民名单列表")
@paginate(BoundedPageNumberPagination)
@api_requires(ElectionsCap.VIEW)
def roll_list(request: HttpRequest) -> QuerySet[VoterRoll]:
    """The rolls of the caller's jurisdiction, by village and voting day (latest first)."""
    return sel.rolls(request.auth)  # type: ignore[attr-defined]


@router.get("/rolls/{pk}/entries", response=list[EntryOut], summary="选民名单的登记（不含完整身份证号）")
@paginate(BoundedPageNumberPagination)
@api_requires(ElectionsCap.VIEW)
def roll_entry_list(request: HttpRequest, pk: RecordId, filters: Query[EntryFilter]) -> QuerySet[RollEntry]:
    """One roll's entries by villager group (``status``: active or removed); 404 outside."""
    return sel.roll_entries(request.auth, pk, filters.status or "")  # type: ignore[attr-defined]


@router.get(
    "/elections/{pk}/entries",
    response=list[EntryOut],
    summary="选举日已公布选民名单的登记（不含完整身份证号）",
)
@paginate(BoundedPageNumberPagination)
@api_requires(ElectionsCap.VIEW)
def election_entry_list(
    request: HttpRequest, pk: RecordId, filters: Query[EntryFilter]
) -> QuerySet[RollEntry]:
    """The entries of the election's published roll for its day (empty before it is published; a
    later voting day has its own copy); 404 outside."""
    _, entries = sel.election_roll_entries(request.auth, pk, filters.status or "")  # type: ignore[attr-defined]
    return entries
