"""``{% jinja "app/x_rows.html" %}``: a Jinja2 template (an app's ``jinja2/`` folder) rendered
with the page's context, in place. A list's rows are one (jiguan.core.web.jinja says why);
so is a partial both a list's rows and a Django page show (a status badge), which the rows
``{% include %}`` and the page renders with this tag. Every template has it (builtins)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context: template.Context, template_name: str) -> SafeString:
    values: dict[str, Any] = context.flatten()  # type: ignore[assignment]  # str keys here
    rendered = engines["jinja2"].get_template(template_name).render(
        values, getattr(context, "request", None))
    return mark_safe(rendered)  # noqa: S308 - autoescaped by Jinja2: the text is HTML
