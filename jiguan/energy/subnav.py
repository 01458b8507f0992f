"""The energy module's tabs. Each topic package lists its own tabs in its urls.py as
``SUBNAV`` (label, url name, permission, order); jiguan.energy.urls gathers them. The tab
of the current page is the one whose url name is in its ``match`` tuple (defaults to the
url name itself). A reporter sees only the tabs of their own agency's work."""

from __future__ import annotations

from dataclasses import dataclass, field

from jiguan.access.roles import Perm


@dataclass(frozen=True)
class Tab:
    label: str
    url_name: str
    perm: str = Perm.VIEW_ENERGY
    order: int = 100
    match: tuple[str, ...] = field(default_factory=tuple)
    #: A bureau's tab (region-wide work: chasing, quality, targets, the yearly report):
    #: shown only to users holding ``perm`` at a region, not to an agency's reporter.
    regional: bool = False

    def matches(self, url_name: str) -> bool:
        return url_name == self.url_name or url_name in self.match
