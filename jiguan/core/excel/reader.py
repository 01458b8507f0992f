"""Reading uploaded spreadsheets (xlsx/xlsm/xls/xlsb/ods via python-calamine, or CSV).

Everything here is pure Python; row forms and import views build on top of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice, repeat
from operator import itemgetter
from pathlib import PurePath
from typing import Any, NamedTuple, cast

from python_calamine import (
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from .cells import STRIP_CHARS
from .cells import cell_date as cell_date
from .cells import cell_decimal as cell_decimal
from .cells import cell_int as cell_int
from .cells import cell_str as cell_str
from .columns import Column
from .errors import MSG_NOT_SPREADSHEET as MSG_NOT_SPREADSHEET
from .errors import SpreadsheetError as SpreadsheetError
from .headers import HeaderMatch, find_header_row, match_columns

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
WORKBOOK_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".txt"})
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MSG_EMPTY = "文件为空，请选择填写好的 Excel 文件"
MSG_NO_DATA = "文件中没有数据"
MSG_ENCRYPTED = "文件已设置打开密码，请取消密码保护后再导入"
MSG_ENCODING = "无法识别 CSV 文件的编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"


@dataclass(frozen=True)
class SheetData:
    """The cells of one sheet; ``rows[0]`` is sheet row 1."""

    sheet_name: str
    rows: list[list[object]]


class Record(NamedTuple):
    """One data row: ``row_number`` is 1-based as the spreadsheet shows it.

    A named tuple rather than a dataclass: a large import makes a million of them."""

    row_number: int
    values: dict[str, object]


@dataclass(frozen=True)
class ParsedTable:
    header_row_number: int
    records: list[Record]
    unknown_headers: list[str] = field(default_factory=list)
    duplicate_headers: list[str] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def too_large_message(size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The message for a file over the size limit (views check ``upload.size`` with it too)."""
    return f"文件过大（{_mb(size)} MB），单次导入上限为 {_mb(max_bytes)} MB，请拆分后再导入"


#: Rows of each sheet read to find its header (and shown in the mapping step).
HEAD_ROWS = 30


@dataclass(frozen=True)
class SheetHead:
    """The first rows of one sheet (``rows[0]`` is sheet row 1) and its height (the last
    used row's number)."""

    name: str
    rows: list[list[object]]
    height: int


class SheetSource:
    """A file opened for reading: the head of every visible worksheet (one sheet for a
    CSV), then the rows of the sheet chosen, streamed from sheet row 1.

    Each sheet is parsed once: the sheets stay parsed from :func:`open_sheets` until
    :meth:`rows` is called, which keeps only the one chosen."""

    def __init__(self, sheets: dict[str, tuple[Iterable[Sequence[object]], int, int]],
                 head_rows: int = HEAD_ROWS) -> None:
        # name -> (a re-iterable of the sheet's rows, its first used column, its height)
        self._sheets = sheets
        self.heads = [SheetHead(name, list(islice(_padded(rows, first), head_rows)), height)
                      for name, (rows, first, height) in sheets.items()]

    @property
    def names(self) -> list[str]:
        return [h.name for h in self.heads]

    def rows(self, name: str | None = None) -> tuple[Iterator[list[object]], int]:
        """The rows of sheet ``name`` (the first sheet when ``None``) from sheet row 1, blank
        rows included, and the sheet's height. Raises KeyError for an unknown name."""
        if name is None:
            name = self.heads[0].name
        rows, first, height = self._sheets[name]
        self._sheets = {name: self._sheets[name]}
        return _padded(rows, first), height


def read_rows(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SheetData:
    """Read the first visible worksheet (or the CSV) into a list of rows.

    Raises :class:`SpreadsheetError` with a Chinese message for empty, oversized, encrypted
    or unreadable files and for files without any non-blank cell. Large imports read with
    :func:`stream_records` instead, which never holds every row as Python lists.
    """
    name, stream, _height = open_rows(data, filename, max_bytes=max_bytes)
    rows = list(stream)
    while rows and is_blank(rows[-1]):
        rows.pop()
    if not rows:
        raise SpreadsheetError(MSG_NO_DATA)
    return SheetData(sheet_name=name, rows=rows)


def open_rows(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              sheet: str | None = None) -> tuple[str, Iterator[list[object]], int]:
    """One worksheet (``sheet``, else the first visible one; or the CSV): its name, its rows
    streamed from sheet row 1 (the first item is row 1, blank rows included, cells from
    column A) and how many rows there are (the last used row's number)."""
    source = open_sheets(data, filename, max_bytes=max_bytes)
    name = sheet if sheet is not None else source.names[0]
    try:
        rows, height = source.rows(name)
    except KeyError:
        raise SpreadsheetError(f"文件中没有名为“{name}”的工作表") from None
    return name, rows, height


def open_sheets(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                head_rows: int = HEAD_ROWS) -> SheetSource:
    """Open the file: every visible worksheet's head, ready to stream the one chosen.
    Raises :class:`SpreadsheetError` for an empty, oversized, encrypted or unreadable file
    and for a workbook without worksheets."""
    if not data:
        raise SpreadsheetError(MSG_EMPTY)
    if len(data) > max_bytes:
        raise SpreadsheetError(too_large_message(len(data), max_bytes))
    ext = PurePath(filename).suffix.lower()
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or ext in WORKBOOK_EXTENSIONS:
        # Checked, then parsed in a child process with memory and time limits (issue 9).
        from .isolated import open_workbook
        return open_workbook(data, head_rows)
    if ext in TEXT_EXTENSIONS or not ext:
        return SheetSource(_read_csv(data, PurePath(filename).stem or "CSV"), head_rows)
    raise SpreadsheetError(MSG_NOT_SPREADSHEET)


def _calamine_failed(exc: BaseException) -> bool:
    """calamine can also raise pyo3's PanicException (a BaseException)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


class _SheetRows:
    """A parsed calamine sheet's rows, iterable more than once (head, then every row)."""

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet

    def __iter__(self) -> Iterator[Sequence[object]]:
        return cast(Iterator[Sequence[object]], self._sheet.iter_rows())


def _read_workbook(data: bytes) -> dict[str, tuple[Iterable[Sequence[object]], int, int]]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise SpreadsheetError(MSG_ENCRYPTED) from exc
    except BaseException as exc:
        if not _calamine_failed(exc):
            raise
        raise SpreadsheetError(MSG_NOT_SPREADSHEET) from exc
    sheets: dict[str, tuple[Iterable[Sequence[object]], int, int]] = {}
    with workbook:
        names = [
            m.name
            for m in workbook.sheets_metadata
            if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
        ] or list(workbook.sheet_names)
        if not names:
            raise SpreadsheetError(MSG_NO_DATA)
        for name in names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                start, end = sheet.start, sheet.end
            except BaseException as exc:
                if not _calamine_failed(exc):
                    raise
                raise SpreadsheetError(MSG_NOT_SPREADSHEET) from exc
            if start is None or end is None:
                sheets[name] = ((), 0, 0)
            else:
                sheets[name] = (_SheetRows(sheet), start[1], end[0] + 1)
    return sheets


def _padded(rows: Iterable[Sequence[object]], first_column: int) -> Iterator[list[object]]:
    """calamine's ``iter_rows`` starts at sheet row 1 but at the first used column: pad the
    columns before it, so that ``row[i]`` is column i (A = 0) as ``to_python`` would give.
    The sheet's cells stay in calamine's compact form; one Python row exists at a time."""
    try:
        if not first_column:
            yield from cast(Iterator[list[object]], iter(rows))
            return
        pad: list[object] = [""] * first_column
        for row in rows:
            yield [*pad, *row]
    except BaseException as exc:
        if not _calamine_failed(exc):
            raise
        raise SpreadsheetError(MSG_NOT_SPREADSHEET) from exc


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(MSG_ENCODING)


def _read_csv(data: bytes, name: str) -> dict[str, tuple[Iterable[Sequence[object]], int, int]]:
    # Read here, not in the parsing child (sandbox.py): pure Python cannot abort the
    # process, the text is at most the upload limit (20 MB) and expands by a bounded
    # factor (a cell is its own bytes: no compression, no shared strings, no entities;
    # the csv module refuses a field over 128 KB), so a child would only cost time.
    text = _decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(MSG_NOT_SPREADSHEET)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if first_line else ","
    if first_line.count(delimiter) == 0:
        delimiter = ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[list[object]] = [[cell.replace("\r", "") for cell in row] for row in reader]
    except csv.Error as exc:
        raise SpreadsheetError(MSG_NOT_SPREADSHEET) from exc
    return {name: (rows, 0, len(rows))}


def is_blank(row: Sequence[object]) -> bool:
    """Whether every cell reads as "" (the same as ``cell_str(cell) == ""`` for each, but
    stopping at the first filled cell: it runs once per row of a large file)."""
    for cell in row:
        if cell is None or cell == "":
            continue
        if type(cell) is not str or cell.strip(STRIP_CHARS):
            return False
    return True


def iter_records(sheet: SheetData, columns: Sequence[Column]) -> ParsedTable:
    """Locate the header row, then collect every non-blank row below it as a :class:`Record`.

    Every field of ``columns`` present in the header gets a value (``None`` for a cell beyond
    the row's end); columns absent from the header are absent from ``values``.
    """
    index = find_header_row(sheet.rows, columns)
    if index is None:
        raise SpreadsheetError(_header_error(sheet.rows, columns))
    match = match_columns(sheet.rows[index], columns)
    records = list(_records(iter(sheet.rows[index + 1 :]), index + 2, match.positions))
    return ParsedTable(
        header_row_number=index + 1,
        records=records,
        unknown_headers=match.unknown,
        duplicate_headers=match.duplicates,
        positions=match.positions,
    )


class RecordChunk:
    """Consecutive data rows of a sheet (blank rows left out), as read: a large import
    checks them a column at a time (:meth:`columns`) and makes a :class:`Record` only for
    the rows that need one, since a dict per row costs about as much as reading the row.

    Made from raw rows and the header's ``positions``, or from records already made."""

    __slots__ = ("_every", "_records", "numbers", "positions", "rows")

    def __init__(self, numbers: list[int], rows: list[Sequence[object]] | None,
                 positions: dict[str, int], records: list[Record] | None = None) -> None:
        self.numbers = numbers  # the sheet row number of each row
        self.rows = rows
        self.positions = positions
        self._records = records
        self._every: list[tuple[object, ...]] | None = None

    @classmethod
    def of(cls, records: list[Record], positions: dict[str, int]) -> RecordChunk:
        return cls([r.row_number for r in records], None, positions, records)

    def __len__(self) -> int:
        return len(self.numbers)

    def record(self, index: int) -> Record:
        if self._records is not None:
            return self._records[index]
        assert self.rows is not None
        row = self.rows[index]
        size = len(row)
        return Record(self.numbers[index],
                      {name: (row[pos] if pos < size else None)
                       for name, pos in self.positions.items()})

    def records(self) -> list[Record]:
        """Every row as a :class:`Record` (made once, then kept with the chunk)."""
        if self._records is None:
            self._records = [self.record(i) for i in range(len(self.numbers))]
        return self._records

    def columns(self, names: Sequence[str]) -> list[Sequence[object]]:
        """The cells of each named field, one sequence per name in row order; ``None`` for a
        cell beyond a row's end or a field absent from the header (as in ``Record.values``)."""
        size = len(self.numbers)
        if self.rows is None:
            records = self.records()
            return [[r.values.get(name) for r in records] for name in names]
        rows = self.rows
        narrowest = min(map(len, rows), default=0)
        # One transposition in C for the usual sheet (every row as wide as the sheet),
        # kept for the next call (an importer's prepare and its check read the chunk).
        if self._every is None:
            self._every = list(zip(*rows, strict=False)) if narrowest else []
        every = self._every
        found: list[Sequence[object]] = []
        for name in names:
            pos = self.positions.get(name)
            if pos is None:
                found.append([None] * size)
            elif pos < narrowest:
                found.append(every[pos])
            else:
                found.append([row[pos] if pos < len(row) else None for row in rows])
        return found

    def slices(self, size: int) -> Iterator[RecordChunk]:
        """The chunk in consecutive pieces of at most ``size`` rows."""
        for start in range(0, len(self.numbers), size):
            end = start + size
            yield RecordChunk(self.numbers[start:end],
                              None if self.rows is None else self.rows[start:end],
                              self.positions,
                              None if self._records is None else self._records[start:end])


@dataclass
class RecordStream:
    """The header of a sheet and its data rows, read once: as :class:`Record` objects
    (``records``) or as :class:`RecordChunk` pieces (``chunks``), not both.

    Made by :func:`stream_records`: like :class:`ParsedTable` without holding the records.
    """

    header_row_number: int
    rows: Iterator[Sequence[object]]  # the sheet rows below the header, blank ones included
    first_number: int  # the sheet row number of the first of them
    #: Sheet rows below the header, blank ones included: an upper bound of the records.
    estimate: int = 0
    unknown_headers: list[str] = field(default_factory=list)
    duplicate_headers: list[str] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    #: How the sheet and columns were found (core.excel.layout.Layout), when they were.
    layout: Any = None

    @property
    def records(self) -> Iterator[Record]:
        return _records(self.rows, self.first_number, self.positions)

    def chunks(self, size: int) -> Iterator[RecordChunk]:
        """The non-blank rows, ``size`` sheet rows at a time (a chunk may hold fewer)."""
        number = self.first_number
        rows = self.rows
        while block := list(islice(rows, size)):
            if _led_by_text(block):
                numbers, kept = list(range(number, number + len(block))), block
            else:
                numbers, kept = [], []
                for offset, row in enumerate(block, start=number):
                    # The usual row starts with a filled text cell: known not blank at once.
                    if (row and type(first := row[0]) is str and first
                            and first[0] not in STRIP_CHARS) or not is_blank(row):
                        numbers.append(offset)
                        kept.append(row)
            number += len(block)
            del block
            if kept:
                yield RecordChunk(numbers, kept, self.positions)


def _led_by_text(block: list[Sequence[object]]) -> bool:
    """Whether every row of the block starts with a text cell that starts with a visible
    character (so none is blank), tested a column at a time in C."""
    if not block or not all(block):
        return False
    firsts = list(map(itemgetter(0), block))
    if set(map(type, firsts)) != {str} or not all(firsts):
        return False
    return firsts == list(map(str.lstrip, firsts, repeat(STRIP_CHARS)))


def stream_records(data: bytes, filename: str, columns: Sequence[Column], *,
                   max_bytes: int = DEFAULT_MAX_BYTES, max_scan: int = 20) -> RecordStream:
    """Read the file and find its header as :func:`read_rows` and :func:`iter_records` do,
    with the same errors, but hand the data rows out one at a time."""
    index, match, rest, height = _open_body(data, filename, columns, max_bytes, max_scan)
    return RecordStream(
        header_row_number=index + 1,
        rows=rest,
        first_number=index + 2,
        estimate=max(0, height - index - 1),
        unknown_headers=match.unknown,
        duplicate_headers=match.duplicates,
        positions=match.positions,
    )


def count_records(data: bytes, filename: str, columns: Sequence[Column], *,
                  max_bytes: int = DEFAULT_MAX_BYTES, max_scan: int = 20) -> int:
    """How many records :func:`stream_records` would give (the non-blank rows below the
    header), with its errors; the rows are counted as they stream, none is kept."""
    _index, _match, rest, _height = _open_body(data, filename, columns, max_bytes, max_scan)
    return sum(1 for row in rest if not is_blank(row))


def _open_body(data: bytes, filename: str, columns: Sequence[Column], max_bytes: int,
               max_scan: int) -> tuple[int, HeaderMatch, Iterator[list[object]], int]:
    """The header's index and columns, the rows below it (streamed) and the sheet's height."""
    _name, rows, height = open_rows(data, filename, max_bytes=max_bytes)
    head = list(islice(rows, max_scan))
    index = find_header_row(head, columns, max_scan=max_scan)
    if index is None:
        if all(is_blank(row) for row in head) and all(is_blank(row) for row in rows):
            raise SpreadsheetError(MSG_NO_DATA)
        raise SpreadsheetError(_header_error(head, columns))
    match = match_columns(head[index], columns)
    return index, match, chain(head[index + 1 :], rows), height


def _records(rows: Iterable[Sequence[object]], first_number: int,
             positions: dict[str, int]) -> Iterator[Record]:
    """The non-blank rows as records; ``first_number`` is the sheet row of the first row."""
    items = list(positions.items())
    names = [name for name, _pos in items]
    widest = max(positions.values(), default=-1)
    # itemgetter picks the header's columns in C; with one column it returns the cell itself.
    pick = itemgetter(*(pos for _name, pos in items)) if len(items) > 1 else None
    for number, row in enumerate(rows, start=first_number):
        if is_blank(row):
            continue
        if pick is not None and len(row) > widest:
            values = dict(zip(names, pick(row), strict=True))
        else:
            size = len(row)
            values = {name: (row[pos] if pos < size else None) for name, pos in items}
        yield Record(number, values)


def _header_error(rows: Sequence[Sequence[object]], columns: Sequence[Column]) -> str:
    required = [c for c in columns if c.required]
    if not required:
        labels = "、".join(c.label for c in columns)
        return f"未找到表头：表头应至少包含一半以下列：{labels}"
    best = min(
        (match_columns(row, columns).missing_required for row in rows[:20]),
        key=len,
        default=required,
    )
    if len(best) == len(required):
        best = required
    return "未找到表头：缺少必填列 " + "、".join(c.label for c in best)
