"""Numbered pagination for any ``page_obj`` (core/pagination.html): the page numbers with
… where elided, and the current filters for the page-jump form (builtins: no load)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.core.paginator import Page, Paginator

register = template.Library()


@register.simple_tag
def page_numbers(page: Page[Any]) -> list[int | str]:
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return []
    return list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def page_ellipsis() -> str:
    return str(Paginator.ELLIPSIS)


@register.simple_tag(takes_context=True)
def page_params(context: dict[str, Any]) -> list[tuple[str, str]]:
    request = context.get("request")
    if request is None:
        return []
    return [(k, str(v)) for k, v in request.GET.items() if k != "page"]


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any]) -> str:
    """The current filters as a query string, for the page links."""
    return urlencode(page_params(context))
