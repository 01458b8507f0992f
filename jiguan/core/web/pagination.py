"""The links of a list's pagination (the Jinja2 template ``core/pagination.html``, which
every list includes): numbered pages around the current one, elided, up to the deepest
numbered page; keyset links past it (`core.htmx.paginate`); the filters kept."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

from jiguan.core.htmx import CURSOR_PARAMS

ELLIPSIS = str(Paginator.ELLIPSIS)


def page_numbers(page: Page[Any]) -> list[int | str]:
    """The page links: the numbered pages around the current one, elided, up to the last
    numbered page; past it (keyset pages, `htmx.paginate`) an ellipsis, and the current
    page's number when it is one of those."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return []
    last = getattr(paginator, "last_numbered", paginator.num_pages)
    ellipsis = ELLIPSIS
    if page.number > last:
        return [1, ellipsis, page.number, *([ellipsis] if page.has_next() else [])]
    numbers: list[int | str] = list(
        _elided(page.number, last, on_each_side=2, on_ends=1, ellipsis=ellipsis))
    if getattr(paginator, "deeper", False):
        numbers.append(ellipsis)
    return numbers


def _elided(number: int, pages: int, *, on_each_side: int, on_ends: int, ellipsis: str
            ) -> list[int | str]:
    """Django's `Paginator.get_elided_page_range` over the first `pages` pages."""
    if pages <= (on_each_side + on_ends) * 2:
        return list(range(1, pages + 1))
    out: list[int | str] = []
    if number > 1 + on_each_side + on_ends + 1:
        out += [*range(1, on_ends + 1), ellipsis, *range(number - on_each_side, number + 1)]
    else:
        out += list(range(1, number + 1))
    if number < pages - on_each_side - on_ends - 1:
        out += [*range(number + 1, number + on_each_side + 1), ellipsis,
                *range(pages - on_ends + 1, pages + 1)]
    else:
        out += list(range(number + 1, pages + 1))
    return out


def page_link(page: Page[Any], which: str) -> str:
    """The query string of the page's 上一页 (`which` "prev") or 下一页 link: keyset past the
    numbered pages (`htmx.paginate` sets it), else the page number."""
    if which == "prev":
        return str(getattr(page, "previous_params", f"page={page.number - 1}"))
    return str(getattr(page, "next_params", f"page={page.number + 1}"))


def page_last_numbered(page: Page[Any]) -> int:
    """The deepest page the page jump reaches."""
    return int(getattr(page.paginator, "last_numbered", page.paginator.num_pages))


def filter_params(request: Any) -> list[tuple[str, str]]:
    """The request's query parameters but the page's own (its number, the keyset cursor)."""
    if request is None:
        return []
    return [(k, str(v)) for k, v in request.GET.items()
            if k != "page" and k not in CURSOR_PARAMS]


def filter_query(request: Any) -> str:
    """The current filters as a query string, for the page links."""
    return urlencode(filter_params(request))
