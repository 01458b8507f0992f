"""Header normalisation and matching of spreadsheet headers to :class:`Column` definitions."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .columns import Column

# After NFKC, full-width （）［］ become ()[]; 【】 and 〔〕 have no compatibility mapping.
_TRAILING_BRACKET = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕)$")
_WHITESPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_MAX_PASSES = 8


def _one_pass(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKC", text)
    text = _WHITESPACE.sub("", text)
    for pattern in (r"^\*+", r"[:*]+$"):
        stripped = re.sub(pattern, "", text)
        if stripped:
            text = stripped
    stripped = _TRAILING_BRACKET.sub("", text)
    if stripped:
        text = stripped
    return text


def normalize_header(text: str) -> str:
    """Return the comparable form of a header cell.

    NFKC (full-width -> half-width), case-folded, all whitespace removed (including the
    ideographic space and line breaks), a leading ``*`` required-marker, trailing colons and
    trailing bracketed annotations (``(㎡)``, ``（人）``, ``[元]``, ``【必填】``) dropped.
    A header consisting only of such decoration is kept rather than reduced to nothing.
    """
    current = text
    for _ in range(_MAX_PASSES):
        following = _one_pass(current)
        if following == current:
            break
        current = following
    return current


def header_text(value: object) -> str:
    """The display text of a header cell (numbers without a spurious ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class HeaderMatch:
    """Result of matching one header row against the expected columns."""

    positions: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    missing_required: list[Column] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _lookup(columns: Sequence[Column]) -> dict[str, Column]:
    """The columns matched by name (label or alias): every column without ``claim``."""
    table: dict[str, Column] = {}
    for column in columns:
        if column.claim is not None:
            continue
        for name in column.names:
            table.setdefault(normalize_header(name), column)
    return table


def _claims(columns: Sequence[Column]) -> list[Callable[[str], str | None]]:
    """The distinct ``claim`` functions of the columns, in column order."""
    return list(dict.fromkeys(c.claim for c in columns if c.claim is not None))


def _claimed(claims: Sequence[Callable[[str], str | None]], text: str) -> str | None:
    for claim in claims:
        found = claim(text)
        if found is not None:
            return found
    return None


def match_columns(header_cells: Sequence[object], columns: Sequence[Column]) -> HeaderMatch:
    """Map each known column's field to the 0-based index of its header cell.

    Blank header cells are ignored. When two cells match the same column, the first wins
    and the later one's text is listed in ``duplicates``. A cell that names no column is
    offered to the columns' ``claim`` functions (see :class:`Column`): the field one of them
    returns is matched like a column's (a repeated field is a duplicate), else the cell's
    text is listed in ``unknown``.
    """
    table = _lookup(columns)
    claims = _claims(columns)
    result = HeaderMatch()
    for index, cell in enumerate(header_cells):
        text = header_text(cell)
        if not text:
            continue
        column = table.get(normalize_header(text))
        field_name = column.field if column is not None else _claimed(claims, text)
        if field_name is None:
            result.unknown.append(text)
        elif field_name in result.positions:
            result.duplicates.append(text)
        else:
            result.positions[field_name] = index
    result.missing_required = [c for c in columns if c.required and c.field not in result.positions]
    return result


def is_header_match(match: HeaderMatch, columns: Sequence[Column]) -> bool:
    """Whether a row's match is good enough to be the header row."""
    if not match.positions:
        return False
    if any(c.required for c in columns):
        return not match.missing_required
    return len(match.positions) >= math.ceil(len(columns) / 2)


def find_header_row(
    rows: Sequence[Sequence[object]], columns: Sequence[Column], max_scan: int = 20
) -> int | None:
    """0-based index of the first of the first ``max_scan`` rows that looks like the header.

    A row qualifies when it has every required column, or, when no column is required, at
    least half of the columns. Title rows (often merged cells) and blank rows are skipped.
    """
    for index, row in enumerate(rows[:max_scan]):
        if is_header_match(match_columns(row, columns), columns):
            return index
    return None
