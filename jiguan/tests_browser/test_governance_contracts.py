"""Major contracts end to end (issue 13, "done when", third part): a Xihu bureau registers a
construction contract above the review threshold, is refused at signing while the review is
missing, sends it to legality review; once the review has passed it records the signing,
files it after the deadline (the scan has raised the overdue to-do), and the province finds
it in its list of late filings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.governance.contracts import actions
from jiguan.governance.contracts.models import Contract
from jiguan.governance.reviews import actions as reviews
from jiguan.governance.reviews.models import Review
from jiguan.governance.tests.contract_fixtures import CODE
from jiguan.tests_browser.helpers import login, pick_agency
from jiguan.todo.models import Task

pytestmark = pytest.mark.browser


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_test_id("submit").click()


def test_a_contract_is_reviewed_signed_filed_late_and_shows_in_the_provinces_list(
        page: Any, browser_cast: Cast) -> None:
    today = dt.date.today()
    login(page, "xihu")
    page.goto("/governance/contracts/new/")
    pick_agency(page, browser_cast.xihu_agency.credit_code, browser_cast.xihu_agency.name)
    page.fill("input[name=title]", "区政府办公楼维修改造工程施工合同")
    page.fill("input[name=counterparty]", "浙江测试建设有限公司")
    page.fill("input[name=counterparty_code]", CODE)
    page.select_option("select[name=kind]", "construction")
    page.fill("input[name=amount]", "0")
    page.fill("input[name=starts_on]", (today - dt.timedelta(days=40)).isoformat())
    page.fill("input[name=ends_on]", (today + dt.timedelta(days=300)).isoformat())
    _submit(page)
    expect(page.get_by_test_id("governance-form")).to_contain_text("合同金额应大于零")
    assert not Contract.objects.exists()
    page.fill("input[name=amount]", "5200000")
    _submit(page)
    expect(page.get_by_test_id("review-state")).to_contain_text("须经审查：未送审")

    signed_on = (today - dt.timedelta(days=40)).isoformat()
    page.get_by_test_id("contract-sign").click()
    page.fill("input[name=signed_on]", signed_on)
    _submit(page)
    expect(page.get_by_test_id("governance-form")).to_contain_text("合法性审查通过前不能签订")

    page.go_back()
    page.goto(f"/governance/contracts/{Contract.objects.get().pk}/")
    page.get_by_test_id("contract-review").click()
    _submit(page)
    expect(page.get_by_test_id("review-state")).to_contain_text("审查中")

    # The legal-affairs office reviewed it 45 days ago (dated back: the filing must be late).
    review = Review.objects.get()
    Review.objects.filter(pk=review.pk).update(submitted_on=today - dt.timedelta(days=50))
    reviews.opinion_add(review=review, item="合同主体是否适格", verdict="lawful",
                        actor=browser_cast.province_admin)
    reviews.review_conclude(review=review, summary="合法。", actor=browser_cast.province_admin,
                            today=today - dt.timedelta(days=45))

    page.reload()
    expect(page.get_by_test_id("review-state")).to_contain_text("审查通过")
    page.get_by_test_id("contract-sign").click()
    page.fill("input[name=signed_on]", signed_on)
    _submit(page)
    expect(page.get_by_test_id("contract-status")).to_have_text("履行中")

    assert actions.contract_scan(today=today, actor=None)["filing"] == 1
    assert Task.objects.open().filter(kind=actions.TASK_FILING).count() == 1
    page.reload()
    expect(page.get_by_test_id("filing-overdue")).to_contain_text("逾期未备案")
    page.get_by_test_id("contract-file").click()
    _submit(page)
    expect(page.get_by_test_id("filing-late")).to_contain_text("逾期备案")
    assert not Task.objects.open().filter(kind=actions.TASK_FILING).exists()

    page.context.clear_cookies()
    login(page, "province_admin")
    page.goto("/governance/contracts/")
    page.select_option("select[name=filing]", "late")
    with page.expect_navigation():
        page.get_by_test_id("search").click()
    table = page.get_by_test_id("contract-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("区政府办公楼维修改造工程施工合同")
    expect(table.get_by_test_id("filing-state")).to_have_text("逾期备案")
