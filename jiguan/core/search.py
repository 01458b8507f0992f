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
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import add
from typing import Any, TypeVar

from django.db import connections
from django.db.migrations.operations.base import Operation
from django.db.models import Q, QuerySet
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

    The SQLite triggers call this once for every row written, so a bulk import of 100,000
    agencies calls it 100,000 times inside its ``INSERT``: built a word at a time with C
    calls (characters and pairs interleaved by slice assignment, repeats dropped by a dict)
    and, when every word is letters and digits (most names), without testing each gram.
    The same text as :func:`grams` filtered by :func:`_tokenizable` (a test compares them)."""
    seen: dict[str, None] = {}
    plain = True
    for text in texts:
        if not text:
            continue
        for word in _WORDS.split(text.lower()):
            if not word:
                continue
            if len(word) == 1:
                seen.setdefault(word)
            else:
                parts: list[str] = [""] * (2 * len(word) - 1)
                parts[0::2] = word
                parts[1::2] = map(add, word, word[1:])
                seen.update(zip(parts, repeat(None)))
            plain = plain and word.isalnum()
    if plain:  # a gram of letters and digits is a token
        return " ".join(seen)
    return " ".join(g for g in seen if _tokenizable(g))


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: adds ``jiguan_grams(...)`` to SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("jiguan_grams", -1, sqlite_grams,
                                              deterministic=True)


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


def _pg_expr(model: type[Any], fields: Iterable[str]) -> str:
    columns = ", ".join(f'"{model._meta.get_field(f).column}"' for f in fields)
    return f"jiguan_grams({columns})"


def search(qs: QS, text: str, *, extra: Q | None = None) -> QS:
    """Rows of `qs` with `text` (case-insensitive) in one of the model's `search_fields`,
    or matching `extra`; `qs` unchanged for an empty text."""
    text = text.strip()
    if not text:
        return qs
    exact = Q()
    for field in qs.model.search_fields:
        exact |= Q(**{f"{field}__icontains": text})
    ids = candidate_ids(qs.model, text, using=qs.db)
    if ids is None:
        return qs.filter(exact | extra) if extra is not None else qs.filter(exact)
    found = Q(pk__in=ids) & exact
    return qs.filter(found | extra) if extra is not None else qs.filter(found)


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
    new = ", ".join(f'new."{c}"' for c in columns)
    cols = ", ".join(f'"{c}"' for c in columns)
    fts = f'"{table}_search"'
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(grams, "
        f"tokenize='unicode61 remove_diacritics 0')",
        f'INSERT INTO {fts}(rowid, grams) SELECT "{pk}", jiguan_grams({cols}) FROM "{table}"',  # noqa: S608
        f'CREATE TRIGGER "{table}_search_ai" AFTER INSERT ON "{table}" BEGIN '  # noqa: S608
        f'INSERT INTO {fts}(rowid, grams) VALUES (new."{pk}", jiguan_grams({new})); END',
        f'CREATE TRIGGER "{table}_search_ad" AFTER DELETE ON "{table}" BEGIN '  # noqa: S608
        f'DELETE FROM {fts} WHERE rowid = old."{pk}"; END',
        f'CREATE TRIGGER "{table}_search_au" AFTER UPDATE OF {cols}, "{pk}" ON "{table}" '  # noqa: S608
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.\"{pk}\"; "
        f'INSERT INTO {fts}(rowid, grams) VALUES (new."{pk}", jiguan_grams({new})); END',
    ]
