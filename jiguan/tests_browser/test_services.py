"""Logistics services end to end, as far as built: the province publishes the year's
catalogue, a county narrows it (removing items, never adding) and publishes its own, and the
county registers a supplier (a 公益一类 institution is refused)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.services.catalogue.models import Catalogue, CatalogueStatus, Supplier
from jiguan.services.tests.fixtures import YEAR, seed
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _click(page: Any, test_id: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(test_id).click()


def test_province_publishes_county_narrows_and_registers_a_supplier(
        page: Any, browser_cast: Cast) -> None:
    seed()  # an earlier live-server test's flush emptied the migration's data
    _as(page, "province_admin")
    page.goto("/services/catalogues/new/")
    page.select_option("select[name=region]", str(Region.objects.get(code="330000").pk))
    page.fill("input[name=year]", str(YEAR))
    page.fill("input[name=title]", f"浙江省{YEAR}年度政府购买后勤服务指导性目录")
    _click(page, "submit")
    expect(page.get_by_test_id("catalogue-status")).to_have_text("草稿")
    page.get_by_test_id("publish-form").locator("input[name=doc_no]").fill("浙机管〔2026〕1号")
    _click(page, "publish-submit")
    expect(page.get_by_test_id("catalogue-status")).to_have_text("已发布")
    expect(page.get_by_test_id("catalogue-items")).to_contain_text("办公区域保洁")

    _as(page, "xihu")
    page.goto("/services/catalogues/new/")
    page.select_option("select[name=region]", str(Region.objects.get(code="330106").pk))
    page.fill("input[name=year]", str(YEAR))
    page.fill("input[name=title]", f"西湖区{YEAR}年度目录")
    _click(page, "submit")
    page.get_by_test_id("item-0701").uncheck()
    page.get_by_test_id("item-0702").uncheck()
    _click(page, "narrow-submit")
    expect(page.get_by_test_id("removed-items")).to_contain_text("职工食堂餐饮服务")
    _click(page, "publish-submit")
    expect(page.get_by_test_id("catalogue-status")).to_have_text("已发布")
    xihu = Catalogue.objects.get(region__code="330106", year=YEAR)
    assert xihu.status == CatalogueStatus.PUBLISHED
    assert not xihu.items.filter(code__startswith="07").exists()
    assert xihu.parent is not None and xihu.parent.region.code == "330000"

    page.goto("/services/suppliers/new/")
    page.fill("input[name=name]", "某公益一类中心")
    page.fill("input[name=credit_code]", make_credit_code("330106", 941, "12"))
    page.select_option("select[name=kind]", "institution_1")
    page.select_option("select[name=region]", str(Region.objects.get(code="330106").pk))
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("services-form")).to_contain_text("第八条")
    page.fill("input[name=name]", "杭州某物业服务有限公司")
    page.fill("input[name=credit_code]", make_credit_code("330106", 942, "91"))
    page.select_option("select[name=kind]", "enterprise")
    _click(page, "submit")
    expect(page.get_by_test_id("supplier-table")).to_contain_text("杭州某物业服务有限公司")
    assert Supplier.objects.count() == 1


def test_catalogue_reads_on_a_phone(page: Any, browser_cast: Cast) -> None:
    seed()
    page.set_viewport_size({"width": 390, "height": 844})
    _as(page, "xihu")
    page.goto("/services/standards/")
    expect(page.get_by_test_id("standard-table")).to_contain_text("机关办公区域保洁服务规范")
    page.get_by_role("link", name="机关办公区域保洁服务规范").click()
    expect(page.get_by_test_id("standard-items")).to_contain_text("卫生间")
