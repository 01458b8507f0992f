"""The purchases' export columns (core's export: the list's filters, no row cap)."""

from __future__ import annotations

from typing import Any

from jiguan.core.excel.columns import ExportColumn


def _contract(p: Any, attr: str) -> Any:
    c = getattr(p, "contract", None) if hasattr(p, "contract") else None
    return getattr(c, attr) if c is not None else None


PURCHASE_EXPORT_COLUMNS = [
    ExportColumn("年度", lambda p: p.year, 8),
    ExportColumn("区划", lambda p: p.agency.region.name, 14),
    ExportColumn("购买主体", lambda p: p.agency.name, 26),
    ExportColumn("项目名称", lambda p: p.title, 30),
    ExportColumn("服务类别", lambda p: p.category.name, 14),
    ExportColumn("预算项目", lambda p: p.budget_line, 24),
    ExportColumn("预算金额（元）", lambda p: p.budget_amount, 16, kind="money"),
    ExportColumn("采购方式", lambda p: p.get_method_display(), 12),
    ExportColumn("承接主体", lambda p: p.supplier.name if p.supplier else "", 26),
    ExportColumn("统一社会信用代码", lambda p: p.supplier.credit_code if p.supplier else "", 22),
    ExportColumn("合同编号", lambda p: _contract(p, "contract_no") or "", 18),
    ExportColumn("合同金额（元）", lambda p: _contract(p, "price"), 16, kind="money"),
    ExportColumn("服务期开始", lambda p: _contract(p, "start_date"), 12),
    ExportColumn("服务期结束", lambda p: _contract(p, "end_date"), 12),
    ExportColumn("合同公告日期", lambda p: _contract(p, "published_on"), 12),
    ExportColumn("状态", lambda p: p.get_status_display(), 10),
]
