"""The room importer's check of a chunk of rows, a column at a time: see jiguan.space.excel.

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
from typing import TYPE_CHECKING, Any, cast

from jiguan.core.excel import cell_str
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports import CheckSink
from jiguan.space.excel_common import _BAD, _CACHE_SIZE, _CACHEABLE, parse_choice, subtype_problem
from jiguan.space.excel_room_store import _RoomRows
from jiguan.space.models import UseClass

if TYPE_CHECKING:
    from jiguan.space.excel_rooms import RoomImporter

_FIELDS = ("building_code", "floor", "number", "use_class", "subtype", "usable_area",
           "building_area", "agency_credit_code", "start_date", "occupants")
_NUMBER_LIMIT = 20  # clean_row's limit of the room number (Room.number max_length)
_SUBTYPE_LIMIT = 30
_ZERO = Decimal(0)
_MISSING = object()


def _verdicts(cells: Sequence[object], known: dict[object, Any],
              decide: Callable[[object], Any]) -> list[Any]:
    """``decide(cell)`` for each cell, computed once per distinct value of a cacheable type
    (not bool: True == 1 would share 1's verdict); ``known`` keeps the verdicts."""
    found = known.get
    out: list[Any] = []
    append = out.append
    for cell in cells:
        verdict = found(cell, _MISSING) if type(cell) in _CACHEABLE else _MISSING
        if verdict is _MISSING:
            verdict = decide(cell)
            if type(cell) in _CACHEABLE and len(known) < _CACHE_SIZE:
                known[cell] = verdict
        append(verdict)
    return out


def check_room_chunk(importer: RoomImporter, chunk: RecordChunk, sink: CheckSink) -> None:
    """Check the chunk's rows in order; see the module doc."""
    store = sink.store
    if not isinstance(store, _RoomRows) or chunk.rows is None:
        _clean_rows(importer, chunk, sink, range(len(chunk)))
        return
    (codes, floor_cells, number_cells, class_cells, subtype_cells, usable_cells, area_cells,
     agency_cells, start_cells, people_cells) = chunk.columns(_FIELDS)
    count = len(chunk)
    # Keyed by code: a cell that is not a clean code string misses and takes clean_row.
    buildings: list[Any] = list(map(cast(Callable[[object], Any], importer.buildings.get), codes))
    floors: list[Any] = list(map(importer._floor_value, floor_cells))
    numbers: list[Any] = list(map(cell_str, number_cells))
    classes = _verdicts(class_cells, importer._classes, _use_class)
    usables = _verdicts(usable_cells, importer._usables, lambda raw: importer._number(
        "usable_area", raw, max_digits=10, positive=True, required=True))
    areas = _verdicts(area_cells, importer._areas, lambda raw: importer._number(
        "building_area", raw, max_digits=10, positive=True, required=False))
    subtype_verdicts = importer._subtypes
    subtypes: list[Any] = [""] * count
    building_ids = [0] * count
    rooms = importer.rooms
    seen_area = importer.seen_area
    totals = importer.totals
    shared = store._shared
    row_numbers = chunk.numbers
    preview = sink.wants_preview
    start = 0  # rows start..i-1 passed and wait to be appended to the store

    def flush(end: int) -> None:
        if end > start:
            store.extend_new(row_numbers[start:end], buildings[start:end],
                             building_ids[start:end], floors[start:end], numbers[start:end],
                             classes[start:end], subtypes[start:end],
                             [u[0] for u in usables[start:end]],
                             [a[0] for a in areas[start:end]])

    for i in range(count):
        building = buildings[i]
        floor = floors[i]
        use_class = classes[i]
        usable, usable_problem = usables[i]
        area, area_problem = areas[i]
        number = numbers[i]
        agency_cell, start_cell, people_cell = agency_cells[i], start_cells[i], people_cells[i]
        passed = (
            building is not None and type(floor) is int and use_class is not None
            and usable is not None and not usable_problem and not area_problem
            and 0 < len(number) <= _NUMBER_LIMIT
            and (agency_cell is None or agency_cell == "")
            and (start_cell is None or start_cell == "")
            and (people_cell is None or people_cell == "")
            and (1 <= floor <= building.floors_above or -building.floors_below <= floor <= -1)
            and (area is None or usable <= area) and usable <= building.building_area)
        if passed:
            cell = subtype_cells[i]
            if cell is None or cell == "":
                subtype: Any = ""
            elif type(cell) is str:
                subtype = subtype_verdicts.get((use_class, cell))
                if subtype is None:
                    subtype = _subtype(use_class, cell)
                    if len(subtype_verdicts) < _CACHE_SIZE:
                        subtype_verdicts[(use_class, cell)] = subtype
            else:
                subtype = _subtype(use_class, cell)
            passed = subtype is not _BAD
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
            _clean_rows(importer, chunk, sink, (i,))
            preview = preview and sink.wants_preview
            continue
        totals[building_id] = total
        number = numbers[i] = shared(number)
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


def _clean_rows(importer: RoomImporter, chunk: RecordChunk, sink: CheckSink,
                indexes: Sequence[int]) -> None:
    """``clean_row`` for the given rows of the chunk, as ``Importer.check_chunk`` does."""
    for index in indexes:
        record = chunk.record(index)
        cleaned, errors = importer.clean_row(record)
        if errors:
            sink.errors.extend(errors)
        elif cleaned is not None:
            sink.accept(importer.key(cleaned), cleaned, record)


def _use_class(raw: object) -> str | None:
    """The use class of a cell as ``_choice`` reads it; ``None`` for anything else."""
    text = cell_str(raw)
    return parse_choice(UseClass, text) if text else None


def _subtype(use_class: str, raw: object) -> object:
    """The subtype of a cell as ``clean_row`` reads it, or ``_BAD`` when it has a problem."""
    text = cell_str(raw)
    if len(text) > _SUBTYPE_LIMIT or (text and subtype_problem(use_class, text)):
        return _BAD
    return text
