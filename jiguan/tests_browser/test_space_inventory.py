"""The yearly inventory (年度清查) with an agency: the bureau opens it, the agency fills in
the pre-filled workbook and uploads it, the bureau reviews the difference and confirms,
closes the campaign and downloads the yearly report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast
from jiguan.space.inventory.models import Campaign, CampaignAgency, SubmissionStatus
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import (  # noqa: F401 (fixtures)
    OVER_AREA,
    XIHU,
    other_page_fixture,
    over_standard_office_fixture,
    read_sheets,
    write_xlsx,
    xihu_reporter_fixture,
)

pytestmark = pytest.mark.browser

DECLARATION_SHEET = "清查填报"
CHANGED_ROOM, REGISTERED, DECLARED = "302", 18, 20.5


def _save(download: Any, tmp_path: Path) -> Path:
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def test_a_yearly_inventory_runs_with_agencies_and_exports_the_report(
        page: Any, other_page: Any, live_server: Any, browser_cast: Cast, xihu_reporter: Any,
        over_standard_office: dict[str, Any], tmp_path: Path) -> None:
    agency_name = browser_cast.xihu_agency.name
    year = dt.date.today().year
    deadline = dt.date.today() + dt.timedelta(days=20)

    # 1. The Xihu bureau opens the campaign: its agencies using rooms take part.
    bureau = page
    login(bureau, "xihu")
    bureau.goto("/space/inventory/")
    expect(bureau.get_by_test_id("campaign-table")).to_contain_text("暂无清查")
    form = bureau.get_by_test_id("campaign-form")
    form.locator("input[name=year]").fill(str(year))
    form.locator("select[name=region]").select_option(label="西湖区")
    form.locator("input[name=deadline]").fill(deadline.isoformat())
    form.locator("input[name=note]").fill("浏览器测试")
    with bureau.expect_navigation():
        form.get_by_role("button", name="发起清查").click()
    expect(bureau.locator(".alert-success")).to_contain_text("1 家单位参加")
    campaign = Campaign.objects.get()
    assert campaign.year == year and campaign.region.code == XIHU
    assert bureau.url == f"{live_server.url}/space/inventory/{campaign.pk}/"
    expect(bureau.get_by_test_id("campaign-status")).to_have_text("进行中")
    expect(bureau.get_by_test_id("board-total")).to_have_text(
        "合计10001")  # pending, submitted, returned, confirmed, total
    ca = CampaignAgency.objects.get(campaign=campaign)
    assert ca.agency == browser_cast.xihu_agency

    # 2. The agency's reporter gets the to-do and downloads the pre-filled workbook.
    agency = other_page
    login(agency, "xihu_reporter")
    agency.goto("/todo/")
    task = agency.get_by_test_id("inbox").locator("tbody tr").filter(
        has_text=f"{year}年度办公用房清查")
    expect(task).to_have_count(1)
    with agency.expect_navigation():
        task.get_by_role("link").click()
    assert agency.url == f"{live_server.url}/space/inventory/agencies/{ca.pk}/"
    expect(agency.get_by_test_id("status")).to_have_text("未提交")
    expect(agency.get_by_test_id("register").locator("tbody tr")).to_have_count(3)
    with agency.expect_download() as dl:
        agency.get_by_test_id("workbook").click()
    assert dl.value.suggested_filename.endswith(".xlsx")
    prefilled = _save(dl.value, tmp_path)
    rows = CalamineWorkbook.from_path(str(prefilled)).get_sheet_by_name(
        DECLARATION_SHEET).to_python()
    title, headers, data = rows[0], rows[1], [r for r in rows[2:] if any(r)]
    assert agency_name in str(title[0])
    assert headers[:6] == ["房产编号", "房产名称", "楼层", "房间号", "用途分类", "使用面积（m²）"]
    by_room: dict[str, list[Any]] = {str(r[3]): list(r) for r in data}
    assert set(by_room) == {"301", "302", "303"}
    assert float(by_room["301"][5]) == OVER_AREA and by_room["301"][6] == "张三"
    assert float(by_room[CHANGED_ROOM][5]) == REGISTERED

    # 3. It corrects one area (measured 20.5 m²) and uploads the workbook.
    by_room[CHANGED_ROOM][5] = DECLARED
    declared = write_xlsx(tmp_path / "填报表-已核对.xlsx", [str(h) for h in headers],
                          [by_room[k] for k in sorted(by_room)], sheet=DECLARATION_SHEET,
                          title=str(title[0]))
    upload = agency.get_by_test_id("upload-form")
    upload.locator("input[type=file]").set_input_files(str(declared))
    with agency.expect_navigation():
        upload.get_by_role("button", name="上传填报表").click()
    expect(agency.locator(".alert-success")).to_contain_text("共 3 个房间，与台账差异 1 处")
    expect(agency.get_by_test_id("status")).to_have_text("已提交")
    expect(agency.get_by_test_id("review")).to_have_count(0)  # the bureau reviews

    # 4. The bureau sees the difference on the board and the agency's page, and confirms.
    bureau.reload()
    expect(bureau.get_by_test_id("board-total")).to_have_text("合计01001")
    rows_table = bureau.get_by_test_id("agency-rows")
    expect(rows_table).to_contain_text("已提交")
    with bureau.expect_navigation():
        rows_table.get_by_role("link", name=agency_name).click()
    diff = bureau.get_by_test_id("differences").locator("tbody tr")
    expect(diff).to_have_count(1)
    area = bureau.get_by_test_id("differences").locator("tr[data-kind='area_changed']")
    expect(area).to_have_count(1)
    expect(area).to_contain_text(CHANGED_ROOM)
    expect(area).to_contain_text(f"{REGISTERED}.00 m²")
    expect(area).to_contain_text(f"{DECLARED:.2f} m²")
    with bureau.expect_navigation():
        bureau.get_by_test_id("review").get_by_role("button", name="确认申报").click()
    expect(bureau.locator(".alert-success")).to_contain_text(f"已确认{agency_name}的清查填报")
    expect(bureau.get_by_test_id("status")).to_have_text("已确认")
    ca.refresh_from_db()
    assert ca.status == SubmissionStatus.CONFIRMED

    # 5. The board shows it confirmed; the campaign closes without forcing.
    with bureau.expect_navigation():
        bureau.get_by_role("link", name="清查进度").click()
    expect(bureau.get_by_test_id("board-total")).to_have_text("合计00011")
    close = bureau.get_by_test_id("close-form")
    with bureau.expect_navigation():
        close.get_by_role("button", name="关闭清查并冻结快照").click()
    expect(bureau.locator(".alert-success")).to_contain_text("清查已关闭")
    expect(bureau.get_by_test_id("campaign-status")).to_contain_text("已关闭")
    expect(bureau.get_by_test_id("close-form")).to_have_count(0)

    # 6. The yearly report: three sheets, the frozen register.
    with bureau.expect_download() as dl:
        bureau.get_by_test_id("yearly-report").click()
    name = dl.value.suggested_filename
    assert name.startswith(f"{year}年度西湖区办公用房统计报表") and name.endswith(".xlsx")
    sheets = read_sheets(_save(dl.value, tmp_path))
    assert list(sheets) == ["汇总", "房间明细", "填报说明"]
    summary = sheets["汇总"]
    assert str(summary[0][0]) == f"{year}年度西湖区党政机关办公用房统计汇总表"
    header = [str(h) for h in summary[3]]
    body = {str(r[0]): dict(zip(header, r, strict=False)) for r in summary[4:] if r and r[0]}
    assert set(body) == {XIHU, "合计"}
    assert body["合计"]["房产数"] == 1 and body["合计"]["房间数"] == 3
    # The register is frozen as it stands (the declaration does not change it): 30+18+60.
    assert float(body["合计"]["使用面积合计（m²）"]) == OVER_AREA + REGISTERED + 60
    assert float(body["合计"]["办公室面积（m²）"]) == OVER_AREA + REGISTERED
    assert body["合计"]["办公室使用人数"] == 1
    detail = sheets["房间明细"]
    detail_header = [str(h) for h in detail[0]]
    assert detail_header[:6] == ["区划代码", "区划名称", "房产编号", "房产名称", "楼层", "房间号"]
    detail_rows = {str(r[5]): dict(zip(detail_header, r, strict=False))
                   for r in detail[1:] if r and r[0]}
    assert set(detail_rows) == {"301", "302", "303"}
    assert detail_rows["301"]["使用单位"] == agency_name
    assert detail_rows["301"]["使用人数"] == 1
    assert detail_rows["301"]["使用单位统一社会信用代码"] == browser_cast.xihu_agency.credit_code
    assert str(sheets["填报说明"][0][0]) == "填报说明"
