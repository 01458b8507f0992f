"""Export columns of the agency and people lists: the import columns first, under the same
headers, so that an exported file imports back."""

from __future__ import annotations

from jiguan.core.excel import ExportColumn
from jiguan.orgs.models import Agency


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
