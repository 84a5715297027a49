"""Pagination for every API list: page numbers and sizes are bounded (a huge page number once made
the database overflow its integer and answer 500), and the bounds are documented in the schema."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，1 至 {MAX_PAGE}")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1 至 {MAX_PAGE_SIZE}"
        )

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_page_size", MAX_PAGE_SIZE)
        super().__init__(**kwargs)  # type: ignore[arg-type]
