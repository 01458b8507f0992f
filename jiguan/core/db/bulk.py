"""Bulk inserts for large imports and summary rebuilds: one ``COPY`` on PostgreSQL,
parameterised ``executemany`` in big batches elsewhere.

Not ``bulk_create``, which prepares every value of every field and, on SQLite, splits each
batch into statements of at most 999 parameters: at a million rows that alone costs several
times the write. Callers pass the values the model would write (timestamps, actor), in the
order of ``names``; the database's constraints still apply. Identifiers come from the
model's metadata and values go as parameters: nothing from a file reaches the SQL text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection, models

BULK_BATCH = 10_000
BULK_CACHE_KB = 128 * 1024  # SQLite page cache while bulk writing (see write_rows)


def column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return str(field.column)


@contextmanager
def bulk_cache() -> Iterator[None]:
    """SQLite: a page cache large enough for a big table's indexes while a bulk write makes
    them grow (with the default 2 MB, a million rooms or readings take twice as long or
    more); the connection's own size is restored after. Nothing elsewhere."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KB:d}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size):d}")


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
            with bulk_cache():
                while batch := list(islice(source, BULK_BATCH)):
                    cursor.executemany(sql, batch)
                    done += len(batch)
                    if progress is not None:
                        progress(done)
    if progress is not None and done:
        progress(done)
    return done


def create_temp_table(name: str, columns: str) -> None:
    """Create the TEMP table ``name`` (``columns``: its SQL column list) on this connection,
    inside the caller's transaction.

    A staging table for set-based work on a large write (``INSERT ... SELECT``, a GROUP BY
    over just the new rows): no indexes, and only this connection sees it. It goes with
    the transaction if that rolls back; :func:`drop_temp_table` drops it after use
    (PostgreSQL also drops it at commit). Fill it with :func:`append_temp_rows`."""
    if not connection.in_atomic_block:
        raise RuntimeError("create_temp_table() must run inside the write's transaction")
    quote = connection.ops.quote_name
    table = quote(name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
            cursor.execute(f"CREATE TEMP TABLE {table} ({columns}) ON COMMIT DROP")
        else:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{table}")
            cursor.execute(f"CREATE TEMP TABLE {table} ({columns})")


def append_temp_rows(name: str, rows: Sequence[tuple[Any, ...]]) -> int:
    """Add ``rows`` (every value of a row, in the table's column order) to the TEMP table
    ``name``: one ``COPY`` / ``executemany``. Returns the count."""
    if not rows:
        return 0
    table = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} "  # noqa: S608
                               f"VALUES ({', '.join(['%s'] * len(rows[0]))})", rows)
    return len(rows)


def drop_temp_table(name: str) -> None:
    schema = "pg_temp" if connection.vendor == "postgresql" else "temp"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {schema}.{connection.ops.quote_name(name)}")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys of the model's table, reserved inside the caller's
    transaction, for a bulk insert whose rows refer to each other (a new agency whose
    parent is another new row of the file): the references are known before the insert,
    so no second pass of ``UPDATE``s sets them afterwards.

    PostgreSQL: ``nextval`` of the key's sequence. SQLite (Django's keys are
    ``AUTOINCREMENT``): the table's ``sqlite_sequence`` counter is moved on by ``count``
    in one statement, which takes the write lock: no other writer can take those ids."""
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids() must run inside the write's transaction")
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None and pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, pk.column, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("UPDATE sqlite_sequence SET seq = seq + %s WHERE name = %s "
                       "RETURNING seq", [count, table])
        found = cursor.fetchone()
        if found is None:  # nothing ever inserted: no counter yet
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT COALESCE(MAX({quote(pk.column)}), 0) "  # noqa: S608
                           f"FROM {quote(table)}")
            end = int(cursor.fetchone()[0]) + count
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                           [table, end])
        else:
            end = int(found[0])
    return list(range(end - count + 1, end + 1))
