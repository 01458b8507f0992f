"""Shared API parameters: pagination and record-id query parameters, bounded so that a
hostile client cannot overflow the database driver."""

from typing import Annotated, Any

from ninja import Field, Query, Schema
from ninja.pagination import PageNumberPagination

from jiguan.core.web.forms import MAX_ID

# An optional record id in a query string.
IdQuery = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=10_000_000)
    page_size: int | None = Field(None, ge=1, le=1000)


class Pagination(PageNumberPagination):
    # Named for the OpenAPI document ("Input" says nothing there).
    Input = PageQuery  # type: ignore[assignment]

    def __init__(self, page_size: int = 100, max_page_size: int = 1000, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)
