"""``{% panels %}``, every template's (builtins: no load): the panels other apps add to a
page (jiguan.core.web.panels). A list's pagination is the Jinja2 template
``core/pagination.html`` (jiguan.core.web.pagination)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from jiguan.core.web.panels import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: dict[str, Any], kind: str, obj: Any) -> str:
    """The panels other apps add to this page (jiguan.core.web.panels), rendered in order."""
    request = context.get("request")
    if request is None:
        return ""
    parts = [render_to_string(template, panel_context, request)
             for template, panel_context in panels_for(kind, request.user, obj)]
    return mark_safe("".join(parts))  # noqa: S308  (rendered by our own templates)
