"""The reallocation optimiser in a browser: the Xihu bureau pins a room, runs a plan for its
county, reads the figures before and after, accepts the plan; an agency reporter of another
county cannot open it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.space.optimiser.models import Plan, PlanStatus, RoomPin
from jiguan.space.tests.test_optimiser import Case
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


def test_a_plan_is_run_shown_and_accepted(page: Any, browser_cast: Cast) -> None:
    case = Case(browser_cast)
    login(page, "xihu")

    # Pin the 10 m² vacant office: the plan must leave it alone.
    page.goto("/space/optimiser/pins/")
    form = page.get_by_test_id("pin-form")
    form.locator("input[name=building_code]").fill(case.v10.building.code)
    form.locator("input[name=room_number]").fill("110")
    form.locator("input[name=note]").fill("保留给新进人员")
    with page.expect_navigation():
        form.get_by_role("button", name="固定房间").click()
    expect(page.get_by_test_id("pin-table")).to_contain_text("保留给新进人员")
    assert RoomPin.objects.get().room == case.v10

    page.goto("/space/optimiser/")
    form = page.get_by_test_id("plan-form")
    form.locator("select[name=region]").select_option(label="西湖区")
    with page.expect_navigation():
        form.get_by_role("button", name="求解调剂方案").click()
    page.reload()
    expect(page.get_by_test_id("plan-status")).to_have_text("已求解")
    figures = page.get_by_test_id("plan-figures")
    expect(figures.locator("tr[data-key=over_area]")).to_contain_text("22.00 m²")
    # With the 10 m² office pinned, the plan leaves less over-standard area than before
    # (the solver's own figure, shown with separators and the unit).
    after = Plan.objects.get().after
    assert float(after["over_area"]) < 22
    expect(figures.locator("tr[data-key=over_area]")).to_contain_text(
        f"{float(after['over_area']):,.2f} m²")
    moves = page.get_by_test_id("plan-moves")
    expect(moves).to_contain_text("本单位内调整")
    expect(moves).not_to_contain_text(" 110（")

    with page.expect_navigation():
        page.get_by_test_id("plan-accept").click()
    expect(page.locator(".alert-success")).to_contain_text("已采纳方案")
    expect(page.get_by_test_id("plan-status")).to_have_text("已采纳")
    assert Plan.objects.get().status == PlanStatus.ACCEPTED

    # Another county's reporter: 404 like a missing plan.
    page.context.clear_cookies()
    login(page, "ningbo_reporter")
    response = page.goto(f"/space/optimiser/{Plan.objects.get().pk}/")
    assert response is not None and response.status == 404
