"""A training course end to end (issue 16 §3): Hangzhou registers a course, adds a session,
enrols a person of the register (a Xihu section head, a leader), records the attendance, and
the trainee shows as completed; the per-bureau count of leaders trained this year counts
him for Xihu. Then a meeting decision is followed to done and leaves the overdue list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.guidance.meetings import actions as meetings
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser

TODAY = dt.date.today()
NAV_MS = 60_000


def _submit(page: Any) -> None:
    with page.expect_navigation(timeout=NAV_MS):
        page.get_by_test_id("guidance-form").get_by_test_id("submit").click()


def test_a_course_with_a_trainee_who_completes(page: Any, browser_cast: Cast) -> None:
    login(page, "hangzhou")
    page.goto("/guidance/courses/new/", timeout=NAV_MS)
    form = page.get_by_test_id("guidance-form")
    form.locator("select[name=region]").select_option(label="杭州市")
    form.locator("[name=organiser]").fill("杭州市机关事务管理局")
    form.locator("select[name=kind]").select_option("leaders")
    form.locator("[name=title]").fill("全市机关事务领导干部培训班")
    form.locator("[name=starts_on]").fill(TODAY.isoformat())
    form.locator("[name=ends_on]").fill(TODAY.isoformat())
    form.locator("[name=hours]").fill("6")
    form.locator("[name=place]").fill("市委党校")
    _submit(page)
    expect(page.get_by_test_id("course-title")).to_have_text("全市机关事务领导干部培训班")
    expect(page.get_by_test_id("required-hours")).to_contain_text("4.8")

    with page.expect_navigation(timeout=NAV_MS):
        page.get_by_test_id("session-add").click()
    form = page.get_by_test_id("guidance-form")
    form.locator("[name=on]").fill(TODAY.isoformat())
    form.locator("[name=hours]").fill("6")
    form.locator("[name=topic]").fill("机关事务法规与政策")
    _submit(page)

    with page.expect_navigation(timeout=NAV_MS):
        page.get_by_test_id("trainee-add").click()
    page.get_by_test_id("guidance-form").locator("select[name=person]") \
        .select_option(label="张三")
    _submit(page)
    row = page.get_by_test_id("trainee-row")
    expect(row).to_contain_text("领导干部")
    expect(row.get_by_test_id("trainee-completed")).to_have_text("未结业")

    with page.expect_navigation(timeout=NAV_MS):
        page.get_by_test_id("attendance-link").click()
    page.get_by_test_id("guidance-form").get_by_label("张三（杭州市西湖区测试局）").check()
    _submit(page)
    expect(page.get_by_test_id("trainee-row").get_by_test_id("trainee-completed")) \
        .to_have_text("已结业")
    expect(page.get_by_test_id("completed-count")).to_have_text("1")

    page.goto(f"/guidance/courses/leaders/?year={TODAY.year}", timeout=NAV_MS)
    row = page.get_by_test_id("leaders-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("西湖区")
    expect(row.locator("td").nth(3)).to_have_text("1")


def test_a_meeting_decision_followed_to_done(page: Any, browser_cast: Cast) -> None:
    meeting = meetings.meeting_create(data={
        "region": Region.objects.get(code="330000"), "kind": "conference",
        "title": "全省机关事务工作会议", "starts_on": TODAY - dt.timedelta(days=60),
        "ends_on": TODAY - dt.timedelta(days=59), "place": "杭州"},
        invited=[Region.objects.get(code="330100")], actor=browser_cast.province_admin)
    meetings.decision_add(meeting=meeting, text="推进公务用车平台建设",
                          responsible=Region.objects.get(code="330100"),
                          due_on=TODAY - dt.timedelta(days=1), actor=browser_cast.province_admin)

    login(page, "hangzhou")
    page.goto("/guidance/meetings/decisions/?status=overdue", timeout=NAV_MS)
    expect(page.get_by_test_id("overdue")).to_have_count(1)
    page.goto(f"/guidance/meetings/{meeting.pk}/", timeout=NAV_MS)
    expect(page.get_by_test_id("decision-status")).to_have_text("已逾期")
    with page.expect_navigation(timeout=NAV_MS):
        page.get_by_test_id("decision-progress").click()
    form = page.get_by_test_id("guidance-form")
    form.locator("[name=on]").fill(TODAY.isoformat())
    form.locator("[name=text]").fill("平台已上线运行")
    form.locator("[name=done]").check()
    _submit(page)
    expect(page.get_by_test_id("decision-status")).to_contain_text("已完成")
    page.goto("/guidance/meetings/decisions/?status=overdue", timeout=NAV_MS)
    expect(page.get_by_test_id("overdue")).to_have_count(0)
