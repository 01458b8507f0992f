"""Bulk inserts for large imports and summary rebuilds: one ``COPY`` on PostgreSQL,
parameterised ``executemany`` in big batches elsewhere.

Not ``bulk_create``, which prepares every value of every field and, on SQLite, splits each
batch into statements of at most 999 parameters: at a million rows that alone costs several
times the write. Callers pass the values the model would write (timestamps, actor), in the
order of ``names``; the database's constraints still apply. Identifiers come from the
model's metadata and values go as parameters: nothing from a file reaches the SQL text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

BULK_BATCH = 10_000
BULK_CACHE_KB = 128 * 1024  # SQLite page cache while bulk writing (see write_rows)


def column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return str(field.column)


def write_rows(model: type[models.Model], names: Sequence[str],
               rows: Iterable[tuple[Any, ...]],
               progress: Callable[[int], None] | None = None) -> int:
    """Insert ``rows`` into the model's table; returns how many were written."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(column(model, name)) for name in names)
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for done, row in enumerate(rows, start=1):
                    copy.write_row(row)
                    if progress is not None and done % BULK_BATCH == 0:
                        progress(done)
        else:
            sql = (f"INSERT INTO {table} ({columns}) "  # noqa: S608
                   f"VALUES ({', '.join(['%s'] * len(names))})")
            source = iter(rows)
            # A page cache large enough for the table's indexes while they grow: with
            # SQLite's default (2 MB) a million rooms take about twice as long.
            cursor.execute("PRAGMA cache_size")
            (cache_size,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KB:d}")
            try:
                while batch := list(islice(source, BULK_BATCH)):
                    cursor.executemany(sql, batch)
                    done += len(batch)
                    if progress is not None:
                        progress(done)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size):d}")
    if progress is not None and done:
        progress(done)
    return done
