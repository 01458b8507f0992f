"""The energy module's tabs. Each topic package lists its own tabs in its urls.py as
``SUBNAV`` (label, url name, permission, order); jiguan.energy.urls gathers them. The tab
of the current page is the one whose url name is in its ``match`` tuple (defaults to the
url name itself)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tab:
    label: str
    url_name: str
    perm: str = "view_energy"
    order: int = 100
    match: tuple[str, ...] = field(default_factory=tuple)

    def matches(self, url_name: str) -> bool:
        return url_name == self.url_name or url_name in self.match
