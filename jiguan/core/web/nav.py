"""Navigation by module. Apps register their entries in AppConfig.ready(); a module that
is not built registers nothing, so it is absent, never a dead link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jiguan.core.scoping import holds, holds_role
from jiguan.core.web.links import fast_reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str
    order: int = 100
    # One of the user's roles must be in this set, when given (e.g. the 三员 pages).
    roles: frozenset[str] | None = None


_ITEMS: list[NavItem] = []
_COUNTERS: dict[str, Callable[[Any], int]] = {}


def register(item: NavItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def register_counter(name: str, fn: Callable[[Any], int]) -> None:
    _COUNTERS[name] = fn


def items_for(user: Any, path: str) -> list[dict[str, Any]]:
    out = []
    for item in _ITEMS:
        if not holds(user, item.perm):
            continue
        if item.roles is not None and not holds_role(user, item.roles):
            continue
        url = fast_reverse(item.url_name)  # reversed once per process, not per request
        out.append({"label": item.label, "url": url, "active": path.startswith(url)})
    return out


def count(name: str, user: Any) -> int:
    fn = _COUNTERS.get(name)
    return fn(user) if fn else 0


@dataclass(frozen=True)
class Figure:
    """A figure on the landing page: what the user should look at today (to-dos due,
    open findings, reports due), counted within their scope; shown only to those holding
    ``perm`` and only when the count function gives a number (None: not applicable)."""

    label: str
    perm: str
    count: Callable[[Any], int | None]
    url_name: str
    order: int = 100
    #: Shown in warning colours when above zero (something is late or wrong).
    alarm: bool = False
    note: str = ""


_FIGURES: list[Figure] = []


def register_figure(figure: Figure) -> None:
    if figure not in _FIGURES:
        _FIGURES.append(figure)
        _FIGURES.sort(key=lambda f: f.order)


def figures_for(user: Any) -> list[dict[str, Any]]:
    out = []
    for figure in _FIGURES:
        if not holds(user, figure.perm):
            continue
        value = figure.count(user)
        if value is None:
            continue
        out.append({"label": figure.label, "value": value, "url": fast_reverse(figure.url_name),
                    "alarm": figure.alarm and value > 0, "note": figure.note})
    return out
