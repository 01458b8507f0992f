"""Spreadsheet import and export of the office-space register: buildings (房产登记) and rooms
(房间台账, with the agency using each room and the people seated in it).

The pipeline (reading, preview, duplicates, one transaction) lives in jiguan.core.imports.pipeline;
here are only the columns, the row checks and the upsert through
jiguan.space.register.actions. Every check the actions make is also made in ``clean_row``
(floors, areas, dates, the building's total), so a file is judged completely before anything
is written, and the bulk path (bulk.py) writes nothing the actions would have refused.

A blank optional cell means "not given": a new record gets the default, an existing one
keeps its value. Re-importing the same file changes nothing and writes no audit rows. An
export starts with the import columns under the same headers, so an exported file imports
back without changes.

The importers are registered when jiguan.space.apps imports buildings and rooms. The code:
common.py (limits, import columns, cell parsers, the importers' base), buildings.py
(BuildingImporter), rooms.py (RoomImporter), room_check.py (its column-at-a-time check of
plain rows), room_store.py (its column store), bulk.py (the bulk writer) and exports.py
(export columns and rows).
"""
