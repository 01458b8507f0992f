"""The five-year plan and research in the browser: Hangzhou adds a reported target to its
plan, a bad target value is refused in Chinese, it reports two years, the target page draws
its line and the plan shows the target off track; a research report that is not a document
is refused and a PDF is accepted."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.guidance.tests import plans_fixtures as pfx
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n%%EOF\n"


def _submit(page: Any) -> None:
    with page.expect_navigation(timeout=60_000):
        page.get_by_test_id("submit").click()


def test_plan_target_progress_and_research_report(page: Any, browser_cast: Cast) -> None:
    c = browser_cast
    plan = pfx.plan(c)
    topic = pfx.topic(c)
    login(page, "hangzhou")
    page.goto(f"/guidance/plans/{plan.pk}/", timeout=60_000)
    with page.expect_navigation(timeout=60_000):
        page.get_by_test_id("target-create").click()
    page.fill("input[name=indicator]", "政务服务满意度")
    page.select_option("select[name=source]", "reported")
    page.select_option("select[name=direction]", "higher")
    page.fill("input[name=baseline_value]", "80")
    page.fill("input[name=target_value]", "70")
    _submit(page)
    expect(page.get_by_test_id("error-target_value")).to_contain_text("目标值应高于基准值")
    page.fill("input[name=target_value]", "90")
    _submit(page)
    expect(page.get_by_test_id("target-table")).to_contain_text("政务服务满意度")

    page.get_by_role("link", name="政务服务满意度").click()
    for year, value in ((2021, "80.5"), (2025, "81")):
        page.fill("input[name=year]", str(year))
        page.fill("input[name=value]", value)
        with page.expect_navigation(timeout=60_000):
            page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("target-chart")).to_have_attribute("data-ready", "1",
                                                                   timeout=30_000)
    expect(page.get_by_test_id("target-status")).to_have_text("进度滞后")
    page.goto(f"/guidance/plans/{plan.pk}/", timeout=60_000)
    expect(page.get_by_test_id("off-track-count")).to_be_visible()

    page.goto(f"/guidance/research/{topic.pk}/reports/new/", timeout=60_000)
    page.set_input_files("input[name=file]", files=[
        {"name": "照片.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n0000"}])
    _submit(page)
    expect(page.get_by_test_id("error-file")).to_contain_text("照片.png")
    page.set_input_files("input[name=file]", files=[
        {"name": "调研报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.fill("input[name=title]", "第二份报告")
    _submit(page)
    expect(page.get_by_test_id("reports")).to_contain_text("第二份报告")
