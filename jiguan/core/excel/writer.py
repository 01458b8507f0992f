"""Writing exports and import templates with XlsxWriter."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from os import PathLike
from typing import IO, Any

import xlsxwriter

from jiguan.core.numbers import QUANTITIES
from jiguan.core.numbers import header as unit_header

from .cells import FORMULA_GUARD, FORMULA_TRIGGERS
from .columns import Column, ExportColumn

MAX_TEMPLATE_ROWS = 10000
PROGRESS_ROWS = 5000
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
EXAMPLE_NOTE = "示例行，导入前请删除"
GUIDE_SHEET = "填写说明"
CHOICES_SHEET = "下拉选项"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_LIST_SOURCE = 255  # Excel's limit for an inline list validation source


def sheet_title(title: str) -> str:
    """A valid worksheet name: forbidden characters removed, at most 31 characters."""
    name = _SHEET_NAME_FORBIDDEN.sub("", title).strip("'").strip()
    return (name or "Sheet1")[:31]


def guard_text(text: str) -> str:
    """A text cell as every export writes it: one that starts with = + - @, a tab or a
    carriage return gets a leading apostrophe (the OWASP advice against CSV/formula
    injection), so no spreadsheet program reads it as a formula, even after a copy into a
    CSV file. Numbers are written as numbers and never pass here. The importers' cell_str
    takes the apostrophe off again (core.excel.cells.unguard_text)."""
    return FORMULA_GUARD + text if text.startswith(FORMULA_TRIGGERS) else text


def write_text(ws: Any, row: int, col: int, text: str, cell_format: Any = None) -> None:
    """``write_string`` (never ``write``, which turns "=..." into a formula) of a guarded
    text: the one way any workbook the platform produces writes a text cell of data."""
    ws.write_string(row, col, guard_text(text), cell_format)


def _plain(value: object) -> object:
    """Turn values XlsxWriter does not know into strings; make aware datetimes naive."""
    if value is None or isinstance(value, int | float | str | Decimal | dt.date | dt.time):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            # Local time of the process; Django sets TZ from settings.TIME_ZONE.
            return value.astimezone().replace(tzinfo=None)
        return value
    return str(value)


def _write_cell(ws: Any, row: int, col: int, value: object, formats: dict[str, Any],
                number_format: Any = None) -> None:
    value = _plain(value)
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", formats.get("text"))
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, number_format or formats.get("number"))
    elif isinstance(value, Decimal):
        ws.write_number(row, col, float(value), number_format or formats.get("number"))
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, dt.time):
        ws.write_string(row, col, value.isoformat(), formats.get("text"))
    else:
        write_text(ws, row, col, str(value), formats.get("text"))


def _divided(value: object, divisor: int) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return Decimal(str(value)) / divisor


def write_export(
    path_or_file: str | PathLike[str] | IO[bytes],
    columns: Sequence[ExportColumn],
    rows: Iterable[Any],
    *,
    title: str,
    filters_text: str = "",
    exported_at: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream ``rows`` into an .xlsx file and return the number of data rows written
    (``progress`` is told the rows written so far every :data:`PROGRESS_ROWS` rows).

    Row 1 holds the title, row 2 the filters and export time, row 3 the headers (frozen),
    data starts in row 4. ``constant_memory`` keeps memory flat: rows are written in order
    and never collected into a list.
    """
    workbook = xlsxwriter.Workbook(
        path_or_file,
        {"constant_memory": True, "nan_inf_to_errors": True, "default_date_format": DATE_FORMAT},
    )
    try:
        ws = workbook.add_worksheet(sheet_title(title))
        bold_title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        )
        formats: dict[str, Any] = {
            "date": workbook.add_format({"num_format": DATE_FORMAT}),
            "datetime": workbook.add_format({"num_format": DATETIME_FORMAT}),
        }
        for col, column in enumerate(columns):
            ws.set_column(col, col, column.width)
        ws.freeze_panes(3, 0)

        write_text(ws, 0, 0, title, bold_title)
        when = (exported_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
        ws.write_string(1, 0, f"筛选条件：{filters_text.strip() or '无'}　导出时间：{when}")
        by_kind = {kind: workbook.add_format({"num_format": QUANTITIES[kind].excel})
                   for kind in {c.kind for c in columns if c.kind}}
        number_formats = [by_kind.get(c.kind) for c in columns]
        # A stored value is written in its header's unit (元 → 万元, kgce → 吨标准煤).
        divisors = [QUANTITIES[c.kind].divisor if c.kind else 1 for c in columns]
        for col, column in enumerate(columns):
            # Labels may carry data (a roll-up's column per agency).
            label = unit_header(column.label, column.kind) if column.kind else column.label
            write_text(ws, 2, col, label, header)

        count = 0
        for count, obj in enumerate(rows, start=1):
            for col, column in enumerate(columns):
                value = column.accessor(obj)
                if divisors[col] != 1:
                    value = _divided(value, divisors[col])
                _write_cell(ws, count + 2, col, value, formats, number_formats[col])
            if progress is not None and count % PROGRESS_ROWS == 0:
                progress(count)
    finally:
        workbook.close()
    return count


def _choices_source(workbook: Any, state: dict[str, Any], choices: Sequence[str]) -> object:
    """An inline list when short enough, otherwise a range on a hidden sheet."""
    if len(",".join(choices)) <= _MAX_LIST_SOURCE:
        return list(choices)
    if "sheet" not in state:
        state["sheet"] = workbook.add_worksheet(CHOICES_SHEET)
        state["sheet"].hide()
        state["col"] = 0
    sheet, col = state["sheet"], state["col"]
    for row, choice in enumerate(choices):
        sheet.write_string(row, col, choice)
    state["col"] = col + 1
    letter = xlsxwriter.utility.xl_col_to_name(col)
    return f"='{CHOICES_SHEET}'!${letter}$1:${letter}${len(choices)}"


def _header_comment(column: Column) -> str:
    parts = ["必填" if column.required else "选填"]
    if column.choices:
        parts.append("可选值：" + "、".join(column.choices))
    if column.help:
        parts.append(column.help)
    return "\n".join(parts)


def build_template(
    columns: Sequence[Column], *, title: str, example: dict[str, object] | None = None
) -> bytes:
    """An import template: headers in row 1, one example row in row 2, and a guide sheet.

    Headers are the plain labels (so re-importing matches); required ones are red and every
    header carries a comment. The example row is ordinary data to the importer: if the user
    leaves it in, it is imported like any other row, which the guide sheet warns about.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = workbook.add_worksheet(sheet_title(title))
    guide = workbook.add_worksheet(GUIDE_SHEET)
    base = {"bold": True, "bg_color": "#DDEBF7", "border": 1}
    header_fmt = workbook.add_format(base)
    required_fmt = workbook.add_format({**base, "font_color": "#C00000"})
    text_col = workbook.add_format({"num_format": "@"})
    example_text = workbook.add_format({"italic": True, "font_color": "#808080", "num_format": "@"})
    example_num = workbook.add_format({"italic": True, "font_color": "#808080"})
    example_date = workbook.add_format(
        {"italic": True, "font_color": "#808080", "num_format": DATE_FORMAT}
    )
    values = example or {}
    state: dict[str, Any] = {}
    for col, column in enumerate(columns):
        sample = values.get(column.field, column.example)
        is_text = isinstance(sample, str) or sample is None
        ws.set_column(col, col, column.width, text_col if is_text else None)
        ws.write_string(0, col, column.label, required_fmt if column.required else header_fmt)
        ws.write_comment(0, col, _header_comment(column), {"x_scale": 1.5, "y_scale": 1.5})
        formats = {"text": example_text, "number": example_num}
        formats |= {"date": example_date, "datetime": example_date}
        _write_cell(ws, 1, col, sample, formats)
        if column.choices:
            ws.data_validation(
                1,
                col,
                MAX_TEMPLATE_ROWS - 1,
                col,
                {
                    "validate": "list",
                    "source": _choices_source(workbook, state, column.choices),
                    "error_title": "输入值无效",
                    "error_message": "请从下拉列表中选择：" + "、".join(column.choices)[:200],
                },
            )
    if columns:
        ws.write_comment(1, 0, EXAMPLE_NOTE, {"visible": False})
    ws.freeze_panes(1, 0)
    _write_guide(workbook, guide, columns)
    ws.activate()
    workbook.close()
    return buffer.getvalue()


def _write_guide(workbook: Any, guide: Any, columns: Sequence[Column]) -> None:
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    notes = (
        "1. 请在第一个工作表中填写数据，第一行为表头，请勿修改或删除表头。",
        "2. 第二行为示例行，导入前请删除；如未删除，它会被当作一条数据导入。",
        "3. 红色表头为必填列；有下拉选项的列请从下拉列表中选择。",
        "4. 代码类内容（如统一社会信用代码、行政区划代码）请按文本填写，不要带空格。",
    )
    guide.write_string(0, 0, GUIDE_SHEET, workbook.add_format({"bold": True, "font_size": 14}))
    for row, note in enumerate(notes, start=1):
        guide.write_string(row, 0, note)
    start = len(notes) + 2
    for col, label in enumerate(("列名", "是否必填", "可选值", "说明")):
        guide.write_string(start, col, label, bold)
    for row, column in enumerate(columns, start=start + 1):
        guide.write_string(row, 0, column.label, wrap)
        guide.write_string(row, 1, "必填" if column.required else "选填", wrap)
        guide.write_string(row, 2, "、".join(column.choices) or "—", wrap)
        guide.write_string(row, 3, column.help or "—", wrap)
    guide.set_column(0, 0, 24)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 3, 40)
