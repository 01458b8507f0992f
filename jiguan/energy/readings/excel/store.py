"""The checked rows of a readings import, kept compactly: one typed array per column (a few
dozen bytes a row) instead of a tuple of Decimals per row, so a million-row file is held
in tens of megabytes between the check and the write. See jiguan.energy.readings.excel.importer."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Container, Hashable, Iterable, Iterator
from decimal import Decimal

#: A checked row: (key, agency id, month index, type index, quantity in thousandths of the
#: canonical unit, entered quantity in thousandths, entered unit, cost in fen, measured
#: calorific value in hundredths or -1).
Row = tuple[int, int, int, int, int, int, str, int, int]
#: A stored row as the writer reads it: Row without its key.
Stored = tuple[int, int, int, int, int, str, int, int]


def month_index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def month_date(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def row_key(agency_id: int, month: int, type_idx: int) -> int:
    """The natural key (institution, month, type) as one int: cheaper to hash and keep
    than a tuple. Months up to year 9999 fit in 20 bits, types in 4."""
    return (agency_id << 24) | (month << 4) | type_idx


def to_fixed(value: Decimal, places: int) -> int:
    """A Decimal rounded to `places` decimals (as Decimal.quantize rounds it in
    actions.prepare_reading), as an integer count of 10^-places."""
    return int(value.quantize(Decimal(1).scaleb(-places)).scaleb(places))


def from_fixed(value: int, places: int) -> Decimal:
    return Decimal(value).scaleb(-places)


class ReadingRows:
    """The row store of the readings importer (the interface of
    jiguan.core.imports.pipeline.RowStore)."""

    def __init__(self) -> None:
        self.agency = array("q")
        self.month = array("l")
        self.type = array("b")
        self.quantity = array("q")
        self.entered = array("q")
        self.unit = array("h")
        self.cost = array("q")
        self.ncv = array("q")
        #: The sheet row of each stored row (the preview names the rows needing
        #: confirmation after ``first`` is dropped).
        self.row = array("l")
        self.units: list[str] = []
        self._unit_index: dict[str, int] = {}
        #: The sheet row number of the first row of each key (repeats are refused).
        self.first: dict[int, int] = {}

    def add(self, key: Hashable, cleaned: Row, row_number: int) -> bool:
        assert isinstance(key, int)
        if self.first.setdefault(key, row_number) != row_number:
            return False
        _, agency_id, month, type_idx, quantity, entered, unit, cost, ncv = cleaned
        unit_idx = self._unit_index.get(unit)
        if unit_idx is None:
            unit_idx = self._unit_index[unit] = len(self.units)
            self.units.append(unit)
        self.agency.append(agency_id)
        self.month.append(month)
        self.type.append(type_idx)
        self.quantity.append(quantity)
        self.entered.append(entered)
        self.unit.append(unit_idx)
        self.cost.append(cost)
        self.ncv.append(ncv)
        self.row.append(row_number)
        return True

    def extend(self, agency: list[int], month: list[int], type_idx: list[int],
               quantity: list[int], entered: list[int], unit: list[str], cost: list[int]
               ) -> None:
        """Rows already checked and found new in the file (their keys are in ``first``),
        a column at a time; no measured calorific value."""
        index = self._unit_index
        for text in dict.fromkeys(unit):
            if text not in index:
                index[text] = len(self.units)
                self.units.append(text)
        self.agency.extend(agency)
        self.month.extend(month)
        self.type.extend(type_idx)
        self.quantity.extend(quantity)
        self.entered.extend(entered)
        self.unit.extend(map(index.__getitem__, unit))
        self.cost.extend(cost)
        self.ncv.extend([-1] * len(agency))
        first = self.first
        self.row.extend(first[(a << 24) | (m << 4) | t] for a, m, t in zip(agency, month, type_idx,
                                                                           strict=True))

    def first_rows(self, keys: Iterable[Hashable]) -> dict[Hashable, int]:
        return {k: self.first[k] for k in keys}  # type: ignore[index]

    def finish(self) -> None:
        self.first = {}

    def drop(self, keys: Container[Hashable]) -> None:
        keep = [i for i in range(len(self.agency))
                if row_key(self.agency[i], self.month[i], self.type[i]) not in keys]
        for name in ("agency", "month", "type", "quantity", "entered", "unit", "cost", "ncv",
                     "row"):
            old = getattr(self, name)
            setattr(self, name, array(old.typecode, (old[i] for i in keep)))

    def __len__(self) -> int:
        return len(self.agency)

    def result(self) -> ReadingRows:
        return self

    def agency_ids(self) -> list[int]:
        return sorted(set(self.agency))

    def column_chunks(self, size: int) -> Iterator[tuple[array[int], ...]]:
        """The rows ``size`` at a time, as slices of the columns: agency, month, type,
        quantity, entered quantity, unit index (into ``units``), cost, calorific value."""
        columns = (self.agency, self.month, self.type, self.quantity, self.entered,
                   self.unit, self.cost, self.ncv)
        for start in range(0, len(self.agency), size):
            end = start + size
            yield tuple(col[start:end] for col in columns)

    def chunks(self, size: int) -> Iterator[list[Stored]]:
        units = self.units
        for a, m, t, q, e, u, c, n in self.column_chunks(size):
            yield list(zip(a, m, t, q, e, map(units.__getitem__, u), c, n, strict=True))
