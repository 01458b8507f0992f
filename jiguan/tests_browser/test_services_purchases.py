"""Purchases end to end: an agency registers a cleaning purchase (no budget refused), the
supplier the procurement chose and the contract (a two-year term without its reason
refused), and the province's year figures show it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.services.catalogue import actions as catalogue_actions
from jiguan.services.catalogue.models import ServiceItem
from jiguan.services.purchases.models import Purchase, PurchaseStatus
from jiguan.services.tests.fixtures import YEAR, seed
from jiguan.tests_browser.helpers import login, pick_agency

pytestmark = pytest.mark.browser


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _click(page: Any, test_id: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(test_id).click()


def test_an_agency_registers_a_cleaning_purchase_and_the_province_sees_it(
        page: Any, browser_cast: Cast) -> None:
    seed()  # an earlier live-server test's flush emptied the migration's data
    # the first request of a live server on a loaded machine (2 cores shared) can take
    # longer than the package's 10 s
    page.set_default_navigation_timeout(60_000)
    c = browser_cast
    province = catalogue_actions.catalogue_create(
        region=Region.objects.get(code="330000"), year=YEAR, title=f"浙江省{YEAR}年度目录",
        actor=c.province_admin)
    catalogue_actions.catalogue_publish(catalogue=province, actor=c.province_admin)
    supplier = catalogue_actions.supplier_register(
        data={"name": "宁波某物业服务有限公司", "kind": "enterprise",
              "credit_code": make_credit_code("330203", 951, "91")},
        region=Region.objects.get(code="330203"), actor=c.province_admin)

    _as(page, "ningbo_reporter")
    page.goto("/services/purchases/new/")
    form = page.get_by_test_id("purchase-form")
    pick_agency(form, "海曙", c.ningbo_agency.name)
    form.locator("input[name=year]").fill(str(YEAR))
    form.locator("input[name=title]").fill("办公楼日常保洁服务")
    form.locator("input[name=budget_amount]").fill("300000")
    form.locator("select[name=method]").select_option("consultation")
    form.locator("select[name=item_1]").select_option(
        str(ServiceItem.objects.get(code="0301").pk))
    form.locator("input[name=quantity_1]").fill("5000")
    form.locator("input[name=unit_price_1]").fill("4.5")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-budget_line")).to_contain_text("先有预算后购买")
    assert not Purchase.objects.exists()
    page.get_by_test_id("purchase-form").locator("input[name=budget_line]").fill(
        f"{YEAR}年度部门预算·物业管理费")
    _click(page, "submit")
    expect(page.get_by_test_id("purchase-status")).to_have_text("计划")
    expect(page.get_by_test_id("purchase-lines")).to_contain_text("办公区域保洁")

    procure = page.get_by_test_id("procure-form")
    procure.locator("select[name=supplier]").select_option(str(supplier.pk))
    procure.locator("input[name=procured_on]").fill(f"{YEAR}-02-20")
    _click(page, "procure-submit")
    expect(page.get_by_test_id("purchase-status")).to_have_text("已采购")
    expect(page.get_by_test_id("supplier")).to_contain_text("宁波某物业服务有限公司")

    contract = page.get_by_test_id("contract-form")
    contract.locator("input[name=contract_no]").fill("NB-2026-001")
    contract.locator("input[name=price]").fill("270000")
    contract.locator("input[name=signed_on]").fill(f"{YEAR}-03-01")
    contract.locator("input[name=start_date]").fill(f"{YEAR}-03-01")
    contract.locator("input[name=end_date]").fill(f"{YEAR + 2}-02-28")
    page.get_by_test_id("contract-submit").click()
    expect(page.get_by_test_id("error-long_term_reason")).to_contain_text("第二十四条")
    page.get_by_test_id("contract-form").locator("input[name=end_date]").fill(
        f"{YEAR + 1}-02-28")
    _click(page, "contract-submit")
    expect(page.get_by_test_id("purchase-status")).to_have_text("已签合同")
    expect(page.get_by_test_id("contract-price")).to_contain_text("270,000.00")
    expect(page.get_by_test_id("pay-rules")).to_contain_text("扣减 10%")
    assert Purchase.objects.get().status == PurchaseStatus.CONTRACTED

    _as(page, "province_admin")
    page.goto(f"/services/purchases/figures/?year={YEAR}")
    expect(page.get_by_test_id("total")).to_contain_text("27.00 万元")
    expect(page.get_by_test_id("by-region")).to_contain_text("宁波市")
    expect(page.get_by_test_id("by-supplier")).to_contain_text("宁波某物业服务有限公司")
    expect(page.get_by_test_id("competitive-share")).to_contain_text("100.0%")
