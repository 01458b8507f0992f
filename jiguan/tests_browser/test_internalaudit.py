"""Internal audit end to end: a leader retires in the people register, the departing
leader's economic-responsibility audit appears as due, is set up and runs through its
steps; its finding is refused closure without evidence, then rectified with evidence and
closed; the project closes; the coverage page shows the unit's leaders audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.internalaudit.projects.models import AuditProject
from jiguan.internalaudit.tests import fixtures as fx
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _post(page: Any, button: Any) -> None:
    with page.expect_navigation():
        button.click()


def test_retired_leader_audited_rectified_and_covered(page: Any, browser_cast: Cast) -> None:
    c = browser_cast
    today = dt.date.today()
    fx.term(c, start=dt.date(2019, 3, 1))
    fx.plan(c, year=today.year)
    unit = c.xihu_agency.pk

    _as(page, "province_admin")
    page.goto("/internalaudit/coverage/")
    expect(page.get_by_test_id(f"leaders-{unit}")).to_have_text("—")
    page.goto("/internalaudit/")
    expect(page.get_by_test_id("due-table")).not_to_contain_text("张三")

    # the people register: 张三 retires
    _as(page, "xihu")
    page.goto(f"/orgs/people/{c.xihu_person.pk}/")
    page.select_option("select[name=status]", "retired")
    page.fill("input[name=status_date]", (today - dt.timedelta(days=5)).isoformat())
    _post(page, page.get_by_role("button", name="保存状态"))

    _as(page, "province_admin")
    page.goto("/internalaudit/")
    expect(page.get_by_test_id("fig-due")).to_have_text("1")
    _post(page, page.get_by_test_id("due-table").get_by_role("link", name="张三"))
    expect(page.get_by_test_id("term-due")).to_be_visible()
    _post(page, page.get_by_test_id("term-audit-start"))
    expect(page.locator("select[name=kind]")).to_have_value("economic")
    page.fill("input[name=team_leader]", "王审计")
    _post(page, page.get_by_test_id("submit"))
    expect(page.get_by_test_id("stage")).to_have_text("待启动")
    project = AuditProject.objects.get(kind="economic")

    def step(stage: str, **extra: str) -> None:
        form = page.get_by_test_id("step-form")
        form.locator("select[name=stage]").select_option(stage)
        form.locator("input[name=date]").fill(today.isoformat())
        for name, value in extra.items():
            form.locator(f"input[name={name}]").fill(value)
        _post(page, page.get_by_test_id("step-submit"))

    # out of order is refused
    step("report", report_no="x")
    expect(page.get_by_test_id("step-form")).to_contain_text("审计步骤须按顺序办理")
    step("notice", document_no="审通〔2026〕8号")
    step("fieldwork")
    page.locator("[data-testid=finding-form] select[name=kind]").select_option("misuse")
    page.locator("[data-testid=finding-form] input[name=title]").fill("任期内超标准配置办公设备")
    page.locator("[data-testid=finding-form] input[name=amount]").fill("86000")
    _post(page, page.get_by_test_id("finding-submit"))
    expect(page.get_by_test_id("findings")).to_contain_text("86,000.00")
    step("comments")
    step("report", report_no="审报〔2026〕12号")
    expect(page.get_by_test_id("report")).to_contain_text("审报〔2026〕12号")
    step("rectification")
    expect(page.get_by_test_id("stage")).to_have_text("整改")

    finding = project.findings.get()
    r = f"r{finding.pk}"
    page.locator("summary", has_text="整改与销号").click()
    page.fill(f"textarea[name={r}-measures]", "已调剂使用超配设备")
    page.fill(f"input[name={r}-rectified_on]", today.isoformat())
    _post(page, page.get_by_test_id("rectify-submit-1"))
    expect(page.get_by_test_id("finding-status-1")).to_have_text("已报整改")
    page.locator("summary", has_text="整改与销号").click()
    page.fill(f"input[name=c{finding.pk}-closed_on]", today.isoformat())
    _post(page, page.get_by_test_id("close-submit-1"))
    expect(page.get_by_test_id("close-form-1")).to_contain_text("销号须有整改佐证材料")
    expect(page.get_by_test_id("finding-status-1")).to_have_text("已报整改")
    page.fill(f"textarea[name={r}-measures]", "已调剂使用超配设备")
    page.fill(f"textarea[name={r}-evidence]", "设备调拨单 2026-031 号")
    page.fill(f"input[name={r}-rectified_on]", today.isoformat())
    _post(page, page.get_by_test_id("rectify-submit-1"))
    page.locator("summary", has_text="整改与销号").click()
    page.fill(f"input[name=c{finding.pk}-closed_on]", today.isoformat())
    _post(page, page.get_by_test_id("close-submit-1"))
    expect(page.get_by_test_id("finding-status-1")).to_have_text("已销号")
    step("closed")
    expect(page.get_by_test_id("stage")).to_have_text("已结项")

    page.goto("/internalaudit/coverage/")
    expect(page.get_by_test_id(f"leaders-{unit}")).to_have_text(today.strftime("%Y-%m-%d"))
    page.goto("/internalaudit/")
    expect(page.get_by_test_id("fig-due")).to_have_text("0")
