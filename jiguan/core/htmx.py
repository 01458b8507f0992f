"""Rendering helpers: htmx requests get the named partial, others the whole page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property


def render_page(request: HttpRequest, template: str, context: dict[str, Any], *,
                partial: str | None = None, status: int = 200) -> HttpResponse:
    """Render `template`, or only `template#partial` when htmx asks for it."""
    if partial and getattr(request, "htmx", False):
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)


#: Lists count at most this many rows; beyond it the page says "超过 10,000 条" and offers
#: the first COUNT_CAP / per_page pages (docs/adr/0011-list-speed.md).
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` rows.

    ``COUNT(*)`` of a province's 600,000 people scans them all (0.9 s on SQLite), on every
    page view. Counting the first ``cap + 1`` rows is bounded; when there are more, `more`
    is true, `count` is `cap`, and the pages are the first ``cap / per_page`` (an OFFSET of
    at most `cap` rows, so no page costs more than the count). Narrowing the filters, or the
    Excel export (no cap), reaches the rest."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _bounded_count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # No ORDER BY in the counting subquery: it would sort every row first; and only
            # the key in its SELECT: a list's per-row figures (the building list's room
            # count and area, correlated subqueries) were otherwise computed for all
            # `cap + 1` rows just to count them (bench/README.md, session 7).
            return rows.order_by().values("pk")[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @property
    def more(self) -> bool:
        """More rows than `cap` (the count shown is "more than cap")."""
        return self._bounded_count > self.cap


def paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int = 50, *,
             cap: int | None = None) -> dict[str, Any]:
    """The page of `qs` asked for (a bad page number gives the nearest page, never a 500),
    and the query string to keep the filters in the page links. Counts stop at `cap`
    (default COUNT_CAP; CappedPaginator)."""
    paginator = CappedPaginator(qs, per_page, cap=cap)
    page: Page[Any] = paginator.get_page(request.GET.get("page"))
    params = [(k, v) for k, v in request.GET.items() if k != "page"]
    return {"page_obj": page, "querystring_without_page": urlencode(params)}


def querystring(request: HttpRequest) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
