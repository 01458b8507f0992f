"""Chinese substring search served by an index, one API on SQLite and PostgreSQL.

``name__icontains`` scans the whole table (LIKE '%张伟%' can use no B-tree index). This
module indexes the *grams* of a model's text fields, every single character and every pair
of adjacent characters (lower-cased, per whitespace-separated word), and answers
"contains 张伟" in two steps:

1. candidates from the index: rows whose grams include all the query's bigrams (a
   one-character query: that character). A row that contains the query contains every one
   of its bigrams, so no match is lost;
2. the exact ``icontains`` on the fields, evaluated on the candidates only (bigrams found
   apart, "张x伟张伟" style, are dropped there).

Bigrams rather than trigrams because Chinese personal names are two or three characters and
the common query is a two-character name: a trigram index (FTS5 ``trigram``, ``pg_trgm``)
finds nothing of fewer than three characters and would scan again (the documented behaviour
of both tokenizers; reasoned from it, not measured side by side: docs/adr/0011-list-speed.md).
Storage:

- SQLite: an FTS5 table ``<db_table>_search`` (``unicode61`` tokenizer over the grams joined
  by spaces, rowid = the row's pk), kept by three triggers, so every write path (ORM,
  ``bulk_create``, raw SQL from an import) keeps it current. The triggers call the SQL
  function ``jiguan_grams(...)``, which `register_sqlite_functions` adds to every
  connection Django opens (core's ``ready()``); a write from a foreign SQLite client to an
  indexed table fails with "no such function" instead of leaving the index stale.
- PostgreSQL: no side table; a GIN index on the expression ``jiguan_grams(f1, f2, ...)``
  (an IMMUTABLE SQL function returning ``text[]``), queried with ``@>``.

Use (a model, its migration, its query)::

    # models.py
    class Person(BaseModel):
        search_fields = ("name", "post")      # what search() matches, in this order

    # migrations/00xx_person_search.py (hand-written once; the fields in the same order)
    from jiguan.core.search import AddSearchIndex
    operations = [AddSearchIndex("person", ("name", "post"))]

    # queries
    from jiguan.core.search import search
    people = search(Person.objects.visible_to(user), "张伟")        # a QuerySet
    people = search(qs, "张伟", extra=Q(agency__name__icontains="张伟"))  # OR one more test

``extra`` is an OR-ed condition that the index does not serve (checked on the same
candidates plus whatever it matches); keep it selective (for example a pk__in of another
indexed search). A query without any usable gram (only punctuation) falls back to the plain
``icontains`` scan. Another database vendor gets the plain scan too.

The fields, and their order, in ``AddSearchIndex`` must be the model's ``search_fields``;
`check_search_fields` (a test in core) compares them with the database.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import add
from typing import Any, TypeVar

from django.apps import apps
from django.db import connections, transaction
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL

QS = TypeVar("QS", bound=QuerySet[Any])

_WORDS = re.compile(r"[ \t\n\r\f\v]+")  # ASCII whitespace only: the SQL side splits alike


def _words(text: str) -> list[str]:
    return [w for w in _WORDS.split(text.lower()) if w]


def grams(*texts: str | None) -> list[str]:
    """Every character and every adjacent pair of characters of each word of `texts`,
    lower-cased, without repeats (the indexed side)."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _words(text or ""):
            for i, ch in enumerate(word):
                seen[ch] = None
                if i + 1 < len(word):
                    seen[word[i:i + 2]] = None
    return list(seen)


def query_grams(text: str) -> list[str]:
    """The grams a row containing `text` must hold: each word's bigrams, or the word
    itself when it is one character."""
    seen: dict[str, None] = {}
    for word in _words(text):
        if len(word) == 1:
            seen[word] = None
        for i in range(len(word) - 1):
            seen[word[i:i + 2]] = None
    return list(seen)


def _tokenizable(gram: str) -> bool:
    # FTS5's unicode61 tokenizer drops separators (punctuation); a gram of separators only
    # would be an empty token. Dropped on both sides alike.
    return any(ch.isalnum() for ch in gram)


def sqlite_grams(*texts: str | None) -> str:
    """The FTS5 document of a row: its grams joined by spaces.

    Called once for every row written to an indexed table (by the triggers, or by the
    set-based fill of :func:`deferred_index`): 100,000 imported agencies call it 100,000
    times. Built with C calls (characters and pairs interleaved by slice assignment,
    repeats dropped by ``dict.fromkeys``); a text that is one word of letters and digits
    (most names) skips the split and the per-gram test. The same text as :func:`grams`
    filtered by :func:`_tokenizable` (a test compares them)."""
    seen: dict[str, None] = {}
    plain = True
    for text in texts:
        if not text:
            continue
        low = text.lower()
        if low.isalnum():  # one word, every gram a token
            if len(low) == 1:
                seen[low] = None
                continue
            parts: list[str] = [""] * (2 * len(low) - 1)
            parts[0::2] = low
            parts[1::2] = map(add, low, low[1:])
            if len(texts) == 1:
                return " ".join(dict.fromkeys(parts))
            seen.update(dict.fromkeys(parts))
            continue
        for word in _WORDS.split(low):
            if not word:
                continue
            if len(word) == 1:
                seen.setdefault(word)
            else:
                parts = [""] * (2 * len(word) - 1)
                parts[0::2] = word
                parts[1::2] = map(add, word, word[1:])
                seen.update(dict.fromkeys(parts))
            plain = plain and word.isalnum()
    if plain:  # a gram of letters and digits is a token
        return " ".join(seen)
    return " ".join(g for g in seen if _tokenizable(g))


class _Deferral:
    """One SQLite connection's deferred search-index writes (see :func:`deferred_index`).

    The triggers' ``WHEN`` clause calls :meth:`note` for every written row; outside a
    deferral it answers 0 (the trigger runs as before). Inside one it records the row and
    answers 1 (the trigger does nothing): ``fresh`` holds the pks whose document must be
    written (inserted or updated rows), ``stale`` the pks whose old document must go
    (updated or deleted rows). Inserted pks go into an array (8 bytes each: a million
    imported people cost 8 MB, not a set's ~60 MB)."""

    __slots__ = ("active", "fresh", "stale")

    def __init__(self) -> None:
        self.active = False
        self.fresh: dict[str, array[int]] = {}
        self.stale: dict[str, set[int]] = {}

    def note(self, table: str, old: int | None, new: int | None) -> int:
        if not self.active:
            return 0
        if old is not None:
            self.stale.setdefault(table, set()).add(old)
        if new is not None:
            fresh = self.fresh.get(table)
            if fresh is None:
                fresh = self.fresh[table] = array("q")
            fresh.append(new)
        return 1

    def clear(self) -> None:
        self.active = False
        self.fresh.clear()
        self.stale.clear()


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: adds ``jiguan_grams(...)`` and the triggers'
    ``jiguan_search_defer(table, old pk, new pk)`` to SQLite connections."""
    if connection.vendor == "sqlite":
        raw = connection.connection
        raw.create_function("jiguan_grams", -1, sqlite_grams, deterministic=True)
        deferral = _Deferral()
        connection.jiguan_search_deferral = deferral
        raw.create_function("jiguan_search_defer", 3, deferral.note)


def _indexed_models() -> dict[str, type[Any]]:
    """Every installed model with ``search_fields``, by table."""
    return {m._meta.db_table: m for m in apps.get_models()
            if getattr(m, "search_fields", None)}


def _runs(ids: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted distinct ``ids`` as (first, last) runs of consecutive values."""
    runs: list[tuple[int, int]] = []
    first = last = None
    for pk in sorted(set(ids)):
        if last is not None and pk == last + 1:
            last = pk
            continue
        if first is not None and last is not None:
            runs.append((first, last))
        first = last = pk
    if first is not None and last is not None:
        runs.append((first, last))
    return runs


_FILL_IDS = "jiguan_search_fill_ids"


@contextmanager
def deferred_index(using: str = "default") -> Iterator[None]:
    """Write the search index of the rows written inside this block set-based, at its end.

    For a bulk write (every import's apply, jiguan.core.imports.pipeline.apply_job): on
    SQLite the triggers of every indexed table skip the rows this connection writes inside
    the block and record their pks instead; at the end, still inside the transaction, the
    old documents of updated and deleted rows go in one ``DELETE``, and the documents of
    inserted and updated rows in one ``INSERT ... SELECT jiguan_grams(...)`` per run of
    consecutive pks (an import's new rows are one or a few runs). Other connections' writes
    are not affected (the flag is this connection's), and SQLite lets no other writer in
    until this transaction ends.

    The block runs in a savepoint of its own: if it raises, its rows go with it, so no row
    is ever left without its document. It must run inside a transaction (the write's), so
    the rows and their index entries commit together: a search right after the commit
    finds them. Nested blocks join the outer one. PostgreSQL (and any other vendor): the
    index (a GIN expression index) is maintained by the database as it writes, nothing
    is deferred; the block still runs in its own savepoint (ADR 0013)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("deferred_index() must run inside the write's transaction")
    if connection.vendor != "sqlite":
        with transaction.atomic(using=using):  # the same savepoint as on SQLite
            yield
        return
    connection.ensure_connection()
    deferral: _Deferral = getattr(connection, "jiguan_search_deferral")  # noqa: B009
    if deferral.active:
        yield
        return
    deferral.clear()
    deferral.active = True
    try:
        with transaction.atomic(using=using):
            yield
            deferral.active = False
            _fill(connection, deferral)
    finally:
        deferral.clear()


def _fill(connection: Any, deferral: _Deferral) -> None:
    models = _indexed_models()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(set(deferral.fresh) | set(deferral.stale)):
            model = models.get(table)
            if model is None:
                raise RuntimeError(f"search index of {table}: no model with search_fields")
            fts = quote(f"{table}_search")
            pk = quote(model._meta.pk.column)
            stale = deferral.stale.get(table)
            if stale:
                for first, last in _runs(stale):
                    cursor.execute(f"DELETE FROM {fts} "  # noqa: S608
                                   "WHERE rowid BETWEEN %s AND %s", [first, last])
            fresh = set(deferral.fresh.get(table, ()))
            fresh.update(stale or ())
            runs = _runs(fresh)
            del fresh
            cols = ", ".join(quote(model._meta.get_field(f).column)
                             for f in model.search_fields)
            insert = (f"INSERT INTO {fts}(rowid, grams) "  # noqa: S608
                      f"SELECT {pk}, jiguan_grams({cols}) FROM {quote(table)} ")
            if len(runs) <= 100:
                for first, last in runs:
                    cursor.execute(insert + f"WHERE {pk} BETWEEN %s AND %s", [first, last])
                continue
            cursor.execute(f"DROP TABLE IF EXISTS temp.{quote(_FILL_IDS)}")
            cursor.execute(f"CREATE TEMP TABLE {quote(_FILL_IDS)} "
                           "(first INTEGER, last INTEGER)")
            cursor.executemany(f"INSERT INTO {quote(_FILL_IDS)} VALUES (%s, %s)", runs)  # noqa: S608
            cursor.execute(insert + f"JOIN {quote(_FILL_IDS)} AS r "
                           f"ON {quote(table)}.{pk} BETWEEN r.first AND r.last")
            cursor.execute(f"DROP TABLE temp.{quote(_FILL_IDS)}")


def _fts_match(text: str) -> str | None:
    tokens = [g for g in query_grams(text) if _tokenizable(g)]
    if not tokens:
        return None
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def candidate_ids(model: type[Any], text: str, *, using: str = "default") -> RawSQL | None:
    """SQL for the pks of `model` rows that may contain `text` (a superset, from the
    index), or None when the index cannot narrow (no usable gram, other vendor)."""
    fields: Sequence[str] = model.search_fields
    table = model._meta.db_table
    vendor = connections[using].vendor
    if vendor == "sqlite":
        match = _fts_match(text)
        if match is None:
            return None
        # Names from the model's meta; the user's text is a parameter.
        sql = f'SELECT rowid FROM "{table}_search" WHERE "{table}_search" MATCH %s'  # noqa: S608
        return RawSQL(sql, (match,))  # noqa: S611
    if vendor == "postgresql":
        wanted = query_grams(text)
        if not wanted:
            return None
        pk = model._meta.pk.column
        sql = f'SELECT "{pk}" FROM "{table}" WHERE {_pg_expr(model, fields)} @> %s'  # noqa: S608
        return RawSQL(sql, (wanted,))  # noqa: S611
    return None


def candidate_count(model: type[Any], text: str, limit: int, *,
                    using: str = "default") -> int | None:
    """How many `model` rows the index names as candidates for `text`, counted up to
    `limit` (the index stops there: a common phrase costs no more than `limit` entries).
    None when the index cannot narrow. A caller uses it to tell a selective query (serve it
    from the candidate set) from an unselective one (walk the rows in page order with an
    exact test and stop at the page: docs/adr/0015-rules-search-unselective-phrases.md)."""
    ids = candidate_ids(model, text, using=using)
    if ids is None:
        return None
    sql, params = ids.sql, ids.params
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT %s) AS c",  # noqa: S608
                       [*params, limit])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _pg_expr(model: type[Any], fields: Iterable[str]) -> str:
    columns = ", ".join(f'"{model._meta.get_field(f).column}"' for f in fields)
    return f"jiguan_grams({columns})"


class _GramsContain(Func):
    """PostgreSQL: ``jiguan_grams(<the row's fields>) @> <the query's grams>``, on the
    queried row itself (the GIN index's expression, so a bitmap scan of that index with the
    exact test as its filter). Not ``pk IN (SELECT pk ... WHERE grams @> ...)``: PostgreSQL
    estimated that subquery at a tenth of its rows for a common character and answered it
    with a parallel scan of the whole table for the exact test, hash-joined to the index's
    result (the people search for 鑫, 13,180 of 600,000: 1.2 s, bench/README.md session 9)."""

    function = "jiguan_grams"
    output_field = BooleanField()

    def __init__(self, *fields: str, wanted: Sequence[str]) -> None:
        super().__init__(*(F(f) for f in fields))
        self.wanted = list(wanted)

    def as_sql(self, compiler: Any, connection: Any, function: str | None = None,
               template: str | None = None, arg_joiner: str | None = None,
               **extra_context: Any) -> Any:
        sql, params = super().as_sql(compiler, connection, function, template, arg_joiner,
                                     **extra_context)
        return f"{sql} @> %s", [*params, self.wanted]


def _candidates(qs: QuerySet[Any], text: str) -> Q | _GramsContain | None:
    """The index's condition for `text` on `qs`'s rows, or None when it cannot narrow."""
    model = qs.model
    if connections[qs.db].vendor == "postgresql":
        wanted = query_grams(text)
        return _GramsContain(*model.search_fields, wanted=wanted) if wanted else None
    ids = candidate_ids(model, text, using=qs.db)
    return None if ids is None else Q(pk__in=ids)


def _exact(model: type[Any], text: str) -> Q:
    """`text` in one of the model's `search_fields`, case-insensitive (the exact test)."""
    exact = Q()
    for field in model.search_fields:
        exact |= Q(**{f"{field}__icontains": text})
    return exact


def search(qs: QS, text: str, *, extra: Q | None = None) -> QS:
    """Rows of `qs` with `text` (case-insensitive) in one of the model's `search_fields`,
    or matching `extra`; `qs` unchanged for an empty text."""
    text = text.strip()
    if not text:
        return qs
    exact = _exact(qs.model, text)
    candidates = _candidates(qs, text)
    if candidates is None:
        return qs.filter(exact | extra) if extra is not None else qs.filter(exact)
    if extra is None:
        return qs.filter(candidates, exact)
    # The two sets as one UNION of ids, not `found OR extra`: PostgreSQL cannot read an OR
    # of two IN-subqueries from an index and scanned every row of the table (the people
    # search for 张伟 at province scale: 429 ms for the count; with the union 47 ms,
    # bench/README.md session 8).
    rows = qs.model._base_manager.using(qs.db)
    matched = (rows.filter(candidates, exact).order_by().values("pk")
               .union(rows.filter(extra).order_by().values("pk")))
    return qs.filter(pk__in=matched)


class _NotDriving(Func):
    """``+col``: the column as a value SQLite cannot look up by index, so that a condition
    on it filters the rows another index gives instead of choosing them."""

    template = "+%(expressions)s"


def search_in_order(qs: QS, text: str) -> QS:
    """`search(qs, text)` for an unselective text on SQLite: the same rows, with the
    index's candidates as a filter on rows read in the list's order (`+pk IN (…)`) rather
    than the rows to read. For a text in thousands of rows a page of the list is found
    after a few thousand rows of its ordering index; read from the candidates, every one of
    them was looked up and sorted (the people search for 鑫, 13,000 candidates: 16 ms for a
    county's page and 16 for its count, 2.3 and 2.1 in order; bench/README.md, session 13).
    Only for a queryset SQLite can read in its order: its scope and filters are conditions
    on the row, not joins (a join to the regions made SQLite start from them and sort,
    128 ms). Any other vendor, or a text the index cannot narrow: `search`."""
    text = text.strip()
    if not text or connections[qs.db].vendor != "sqlite":
        return search(qs, text)
    ids = candidate_ids(qs.model, text, using=qs.db)
    if ids is None:
        return search(qs, text)
    pk = qs.model._meta.pk
    return qs.alias(_candidate=_NotDriving(F("pk"), output_field=pk)).filter(
        _exact(qs.model, text), _candidate__in=ids)


# --- migrations -------------------------------------------------------------------------------

# PL/pgSQL, not LANGUAGE sql: the SQL-language version (unnest x regexp_split_to_table x
# generate_series) took 0.7 s a row when evaluated as an index expression (measured on
# PostgreSQL 15: ten rows, 7 s); this one takes about 0.2 ms. Duplicates are left in: GIN
# keeps each key once.
PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION jiguan_grams(VARIADIC parts text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
DECLARE
    result text[] := '{}';
    part text;
    word text;
    i int;
BEGIN
    FOREACH part IN ARRAY parts LOOP
        CONTINUE WHEN part IS NULL;
        FOREACH word IN ARRAY regexp_split_to_array(lower(part), '[ \t\n\r\f\v]+') LOOP
            FOR i IN 1 .. length(word) LOOP
                result := result || substr(word, i, 1);
                IF i < length(word) THEN
                    result := result || substr(word, i, 2);
                END IF;
            END LOOP;
        END LOOP;
    END LOOP;
    RETURN result;
END
$f$
"""


class AddSearchIndex(Operation):
    """Index `fields` of `model_name` (in this app) for `search()`; see the module doc.
    Changes no model state; reversible."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, fields: Sequence[str]) -> None:
        self.model_name = model_name
        self.fields = tuple(fields)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.model_name, self.fields], {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def describe(self) -> str:
        return f"Search index on {self.model_name} ({', '.join(self.fields)})"

    def _names(self, app_label: str, state: Any) -> tuple[str, str, list[str]]:
        model = state.apps.get_model(app_label, self.model_name)
        columns = [model._meta.get_field(f).column for f in self.fields]
        return model._meta.db_table, model._meta.pk.column, columns

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any,
                          to_state: Any) -> None:
        table, pk, columns = self._names(app_label, to_state)
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for sql in sqlite_create(table, pk, columns):
                schema_editor.execute(sql)
        elif vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION)
            cols = ", ".join(f'"{c}"' for c in columns)
            schema_editor.execute(f'CREATE INDEX "{table}_search" ON "{table}" '
                                  f"USING gin (jiguan_grams({cols}))")

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any,
                           to_state: Any) -> None:
        table, _pk, _columns = self._names(app_label, from_state)
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_search_{suffix}"')
            schema_editor.execute(f'DROP TABLE IF EXISTS "{table}_search"')
        elif vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search"')


def sqlite_create(table: str, pk: str, columns: Sequence[str]) -> list[str]:
    """The SQLite statements of one search index: the FTS5 table, its fill, its triggers
    (names from the migration state, no user input)."""
    fts = f'"{table}_search"'
    cols = ", ".join(f'"{c}"' for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(grams, "
        f"tokenize='unicode61 remove_diacritics 0')",
        f'INSERT INTO {fts}(rowid, grams) SELECT "{pk}", jiguan_grams({cols}) FROM "{table}"',  # noqa: S608
        *sqlite_triggers(table, pk, columns),
    ]


def sqlite_triggers(table: str, pk: str, columns: Sequence[str]) -> list[str]:
    """The three triggers that keep ``<table>_search`` current, each skipped (its row
    recorded instead) inside :func:`deferred_index` on the writing connection."""
    new = ", ".join(f'new."{c}"' for c in columns)
    cols = ", ".join(f'"{c}"' for c in columns)
    fts = f'"{table}_search"'
    return [
        f'CREATE TRIGGER "{table}_search_ai" AFTER INSERT ON "{table}" '  # noqa: S608
        f"WHEN jiguan_search_defer('{table}', NULL, new.\"{pk}\") = 0 BEGIN "
        f'INSERT INTO {fts}(rowid, grams) VALUES (new."{pk}", jiguan_grams({new})); END',
        f'CREATE TRIGGER "{table}_search_ad" AFTER DELETE ON "{table}" '  # noqa: S608
        f"WHEN jiguan_search_defer('{table}', old.\"{pk}\", NULL) = 0 BEGIN "
        f'DELETE FROM {fts} WHERE rowid = old."{pk}"; END',
        f'CREATE TRIGGER "{table}_search_au" AFTER UPDATE OF {cols}, "{pk}" ON "{table}" '  # noqa: S608
        f"WHEN jiguan_search_defer('{table}', old.\"{pk}\", new.\"{pk}\") = 0 "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.\"{pk}\"; "
        f'INSERT INTO {fts}(rowid, grams) VALUES (new."{pk}", jiguan_grams({new})); END',
    ]


class RefreshSearchIndex(Operation):
    """Re-create the SQLite triggers of `model_name`'s search index (as
    :func:`sqlite_triggers` writes them now) and refill its FTS5 table from the rows;
    creates the FTS5 table if it is missing. For a migration after the trigger SQL changed,
    and to heal a database whose triggers were lost: on SQLite, Django rebuilds a table for
    most ``AlterField``s (copy, drop, rename), and dropping the table drops its triggers,
    while the FTS5 table stays behind and goes stale. PostgreSQL: nothing to do (the GIN
    index is on the table's expression and is rebuilt with it)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, fields: Sequence[str]) -> None:
        self.model_name = model_name
        self.fields = tuple(fields)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.model_name, self.fields], {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def describe(self) -> str:
        return f"Refresh the search index on {self.model_name}"

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any,
                          to_state: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        table, pk = model._meta.db_table, model._meta.pk.column
        columns = [model._meta.get_field(f).column for f in self.fields]
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_search_{suffix}"')
        create, fill, *_ = sqlite_create(table, pk, columns)
        schema_editor.execute(create.replace("CREATE VIRTUAL TABLE",
                                             "CREATE VIRTUAL TABLE IF NOT EXISTS", 1))
        schema_editor.execute(f'DELETE FROM "{table}_search"')  # noqa: S608
        schema_editor.execute(fill)
        for sql in sqlite_triggers(table, pk, columns):
            schema_editor.execute(sql)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any,
                           to_state: Any) -> None:
        self.database_forwards(app_label, schema_editor, from_state, to_state)

