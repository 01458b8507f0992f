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

from jiguan.access.models import Region
from jiguan.audit.record import record
from jiguan.core.bulk import write_rows
from jiguan.core.imports import Progress, scope_region_id
from jiguan.energy import actions, summaries
from jiguan.energy.excel_reading_store import (
    TYPE_CODES,
    ReadingRows,
    Stored,
    from_fixed,
    month_date,
    to_fixed,
)
from jiguan.energy.models import Reading, Source
from jiguan.energy.rules import ENERGY_TYPES
from jiguan.orgs.models import Agency

CHUNK = 20_000
ONE = Decimal(1)
ID_CHUNK = 2000
INSERT_FIELDS = ("agency", "stat_region", "month", "energy_type", "quantity",
                 "entered_quantity", "entered_unit", "cost", "ncv", "kgce", "coefficient_set",
                 "source", "revisions", "created_at", "updated_at", "created_by", "updated_by")
UPDATE_FIELDS = ["quantity", "entered_quantity", "entered_unit", "cost", "ncv", "kgce",
                 "coefficient_set", "source", "revisions", "updated_by", "updated_at"]

_Existing = tuple[int, Decimal, Decimal, str, Decimal, Decimal | None, Decimal, int]


def _stat_regions(agency_ids: list[int]) -> dict[int, int]:
    """Each institution's statistical region id (summaries.stat_path), one query per 2,000
    institutions and one for the regions: not a query per institution."""
    paths: dict[int, str] = {}
    for start in range(0, len(agency_ids), ID_CHUNK):
        chunk = agency_ids[start:start + ID_CHUNK]
        for pk, path in Agency.objects.filter(pk__in=chunk).values_list("pk", "region__path"):
            paths[pk] = summaries.stat_path(path)
    ids = dict(Region.objects.filter(path__in=set(paths.values())).values_list("path", "pk"))
    return {pk: ids[path] for pk, path in paths.items()}


def _months_taken(rows: ReadingRows) -> bool:
    """Whether any reading exists in the file's months: when none does (a new month, a
    first import) nothing can be an update and the per-chunk lookup is skipped."""
    months = [month_date(m) for m in sorted(set(rows.month))]
    return any(Reading.objects.filter(month__in=months[i:i + 500]).exists()
               for i in range(0, len(months), 500))


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


def _text(value: int, places: int) -> int | str:
    """A fixed-point integer as the database takes a decimal: a whole number as an int,
    else decimal text (the form Django's SQLite adapter gives a Decimal; PostgreSQL's COPY
    parses either into numeric)."""
    scale = 1000 if places == 3 else 100
    whole, part = divmod(value, scale)
    if not part:
        return whole
    return f"{whole}.{part:03d}" if places == 3 else f"{whole}.{part:02d}"


def write_readings(rows: ReadingRows, *, actor: Any, user: Any, progress: Progress,
                   source: str = Source.IMPORT,
                   event: str = "energy.readings.imported") -> dict[str, int]:
    """Write the rows; return created / updated / unchanged. Runs inside the caller's
    transaction (the import's), which the summaries and the audit row share."""
    converter = actions.Converter()
    stat = _stat_regions(rows.agency_ids())
    result = actions.SaveResult()
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    # Per month: its date, the date as the database takes it, and per type the coefficient
    # of the default set in force (0 for water) and that set's id.
    months: dict[int, tuple[dt.date, Any, list[tuple[Decimal, int | None]]]] = {}
    agency_years: set[tuple[int, int]] = set()
    region_months: set[tuple[int, int]] = set()
    done = 0
    taken = _months_taken(rows)
    for chunk in rows.chunks(CHUNK):
        existing = _existing(chunk) if taken else {}
        inserts: list[tuple[Any, ...]] = []
        changed: list[Reading] = []
        for agency_id, month_idx, type_idx, q, e, unit, c, n in chunk:
            found = months.get(month_idx)
            if found is None:
                found = months[month_idx] = _month_info(converter, month_idx, ops)
            month, month_db, coefficients = found
            code = TYPE_CODES[type_idx]
            coefficient, set_id = coefficients[type_idx]
            if n < 0:
                kgce = int((coefficient * q).quantize(ONE))
            else:
                kgce = to_fixed(converter.kgce(code, from_fixed(q, 3), month,
                                               from_fixed(n, 2))[0], 3)
            stat_id = stat[agency_id]
            if existing:
                old = existing.get((agency_id, month, code))
                if old is not None:
                    update = _changed(old, q, e, unit, c, n, kgce, set_id, source,
                                      actor_id, now)
                    if update is None:
                        result.unchanged += 1
                        continue
                    changed.append(update)
                    agency_years.add((agency_id, month_idx // 12))
                    region_months.add((stat_id, month_idx))
                    continue
            # Whole amounts (most of them) skip the call: a tenth of the write's time.
            inserts.append((agency_id, stat_id, month_db, code,
                            q // 1000 if not q % 1000 else _text(q, 3),
                            e // 1000 if not e % 1000 else _text(e, 3), unit,
                            c // 100 if not c % 100 else _text(c, 2),
                            None if n < 0 else _text(n, 2), _text(kgce, 3),
                            set_id, source, 0, stamp, stamp, actor_id, actor_id))
            agency_years.add((agency_id, month_idx // 12))
            region_months.add((stat_id, month_idx))
        if inserts:
            write_rows(Reading, INSERT_FIELDS, inserts)
        if changed:
            Reading.objects.bulk_update(changed, UPDATE_FIELDS, batch_size=500)
        result.created += len(inserts)
        result.updated += len(changed)
        done += len(chunk)
        progress(done)
    touched = summaries.Touched(
        agency_years=agency_years,
        region_months={(stat_id, month_date(m)) for stat_id, m in region_months})
    actions.after_readings_change(touched, actor)
    written = sorted(months)
    record(actor=actor, event=event, region=_region(user),
           extra={**result.as_dict(), "source": source, "institutions": len(stat),
                  "months": ([f"{month_date(written[0]):%Y-%m}",
                              f"{month_date(written[-1]):%Y-%m}"] if written else [])})
    return result.as_dict()


def _month_info(converter: actions.Converter, month_idx: int, ops: Any
                ) -> tuple[dt.date, Any, list[tuple[Decimal, int | None]]]:
    month = month_date(month_idx)
    set_id = converter.set_for(month)
    values = converter.sets.get(set_id, {}) if set_id is not None else {}
    coefficients = [(values.get(code, Decimal(0)) if ENERGY_TYPES[code].energy else Decimal(0),
                     set_id) for code in TYPE_CODES]
    return month, ops.adapt_datefield_value(month), coefficients


def _changed(old: _Existing, q: int, e: int, unit: str, c: int, n: int, kgce: int,
             set_id: int | None, source: str, actor_id: int | None,
             now: dt.datetime) -> Reading | None:
    """The update of a stored reading, or None when the row repeats it exactly."""
    pk, o_quantity, o_entered, o_unit, o_cost, o_ncv, o_kgce, revisions = old
    quantity, entered, cost = from_fixed(q, 3), from_fixed(e, 3), from_fixed(c, 2)
    ncv, kgce_value = (None if n < 0 else from_fixed(n, 2)), from_fixed(kgce, 3)
    if (o_quantity == quantity and o_entered == entered and o_unit == unit
            and o_cost == cost and o_ncv == ncv and o_kgce == kgce_value):
        return None
    return Reading(pk=pk, quantity=quantity, entered_quantity=entered, entered_unit=unit,
                   cost=cost, ncv=ncv, kgce=kgce_value, coefficient_set_id=set_id,
                   source=source, revisions=revisions + 1, updated_by_id=actor_id,
                   updated_at=now)


def _region(user: Any) -> Any:
    region_id = scope_region_id(user, "report_energy")
    return Region.objects.filter(pk=region_id).first() if region_id else None


def iter_all(rows: ReadingRows) -> Iterator[Stored]:
    """Every stored row (tests)."""
    for chunk in rows.chunks(CHUNK):
        yield from chunk
