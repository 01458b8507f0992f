"""The room importer's check of a chunk of rows, a column at a time (see
jiguan.space.register.excel).

A large rooms file is mostly plain new rooms: a registered building, a floor, a number, a use
class, areas, no agency. For those rows every cell check of ``RoomImporter.clean_row`` is
made once per distinct cell value of a column (the verdicts are cached by value), the rows
are then checked against each other and the register in one tight loop, and the rows that
pass go to the row store a column at a time. Making a record, a RoomRow and a list of errors
per row cost several times more than reading the row.

Any row this path is not sure of (any problem, an existing room, a repeated room number, an
agency or people, anything unusual in a cell) is handed to ``clean_row`` as before, in its
place in the file, so the result is exactly the row-by-row one: the same errors with the
same messages, the same rows kept, in the same order, the same totals per building.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import repeat
from operator import methodcaller
from typing import TYPE_CHECKING, Any, cast

from jiguan.core.excel import cell_str
from jiguan.core.excel.cells import FORMULA_GUARD, STRIP_CHARS, unguard_text
from jiguan.core.excel.column_checks import all_blank, verdicts
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports.pipeline import CheckSink, clean_rows
from jiguan.space.register.excel.common import (
    BAD,
    CACHE_SIZE,
    parse_choice,
    parse_floor,
    subtype_problem,
)
from jiguan.space.register.excel.room_store import RoomRows
from jiguan.space.register.models import UseClass

if TYPE_CHECKING:
    from jiguan.space.register.excel.rooms import RoomImporter

_FIELDS = ("building_code", "floor", "number", "use_class", "subtype", "usable_area",
           "building_area", "agency_credit_code", "start_date", "occupants")


_NUMBER_LIMIT = 20  # clean_row's limit of the room number (Room.number max_length)


_SUBTYPE_LIMIT = 30


_ZERO = Decimal(0)


def check_room_chunk(importer: RoomImporter, chunk: RecordChunk, sink: CheckSink) -> None:
    """Check the chunk's rows in order; see the module doc."""
    store = sink.store
    if not isinstance(store, RoomRows) or chunk.rows is None:
        clean_rows(importer, chunk, sink, range(len(chunk)))
        return
    (codes, floor_cells, number_cells, class_cells, subtype_cells, usable_cells, area_cells,
     agency_cells, start_cells, people_cells) = chunk.columns(_FIELDS)
    count = len(chunk)
    # Keyed by code: a cell that is not a clean code string misses and takes clean_row.
    buildings: list[Any] = list(map(cast(Callable[[object], Any], importer.buildings.get), codes))
    floors = verdicts(floor_cells, importer._floors, _floor)
    numbers = store.share(_texts(number_cells))
    classes = verdicts(class_cells, importer._classes, _use_class)
    # An amount, None (a blank building area) or BAD (clean_row would report it).
    usables = verdicts(usable_cells, importer._usables, lambda raw: _amount(importer._number(
        "usable_area", raw, max_digits=10, positive=True, required=True)))
    areas = verdicts(area_cells, importer._areas, lambda raw: _amount(importer._number(
        "building_area", raw, max_digits=10, positive=True, required=False)))
    subtypes: list[Any] = [""] * count
    if not all_blank(subtype_cells):
        for i, cell in enumerate(subtype_cells):
            if cell is not None and cell != "" and classes[i]:
                subtypes[i] = _subtype_of(importer, classes[i], cell)
    # Rows naming an agency, a start date or people take clean_row.
    used = (None if all_blank(agency_cells) and all_blank(start_cells) and all_blank(people_cells)
            else [not (a is None or a == "") or not (d is None or d == "")
                  or not (p is None or p == "")
                  for a, d, p in zip(agency_cells, start_cells, people_cells, strict=True)])
    building_ids = [0] * count
    rooms = importer.rooms
    seen_area = importer.seen_area
    totals = importer.totals
    shared = store.shared
    row_numbers = chunk.numbers
    preview = sink.wants_preview
    start = 0  # rows start..i-1 passed and wait to be appended to the store

    def flush(end: int) -> None:
        if end > start:
            store.extend_new(row_numbers[start:end], buildings[start:end],
                             building_ids[start:end], floors[start:end], numbers[start:end],
                             classes[start:end], subtypes[start:end], usables[start:end],
                             areas[start:end])

    for i, (building, floor, number, use_class, subtype, usable, area) in enumerate(
            zip(buildings, floors, numbers, classes, subtypes, usables, areas, strict=True)):
        passed = (
            building is not None and type(floor) is int and use_class
            and usable is not BAD and usable is not None and area is not BAD
            and 0 < len(number) <= _NUMBER_LIMIT and subtype is not BAD
            and (used is None or not used[i])
            and (1 <= floor <= building.floors_above or -building.floors_below <= floor <= -1)
            and (area is None or usable <= area) and usable <= building.building_area)
        if passed:
            building_id = building.id
            seen = seen_area.get(building_id)
            passed = (building_id, number) not in rooms and (seen is None or number not in seen)
            if passed:
                total = totals.get(building_id, _ZERO) + usable
                passed = total <= building.building_area
        if not passed:
            flush(i)
            start = i + 1
            clean_rows(importer, chunk, sink, (i,))
            preview = preview and sink.wants_preview
            continue
        totals[building_id] = total
        if seen is None:
            seen = seen_area[building_id] = {}
        seen[number] = usable
        if subtype:
            subtypes[i] = shared(subtype)
        building_ids[i] = building_id
        if preview:
            sink.kept((building_id, number), chunk.record(i))
            preview = sink.wants_preview
    flush(count)


def _use_class(raw: object) -> str | None:
    """The use class of a cell as ``_choice`` reads it; ``None`` for anything else."""
    text = cell_str(raw)
    return parse_choice(UseClass, text) if text else None


def _texts(cells: Sequence[object]) -> list[str]:
    """``cell_str`` of each cell; stripped in C when every cell is a string."""
    if set(map(type, cells)) == {str}:
        texts = list(map(str.strip, cast(Sequence[str], cells), repeat(STRIP_CHARS)))
        # An exported "-101" comes back as "'-101" (core.excel.writer.guard_text).
        if any(map(methodcaller("startswith", FORMULA_GUARD), texts)):
            return list(map(unguard_text, texts))
        return texts
    return list(map(cell_str, cells))


def _amount(verdict: tuple[Decimal | None, str]) -> object:
    """A ``_number`` verdict as the amount (or None for a blank) or ``BAD``."""
    value, problem = verdict
    return BAD if problem else value


def _floor(raw: object) -> object:
    """The floor number of a cell, ``None`` (blank) or ``BAD``, as ``_floor_value``."""
    try:
        return parse_floor(raw)
    except ValueError:
        return BAD


def _subtype_of(importer: RoomImporter, use_class: str, cell: object) -> object:
    """:func:`_subtype`, once per use class and distinct string."""
    if type(cell) is not str:
        return _subtype(use_class, cell)
    found = importer._subtypes.get((use_class, cell))
    if found is None:
        found = _subtype(use_class, cell)
        if len(importer._subtypes) < CACHE_SIZE:
            importer._subtypes[(use_class, cell)] = found
    return found


def _subtype(use_class: str, raw: object) -> object:
    """The subtype of a cell as ``clean_row`` reads it, or ``BAD`` when it has a problem."""
    text = cell_str(raw)
    if len(text) > _SUBTYPE_LIMIT or (text and subtype_problem(use_class, text)):
        return BAD
    return text
