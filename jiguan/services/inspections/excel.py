"""The export columns of the inspection and evaluation lists (core's export)."""

from __future__ import annotations

from jiguan.core.excel import ExportColumn

INSPECTION_COLUMNS = [
    ExportColumn("检查日期", lambda i: i.inspected_on, 12),
    ExportColumn("考核期", lambda i: i.period, 9),
    ExportColumn("服务供应商", lambda i: i.supplier.name, 28),
    ExportColumn("服务单位", lambda i: i.agency.name, 28),
    ExportColumn("检查地点", lambda i: i.place, 16),
    ExportColumn("服务标准", lambda i: str(i.standard), 36),
    ExportColumn("得分", lambda i: i.total, 8),
    ExportColumn("满分", lambda i: i.full_marks, 8),
    ExportColumn("状态", lambda i: i.get_status_display(), 8),
    ExportColumn("检查人", lambda i: str(i.inspector), 12),
]

EVALUATION_COLUMNS = [
    ExportColumn("考核期", lambda e: e.period, 9),
    ExportColumn("服务供应商", lambda e: e.supplier.name, 28),
    ExportColumn("服务单位", lambda e: e.agency.name, 28),
    ExportColumn("检查得分", lambda e: e.inspection_score, 10),
    ExportColumn("满意度得分", lambda e: e.satisfaction_score, 10),
    ExportColumn("综合得分", lambda e: e.total, 10),
    ExportColumn("等次", lambda e: e.get_grade_display(), 8),
    ExportColumn("本期合同金额（元）", lambda e: e.amount, 16),
    ExportColumn("支付比例（%）", lambda e: e.pay_percent, 10),
    ExportColumn("本期应付金额（元）", lambda e: e.payable, 16),
    ExportColumn("状态", lambda e: e.get_status_display(), 8),
]
