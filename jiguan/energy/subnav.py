"""The energy module's tabs. Each part of the module lists its own tabs in its urls_*.py
as ``SUBNAV`` (label, url name, permission, order); the tab of the current page is the one
whose url name is in its ``match`` tuple (defaults to the url name itself)."""

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


def tabs() -> list[Tab]:
    from jiguan.energy import (
        urls_input,
        urls_manage,
        urls_programs,
        urls_reports,
        urls_yearly,
    )

    out: list[Tab] = []
    for module in (urls_reports, urls_input, urls_manage, urls_programs, urls_yearly):
        out.extend(getattr(module, "SUBNAV", []))
    return sorted(out, key=lambda t: t.order)
