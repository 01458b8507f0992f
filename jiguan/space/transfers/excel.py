"""Exports of asset transfer: the ledger's columns (a list export) and the workbook for the
finance department (调账表) of one batch."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

from jiguan.core.excel import ExportColumn
from jiguan.core.excel.writer import write_text
from jiguan.core.numbers import QUANTITIES

LEDGER_COLUMNS = [
    ExportColumn("批次号", lambda i: i.batch.number, 16),
    ExportColumn("移交单位", lambda i: i.batch.agency.name, 28),
    ExportColumn("接收区划", lambda i: i.batch.region.name, 14),
    ExportColumn("移交基准日", lambda i: i.batch.transfer_date, 12),
    ExportColumn("房产编号", lambda i: i.building.code, 16),
    ExportColumn("房产名称", lambda i: i.building.name, 26),
    ExportColumn("建筑面积", lambda i: i.building.building_area, 12, kind="area"),
    ExportColumn("账面原值", lambda i: i.original_value, 16, kind="money"),
    ExportColumn("累计折旧", lambda i: i.depreciation, 16, kind="money"),
    ExportColumn("账面净值", lambda i: i.book_value, 16, kind="money"),
    ExportColumn("移出单位资产卡片号", lambda i: i.from_card_no, 18),
    ExportColumn("接收资产卡片号", lambda i: i.new_card_no, 18),
    ExportColumn("状态", lambda i: i.batch.get_status_display(), 10),
    ExportColumn("记账凭证号", lambda i: i.batch.voucher_no, 16),
    ExportColumn("调账日期", lambda i: i.batch.booked_on, 12),
]

BATCH_COLUMNS = [
    ExportColumn("批次号", lambda b: b.number, 16),
    ExportColumn("移交单位", lambda b: b.agency.name, 28),
    ExportColumn("接收区划", lambda b: b.region.name, 14),
    ExportColumn("移交基准日", lambda b: b.transfer_date, 12),
    ExportColumn("状态", lambda b: b.get_status_display(), 10),
    ExportColumn("房产数", lambda b: b.item_count, 8, kind="count"),
    ExportColumn("账面净值合计", lambda b: b.book_total or Decimal(0), 16, kind="money"),
    ExportColumn("记账凭证号", lambda b: b.voucher_no, 16),
    ExportColumn("调账日期", lambda b: b.booked_on, 12),
]

FINANCE_HEADERS = ("序号", "房产编号", "房产名称", "坐落", "建筑面积（m²）", "账面原值（元）",
                   "累计折旧（元）", "账面净值（元）", "移出单位资产卡片号", "接收资产卡片号")


def finance_workbook(batch: Any, items: Sequence[Any],
                     generated_at: dt.datetime | None = None) -> bytes:
    """The workbook the finance department books from: the batch, one row per building with
    its values and cards, the totals, and the confirmation lines."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "yyyy-mm-dd"})
    title = wb.add_format({"bold": True, "font_size": 14})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": QUANTITIES["money"].excel, "border": 1})
    money_bold = wb.add_format({"num_format": QUANTITIES["money"].excel, "border": 1,
                                "bold": True})
    area = wb.add_format({"num_format": QUANTITIES["area"].excel, "border": 1})
    cell = wb.add_format({"border": 1})
    when = timezone.localtime(generated_at or timezone.now()).strftime("%Y-%m-%d %H:%M")

    ws = wb.add_worksheet("调账明细")
    write_text(ws, 0, 0, f"办公用房资产移交调账表（批次 {batch.number}）", title)
    write_text(ws, 1, 0, f"移交单位：{batch.agency.name}（{batch.agency.credit_code}）　"
                         f"接收：{batch.region.full_name}机关事务管理部门　"
                         f"移交基准日：{batch.transfer_date:%Y-%m-%d}　"
                         f"状态：{batch.get_status_display()}　生成时间：{when}")
    for col, (label, width) in enumerate(zip(FINANCE_HEADERS,
                                             (6, 16, 26, 30, 12, 16, 16, 16, 18, 18), strict=True)):
        write_text(ws, 3, col, label, header)
        ws.set_column(col, col, width)
    row = 3
    totals = [Decimal(0)] * 4
    for n, item in enumerate(items, start=1):
        row = 3 + n
        b = item.building
        ws.write_number(row, 0, n, cell)
        write_text(ws, row, 1, b.code, cell)
        write_text(ws, row, 2, b.name, cell)
        write_text(ws, row, 3, b.address, cell)
        values = (b.building_area, item.original_value, item.depreciation, item.book_value)
        for k, value in enumerate(values):
            ws.write_number(row, 4 + k, float(value), area if k == 0 else money)
            totals[k] += value
        write_text(ws, row, 8, item.from_card_no, cell)
        write_text(ws, row, 9, item.new_card_no, cell)
    row += 1
    write_text(ws, row, 0, "合计", cell)
    for k, value in enumerate(totals):
        ws.write_number(row, 4 + k, float(value), area if k == 0 else money_bold)
    ws.freeze_panes(4, 0)

    sign = wb.add_worksheet("确认")
    lines = [
        ("移交单位确认",
         batch.agency_confirmed_by.display_name if batch.agency_confirmed_by else "",
         batch.agency_confirmed_at),
        ("财务部门确认", batch.finance_confirmed_by.display_name if batch.finance_confirmed_by
         else "", batch.finance_confirmed_at),
    ]
    write_text(sign, 0, 0, "确认记录", title)
    sign.set_column(0, 0, 16)
    sign.set_column(1, 3, 24)
    for col, label in enumerate(("环节", "确认人", "确认时间", "记账凭证号 / 调账日期")):
        write_text(sign, 2, col, label, header)
    for r, (label, who, at) in enumerate(lines, start=3):
        write_text(sign, r, 0, label, cell)
        write_text(sign, r, 1, who or "（未确认）", cell)
        stamp = timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""
        write_text(sign, r, 2, stamp, cell)
    booked = (f"{batch.voucher_no} / {batch.booked_on:%Y-%m-%d}" if batch.booked_on else "")
    write_text(sign, 4, 3, booked, cell)
    write_text(sign, 6, 0, "依据：《党政机关办公用房管理办法》第五条（统一权属）；"
                           "《行政事业性国有资产管理条例》第三十条（不得形成账外资产）。")
    wb.close()
    return buffer.getvalue()
