"""The contract register's export columns (every list exports with its filters, no cap)."""

from __future__ import annotations

import datetime as dt

from jiguan.core.excel.columns import ExportColumn
from jiguan.governance.contracts.models import Contract


def _filing(c: Contract) -> str:
    if c.filed_on is None:
        if c.filing_due and c.filing_due < dt.date.today() and c.signed_on:
            return "逾期未备案"
        return "未备案"
    return "逾期备案" if c.filed_late else "按期备案"


CONTRACT_EXPORT_COLUMNS = [
    ExportColumn("合同名称", lambda c: c.title, 36),
    ExportColumn("原合同", lambda c: c.parent.title if c.parent_id else "", 24),
    ExportColumn("合同编号", lambda c: c.number, 16),
    ExportColumn("签约单位", lambda c: c.agency.name, 24),
    ExportColumn("区划", lambda c: c.agency.region.name, 12),
    ExportColumn("相对方名称", lambda c: c.counterparty, 28),
    ExportColumn("相对方统一社会信用代码", lambda c: c.counterparty_code, 22),
    ExportColumn("合同类别", lambda c: c.get_kind_display(), 10),
    ExportColumn("合同金额", lambda c: c.amount, 16, kind="money"),
    ExportColumn("履行期限自", lambda c: c.starts_on, 12),
    ExportColumn("履行期限至", lambda c: c.ends_on, 12),
    ExportColumn("所依据的重大决策", lambda c: c.decision_ref, 24),
    ExportColumn("须经合法性审查", lambda c: "是" if c.review_required else "否", 8),
    ExportColumn("状态", lambda c: c.get_status_display(), 8),
    ExportColumn("签订日期", lambda c: c.signed_on, 12),
    ExportColumn("备案期限", lambda c: c.filing_due, 12),
    ExportColumn("备案日期", lambda c: c.filed_on, 12),
    ExportColumn("备案情况", _filing, 10),
    ExportColumn("备案机关", lambda c: c.filing_region.name if c.filing_region_id else "", 12),
    ExportColumn("备案号", lambda c: c.filing_number, 16),
    ExportColumn("终结日期", lambda c: c.closed_on, 12),
]
