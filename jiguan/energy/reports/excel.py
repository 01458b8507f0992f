"""The yearly statistical report workbook (年度统计报表), laid out like the official forms
of 《公共机构能源资源消费统计调查制度》: one sheet per table, each with a merged title row,
the 表号 / 制定机关 / 批准文号 line, 填报单位 and 报告期, a unit line, two header rows (an
energy type over its quantity and cost), the data and a total row; frozen panes, column
widths, number formats. Written with XlsxWriter's constant-memory mode: rows go to disk as
they are written, so a province's 40,000 institutions cost no more memory than a county's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from jiguan.core.excel import guard_text, write_text
from jiguan.energy.reports.queries import (
    FORM_APPROVAL,
    FORM_AUTHORITY,
    FORM_NUMBER,
    Report,
    deadline,
)
from jiguan.energy.rules import ENERGY_TYPES


@dataclass(frozen=True)
class Col:
    """A column of a table: `group` is the upper header (merged across the columns that
    share it); an empty `label` makes the group header span both header rows."""

    group: str
    label: str
    width: float
    fmt: str
    value: Callable[[Any], object]
    blank_zero: bool = False       # a type not consumed stays blank, as on the paper form


def _of(attr: str, type_code: str) -> Callable[[Any], object]:
    return lambda r: getattr(r, attr).get(type_code, Decimal(0))


def _type_cols() -> list[Col]:
    cols: list[Col] = []
    for t in ENERGY_TYPES.values():
        unit = "kgce" if t.code == "other" else t.unit
        cols.append(Col(t.label, f"用量（{unit}）", 13, "qty", _of("quantity", t.code), True))
        cols.append(Col(t.label, "费用（元）", 12, "money", _of("cost", t.code), True))
    return cols


def _ind(key: str) -> Callable[[Any], object]:
    def value(r: Any) -> object:
        ind = r.indicators()
        return ind.value(key) if ind is not None else None
    return value


CONSUMPTION_TAIL = [
    Col("综合能耗（kgce）", "", 15, "qty", lambda r: r.kgce),
    Col("用水量合计（m³）", "", 14, "qty", lambda r: r.water),
    Col("费用合计（元）", "", 14, "money", lambda r: r.total_cost),
    Col("人均综合能耗（kgce/人）", "", 13, "ind", _ind("per_capita")),
    Col("单位建筑面积能耗（kgce/m²）", "", 13, "ind", _ind("per_area")),
    Col("人均用水量（m³/人）", "", 12, "ind", _ind("water_per_capita")),
]
INFO_COLS = [
    Col("单位名称", "", 30, "text", lambda r: r.name),
    Col("统一社会信用代码", "", 21, "text", lambda r: r.credit_code),
    Col("单位性质代码", "", 8, "text", lambda r: r.type_code),
    Col("单位性质", "", 16, "text", lambda r: r.type_label),
    Col("区划代码", "", 9, "text", lambda r: r.region_code),
    Col("所在区划", "", 12, "text", lambda r: r.region_name),
    Col("所属部门", "", 24, "text", lambda r: r.department),
    Col("列入名录库", "", 8, "text", lambda r: ("是" if r.on_register else "否")
        if r.has_profile else "未填报"),
    Col("建筑面积（m²）", "", 13, "qty", lambda r: r.area if r.has_profile else None),
    Col("用能人数（人）", "", 10, "int", lambda r: r.headcount if r.has_profile else None),
    Col("编制人数（人）", "", 10, "int", lambda r: r.authorized if r.has_profile else None),
    Col("填报月数", "", 8, "int", lambda r: r.months),
]
CONSUMPTION_HEAD = [
    Col("单位名称", "", 30, "text", lambda r: r.name),
    Col("统一社会信用代码", "", 21, "text", lambda r: r.credit_code),
]
SUMMARY_HEAD = [
    Col("单位数（个）", "", 9, "int", lambda t: t.institutions),
    Col("其中全年填报（个）", "", 10, "int", lambda t: t.complete),
    Col("建筑面积（m²）", "", 14, "qty", lambda t: t.area),
    Col("用能人数（人）", "", 11, "int", lambda t: t.headcount),
    Col("编制人数（人）", "", 11, "int", lambda t: t.authorized),
]
SHEETS = {
    "info": ("基本信息", "公共机构基本信息"),
    "consumption": ("消费状况", "公共机构能源资源消费状况"),
    "department": ("部门汇总", "公共机构能源资源消费状况（部门汇总）"),
    "region": ("行政区域汇总", "公共机构能源资源消费状况（行政区域汇总）"),
    "type": ("分类汇总", "公共机构能源资源消费状况（分类汇总）"),
}
HEADER_ROWS = (4, 5)
FIRST_DATA_ROW = 6


def sheet_columns(kind: str) -> list[Col]:
    """The columns of a sheet (the data columns; 序号 comes first on the base tables)."""
    seq = [Col("序号", "", 6, "int", lambda r: r.seq)]
    if kind == "info":
        return [*seq, *INFO_COLS]
    if kind == "consumption":
        return [*seq, *CONSUMPTION_HEAD, *_type_cols(), *CONSUMPTION_TAIL,
                Col("填报月数", "", 8, "int", lambda r: r.months)]
    names = {"department": [Col("部门（主管单位）", "", 30, "text", lambda t: t.label),
                            Col("统一社会信用代码", "", 21, "text", lambda t: t.code)],
             "region": [Col("区划代码", "", 9, "text", lambda t: t.code),
                        Col("区划名称", "", 18, "text", lambda t: t.label)],
             "type": [Col("单位性质代码", "", 8, "text", lambda t: t.code),
                      Col("单位性质", "", 18, "text", lambda t: t.label)]}[kind]
    return [*names, *SUMMARY_HEAD, *_type_cols(), *CONSUMPTION_TAIL]


class _Writer:
    def __init__(self, target: str | IO[bytes], report: Report, generated_at: dt.datetime):
        self.report, self.generated_at = report, generated_at
        self.wb = xlsxwriter.Workbook(target, {"constant_memory": True,
                                               "nan_inf_to_errors": True})
        add = self.wb.add_format
        numbers = (("text", "@"), ("int", "#,##0"), ("qty", "#,##0.00"),
                   ("money", "#,##0.00"), ("ind", "0.00"))
        self.f = {
            "title": add({"bold": True, "font_size": 16, "align": "center",
                          "valign": "vcenter"}),
            "left": add({"align": "left"}), "right": add({"align": "right"}),
            "header": add({"border": 1, "valign": "vcenter", "bold": True, "align": "center",
                           "text_wrap": True, "bg_color": "#DDEBF7"}),
            # Data cells carry no border: a province has two million of them, and a cell
            # that is not written at all (a type not consumed) costs nothing.
            **{k: add({"num_format": fmt}) for k, fmt in numbers},
        }
        self.bold = {k: add({"bold": True, "top": 1, "num_format": fmt})
                     for k, fmt in numbers}

    def table(self, kind: str, rows: Iterable[Any], total: Any, *, freeze_cols: int) -> None:
        name, title = SHEETS[kind]
        cols = sheet_columns(kind)
        ws = self.wb.add_worksheet(name)
        last = len(cols) - 1
        for c, col in enumerate(cols):
            ws.set_column(c, c, col.width)
        ws.set_row(0, 30)
        ws.merge_range(0, 0, 0, last, f"{title}（{self.report.year}年度）", self.f["title"])
        ws.merge_range(1, 0, 1, last,
                       f"表　　号：{FORM_NUMBER}　制定机关：{FORM_AUTHORITY}　"
                       f"批准文号：{FORM_APPROVAL}", self.f["right"])
        half = max(1, last // 2)
        ws.merge_range(2, 0, 2, half, f"填报单位：{self.report.scope_label}", self.f["left"])
        ws.merge_range(2, half + 1, 2, max(last, half + 1),
                       f"报告期：{self.report.year}年", self.f["right"])
        ws.merge_range(3, 0, 3, half, f"折标系数：{self.report.coefficient_label}",
                       self.f["left"])
        ws.merge_range(3, half + 1, 3, max(last, half + 1),
                       "实物量单位见各列；金额单位：元；生成时间："
                       + self.generated_at.strftime("%Y-%m-%d %H:%M"), self.f["right"])
        self._header(ws, cols)
        plain = [(col.value, self.f[col.fmt], col.fmt != "text", col.blank_zero)
                 for col in cols]
        strong = [(col.value, self.bold[col.fmt], col.fmt != "text", col.blank_zero)
                  for col in cols]
        write_number, write_string = ws.write_number, ws.write_string
        r = FIRST_DATA_ROW - 1
        for r, row in enumerate(rows, start=FIRST_DATA_ROW):
            # The hot loop of a province's workbook: no per-cell dispatch beyond this.
            for c, (get, style, numeric, blank_zero) in enumerate(
                    strong if getattr(row, "level", 0) else plain):
                value = get(row)
                if value is None or value == "" or (blank_zero and not value):
                    continue
                if numeric:
                    write_number(r, c, float(value), style)  # type: ignore[arg-type]
                else:
                    write_string(r, c, guard_text(str(value)), style)
        r += 1
        for c, col in enumerate(cols):
            value = "合计" if c == 0 else None if col.fmt == "text" else col.value(total)
            self._cell(ws, r, c, value, col.fmt, True)
        ws.freeze_panes(FIRST_DATA_ROW, freeze_cols)

    def _header(self, ws: Any, cols: Sequence[Col]) -> None:
        """Two header rows written in row order (constant-memory mode drops a write to a
        flushed row, so merge_range() cannot merge a cell down over the next row once that
        row has been started: the merges are recorded after the cells are written)."""
        top, sub = HEADER_ROWS
        merges: list[tuple[int, int, int, int]] = []
        c = 0
        while c < len(cols):
            end = c
            while end + 1 < len(cols) and cols[end + 1].group == cols[c].group and cols[c].label:
                end += 1
            ws.write_string(top, c, cols[c].group, self.f["header"])
            for k in range(c + 1, end + 1):
                ws.write_blank(top, k, None, self.f["header"])
            merges.append((top, c, top, end) if cols[c].label else (top, c, sub, c))
            c = end + 1
        for c, col in enumerate(cols):
            if col.label:
                ws.write_string(sub, c, col.label, self.f["header"])
            else:
                ws.write_blank(sub, c, None, self.f["header"])
        for m in merges:
            if m[0] != m[2] or m[1] != m[3]:
                ws.merge.append(list(m))

    def _cell(self, ws: Any, r: int, c: int, value: object, fmt: str, bold: bool) -> None:
        style = (self.bold if bold else self.f)[fmt]
        if value is None or value == "":
            ws.write_blank(r, c, None, style)
        elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            ws.write_number(r, c, float(value), style)
        else:
            write_text(ws, r, c, str(value), style)

    def readme(self) -> None:
        ws = self.wb.add_worksheet("填报说明")
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 100)
        lines = [
            ("依据", "《公共机构节能条例》第十五条：每年3月31日前报送上一年度能源消费状况报告；"
                     "表式依据《公共机构能源资源消费统计调查制度》（2025年11月修订，"
                     "表号、批准文号待核对）。"),
            ("报告期", f"{self.report.year}年1月至12月；报送截止日期 "
                       f"{deadline(self.report.year):%Y年%m月%d日}。"),
            ("范围", f"{self.report.scope_label}：本年度有消费读数或基本信息的公共机构。"),
            ("折标系数", self.report.coefficient_label
             + "；有实测低位发热量的读数按实测值折算。"),
            ("指标", "人均综合能耗 = 综合能耗 ÷ 用能人数；单位建筑面积能耗 = 综合能耗 ÷ 建筑面积；"
                     "人均用水量 = 用水量 ÷ 用能人数。汇总表的指标只计有基本信息的单位。"),
            ("部门", "所属部门为单位上级单位链的最顶层单位；无上级单位的，以本单位为部门。"),
            ("行政区域", "县级及以下单位计入所在县（市、区）；市级单位计入“市本级”，"
                         "省级单位计入“省本级”；各市先列小计，再列所辖区域。"),
        ]
        ws.write_string(0, 0, "填报说明", self.f["title"])
        for r, (key, text) in enumerate(lines, start=2):
            ws.write_string(r, 0, key, self.bold["text"])
            ws.write_string(r, 1, text, self.f["text"])

    def close(self) -> None:
        self.wb.close()


def write_workbook(target: str | IO[bytes], report: Report,
                   generated_at: dt.datetime | None = None) -> None:
    """The workbook of `report`: the two base tables, the three summaries, the notes."""
    w = _Writer(target, report, generated_at or dt.datetime.now())
    try:
        w.table("info", report.institutions, report.total, freeze_cols=3)
        w.table("consumption", report.institutions, report.total, freeze_cols=3)
        w.table("department", report.by_department, report.total, freeze_cols=2)
        w.table("region", report.by_region, report.total, freeze_cols=2)
        w.table("type", report.by_type, report.total, freeze_cols=2)
        w.readme()
    finally:
        w.close()


def filename(report: Report) -> str:
    return f"{report.year}年度公共机构能源资源消费统计报表-{report.scope_label[:40]}.xlsx"
