"""The bulk writer of a large room import (``COPY`` / batched ``executemany``):
see jiguan.space.register.excel."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from django.db import connection
from django.utils import timezone

from jiguan.core.db.bulk import (
    BULK_BATCH,
    append_temp_rows,
    bulk_cache,
    create_temp_table,
    drop_temp_table,
    write_rows,
)
from jiguan.core.imports.pipeline import Progress
from jiguan.space.register.excel.common import chunks, column_name
from jiguan.space.register.excel.room_store import RoomRows
from jiguan.space.register.models import Floor, Room

# The writer moved to jiguan.core.db.bulk (energy readings use it too); the old names stay.
_write_rows = write_rows


#: The staging table of a bulk room import on SQLite (a TEMP table: this connection only,
#: gone with the transaction if it rolls back, dropped once copied).
STAGE = "jiguan_room_import"


def _stage_rooms_sqlite(rooms: Iterable[tuple[Any, ...]], head: tuple[Any, ...],
                        expected: int, progress: Progress | None = None) -> None:
    """SQLite: the new rooms (building id, floor number, number, use class, subtype, usable
    and building area) go into a TEMP table with one ``executemany``; the missing floors are
    then made by one ``INSERT ... SELECT DISTINCT`` and the rooms copied with their floor
    ids by one ``INSERT ... SELECT`` joining the floors. Set-based, the floors need no round
    trip through Python (620,000 of them for a million rooms: their insert, then reading
    their ids back), and SQLite fills the register's tables and indexes from one statement
    each instead of a million executions of one. ``head`` is (created_at, updated_at,
    created_by, updated_by) of every floor and room. The unique and foreign key
    constraints apply as to any insert; a room not matched to a floor would be an error
    (``expected`` is checked against the rows written)."""
    quote = connection.ops.quote_name
    stage = quote(STAGE)
    floor_table, room_table = quote(Floor._meta.db_table), quote(Room._meta.db_table)
    f_building = quote(column_name(Floor, "building"))
    f_number = quote(column_name(Floor, "number"))
    head_names = ("created_at", "updated_at", "created_by", "updated_by")
    floor_cols = ", ".join(quote(column_name(Floor, n)) for n in (*head_names, "building",
                                                              "number"))
    room_cols = ", ".join(quote(column_name(Room, n)) for n in (
        *head_names, "building", "floor", "number", "use_class", "subtype", "usable_area",
        "building_area"))
    done = 0
    create_temp_table(STAGE, "building_id integer NOT NULL, floor integer NOT NULL, "
                             "number text NOT NULL, use_class text NOT NULL, subtype text, "
                             "usable_area decimal NOT NULL, building_area decimal")
    with connection.cursor() as cursor, bulk_cache():
        source = iter(rooms)
        while batch := list(islice(source, BULK_BATCH * 10)):
            done += append_temp_rows(STAGE, batch)
        # Distinct first, so that the register is searched once per floor, not per room.
        cursor.execute(
            f"INSERT INTO {floor_table} ({floor_cols}) "  # noqa: S608
            "SELECT %s, %s, %s, %s, d.b, d.n FROM (SELECT DISTINCT building_id AS b, "
            f"floor AS n FROM {stage}) d WHERE NOT EXISTS (SELECT 1 FROM {floor_table} f "
            f"WHERE f.{f_building} = d.b AND f.{f_number} = d.n)", head)
        cursor.execute(
            f"INSERT INTO {room_table} ({room_cols}) "  # noqa: S608
            "SELECT %s, %s, %s, %s, s.building_id, f.id, s.number, s.use_class, "
            "COALESCE(s.subtype, ''), s.usable_area, s.building_area "
            f"FROM {stage} s JOIN {floor_table} f ON f.{f_building} = s.building_id "
            f"AND f.{f_number} = s.floor ORDER BY s.rowid", head)
        written = cursor.rowcount
    drop_temp_table(STAGE)
    if written != expected or done != expected:
        raise RuntimeError(f"bulk room import wrote {written} of {expected} rooms")
    if progress is not None:
        progress(done)


def _floor_ids(building_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """(building id, floor number) -> floor id. Plain SQL: a million-room file has
    hundreds of thousands of floors, and the ORM's per-row conversions cost seconds."""
    found: dict[tuple[int, int], int] = {}
    quote = connection.ops.quote_name
    table = quote(Floor._meta.db_table)
    building, number = quote(column_name(Floor, "building")), quote(column_name(Floor, "number"))
    with connection.cursor() as cursor:
        for chunk in chunks(building_ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {building}, {number}, id FROM {table} "  # noqa: S608
                           f"WHERE {building} IN ({marks})", chunk)
            found.update({(b, n): pk for b, n, pk in cursor.fetchall()})
    return found


def bulk_create_rooms(rows: RoomRows, building_ids: set[int], actor: Any,
                      progress: Progress) -> int:
    """New rooms only: every check of room_create was made in clean_row. On SQLite the rooms
    are staged and the floors and rooms made set-based (:func:`_stage_rooms_sqlite`); on
    PostgreSQL the missing floors, then the rooms, go in with one ``COPY`` each
    (:func:`_write_rows`). Not ``bulk_create``, which spends most of its time preparing
    every value of every field and, on SQLite, splits each batch into statements of ~90
    rows: at a million rooms that alone was several times the cost of writing them. The
    values are the ones the model would write (the cleaned Decimals, the same timestamp
    for created/updated, the actor), and the database's constraints (unique number per
    building, foreign keys) still apply.

    Audit: no per-row events. The job's ``core.import.confirmed`` event (kind, file name,
    counts, actor), written in the same transaction, plus each room's ``created_by`` and
    ``created_at``, are the record of a bulk creation.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    actor_id = actor.pk if actor is not None else None
    created = len(rows) - rows.unchanged_count()
    if connection.vendor == "sqlite":
        _stage_rooms_sqlite(rows.new_room_columns(amounts_as_text=True),
                            (now, now, actor_id, actor_id),
                            created, progress)
        return created
    floors = _floor_ids(building_ids)
    wanted = sorted(rows.floor_keys() - floors.keys())
    if wanted:
        _write_rows(Floor, ("created_at", "updated_at", "created_by", "updated_by",
                            "building", "number"),
                    ((now, now, actor_id, actor_id, b, n) for b, n in wanted))
        del wanted
        floors = _floor_ids(building_ids)
    head = (now, now, actor_id, actor_id)
    values = ((*head, b, floors[(b, f)], number, use_class, subtype or "", usable, area)
              for b, f, number, use_class, subtype, usable, area in
              rows.new_room_columns())
    _write_rows(Room, ("created_at", "updated_at", "created_by", "updated_by", "building",
                       "floor", "number", "use_class", "subtype", "usable_area",
                       "building_area"), values, progress)
    return created
