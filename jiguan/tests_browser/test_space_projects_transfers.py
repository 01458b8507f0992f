"""Planning and construction (规划建设) and asset transfer (资产移交调账) end to end in the
browser: each waiting step appears in the inbox of the people who must act, and nobody
else's; a forbidden fund source is refused with the rule; completion puts the building in the
register; booking a transfer writes the book value and the ledger exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.conftest import Cast, _grant, _user
from jiguan.space.projects.models import Project
from jiguan.space.register.models import Building
from jiguan.space.transfers.models import TransferBatch
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import xihu_reporter_fixture  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
TODAY = dt.date.today().isoformat()
TIMEOUT_MS = 10_000


@pytest.fixture
def session(browser: Any, live_server: Any) -> Iterator[Any]:
    """``session(username)``: a page in a browser context of its own, logged in."""
    contexts: list[Any] = []

    def open_as(username: str) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                      accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        login(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def inbox_rows(page: Any, text: str) -> Any:
    page.goto("/todo/")
    return page.get_by_test_id("inbox").locator("tbody tr").filter(has_text=text)


def submit(page: Any, form: Any, button: str) -> None:
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()


def add_document(page: Any, kind: str, number: str, area: str, amount: str) -> None:
    form = page.get_by_test_id("document-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=number]").fill(number)
    form.locator("input[name=issued_on]").fill(TODAY)
    form.locator("input[name=approved_area]").fill(area)
    form.locator("input[name=approved_amount]").fill(amount)
    submit(page, form, "登记批复")
    expect(page.locator(".alert-success")).to_contain_text("已登记批复")


def test_a_construction_project_runs_from_draft_to_the_register(
        session: Any, browser_cast: Cast) -> None:
    title = "西湖区机关综合楼扩建"
    # 1. The Xihu bureau drafts the project.
    xihu = session("xihu")
    xihu.goto("/space/projects/new/")
    form = xihu.get_by_test_id("project-form")
    form.locator("input[name=code]").fill("JS-BROWSER-1")
    form.locator("input[name=name]").fill(title)
    form.locator("select[name=kind]").select_option("extend")
    form.locator("select[name=region]").select_option(label="西湖区")
    form.locator("textarea[name=agencies]").fill(browser_cast.xihu_agency.credit_code)
    form.locator("input[name=planned_area]").fill("100")
    form.locator("input[name=planned_amount]").fill("5000000")
    submit(xihu, form, "保存")
    project = Project.objects.get(code="JS-BROWSER-1")
    expect(xihu.get_by_test_id("status")).to_have_text("草稿")
    expect(xihu.get_by_test_id("planned-area")).to_have_text("100.00 m²")

    # 2. A contractor's advance is refused with the rule; the budget is recorded.
    funding = xihu.get_by_test_id("funding-form")
    funding.locator("select[name=source]").select_option("contractor")
    funding.locator("input[name=amount]").fill("5000000")
    funding.get_by_role("button", name="登记资金").click()
    expect(xihu.get_by_test_id("error-source")).to_contain_text("只能来源于财政预算")
    assert not project.funding.exists()
    funding = xihu.get_by_test_id("funding-form")
    funding.locator("select[name=source]").select_option("budget")
    funding.locator("input[name=amount]").fill("5000000")
    submit(xihu, funding, "登记资金")
    add_document(xihu, "proposal", "西发改〔2026〕1号", "100", "5000000")
    with xihu.expect_navigation():
        xihu.get_by_test_id("submit").click()
    expect(xihu.get_by_test_id("status")).to_have_text("待审核")

    # 3. The review waits for the Hangzhou bureau only.
    expect(inbox_rows(xihu, f"审核建设项目：{title}")).to_have_count(0)
    reporter = session("ningbo_reporter")
    expect(inbox_rows(reporter, title)).to_have_count(0)
    hangzhou = session("hangzhou")
    task = inbox_rows(hangzhou, f"审核建设项目：{title}")
    expect(task).to_have_count(1)
    with hangzhou.expect_navigation():
        task.get_by_role("link").click()
    back = hangzhou.get_by_test_id("return-form")
    back.locator("input[name=reason]").fill("请补充入驻单位人员情况")
    submit(hangzhou, back, "退回")
    expect(hangzhou.get_by_test_id("status")).to_have_text("已退回")
    expect(inbox_rows(hangzhou, f"审核建设项目：{title}")).to_have_count(0)

    # 4. Xihu gets the return, submits again; Hangzhou approves.
    task = inbox_rows(xihu, "建设项目被退回")
    expect(task).to_have_count(1)
    with xihu.expect_navigation():
        task.get_by_role("link").click()
    expect(xihu.get_by_test_id("return-reason")).to_contain_text("请补充入驻单位人员情况")
    with xihu.expect_navigation():
        xihu.get_by_test_id("submit").click()
    task = inbox_rows(hangzhou, f"审核建设项目：{title}")
    with hangzhou.expect_navigation():
        task.get_by_role("link").click()
    with hangzhou.expect_navigation():
        hangzhou.get_by_test_id("approve").click()
    expect(hangzhou.get_by_test_id("status")).to_have_text("已批准立项")

    # 5. Xihu records the feasibility study and the design, starts, lists the rooms,
    #    and completes: the building and its rooms are in the register.
    xihu.goto(f"/space/projects/{project.pk}/")
    add_document(xihu, "feasibility", "西发改〔2026〕2号", "100", "5000000")
    add_document(xihu, "design", "西发改〔2026〕3号", "100", "5000000")
    start = xihu.get_by_test_id("start-form")
    start.locator("input[name=started_on]").fill(TODAY)
    submit(xihu, start, "登记开工")
    expect(xihu.get_by_test_id("status")).to_have_text("在建")
    rooms = xihu.get_by_test_id("rooms-form")
    rooms.locator("textarea[name=rooms]").fill("1 101 服务用房 40 会议室\n2 201 办公室 18")
    submit(xihu, rooms, "保存房间清单")
    done = xihu.get_by_test_id("complete-form")
    done.locator("input[name=building_code]").fill("XH-JS-B1")
    done.locator("input[name=building_name]").fill("西湖区机关综合楼")
    done.locator("input[name=floors_above]").fill("3")
    done.locator("input[name=floors_below]").fill("0")
    done.locator("input[name=actual_area]").fill("100")
    done.locator("input[name=final_cost]").fill("4800000")
    done.locator("input[name=completed_on]").fill(TODAY)
    submit(xihu, done, "竣工登记")
    expect(xihu.get_by_test_id("status")).to_have_text("已竣工")
    with xihu.expect_navigation():
        xihu.get_by_test_id("building-link").click()
    expect(xihu.locator("body")).to_contain_text("西湖区机关综合楼")
    building = Building.objects.get(code="XH-JS-B1")
    assert building.rooms.count() == 2
    expect(inbox_rows(xihu, title)).to_have_count(0)
    expect(inbox_rows(hangzhou, title)).to_have_count(0)


def test_an_asset_transfer_is_confirmed_by_the_agency_and_booked_by_finance(
        session: Any, browser_cast: Cast, xihu_reporter: Any) -> None:
    Building.objects.create(code="XH-YJ-1", name="西湖区测试局自有办公楼",
                            building_area=Decimal("900"), floors_above=4,
                            region=Region.objects.get(code="330106"))
    finance_user = _user("xihu_finance")
    _grant(finance_user, Role.FINANCE_STAFF, "330106")

    # 1. The Xihu bureau drafts the batch, lists the building and sends it to the agency.
    xihu = session("xihu")
    xihu.goto("/space/transfers/new/")
    form = xihu.get_by_test_id("batch-form")
    form.locator("input[name=number]").fill("YJ-BROWSER-1")
    form.locator("select[name=region]").select_option(label="西湖区")
    form.locator("input[name=agency]").fill(browser_cast.xihu_agency.credit_code)
    form.locator("input[name=transfer_date]").fill(TODAY)
    submit(xihu, form, "保存")
    item = xihu.get_by_test_id("item-form")
    item.locator("input[name=building_code]").fill("XH-YJ-1")
    item.locator("input[name=original_value]").fill("3000000")
    item.locator("input[name=depreciation]").fill("4000000")
    item.get_by_role("button", name="增加房产").click()
    expect(xihu.get_by_test_id("error-depreciation")).to_contain_text("不能大于账面原值")
    item = xihu.get_by_test_id("item-form")
    item.locator("input[name=building_code]").fill("XH-YJ-1")
    item.locator("input[name=original_value]").fill("3000000")
    item.locator("input[name=depreciation]").fill("1000000")
    item.locator("input[name=new_card_no]").fill("JG-0001")
    submit(xihu, item, "增加房产")
    expect(xihu.get_by_test_id("book-total")).to_have_text("2,000,000.00 元")
    with xihu.expect_navigation():
        xihu.get_by_test_id("submit").click()
    expect(xihu.get_by_test_id("status")).to_have_text("待单位确认")
    batch = TransferBatch.objects.get(number="YJ-BROWSER-1")

    # 2. Only the agency's reporter has the to-do; it confirms.
    finance = session("xihu_finance")
    expect(inbox_rows(finance, "YJ-BROWSER-1")).to_have_count(0)
    expect(inbox_rows(xihu, "YJ-BROWSER-1")).to_have_count(0)
    expect(inbox_rows(session("ningbo_reporter"), "YJ-BROWSER-1")).to_have_count(0)
    agency = session("xihu_reporter")
    task = inbox_rows(agency, "确认资产移交清单：YJ-BROWSER-1")
    expect(task).to_have_count(1)
    with agency.expect_navigation():
        task.get_by_role("link").click()
    with agency.expect_navigation():
        agency.get_by_test_id("agency-confirm").click()
    expect(agency.get_by_test_id("status")).to_have_text("待财务确认")

    # 3. Only the finance department has the next to-do; it books the batch.
    expect(inbox_rows(agency, "YJ-BROWSER-1")).to_have_count(0)
    expect(inbox_rows(xihu, "YJ-BROWSER-1")).to_have_count(0)
    task = inbox_rows(finance, "资产移交调账待财务确认：YJ-BROWSER-1")
    expect(task).to_have_count(1)
    with finance.expect_navigation():
        task.get_by_role("link").click()
    book = finance.get_by_test_id("finance-form")
    book.locator("input[name=voucher_no]").fill("记-2026-001")
    book.locator("input[name=booked_on]").fill(TODAY)
    submit(finance, book, "确认调账")
    expect(finance.get_by_test_id("status")).to_have_text("已调账")
    expect(inbox_rows(finance, "YJ-BROWSER-1")).to_have_count(0)
    batch.refresh_from_db()
    assert batch.voucher_no == "记-2026-001"
    assert Building.objects.get(code="XH-YJ-1").book_value == Decimal("2000000")

    # 4. The ledger shows it and exports with its filter; finance downloads the workbook.
    finance.goto("/space/transfers/ledger/?status=confirmed")
    expect(finance.get_by_test_id("ledger-table")).to_contain_text("XH-YJ-1")
    expect(finance.get_by_test_id("ledger-total")).to_have_text("2,000,000.00 元")
    with finance.expect_download() as download:
        finance.get_by_test_id("export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    finance.goto(f"/space/transfers/{batch.pk}/")
    with finance.expect_download() as download:
        finance.get_by_test_id("workbook").click()
    assert "资产移交调账表" in download.value.suggested_filename
