"""Checking a chunk of rows a column at a time (see ``Importer.check_chunk``).

A large import is mostly rows whose cells repeat: the same few months, types, units and
codes. Judging each distinct cell value once, and looking the verdicts up with ``map`` (in
C), costs a fraction of making a record and calling ``clean_row`` per row. The importers of
rooms (jiguan.space.register.excel.room_check) and of energy readings
(jiguan.energy.readings.excel.check) build their fast paths from these two functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import repeat
from operator import is_
from typing import Any, cast

#: Verdicts kept per column at most (a column of a million distinct values is not cached).
CACHE_SIZE = 100_000
#: Cell types whose verdicts are cached by value: not bool (True == 1 would share 1's
#: verdict); None is hashable and equal to nothing else.
KEYABLE = frozenset({str, int, float, dt.date, dt.datetime, type(None)})
_MISSING = object()


def keyable(cell: object) -> bool:
    """Whether a cell's verdict may be cached by its value: a keyable scalar, or a tuple of
    them (a verdict on two columns at once, such as an energy type and its unit)."""
    if type(cell) in KEYABLE:
        return True
    return type(cell) is tuple and all(type(x) in KEYABLE for x in cast(tuple[object, ...], cell))


def verdicts(cells: Sequence[object], known: dict[object, Any],
             decide: Callable[[object], Any], *, all_keyable: bool | None = None
             ) -> list[Any]:
    """``decide(cell)`` for each cell, computed once per distinct keyable value (see
    :func:`keyable`); ``known`` keeps the verdicts across chunks (up to :data:`CACHE_SIZE`).
    ``all_keyable``: the caller knows whether every cell is keyable (for tuples, from their
    columns); by default the cells' types are looked at, in C."""
    if all_keyable is None:
        all_keyable = set(map(type, cells)) <= KEYABLE
    if all_keyable:
        # The usual column: looked up in C; only values not seen yet are decided.
        out = list(map(known.get, cells, repeat(_MISSING, len(cells))))
        # By identity, in C: ``in`` would compare each Decimal with == (an ABC check each).
        if not any(map(is_, out, repeat(_MISSING))):
            return out
    else:
        out = [_MISSING] * len(cells)
    for i, verdict in enumerate(out):
        if verdict is _MISSING:
            cell = cells[i]
            cacheable = all_keyable or keyable(cell)
            verdict = known.get(cell, _MISSING) if cacheable else _MISSING
            if verdict is _MISSING:
                verdict = decide(cell)
                if cacheable and len(known) < CACHE_SIZE:
                    known[cell] = verdict
            out[i] = verdict
    return out


def all_blank(cells: Sequence[object]) -> bool:
    """Whether every cell of a column is empty (None or ""), counted in C."""
    return cells.count(None) + cells.count("") == len(cells)
