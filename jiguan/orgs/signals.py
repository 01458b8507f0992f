"""Signals other modules listen to, so orgs need not know them.

`org_changed` is sent inside the write's transaction whenever a fact that other modules
derive rules from changes: a person's rank or status, an agency's level or status, a
concurrent post. Office space recomputes its findings from it (jiguan/space/apps.py)."""

from collections.abc import Iterable
from typing import Any

from django.dispatch import Signal

org_changed = Signal()  # kwargs: region_path: str, actor


def send_for_regions(sender: type, paths: Iterable[str], actor: Any) -> None:
    """``org_changed`` once per region path (a bulk write touching many rows of a region
    announces it once, as one action would)."""
    for path in sorted(set(paths)):
        org_changed.send(sender=sender, region_path=path, actor=actor)
