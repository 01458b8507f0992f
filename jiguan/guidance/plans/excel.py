"""The plan's workbook: its targets with each year's value and progress, the off-track
flags, and the mid-term review."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter

from jiguan.core.excel import write_text
from jiguan.guidance.plans import queries
from jiguan.guidance.plans.models import Plan


def plan_workbook(plan: Plan) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1,
                            "text_wrap": True, "valign": "vcenter", "align": "center"})
    num = book.add_format({"num_format": "#,##0.00", "border": 1})
    txt = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    late = book.add_format({"border": 1, "font_color": "#B42318", "bold": True})
    rows = queries.plan_progress(plan)
    years = queries.years_of(plan)

    def write_row(ws: Any, r: int, values: list[Any]) -> None:
        for c, v in enumerate(values):
            if isinstance(v, Decimal | float | int) and not isinstance(v, bool):
                ws.write_number(r, c, float(v), num)
            elif v is None:
                ws.write_blank(r, c, None, txt)
            else:
                write_text(ws, r, c, str(v), late if v == "进度滞后" else txt)

    ws = book.add_worksheet("规划指标")
    header = ["序号", "指标", "单位", "数据来源", "方向", "责任处室", "基准年度", "基准值",
              "目标值", *[f"{y} 年完成值" for y in years], "最新完成进度（%）",
              "时序进度（%）", "状态"]
    ws.merge_range(0, 0, 0, len(header) - 1, f"{plan.title}（{plan.period}）指标完成情况", title)
    ws.write_row(1, 0, header, head)
    for i, p in enumerate(rows, start=1):
        t = p.target
        by_year = {pt.year: pt.value for pt in p.points}
        source = (f"{t.get_source_display()}：{queries.measure_label(t.measure)}"
                  if t.is_computed else t.get_source_display())
        latest = p.latest
        write_row(ws, i + 1, [i, t.indicator, t.unit, source, t.get_direction_display(),
                              t.division, t.baseline_year, t.baseline_value, t.target_value,
                              *[by_year.get(y) for y in years],
                              latest.share if latest else None,
                              latest.expected if latest else None, p.status])
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 28)
    ws.set_column(2, len(header) - 1, 13)
    ws.freeze_panes(2, 2)

    ws = book.add_worksheet("年度进度")
    ws.write_row(0, 0, ["指标", "年度", "完成值", "完成进度（%）", "时序进度（%）",
                        "进度滞后", "说明"], head)
    r = 1
    for p in rows:
        for pt in p.points:
            write_row(ws, r, [p.target.indicator, pt.year, pt.value, pt.share, pt.expected,
                              "是" if pt.off_track else "否", pt.note])
            r += 1
    ws.set_column(0, 0, 28)
    ws.set_column(1, 5, 13)
    ws.set_column(6, 6, 30)

    ws = book.add_worksheet("中期评估")
    review = getattr(plan, "review", None)
    if review is None:
        write_text(ws, 0, 0, "尚未开展中期评估", txt)
    else:
        write_text(ws, 0, 0, f"评估日期：{review.reviewed_on:%Y-%m-%d}", txt)
        write_text(ws, 1, 0, review.text, txt)
        ws.write_row(3, 0, ["指标", "评估结论", "说明"], head)
        for i, item in enumerate(review.items.select_related("target"), start=4):
            write_row(ws, i, [item.target.indicator, item.get_conclusion_display(),
                              item.note])
        ws.set_column(0, 0, 28)
        ws.set_column(1, 2, 30)
    book.close()
    return out.getvalue()
