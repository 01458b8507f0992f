"""The cleaned rows of a room import, kept column by column: see jiguan.space.register.excel."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Container, Hashable, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import compress
from typing import Any, NamedTuple, Protocol, cast

from jiguan.core.imports.pipeline import Cleaned, RowStore
from jiguan.orgs.models import Agency, Person
from jiguan.space.register.excel.common import CACHE_SIZE, NOBODY
from jiguan.space.register.models import Building


class ExistingRoom(NamedTuple):
    id: int
    floor: int
    usable_area: Decimal
    use_class: str
    subtype: str
    building_area: Decimal | None


class RoomRow(NamedTuple):
    """One cleaned room row, as ``clean_row`` gives it and as iterating a :class:`RoomRows`
    gives it back; the store keeps the rows column by column, not as these tuples."""

    row: int
    key: tuple[int, str]  # (building id, room number): the natural key
    building: Building
    floor: int
    room_id: int | None
    number: str
    use_class: str
    subtype: str | None  # None: keep the room's subtype
    usable_area: Decimal
    building_area: Decimal | None  # None: keep the room's building area
    agency: Agency | None
    start_date: dt.date | None
    people: tuple[Person, ...]
    unchanged: bool  # an existing room the row leaves exactly as it is (no agency given)

    @property
    def data(self) -> dict[str, Any]:
        """The room's fields as space.actions take them."""
        data: dict[str, Any] = {"number": self.number, "use_class": self.use_class,
                                "usable_area": self.usable_area}
        if self.subtype is not None:
            data["subtype"] = self.subtype
        if self.building_area is not None:
            data["building_area"] = self.building_area
        return data


class _SeenAreas(Protocol):
    """What the store reads of its importer (RoomImporter): building id -> room number ->
    usable area of the rows seen so far."""

    seen_area: dict[int, dict[str, Decimal]]


class RoomRows(RowStore):
    """The cleaned rows of a room import, one list or array per column rather than one
    RoomRow per row: a million-row file keeps ~70 bytes a row between the check and the
    write instead of ~400 (the tuple, its key tuple, the row's own strings and ints).
    Buildings, choices, Decimals and room numbers are shared objects (numbers and subtypes
    through a table of distinct strings); row numbers, floors and room ids are machine ints;
    the agency, start date and people are kept only for the rows naming an agency.

    Duplicates: the importer's ``seen_area`` (building id -> room number -> usable area) is
    the index of keys; a repeated key is not kept, the first row of a key is found again by
    one pass when the check names it. Iterating gives RoomRow tuples, one at a time."""

    def __init__(self, importer: _SeenAreas) -> None:
        self._seen = importer.seen_area
        self._strings: dict[str, str] = {}
        self.row = array("q")
        self.building: list[Building] = []
        self.building_id = array("q")  # the buildings' ids: the bulk write reads them in C
        self.floor = array("h")
        self.room_id = array("q")  # 0: a new room
        self.number: list[str] = []
        self.use_class: list[str] = []
        self.subtype: list[str | None] = []
        self.usable_area: list[Decimal] = []
        self.building_area: list[Decimal | None] = []
        self.unchanged = bytearray()
        self.use: dict[int, tuple[Agency, dt.date | None, tuple[Person, ...]]] = {}

    def share(self, texts: list[str]) -> list[str]:
        """:meth:`shared` of each text, in C (the table grows until it is full)."""
        table = self._strings
        if len(table) < CACHE_SIZE:
            return list(map(table.setdefault, texts, texts))
        return list(map(table.get, texts, texts))

    def shared(self, text: str) -> str:
        """One string object per distinct room number or subtype."""
        return self._shared(text)

    def _shared(self, text: str) -> str:
        found = self._strings.get(text)
        if found is None:
            found = text
            if len(self._strings) < CACHE_SIZE:
                self._strings[text] = text
        return found

    def add(self, key: Hashable, cleaned: Cleaned, row_number: int) -> bool:
        row = cast(RoomRow, cleaned)
        building_id = row.key[0]
        seen = self._seen.get(building_id)
        if seen is None:
            seen = self._seen[building_id] = {}
        number = self._shared(row.number)
        if number in seen:
            seen[number] = row.usable_area
            return False
        seen[number] = row.usable_area
        self.append(row, number)
        return True

    def append(self, row: RoomRow, number: str | None = None) -> None:
        if row.agency is not None:
            self.use[len(self.row)] = (row.agency, row.start_date, row.people)
        self.row.append(row.row)
        self.building.append(row.building)
        self.building_id.append(row.building.id)
        self.floor.append(row.floor)
        self.room_id.append(row.room_id or 0)
        self.number.append(number if number is not None else row.number)
        self.use_class.append(row.use_class)
        self.subtype.append(None if row.subtype is None else self._shared(row.subtype))
        self.usable_area.append(row.usable_area)
        self.building_area.append(row.building_area)
        self.unchanged.append(row.unchanged)

    def extend_new(self, rows: Sequence[int], buildings: Sequence[Building],
                   building_ids: Sequence[int], floors: Sequence[int], numbers: Sequence[str],
                   use_classes: Sequence[str], subtypes: Sequence[str],
                   usable_areas: Sequence[Decimal],
                   building_areas: Sequence[Decimal | None]) -> None:
        """Rows checked a column at a time (room_check.py): new rooms without
        agency, their numbers and subtypes already shared, their keys already in
        ``seen_area``. Appended in C, a column at a time."""
        count = len(rows)
        self.row.extend(rows)
        self.building.extend(buildings)
        self.building_id.extend(building_ids)
        self.floor.extend(floors)
        self.room_id.frombytes(bytes(self.room_id.itemsize * count))  # 0: a new room
        self.number.extend(numbers)
        self.use_class.extend(use_classes)
        self.subtype.extend(subtypes)
        self.usable_area.extend(usable_areas)
        self.building_area.extend(building_areas)
        self.unchanged.extend(bytes(count))

    def first_rows(self, keys: Iterable[Hashable]) -> dict[Hashable, int]:
        wanted = set(keys)
        found: dict[Hashable, int] = {}
        for i, (building, number) in enumerate(zip(self.building, self.number, strict=True)):
            key = (building.id, number)
            if key in wanted and key not in found:
                found[key] = self.row[i]
        return found

    def finish(self) -> None:
        self._strings = {}
        self._seen = {}  # the importer's seen_area: dropped by its checked()

    def drop(self, keys: Container[Hashable]) -> None:
        keep = [i for i, (building, number) in enumerate(zip(self.building, self.number,
                                                            strict=True))
                if (building.id, number) not in keys]
        use = {new: self.use[old] for new, old in enumerate(keep) if old in self.use}
        for name in ("row", "building_id", "floor", "room_id"):
            column = getattr(self, name)
            setattr(self, name, array(column.typecode, [column[i] for i in keep]))
        for name in ("building", "number", "use_class", "subtype", "usable_area",
                     "building_area"):
            column = getattr(self, name)
            setattr(self, name, [column[i] for i in keep])
        self.unchanged = bytearray(self.unchanged[i] for i in keep)
        self.use = use

    def __len__(self) -> int:
        return len(self.row)

    def result(self) -> Any:
        return self

    def __iter__(self) -> Iterator[RoomRow]:
        use = self.use
        for i, row in enumerate(self.row):
            building = self.building[i]
            number = self.number[i]
            agency, start_date, people = use.get(i, (None, None, NOBODY))
            yield RoomRow(row, (building.id, number), building, self.floor[i],
                          self.room_id[i] or None, number, self.use_class[i], self.subtype[i],
                          self.usable_area[i], self.building_area[i], agency, start_date,
                          people, bool(self.unchanged[i]))

    def unchanged_count(self) -> int:
        return self.unchanged.count(1)

    def only_new_rooms(self) -> bool:
        """Whether every row to write is a new room without agency (the bulk path)."""
        if any(not self.unchanged[i] for i in self.use):
            return False
        if self.room_id.count(0) == len(self.room_id):
            return True  # every row a new room (counted in C)
        return all(unchanged or not room_id
                   for room_id, unchanged in zip(self.room_id, self.unchanged, strict=True))

    def building_ids(self) -> set[int]:
        return set(self.building_id)

    def floor_keys(self) -> set[tuple[int, int]]:
        """(building id, floor number) of the rows to write."""
        return {(b.id, f) for b, f, unchanged in zip(self.building, self.floor, self.unchanged,
                                                     strict=True) if not unchanged}

    def new_rooms(self) -> Iterator[tuple[int, int, str, str, str | None, Decimal,
                                          Decimal | None]]:
        """building id, floor, number, use class, subtype, areas of the rows to write."""
        for b, f, number, use_class, subtype, usable, area, unchanged in zip(
                self.building, self.floor, self.number, self.use_class, self.subtype,
                self.usable_area, self.building_area, self.unchanged, strict=True):
            if not unchanged:
                yield b.id, f, number, use_class, subtype, usable, area

    def new_room_columns(self, amounts_as_text: bool = False) -> Iterator[tuple[Any, ...]]:
        """What :meth:`new_rooms` gives, zipped in C when every row is to be written.
        ``amounts_as_text``: the areas as the text SQLite's Decimal adapter would send,
        made once per distinct amount (a file has a few thousand), not once per cell."""
        usable: Sequence[Any] = self.usable_area
        area: Sequence[Any] = self.building_area
        if amounts_as_text:
            text = {d: str(d) for d in {*usable, *area} if d is not None}
            usable = list(map(text.__getitem__, usable))
            area = list(map(text.get, area))
        columns = (self.building_id, self.floor, self.number, self.use_class, self.subtype,
                   usable, area)
        if self.unchanged.count(1):
            return compress(zip(*columns, strict=True), (not u for u in self.unchanged))
        return zip(*columns, strict=True)


ROOM_FIELDS = ("id", "building_id", "number", "floor__number", "usable_area", "use_class",
                "subtype", "building_area")


def is_blank_cell(value: object) -> bool:
    """An empty cell as calamine or the CSV reader gives it (other blanks take the long way)."""
    return value is None or value == ""
