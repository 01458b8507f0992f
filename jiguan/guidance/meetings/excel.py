"""The meetings' list exports (会议一览, 决定事项落实情况)."""

from __future__ import annotations

import datetime as dt

from jiguan.core.excel.columns import ExportColumn

MEETING_COLUMNS = [
    ExportColumn("会议名称", lambda m: m.title, 36),
    ExportColumn("会议类型", lambda m: m.get_kind_display(), 14),
    ExportColumn("主办区划", lambda m: m.region.name, 12),
    ExportColumn("开始日期", lambda m: m.starts_on, 12),
    ExportColumn("结束日期", lambda m: m.ends_on, 12),
    ExportColumn("会议地点", lambda m: m.place, 24),
    ExportColumn("参会单位数", lambda m: m.invited_count, 10, kind="count"),
    ExportColumn("决定事项数", lambda m: m.decision_count, 10, kind="count"),
    ExportColumn("未完成事项数", lambda m: m.open_count, 12, kind="count"),
]

DECISION_COLUMNS = [
    ExportColumn("会议", lambda d: d.meeting.title, 30),
    ExportColumn("序号", lambda d: d.seq, 6, kind="count"),
    ExportColumn("决定事项", lambda d: d.text, 44),
    ExportColumn("责任单位", lambda d: d.responsible.name, 14),
    ExportColumn("完成时限", lambda d: d.due_on, 12),
    ExportColumn("落实情况", lambda d: "已逾期" if d.is_overdue(dt.date.today())
                 else d.get_status_display(), 10),
    ExportColumn("完成日期", lambda d: d.done_on, 12),
]
