"""统一调配 and 腾退移交 end to end in the browser: the agency applies (an over-standard area
is refused until it gives a reason), the bureau sends it back, the agency resubmits, the
bureau reviews the proposal (调剂 first) and approves; the certificate prints; the agency
confirms moving in. Then a return: the bureau notifies, the agency reports, the bureau
accepts and the register shows the room vacant. At each step the to-do is in the inbox of
the right people and of nobody else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.space.allocation.models import AllocationCase
from jiguan.space.register.models import Building, Floor, Occupancy, Room
from jiguan.space.returns.models import ReturnCase
from jiguan.space.standards import rules as standards
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import (  # noqa: F401 (fixtures)
    other_page_fixture,
    xihu_reporter_fixture,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def xihu_building(browser_cast: Cast) -> dict[str, Room]:
    b = Building.objects.create(code="XH-0901", name="西湖区行政中心9号楼",
                                building_area=Decimal("3000"), floors_above=5,
                                region=Region.objects.get(code="330106"))
    floor = Floor.objects.create(building=b, number=3)
    vacant = Room.objects.create(building=b, floor=floor, number="305", use_class="office",
                                 usable_area=Decimal("18"))
    used = Room.objects.create(building=b, floor=floor, number="306", use_class="office",
                               usable_area=Decimal("36"))
    Occupancy.objects.create(room=used, agency=browser_cast.xihu_agency,
                             start_date=dt.date(2024, 1, 1))
    return {"vacant": vacant, "used": used}


def _inbox_has(page: Any, text: str, count: int) -> None:
    page.goto("/todo/")
    expect(page.get_by_test_id("inbox").locator("tbody tr").filter(has_text=text)
           ).to_have_count(count)


def test_allocation_and_return_end_to_end(page: Any, other_page: Any, browser: Any,
                                          live_server: Any, browser_cast: Cast,
                                          xihu_reporter: Any,
                                          xihu_building: dict[str, Room]) -> None:
    agency, bureau = page, other_page
    outsider = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    login(agency, "xihu_reporter")
    login(bureau, "xihu")
    login(outsider, "ningbo_reporter")
    limit = standards.office_limit(organ_level="county", rank="section_head")

    # 1. The agency applies for 张三: more than the standard needs a reason.
    agency.goto("/space/allocation/apply/")
    form = agency.get_by_test_id("apply-form")
    form.locator("textarea[name=reason]").fill("新设科室，需安排办公室")
    form.get_by_label("张三").check()
    form.locator("input[name=requested_area]").fill(str(limit + 10))
    form.get_by_role("button", name="提交申请").click()
    expect(agency.get_by_test_id("error-over_standard_reason")).to_contain_text("超出标准的理由")
    assert not AllocationCase.objects.exists()
    form = agency.get_by_test_id("apply-form")
    form.locator("input[name=requested_area]").fill("")
    with agency.expect_navigation():
        form.get_by_role("button", name="提交申请").click()
    expect(agency.get_by_test_id("status")).to_have_text("待审核")
    case = AllocationCase.objects.get()

    # 2. The Xihu bureau has the to-do; the Ningbo reporter and the applicant do not.
    _inbox_has(bureau, "用房调配申请待审核", 1)
    _inbox_has(agency, "用房调配", 0)
    _inbox_has(outsider, "用房调配", 0)

    # 3. The bureau sends it back; the agency resubmits.
    bureau.goto(f"/space/allocation/{case.pk}/")
    back = bureau.get_by_test_id("send-back-form")
    back.locator("input[name=reason]").fill("请说明人员来源")
    with bureau.expect_navigation():
        back.get_by_role("button", name="退回").click()
    expect(bureau.get_by_test_id("status")).to_have_text("已退回")
    _inbox_has(bureau, "用房调配", 0)
    _inbox_has(agency, "用房调配申请被退回", 1)
    agency.get_by_role("link", name="用房调配申请被退回", exact=False).click()
    with agency.expect_navigation():
        agency.get_by_test_id("resubmit").click()
    form = agency.get_by_test_id("apply-form")
    form.locator("textarea[name=reason]").fill("新设科室，张三由区政府办调入")
    with agency.expect_navigation():
        form.get_by_role("button", name="提交申请").click()
    expect(agency.get_by_test_id("status")).to_have_text("待审核")

    # 4. The bureau reviews: the proposal puts 调剂 of the vacant room first.
    bureau.goto(f"/space/allocation/{case.pk}/")
    proposal = bureau.get_by_test_id("proposal")
    expect(proposal.locator("tbody tr").first).to_contain_text("调剂")
    expect(proposal.locator("tbody tr").first).to_contain_text("305")
    review = bureau.get_by_test_id("review-form")
    expect(review.get_by_label("调剂")).to_be_checked()
    with bureau.expect_navigation():
        review.get_by_role("button", name="审核通过，报批").click()
    expect(bureau.get_by_test_id("status")).to_have_text("待审批")
    _inbox_has(bureau, "用房调配待审批（调剂）", 1)
    _inbox_has(outsider, "用房调配", 0)

    # 5. Approval: certificate numbered, occupancy recorded, the agency's to-do.
    bureau.goto(f"/space/allocation/{case.pk}/")
    with bureau.expect_navigation():
        bureau.get_by_test_id("approve-form").get_by_role("button", name="批准").click()
    expect(bureau.get_by_test_id("status")).to_contain_text("已批准")
    case.refresh_from_db()
    expect(bureau.get_by_test_id("certificate-no")).to_contain_text(case.certificate_no or "")
    bureau.get_by_test_id("certificate").click()
    expect(bureau.get_by_test_id("certificate-page")).to_contain_text(case.certificate_no or "")
    expect(bureau.get_by_test_id("agreement-page")).to_contain_text("不得用于出租、出借、经营")
    assert Occupancy.objects.filter(room=xihu_building["vacant"], end_date__isnull=True,
                                    agency=browser_cast.xihu_agency).exists()
    _inbox_has(bureau, "用房调配", 0)
    _inbox_has(outsider, "用房", 0)
    _inbox_has(agency, "请确认入驻", 1)

    # 6. The agency confirms moving in.
    agency.get_by_role("link", name="请确认入驻", exact=False).click()
    with agency.expect_navigation():
        agency.get_by_test_id("finish-form").get_by_role("button", name="确认入驻").click()
    expect(agency.get_by_test_id("status")).to_have_text("已完成")
    _inbox_has(agency, "用房调配", 0)

    # 7. A return: the bureau notifies, the agency reports, the bureau accepts.
    bureau.goto(f"/space/returns/new/?agency={browser_cast.xihu_agency.pk}")
    form = bureau.get_by_test_id("return-form")
    form.locator("select[name=reason]").select_option("over_standard")
    form.get_by_label("西湖区行政中心9号楼 306").check()
    with bureau.expect_navigation():
        form.get_by_role("button", name="通知腾退").click()
    expect(bureau.get_by_test_id("status")).to_have_text("待腾退")
    returned = ReturnCase.objects.get()
    _inbox_has(agency, "办公用房腾退", 1)
    _inbox_has(bureau, "办公用房腾退", 0)
    _inbox_has(outsider, "腾退", 0)
    agency.get_by_role("link", name="办公用房腾退", exact=False).click()
    with agency.expect_navigation():
        agency.get_by_test_id("report-form").get_by_role("button", name="已腾退，报请接收").click()
    expect(agency.get_by_test_id("status")).to_have_text("待接收")
    _inbox_has(bureau, "办公用房腾退待接收", 1)
    _inbox_has(agency, "腾退", 0)
    bureau.goto(f"/space/returns/{returned.pk}/")
    with bureau.expect_navigation():
        bureau.get_by_test_id("accept-form").get_by_role("button", name="接收").click()
    expect(bureau.get_by_test_id("status")).to_have_text("已接收")
    _inbox_has(bureau, "腾退", 0)
    assert not Occupancy.objects.filter(room=xihu_building["used"],
                                        end_date__isnull=True).exists()
    outsider.context.close()
