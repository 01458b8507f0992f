"""A hostile upload is refused with its reason and the server goes on serving (issue 9
section 2): the 1.7 KB workbook holding only A1 and XFD1048576, which once made the
spreadsheet reader ask for 512 GiB and took the web server down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.core.models import ImportJob
from jiguan.core.tests import hostile_files as hostile
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "core" / "tests" / "fixtures" / "corpus"


def _upload(page: Any, path: Path) -> None:
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()


def test_a_hostile_upload_is_refused_with_its_reason_and_the_next_page_is_served(
        page: Any, live_server: Any, browser_cast: Cast, tmp_path: Path) -> None:
    hostile_file = tmp_path / "单位名录.xlsx"
    hostile_file.write_bytes(hostile.far_cell())
    login(page, "xihu")  # a county bureau's staff
    page.goto("/imports/orgs.agency/")

    _upload(page, hostile_file)
    expect(page.get_by_test_id("import-error")).to_contain_text(
        "文件中的表格范围过大（1048576行×16384列），超过单次导入上限")
    assert not ImportJob.objects.exists()

    # The server is still there: the next page, then a real workbook, are served.
    page.goto("/orgs/agencies/")
    expect(page.get_by_test_id("agency-table")).to_contain_text("杭州市西湖区测试局")
    page.goto("/imports/orgs.agency/")
    _upload(page, CORPUS / "agencies-libreoffice.xlsx")
    # Read whole and checked: its provincial departments are outside a county's scope.
    expect(page.get_by_test_id("import-errors")).to_contain_text("不在您的权限范围内")
    assert ImportJob.objects.get().total_rows == 20
