"""The yearly statistical report workbook: numbers, layout and scope, read back with
python-calamine."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.energy.models import CoefficientSet
from jiguan.energy.readings import actions
from jiguan.energy.reports.excel import FIRST_DATA_ROW, sheet_columns, write_workbook
from jiguan.energy.reports.queries import Report, collect, deadline
from jiguan.energy.tests.factories import profile, save
from jiguan.orgs.models import Agency

SHEET_NAMES = ["基本信息", "消费状况", "部门汇总", "行政区域汇总", "分类汇总", "填报说明"]


@pytest.fixture
def data(cast: Cast) -> Cast:
    """Xihu: 12 months of 1,000 kWh (¥800 each) and 100 m³ of tap water, plus 50 m³ of gas
    in January; its hospital (a child agency, no profile): 500 kWh in March; Ningbo: 2,000
    kWh in January. Profiles: Xihu 100 people / 2,000 m², Ningbo 50 people / 1,000 m²."""
    hospital = Agency.objects.create(
        name="西湖区测试医院", region=Region.objects.get(code="330106"), level="county",
        type_code="024", parent=cast.xihu_agency,
        credit_code=make_credit_code("330106", 77, "12"))
    for m in range(1, 13):
        save(cast.xihu_agency, f"2025-{m:02d}", {"electricity": 1000, "water_tap": 100},
             cost=800)
    save(cast.xihu_agency, "2025-01", {"natural_gas": 50}, cost=200)
    save(hospital, "2025-03", {"electricity": 500})
    save(cast.ningbo_agency, "2025-01", {"electricity": 2000}, cost=1600)
    save(cast.ningbo_agency, "2024-01", {"electricity": 99999})  # another year: not counted
    profile(cast.xihu_agency, 2025, headcount=100, area="2000")
    profile(cast.ningbo_agency, 2025, headcount=50, area="1000")
    return cast


def _book(report: Report) -> CalamineWorkbook:
    buffer = io.BytesIO()
    write_workbook(buffer, report, generated_at=dt.datetime(2026, 1, 5, 9, 0))
    return CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))


def _rows(book: CalamineWorkbook, sheet: str) -> list[list[Any]]:
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _col(kind: str, group: str, label: str = "") -> int:
    return next(i for i, c in enumerate(sheet_columns(kind))
                if c.group == group and c.label == label)


def _by_name(rows: list[list[Any]], col: int = 1) -> dict[str, list[Any]]:
    return {r[col]: r for r in rows[FIRST_DATA_ROW:]}


def test_the_base_table_has_one_row_per_institution_with_its_readings(data: Cast) -> None:
    report = collect(user=data.province_admin, year=2025, scope_label="浙江省")
    rows = _by_name(_rows(_book(report), "消费状况"))
    xihu = rows["杭州市西湖区测试局"]
    assert xihu[_col("consumption", "电", "用量（kWh）")] == 12000
    assert xihu[_col("consumption", "电", "费用（元）")] == 9600
    assert xihu[_col("consumption", "天然气", "用量（m³）")] == 50
    assert xihu[_col("consumption", "综合能耗（kgce）")] == pytest.approx(1535.515)
    assert xihu[_col("consumption", "用水量合计（m³）")] == 1200
    assert xihu[_col("consumption", "人均综合能耗（kgce/人）")] == pytest.approx(15.36)
    assert xihu[_col("consumption", "单位建筑面积能耗（kgce/m²）")] == pytest.approx(0.77)
    assert xihu[_col("consumption", "人均用水量（m³/人）")] == pytest.approx(12.0)
    assert xihu[_col("consumption", "填报月数")] == 12
    ningbo = rows["宁波市海曙区测试局"]
    assert ningbo[_col("consumption", "电", "用量（kWh）")] == 2000  # 2024 left out
    hospital = rows["西湖区测试医院"]
    assert hospital[_col("consumption", "人均综合能耗（kgce/人）")] in ("", None)
    total = _rows(_book(report), "消费状况")[FIRST_DATA_ROW + 3]
    assert total[0] == "合计"
    assert total[_col("consumption", "电", "用量（kWh）")] == 14500


def test_the_info_table_shows_the_profile_and_marks_a_missing_one(data: Cast) -> None:
    rows = _by_name(_rows(_book(collect(user=data.province_admin, year=2025)), "基本信息"))
    xihu = rows["杭州市西湖区测试局"]
    assert xihu[_col("info", "建筑面积（m²）")] == 2000
    assert xihu[_col("info", "用能人数（人）")] == 100
    assert xihu[_col("info", "列入名录库")] == "是"
    assert xihu[_col("info", "统一社会信用代码")] == data.xihu_agency.credit_code
    assert rows["西湖区测试医院"][_col("info", "列入名录库")] == "未填报"
    assert rows["西湖区测试医院"][_col("info", "单位性质代码")] == "024"


def test_the_summaries_add_up_by_department_region_and_type(data: Cast) -> None:
    book = _book(collect(user=data.province_admin, year=2025))
    kwh = _col("department", "电", "用量（kWh）")
    departments = _by_name(_rows(book, "部门汇总"), col=0)
    assert departments["杭州市西湖区测试局"][kwh] == 12500  # the hospital counts in it
    assert departments["杭州市西湖区测试局"][_col("department", "单位数（个）")] == 2
    assert departments["宁波市海曙区测试局"][kwh] == 2000
    regions = _by_name(_rows(book, "行政区域汇总"))
    assert regions["杭州市（小计）"][_col("region", "电", "用量（kWh）")] == 12500
    assert regions["西湖区"][_col("region", "单位数（个）")] == 2
    assert regions["宁波市（小计）"][_col("region", "电", "用量（kWh）")] == 2000
    assert regions["海曙区"][0] == "330203"
    types = _by_name(_rows(book, "分类汇总"))
    assert types["国家机关"][_col("type", "单位数（个）")] == 2
    assert types["事业单位（小计）"][_col("type", "电", "用量（kWh）")] == 500
    assert types["事业单位（卫生）"][_col("type", "电", "用量（kWh）")] == 500
    assert types["社会团体"][_col("type", "单位数（个）")] == 0
    # Indicators of a summary only count institutions with a profile: (1535.515 + 245.8)
    # kgce over 150 people, not the hospital's 61.45 kgce with nobody to divide by.
    total = _rows(book, "分类汇总")[-1]
    assert total[0] == "合计"
    assert total[_col("type", "人均综合能耗（kgce/人）")] == pytest.approx(11.88)
    assert total[_col("type", "其中全年填报（个）")] == 1


def test_two_departments_with_the_same_name_stay_apart(cast: Cast) -> None:
    twin = Agency.objects.create(
        name=cast.xihu_agency.name, region=Region.objects.get(code="330102"), level="county",
        credit_code=make_credit_code("330102", 78))
    save(cast.xihu_agency, "2025-01", {"electricity": 100})
    save(twin, "2025-01", {"electricity": 200})
    departments = collect(user=cast.province_admin, year=2025).by_department
    assert sorted((t.code, t.quantity["electricity"]) for t in departments) == sorted(
        [(cast.xihu_agency.credit_code, 100), (twin.credit_code, 200)])


def test_another_coefficient_set_recomputes_the_kgce(data: Cast) -> None:
    primary = CoefficientSet.objects.get(code="SH-EQUIV-PRIMARY")
    report = collect(user=data.province_admin, year=2025, coefficient_set=primary)
    xihu = next(i for i in report.institutions if i.agency_id == data.xihu_agency.pk)
    assert xihu.kgce == Decimal("3430.075")  # 12,000 x 0.28078 + 50 x 1.2143
    assert "SH-EQUIV-PRIMARY" in report.coefficient_label


def test_a_measured_calorific_value_keeps_its_own_kgce_under_another_set(cast: Cast) -> None:
    item = actions.prepare_reading(agency=cast.xihu_agency, month="2025-02",
                                   energy_type="natural_gas", quantity="50", ncv="38931",
                                   today=dt.date(2026, 1, 5))
    actions.readings_save(items=[item], actor=None)
    save(cast.xihu_agency, "2025-03", {"natural_gas": 100})
    primary = CoefficientSet.objects.get(code="SH-EQUIV-PRIMARY")
    default = collect(user=cast.province_admin, year=2025).institutions[0]
    other = collect(user=cast.province_admin, year=2025,
                    coefficient_set=primary).institutions[0]
    measured = Decimal("50") * Decimal("38931") / Decimal("29307")
    assert default.kgce == other.kgce
    assert other.kgce == (measured + Decimal("100") * Decimal("1.2143")).quantize(
        Decimal("0.001"))


def test_the_layout_follows_the_official_forms(data: Cast) -> None:
    buffer = io.BytesIO()
    write_workbook(buffer, collect(user=data.xihu, year=2025, scope_label="西湖区"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    assert book.sheet_names == SHEET_NAMES
    sheet = book.get_sheet_by_name("消费状况")
    rows = sheet.to_python(skip_empty_area=False)
    assert rows[0][0] == "公共机构能源资源消费状况（2025年度）"
    assert "表　　号" in rows[1][0] and "待" in rows[1][0]
    assert rows[2][0] == "填报单位：西湖区"
    assert "报告期：2025年" in [c for c in rows[2] if c]
    assert rows[4][_col("consumption", "电", "用量（kWh）")] == "电"
    assert rows[5][_col("consumption", "电", "用量（kWh）")] == "用量（kWh）"
    assert rows[5][_col("consumption", "电", "费用（元）")] == "费用（元）"
    merged = {(m[0], m[1]) for m in sheet.merged_cell_ranges}
    last = len(sheet_columns("consumption")) - 1
    assert ((0, 0), (0, last)) in merged  # the title spans the table
    electricity = _col("consumption", "电", "用量（kWh）")
    assert ((4, electricity), (4, electricity + 1)) in merged  # 电 over 用量 and 费用
    assert ((4, 1), (5, 1)) in merged  # 单位名称 spans both header rows


def test_a_county_bureau_gets_only_its_county(data: Cast) -> None:
    names = {i.name for i in collect(user=data.xihu, year=2025).institutions}
    assert names == {"杭州市西湖区测试局", "西湖区测试医院"}


def test_a_reporter_gets_only_its_institution(data: Cast) -> None:
    report = collect(user=data.ningbo_reporter, year=2025)
    assert [i.name for i in report.institutions] == ["宁波市海曙区测试局"]
    xihu = Region.objects.get(code="330106")
    assert collect(user=data.ningbo_reporter, year=2025, region=xihu).institutions == []


def test_completeness_counts_register_institutions_with_twelve_months(data: Cast) -> None:
    report = collect(user=data.province_admin, year=2025)
    assert (report.complete, report.expected) == (1, 2)


def test_the_report_is_due_on_31_march_of_the_next_year() -> None:
    assert deadline(2025) == dt.date(2026, 3, 31)
