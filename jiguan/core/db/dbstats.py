"""Planner statistics after bulk writes.

SQLite's query planner knows nothing about a table's size until ``ANALYZE`` has run: with a
province's 600,000 people and no statistics it drives the people list from the wrong end
(a region scope read as a scan of every person, 0.5 s, instead of region -> agencies ->
people by index, 10 ms; docs/adr/0011-list-speed.md). `refresh()` runs ``ANALYZE`` bounded
by ``analysis_limit`` (a sample per index: about 0.2 s at province scale) on SQLite, and a
plain ``ANALYZE`` on PostgreSQL (which autovacuum also does, later). Call it after writes
that change a table's size a lot: the demo command, a large import's confirm,
`manage.py refresh_db_stats`.
"""

from __future__ import annotations

from django.db import connections

#: rows sampled per index by SQLite's ANALYZE (PRAGMA analysis_limit)
SQLITE_ANALYSIS_LIMIT = 1000


def refresh(using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
