"""A clerk's own workbook: an instructions sheet first, the data sheet with their own header
words. The platform finds the data sheet, the clerk maps two columns, sees what will be
created, confirms, and follows the link to what the import touched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.orgs.models import Agency
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser

RENAMED = (Path(__file__).resolve().parents[1] / "core" / "tests" / "fixtures"
           / "agencies-instructions-renamed-libreoffice.xlsx")


def _mapping_select(page: Any, header: str) -> Any:
    return page.locator(f"tr[data-testid='import-mapping-row'][data-header='{header}'] select")


def test_it_maps_renamed_columns_of_a_libreoffice_workbook_then_imports(
        page: Any, live_server: Any, province_admin: Any) -> None:
    login(page, "province_admin")
    page.goto("/imports/orgs.agency/")
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file]").set_input_files(str(RENAMED))
    with page.expect_navigation():
        form.get_by_role("button", name="上传并校验").click()

    # The data sheet behind 填表说明 is found; two required columns need the clerk.
    message = page.get_by_test_id("import-message")
    expect(message).to_contain_text("已读取工作表“单位名录”第 3 行作为表头")
    expect(message).to_contain_text("缺少必填列：单位名称、行政区划代码")
    expect(page.get_by_test_id("import-sheet")).to_contain_text("填表说明")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)

    _mapping_select(page, "机构名称").select_option(label="单位名称（必填）")
    _mapping_select(page, "区划").select_option(label="行政区划代码（必填）")
    with page.expect_navigation():
        page.get_by_test_id("import-remap").click()

    # Checked again with the mapping: what will change, row by row.
    expect(page.get_by_test_id("import-status")).to_have_text("待确认")
    expect(page.get_by_test_id("import-layout")).to_contain_text("已按您保存的列对应关系")
    expect(page.get_by_test_id("plan-created")).to_have_text("20")
    rows = page.get_by_test_id("plan-row")
    expect(rows).to_have_count(20)
    expect(rows.first).to_contain_text("浙江省发展和改革委员会")
    expect(rows.first).to_contain_text("编制数")
    assert not Agency.objects.filter(name="浙江省发展和改革委员会").exists()

    with page.expect_navigation():
        page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    expect(page.get_by_test_id("import-created")).to_have_text("20")
    with page.expect_navigation():
        page.get_by_test_id("import-touched").click()
    expect(page.get_by_text("浙江省发展和改革委员会")).to_be_visible()
    assert Agency.objects.get(name="浙江省发展和改革委员会").region.code == "330000"
