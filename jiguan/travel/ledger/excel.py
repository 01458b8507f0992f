"""The ledger's exports for finance: the month's statements and the year's running costs."""

from __future__ import annotations

from jiguan.core.excel.columns import ExportColumn

STATEMENT_COLUMNS = [
    ExportColumn("用车单位", lambda r: r["agency"].name if r["agency"] else "", 28),
    ExportColumn("行程数", lambda r: r["trips"], 8, kind="count"),
    ExportColumn("里程（km）", lambda r: r["km"], 10, kind="count"),
    ExportColumn("服务费", lambda r: r["service"], 14, kind="money"),
    ExportColumn("代垫费用", lambda r: r["costs"], 14, kind="money"),
    ExportColumn("应收合计", lambda r: r["amount"], 14, kind="money"),
    ExportColumn("单车核算合计", lambda r: r["entries"], 14, kind="money"),
    ExportColumn("已出结算单金额", lambda r: r["statement"].amount if r["statement"] else None,
                 14, kind="money"),
    ExportColumn("核对", lambda r: "一致" if r["ok"] else "；".join(r["problems"]), 40),
]

RUNNING_COST_COLUMNS = [
    ExportColumn("单位", lambda r: r["agency"].name, 28),
    ExportColumn("自有车辆运行费", lambda r: r["own"], 16, kind="money"),
    ExportColumn("平台用车费用", lambda r: r["charged"], 16, kind="money"),
    ExportColumn("公务用车运行费合计", lambda r: r["total"], 18, kind="money"),
]
