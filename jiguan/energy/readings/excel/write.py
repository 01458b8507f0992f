"""Writing a checked readings import (see jiguan.energy.readings.excel.importer): compare with what
is stored, insert the new readings in bulk (staged, then one ``INSERT ... SELECT``), update
the changed ones, then bring the summaries up to date once and write one audit row, all
inside the import's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import repeat
from operator import floordiv, lshift, mul, or_
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.audit.record import record
from jiguan.core.db.bulk import (
    append_temp_rows,
    bulk_cache,
    column,
    create_temp_table,
    drop_temp_table,
)
from jiguan.core.imports.pipeline import Progress, scope_region_id
from jiguan.energy import stage_sql, summaries
from jiguan.energy.models import Reading, Source
from jiguan.energy.readings import actions
from jiguan.energy.readings.excel.store import (
    ReadingRows,
    Stored,
    from_fixed,
    month_date,
    month_index,
    to_fixed,
)
from jiguan.energy.rules import ENERGY_TYPES, TYPE_CODES
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


def _existing(agencies: Sequence[int], months: Sequence[int]
              ) -> dict[tuple[int, int, int], _Existing]:
    """The stored readings the chunk's rows may replace, by (agency, month index, type
    index)."""
    agency_ids = sorted(set(agencies))
    dates = sorted({month_date(m) for m in set(months)})
    type_index = {code: i for i, code in enumerate(TYPE_CODES)}
    found: dict[tuple[int, int, int], _Existing] = {}
    for start in range(0, len(agency_ids), ID_CHUNK):
        qs = Reading.objects.filter(agency_id__in=agency_ids[start:start + ID_CHUNK],
                                    month__in=dates)
        for (pk, agency_id, month, code, quantity, entered, unit, cost, ncv, kgce,
             revisions) in qs.values_list("pk", "agency_id", "month", "energy_type",
                                          "quantity", "entered_quantity", "entered_unit",
                                          "cost", "ncv", "kgce", "revisions"):
            found[(agency_id, month_index(month), type_index[code])] = (
                pk, quantity, entered, unit, cost, ncv, kgce, revisions)
    return found


def write_readings(rows: ReadingRows, *, actor: Any, user: Any, progress: Progress,
                   source: str = Source.IMPORT,
                   event: str = "energy.readings.imported") -> dict[str, int]:
    """Write the rows; return created / updated / unchanged. Runs inside the caller's
    transaction (the import's), which the summaries and the audit row share.

    New readings are staged as integers (jiguan.energy.stage_sql) and inserted with one
    ``INSERT ... SELECT``; when the file changes no stored reading (a new month, a first
    import), the summaries add the staged rows' totals instead of rebuilding from the
    readings. Changed readings go through ``bulk_update`` and a rebuild of their summaries."""
    converter = actions.Converter()
    stat = _stat_regions(rows.agency_ids())
    result = actions.SaveResult()
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    months: dict[int, _Month] = {}
    coefficient: dict[int, Decimal] = {}  # by (month index << 4) | type index
    agency_years: set[tuple[int, int]] = set()
    region_months: set[tuple[int, int]] = set()
    done = 0
    taken = _months_taken(rows)
    total = max(1, len(rows.agency))
    # The new rows go to the staging table chunk by chunk: never all of them in Python.
    create_temp_table(stage_sql.STAGE, stage_sql.STAGE_COLUMNS)
    for a, m, t, q, e, u, c, n in rows.column_chunks(CHUNK):
        for month_idx in set(m) - months.keys():
            months[month_idx] = info = _month_info(converter, month_idx)
            for type_idx, value in enumerate(info.coefficients):
                coefficient[(month_idx << 4) | type_idx] = value
        kgce = _kgce_column(converter, months, coefficient, m, t, q, n)
        stat_ids = list(map(stat.__getitem__, a))
        if taken:
            new = _sort_out(result, months, (a, m, t, q, e, u, c, n), kgce, stat_ids,
                            rows.units, source, actor_id, now, agency_years, region_months)
        else:
            new = list(range(len(a)))
            agency_years.update(zip(a, map(floordiv, m, repeat(12)), strict=True))
            region_months.update(zip(stat_ids, m, strict=True))
        if len(new) == len(a):
            sets = map(lambda month_idx: months[month_idx].set_id, m)
            staged = list(zip(a, stat_ids, m, t, q, e, u, c, n, kgce, sets, strict=True))
        else:
            staged = [(a[i], stat_ids[i], m[i], t[i], q[i], e[i], u[i], c[i], n[i], kgce[i],
                       months[m[i]].set_id) for i in new]
        append_temp_rows(stage_sql.STAGE, staged)
        del staged
        result.created += len(new)
        done += len(a)
        # In the store's own count (sheet rows for the wide layout, several readings each).
        progress(done * len(rows) // total)
    _insert_staged(rows.units, source, now, actor_id, result.created)
    touched = summaries.Touched(
        agency_years=agency_years,
        region_months={(stat_id, month_date(m)) for stat_id, m in region_months},
        staged=not result.updated)
    actions.after_readings_change(touched, actor)
    drop_temp_table(stage_sql.STAGE)
    written = sorted(months)
    record(actor=actor, event=event, region=_region(user),
           extra={**result.as_dict(), "source": source, "institutions": len(stat),
                  "months": ([f"{month_date(written[0]):%Y-%m}",
                              f"{month_date(written[-1]):%Y-%m}"] if written else [])})
    return result.as_dict()


def _sort_out(result: actions.SaveResult, months: dict[int, _Month],
              columns: tuple[Any, ...], kgce: list[int], stat_ids: list[int],
              units: list[str], source: str, actor_id: int | None, now: dt.datetime,
              agency_years: set[tuple[int, int]], region_months: set[tuple[int, int]]
              ) -> list[int]:
    """Compare a chunk with the stored readings of its months: update the changed ones,
    count the equal ones; return the indexes of the new rows."""
    a, m, t, q, e, u, c, n = columns
    existing = _existing(a, m)
    changed: list[Reading] = []
    new: list[int] = []
    for i, agency_id in enumerate(a):
        month_idx = m[i]
        old = existing.get((agency_id, month_idx, t[i]))
        if old is not None:
            update = _changed(old, q[i], e[i], units[u[i]], c[i], n[i], kgce[i],
                              months[month_idx].set_id, source, actor_id, now)
            if update is None:
                result.unchanged += 1
                continue
            changed.append(update)
        else:
            new.append(i)
        agency_years.add((agency_id, month_idx // 12))
        region_months.add((stat_ids[i], month_idx))
    if changed:
        Reading.objects.bulk_update(changed, UPDATE_FIELDS, batch_size=500)
        result.updated += len(changed)
    return new


def _insert_staged(units: list[str], source: str, now: dt.datetime, actor_id: int | None,
                   expected: int) -> None:
    """The staged rows into the readings table, one statement; the count is checked."""
    quote = connection.ops.quote_name
    table = quote(Reading._meta.db_table)
    columns = ", ".join(quote(column(Reading, name)) for name in INSERT_FIELDS)
    type_sql, type_params = stage_sql.choice("s.type", TYPE_CODES)
    unit_sql, unit_params = stage_sql.choice("s.unit", units or [""])
    stamp = connection.ops.adapt_datetimefield_value(now)
    fixed = stage_sql.fixed
    with connection.cursor() as cursor, bulk_cache():
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"SELECT s.agency, s.stat, {stage_sql.month_date('s.month')}, {type_sql}, "
            f"{fixed('s.q', 3)}, {fixed('s.e', 3)}, {unit_sql}, {fixed('s.c', 2)}, "
            f"CASE WHEN s.n < 0 THEN NULL ELSE {fixed('s.n', 2)} END, {fixed('s.kgce', 3)}, "
            f"s.coefficient_set, %s, 0, %s, %s, %s, %s FROM {stage_sql.stage()} s",
            [*type_params, *unit_params, source, stamp, stamp, actor_id, actor_id])
        written = cursor.rowcount
    if written != expected:
        raise RuntimeError(f"readings import wrote {written} of {expected} new readings")


class _Month(NamedTuple):
    """A month of the file: the default coefficient set in force and, per type index, its
    coefficient (0 for water and other non-energy types)."""

    date: dt.date
    set_id: int | None
    coefficients: list[Decimal]


def _month_info(converter: actions.Converter, month_idx: int) -> _Month:
    month = month_date(month_idx)
    set_id = converter.set_for(month)
    values = converter.sets.get(set_id, {}) if set_id is not None else {}
    return _Month(month, set_id, [
        values.get(code, Decimal(0)) if ENERGY_TYPES[code].energy else Decimal(0)
        for code in TYPE_CODES])


def _kgce_column(converter: actions.Converter, months: dict[int, _Month],
                 coefficient: dict[int, Decimal], m: Sequence[int], t: Sequence[int],
                 q: Sequence[int], n: Sequence[int]) -> list[int]:
    """kgce in thousandths of each row: quantity x the set's coefficient of its month and
    type, rounded half-even as Converter rounds (a column at a time, each step in C); rows
    with a measured calorific value by Converter itself."""
    coefs = map(coefficient.__getitem__, map(or_, map(lshift, m, repeat(4)), t))
    out = list(map(int, map(Decimal.quantize, map(mul, coefs, q), repeat(ONE))))
    if max(n, default=-1) >= 0:
        for i, ncv in enumerate(n):
            if ncv >= 0:
                info = months[m[i]]
                out[i] = to_fixed(converter.kgce(TYPE_CODES[t[i]], from_fixed(q[i], 3),
                                                 info.date, from_fixed(ncv, 2))[0], 3)
    return out


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
    region_id = scope_region_id(user, Perm.REPORT_ENERGY)
    return Region.objects.filter(pk=region_id).first() if region_id else None


def iter_all(rows: ReadingRows) -> Iterator[Stored]:
    """Every stored row (tests)."""
    for chunk in rows.chunks(CHUNK):
        yield from chunk
