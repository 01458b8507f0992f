"""One way to show a number, on pages and in workbooks."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.template import Context, Template
from python_calamine import CalamineWorkbook

from jiguan.core.excel import ExportColumn, write_export
from jiguan.core.numbers import QUANTITIES, format_number, format_quantity, header


@pytest.mark.parametrize(("value", "kind", "shown"), [
    (Decimal("2081.25000000000"), "area", "2,081.25"),
    (1234567.891, "money", "1,234,567.89"),
    (123456789, "wan", "12,345.68"),
    (Decimal("1234567.5"), "tce", "1,234.57"),
    (12.345, "percent", "12.3"),
    (1234, "count", "1,234"),
    (Decimal("-0.001"), "area", "0.00"),
    (Decimal("-1500.5"), "money", "-1,500.50"),
    (None, "area", "—"),
    ("", "area", "—"),
    ("abc", "area", "—"),
    (float("nan"), "kgce", "—"),
    (True, "count", "—"),
])
def test_a_number_has_separators_and_the_decimals_of_its_quantity(
        value: object, kind: str, shown: str) -> None:
    assert format_number(value, kind) == shown


def test_a_quantity_carries_its_unit() -> None:
    assert format_quantity(Decimal("18.5"), "area") == "18.50 m²"
    assert format_quantity(3.25, "percent") == "3.3%"
    assert format_quantity(None, "area") == "—"
    assert format_quantity(12, "count") == "12"
    assert header("建筑面积", "area") == "建筑面积（m²）"
    assert header("综合能耗（kgce）", "kgce") == "综合能耗（kgce）"


def test_an_unknown_kind_is_an_error_not_a_silent_raw_number() -> None:
    with pytest.raises(KeyError):
        format_number(1, "acre")


def test_every_template_has_the_filters_without_loading_them() -> None:
    page = Template('{{ a|num:"area" }} {{ b|qty:"tce" }} {{ "费用"|with_unit:"wan" }}').render(
        Context({"a": Decimal("1234.5"), "b": 2_500_000}))
    assert page == "1,234.50 2,500.00 吨标准煤 费用（万元）"


def test_an_export_column_of_a_kind_gets_its_unit_and_number_format() -> None:
    out = BytesIO()
    columns = [ExportColumn("名称", lambda r: r[0]),
               ExportColumn("建筑面积", lambda r: r[1], kind="area"),
               ExportColumn("人数", lambda r: r[2], kind="count")]
    write_export(out, columns, [("甲", Decimal("1234.5"), 12)], title="测试")
    rows = CalamineWorkbook.from_filelike(BytesIO(out.getvalue())).get_sheet_by_index(0)
    data = rows.to_python()
    assert data[2] == ["名称", "建筑面积（m²）", "人数"]
    assert data[3][1] == 1234.5  # still a number, shown as 1,234.50
    import zipfile

    styles = zipfile.ZipFile(BytesIO(out.getvalue())).read("xl/styles.xml").decode()
    assert QUANTITIES["area"].excel == "#,##0.00"
    assert 'formatCode="#,##0.00"' in styles


def test_an_export_column_of_a_divided_kind_is_written_in_its_header_unit() -> None:
    """Money is stored in 元 and a 万元 column shows 万元: 1,234,500 元 is 123.45 万元
    (the writer once wrote 元 under the 万元 header)."""
    out = BytesIO()
    columns = [ExportColumn("预算", lambda r: r[0], kind="wan"),
               ExportColumn("能耗", lambda r: r[1], kind="tce"),
               ExportColumn("金额", lambda r: r[2], kind="money")]
    write_export(out, columns, [(Decimal("1234500"), 2500, Decimal("88.5")), (None, 1000, None)],
                 title="测试")
    data = CalamineWorkbook.from_filelike(BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
    assert data[2] == ["预算（万元）", "能耗（吨标准煤）", "金额（元）"]
    assert data[3] == [123.45, 2.5, 88.5]
    assert data[4] == ["", 1.0, ""]  # an empty cell stays empty
