"""Renting (租用) and repair (维修改造) end to end in the browser: the agency applies, the
bureau finds the to-do, sends back or approves, the agency finishes; the to-dos reach the
right people and nobody else (the Ningbo reporter never sees them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.space.leases.models import Lease, LeaseStatus
from jiguan.space.repairs.models import Repair, RepairStatus
from jiguan.tests_browser.helpers import login
from jiguan.tests_browser.space_fixtures import (  # noqa: F401 (fixtures)
    TIMEOUT_MS,
    other_page_fixture,
    over_standard_office_fixture,
    xihu_reporter_fixture,
)
from jiguan.todo.models import Task

pytestmark = pytest.mark.browser

TODAY = dt.date.today()


@pytest.fixture
def third_page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _inbox(page: Any) -> Any:
    page.goto("/todo/")
    return page.get_by_test_id("inbox")


TITLE = "屋面防水及外墙修缮"


def _rows(page: Any, text: str) -> Any:
    """The to-dos on the user's inbox that mention ``text``."""
    return _inbox(page).locator("tbody tr").filter(has_text=text)


def _submit(page: Any, form: Any, button: str) -> None:
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()


def test_a_lease_is_applied_for_sent_back_and_registered(
        page: Any, other_page: Any, third_page: Any, live_server: Any, browser_cast: Cast,
        xihu_reporter: Any) -> None:
    agency, bureau, outsider = page, other_page, third_page
    login(agency, "xihu_reporter")
    login(bureau, "xihu")
    login(outsider, "ningbo_reporter")

    # 1. The agency applies; without the government's approval it is refused on the field.
    agency.goto("/space/leases/")
    with agency.expect_navigation():
        agency.get_by_test_id("lease-create").click()
    form = agency.get_by_test_id("lease-form")
    form.locator("input[name=lessor]").fill("杭州演示置业有限公司")
    form.locator("input[name=premises]").fill("文三路 100 号 5 层")
    form.locator("input[name=area]").fill("320.5")
    form.locator("input[name=annual_rent]").fill("480000")
    form.locator("input[name=start_date]").fill((TODAY + dt.timedelta(days=10)).isoformat())
    form.locator("input[name=end_date]").fill((TODAY + dt.timedelta(days=740)).isoformat())
    form.locator("input[name=purpose]").fill("新增编制，无法调剂")
    _submit(agency, form, "提交")
    expect(agency.get_by_test_id("error-approval_doc_no")).to_contain_text("第二十三条")
    assert Lease.objects.count() == 0
    form = agency.get_by_test_id("lease-form")
    form.locator("select[name=direction]").select_option("let")
    form.locator("input[name=approval_doc_no]").fill("西政办〔2026〕12号")
    form.locator("input[name=approval_date]").fill(TODAY.isoformat())
    _submit(agency, form, "提交")
    expect(agency.get_by_test_id("error-direction")).to_contain_text("不得出租办公用房")
    form = agency.get_by_test_id("lease-form")
    form.locator("select[name=direction]").select_option("rent_in")
    _submit(agency, form, "提交")
    expect(agency.get_by_test_id("lease-status")).to_have_text("待审核")
    lease = Lease.objects.get()

    # 2. The bureau has the to-do; the Ningbo reporter and the agency itself do not.
    task = _inbox(bureau).locator("tbody tr").filter(has_text="审核租用办公用房")
    expect(task).to_have_count(1)
    expect(_inbox(outsider)).to_contain_text("暂无待办事项")
    expect(_inbox(agency)).to_contain_text("暂无待办事项")
    with bureau.expect_navigation():
        task.get_by_role("link").click()
    ret = bureau.get_by_test_id("return-form")
    ret.locator("textarea[name=reason]").fill("请补充租赁合同编号")
    _submit(bureau, ret, "退回")
    expect(bureau.get_by_test_id("lease-status")).to_have_text("已退回")
    expect(_inbox(bureau)).to_contain_text("暂无待办事项")

    # 3. The agency corrects and resubmits from its to-do.
    task = _inbox(agency).locator("tbody tr").filter(has_text="租用申请被退回")
    expect(task).to_have_count(1)
    with agency.expect_navigation():
        task.get_by_role("link").click()
    expect(agency.get_by_test_id("return-reason")).to_contain_text("合同编号")
    with agency.expect_navigation():
        agency.get_by_test_id("lease-edit").click()
    form = agency.get_by_test_id("lease-form")
    form.locator("input[name=contract_no]").fill("HT-2026-01")
    _submit(agency, form, "提交")
    expect(agency.get_by_test_id("lease-status")).to_have_text("待审核")

    # 4. The bureau registers the lease: 在租; nobody has a to-do left.
    bureau.goto(f"/space/leases/{lease.pk}/")
    _submit(bureau, bureau.get_by_test_id("approve-form"), "登记租赁")
    expect(bureau.get_by_test_id("lease-status")).to_have_text("在租")
    for p in (agency, bureau, outsider):
        expect(_inbox(p)).to_contain_text("暂无待办事项")
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.ACTIVE and lease.contract_no == "HT-2026-01"
    assert outsider.goto(f"/space/leases/{lease.pk}/").status == 404


def test_a_repair_runs_from_application_to_acceptance(
        page: Any, other_page: Any, third_page: Any, live_server: Any, browser_cast: Cast,
        xihu_reporter: Any, over_standard_office: dict[str, Any]) -> None:
    building = over_standard_office["building"]
    agency, bureau, outsider = page, other_page, third_page
    login(agency, "xihu_reporter")
    login(bureau, "xihu")
    login(outsider, "ningbo_reporter")

    # 1. The agency applies for a 中修 of 45 万元 with its check-list.
    agency.goto("/space/repairs/")
    with agency.expect_navigation():
        agency.get_by_test_id("repair-create").click()
    form = agency.get_by_test_id("repair-form")
    form.locator("select[name=building]").select_option(str(building.pk))
    form.locator("select[name=kind]").select_option("medium")
    form.locator("input[name=title]").fill("屋面防水及外墙修缮")
    form.locator("textarea[name=reason]").fill("屋面渗漏")
    form.locator("textarea[name=items]").fill("屋面防水，300000\n外墙修缮，150000")
    _submit(agency, form, "提交")
    expect(agency.get_by_test_id("error-checklist")).to_contain_text("装修标准自查未通过")
    form = agency.get_by_test_id("repair-form")
    for box in form.locator("input[name=checklist]").all():
        box.check()
    _submit(agency, form, "提交")
    expect(agency.get_by_test_id("repair-status")).to_have_text("待审批")
    expect(agency.get_by_test_id("budget")).to_contain_text("45.00 万元")
    repair = Repair.objects.get()

    # 2. The bureau approves from its to-do; the Ningbo reporter sees nothing.
    expect(_rows(outsider, TITLE)).to_have_count(0)
    task = _inbox(bureau).locator("tbody tr").filter(has_text="审批维修申请")
    expect(task).to_have_count(1)
    with bureau.expect_navigation():
        task.get_by_role("link").click()
    approve = bureau.get_by_test_id("step-approve")
    approve.locator("select[name=approval_level]").select_option("bureau")
    approve.locator("input[name=approval_doc_no]").fill("西机事〔2026〕3号")
    _submit(bureau, approve, "批准")
    expect(bureau.get_by_test_id("repair-status")).to_have_text("已批准待实施")
    expect(_rows(bureau, TITLE)).to_have_count(0)

    # 3. The agency starts, records progress, and finds its final cost over budget refused.
    task = _inbox(agency).locator("tbody tr").filter(has_text="维修已批准")
    expect(task).to_have_count(1)
    with agency.expect_navigation():
        task.get_by_role("link").click()
    start = agency.get_by_test_id("step-start")
    start.locator("input[name=started_on]").fill(TODAY.isoformat())
    _submit(agency, start, "登记开工")
    progress = agency.get_by_test_id("step-progress")
    progress.locator("input[name=progress]").fill("60")
    progress.locator("input[name=note]").fill("屋面完成")
    _submit(agency, progress, "登记进度")
    expect(agency.get_by_test_id("progress")).to_contain_text("60")
    finish = agency.get_by_test_id("step-finish")
    finish.locator("input[name=final_cost]").fill("480000")
    finish.locator("input[name=finished_on]").fill(TODAY.isoformat())
    _submit(agency, finish, "完工，报决算申请验收")
    expect(agency.locator(".alert-danger")).to_contain_text("追加预算")
    expect(agency.get_by_test_id("repair-status")).to_have_text("实施中")
    increase = agency.get_by_test_id("step-increase")
    increase.locator("input[name=new_budget]").fill("480000")
    increase.locator("input[name=reason]").fill("外墙空鼓面积超出预估")
    _submit(agency, increase, "申请追加预算")
    expect(agency.get_by_test_id("repair-status")).to_have_text("追加预算待审批")

    # 4. The bureau approves the increase; the agency finishes; the bureau accepts.
    task = _inbox(bureau).locator("tbody tr").filter(has_text="审批追加维修预算")
    expect(task).to_have_count(1)
    bureau.goto(f"/space/repairs/{repair.pk}/")
    step = bureau.get_by_test_id("step-approve_increase")
    step.locator("select[name=approval_level]").select_option("bureau")
    step.locator("input[name=approval_doc_no]").fill("西机事〔2026〕9号")
    _submit(bureau, step, "批准追加预算")
    expect(bureau.get_by_test_id("approved-budget")).to_contain_text("48.00 万元")
    agency.goto(f"/space/repairs/{repair.pk}/")
    finish = agency.get_by_test_id("step-finish")
    finish.locator("input[name=final_cost]").fill("478000")
    finish.locator("input[name=finished_on]").fill(TODAY.isoformat())
    _submit(agency, finish, "完工，报决算申请验收")
    expect(agency.get_by_test_id("repair-status")).to_have_text("待验收")
    task = _inbox(bureau).locator("tbody tr").filter(has_text="维修项目验收")
    expect(task).to_have_count(1)
    bureau.goto(f"/space/repairs/{repair.pk}/")
    _submit(bureau, bureau.get_by_test_id("step-accept"), "验收合格")
    expect(bureau.get_by_test_id("repair-status")).to_have_text("已验收")
    for p in (agency, bureau, outsider):
        expect(_rows(p, TITLE)).to_have_count(0)
    repair.refresh_from_db()
    assert repair.status == RepairStatus.ACCEPTED and repair.final_cost == 478000
    assert not Task.objects.open().filter(kind__startswith="space.repair").exists()

    # 5. The building page shows its repair history.
    bureau.goto(f"/space/buildings/{building.pk}/")
    expect(bureau.get_by_test_id("building-repairs")).to_contain_text("屋面防水及外墙修缮")
    expect(bureau.get_by_test_id("building-repairs")).to_contain_text("已验收")
