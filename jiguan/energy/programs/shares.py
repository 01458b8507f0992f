"""The share panels of the water-saving and garbage-sorting lists (节水型单位占比, 垃圾分类
覆盖率) for a user who sees the panel's region whole, kept in Django's cache from one write
that changes them to the next.

Such a panel is the same for every user who sees the region whole, and at the province it
counts all 40,000 institutions: on PostgreSQL the grouped count was half of the page's
cost (13 of ~40 ms of the machine's CPU; bench/README.md, session 13). It is computed once
and read from the cache until a write that can change it commits: a water-saving unit's
status or a sorting site (energy.programs.actions), an institution added or its region,
level or status changed (its row saved, or `orgs.signals.org_changed` from the register's
bulk import; connected in energy/apps.py). Each of them replaces the cache's version
once it commits, so no panel computed before the write is read after it; a panel also
expires after `SECONDS` (a write outside the actions, such as a database restore, is seen
by then). A panel limited by the user's scope (an agency reporter's) is computed every
time, and so is every panel when each worker has a cache of its own (`JIGUAN_CACHE=locmem`:
a write in one worker would not reach the panel another one keeps)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from jiguan.access.models import Region
from jiguan.orgs.models import Agency

SECONDS = 600
_PER_PROCESS = frozenset({"LocMemCache", "DummyCache"})
_VERSION = "energy:shares:version"


def region_shares(kind: str, region: Region,
                  compute: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The `kind` panel under `region` for a user who sees it whole: from the cache, or
    `compute()` once and kept."""
    if settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in _PER_PROCESS:
        return compute()
    version = cache.get(_VERSION)
    if version is None:
        cache.add(_VERSION, uuid.uuid4().hex, None)
        version = cache.get(_VERSION)
    key = f"energy:shares:{kind}:{region.pk}:{version}"
    rows: list[dict[str, Any]] | None = cache.get(key)
    if rows is None:
        rows = compute()
        cache.set(key, rows, SECONDS)
    return rows


def shares_changed(sender: Any = None, **_signal: Any) -> None:
    """Every panel is computed again once the current transaction commits. Also the
    receiver of an agency's post_save and of `org_changed`, which a person's change sends
    too: not a fact a panel counts."""
    if sender is None or sender is Agency:
        transaction.on_commit(_renew)


def _renew() -> None:
    cache.set(_VERSION, uuid.uuid4().hex, None)
