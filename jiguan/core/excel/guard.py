"""Checks of an uploaded workbook before any cell is read (issue 9: no file can take the
server down).

A 1.7 KB .xlsx holding only A1 and XFD1048576 made calamine allocate 512 GiB for the sheet's
cell grid; a few KB of zip can unpack to gigabytes. Before the file reaches a parser, a
zip-based workbook (.xlsx/.xlsm/.xlsb/.ods) is opened here, in pure Python, and refused when:

- its central directory lists too many parts, or parts that unpack too large (each, and
  all together), or compressed too well (a zip bomb);
- a part unpacks to a size other than the one its header declares (the size is never
  trusted: every part is inflated as a stream, capped, and measured);
- any part holds an XML DOCTYPE or ENTITY declaration (billion laughs; Excel and
  LibreOffice never write one);
- a worksheet declares a used range (``<dimension ref>``) or holds a cell reference (or a
  row number) beyond the row, column or cell limits;
- a shared string is longer than an Excel cell can hold (32,767 characters): one string
  repeated by many cells is copied once per cell by the parser.

What these checks cannot see (a binary .xls or .xlsb grid, cells without references, an
.ods row repeated a million times, many cells sharing one long string) is bounded by the
parsing child's memory and time limits (sandbox.py). An .xls is an OLE file: its BIFF8 grid
is at most 65,536 x 256 cells, and it is bounded by the upload size and the child alone.

Pure Python, no Django: the limits come from :func:`current_limits`, which reads the
settings (JIGUAN_IMPORT_*) when Django is configured.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from .errors import MSG_NOT_SPREADSHEET, SpreadsheetError

MIB = 1024 * 1024
#: Parts smaller than this are not held to the compression-ratio limit (an XML part of a
#: few KB full of one repeated tag compresses very well and is harmless).
RATIO_FLOOR = MIB
#: Bytes of inflated output per step while a part is streamed.
STEP = MIB
ZIP_MAGIC = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length

MSG_TOO_MANY_PARTS = ("文件内部包含的部件过多（{count} 个），超过单次导入上限 {limit} 个，"
                      "请另存为普通的 Excel 文件后再导入")
MSG_UNZIPPED = "文件解压后过大（{size} MB），超过单次导入上限 {limit} MB，请拆分后再导入"
MSG_PART = ("文件中的部件“{name}”解压后过大（{size} MB），超过单次导入上限 {limit} MB，"
            "请拆分后再导入")
MSG_RATIO = ("文件中的部件“{name}”压缩比异常（{ratio} 倍，上限 {limit} 倍），"
             "疑似压缩炸弹，已拒绝导入")
MSG_LIES = ("文件中的部件“{name}”实际解压大小与其声明的大小不符，"
            "文件已损坏或被篡改，已拒绝导入")
MSG_CORRUPT = "文件中的部件“{name}”已损坏，无法完整解压，请重新保存后再导入"
MSG_METHOD = "文件使用了不支持的压缩方式或加密方式，请在 Excel 中另存为 .xlsx 后再导入"
MSG_ENTITY = ("文件中含有 XML 实体声明（DOCTYPE/ENTITY），Excel 正常保存的文件不会包含，"
              "疑似恶意构造的文件，已拒绝导入")
MSG_RANGE = ("文件中的表格范围过大（{rows}行×{cols}列），超过单次导入上限"
             "（{max_rows}行、{max_cols}列、共{max_cells}个单元格），请删除多余的行列或拆分后再导入")
MSG_CELL = ("文件中有单元格位于第{row}行第{col}列（{ref}），超过单次导入上限"
            "（{max_rows}行、{max_cols}列），请删除多余的行列后再导入")
MSG_LONG_TEXT = ("文件中有单元格文本过长（超过 {limit} 个字符，即 Excel 单元格的上限），"
                 "疑似恶意构造的文件，已拒绝导入")

_ENTITY_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_TAIL = max(map(len, _ENTITY_MARKERS)) + 64
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Za-z]*[0-9]*)(?::([A-Za-z]*[0-9]*))?"')
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")
_WORD = re.compile(rb"\w")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_SHARED_STRINGS = re.compile(r"xl/sharedstrings\.xml", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """What one import may read; the defaults are the settings' defaults."""

    max_rows: int = 1_048_576  # Excel's own sheet height: million-row files import
    max_columns: int = 1024
    max_cells: int = 25_000_000  # the parser holds about 32 bytes a cell, text aside
    max_parts: int = 1000
    max_unzipped: int = 1024 * MIB  # a million-row, ten-column sheet is about 270 MB
    max_part: int = 512 * MIB
    max_ratio: int = 100  # a sheet of numbers compresses about 10x, text about 5x
    max_cell_chars: int = 32_767  # Excel's limit of one cell's text
    memory: int = 2048 * MIB  # the parsing child's address space
    seconds: int = 120  # the parsing child's CPU time, and the parent's wait for it


def current_limits() -> Limits:
    """The limits from the settings (JIGUAN_IMPORT_*), or the defaults outside Django."""
    try:
        from django.conf import settings
        configured = settings.configured
    except ImportError:  # pragma: no cover - Django is always installed here
        configured = False
    if not configured:
        return Limits()
    default = Limits()
    found = {name: getattr(settings, f"JIGUAN_IMPORT_{name.upper()}", getattr(default, name))
             for name in Limits.__dataclass_fields__}
    return Limits(**found)


def _mb(size: int) -> str:
    return f"{size / MIB:.1f}".removesuffix(".0")


def column_number(letters: str) -> int:
    """A = 1, Z = 26, AA = 27, XFD = 16384."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_workbook(data: bytes, limits: Limits) -> None:
    """Refuse (SpreadsheetError, Chinese) a workbook beyond the limits; see the module doc.
    Only zip-based files are opened: anything else is left to the parser (in its child)."""
    if data.startswith(ZIP_MAGIC):
        _check_zip(data, limits)


def _check_zip(data: bytes, limits: Limits) -> None:
    # Each central-directory record starts with this signature: counted in C before
    # zipfile makes an object per record.
    count = data.count(b"PK\x01\x02")
    if count > limits.max_parts:
        raise SpreadsheetError(MSG_TOO_MANY_PARTS.format(count=count, limit=limits.max_parts))
    try:
        infos = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, struct.error, OverflowError, EOFError) as exc:
        raise SpreadsheetError(MSG_NOT_SPREADSHEET) from exc
    infos = [info for info in infos if not info.is_dir()]
    declared = 0
    for info in infos:
        _check_declared(info, limits)
        declared += info.file_size
        if declared > limits.max_unzipped:
            raise SpreadsheetError(MSG_UNZIPPED.format(size=_mb(declared),
                                                       limit=_mb(limits.max_unzipped)))
    for info in infos:
        _inflate(data, info, limits, _scanner(info.filename, limits))


def _check_declared(info: zipfile.ZipInfo, limits: Limits) -> None:
    name, size = info.filename, info.file_size
    if size > limits.max_part:
        raise SpreadsheetError(MSG_PART.format(name=name, size=_mb(size),
                                               limit=_mb(limits.max_part)))
    if size >= RATIO_FLOOR and size > limits.max_ratio * max(info.compress_size, 1):
        ratio = size // max(info.compress_size, 1)
        raise SpreadsheetError(MSG_RATIO.format(name=name, ratio=ratio, limit=limits.max_ratio))
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                           zipfile.ZIP_DEFLATED):
        raise SpreadsheetError(MSG_METHOD)


def _inflate(data: bytes, info: zipfile.ZipInfo, limits: Limits,
             scan: Callable[[bytes], None]) -> None:
    """Inflate one part as a stream, never trusting its header: stop as soon as it gives
    more than it declares; each piece goes to ``scan``."""
    name = info.filename
    start = info.header_offset
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
    except struct.error as exc:
        raise SpreadsheetError(MSG_CORRUPT.format(name=name)) from exc
    if signature != ZIP_MAGIC:
        raise SpreadsheetError(MSG_CORRUPT.format(name=name))
    start += _LOCAL_HEADER.size + name_length + extra_length
    view = memoryview(data)
    declared = info.file_size
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != declared or start + declared > len(data):
            raise SpreadsheetError(MSG_LIES.format(name=name))
        for at in range(start, start + declared, STEP):
            scan(bytes(view[at:min(at + STEP, start + declared)]))
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced, at, crc = 0, start, 0
    pending: bytes | memoryview = b""
    try:
        while not inflater.eof:
            if not pending:
                if at >= len(data):
                    raise SpreadsheetError(MSG_CORRUPT.format(name=name))
                pending, at = view[at:at + STEP], at + STEP
            piece = inflater.decompress(pending, STEP)
            pending = inflater.unconsumed_tail
            produced += len(piece)
            if produced > declared:
                raise SpreadsheetError(MSG_LIES.format(name=name))
            crc = zlib.crc32(piece, crc)
            scan(piece)
    except zlib.error as exc:
        raise SpreadsheetError(MSG_CORRUPT.format(name=name)) from exc
    if produced != declared or crc != info.CRC:
        raise SpreadsheetError(MSG_LIES.format(name=name))


def _scanner(name: str, limits: Limits) -> Callable[[bytes], None]:
    """What to look for in one part, piece by piece (the patterns see a piece with the end
    of the one before it, so that nothing is missed across the cut)."""
    checks: list[Callable[[bytes], None]] = [_no_entities]
    lengths = _StringLengths(limits) if _SHARED_STRINGS.fullmatch(name) else None
    if _WORKSHEET.fullmatch(name):
        checks.append(_SheetExtent(limits))
    tail = b""

    def scan(piece: bytes) -> None:
        nonlocal tail
        text = tail + piece if tail else piece
        for check in checks:
            check(text)
        if lengths is not None:
            lengths(piece)
        tail = text[-_TAIL:]

    return scan


def _no_entities(text: bytes) -> None:
    # One scan in C for the usual part, which has no "!" at all (UTF-8 text never holds
    # the byte unless the text has the character; UTF-16's "!" is the byte beside a NUL).
    if b"!" in text:
        for marker in _ENTITY_MARKERS:
            if marker in text:
                raise SpreadsheetError(MSG_ENTITY)


class _SheetExtent:
    """A worksheet's declared used range and its cell references (and row numbers) against
    the limits. Only references with as many letters as the column limit's, or as many
    digits as the row limit's, are looked at one by one: a usual sheet has none, and a
    million-row sheet only its last rows."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        letters = len(column_letters(limits.max_columns))
        digits = len(str(limits.max_rows))
        # Led by a literal, so that the regular expression engine skips ahead in C (a
        # leading \b would cost it four times as much); the boundary is checked after.
        self.suspicious = re.compile(
            rb'r="([A-Za-z]{%d,}[0-9]*|[A-Za-z]*[0-9]{%d,})"' % (letters, digits))
        self.dimension_seen = False
        self.far_row, self.far_col = 0, 0

    def __call__(self, text: bytes) -> None:
        if not self.dimension_seen and (found := _DIMENSION.search(text)):
            self.dimension_seen = True
            end = found.group(2) or found.group(1)
            row, col = _ref(end)
            self._range(row, col)
        for found in self.suspicious.finditer(text):
            if found.start() and _WORD.match(text, found.start() - 1):
                continue  # the end of another attribute's name, e.g. sqref="..."
            row, col = _ref(found.group(1))
            self._cell(row, col, found.group(1).decode("ascii"))

    def _range(self, rows: int, cols: int) -> None:
        limits = self.limits
        if rows > limits.max_rows or cols > limits.max_columns or (
                rows * cols > limits.max_cells):
            raise SpreadsheetError(MSG_RANGE.format(
                rows=rows, cols=cols, max_rows=limits.max_rows, max_cols=limits.max_columns,
                max_cells=limits.max_cells))

    def _cell(self, row: int, col: int, ref: str) -> None:
        limits = self.limits
        if row > limits.max_rows or col > limits.max_columns:
            raise SpreadsheetError(MSG_CELL.format(
                row=row, col=col, ref=ref, max_rows=limits.max_rows,
                max_cols=limits.max_columns))
        self.far_row, self.far_col = max(self.far_row, row), max(self.far_col, col)
        self._range(self.far_row, self.far_col)


def _ref(ref: bytes) -> tuple[int, int]:
    """The row and column numbers of "XFD1048576" (a bare row number: column 0)."""
    found = _REF.fullmatch(ref)
    if found is None:  # pragma: no cover - the patterns only match letters then digits
        return 0, 0
    letters, digits = found.groups()
    return int(digits or 0), column_number(letters.decode("ascii"))


class _StringLengths:
    """No shared string (``<si>``) longer than an Excel cell may be: each is copied into
    every cell that uses it. Bytes are counted (at most 4 a character, plus markup); a
    ``<si`` cut in two by a piece's end only joins two strings into one count."""

    def __init__(self, limits: Limits) -> None:
        self.limit = limits.max_cell_chars
        self.max_bytes = limits.max_cell_chars * 4 + 4096
        self.open = 0  # bytes of the last string so far

    def __call__(self, piece: bytes) -> None:
        pieces = piece.split(b"<si")
        longest = self.open + len(pieces[0])
        if len(pieces) > 1:
            longest = max(longest, max(map(len, pieces[1:])))
            self.open = len(pieces[-1])
        else:
            self.open = longest
        if longest > self.max_bytes:
            raise SpreadsheetError(MSG_LONG_TEXT.format(limit=self.limit))
