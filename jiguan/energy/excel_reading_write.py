"""Writing a checked readings import (see jiguan.energy.excel_readings): compare with what
is stored, insert the new readings in bulk, update the changed ones, then refresh the
summaries once and write one audit row, all inside the import's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from jiguan.audit.record import record
from jiguan.core.imports import Progress, scope_region_id
from jiguan.energy import actions, summaries
from jiguan.energy.excel_reading_store import (
    TYPE_CODES,
    ReadingRows,
    Stored,
    from_fixed,
    month_date,
)
from jiguan.energy.models import Reading, Source
from jiguan.orgs.models import Agency
from jiguan.space.excel_bulk import _write_rows

CHUNK = 20_000
ID_CHUNK = 2000
INSERT_FIELDS = ("agency", "stat_region", "month", "energy_type", "quantity",
                 "entered_quantity", "entered_unit", "cost", "ncv", "kgce", "coefficient_set",
                 "source", "revisions", "created_at", "updated_at", "created_by", "updated_by")
UPDATE_FIELDS = ["quantity", "entered_quantity", "entered_unit", "cost", "ncv", "kgce",
                 "coefficient_set", "source", "revisions", "updated_by", "updated_at"]

_Existing = tuple[int, Decimal, Decimal, str, Decimal, Decimal | None, Decimal, int]


def _stat_regions(agency_ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for start in range(0, len(agency_ids), ID_CHUNK):
        chunk = agency_ids[start:start + ID_CHUNK]
        for agency in Agency.objects.filter(pk__in=chunk).select_related("region"):
            out[agency.pk] = summaries.stat_region_id(agency)
    return out


def _existing(chunk: list[Stored]) -> dict[tuple[int, dt.date, str], _Existing]:
    """The stored readings the chunk's rows may replace, by (agency, month, type)."""
    agency_ids = sorted({row[0] for row in chunk})
    months = sorted({month_date(row[1]) for row in chunk})
    found: dict[tuple[int, dt.date, str], _Existing] = {}
    for start in range(0, len(agency_ids), ID_CHUNK):
        qs = Reading.objects.filter(agency_id__in=agency_ids[start:start + ID_CHUNK],
                                    month__in=months)
        for (pk, agency_id, month, code, quantity, entered, unit, cost, ncv, kgce,
             revisions) in qs.values_list("pk", "agency_id", "month", "energy_type",
                                          "quantity", "entered_quantity", "entered_unit",
                                          "cost", "ncv", "kgce", "revisions"):
            found[(agency_id, month, code)] = (pk, quantity, entered, unit, cost, ncv, kgce,
                                               revisions)
    return found


def write_readings(rows: ReadingRows, *, actor: Any, user: Any, progress: Progress,
                   source: str = Source.IMPORT,
                   event: str = "energy.readings.imported") -> dict[str, int]:
    """Write the rows; return created / updated / unchanged. Runs inside the caller's
    transaction (the import's), which the summaries and the audit row share."""
    converter = actions.Converter()
    stat = _stat_regions(rows.agency_ids())
    touched = summaries.Touched()
    result = actions.SaveResult()
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    months_seen: set[dt.date] = set()
    done = 0
    for chunk in rows.chunks(CHUNK):
        existing = _existing(chunk)
        inserts: list[tuple[Any, ...]] = []
        changed: list[Reading] = []
        for agency_id, month_idx, type_idx, q, e, unit, c, n in chunk:
            month, code = month_date(month_idx), TYPE_CODES[type_idx]
            quantity, entered = from_fixed(q, 3), from_fixed(e, 3)
            cost, ncv = from_fixed(c, 2), (None if n < 0 else from_fixed(n, 2))
            kgce, set_id = converter.kgce(code, quantity, month, ncv)
            old = existing.get((agency_id, month, code))
            if old is not None:
                pk, o_quantity, o_entered, o_unit, o_cost, o_ncv, o_kgce, revisions = old
                if (o_quantity == quantity and o_entered == entered and o_unit == unit
                        and o_cost == cost and o_ncv == ncv and o_kgce == kgce):
                    result.unchanged += 1
                    continue
                changed.append(Reading(
                    pk=pk, quantity=quantity, entered_quantity=entered, entered_unit=unit,
                    cost=cost, ncv=ncv, kgce=kgce, coefficient_set_id=set_id, source=source,
                    revisions=revisions + 1, updated_by_id=actor_id, updated_at=now))
            else:
                inserts.append((agency_id, stat[agency_id], ops.adapt_datefield_value(month),
                                code, quantity, entered, unit, cost, ncv, kgce, set_id, source,
                                0, stamp, stamp, actor_id, actor_id))
            touched.add_reading(agency_id, stat[agency_id], month)
            months_seen.add(month)
        if inserts:
            _write_rows(Reading, INSERT_FIELDS, inserts)
        if changed:
            Reading.objects.bulk_update(changed, UPDATE_FIELDS, batch_size=500)
        result.created += len(inserts)
        result.updated += len(changed)
        done += len(chunk)
        progress(done)
    actions.after_readings_change(touched, actor)
    months = sorted(months_seen)
    record(actor=actor, event=event, region=_region(user),
           extra={**result.as_dict(), "source": source, "institutions": len(stat),
                  "months": [f"{months[0]:%Y-%m}", f"{months[-1]:%Y-%m}"] if months else []})
    return result.as_dict()


def _region(user: Any) -> Any:
    from jiguan.access.models import Region

    region_id = scope_region_id(user, "report_energy")
    return Region.objects.filter(pk=region_id).first() if region_id else None


def iter_all(rows: ReadingRows) -> Iterator[Stored]:
    """Every stored row (tests)."""
    for chunk in rows.chunks(CHUNK):
        yield from chunk
