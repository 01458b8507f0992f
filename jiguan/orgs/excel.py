"""Spreadsheet import and export of agencies (单位名录) and people (人员名册).

The pipeline (reading, preview, duplicates, one transaction) lives in jiguan.core.imports.pipeline;
the fast path shared by every create-or-update importer (column checks, column store,
set-based write, bulk audit of changes) in jiguan.core.imports.upsert. Here are the columns
(excel_columns), the importers (excel_agencies, excel_people: their rules and their
writes) and the export columns. An export starts with the import columns under the same
headers, so an exported file imports back.

A blank optional cell means "not given": a new record gets the default, an existing one
keeps its value. Re-importing the same file therefore changes nothing and writes no audit
rows (only rows that differ are written).
"""

from __future__ import annotations

from jiguan.core.excel import ExportColumn
from jiguan.orgs.excel_agencies import AgencyImporter
from jiguan.orgs.excel_columns import (
    AGENCY_COLUMNS,
    LEVEL_CHOICES,
    PERSON_COLUMNS,
    RANK_CHOICES,
    TYPE_CHOICES,
    parse_type,
)
from jiguan.orgs.excel_people import PersonImporter
from jiguan.orgs.models import Agency

__all__ = ["AGENCY_COLUMNS", "AGENCY_EXPORT_COLUMNS", "LEVEL_CHOICES", "PERSON_COLUMNS",
           "PERSON_EXPORT_COLUMNS", "RANK_CHOICES", "TYPE_CHOICES", "AgencyImporter",
           "PersonImporter", "parse_type"]


def _parent_code(agency: Agency) -> str:
    return agency.parent.credit_code if agency.parent_id and agency.parent else ""


# Export with select_related("region", "parent") / ("agency"), in that column order.
AGENCY_EXPORT_COLUMNS = [
    ExportColumn("单位名称", lambda a: a.name, 28),
    ExportColumn("统一社会信用代码", lambda a: a.credit_code, 22),
    ExportColumn("行政区划代码", lambda a: a.region.code),
    ExportColumn("单位层级", lambda a: a.get_level_display()),
    ExportColumn("单位性质", lambda a: a.get_type_code_display(), 22),
    ExportColumn("上级单位信用代码", _parent_code, 22),
    ExportColumn("编制数", lambda a: a.authorized_headcount),
    ExportColumn("实有人数", lambda a: a.actual_headcount),
    ExportColumn("用能人数", lambda a: a.energy_headcount),
    ExportColumn("所在区划名称", lambda a: a.region.name),
    ExportColumn("上级单位名称", lambda a: a.parent.name if a.parent_id and a.parent else "", 28),
    ExportColumn("状态", lambda a: a.get_status_display()),
    ExportColumn("状态变更日期", lambda a: a.status_date),
]

PERSON_EXPORT_COLUMNS = [
    ExportColumn("单位信用代码", lambda p: p.agency.credit_code, 22),
    ExportColumn("姓名", lambda p: p.name),
    ExportColumn("人员编号", lambda p: p.staff_no),
    ExportColumn("职务", lambda p: p.post, 20),
    ExportColumn("职级", lambda p: p.rank_label),
    ExportColumn("单位名称", lambda p: p.agency.name, 28),
    ExportColumn("状态", lambda p: p.get_status_display()),
    ExportColumn("状态变更日期", lambda p: p.status_date),
]
