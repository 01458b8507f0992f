"""全省一屏: the province admin opens the one screen, picks a figure for the map and drills
from a city's tile into the module's page filtered to that city."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.assessment.tests import fixtures as fx
from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser
LONG = 30_000


def test_the_province_on_one_screen_drills_from_a_tile(page: Any, browser_cast: Cast) -> None:
    fx.finding("330106", measure="12.5")
    fx.finding("330106", measure="7.5")
    fx.finding("330200", measure="3")
    login(page, "province_admin")
    page.goto("/overview/", timeout=LONG)
    expect(page.get_by_test_id("overview-title")).to_contain_text("浙江省")
    expect(page.get_by_test_id("figure-space.over_standard_area")).to_contain_text("23.00 m²")

    page.get_by_label("地图指标").select_option("space.over_standard_area")
    with page.expect_navigation(timeout=LONG):
        page.get_by_role("button", name="查看").click()
    hangzhou = page.get_by_test_id("tile-330100")
    expect(hangzhou).to_contain_text("20.00")
    expect(page.get_by_test_id("tile-330300")).to_contain_text("无数据")
    expect(page.get_by_test_id("row-330200")).to_contain_text("3.00")

    with page.expect_navigation(timeout=LONG):
        hangzhou.click()
    expect(page).to_have_url(re.compile(r"/space/compliance/findings/\?region=330100"))
    expect(page.locator("main")).to_contain_text("杭州市")
    expect(page.locator("main")).to_contain_text("12.50")
