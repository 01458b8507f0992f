"""Energy and water as a city bureau runs them: a year of readings for the city from Excel,
the indicators, the targets and the outliers, a drill from the province map down to an
institution, a late reporter chased through its to-do until it reports, and the yearly
statistical report downloaded and read back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from jiguan.access.roles import Role
from jiguan.conftest import Cast, _grant, _user
from jiguan.energy.models import AgencyYear, Reading
from jiguan.energy.readings import actions
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import write_xlsx
from jiguan.todo.models import Task

pytestmark = pytest.mark.browser

HEADERS = ("统一社会信用代码", "月份", "能源品种", "用量", "计量单位", "费用（元）")
YEAR = 2025
OUTLIER_MONTH = 7
# Xihu: 10,000 kWh a month and 50,000 in July (an outlier), nothing for December.
XIHU_KWH = Decimal(10 * 10000 + 50000)
XIHU_KGCE = XIHU_KWH * Decimal("0.1229")          # 18,435 kgce
XIHU_HEADCOUNT, XIHU_AREA = 100, Decimal("2000")


def _rows(cast: Cast) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for month in range(1, 13):
        text = f"{YEAR}-{month:02d}"
        rows.append([cast.hangzhou_agency.credit_code, text, "电", 20000, "kWh", 16000])
        rows.append([cast.hangzhou_agency.credit_code, text, "自来水", 500, "吨", 2000])
        if month == 12:
            continue
        kwh = 50000 if month == OUTLIER_MONTH else 10000
        rows.append([cast.xihu_agency.credit_code, text, "电", kwh, "kWh", kwh * 0.8])
        rows.append([cast.xihu_agency.credit_code, text, "自来水", 300, "m³", 1200])
    return rows


def _profiles(cast: Cast) -> None:
    for agency, headcount, area in ((cast.xihu_agency, XIHU_HEADCOUNT, XIHU_AREA),
                                    (cast.hangzhou_agency, 200, Decimal("5000"))):
        actions.profile_save(agency=agency, year=YEAR, actor=cast.province_admin,
                             data={"energy_headcount": headcount, "building_area": area})


def _click_on_map(page: Any, lng: float, lat: float) -> None:
    """Click the ECharts map where a place is (the map draws on a canvas)."""
    chart = page.get_by_test_id("map")
    expect(chart.locator("canvas")).to_have_count(1)
    x, y = chart.evaluate(
        "(el, p) => echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, p)",
        [lng, lat])
    box = chart.bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_city_bureau_runs_a_year_of_energy_statistics(
        page: Any, live_server: Any, browser_cast: Cast, tmp_path: Path) -> None:
    cast = browser_cast
    _profiles(cast)
    reporter = _user("xihu_reporter")
    _grant(reporter, Role.AGENCY_REPORTER, agency=cast.xihu_agency)
    rows = _rows(cast)
    workbook = write_xlsx(tmp_path / "2025年能源资源消费.xlsx", HEADERS, rows,
                          title="杭州市2025年公共机构能源资源消费")

    # 1. The city bureau imports the year: previewed, confirmed, summaries current.
    login(page, "hangzhou")
    page.goto("/imports/energy.reading/")
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(str(workbook))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    assert Reading.objects.count() == 0  # nothing before the confirmation
    with page.expect_navigation():
        page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    expect(page.get_by_test_id("import-created")).to_have_text(str(len(rows)))
    xihu_year = AgencyYear.objects.get(agency=cast.xihu_agency, year=YEAR)
    assert xihu_year.kgce == XIHU_KGCE and xihu_year.months_mask == 0b011111111111

    # 2. Targets and outliers for the city.
    page.goto(f"/energy/targets/progress/?year={YEAR}")
    expect(page.get_by_test_id("region-progress")).to_be_visible()
    page.goto(f"/energy/quality/?year={YEAR}")
    quality = page.get_by_test_id("quality-table")
    expect(quality).to_contain_text(cast.xihu_agency.name)
    expect(quality).to_contain_text(f"{YEAR}-{OUTLIER_MONTH:02d}")

    # 3. The late reporter: December is missing for Xihu; the bureau chases it.
    page.goto(f"/energy/completeness/?month={YEAR}-12")
    expect(page.get_by_test_id("completeness-total")).to_contain_text("1")
    expect(page.get_by_test_id("missing-table")).to_contain_text(cast.xihu_agency.name)
    with page.expect_navigation():
        page.get_by_test_id("chase-form").get_by_role("button").click()
    task = Task.objects.get(kind=f"energy.missing.{YEAR}-12", agency=cast.xihu_agency)
    assert not task.is_done and task.assignee_role == Role.AGENCY_REPORTER

    # 4. The Xihu reporter finds the to-do, reports December, and the to-do closes.
    page.context.clear_cookies()
    login(page, "xihu_reporter")
    page.goto("/todo/")
    with page.expect_navigation():
        page.get_by_role("link", name=task.title).click()
    page.get_by_test_id("row-electricity").locator("input").first.fill("9000")
    with page.expect_navigation():
        page.get_by_test_id("month-form").get_by_role("button", name="保存").click()
    task.refresh_from_db()
    assert task.is_done
    assert Reading.objects.get(agency=cast.xihu_agency, month=dt.date(YEAR, 12, 1),
                               energy_type="electricity").quantity == Decimal("9000")

    # 5. The province admin drills from the province map to the institution.
    page.context.clear_cookies()
    login(page, "province_admin")
    page.goto(f"/energy/?year={YEAR}")
    expect(page.get_by_test_id("kpis")).to_be_visible()
    _click_on_map(page, 120.15, 30.28)  # 杭州市
    assert "region=330100" in page.url
    table = page.get_by_test_id("rollup-table")
    with page.expect_navigation():
        table.get_by_role("link", name="西湖区").click()
    with page.expect_navigation():
        page.get_by_test_id("rollup-table").get_by_role(
            "link", name=cast.xihu_agency.name).click()
    kgce = XIHU_KGCE + Decimal(9000) * Decimal("0.1229")
    per_capita = (kgce / XIHU_HEADCOUNT).quantize(Decimal("0.01"))
    expect(page.get_by_test_id("per-capita")).to_contain_text(f"{per_capita}")

    # 6. The yearly statistical report, downloaded and read back.
    page.goto(f"/energy/yearly-report/?year={YEAR}")
    expect(page.get_by_test_id("yearly-completeness")).to_contain_text("2 / 2")
    with page.expect_download() as download:
        page.get_by_test_id("yearly-download").click()
    path = tmp_path / "report.xlsx"
    download.value.save_as(str(path))
    book = CalamineWorkbook.from_path(str(path))
    assert len(book.sheet_names) >= 4
    cells = [str(c) for name in book.sheet_names
             for row in book.get_sheet_by_name(name).to_python() for c in row]
    assert cast.xihu_agency.credit_code in cells
    assert any(cast.hangzhou_agency.name in c for c in cells)


def test_a_reporter_imports_its_own_statistical_form_in_the_wide_layout(
        page: Any, live_server: Any, browser_cast: Cast, tmp_path: Path) -> None:
    """From the readings page: the form as agencies keep it (a column per energy type, the
    unit in the header, a merged title), one bad cell named by row and header, fixed and
    imported; blank cells are not reported."""
    cast = browser_cast
    code = cast.xihu_agency.credit_code
    headers = ("统一社会信用代码", "单位名称", "月份", "电（万kWh）", "电费（元）", "自来水（吨）",
               "汽油（升）", "合计（吨标准煤）")
    bad = [[code, "", "2025-01", 1.2, 9600, 300, "", 2.1],
           [code, "", "2025-02", 1.1, 8800, -5, 40, 2.0]]
    login(page, "hangzhou")
    page.goto("/energy/readings/")
    expect(page.get_by_test_id("import-layouts")).to_contain_text("按品种分列")
    with page.expect_navigation():
        page.get_by_test_id("import-wide").click()
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(
        str(write_xlsx(tmp_path / "bad.xlsx", headers, bad, title="西湖区能源资源消费统计表")))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("自来水（吨）")
    expect(errors).to_contain_text("不能为负数")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)

    good = [bad[0], [code, "", "2025-02", 1.1, 8800, 280, 40, 2.0]]
    page.goto("/imports/energy.reading_wide/")
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(
        str(write_xlsx(tmp_path / "good.xlsx", headers, good, title="西湖区能源资源消费统计表")))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    expect(page.get_by_test_id("import-created")).to_have_text("5")  # January: no petrol
    found = {(f"{r.month:%m}", r.energy_type): r.quantity for r in Reading.objects.all()}
    assert found[("01", "electricity")] == Decimal("12000")
    assert found[("02", "gasoline")] > 0 and ("01", "gasoline") not in found
