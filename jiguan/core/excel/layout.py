"""Where a file's data is: which sheet, which header row, which column is which field.

Clerks send workbooks whose first sheet is a 填表说明, whose title spans the first rows and
whose headers are their own words (机构名称 for 单位名称, 区划 for 行政区划代码). Every
visible sheet's head is scored row by row; the best row of the best sheet is the header.
Its cells are matched to the importer's columns in this order:

1. the user's mapping (from the mapping step, a saved mapping or the CLI's ``--map``):
   normalised header text -> field, ``""`` to ignore the column;
2. the column's label or an alias (exact, after :func:`normalize_header`), or a column
   family's ``claim``;
3. otherwise *suggestions*, scored: a synonym kept beside the column (90), a header that
   contains a label or synonym or is contained in one (70), shared characters (up to 60).

Suggestions are never applied silently: a header with a suggestion and no match, or a
required field without a column, makes the layout ``needs_mapping`` until the user (or a
saved mapping) says what each column is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .cells import cell_str
from .columns import Column
from .headers import header_text, normalize_header
from .reader import SheetHead

#: Rows of each sheet that may be the header row.
MAX_SCAN = 20
#: Lowest score of a suggestion that is offered.
MIN_SUGGESTION = 40
#: Suggestions listed per header cell.
MAX_SUGGESTIONS = 3
#: A suggestion at least this good stops the import for the mapping step (a weaker one is
#: only preselected when the step is shown anyway).
PENDING_SCORE = 70
#: Sample values shown beside each file column in the mapping step.
SAMPLES = 3

IGNORE = ""  # the field of a column the user chose to ignore (忽略)


@dataclass
class HeaderCell:
    """One non-blank cell of the header row and what it was matched to."""

    index: int  # 0-based column
    text: str  # as written
    key: str  # normalised: what mappings are keyed by
    target: str | None = None  # the field its values go to (None: not imported)
    how: str = ""  # "mapped" | "exact" | "claimed" | "ignored" | "" (no match)
    suggestions: list[tuple[str, int]] = field(default_factory=list)  # (field, score)
    samples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "key": self.key, "field": self.target,
                "how": self.how, "samples": self.samples,
                "suggestions": [list(s) for s in self.suggestions]}


@dataclass
class Layout:
    """The sheet and header row chosen and the columns found there."""

    sheet: str
    header_index: int  # 0-based row of the sheet
    cells: list[HeaderCell]
    positions: dict[str, int]  # field -> 0-based column
    missing: list[str]  # required fields without a column
    duplicates: list[str]  # header texts of a second column for one field
    sheets: list[dict[str, Any]]  # [{"name", "score", "height"}] of every visible sheet
    mapped: bool = False  # a mapping was applied

    @property
    def header_row_number(self) -> int:
        return self.header_index + 1

    @property
    def pending(self) -> list[HeaderCell]:
        """Header cells with a suggestion but no field: the user must say what they are."""
        return [c for c in self.cells if c.target is None and c.how != "ignored"
                and c.suggestions and c.suggestions[0][1] >= PENDING_SCORE]

    @property
    def needs_mapping(self) -> bool:
        return bool(self.missing) or bool(self.pending)

    @property
    def unused(self) -> list[str]:
        """Header texts whose column is not imported (no field, ignored or unknown)."""
        return [c.text for c in self.cells if c.target is None]

    @property
    def headers_key(self) -> str:
        """A fingerprint of the header set (order-free): files with the same headers share
        a saved mapping."""
        keys = sorted({c.key for c in self.cells})
        return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()

    def mapping(self) -> dict[str, str]:
        """The mapping that reproduces this layout: every header key -> field or ignore."""
        return {c.key: (c.target or IGNORE) for c in self.cells}

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "header_row": self.header_row_number,
                "cells": [c.as_dict() for c in self.cells], "missing": self.missing,
                "duplicates": self.duplicates, "sheets": self.sheets, "mapped": self.mapped,
                "headers_key": self.headers_key}


# ---------------------------------------------------------------- matching one row


def _names(column: Column) -> list[str]:
    return [normalize_header(n) for n in column.names]


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


def _score(key: str, column: Column) -> int:
    """How much header ``key`` looks like ``column`` (0: not at all)."""
    names = _names(column)
    synonyms = [normalize_header(s) for s in column.synonyms]
    if key in synonyms:
        return 90
    best = 0
    for name in names + synonyms:
        if len(name) >= 2 and len(key) >= 2 and (name in key or key in name):
            best = max(best, 70)
        else:
            shared = _bigrams(key) & _bigrams(name)
            if shared:
                best = max(best, int(60 * len(shared) / len(_bigrams(key) | _bigrams(name))))
    return best


def suggest(key: str, columns: Sequence[Column], taken: Sequence[str] = ()) -> list[
        tuple[str, int]]:
    """The fields a header may be, best first (fields already matched left out)."""
    found = [(c.field, _score(key, c)) for c in columns
             if c.claim is None and c.field not in taken]
    found = [f for f in found if f[1] >= MIN_SUGGESTION]
    found.sort(key=lambda f: -f[1])
    return found[:MAX_SUGGESTIONS]


def _claimed(columns: Sequence[Column], text: str) -> str | None:
    for claim in dict.fromkeys(c.claim for c in columns if c.claim is not None):
        assert claim is not None
        found = claim(text)
        if found is not None:
            return found
    return None


def match_row(row: Sequence[object], columns: Sequence[Column],
              mapping: Mapping[str, str] | None = None) -> Layout:
    """Match one header row (see the module doc); ``sheet``/``header_index`` are left for
    the caller to set."""
    mapping = mapping or {}
    fields = {c.field for c in columns}
    exact: dict[str, Column] = {}
    for column in columns:
        if column.claim is None:
            for name in _names(column):
                exact.setdefault(name, column)
    cells: list[HeaderCell] = []
    positions: dict[str, int] = {}
    duplicates: list[str] = []
    for index, value in enumerate(row):
        text = header_text(value)
        if not text:
            continue
        key = normalize_header(text)
        cell = HeaderCell(index, text, key)
        target = mapping.get(key)
        # A header that names no column may be claimed by a column family (its field
        # is then its own); a mapping that says the same keeps it claimed.
        claimed = _claimed(columns, text) if key not in exact else None
        if target == IGNORE:
            cell.how = "ignored"
        elif target in fields and target != claimed:
            cell.target, cell.how = target, "mapped"
        elif key in exact:
            cell.target, cell.how = exact[key].field, "exact"
        elif claimed is not None:
            cell.target, cell.how = claimed, "claimed"
        if cell.target is not None:
            if cell.target in positions:
                duplicates.append(text)
                cell.target, cell.how = None, ""
            else:
                positions[cell.target] = index
        cells.append(cell)
    for cell in cells:
        if cell.target is None and cell.how != "ignored":
            cell.suggestions = suggest(cell.key, columns, list(positions))
    missing = [c.field for c in columns if c.required and c.field not in positions]
    return Layout("", 0, cells, positions, missing, duplicates, [], mapped=bool(mapping))


def row_score(layout: Layout, columns: Sequence[Column]) -> int:
    """How much a row looks like the header: matched columns count most, required ones
    more, suggestions a little; a row of fewer than two filled cells is no header (unless
    the importer has a single column)."""
    if len(layout.cells) < min(2, len(columns)):
        return 0
    required = {c.field for c in columns if c.required}
    score = 0
    for cell in layout.cells:
        if cell.target is not None:
            score += 4 if cell.target in required else 3
        elif cell.suggestions:
            score += 1
    return score


# ---------------------------------------------------------------- choosing the sheet


def _best_row(head: SheetHead, columns: Sequence[Column], mapping: Mapping[str, str],
              max_scan: int) -> tuple[int, int, Layout | None]:
    best: tuple[int, int, Layout | None] = (0, 0, None)
    for index, row in enumerate(head.rows[:max_scan]):
        layout = match_row(row, columns, mapping)
        score = row_score(layout, columns)
        if score > best[0]:
            best = (score, index, layout)
    return best


def choose(heads: Sequence[SheetHead], columns: Sequence[Column],
           mapping: Mapping[str, str] | None = None, sheet: str | None = None,
           header_row: int | None = None, max_scan: int = MAX_SCAN) -> Layout | None:
    """The layout of the best header row of the best sheet (or of ``sheet``, or of sheet
    row ``header_row`` as the user chose); ``None`` when no row of any sheet (of ``sheet``)
    looks like a header at all."""
    mapping = mapping or {}
    found: list[tuple[int, int, Layout | None, SheetHead]] = []
    for head in heads:
        if sheet is not None and head.name != sheet:
            found.append((0, 0, None, head))
            continue
        if header_row is not None and 0 < header_row <= len(head.rows):
            given = match_row(head.rows[header_row - 1], columns, mapping)
            found.append((max(1, row_score(given, columns)), header_row - 1, given, head))
        else:
            found.append((*_best_row(head, columns, mapping, max_scan), head))
    sheets = [{"name": h.name, "score": score, "height": h.height}
              for score, _index, _layout, h in found]
    best = max(found, key=lambda f: f[0], default=None)
    if best is None or best[2] is None or best[0] == 0:
        return None
    _best_score, index, chosen, head = best
    assert chosen is not None
    layout = chosen
    layout.sheet, layout.header_index, layout.sheets = head.name, index, sheets
    for cell in layout.cells:
        cell.samples = [cell_str(r[cell.index]) for r in head.rows[index + 1:]
                        if cell.index < len(r) and cell_str(r[cell.index])][:SAMPLES]
    return layout


def no_header_message(heads: Sequence[SheetHead], columns: Sequence[Column], label: str) -> str:
    """One sentence: no row of any sheet names any of the importer's columns."""
    names = "、".join(f"“{h.name}”" for h in heads)
    wanted = "、".join(c.label for c in columns if c.required) or "、".join(
        c.label for c in columns[:4])
    return (f"未找到表头：工作表{names}的前 {MAX_SCAN} 行中没有一行包含{label}的列"
            f"（如{wanted}），请确认上传的是{label}")
