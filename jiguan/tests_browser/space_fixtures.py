"""Fixtures and workbook helpers of the office-space browser tests (test_space_*.py).

A test module uses a fixture by importing its ``*_fixture`` function (pytest finds it in the
module's namespace under the fixture's name), e.g.
``from jiguan.tests_browser.space_fixtures import xihu_reporter_fixture``.

Everything here builds on ``browser_cast`` (transactional, the region tree reloaded): the
Xihu bureau (``xihu``, bureau staff at 330106), the Xihu agency and its 正科级 张三, whose
office standard is 18 m² (county level).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.conftest import Cast, _grant, _user
from jiguan.space.compliance import actions as compliance_actions
from jiguan.space.compliance.models import Finding, FindingKind
from jiguan.space.register import actions
from jiguan.space.register.models import Room

XIHU = "330106"
#: The office of the over-standard story: 30 m² for one 正科级 (18 m²) -> 12 m² over.
OVER_AREA = 30
LIMIT = 18
EXCESS = OVER_AREA - LIMIT
TIMEOUT_MS = 10_000  # as conftest.py's page fixture


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
               sheet: str = "Sheet1", title: str | None = None) -> Path:
    """A workbook with (optionally) a title row, the headers, then the rows as given."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    r = 0
    if title is not None:
        ws.write_string(0, 0, title)
        r = 1
    for c, header in enumerate(headers):
        ws.write_string(r, c, header)
    for i, row in enumerate(rows, start=r + 1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_string(i, c, str(value))
            elif isinstance(value, int | float | Decimal):
                ws.write_number(i, c, float(value))
            else:
                ws.write_string(i, c, str(value))
    wb.close()
    return path


def read_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook, by name, as lists of cell values."""
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.fixture(name="other_page")
def other_page_fixture(browser: Any, live_server: Any) -> Iterator[Any]:
    """A second browser context (its own cookies) on the same session browser: the agency
    and the bureau side by side."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture(name="xihu_reporter")
def xihu_reporter_fixture(browser_cast: Cast) -> Any:
    """A reporter (单位填报员) of the Xihu agency."""
    user = _user("xihu_reporter")
    _grant(user, Role.AGENCY_REPORTER, agency=browser_cast.xihu_agency)
    return user


@pytest.fixture(name="over_standard_office")
def over_standard_office_fixture(browser_cast: Cast) -> dict[str, Any]:
    """The register of one Xihu building, written through the register's actions: office
    301 (30 m²) allocated to the Xihu agency with 张三 seated, a compliant 18 m² office 302
    and a meeting room. Then compliance_actions.sync, so the over-standard finding exists."""
    bureau = browser_cast.xihu
    building = actions.building_create(data={
        "code": "FC-330106-9001", "name": "西湖区行政中心9号楼",
        "region": Region.objects.get(code=XIHU), "building_area": Decimal(3000),
        "floors_above": 5, "owner": "杭州市西湖区机关事务管理局"}, actor=bureau)
    start = dt.date(2024, 1, 1)
    rooms: dict[str, Room] = {}
    for number, area, use_class, subtype in (("301", OVER_AREA, "office", ""),
                                             ("302", LIMIT, "office", ""),
                                             ("303", 60, "service", "会议室")):
        rooms[number] = actions.room_create(building=building, floor_number=3, data={
            "number": number, "use_class": use_class, "subtype": subtype,
            "usable_area": Decimal(area)}, actor=bureau)
        actions.occupancy_start(room=rooms[number], agency=browser_cast.xihu_agency,
                                start_date=start, actor=bureau)
    actions.occupant_start(room=rooms["301"], person=browser_cast.xihu_person,
                           start_date=start, actor=bureau)
    compliance_actions.sync(region_path=Region.objects.get(code=XIHU).path, actor=bureau)
    finding = Finding.objects.get(kind=FindingKind.OVER_STANDARD, room=rooms["301"])
    return {"building": building, "rooms": rooms, "finding": finding}
