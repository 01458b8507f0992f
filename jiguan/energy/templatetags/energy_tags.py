from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from jiguan.access.scope import holds, sees_regions
from jiguan.energy.urls import tabs

register = template.Library()


@register.inclusion_tag("energy/subnav.html", takes_context=True)
def energy_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None else ""
    user = request.user
    items = [{"label": t.label, "url": reverse(f"energy:{t.url_name}"),
              "active": t.matches(current or "")}
             for t in tabs()
             if holds(user, t.perm) and (not t.regional or sees_regions(user, t.perm))]
    return {"items": items}
