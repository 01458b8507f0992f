"""Supervising the group's holdings end to end (issue 15, section 2): the assets division
imports a holding's yearly statements from Excel — a balance sheet that does not balance is
refused with its row named and nothing written —, confirms the good file, and the holding's
page shows the 国有资本保值增值率, the chart and the warning; checking the warning closes the
bureau's to-do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.assets.supervision.models import Statement
from jiguan.assets.tests.fixtures import build_assets
from jiguan.assets.tests.supervision_fixtures import Supervision, build_supervision
from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import write_xlsx
from jiguan.todo.models import Task

pytestmark = pytest.mark.browser

HEADERS = ("统一社会信用代码", "企业名称", "年度", "报告期", "营业收入", "利润总额", "资产总额",
           "负债总额", "所有者权益", "期初所有者权益")


@pytest.fixture
def supervised(browser_cast: Cast) -> Supervision:
    return build_supervision(build_assets(browser_cast))


def _upload(page: Any, path: Path) -> None:
    page.goto("/imports/assets.statement/")
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()


def test_a_yearly_statement_is_imported_and_the_ratio_and_a_warning_appear(
        page: Any, supervised: Supervision, tmp_path: Path) -> None:
    s = supervised
    code, name = s.guesthouse.credit_code, s.guesthouse.name
    login(page, "assets_staff")

    # 1. A file whose 2025 balance sheet does not balance: refused, the row named.
    bad = write_xlsx(tmp_path / "bad.xlsx", HEADERS, [
        [code, name, 2024, "年度", 8300000, 420000, 26000000, 9000000, 17000000, ""],
        [code, name, 2025, "年度", 8000000, -850000, 25150000, 9000000, 16000000, ""]])
    _upload(page, bad)
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("资产负债表不平衡")
    expect(errors).to_contain_text("3")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    assert not Statement.objects.exists()

    # 2. The corrected file: previewed, confirmed in one go.
    good = write_xlsx(tmp_path / "good.xlsx", HEADERS, [
        [code, name, 2024, "年度", 8300000, 420000, 26000000, 9000000, 17000000, ""],
        [code, name, 2025, "年度", 8000000, -850000, 25150000, 9000000, 16150000, ""]])
    _upload(page, good)
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    assert not Statement.objects.exists()
    with page.expect_navigation():
        page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")

    # 3. The holding's page: the ratio (16,150,000 / 17,000,000 = 95%), the warning, the chart.
    page.goto(f"/assets/holdings/{s.guesthouse.pk}/")
    row = page.get_by_test_id("statement-2025-annual")
    expect(row.get_by_test_id("ratio")).to_have_text("95.0")
    expect(page.get_by_test_id("statement-2024-annual").get_by_test_id("ratio")).to_have_text("—")
    warnings = page.get_by_test_id("warnings")
    expect(warnings).to_contain_text("国有资本保值增值率 95.00% 低于 100%（未保值）")
    expect(warnings).to_contain_text("营业利润率")
    expect(page.get_by_test_id("chart-ratios").locator("canvas")).to_have_count(1)
    assert Task.objects.open().filter(kind="assets.statement_warning").count() == 1

    # 4. The list of warnings, then the bureau checks the warning: the to-do closes.
    page.goto("/assets/statements/?warning=open")
    expect(page.get_by_test_id("statement-table")).to_contain_text(name)
    page.goto(f"/assets/holdings/{s.guesthouse.pk}/")
    page.get_by_test_id("review-form").locator("input[name=note]").fill("已约谈企业")
    with page.expect_navigation():
        page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id("warnings")).to_have_count(0)
    assert not Task.objects.open().filter(kind="assets.statement_warning").exists()
