"""Panels one app adds to another app's page: the person page shows the office the person
occupies (space), though orgs knows nothing of space. The page names its object's kind
(``{% panels "orgs.person" person %}``); apps register panels for a kind in their
``ready()``. A panel is shown only to users holding its permission, and only when its
context function returns something (None: nothing to show)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jiguan.core.scoping import holds


@dataclass(frozen=True)
class Panel:
    kind: str  # the page's object, e.g. "orgs.person"
    template: str
    perm: str
    context: Callable[[Any, Any], dict[str, Any] | None]  # (user, obj) -> context
    order: int = 100


_PANELS: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)
        _PANELS.sort(key=lambda p: p.order)


def panels_for(kind: str, user: Any, obj: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each panel of ``kind`` the user may see."""
    out = []
    for panel in _PANELS:
        if panel.kind != kind or not holds(user, panel.perm):
            continue
        context = panel.context(user, obj)
        if context is not None:
            out.append((panel.template, context))
    return out
