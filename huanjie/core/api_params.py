"""Bounded API parameters: every page number, page size, code, id and search text an API operation
accepts has limits, declared in the schema, so an out-of-range value is a 422 with a Chinese reason
(a huge page number or id once overflowed the database's integer and answered 500)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100
MAX_ID = 2**53  # ids stay far below; above this no row can exist (and JSON numbers stay exact)
SEARCH_MAX = 50  # a name, a masked ID or a full ID fits comfortably
CODE_PATTERN = r"^\d{12}$"
CODE_OR_EMPTY_PATTERN = r"^(\d{12})?$"

UnitCode = Annotated[str, Path(..., pattern=CODE_PATTERN, description="12 位统计用区划代码")]
RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID, description="记录编号")]


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，1 至 {MAX_PAGE}")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1 至 {MAX_PAGE_SIZE}"
        )

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_page_size", MAX_PAGE_SIZE)
        super().__init__(**kwargs)  # type: ignore[arg-type]
