"""Spreadsheet import and export of agencies (单位名录) and people (人员名册).

The pipeline (reading, preview, duplicates, one transaction) lives in
jiguan.core.imports.pipeline; the fast path shared by every create-or-update importer
(column checks, column store, set-based write, bulk audit of changes) in
jiguan.core.imports.upsert. Here are the columns (columns.py), the importers (agencies.py
with agency_write.py and agency_plan.py; people.py: their rules and their writes) and the
export columns (exports.py). An export starts with the import columns under the same
headers, so an exported file imports back.

A blank optional cell means "not given": a new record gets the default, an existing one
keeps its value. Re-importing the same file therefore changes nothing and writes no audit
rows (only rows that differ are written).
"""
