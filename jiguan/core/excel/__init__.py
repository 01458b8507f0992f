"""Spreadsheet import/export engine (pure Python, no Django models)."""

from .columns import Column, ExportColumn
from .headers import HeaderMatch, find_header_row, match_columns, normalize_header
from .reader import (
    ParsedTable,
    Record,
    SheetData,
    SpreadsheetError,
    cell_date,
    cell_decimal,
    cell_int,
    cell_str,
    iter_records,
    read_rows,
    too_large_message,
)
from .writer import build_template, guard_text, write_export, write_text

__all__ = [
    "Column",
    "ExportColumn",
    "HeaderMatch",
    "ParsedTable",
    "Record",
    "SheetData",
    "SpreadsheetError",
    "build_template",
    "cell_date",
    "cell_decimal",
    "cell_int",
    "cell_str",
    "find_header_row",
    "guard_text",
    "iter_records",
    "match_columns",
    "normalize_header",
    "read_rows",
    "too_large_message",
    "write_export",
    "write_text",
]
