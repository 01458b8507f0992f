"""The agency picker (jiguan/orgs/fields.py) in a browser: the province administrator
types part of a name on the decision form, narrows the suggestions, picks one with the
keyboard and saves; the page never lists the agencies."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.governance.decisions.models import Decision
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


def test_typing_part_of_a_name_offers_the_agencies_and_a_pick_is_saved(
        page: Any, browser_cast: Cast) -> None:
    page.set_default_timeout(30_000)  # the shared machine is loaded
    page.set_default_navigation_timeout(60_000)
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    # What every page reports already (htmx's indicator <style>), seen on the login page.
    page.goto("/accounts/login/")
    baseline = set(csp_errors)
    login(page, "province_admin")
    page.goto("/governance/decisions/new/")
    form = page.get_by_test_id("governance-form")
    assert form.locator("option", has_text="测试局").count() == 0
    box = form.locator("input[name=agency__q]")
    options = form.get_by_test_id("pick-agency").locator("[data-pick-id]")

    box.press_sequentially("测试局")
    expect(options).to_have_count(3)  # Hangzhou's, Xihu's and Ningbo's, not the 厅
    expect(box).to_have_attribute("aria-expanded", "true")
    box.fill("")
    box.press_sequentially("西湖区")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text(browser_cast.xihu_agency.credit_code)
    box.press("ArrowDown")
    box.press("Enter")  # picks the suggestion, does not submit the form
    expect(options).to_have_count(0)
    expect(box).to_have_value(
        f"{browser_cast.xihu_agency.name}（{browser_cast.xihu_agency.credit_code}）")
    expect(form.locator("input[type=hidden][name=agency]")).to_have_value(
        str(browser_cast.xihu_agency.pk))

    form.locator("[name=title]").fill("机关食堂社会化改革")
    form.locator("select[name=kind]").select_option("business")
    form.locator("[name=sponsor]").fill("后勤服务处")
    with page.expect_navigation():
        form.get_by_test_id("submit").click()
    expect(page.get_by_test_id("decision-title")).to_have_text("机关食堂社会化改革")
    assert Decision.objects.get().agency == browser_cast.xihu_agency
    assert set(csp_errors) <= baseline  # the picker adds no inline script or style
