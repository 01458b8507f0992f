"""The readings importer's check of a chunk of rows, a column at a time (see
jiguan.energy.readings.excel.importer and jiguan.core.excel.column_checks).

A monthly workbook is mostly plain rows: a known credit code, a month, a type with its
usual unit, a whole quantity, a cost in yuan and fen, no measured calorific value. For those
rows each cell check of ``ReadingImporter.clean_row`` is made once per distinct value of a
column, one tight loop then checks the quantity, the cap and the cost of each row and
repeats within the file, and the rows that pass go to the row store a column at a time.

Any other row (any problem, a name instead of a code, a calorific value, a fraction of a
unit, a cost the loop is not sure of...) is handed to ``clean_row`` in its place in the
file, so the result is exactly the row-by-row one: the same errors with the same messages,
the same rows kept, in the same order (test_input_import_check.py compares both).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import compress, repeat
from operator import eq, gt, lshift, mul, not_, or_
from typing import TYPE_CHECKING, Any

from jiguan.core.excel import cell_str
from jiguan.core.excel.column_checks import KEYABLE, all_blank, verdicts
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports.pipeline import CheckSink, clean_rows
from jiguan.energy.readings import actions
from jiguan.energy.readings.excel.store import ReadingRows
from jiguan.energy.rules import ENERGY_TYPES, TYPE_CODES

if TYPE_CHECKING:
    from jiguan.energy.readings.excel.importer import ReadingImporter

_MAX_CENTS = int(actions.MAX_COST * 100)
_MAX_YUAN = float(actions.MAX_COST)
FIELDS = ("credit_code", "month", "energy_type", "unit", "quantity", "cost", "ncv")
#: A verdict the fast path cannot use (the row takes clean_row).
NO = None


def cents(raw: object) -> int | None:
    """A cost cell in fen when it is plainly fine (blank, or a number from 0 to MAX_COST
    with at most two decimals); None sends the row to clean_row."""
    if raw is None or raw == "":
        return 0
    kind = type(raw)
    if kind is int:
        fen = raw * 100  # type: ignore[operator]
    elif kind is float:
        # A float that is the nearest to a value in fen (what its shortest repr, as the
        # workbook shows it, has at most two decimals for) divides back to itself; in the
        # range up to MAX_COST the fen is then exact. NaN fails the range check.
        if not 0 <= raw <= _MAX_YUAN:  # type: ignore[operator]
            return None
        fen = round(raw * 100)  # type: ignore[operator]
        if fen / 100 != raw:
            return None
    else:
        return None  # a bool, a text, a date: clean_row says what is wrong or reads it
    return fen if 0 <= fen <= _MAX_CENTS else None


def agency_verdict(importer: ReadingImporter, raw: object) -> int | None:
    """The institution of a credit-code cell when the code is one the user reports for;
    ``None`` otherwise (a blank code is matched by name, by clean_row)."""
    if type(raw) is not str:
        return NO
    code = importer._code(raw)[0]
    return importer.by_code.get(code) if code else NO


def month_verdict(importer: ReadingImporter, raw: object) -> int | None:
    month, message = importer._month(raw)
    return NO if message else month


def type_unit_verdict(importer: ReadingImporter, raw_type: object, raw_unit: object
                      ) -> tuple[int, int, str, int] | None:
    """(type index, integral factor to the canonical unit, unit text, cap in thousandths)
    for a good type and unit whose factor is a whole number; ``None`` for anything else."""
    type_idx, message = importer._type(raw_type)
    if message:
        return NO
    unit, message = importer._unit((type_idx, cell_str(raw_unit)))
    if message:
        return NO
    factor, text = unit
    t = ENERGY_TYPES[TYPE_CODES[type_idx]]
    # Integral factors only (the loop multiplies integers), and an energy type only when
    # there is a coefficient set to convert it with (clean_row reports it otherwise).
    if factor != factor.to_integral_value() or (t.energy and not importer.has_coefficients):
        return NO
    return type_idx, int(factor), text, int(importer.caps[type_idx] * Decimal(1000))


def check_reading_chunk(importer: ReadingImporter, chunk: RecordChunk, sink: CheckSink) -> None:
    """Check the chunk's rows in order; see the module doc."""
    store = sink.store
    if not isinstance(store, ReadingRows):
        clean_rows(importer, chunk, sink, range(len(chunk)))
        return
    codes, month_cells, type_cells, unit_cells, quantities, costs, ncvs = chunk.columns(FIELDS)
    agencies = verdicts(codes, importer._verdict_agency,
                        lambda raw: agency_verdict(importer, raw))
    months = verdicts(month_cells, importer._verdict_month,
                      lambda raw: month_verdict(importer, raw))
    type_units = verdicts(
        list(zip(type_cells, unit_cells, strict=True)), importer._verdict_type_unit,
        lambda pair: type_unit_verdict(importer, *pair),  # type: ignore[misc]
        all_keyable=set(map(type, type_cells)) | set(map(type, unit_cells)) <= KEYABLE)
    ncv_blank = all_blank(ncvs)
    if ncv_blank and _whole_chunk(importer, chunk, sink, agencies, months, type_units,
                                  quantities, costs):
        return
    _row_by_row(importer, chunk, sink, agencies, months, type_units, quantities, costs,
                None if ncv_blank else ncvs)


def _whole_chunk(importer: ReadingImporter, chunk: RecordChunk, sink: CheckSink,
                 agencies: list[Any], months: list[Any], type_units: list[Any],
                 quantities: Sequence[Any], costs: Sequence[Any]) -> bool:
    """The usual chunk, where every row is plain, a column at a time (each step a pass in
    C, or one small function per cell for the cost). Returns False, having changed
    nothing, when any row is not plain: the chunk then goes row by row."""
    if None in agencies or None in months or None in type_units:
        return False
    kinds = set(map(type, quantities))
    if kinds == {float}:
        if not all(map(float.is_integer, quantities)) or min(quantities) < 0:
            return False
        entered = list(map(mul, map(int, quantities), repeat(1000)))
    elif kinds == {int}:
        if min(quantities) < 0:
            return False
        entered = list(map(mul, quantities, repeat(1000)))
    else:
        return False
    type_idx, factors, units, caps = zip(*type_units, strict=True)
    quantity = list(map(mul, entered, factors))
    fens = list(map(cents, costs))
    if any(map(gt, quantity, caps)) or None in fens:
        return False
    # Every row passed: now the keys, and the rows repeating an earlier one.
    store = sink.store
    assert isinstance(store, ReadingRows)
    keys = list(map(or_, map(or_, map(lshift, agencies, repeat(24)),
                             map(lshift, months, repeat(4))), type_idx))
    numbers = chunk.numbers
    firsts = list(map(store.first.setdefault, keys, numbers))
    columns: list[list[Any]] = [agencies, months, list(type_idx), quantity, entered,
                                list(units), fens]
    kept: list[bool] | None = None
    if firsts != numbers:
        kept = list(map(eq, firsts, numbers))
        label = importer.key_label
        for i in compress(range(len(kept)), map(not_, kept)):
            sink.repeat(keys[i], numbers[i], label)
        columns = [list(compress(column, kept)) for column in columns]
    store.extend(*columns)
    for i, key in enumerate(keys):
        if not sink.wants_preview:
            break
        if kept is None or kept[i]:
            sink.kept(key, chunk.record(i))
    return True


def _row_by_row(importer: ReadingImporter, chunk: RecordChunk, sink: CheckSink,
                agencies: list[Any], months: list[Any], type_units: list[Any],
                quantities: Sequence[Any], costs: Sequence[Any],
                ncvs: Sequence[object] | None) -> None:
    """Each row in turn: the plain ones kept a column at a time, the others by clean_row."""
    store = sink.store
    assert isinstance(store, ReadingRows)
    numbers = chunk.numbers
    first = store.first
    label = importer.key_label
    preview = sink.wants_preview
    # The rows that passed since the last flush, a column at a time.
    keep_a: list[int] = []
    keep_m: list[int] = []
    keep_t: list[int] = []
    keep_q: list[int] = []
    keep_e: list[int] = []
    keep_u: list[str] = []
    keep_c: list[int] = []

    def flush() -> None:
        if keep_a:
            store.extend(keep_a, keep_m, keep_t, keep_q, keep_e, keep_u, keep_c)
            for kept in (keep_a, keep_m, keep_t, keep_q, keep_e, keep_u, keep_c):
                kept.clear()

    for i, (agency_id, month, type_unit, q, cost) in enumerate(
            zip(agencies, months, type_units, quantities, costs, strict=True)):
        passed = agency_id is not None and month is not None and type_unit is not None and (
            ncvs is None or ncvs[i] is None or ncvs[i] == "")
        if passed:
            kind = type(q)
            if kind is int and q >= 0:
                entered = q * 1000
            elif kind is float and q.is_integer() and q >= 0:
                entered = int(q) * 1000
            else:
                passed = False
        if passed:
            type_idx, factor, unit, cap = type_unit
            quantity = entered * factor
            fen = cents(cost)
            passed = quantity <= cap and fen is not None
        if not passed:
            flush()
            clean_rows(importer, chunk, sink, (i,))
            preview = preview and sink.wants_preview
            continue
        key = (agency_id << 24) | (month << 4) | type_idx
        number = numbers[i]
        if first.setdefault(key, number) != number:
            sink.repeat(key, number, label)
            continue
        keep_a.append(agency_id)
        keep_m.append(month)
        keep_t.append(type_idx)
        keep_q.append(quantity)
        keep_e.append(entered)
        keep_u.append(unit)
        keep_c.append(fen)  # type: ignore[arg-type]
        if preview:
            sink.kept(key, chunk.record(i))
            preview = sink.wants_preview
    flush()
