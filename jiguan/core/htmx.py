"""Rendering helpers: htmx requests get the named partial, others the whole page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(request: HttpRequest, template: str, context: dict[str, Any], *,
                partial: str | None = None, status: int = 200) -> HttpResponse:
    """Render `template`, or only `template#partial` when htmx asks for it."""
    if partial and getattr(request, "htmx", False):
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)


def paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int = 50) -> dict[str, Any]:
    """The page of `qs` asked for (a bad page number gives the nearest page, never a 500),
    and the query string to keep the filters in the page links."""
    paginator = Paginator(qs, per_page)
    page: Page[Any] = paginator.get_page(request.GET.get("page"))
    params = [(k, v) for k, v in request.GET.items() if k != "page"]
    return {"page_obj": page, "querystring_without_page": urlencode(params)}


def querystring(request: HttpRequest) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
