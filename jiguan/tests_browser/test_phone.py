"""A phone-width screen: the to-do inbox reads as cards and nothing scrolls sideways; the
error pages are Chinese in the site's shell; numbers carry separators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from playwright.sync_api import expect

from jiguan.access.roles import Role
from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login
from jiguan.todo.actions import task_create

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_inbox_is_a_list_of_cards_at_phone_width(page: Any, live_server: Any,
                                                      browser_cast: Cast) -> None:
    with transaction.atomic():
        task_create(kind="test.phone", title="核对本单位办公用房清查申报表",
                    detail="请在 12 月 31 日前核对并提交。",
                    assignee_role=Role.BUREAU_STAFF, region=browser_cast.xihu_agency.region,
                    due_date=dt.date.today() - dt.timedelta(days=1), actor=None)
    page.set_viewport_size(PHONE)
    login(page, "hangzhou")
    page.goto("/todo/")
    cards = page.get_by_test_id("inbox-card")
    expect(cards.first).to_be_visible()
    expect(cards.first).to_contain_text("核对本单位办公用房清查申报表")
    expect(cards.first).to_contain_text("已逾期")
    expect(page.get_by_test_id("inbox")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    cards.first.get_by_role("textbox", name="办理说明").fill("已核对")
    with page.expect_navigation():
        cards.first.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("inbox-card")).to_have_count(0)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/todo/?show=done")
    expect(page.get_by_test_id("inbox")).to_be_visible()
    expect(page.get_by_test_id("inbox-cards")).to_be_hidden()


def test_a_missing_page_is_chinese_with_a_way_home(page: Any, live_server: Any,
                                                   browser_cast: Cast) -> None:
    login(page, "hangzhou")
    response = page.goto("/orgs/agencies/99999999/")
    assert response is not None and response.status == 404
    expect(page.get_by_test_id("error-page")).to_contain_text("页面不存在")
    expect(page.get_by_test_id("scope-bar")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("error-home").click()
    assert page.url == f"{live_server.url}/"


def test_areas_are_shown_with_separators_and_units(page: Any, live_server: Any,
                                                  browser_cast: Cast) -> None:
    from decimal import Decimal

    from jiguan.access.models import Region
    from jiguan.space.register.models import Building

    Building.objects.create(code="B9001", name="省行政中心1号楼",
                            region=Region.objects.get(code="330106"),
                            building_area=Decimal("12345.6"), floors_above=12,
                            owner="杭州市西湖区机关事务管理局")
    login(page, "hangzhou")
    page.goto("/space/buildings/")
    row = page.get_by_role("row").filter(has_text="省行政中心1号楼")
    expect(row).to_contain_text("12,345.60")
    with page.expect_navigation():
        row.get_by_role("link", name="省行政中心1号楼").click()
    expect(page.locator("dd", has_text="12,345.60 m²")).to_be_visible()
