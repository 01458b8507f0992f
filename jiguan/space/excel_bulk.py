"""The bulk writer of a large room import (``COPY`` / batched ``executemany``):
see jiguan.space.excel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

from jiguan.core.imports import Progress
from jiguan.space.excel_common import _column

BULK_BATCH = 10_000
BULK_CACHE_KB = 128 * 1024  # SQLite page cache while bulk writing (see _write_rows)


def _write_rows(model: type[models.Model], names: Sequence[str],
                rows: Iterable[tuple[Any, ...]], progress: Progress | None = None) -> None:
    """Insert ``rows`` (values in the order of the fields ``names``, as Python values) into
    the model's table: one ``COPY`` on PostgreSQL, parameterised ``executemany`` in batches
    of BULK_BATCH elsewhere. Identifiers come from the model's metadata, values go as
    parameters: nothing from the file reaches the SQL text."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in names)
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
