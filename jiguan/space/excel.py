"""Spreadsheet import and export of the office-space register: buildings (房产登记) and rooms
(房间台账, with the agency using each room and the people seated in it).

The pipeline (reading, preview, duplicates, one transaction) lives in jiguan.core.imports;
here are only the columns, the row checks and the upsert through space.actions. Every check
the actions make is also made in ``clean_row`` (floors, areas, dates, the building's total),
so a file is judged completely before anything is written, and the bulk path below writes
nothing the actions would have refused.

A blank optional cell means "not given": a new record gets the default, an existing one
keeps its value. Re-importing the same file changes nothing and writes no audit rows. An
export starts with the import columns under the same headers, so an exported file imports
back without changes.

This module is the facade: importing it registers both importers (jiguan.space.apps), and it
re-exports the names used elsewhere. The code lives beside it: excel_common (limits, import
columns, cell parsers, the importers' base), excel_buildings (BuildingImporter), excel_rooms
(RoomImporter), excel_room_check (its column-at-a-time check of plain rows),
excel_room_store (its column store), excel_bulk (the bulk writer) and excel_exports (export
columns and rows).
"""

from __future__ import annotations

from jiguan.space.excel_buildings import BuildingImporter
from jiguan.space.excel_bulk import BULK_BATCH
from jiguan.space.excel_common import (
    BUILDING_COLUMNS,
    CENT,
    EARLIEST_CERT_YEAR,
    MAX_FLOORS_ABOVE,
    MAX_FLOORS_BELOW,
    ROOM_COLUMNS,
    parse_choice,
    parse_floor,
    split_people,
    subtype_problem,
)
from jiguan.space.excel_exports import (
    BUILDING_EXPORT_COLUMNS,
    ROOM_EXPORT_COLUMNS,
    building_export_rows,
    room_export_rows,
)
from jiguan.space.excel_room_store import RoomRow
from jiguan.space.excel_rooms import BULK_MIN_ROWS, RoomImporter

__all__ = [
    "BUILDING_COLUMNS",
    "BUILDING_EXPORT_COLUMNS",
    "BULK_BATCH",
    "BULK_MIN_ROWS",
    "CENT",
    "EARLIEST_CERT_YEAR",
    "MAX_FLOORS_ABOVE",
    "MAX_FLOORS_BELOW",
    "ROOM_COLUMNS",
    "ROOM_EXPORT_COLUMNS",
    "BuildingImporter",
    "RoomImporter",
    "RoomRow",
    "building_export_rows",
    "parse_choice",
    "parse_floor",
    "room_export_rows",
    "split_people",
    "subtype_problem",
]
