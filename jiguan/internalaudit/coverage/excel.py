"""The coverage export: one row per unit, never-audited units first (the page's order)."""

from __future__ import annotations

from jiguan.core.excel.columns import ExportColumn


def _yes(value: bool) -> str:
    return "是" if value else "否"


COVERAGE_COLUMNS = [
    ExportColumn("单位", lambda r: r.name, 30),
    ExportColumn("区划", lambda r: r.region_name, 12),
    ExportColumn("公共资金最近审计", lambda r: r.last["funds"], 14),
    ExportColumn("国有资产和资源最近审计", lambda r: r.last["assets"], 14),
    ExportColumn("经济责任最近审计", lambda r: r.last["leaders"], 14),
    ExportColumn("周期内公共资金已覆盖", lambda r: _yes(r.covered["funds"]), 10),
    ExportColumn("周期内国有资产已覆盖", lambda r: _yes(r.covered["assets"]), 10),
    ExportColumn("周期内经济责任已覆盖", lambda r: _yes(r.covered["leaders"]), 10),
    ExportColumn("从未审计", lambda r: _yes(r.never), 8),
    ExportColumn("预算支出", lambda r: r.budget, 16, kind="wan"),
]
