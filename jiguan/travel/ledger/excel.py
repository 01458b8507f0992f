"""The ledger's exports for finance: the month's statements and the year's running costs."""

from __future__ import annotations

from jiguan.core.excel.columns import ExportColumn
from jiguan.travel.ledger.models import CostKind

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

STATISTICS_COLUMNS = [
    ExportColumn("车牌号", lambda r: r["vehicle"].plate, 14),
    ExportColumn("区划", lambda r: r["vehicle"].region.name, 14),
    ExportColumn("出车天数", lambda r: r["days"], 10, kind="count"),
    ExportColumn("使用率（%）", lambda r: r["use_rate"], 12, kind="percent"),
    ExportColumn("里程（km）", lambda r: r["km"], 12, kind="count"),
    ExportColumn("费用（元）", lambda r: r["cost"], 14, kind="money"),
    ExportColumn("每公里成本（元）", lambda r: r["per_km"], 14, kind="money"),
]


def _amount(i: int) -> ExportColumn:
    return ExportColumn(f"{CostKind.labels[i]}（元）", lambda r: r["amounts"][i], 14, kind="money")


COST_BREAKDOWN_COLUMNS = [
    ExportColumn("车辆 / 单位 / 月份", lambda r: r["label"], 28),
    ExportColumn("所属", lambda r: r["holder"], 20),
    *(_amount(i) for i in range(len(CostKind.values))),
    ExportColumn("合计（元）", lambda r: r["total"], 16, kind="money"),
]
