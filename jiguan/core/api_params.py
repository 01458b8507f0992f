"""Shared API parameters: pagination and record-id query parameters, bounded so that a
hostile client cannot overflow the database driver."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema
from ninja.pagination import PageNumberPagination

from jiguan.core import htmx
from jiguan.core.types import MAX_ID

# An optional record id in a query string.
IdQuery = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=10_000_000, description=(
        "页码；计数超过 10,000 条时只能按页码读取前 10,000 条，之后请用 after"))
    page_size: int | None = Field(None, ge=1, le=1000)
    after: int | None = Field(None, ge=0, le=MAX_ID, description=(
        "逐页读取全部：按 id 升序返回 id 大于 after 的记录（首页传 0），"
        "下一页传上一页返回的 next_after"))


class PagedOutput(Schema):
    items: list[Any]
    count: int = Field(description=(
        "记录数；超过 10,000 条时为 10,000，且 more 为 true；按 after 读取时为本页条数"))
    more: bool = Field(False, description=(
        "记录数超过 count（计数封顶）；按 after 读取时：还有下一页"))
    next_after: int | None = Field(
        None, description="按 after 读取时，下一页的 after；没有下一页时为 null")


class Pagination(PageNumberPagination):
    """Every API list's paginator (one class for every app; docs/adr/0011-list-speed.md).

    Numbered pages count at most ``htmx.COUNT_CAP`` rows, as the list pages do
    (`htmx.CappedPaginator`): `count` stops at the cap and `more` says there are more. A page
    whose rows lie past the cap is refused (422, naming `page`), so no request pays a deep
    OFFSET; a client reading everything pages by id instead (`after`, keyset: each page is
    an index range scan, whatever its depth), following `next_after`."""

    # Named for the OpenAPI document ("Input" says nothing there).
    Input = PageQuery  # type: ignore[assignment]
    Output = PagedOutput  # type: ignore[assignment]

    def __init__(self, page_size: int = 100, max_page_size: int = 1000, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Any,
                          request: HttpRequest, **params: Any) -> Any:
        size = self._get_page_size(pagination.page_size)
        if pagination.after is not None:
            return self._keyset(queryset, pagination.after, size)
        capped = htmx.CappedPaginator(queryset, size)
        offset = (pagination.page - 1) * size
        if capped.more and offset >= capped.cap:
            raise ValidationError({"page": [
                f"页码超出范围：超过 {capped.cap:,} 条时只能按页码读取前 {capped.cap:,} 条，"
                "请用筛选条件缩小范围，或用 after 参数逐页读取全部"]})
        return {"items": queryset[offset: offset + size], "count": capped.count,
                "more": capped.more, "next_after": None}

    def _keyset(self, rows: Any, after: int, size: int) -> dict[str, Any]:
        if isinstance(rows, QuerySet):
            items = list(rows.order_by("pk").filter(pk__gt=after)[:size])
            last = items[-1].pk if len(items) == size else None
        else:
            ordered = sorted((r for r in rows if r.pk > after), key=lambda r: r.pk)
            items = ordered[:size]
            last = items[-1].pk if len(ordered) > size else None
        return {"items": items, "count": len(items), "more": last is not None,
                "next_after": last}
