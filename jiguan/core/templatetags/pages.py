"""Page helpers every template has (builtins: no load): numbered pagination for any
``page_obj`` (core/pagination.html) with the filters kept, and the panels other apps add
to a page (jiguan.core.web.panels)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.core.paginator import Page, Paginator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from jiguan.core.web.panels import panels_for

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


@register.simple_tag(takes_context=True)
def panels(context: dict[str, Any], kind: str, obj: Any) -> str:
    """The panels other apps add to this page (jiguan.core.web.panels), rendered in order."""
    request = context.get("request")
    if request is None:
        return ""
    parts = [render_to_string(template, panel_context, request)
             for template, panel_context in panels_for(kind, request.user, obj)]
    return mark_safe("".join(parts))  # noqa: S308  (rendered by our own templates)
