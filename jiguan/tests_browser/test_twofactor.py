"""Two factors in the browser: forced enrolment with the QR page, then a login with a code."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from jiguan.access.tests.twofactor_helpers import switch_on
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


def test_a_bureau_user_enrols_then_logs_in_with_a_code(page: Any, live_server: Any,
                                                       browser_cast: Cast,
                                                       settings: Any) -> None:
    switch_on(settings)
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    # What every page reports already (htmx's indicator <style>), seen on the bare login page.
    page.goto("/accounts/login/")
    baseline = set(csp_errors)

    login(page, "hangzhou")
    assert page.url == f"{live_server.url}/accounts/2fa/enrol/"
    expect(page.get_by_test_id("forced-enrol")).to_be_visible()
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    page.goto("/orgs/agencies/")
    assert page.url == f"{live_server.url}/accounts/2fa/enrol/"

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.get_by_role("button", name="确认绑定").click()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    with page.expect_navigation():
        page.get_by_role("link", name="我已保存，继续").click()
    expect(page.get_by_test_id("scope-bar")).to_contain_text("杭州市")

    # Log out, and in again: password, then the app's next code.
    page.context.clear_cookies()
    login(page, "hangzhou")
    assert page.url == f"{live_server.url}/accounts/2fa/verify/"
    expect(page.get_by_test_id("scope-bar")).to_have_count(0)
    device = TOTPDevice.objects.get(user=browser_cast.hangzhou, confirmed=True)
    step = max(device.last_t + 1, int(time.time()) // device.step)
    page.fill("input[name=code]", pyotp.TOTP(secret).at(step * device.step))
    with page.expect_navigation():
        page.get_by_role("button", name="验证").click()
    assert page.url == f"{live_server.url}/"
    expect(page.get_by_test_id("scope-bar")).to_contain_text("杭州市")

    assert AuditEvent.objects.filter(event_type="access.2fa.enrolled").count() == 1
    assert AuditEvent.objects.filter(event_type="auth.2fa.verified").count() == 1
    # The QR code and the code pages add no CSP violation of their own.
    assert set(csp_errors) <= baseline
