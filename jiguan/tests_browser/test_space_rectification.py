"""整改 from the finding to the verification: the agency gets the to-do and records its
measures, the bureau fixes the register, the recomputation closes the finding, the bureau
verifies it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.space.compliance.models import FindingStatus
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import (  # noqa: F401 (fixtures)
    EXCESS,
    LIMIT,
    other_page_fixture,
    over_standard_office_fixture,
    xihu_reporter_fixture,
)

pytestmark = pytest.mark.browser

NOTE = "已将301室调整为两人合用，并在月底前完成隔断改造"


def test_rectification_flows_from_finding_to_verification(
        page: Any, other_page: Any, live_server: Any, browser_cast: Cast, xihu_reporter: Any,
        over_standard_office: dict[str, Any]) -> None:
    finding = over_standard_office["finding"]
    room = over_standard_office["rooms"]["301"]
    finding_url = f"/space/compliance/findings/{finding.pk}/"
    assert finding.status == FindingStatus.OPEN

    # 1. The agency's reporter finds the to-do in 我的待办 and opens the finding.
    agency = page
    login(agency, "xihu_reporter")
    agency.goto("/todo/")
    inbox = agency.get_by_test_id("inbox")
    task = inbox.locator("tbody tr").filter(has_text="整改：超标准使用")
    expect(task).to_have_count(1)
    expect(task).to_contain_text("西湖区行政中心9号楼 301")
    expect(task).to_contain_text(f"超出 {EXCESS} m²")
    expect(task).to_contain_text("待办理")
    with agency.expect_navigation():
        task.get_by_role("link", name="整改：超标准使用", exact=False).click()
    assert agency.url == f"{live_server.url}{finding_url}"
    expect(agency.get_by_test_id("finding-status")).to_have_text("待整改")
    expect(agency.get_by_test_id("finding-detail")).to_contain_text(f"超出 {EXCESS} m²")
    expect(agency.get_by_test_id("verify-form")).to_have_count(0)  # the bureau verifies

    # 2. It records its measures: 整改中.
    start = agency.get_by_test_id("start-form")
    start.locator("textarea[name=note]").fill(NOTE)
    with agency.expect_navigation():
        start.get_by_role("button", name="保存").click()
    expect(agency.locator(".alert-success")).to_contain_text("整改中")
    expect(agency.get_by_test_id("finding-status")).to_have_text("整改中")
    expect(agency.locator("dl")).to_contain_text(NOTE)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.IN_PROGRESS and finding.note == NOTE

    # 3. The bureau corrects the register: the room's usable area is now the standard.
    bureau = other_page
    login(bureau, "xihu")
    bureau.goto(f"/space/rooms/{room.pk}/")
    expect(bureau.get_by_test_id("room-state")).to_have_text("超标")
    with bureau.expect_navigation():
        bureau.get_by_role("link", name="编辑", exact=True).click()
    form = bureau.get_by_test_id("room-form")
    form.locator("input[name=usable_area]").fill(str(LIMIT))
    with bureau.expect_navigation():
        form.get_by_role("button", name="保存").click()
    assert bureau.url == f"{live_server.url}/space/rooms/{room.pk}/"
    expect(bureau.get_by_test_id("room-state")).to_have_text("符合标准")
    expect(bureau.get_by_test_id("office-check")).to_contain_text("符合标准")

    # 4. Recompute: the data no longer shows the problem -> 已整改, the to-do is done.
    bureau.goto("/space/compliance/?region=330106")
    with bureau.expect_navigation():
        bureau.get_by_test_id("recompute").click()
    expect(bureau.locator(".alert-success")).to_contain_text("已重新计算")
    bureau.goto(finding_url)
    expect(bureau.get_by_test_id("finding-status")).to_have_text("已整改")
    expect(bureau.get_by_test_id("finding-tasks")).not_to_contain_text("未办结")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.FIXED and finding.resolved_at is not None

    # 5. The bureau verifies: 已核验.
    verify = bureau.get_by_test_id("verify-form")
    with bureau.expect_navigation():
        verify.get_by_role("button", name="核验通过").click()
    expect(bureau.locator(".alert-success")).to_contain_text("已核验整改")
    expect(bureau.get_by_test_id("finding-status")).to_have_text("已核验")
    expect(bureau.get_by_test_id("verify-form")).to_have_count(0)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED
    assert finding.verified_by == browser_cast.xihu

    # 6. The agency sees it closed: no open to-do for it, the finding verified.
    agency.goto("/todo/")
    expect(agency.get_by_test_id("inbox").locator("tbody tr").filter(
        has_text="整改：超标准使用")).to_have_count(0)
    agency.goto("/todo/?show=done")
    expect(agency.get_by_test_id("inbox").locator("tbody tr").filter(
        has_text="整改：超标准使用")).to_contain_text("已办结")
    agency.goto(finding_url)
    expect(agency.get_by_test_id("finding-status")).to_have_text("已核验")
    expect(agency.get_by_test_id("start-form")).to_have_count(0)
