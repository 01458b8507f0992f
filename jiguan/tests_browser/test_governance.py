"""The rules library end to end (issue 13, "done when", first part): a city bureau imports
its rules register from Excel (a bad row first, then the fixed file), searches a phrase,
sees the highlighted hit and opens the rule at the article that holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.governance.library.data import seed_lists
from jiguan.governance.library.models import Rule, RuleKind, RuleSubject
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser

HEADER = ["标题", "发文机关", "文号", "类别", "主题", "区划代码", "发布日期", "施行日期", "正文"]
GOOD = [
    ["杭州市市级机关办公用房管理实施细则", "杭州市机关事务管理局", "杭机管发〔2022〕8号",
     "行政规范性文件", "办公用房", "330100", "2022-03-01", "2022-04-01",
     "第一条 为加强办公用房管理，制定本细则。\n第二条 工作人员调离的，所在单位应当在一个月内"
     "收回其办公用房。"],
    ["杭州市公务用车平台管理办法", "杭州市机关事务管理局", "杭机管发〔2021〕3号",
     "行政规范性文件", "公务用车", "330100", "2021-01-05", "2021-02-01",
     "第一条 公务用车实行集中管理、统一调度。"],
]


def _book(path: Path, rows: list[list[str]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return path


def _upload(page: Any, path: Path) -> None:
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()


def test_a_city_imports_its_register_searches_and_opens_the_hit(
        page: Any, browser_cast: Cast, tmp_path: Path) -> None:
    seed_lists(RuleKind, RuleSubject)  # an earlier live-server test's flush emptied them
    login(page, "hangzhou")
    page.goto("/governance/")
    expect(page.get_by_test_id("rule-table")).to_contain_text("没有符合条件的制度文件")
    with page.expect_navigation():
        page.get_by_test_id("import").click()

    bad = [*GOOD, ["宁波的文件", "宁波市局", "甬机管〔2020〕1号", "行政规范性文件", "办公用房",
                   "330203", "2020-01-01", "2020-02-01", ""]]
    _upload(page, _book(tmp_path / "bad.xlsx", bad))
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("第 4 行")
    expect(errors).to_contain_text("不在您的管理范围内")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    assert not Rule.objects.exists()

    page.get_by_role("link", name="重新上传").click()
    _upload(page, _book(tmp_path / "good.xlsx", GOOD))
    with page.expect_navigation():
        page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-created")).to_have_text("2")

    page.goto("/governance/")
    page.fill("input[name=q]", "一个月内收回")
    with page.expect_navigation():
        page.get_by_test_id("search").click()
    table = page.get_by_test_id("rule-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    hit = table.get_by_test_id("hit")
    expect(hit).to_contain_text("第二条")
    expect(hit.locator("mark")).to_have_text("一个月内收回")
    with page.expect_navigation():
        table.get_by_test_id("rule-link").click()
    expect(page.get_by_test_id("rule-title")).to_have_text("杭州市市级机关办公用房管理实施细则")
    expect(page.get_by_test_id("article-hit")).to_contain_text("第二条")
    expect(page.get_by_test_id("hit-summary")).to_contain_text("第二条")
