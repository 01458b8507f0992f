"""Signals of the register, so that it need not know what is derived from it.

``register_changed`` is sent inside the write's transaction for each region whose register a
write changed (a building, a room, who uses or sits in it): the room's region and, when an
agency or a person is involved, the agency's. Compliance queues the recompute of that county's
findings from it (jiguan.space.compliance.tasks, connected in jiguan/space/apps.py), as it does
for orgs' ``org_changed``."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

register_changed = Signal()  # kwargs: region_path: str, actor


def send_changed(region_path: str, actor: Any) -> None:
    register_changed.send(sender="space.register", region_path=region_path, actor=actor)
