"""The fast path of an import that creates and updates rows by a natural key (agencies by
credit code, people by agency and staff number...): what every such importer shares.

- Checking: :func:`judge_columns` judges each column of a chunk once per distinct cell
  value (jiguan.core.excel.column_checks); a row whose every verdict is good is kept
  without a record or a ``clean_row`` call, any other row is left to ``clean_row``, which
  gives the same errors as before. :class:`ColumnRows` keeps the cleaned rows one list per
  field, with the index of natural keys that finds repeated rows.
- Writing: :func:`fetch_rows` reads the register by key in chunks of plain SQL (no model
  instance per row), :func:`split_changes` compares the rows with it, new rows go in with
  ``jiguan.core.db.bulk.write_rows`` and changed ones with :func:`update_rows` (one
  ``executemany``); the per-object audit events of the changes go in with one bulk write
  (jiguan.audit.record.record_many). :class:`Field` names each written field with its
  column label and how its value reads in a plan and in the audit trail.

Identifiers come from model metadata and values are parameters: no cell reaches SQL text.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from array import array
from collections.abc import (
    Callable,
    Container,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_
from typing import Any

from django.db import connection, models
from django.urls import reverse
from django.utils.http import urlencode

from jiguan.core.db.batches import LOOKUP_BATCH, batched, lookup_batches
from jiguan.core.db.bulk import (
    BULK_BATCH,
    append_temp_rows,
    bulk_cache,
    column,
    create_temp_table,
    drop_temp_table,
    write_rows,
)
from jiguan.core.excel.column_checks import verdicts
from jiguan.core.imports.pipeline import (
    PLAN_ROWS,
    ImportPlan,
    PlannedRow,
    RowStore,
    Suspect,
)
from jiguan.core.models import ImportJob

#: Keys per ``= ANY(%s)`` look-up on PostgreSQL (one array parameter).
ARRAY_BATCH = 10_000
#: A verdict meaning "this cell has a problem: leave the row to clean_row".
BAD: Any = type("Bad", (), {"__repr__": lambda self: "BAD"})()

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")",
                           "{": "(", "}": ")", "〈": "(", "〉": ")", "《": "(", "》": ")"})
_ODD = re.compile(r"[\s【】〔〕\[\]{}〈〉《》]")


def normalise_name(text: str) -> str:
    """A name as compared for likely duplicates: NFKC (full-width letters, digits and
    brackets folded), every kind of bracket as ``()``, no whitespace, lower case."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _ODD.search(text):  # most names have neither spaces nor odd brackets
        text = _SPACES.sub("", text.translate(_BRACKETS))
    return text.lower()


def normalise_names(texts: Sequence[str]) -> list[str]:
    """:func:`normalise_name` of each text, in a few C calls over all of them joined by
    NUL (a starter that neither composes nor reorders with its neighbours under NFKC, is
    no space or bracket and has no case: each text comes out as it would alone). Texts
    holding a NUL themselves are normalised one by one."""
    joined = "\0".join(texts)
    if not texts or joined.count("\0") != len(texts) - 1:
        return [normalise_name(text) for text in texts]
    if not unicodedata.is_normalized("NFKC", joined):
        joined = unicodedata.normalize("NFKC", joined)
    if _ODD.search(joined):
        joined = _SPACES.sub("", joined.translate(_BRACKETS))
    return joined.lower().split("\0")


@dataclass(frozen=True)
class Field:
    """One field an import writes: the model field, its column label, and how a value of
    it reads in a plan (``text``) and in the audit trail (``audit``: as
    jiguan.audit.record.snapshot writes it)."""

    name: str
    label: str
    text: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    audit: Callable[[Any], Any] = lambda value: value


def judge_columns(columns: Sequence[Sequence[object]],
                  judges: Sequence[tuple[dict[object, Any] | None, Callable[[object], Any]]]
                  ) -> tuple[list[list[Any]], list[bool]]:
    """Each column's verdicts (``judges[i]``: the verdict cache kept across chunks, None for
    a column of distinct values such as names and codes, and the function judging one
    cell, :data:`BAD` for a problem) and whether each row is good."""
    judged = [list(map(decide, cells)) if known is None else verdicts(cells, known, decide)
              for cells, (known, decide) in zip(columns, judges, strict=True)]
    good = [True] * (len(judged[0]) if judged else 0)
    for verdicts_of_column in judged:
        if any(map(is_, verdicts_of_column, repeat(BAD))):  # in C; rare in a clean file
            for i, verdict in enumerate(verdicts_of_column):
                if verdict is BAD:
                    good[i] = False
    return judged, good


class ColumnRows(RowStore):
    """Cleaned rows kept one list per field (``fields``; ``clean_row`` gives a tuple in
    that order) and the sheet row number of each, with the first row of each natural key.

    ``add`` is the row-by-row way in; :meth:`extend` takes rows checked a column at a time
    and returns the positions it refused as repeats."""

    def __init__(self, fields: Sequence[str], key: Callable[[tuple[Any, ...]], Hashable]
                 ) -> None:
        super().__init__(key)
        self.fields = tuple(fields)
        self.columns: list[list[Any]] = [[] for _ in self.fields]
        self.row = array("q")

    def column(self, name: str) -> list[Any]:
        return self.columns[self.fields.index(name)]

    def add(self, key: Hashable, cleaned: Any, row_number: int) -> bool:
        if self._first.setdefault(key, row_number) != row_number:
            return False
        self.row.append(row_number)
        for values, value in zip(self.columns, cleaned, strict=True):
            values.append(value)
        return True

    def extend(self, keys: Sequence[Hashable], numbers: Sequence[int],
               columns: Sequence[Sequence[Any]]) -> list[int]:
        """Append the rows whose key is new (in C when none repeats); the positions of the
        others, in order, are returned (their keys were kept from an earlier row)."""
        first = self._first
        kept = list(map(first.setdefault, keys, numbers))
        if kept == list(numbers):
            self.row.extend(numbers)
            for values, new in zip(self.columns, columns, strict=True):
                values.extend(new)
            return []
        mask = [a == b for a, b in zip(kept, numbers, strict=True)]
        self.row.extend(compress(numbers, mask))
        for values, new in zip(self.columns, columns, strict=True):
            values.extend(compress(new, mask))
        return [i for i, ok in enumerate(mask) if not ok]

    def drop(self, keys: Container[Hashable]) -> None:
        key = self._key
        keep = [i for i, row in enumerate(self) if key(row) not in keys]
        self.row = array("q", [self.row[i] for i in keep])
        self.columns = [[values[i] for i in keep] for values in self.columns]

    def __len__(self) -> int:
        return len(self.row)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return zip(*self.columns, strict=True)

    def result(self) -> Any:
        return self


def fetch_rows(model: type[models.Model], key: str, values: Iterable[Any],
               names: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """``(key, *names)`` of the rows whose ``key`` is one of ``values``: plain SQL in chunks
    of :data:`LOOKUP_BATCH` (PostgreSQL: :data:`ARRAY_BATCH` in one array parameter); names
    are model fields, a foreign key gives its id."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    selected = ", ".join(quote(column(model, n)) for n in (key, *names))
    where = quote(column(model, key))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter: few round trips
            for chunk in lookup_batches(values, ARRAY_BATCH):
                cursor.execute(f"SELECT {selected} FROM {table} "  # noqa: S608
                               f"WHERE {where} = ANY(%s)", [chunk])
                yield from cursor.fetchall()
            return
        for chunk in lookup_batches(values, LOOKUP_BATCH):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {selected} FROM {table} "  # noqa: S608
                           f"WHERE {where} IN ({marks})", chunk)
            yield from cursor.fetchall()


#: The staging table of :func:`insert_rows` on SQLite.
STAGE = "jiguan_upsert_stage"


def insert_rows(model: type[models.Model], head: Mapping[str, Any], names: Sequence[str],
                rows: Iterable[tuple[Any, ...]], progress: Callable[[int], None] | None = None
                ) -> int:
    """Insert new rows: ``head`` holds the values every row shares (timestamps, actor,
    defaults, the job), ``rows`` the others in the order of ``names``. Returns the count.

    PostgreSQL: one ``COPY`` (jiguan.core.db.bulk.write_rows). SQLite: the rows go into a TEMP
    table without indexes by ``executemany`` (what the raw floor does), then into the
    model's table with one ``INSERT ... SELECT`` that adds the shared values: SQLite fills
    the table and its indexes from one statement, and binds the shared values once, not
    once a row. Constraints apply as to any insert; the count written is checked."""
    if connection.vendor != "sqlite":
        shared = tuple(head.values())
        return write_rows(model, (*head, *names), ((*shared, *row) for row in rows), progress)
    quote = connection.ops.quote_name
    staged = [f"c{i}" for i in range(len(names))]
    create_temp_table(STAGE, ", ".join(staged))
    count = 0
    with bulk_cache():
        for batch in batched(rows, BULK_BATCH * 10):
            count += append_temp_rows(STAGE, batch)
        columns = ", ".join(quote(column(model, n)) for n in (*head, *names))
        marks = ", ".join(["%s"] * len(head))
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                           f"SELECT {marks}, {', '.join(staged)} FROM {quote(STAGE)} "
                           "ORDER BY rowid", list(head.values()))
            written = cursor.rowcount
    drop_temp_table(STAGE)
    if written != count:
        raise RuntimeError(f"insert_rows wrote {written} of {count} rows")
    if progress is not None:
        progress(count)
    return count


def update_rows(model: type[models.Model], names: Sequence[str],
                rows: Iterable[tuple[Any, ...]]) -> int:
    """``UPDATE ... SET names WHERE id = ...`` for each row (its values in the order of
    ``names``, then the id), one ``executemany`` per :data:`BULK_BATCH` rows."""
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(column(model, n))} = %s" for n in names)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE id = %s"  # noqa: S608
    done = 0
    with connection.cursor() as cursor, bulk_cache():
        for batch in batched(rows, BULK_BATCH):
            cursor.executemany(sql, batch)
            done += len(batch)
    return done


def split_changes(fields: Sequence[Field], old: Sequence[Any], new: Sequence[Any]
                  ) -> list[int]:
    """The positions of ``fields`` whose value differs between ``old`` and ``new``."""
    return [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def change_texts(fields: Sequence[Field], old: Sequence[Any], new: Sequence[Any],
                 changed: Iterable[int]) -> list[tuple[str, str, str]]:
    """(column label, old text, new text) of the changed positions, for a plan."""
    return [(fields[i].label, fields[i].text(old[i]), fields[i].text(new[i])) for i in changed]


def audit_changes(fields: Sequence[Field], old: Sequence[Any], new: Sequence[Any],
                  changed: Iterable[int]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` of the changed positions, as the actions' audit rows write."""
    return {fields[i].name: [fields[i].audit(old[i]), fields[i].audit(new[i])]
            for i in changed}


def job_id_for(importer: Any) -> int:
    """The id of the import job ``importer`` is applying (set by the core before
    ``apply``), for the rows' ``import_job_id``."""
    if importer.job_id is None:
        raise RuntimeError("apply() runs inside core.imports.apply_job, which sets job_id")
    return int(importer.job_id)


class PlanBuilder:
    """Collects an :class:`ImportPlan`: every row counted, the first :data:`PLAN_ROWS` of
    each action listed (their titles and changes made only for those: pass callables)."""

    def __init__(self) -> None:
        self.plan = ImportPlan()

    def create(self, row: int, title: Callable[[], str],
               changes: Callable[[], list[tuple[str, str, str]]]) -> None:
        self.plan.created += 1
        if self.plan.created <= PLAN_ROWS:
            self.plan.rows.append(PlannedRow(row, "create", title(), changes()))

    def update(self, row: int, title: Callable[[], str],
               changes: Callable[[], list[tuple[str, str, str]]], url: Callable[[], str]
               ) -> None:
        self.plan.updated += 1
        if self.plan.updated <= PLAN_ROWS:
            self.plan.rows.append(PlannedRow(row, "update", title(), changes(), url()))

    def suspect(self, row: int, message: str, url: str = "") -> None:
        self.plan.suspects.append(Suspect(row, message, url))

    def result(self) -> ImportPlan:
        self.plan.rows.sort(key=lambda r: r.row)
        self.plan.suspects.sort(key=lambda s: s.row)
        return self.plan


def created_texts(fields: Sequence[Field], new: Sequence[Any]) -> list[tuple[str, str, str]]:
    """(column label, "", new text) of each field a new row fills."""
    out = []
    for spec, value in zip(fields, new, strict=True):
        text = spec.text(value)
        if text:
            out.append((spec.label, "", text))
    return out


def touched_url(job: ImportJob, list_url_name: str) -> str:
    """The list page ``list_url_name`` filtered to the rows ``job`` created or changed
    (their ``import_job_id``); "" when it wrote none."""
    summary = job.summary or {}
    if not (summary.get("created") or summary.get("updated")):
        return ""
    return f"{reverse(list_url_name)}?{urlencode({'import_job': job.pk})}"


@contextmanager
def without_gc() -> Iterator[None]:
    """The cyclic collector paused (as core.imports.check_rows does while checking): the
    plan and the write of a large import make hundreds of thousands of short-lived tuples
    that form no cycles, and each collection would walk every cleaned row again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
