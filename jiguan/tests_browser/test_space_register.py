"""The office-space register as the Xihu bureau builds it: buildings and rooms from Excel
(a file with a bad row first), then every over-standard office on one page, down to the room
and its floor schematic."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus
from jiguan.space.register.models import Building, Room
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import EXCESS, OVER_AREA, XIHU, write_xlsx

pytestmark = pytest.mark.browser

BUILDING_HEADERS = ("房产编号", "名称", "地址", "行政区划代码", "权利人", "登记状态",
                    "建筑面积（㎡）", "地上层数", "地下层数", "建成年份", "用途")
ROOM_HEADERS = ("房产编号", "楼层", "房间号", "用途分类", "具体用途", "使用面积（㎡）",
                "使用单位信用代码", "使用起始日期", "使用人")
BUILDINGS = 4
FLOORS = 5
ROOMS_PER_FLOOR = 10  # 4 buildings x 5 floors x 10 rooms = 200 rooms
SERVICE = ("会议室", "档案室", "文印室", "接待室", "储藏室")
OVER_BUILDING, OVER_ROOM = "FC-330106-0001", "301"
BAD_ROW = 57  # the sheet row (headers in row 1) given an unreadable area in the bad file


def _building_rows() -> list[list[Any]]:
    return [[f"FC-330106-{n:04d}", f"西湖区行政中心{n}号楼", f"杭州市西湖区文三路{n}号", XIHU,
             "杭州市西湖区机关事务管理局", "已登记", 6000, FLOORS, 1, 2008 + n, "办公"]
            for n in range(1, BUILDINGS + 1)]


def _room_rows(agency_code: str) -> list[list[Any]]:
    """200 rooms; building 1, floor 3 is the Xihu agency's, 张三 sits in 301 (30 m²)."""
    rows: list[list[Any]] = []
    for b in range(1, BUILDINGS + 1):
        code = f"FC-330106-{b:04d}"
        for floor in range(1, FLOORS + 1):
            for i in range(1, ROOMS_PER_FLOOR + 1):
                number = f"{floor}{i:02d}"
                if i <= 6:
                    row = [code, floor, number, "办公室", "", 18 if i > 1 else 24]
                else:
                    row = [code, floor, number, "服务用房", SERVICE[i % len(SERVICE)], 40]
                if b == 1 and floor == 3:
                    row += [agency_code, "2024-01-01"]
                    if number == OVER_ROOM:
                        row[5] = OVER_AREA
                        row.append("张三")
                rows.append(row)
    return rows


def _upload(page: Any, path: Path) -> None:
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()


def _confirm(page: Any, created: int) -> None:
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    expect(page.get_by_test_id("import-created")).to_have_text(str(created))


def test_a_bureau_loads_the_register_from_excel_and_finds_over_standard_offices(
        page: Any, live_server: Any, browser_cast: Cast, tmp_path: Path) -> None:
    agency_code = browser_cast.xihu_agency.credit_code
    buildings = write_xlsx(tmp_path / "房产登记.xlsx", BUILDING_HEADERS, _building_rows())
    good_rows = _room_rows(agency_code)
    assert len(good_rows) == 200
    rooms = write_xlsx(tmp_path / "房间台账.xlsx", ROOM_HEADERS, good_rows)
    bad_rows = [list(r) for r in good_rows]
    bad_rows[BAD_ROW - 2][5] = "三十平方"
    bad_rooms = write_xlsx(tmp_path / "房间台账-有误.xlsx", ROOM_HEADERS, bad_rows)
    login(page, "xihu")

    # 1. The buildings.
    page.goto("/imports/space.building/")
    _upload(page, buildings)
    _confirm(page, BUILDINGS)
    assert Building.objects.filter(region__code=XIHU).count() == BUILDINGS

    # 2. The rooms, first with one bad row: listed by its sheet row, nothing imported.
    page.goto("/imports/space.room/")
    _upload(page, bad_rooms)
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    flagged = errors.get_by_test_id("import-error-row").evaluate_all(
        "els => els.map(e => e.dataset.row)")
    assert flagged == [str(BAD_ROW)]
    row = errors.locator(f"tr[data-row='{BAD_ROW}']")
    expect(row).to_contain_text(f"第 {BAD_ROW} 行")
    expect(row).to_contain_text("使用面积")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    assert Room.objects.count() == 0

    # 3. The good file: checked, confirmed, 200 rooms.
    page.get_by_role("link", name="重新上传").click()
    _upload(page, rooms)
    expect(page.get_by_test_id("import-preview")).to_be_visible()
    assert Room.objects.count() == 0  # nothing is written before the confirmation
    _confirm(page, len(good_rows))
    assert Room.objects.count() == len(good_rows)

    # 4. The roll-up: recompute (findings are also refreshed after every change).
    page.goto("/space/compliance/")
    expect(page.get_by_role("heading", name="办公用房规范使用 · 西湖区")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("recompute").click()
    expect(page.locator(".alert-success")).to_contain_text("已重新计算")
    rollup = page.get_by_test_id("rollup-table")
    expect(rollup.get_by_test_id("rollup-row").filter(
        has_text=browser_cast.xihu_agency.name)).to_be_visible()
    # 合计: one 超标准使用 (the first kind column), 12 m² over standard (column 13).
    total = page.get_by_test_id("rollup-total").locator("td")
    expect(total.nth(1)).to_have_text("1")
    expect(total.nth(12)).to_have_text(re.compile(rf"^{EXCESS}(\.00)?$"))

    # 5. Every over-standard office on one page, with its excess.
    page.goto("/space/compliance/findings/")
    page.select_option("select[name=kind]", FindingKind.OVER_STANDARD)
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    table = page.get_by_test_id("finding-table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)
    over = rows.first
    expect(over).to_contain_text("超标准使用")
    expect(over).to_contain_text(browser_cast.xihu_agency.name)
    expect(over).to_contain_text(f"西湖区行政中心1号楼 {OVER_ROOM}")
    expect(over).to_contain_text(f"{EXCESS}.00")
    expect(over).to_contain_text(f"超出 {EXCESS} m²")
    expect(over.get_by_test_id("finding-status")).to_have_text("待整改")
    finding = Finding.objects.get(kind=FindingKind.OVER_STANDARD)
    assert finding.status == FindingStatus.OPEN and finding.measure == EXCESS

    # 6. Drill down: the finding, the room, its building and the floor schematic.
    with page.expect_navigation():
        over.get_by_role("link", name="超标准使用").click()
    expect(page.get_by_test_id("finding-detail")).to_contain_text(f"超出 {EXCESS} m²")
    with page.expect_navigation():
        page.locator("dl a[href^='/space/rooms/']").click()
    room = Room.objects.get(building__code=OVER_BUILDING, number=OVER_ROOM)
    assert page.url == f"{live_server.url}/space/rooms/{room.pk}/"
    expect(page.get_by_test_id("room-state")).to_have_text("超标")
    expect(page.get_by_test_id("office-check")).to_contain_text(f"超出 {EXCESS}.00 m²")
    expect(page.get_by_test_id("occupants")).to_contain_text("张三")
    with page.expect_navigation():
        page.locator("h1").get_by_role("link", name="西湖区行政中心1号楼").click()
    all_rooms = FLOORS * ROOMS_PER_FLOOR
    expect(page.get_by_role("heading", name=f"房间（{all_rooms} 间）")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("floors").get_by_role("link", name="3层", exact=True).click()
    svg = page.get_by_test_id("floor-svg")
    expect(svg).to_be_visible()
    cells = svg.locator("a.floor-room")
    expect(cells).to_have_count(ROOMS_PER_FLOOR)
    over_cell = svg.locator("a.floor-room[data-state='over']")
    expect(over_cell).to_have_count(1)
    expect(over_cell.locator("text").first).to_have_text(OVER_ROOM)
    expect(over_cell.locator("rect")).to_have_attribute("fill", "#f8d7da")
    # The schematic links back to the room.
    with page.expect_navigation():
        over_cell.locator("rect").click()
    assert page.url == f"{live_server.url}/space/rooms/{room.pk}/"
