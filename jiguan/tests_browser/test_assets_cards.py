"""State assets of the units end to end (issue 15, section 3): a unit applies to sell an
asset above the bureau's limit; carrying it out before the approval is refused and says
why; the approval is a to-do of the assets division, which approves on the matter's page;
the unit then carries out the sale, the card leaves the books and the report counts it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.assets.cards import actions
from jiguan.assets.cards.models import AssetCard, CardStatus, Matter
from jiguan.assets.tests.cards_fixtures import Cards, build_cards, card_data, klass
from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


@pytest.fixture
def cards_cast(browser_cast: Cast) -> Cards:
    return build_cards(browser_cast)


def test_a_unit_disposes_of_an_asset_through_its_approval(page: Any, cards_cast: Cards) -> None:
    c = cards_cast
    truck = actions.card_create(data=card_data(
        c.cast.ningbo_agency, card_no="NB-CAR", asset_class=klass("20302"), name="厢式货车",
        value=Decimal("620000")), actor=None)

    # The unit applies from the card's page.
    login(page, "ningbo_reporter")
    page.goto(f"/assets/cards/{truck.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("dispose").click()
    page.select_option("[data-testid=assets-form] select[name=kind]", "sale")
    page.fill("[data-testid=assets-form] input[name=reason]", "车辆改革后闲置，公开拍卖")
    page.fill("[data-testid=assets-form] input[name=counterparty]", "宁波市公共资源交易中心")
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("审批中")
    expect(page.get_by_test_id("approval-1")).to_contain_text("本级机关事务管理局")
    expect(page.get_by_test_id("approval-1")).to_contain_text("待审批")
    matter = Matter.objects.get()

    # Carrying it out before the approval is refused, and nothing changes.
    page.fill("[data-testid=execute-form] input[name=done_on]", dt.date.today().isoformat())
    page.fill("[data-testid=execute-form] input[name=document]", "拍卖成交确认书")
    page.get_by_test_id("execute").click()
    expect(page.locator("[data-testid=execute-form] .alert-danger")).to_contain_text(
        "尚未批准，不能出售")
    assert AssetCard.objects.get(pk=truck.pk).status == CardStatus.IN_USE
    expect(page.get_by_test_id("decision-form")).to_have_count(0)   # the unit cannot approve

    # The assets division finds the to-do and approves.
    page.context.clear_cookies()
    login(page, "cards_staff")
    page.goto("/todo/")
    todo = page.get_by_role("link", name="资产出售审批：宁波市海曙区测试局").first
    expect(todo).to_be_visible()
    with page.expect_navigation():
        todo.click()
    expect(page.get_by_test_id("total")).to_contain_text("620,000.00")
    page.fill("[data-testid=decision-form] input[name=note]", "同意公开拍卖")
    with page.expect_navigation():
        page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("status")).to_have_text("待执行")
    expect(page.get_by_test_id("approval-1")).to_contain_text("同意")

    # The unit carries it out; the card leaves the books.
    page.context.clear_cookies()
    login(page, "ningbo_reporter")
    page.goto(f"/assets/disposals/{matter.pk}/")
    page.fill("[data-testid=execute-form] input[name=done_on]", dt.date.today().isoformat())
    page.fill("[data-testid=execute-form] input[name=document]", "拍卖成交确认书 NB-2025-01")
    with page.expect_navigation():
        page.get_by_test_id("execute").click()
    expect(page.get_by_test_id("status")).to_have_text("已办结")
    page.goto(f"/assets/cards/{truck.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("已处置")
    page.goto(f"/assets/report/?year={dt.date.today().year}")
    expect(page.get_by_test_id("total-disposed")).to_have_text("62.00")
