"""Official travel end to end: an agency requests a vehicle, its approver approves, the
platform's dispatcher assigns a free vehicle and driver, the driver closes the trip, and the
month's statement and the vehicle's ledger show the costs and reconcile."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login
from jiguan.travel.tests.fixtures import Travel, build_travel
from jiguan.travel.trips.models import Trip
from jiguan.travel.vehicles.data import seed_standards
from jiguan.travel.vehicles.models import VehicleStandard

pytestmark = pytest.mark.browser


@pytest.fixture
def travel_cast(browser_cast: Cast) -> Travel:
    seed_standards(VehicleStandard)  # an earlier live-server test's flush emptied them
    return build_travel(browser_cast)


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_test_id("submit").click()


def test_request_approve_dispatch_close_and_reconcile(page: Any, travel_cast: Travel) -> None:
    t = travel_cast
    _as(page, "requester")
    page.goto("/travel/trips/new/")
    # The requester's one agency is chosen already (the agency picker, orgs/fields.py).
    expect(page.locator("input[type=hidden][name=agency]")).to_have_value(
        str(t.cast.xihu_agency.pk))
    page.fill("input[name=passengers]", "2")
    page.fill("input[name=start_at]", "2026-06-09T09:00")
    page.fill("input[name=end_at]", "2026-06-09T12:00")
    page.fill("input[name=origin]", "西湖区政府")
    page.fill("input[name=destinations]", "省政府")
    page.fill("input[name=purpose]", "参加全省会议")
    _submit(page)
    expect(page.get_by_test_id("trip-status")).to_have_text("待单位审批")
    trip = Trip.objects.get(purpose="参加全省会议")

    _as(page, "approver")
    page.goto(f"/travel/trips/{trip.pk}/")
    page.get_by_test_id("decide").click()
    page.get_by_label("批准", exact=True).check()
    _submit(page)
    expect(page.get_by_test_id("trip-status")).to_have_text("待派车")

    _as(page, "dispatcher")
    page.goto(f"/travel/trips/{trip.pk}/")
    expect(page.get_by_test_id("free-vehicles")).to_contain_text("浙A·T0001")
    expect(page.get_by_test_id("free-vehicles")).not_to_contain_text("浙A·T0003")
    page.get_by_test_id("dispatch").click()
    page.select_option("select[name=vehicle]", str(t.ev.pk))
    page.select_option("select[name=driver]", str(t.driver.pk))
    _submit(page)
    expect(page.get_by_test_id("trip-status")).to_have_text("已派车")
    trip.refresh_from_db()
    expect(page.locator("h1")).to_contain_text(trip.slip_no or "?")

    _as(page, "driver_user")
    page.goto(f"/travel/trips/{trip.pk}/")
    page.get_by_test_id("close").click()
    page.fill("input[name=odometer_start]", "9990")   # lower than the last reading
    page.fill("input[name=odometer_end]", "10040")
    page.fill("input[name=charge_kwh]", "10")
    page.fill("input[name=energy_cost]", "8.00")
    page.fill("input[name=tolls]", "20")
    page.fill("input[name=parking]", "5")
    page.get_by_test_id("submit").click()
    expect(page.locator(".errorlist")).to_contain_text("低于该车上次读数")
    page.fill("input[name=odometer_start]", "10000")
    _submit(page)
    expect(page.get_by_test_id("trip-status")).to_have_text("已回场")

    _as(page, "xihu")
    page.goto("/travel/statements/?month=2026-06")
    expect(page.get_by_test_id("reconciled")).to_be_visible()
    table = page.get_by_test_id("statement-table")
    # 40 km x 1.00 + 3 h x 10.00 + 5.00, plus 33.00 advanced = 108.00
    expect(table).to_contain_text("108.00")
    expect(table).to_contain_text("33.00")
    page.get_by_role("link", name=t.cast.xihu_agency.name).click()
    expect(page.get_by_test_id("reconciled")).to_be_visible()
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("statement-total")).to_contain_text("已出结算单：108.00")
    page.get_by_role("link", name="浙A·T0001").click()
    expect(page.get_by_test_id("ledger-total")).to_contain_text("33.00")
    expect(page.get_by_test_id("reconciled")).to_be_visible()
    expect(page.get_by_test_id("entry-table")).to_contain_text(trip.slip_no or "?")
