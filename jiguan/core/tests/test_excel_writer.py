"""Exports and templates, read back with calamine."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from jiguan.core.excel import (
    Column,
    ExportColumn,
    build_template,
    cell_str,
    iter_records,
    read_rows,
    write_export,
)

COLUMNS = [
    Column("name", "单位名称", required=True, example="浙江省示例厅", help="填写全称"),
    Column("credit_code", "统一社会信用代码", required=True, example="11330000398259791K"),
    Column("region_code", "行政区划代码", required=True, example="330000"),
    Column("level", "单位层级", required=True, choices=("省级", "市级", "县级"), example="省级"),
    Column("authorized_headcount", "编制数", example=10),
    Column("founded", "成立日期", example=dt.date(2001, 5, 1)),
]


def _objects(n: int) -> Iterator[dict[str, object]]:
    for i in range(n):
        yield {
            "name": f"单位{i}",
            "amount": Decimal("12.50") + i,
            "day": dt.date(2024, 1, 1) + dt.timedelta(days=i),
            "formula": "=1+1",
            "none": None,
        }


EXPORT_COLUMNS = [
    ExportColumn("名称", lambda o: o["name"]),
    ExportColumn("金额（元）", lambda o: o["amount"]),
    ExportColumn("日期", lambda o: o["day"]),
    ExportColumn("公式文本", lambda o: o["formula"]),
    ExportColumn("空", lambda o: o["none"]),
]


def test_export_streams_1000_rows(tmp_path: Path) -> None:
    target = tmp_path / "export.xlsx"
    count = write_export(
        target,
        EXPORT_COLUMNS,
        _objects(1000),
        title="单位名录",
        filters_text="层级=省级",
        exported_at=dt.datetime(2025, 3, 4, 5, 6),
    )
    assert count == 1000
    rows = CalamineWorkbook.from_path(target).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "单位名录"
    assert rows[1][0] == "筛选条件：层级=省级　导出时间：2025-03-04 05:06"
    assert rows[2] == ["名称", "金额（元）", "日期", "公式文本", "空"]
    assert len(rows) == 1003
    # A text that would start a formula keeps a leading apostrophe (OWASP).
    assert rows[3][:4] == ["单位0", 12.5, dt.date(2024, 1, 1), "'=1+1"]
    assert rows[1002][0] == "单位999"
    assert rows[1002][1] == 1011.5


def test_export_to_file_object_without_filters() -> None:
    buffer = io.BytesIO()
    assert write_export(buffer, EXPORT_COLUMNS, iter(()), title="空导出") == 0
    rows = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0)
    assert str(rows.to_python()[1][0]).startswith("筛选条件：无")


def test_template_has_dropdown_comments_and_guide() -> None:
    data = build_template(COLUMNS, title="单位名录导入模板")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet1 = archive.read("xl/worksheets/sheet1.xml").decode()
        names = archive.namelist()
    assert "<dataValidation " in sheet1
    assert '"省级,市级,县级"' in sheet1
    assert 'sqref="D2:D10000"' in sheet1
    assert any(n.startswith("xl/comments") for n in names)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names == ["单位名录导入模板", "填写说明"]
    guide = workbook.get_sheet_by_name("填写说明").to_python()
    assert any(row[:2] == ["单位层级", "必填"] for row in guide)


def test_template_reimports_example_row() -> None:
    data = build_template(COLUMNS, title="单位名录导入模板", example={"name": "浙江省测试局"})
    table = iter_records(read_rows(data, "template.xlsx"), COLUMNS)
    assert table.header_row_number == 1
    assert len(table.records) == 1
    record = table.records[0]
    assert record.row_number == 2
    assert record.values["name"] == "浙江省测试局"
    assert cell_str(record.values["region_code"]) == "330000"
    assert record.values["founded"] in (dt.date(2001, 5, 1), dt.datetime(2001, 5, 1))


def test_long_choice_lists_use_hidden_sheet() -> None:
    many = tuple(f"选项{i:03d}" for i in range(100))
    data = build_template([Column("kind", "类别", choices=many)], title="a/b:c*?" * 10)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert len(workbook.sheet_names[0]) <= 31
    assert "下拉选项" in workbook.sheet_names
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "下拉选项" in archive.read("xl/worksheets/sheet1.xml").decode()


def test_reader_keeps_row_numbers_when_leading_rows_are_empty(tmp_path: Path) -> None:
    import xlsxwriter

    target = tmp_path / "offset.xlsx"
    workbook = xlsxwriter.Workbook(str(target))
    ws = workbook.add_worksheet()
    ws.write_row(4, 2, ["单位名称", "统一社会信用代码", "行政区划代码", "单位层级"])
    ws.write_row(5, 2, ["甲", "X", "330000", "省级"])
    workbook.close()
    table = iter_records(read_rows(target.read_bytes(), "offset.xlsx"), COLUMNS)
    assert table.header_row_number == 5
    assert table.records[0].row_number == 6
    assert table.positions["name"] == 2
