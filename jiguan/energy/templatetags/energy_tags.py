from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from jiguan.energy.urls import tabs

register = template.Library()


@register.inclusion_tag("energy/subnav.html", takes_context=True)
def energy_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None else ""
    scope = request.user.scope
    items = [{"label": t.label, "url": reverse(f"energy:{t.url_name}"),
              "active": t.matches(current or "")}
             for t in tabs() if scope.has(t.perm)]
    return {"items": items}
