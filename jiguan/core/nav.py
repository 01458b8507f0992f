"""Navigation by module. Apps register their entries in AppConfig.ready(); a module that
is not built registers nothing, so it is absent, never a dead link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


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
    scope = user.scope
    out = []
    for item in _ITEMS:
        if not scope.has(item.perm):
            continue
        if item.roles is not None and not (scope.roles() & item.roles):
            continue
        url = reverse(item.url_name)
        out.append({"label": item.label, "url": url, "active": path.startswith(url)})
    return out


def count(name: str, user: Any) -> int:
    fn = _COUNTERS.get(name)
    return fn(user) if fn else 0
