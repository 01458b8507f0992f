"""The liaison's list exports (联系指导安排, 走访及问题办理情况)."""

from __future__ import annotations

from jiguan.core.excel.columns import ExportColumn

ASSIGNMENT_COLUMNS = [
    ExportColumn("年度", lambda a: a.year, 8),
    ExportColumn("联系领导", lambda a: a.leader_name, 14),
    ExportColumn("职务", lambda a: a.leader_post, 20),
    ExportColumn("联系单位（区划）", lambda a: a.region.name, 20),
    ExportColumn("走访次数", lambda a: a.visit_count, 10, kind="count"),
    ExportColumn("备注", lambda a: a.note, 30),
]

VISIT_COLUMNS = [
    ExportColumn("走访日期", lambda v: v.visited_on, 12),
    ExportColumn("带队领导", lambda v: v.leader_name, 14),
    ExportColumn("走访单位", lambda v: v.region.name, 20),
    ExportColumn("调研指导内容", lambda v: v.topics, 44),
    ExportColumn("反映问题数", lambda v: v.issue_count, 10, kind="count"),
    ExportColumn("待答复问题数", lambda v: v.open_count, 12, kind="count"),
]
