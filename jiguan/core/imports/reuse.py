"""Reuse of a validation by the apply of the same job (see jiguan.core.imports.pipeline):
the checked rows a process keeps, and the fingerprint of the register that decides whether
they still hold."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connection, models

if TYPE_CHECKING:
    from jiguan.core.imports.pipeline import Importer

#: Validated jobs whose cleaned rows a process keeps for applying, and for how long.
CHECKED_JOBS = 4
CHECKED_SECONDS = 30 * 60

def _table_state(model: type[models.Model]) -> tuple[Any, ...]:
    """``COUNT(*)``, ``MAX(pk)`` and ``MAX(updated_at)`` of one table: any insert or delete
    changes the first two, any save() the third (every model of the register is a BaseModel
    with ``auto_now``; the apps write through save() or set updated_at themselves)."""
    quote = connection.ops.quote_name
    columns = {f.name: f.column for f in model._meta.concrete_fields}
    pk = model._meta.pk
    assert pk is not None
    parts = ["COUNT(*)", f"MAX({quote(pk.column)})"]
    if "updated_at" in columns:
        parts.append(f"MAX({quote(columns['updated_at'])})")
    sql = f"SELECT {', '.join(parts)} FROM {quote(model._meta.db_table)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return tuple(str(value) for value in row)


def register_fingerprint(importer_cls: type[Importer], user: Any) -> tuple[Any, ...] | None:
    """The state of every table the importer reads, the user's standing and the day; equal
    fingerprints mean a check made at the first would give the same result at the second.
    ``None`` when the importer does not declare ``depends_on`` (never reused)."""
    if not importer_cls.depends_on:
        return None
    states = tuple(_table_state(apps.get_model(label)) for label in importer_cls.depends_on)
    return (dt.date.today(), user.pk, bool(user.is_active), states)


@dataclass
class _Checked:
    job_id: int
    user_id: int | None
    digest: bytes
    fingerprint: tuple[Any, ...]
    importer: Importer
    rows: Any  # RowStore.result()
    stored_at: float


_CHECKED: OrderedDict[int, _Checked] = OrderedDict()
_CHECKED_LOCK = threading.Lock()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _keep_checked(entry: _Checked) -> None:
    now = time.monotonic()
    with _CHECKED_LOCK:
        for job_id in [j for j, e in _CHECKED.items() if now - e.stored_at > CHECKED_SECONDS]:
            del _CHECKED[job_id]
        _CHECKED[entry.job_id] = entry
        while len(_CHECKED) > CHECKED_JOBS:
            _CHECKED.popitem(last=False)


def _take_checked(job_id: int) -> _Checked | None:
    with _CHECKED_LOCK:
        entry = _CHECKED.pop(job_id, None)
    if entry is None or time.monotonic() - entry.stored_at > CHECKED_SECONDS:
        return None
    return entry


def forget_checked() -> None:
    """Drop every kept validation (tests; a process that wants its memory back)."""
    with _CHECKED_LOCK:
        _CHECKED.clear()
