"""The spreadsheet import pipeline, written once for every app.

An app describes one kind of import with an :class:`Importer` subclass (columns, a row
check, a natural key, and how to apply the cleaned rows through its own actions) and
registers it; this module does the rest: reading the file, validating every row, finding
duplicates within the file, storing errors and a preview on an :class:`ImportJob`, and
applying the rows in one transaction.

Progress. Validation (reading plus checking every row: most of the time) runs outside any
transaction and writes ``processed_rows`` as it goes, so a page polling the job shows a real
percentage. Applying runs inside ONE transaction; progress written there is invisible to
other connections until the commit (and SQLite would block them anyway), so while a job is
``applying`` the page shows an animated bar without a number. Before applying, the rows are
read and checked again inside the transaction: the database may have changed since the
preview, and nothing may be written on the strength of a stale check.

Layering: core does not import the access or audit apps. Permissions are named by their
string values, and the confirmed import is announced with the :data:`import_confirmed`
signal, which the audit app turns into one ``core.import.confirmed`` event inside the same
transaction (see jiguan/audit/receivers.py); applying refuses to run without a listener.
"""

from __future__ import annotations

import gc
import logging
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import (
    Callable,
    Container,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from jiguan.core.excel import (
    Column,
    ParsedTable,
    Record,
    SpreadsheetError,
    cell_str,
    iter_records,
    read_rows,
)
from jiguan.core.excel.layout import Layout, choose, no_header_message
from jiguan.core.excel.reader import (
    MSG_NO_DATA,
    RecordChunk,
    RecordStream,
    SheetSource,
    is_blank,
    open_sheets,
)
from jiguan.core.imports.mapping import saved_for
from jiguan.core.imports.reuse import CHECKED_JOBS as CHECKED_JOBS
from jiguan.core.imports.reuse import CHECKED_SECONDS as CHECKED_SECONDS
from jiguan.core.imports.reuse import (
    _Checked,
    _digest,
    _keep_checked,
    _take_checked,
    register_fingerprint,
)
from jiguan.core.imports.reuse import forget_checked as forget_checked
from jiguan.core.models import ImportFile, ImportJob, ImportStatus
from jiguan.core.scoping import agency_region_ids, holds, widest_region_id
from jiguan.core.search import deferred_index

logger = logging.getLogger(__name__)

IMPORT_DATA = "import_data"  # jiguan.access.roles.Perm.IMPORT_DATA
PREVIEW_ROWS = 20
#: Rows of each action (create / update) the preview lists with their changes.
PLAN_ROWS = 200
#: Records per ``prepare`` call of a streaming importer.
CHUNK_ROWS = 20_000
#: Records per ``check_chunk`` call of an importer that prepares once for the whole file.
CHECK_ROWS = 1_000
#: Seconds between two writes of a job's progress while it is checked.
PROGRESS_SECONDS = 1.0
MSG_NO_ROWS = "表头下方没有数据行"
MSG_DUPLICATE_HEADERS = ("表头中{names}出现了不止一次：同一项只能有一列，"
                         "请删除或合并重复的列后重新上传")
MSG_CHANGED = "数据在校验后已发生变化，本次导入未写入任何数据，请根据下列错误修改后重新上传"
MSG_REJECTED = "有数据行未能写入，本次导入未写入任何数据，请根据下列错误修改后重新上传"
MSG_FAILED = "导入失败，所有数据均未写入（已全部回滚）。请稍后重试，或联系系统管理员"
MSG_CHECK_FAILED = "校验时发生内部错误，请联系系统管理员"
MSG_CONFIRM_WARNINGS = ("有 {count} 行需要您确认（见“需确认的行”）："
                        "核对无误后勾选“我已核对以上需确认的行”再确认导入；未写入任何数据")
#: How many warnings a job keeps to show (the count is always whole).
WARNING_ROWS = 500

#: Sent inside the import's transaction once every row is applied:
#: ``sender`` = the Importer class, kwargs ``job``, ``actor``, ``summary``.
import_confirmed = Signal()

#: An importer's cleaned row: a dict, or any compact object its ``key`` and ``apply`` read.
Cleaned = Any
Progress = Callable[[int], None]


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet row as the user sees it, the column's Chinese label, why."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PlannedRow:
    """One row that applying will create or change, as the preview lists it."""

    row: int  # the sheet row
    action: str  # "create" | "update"
    title: str  # e.g. "浙江省财政厅（11330000002500009H）"
    #: (column label, old text, new text) per field that changes; a new row's old text is "".
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    url: str = ""  # the existing object's page (updates)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "action": self.action, "title": self.title, "url": self.url,
                "changes": [list(c) for c in self.changes]}


@dataclass
class Suspect:
    """A probable duplicate of something already registered: written only when the user
    ticks 仍然新增 for its row at confirmation (else the row is skipped)."""

    row: int
    message: str
    url: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "message": self.message, "url": self.url}


@dataclass
class RowWarning:
    """A row that is allowed but unusual (for example a quantity far from the institution's
    history): the whole import waits until the user confirms it has checked such rows."""

    row: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "message": self.message}


@dataclass
class ImportPlan:
    """What applying the checked rows would do (:meth:`Importer.plan`)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[PlannedRow] = field(default_factory=list)  # at most PLAN_ROWS per action
    suspects: list[Suspect] = field(default_factory=list)  # every one
    #: Rows needing the user's confirmation before anything is written (every one found;
    #: the job keeps the first WARNING_ROWS and the count).
    warnings: list[RowWarning] = field(default_factory=list)
    #: False when the importer cannot count creates and updates before it writes (the
    #: preview then shows no counts, only what it knows: suspects, warnings).
    counted: bool = True

    def as_dict(self) -> dict[str, Any]:
        warnings = sorted(self.warnings, key=lambda w: w.row)
        return {"created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "counted": self.counted,
                "rows": [r.as_dict() for r in self.rows],
                "suspects": [s.as_dict() for s in self.suspects],
                "warnings": [w.as_dict() for w in warnings[:WARNING_ROWS]],
                "warning_count": len(warnings)}


class RowRejected(Exception):
    """Raised by ``Importer.apply`` when an action refuses a row; rolls everything back."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class Importer(ABC):
    """One kind of import. Subclasses set the class attributes and the four methods.

    An instance serves one run for one user: ``prepare`` may load lookups into attributes,
    ``clean_row`` may remember rows seen earlier in the file (e.g. parents).
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[list[Column]]
    template_example: ClassVar[dict[str, object]] = {}
    #: Every permission the user needs (strings of jiguan.access.roles.Perm).
    perms: ClassVar[tuple[str, ...]] = (IMPORT_DATA,)
    #: Chinese label of the column(s) forming the natural key, named in duplicate errors.
    key_label: ClassVar[str] = ""
    #: Help lines shown on the upload page.
    instructions: ClassVar[tuple[str, ...]] = ()
    #: Templates receive the class itself; without this they would try to call it.
    do_not_call_in_templates: ClassVar[bool] = True
    #: ``prepare`` is called per chunk of records and adds to its lookups (see module doc).
    streaming: ClassVar[bool] = False
    #: Every model ("app_label.Model") whose rows ``prepare``/``clean_row`` read, the user's
    #: grants included: a validated job is applied without a second check only while none of
    #: them has changed. Empty: always checked again when applied.
    depends_on: ClassVar[tuple[str, ...]] = ()
    #: Set by the core before :meth:`apply`: the sheet rows of :class:`Suspect` rows the
    #: user did not confirm (仍然新增). ``apply`` skips them and counts them as "skipped".
    skip_rows: frozenset[int] = frozenset()
    #: Set by the core before :meth:`apply`: the job being applied (rows written may carry
    #: it, so that the lists can show what one import touched).
    job_id: int | None = None

    def __init__(self, user: Any) -> None:
        self.user = user

    @classmethod
    def allowed(cls, user: Any) -> bool:
        return all(holds(user, perm) for perm in cls.perms)

    @classmethod
    def column_label(cls, field_name: str) -> str:
        for column in cls.columns:
            if column.field == field_name:
                return column.label
        return ""

    def prepare(self, records: Sequence[Record]) -> None:
        """Load every lookup the rows need in a few queries (not one per row). A streaming
        importer gets one chunk of the file per call and keeps what earlier calls loaded."""
        return None  # an optional hook: an importer without lookups needs none

    def prepare_chunk(self, chunk: RecordChunk) -> None:
        """:meth:`prepare` for a chunk of rows; an importer may read the chunk's columns
        instead of making a record per row."""
        self.prepare(chunk.records())

    def check_chunk(self, chunk: RecordChunk, sink: CheckSink) -> None:
        """Clean every row of the chunk, in order: give the errors to ``sink.errors`` and
        each cleaned row to ``sink.accept``. An importer of large files may check the
        common rows a column at a time (and hand them to its row store itself, reporting
        repeated keys with ``sink.repeat``), as long as the result is the same as this."""
        clean_rows(self, chunk, sink, range(len(chunk)))

    @abstractmethod
    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        """Check one record: the cleaned values, or every problem with its column."""

    @abstractmethod
    def key(self, cleaned: Cleaned) -> Hashable:
        """The row's natural key: two rows of one file with the same key are an error."""

    def row_store(self) -> RowStore:
        """Where :func:`check_rows` keeps the cleaned rows; an importer of large files may
        return a compact store (one list per column rather than one object per row)."""
        return RowStore(self.key)

    def checked(self) -> None:
        """Called once every row is cleaned: drop what only the check needed (the instance
        may be kept, with its rows, until the job is applied)."""
        return None  # an optional hook

    def plan(self, rows: Any) -> ImportPlan | None:
        """What applying ``rows`` (the row store's result) would create and change, with
        the old and new values, any probable duplicates and any rows needing the user's
        confirmation (``ImportPlan.warnings``: the job is applied only once the user has
        confirmed them, see :func:`needs_confirmation`); called once after a check without
        errors. ``None``: the importer cannot tell before it applies."""
        return None  # an optional hook

    def touched_url(self, job: ImportJob) -> str:
        """The list page filtered to the records ``job`` created or changed ("" if none)."""
        return ""  # an optional hook

    def key_column(self, cleaned: Cleaned) -> str:
        """The column named in a duplicate-row error."""
        return self.key_label

    @abstractmethod
    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        """Write the rows through the app's actions; return created/updated/unchanged.
        ``rows`` is what :meth:`row_store`'s ``result()`` gives (the default: a list)."""

    # -- helpers for subclasses
    def error(self, record: Record, field_name: str, message: str) -> RowError:
        return RowError(record.row_number, self.column_label(field_name), message)

    def rejected(self, row: int, exc: ValidationError, field_map: dict[str, str]) -> RowRejected:
        """Turn an action's ValidationError into row errors (model field -> column field)."""
        errors: list[RowError] = []
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                label = self.column_label(field_map.get(name, name))
                errors.extend(RowError(row, label, m) for m in messages)
        else:
            errors.extend(RowError(row, "", m) for m in exc.messages)
        return RowRejected(errors)


_REGISTRY: dict[str, type[Importer]] = {}


def register(importer_cls: type[Importer]) -> type[Importer]:
    """Register an importer class by its ``kind`` (usable as a decorator)."""
    _REGISTRY[importer_cls.kind] = importer_cls
    return importer_cls


def unregister(kind: str) -> None:
    """Forget the importer of ``kind`` (tests that register one of their own)."""
    _REGISTRY.pop(kind, None)


def get_importer(kind: str) -> type[Importer]:
    """The importer class of ``kind``; raises ``KeyError`` for an unknown kind."""
    return _REGISTRY[kind]


def importers() -> list[type[Importer]]:
    return list(_REGISTRY.values())


# ---------------------------------------------------------------- checking


class RowStore:
    """The cleaned rows of one check and their natural keys (the default store: a list, and
    one dict entry per key naming the first row that has it).

    ``add`` keeps a row whose key is new and refuses (returns False) a repeated one;
    ``first_rows`` names the kept row of repeated keys, ``finish`` drops the key index once
    every row is in, ``drop`` removes the rows of repeated keys, ``result`` is what
    ``Importer.apply`` receives."""

    def __init__(self, key: Callable[[Cleaned], Hashable]) -> None:
        self._key = key
        self._rows: list[Cleaned] = []
        self._first: dict[Hashable, int] = {}

    def add(self, key: Hashable, cleaned: Cleaned, row_number: int) -> bool:
        if self._first.setdefault(key, row_number) != row_number:
            return False
        self._rows.append(cleaned)
        return True

    def first_rows(self, keys: Iterable[Hashable]) -> dict[Hashable, int]:
        return {k: self._first[k] for k in keys}

    def finish(self) -> None:
        self._first = {}

    def drop(self, keys: Container[Hashable]) -> None:
        key = self._key
        self._rows = [r for r in self._rows if key(r) not in keys]

    def __len__(self) -> int:
        return len(self._rows)

    def result(self) -> Any:
        return self._rows


@dataclass
class CheckResult:
    total: int = 0
    rows: Any = field(default_factory=list)  # RowStore.result(): what apply() receives
    valid: int = 0  # how many rows that is
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)


def load_table(importer: Importer, data: bytes, filename: str) -> ParsedTable:
    """Read the file and find its header; raises SpreadsheetError with a Chinese message."""
    sheet = read_rows(data, filename, max_bytes=settings.JIGUAN_IMPORT_MAX_BYTES)
    table = iter_records(sheet, importer.columns)
    _refuse_duplicates(table.duplicate_headers)
    if not table.records:
        raise SpreadsheetError(MSG_NO_ROWS)
    return table


def _refuse_duplicates(headers: Sequence[str]) -> None:
    """Two columns for one field: which one holds the data is anyone's guess (reading
    only the first would drop the other's cells without a word)."""
    if headers:
        names = "、".join(f"“{h}”" for h in dict.fromkeys(headers))
        raise SpreadsheetError(MSG_DUPLICATE_HEADERS.format(names=names))


class NeedsMapping(Exception):
    """The file's columns cannot be read without the user: a required field has no column,
    or a column looks like a field without being named as one (see core.excel.layout)."""

    def __init__(self, layout: Layout) -> None:
        super().__init__("the columns need mapping")
        self.layout = layout


def read_layout(importer_cls: type[Importer], source: SheetSource,
                options: Mapping[str, Any]) -> Layout:
    """The sheet, header row and columns of the file, as ``options`` (the job's: sheet,
    header_row, mapping) say or as found; SpreadsheetError when no sheet has a header."""
    sheet = options.get("sheet")
    if sheet is not None and sheet not in source.names:
        raise SpreadsheetError(f"文件中没有名为“{sheet}”的工作表，请重新选择")
    header_row = options.get("header_row")
    if header_row is not None:
        head = next(h for h in source.heads if h.name == (sheet or source.names[0]))
        if header_row > len(head.rows):
            raise SpreadsheetError(f"工作表“{head.name}”只有 {len(head.rows)} 行，"
                                   f"没有第 {header_row} 行，请重新指定表头所在行")
    layout = choose(source.heads, importer_cls.columns, options.get("mapping"), sheet,
                    options.get("header_row"))
    if layout is None:
        if all(is_blank(row) for head in source.heads for row in head.rows):
            raise SpreadsheetError(MSG_NO_DATA)
        raise SpreadsheetError(no_header_message(source.heads, importer_cls.columns,
                                                 importer_cls.label))
    return layout


def open_table(importer: Importer, data: bytes, filename: str,
               options: Mapping[str, Any] | None = None) -> RecordStream:
    """The file's records, streamed from the sheet and header row :func:`read_layout`
    finds; raises :class:`NeedsMapping` when the columns need the user, SpreadsheetError
    for a file that cannot be read. An empty table is found (and :data:`MSG_NO_ROWS`
    raised) by :func:`check_rows`."""
    source = open_sheets(data, filename, max_bytes=settings.JIGUAN_IMPORT_MAX_BYTES)
    return table_of(source, read_layout(type(importer), source, options or {}))


def table_of(source: SheetSource, layout: Layout) -> RecordStream:
    """The records below the header of ``layout``; :class:`NeedsMapping` if it needs the
    user, SpreadsheetError for a column given twice."""
    if layout.needs_mapping:
        raise NeedsMapping(layout)
    _refuse_duplicates(layout.duplicates)
    rows, height = source.rows(layout.sheet)
    deque(islice(rows, layout.header_index + 1), maxlen=0)  # past the header row
    return RecordStream(header_row_number=layout.header_row_number, rows=rows,
                        first_number=layout.header_index + 2,
                        estimate=max(0, height - layout.header_index - 1),
                        unknown_headers=layout.unused, positions=layout.positions,
                        layout=layout)


def mapping_message(layout: Layout, importer_cls: type[Importer]) -> str:
    """One sentence for a file whose columns need the user."""
    where = f"已读取工作表“{layout.sheet}”第 {layout.header_row_number} 行作为表头"
    parts = []
    if layout.missing:
        names = [importer_cls.column_label(f) for f in layout.missing]
        parts.append("缺少必填列：" + "、".join(names))
    if layout.pending:
        parts.append("“" + "”“".join(c.text for c in layout.pending) + "”可能是需要导入的列")
    return f"{where}，{'；'.join(parts)}，需要确认各列对应的字段"


def count_rows(importer_cls: type[Importer], data: bytes, filename: str) -> int:
    """How many data rows (non-blank rows below the header) the file seems to have, for
    the upload to choose between checking now and in the background. Raises
    SpreadsheetError for a file that cannot be read, has no header-like row or no row
    below it (:data:`MSG_NO_ROWS`); columns that need mapping are left to the job.

    Read from the sheet's head and height, which opening the file gives: no row beyond
    the head is read (validation reads them all once). The count is exact when the head
    holds the whole sheet; for a longer sheet it is its rows below the header, blank ones
    included, as validation's progress counts them until it has checked them."""
    source = open_sheets(data, filename, max_bytes=settings.JIGUAN_IMPORT_MAX_BYTES)
    layout = read_layout(importer_cls, source, {})
    head = next(h for h in source.heads if h.name == layout.sheet)
    found = sum(1 for row in head.rows[layout.header_index + 1:] if not is_blank(row))
    if len(head.rows) < head.height:  # the head is not the whole sheet
        if not found:  # rows further down, or none: only reading them tells
            rows, _height = source.rows(layout.sheet)
            found = sum(1 for row in islice(rows, layout.header_index + 1, None)
                        if not is_blank(row))
        else:
            found = max(found, head.height - layout.header_index - 1)
    if not found:
        raise SpreadsheetError(MSG_NO_ROWS)
    return found


def _chunks(importer: Importer, table: ParsedTable | RecordStream) -> Iterator[RecordChunk]:
    """The rows in chunks, with ``prepare`` called before each chunk (or once, for all of
    them: then the chunks are small, for the progress)."""
    if isinstance(table, RecordStream) and importer.streaming:
        for chunk in table.chunks(CHUNK_ROWS):
            importer.prepare_chunk(chunk)
            yield chunk
            # Not held while the next chunk is read: its rows go once they are cleaned.
            del chunk
        return
    records = table.records if isinstance(table, ParsedTable) else list(table.records)
    every = RecordChunk.of(records, table.positions)
    if not importer.streaming:
        importer.prepare_chunk(every)
        yield from every.slices(CHECK_ROWS)
        return
    for chunk in every.slices(CHUNK_ROWS):
        importer.prepare_chunk(chunk)
        yield chunk


class CheckSink:
    """Where :meth:`Importer.check_chunk` puts what it finds: row errors, cleaned rows (kept
    by the row store unless their key was seen before) and the preview's first rows."""

    def __init__(self, importer: Importer, store: RowStore) -> None:
        self.errors: list[RowError] = []
        self.store = store
        self.repeated: dict[Hashable, list[int]] = {}
        self.labels: dict[Hashable, str] = {}
        self.candidates: list[tuple[Hashable, Record]] = []  # preview, before duplicates
        self._key_column = importer.key_column
        self._add = store.add

    def accept(self, key: Hashable, cleaned: Cleaned, record: Record) -> None:
        """A cleaned row: kept, or a repeat of a key kept earlier."""
        if self._add(key, cleaned, record.row_number):
            if len(self.candidates) < PREVIEW_ROWS * 5:
                self.candidates.append((key, record))
        else:
            self.repeat(key, record.row_number, self._key_column(cleaned))

    def repeat(self, key: Hashable, row_number: int, label: str) -> None:
        """A cleaned row the store refused: its key was kept from an earlier row."""
        if key not in self.repeated:
            self.repeated[key] = []
            self.labels[key] = label
        self.repeated[key].append(row_number)

    @property
    def wants_preview(self) -> bool:
        return len(self.candidates) < PREVIEW_ROWS * 5

    def kept(self, key: Hashable, record: Record) -> None:
        """A row the importer gave its store itself (see ``check_chunk``), for the preview."""
        if len(self.candidates) < PREVIEW_ROWS * 5:
            self.candidates.append((key, record))


def clean_rows(importer: Importer, chunk: RecordChunk, sink: CheckSink,
               indexes: Iterable[int]) -> None:
    """``clean_row`` for the given rows of the chunk, in order: errors to the sink, cleaned
    rows to its store (the default :meth:`Importer.check_chunk`, and the rows a column-wise
    check leaves to ``clean_row``)."""
    clean, key, accept, errors = importer.clean_row, importer.key, sink.accept, sink.errors
    for index in indexes:
        record = chunk.record(index)
        cleaned, row_errors = clean(record)
        if row_errors:
            errors.extend(row_errors)
        elif cleaned is not None:
            accept(key(cleaned), cleaned, record)


def check_rows(importer: Importer, table: ParsedTable | RecordStream,
               progress: Progress) -> CheckResult:
    """Clean every row, then reject rows sharing a natural key (naming each other).

    One pass; memory is the importer's row store (the cleaned rows and an index of their
    keys; later rows of a key are listed only when they occur). Raises SpreadsheetError
    (:data:`MSG_NO_ROWS`) for a table without data rows."""
    result = CheckResult()
    store = importer.row_store()
    sink = CheckSink(importer, store)
    done = 0
    # The cleaned rows can be a million long-lived objects that form no reference cycles:
    # the cyclic collector would walk all of them again and again as they pile up.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for chunk in _chunks(importer, table):
            importer.check_chunk(chunk, sink)
            done += len(chunk)
            progress(done)
    finally:
        if collecting:
            gc.enable()
    result.total = done
    if not done:
        raise SpreadsheetError(MSG_NO_ROWS)
    errors, repeated, labels = sink.errors, sink.repeated, sink.labels
    result.errors = errors
    firsts = store.first_rows(repeated) if repeated else {}
    store.finish()
    importer.checked()
    for k, later in repeated.items():
        numbers = [firsts[k], *later]
        for row in numbers:
            others = "、".join(str(other) for other in numbers if other != row)
            errors.append(RowError(row, labels[k], f"与第{others}行重复（{labels[k]}相同）"))
    if repeated:
        store.drop(repeated)
    result.rows = store.result()
    result.valid = len(store)
    errors.sort(key=lambda e: e.row)
    for k, record in sink.candidates:
        if k in repeated:
            continue
        cells = [cell_str(record.values.get(c.field)) for c in importer.columns]
        result.preview.append({"row": record.row_number, "cells": cells})
        if len(result.preview) == PREVIEW_ROWS:
            break
    return result


# ---------------------------------------------------------------- jobs


def _store_errors(job: ImportJob, errors: list[RowError]) -> None:
    job.errors = [e.as_dict() for e in errors[: ImportJob.MAX_STORED_ERRORS]]
    job.error_count = len(errors)


_JOB_FIELDS = [f.name for f in ImportJob._meta.concrete_fields if not f.primary_key]


def _file_data(job_id: int) -> bytes:
    """The job's uploaded file (empty when it has none)."""
    found = ImportFile.objects.filter(job_id=job_id).values_list("data", flat=True).first()
    return bytes(found) if found is not None else b""


def _finish(job: ImportJob, status: str, **fields: Any) -> ImportJob:
    for name, value in fields.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now()
    job.save(update_fields=_JOB_FIELDS)
    return job


def validate_job(job_id: int, progress: Progress | None = None) -> ImportJob:
    """Read and check every row of the job's file; the job ends ``valid`` or ``invalid``."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.VALIDATING, processed_rows=0)
    importer_cls = get_importer(job.kind)
    importer = importer_cls(job.created_by)
    data = _file_data(job_id)
    before = register_fingerprint(importer_cls, job.created_by)
    digest = _digest(data)
    options = dict(job.options)
    try:
        source = open_sheets(data, job.filename, max_bytes=settings.JIGUAN_IMPORT_MAX_BYTES)
        layout = read_layout(importer_cls, source, options)
        if layout.needs_mapping and "mapping" not in options and (
                saved := saved_for(job.created_by, job.kind, layout.headers_key)):
            # The user said what these columns are before: read them so again (shown).
            options.update(mapping=saved.mapping, saved_mapping=saved.name)
            layout = read_layout(importer_cls, source, options)
        job.layout = layout.as_dict()
        job.options = options
        table = table_of(source, layout)
    except NeedsMapping as exc:
        return _finish(job, ImportStatus.MAPPING, message=mapping_message(exc.layout,
                                                                          importer_cls))
    except SpreadsheetError as exc:
        return _finish(job, ImportStatus.INVALID, message=exc.message)
    finally:
        del data  # the reader holds its own copy of the cells (a large file: tens of MB)
    # Rows below the header (blank ones included) until the check has counted them.
    expected = table.estimate or job.total_rows
    ImportJob.objects.filter(pk=job_id).update(total_rows=expected)
    step = max(50, expected // 100)
    reported, reported_at = 0, time.monotonic()

    def on_row(done: int) -> None:
        # At most one write a PROGRESS_SECONDS (the page polls once a second): SQLite
        # rewrites the job's whole row, its file (up to 20 MB) included, on every UPDATE.
        nonlocal reported, reported_at
        if done - reported >= step and time.monotonic() - reported_at >= PROGRESS_SECONDS:
            reported, reported_at = done, time.monotonic()
            ImportJob.objects.filter(pk=job_id).update(processed_rows=done)
        if progress is not None:
            progress(done)

    try:
        result = check_rows(importer, table, on_row)
    except SpreadsheetError as exc:
        return _finish(job, ImportStatus.INVALID, message=exc.message)
    except Exception:
        logger.exception("import %s: validation crashed", job_id)
        return _finish(job, ImportStatus.FAILED, message=MSG_CHECK_FAILED)
    del table
    total = result.total
    _store_errors(job, result.errors)
    status = ImportStatus.INVALID if result.errors else ImportStatus.VALID
    plan: dict[str, Any] = {}
    if status == ImportStatus.VALID:
        try:
            found = importer.plan(result.rows)
        except Exception:
            logger.exception("import %s: planning crashed", job_id)
            return _finish(job, ImportStatus.FAILED, message=MSG_CHECK_FAILED)
        plan = found.as_dict() if found is not None else {}
    if status == ImportStatus.VALID and before is not None and (
            register_fingerprint(importer_cls, job.created_by) == before):
        _keep_checked(_Checked(job_id, job.created_by_id, digest, before, importer,
                               result.rows, time.monotonic()))
    return _finish(job, status, total_rows=total, processed_rows=total, message="",
                   valid_rows=result.valid, preview=result.preview, plan=plan)


class _StaleCheck(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("rows changed since validation")
        self.errors = errors


#: The states from which a job may be read again with other options (sheet, mapping).
REREADABLE = (ImportStatus.MAPPING, ImportStatus.VALID, ImportStatus.INVALID)


def reread_job(job_id: int, options: Mapping[str, Any]) -> bool:
    """Set the job back to ``uploaded`` with new reading options, its findings cleared;
    one UPDATE from a re-readable state (False: the job had moved on, e.g. applying)."""
    _take_checked(job_id)  # a kept check of the old options must not be applied
    return bool(ImportJob.objects.filter(pk=job_id, status__in=REREADABLE).update(
        status=ImportStatus.UPLOADED, options=dict(options), errors=[], error_count=0,
        preview=[], plan={}, valid_rows=0, processed_rows=0, message=""))


def claim_job(job_id: int) -> bool:
    """Move a ``valid`` job to ``applying``; one UPDATE, so a double click claims once."""
    return bool(ImportJob.objects.filter(pk=job_id, status=ImportStatus.VALID)
                .update(status=ImportStatus.APPLYING, processed_rows=0))


def _checked_rows(job: ImportJob, actor: Any) -> tuple[Importer, Any]:
    """The importer and cleaned rows to apply: those validation kept, when nothing they
    depend on has changed since (see the module doc), else a fresh read and check."""
    importer_cls = get_importer(job.kind)
    data = _file_data(job.pk)
    kept = _take_checked(job.pk)
    if (kept is not None and kept.user_id == actor.pk and kept.digest == _digest(data)
            and register_fingerprint(importer_cls, actor) == kept.fingerprint):
        return kept.importer, kept.rows
    del kept
    importer = importer_cls(actor)
    try:
        table = open_table(importer, data, job.filename, job.options)
    except NeedsMapping as exc:
        raise SpreadsheetError(mapping_message(exc.layout, importer_cls)) from exc
    result = check_rows(importer, table, lambda done: None)
    if result.errors:
        raise _StaleCheck(result.errors)
    return importer, result.rows


def needs_confirmation(job: ImportJob) -> bool:
    """Whether the job's plan has rows needing confirmation (``ImportPlan.warnings``) that
    the user has not confirmed (``options["warnings_confirmed"]``)."""
    return bool(job.plan.get("warning_count")) and not job.options.get("warnings_confirmed")


def confirmation_message(job: ImportJob) -> str:
    return MSG_CONFIRM_WARNINGS.format(count=job.plan.get("warning_count", 0))


def apply_job(job_id: int, actor_id: int, progress: Progress | None = None) -> ImportJob:
    """Apply a claimed (or still ``valid``) job in one transaction; anything wrong rolls
    back every row and leaves the job ``invalid`` (with row errors) or ``failed``. A job
    with unconfirmed warnings is not applied: it goes back to ``valid`` with the message."""
    if not import_confirmed.has_listeners():
        raise ImproperlyConfigured("no listener records core.import.confirmed in the audit log")
    waiting = _fresh(job_id)
    if needs_confirmation(waiting):
        ImportJob.objects.filter(
            pk=job_id, status__in=(ImportStatus.VALID, ImportStatus.APPLYING)).update(
            status=ImportStatus.VALID, message=confirmation_message(waiting))
        return _fresh(job_id)
    claim_job(job_id)
    actor = get_user_model().objects.get(pk=actor_id)
    try:
        with transaction.atomic():
            # Locked and re-read inside the transaction: a second worker waits, then sees
            # the job done and leaves it alone.
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if job.status != ImportStatus.APPLYING:
                return job
            importer, rows = _checked_rows(job, actor)
            importer.skip_rows = skipped_rows(job)
            importer.job_id = job.pk
            with deferred_index():  # the search index of the rows written: set-based
                summary = importer.apply(rows, actor, progress or (lambda done: None))
            del rows
            job.summary = summary
            job.processed_rows = job.total_rows
            _finish(job, ImportStatus.DONE)
            import_confirmed.send(sender=type(importer), job=job, actor=actor, summary=summary)
    except SpreadsheetError as exc:
        return _finish(_fresh(job_id), ImportStatus.INVALID, message=exc.message)
    except (_StaleCheck, RowRejected) as exc:
        job = _fresh(job_id)
        _store_errors(job, exc.errors)
        message = MSG_CHANGED if isinstance(exc, _StaleCheck) else MSG_REJECTED
        return _finish(job, ImportStatus.INVALID, message=message, preview=[], valid_rows=0)
    except Exception:
        logger.exception("import %s: apply failed, rolled back", job_id)
        return _finish(_fresh(job_id), ImportStatus.FAILED, message=MSG_FAILED)
    return job


def skipped_rows(job: ImportJob) -> frozenset[int]:
    """The rows of the job's probable duplicates that the user did not confirm (仍然新增):
    ``options["allow_rows"]`` lists those confirmed."""
    allowed = set(job.options.get("allow_rows", ()))
    return frozenset(s["row"] for s in job.plan.get("suspects", ()) if s["row"] not in allowed)


def _fresh(job_id: int) -> ImportJob:
    return ImportJob.objects.get(pk=job_id)


def scope_region_id(user: Any, perm: str = IMPORT_DATA) -> int | None:
    """The region an import is filed under in the audit trail: the user's widest region
    holding ``perm``, or the region of their agency."""
    region_id: int | None = widest_region_id(user, perm)
    if region_id is not None:
        return region_id
    region_ids = agency_region_ids(user, perm)
    return region_ids[0] if region_ids else None


def create_job(*, kind: str, filename: str, data: bytes, user: Any) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.create(kind=kind, filename=filename[:255], created_by=user,
                                       updated_by=user, region_id=scope_region_id(user))
        ImportFile.objects.create(job=job, data=data)
    return job
