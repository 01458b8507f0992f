"""三员 in the browser: the 系统管理员 opens an account and sees half a password; the
安全管理员 grants the role and releases the other half; only the user, with both, logs in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from jiguan.access.models import Grant
from jiguan.access.roles import Role
from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser

HALF = re.compile(r"第[一二]段（[^）]*）：(\S{8})")


def _half(page: Any) -> str:
    found = HALF.search(page.locator("body").inner_text())
    assert found is not None
    return found.group(1)


def test_two_administrators_onboard_a_user_neither_can_impersonate(
        browser: Browser, live_server: Any, browser_cast: Cast) -> None:
    def fresh() -> Any:
        return browser.new_context(base_url=live_server.url).new_page()

    sysadmin = fresh()
    login(sysadmin, "sysadmin")
    sysadmin.goto("/accounts/users/")
    sysadmin.fill("input[name=username]", "wang_xh")
    sysadmin.fill("input[name=full_name]", "王小华")
    with sysadmin.expect_navigation():
        sysadmin.get_by_role("button", name=re.compile("创建")).click()
    first = _half(sysadmin)
    # The 系统管理员 has no grant form: granting is the 安全管理员's.
    expect(sysadmin.get_by_role("button", name="授予")).to_have_count(0)

    secadmin = fresh()
    login(secadmin, "secadmin")
    secadmin.goto("/accounts/users/?q=wang_xh")
    secadmin.get_by_role("link", name="wang_xh").click()
    secadmin.select_option("select[name=role]", Role.BUREAU_STAFF)
    secadmin.select_option("select[name=region]", label="杭州市")
    with secadmin.expect_navigation():
        secadmin.get_by_role("button", name="授予").click()
    expect(secadmin.get_by_text("已授予角色。")).to_be_visible()
    secadmin.goto("/accounts/pending/")
    with secadmin.expect_navigation():
        secadmin.get_by_role("button", name="发放第二段").click()
    second = _half(secadmin)
    assert Grant.objects.filter(user__username="wang_xh", role=Role.BUREAU_STAFF).exists()

    user = fresh()
    assert login(user, "wang_xh", first).status == 200  # half a password is no password
    login(user, "wang_xh", first + second)
    assert user.url == f"{live_server.url}/accounts/password/"
