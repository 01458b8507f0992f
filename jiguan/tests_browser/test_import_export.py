"""The agency import as a user does it: a file with bad rows, the fixed file, then export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from jiguan.orgs.models import Agency
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "core" / "tests" / "fixtures" / "corpus"
BAD_FILE = CORPUS / "agencies-bad-rows-libreoffice.xlsx"
GOOD_FILE = CORPUS / "agencies-libreoffice.xlsx"


def _names_in(path: Path) -> list[str]:
    """The agency names of a corpus file (sheet 单位名录, headers in row 3)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return [str(row[0]) for row in rows[3:] if row and row[0]]


def _upload(page: Any, path: Path) -> None:
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()


def test_it_imports_agencies_with_a_bad_row_then_fixes_it_and_exports(
        page: Any, live_server: Any, province_admin: Any, tmp_path: Path) -> None:
    good_names = _names_in(GOOD_FILE)
    assert len(good_names) == 20
    login(page, "province_admin")

    page.goto("/orgs/agencies/")
    expect(page.get_by_test_id("agency-table")).to_contain_text("没有符合条件的单位")
    with page.expect_navigation():
        page.get_by_test_id("import").click()
    assert page.url == f"{live_server.url}/imports/orgs.agency/"

    # 1. The file with six bad rows: every one is listed by its sheet row and column.
    _upload(page, BAD_FILE)
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    rows = errors.get_by_test_id("import-error-row")
    flagged = {int(r) for r in rows.evaluate_all("els => els.map(e => e.dataset.row)")}
    assert flagged == {4, 5, 6, 7, 8, 9}
    for row in range(4, 10):
        expect(errors).to_contain_text(f"第 {row} 行")
    for column in ("统一社会信用代码", "行政区划代码", "编制数", "单位名称"):
        expect(errors).to_contain_text(column)
    expect(errors.locator("tr[data-row='4']")).to_contain_text("统一社会信用代码")
    expect(errors.locator("tr[data-row='5']")).to_contain_text("行政区划代码")
    expect(errors.locator("tr[data-row='6']")).to_contain_text("编制数")
    expect(errors.locator("tr[data-row='7']")).to_contain_text("单位名称")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    assert Agency.objects.count() == 0

    # 2. The good file: valid, confirmed, twenty created.
    page.get_by_role("link", name="重新上传").click()
    _upload(page, GOOD_FILE)
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    confirm = page.get_by_test_id("import-confirm")
    expect(confirm).to_be_visible()
    assert Agency.objects.count() == 0  # nothing is written before the confirmation
    with page.expect_navigation():
        confirm.click()
    expect(page.get_by_test_id("import-summary")).to_be_visible()
    expect(page.get_by_test_id("import-created")).to_have_text("20")
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    assert Agency.objects.count() == 20

    # 3. The list shows them.
    page.goto("/orgs/agencies/")
    table = page.get_by_test_id("agency-table")
    for name in good_names[:10]:  # the first page of the list
        expect(table).to_contain_text(name)

    # 4. The export holds all twenty, under the title row.
    with page.expect_download() as dl:
        page.click("[data-testid=export]")
    download = dl.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    exported = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert exported[0][0] == "单位名录"
    assert exported[2][0] == "单位名称"
    exported_names = {str(row[0]) for row in exported[3:] if row and row[0]}
    assert exported_names == set(good_names)
