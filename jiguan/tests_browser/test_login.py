"""Logging in through the browser: the scope bar, the lockout, the forced password change."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.access.models import User
from jiguan.audit.models import AuditEvent
from jiguan.conftest import PASSWORD, Cast
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


def test_it_logs_in_and_shows_the_scope(page: Any, live_server: Any,
                                        browser_cast: Cast) -> None:
    response = login(page, "hangzhou")

    assert response.status == 200
    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", name="您好，hangzhou")).to_be_visible()
    expect(page.get_by_test_id("scope-bar")).to_contain_text("杭州市")


def test_it_locks_out_after_five_failures(page: Any, browser_cast: Cast) -> None:
    # AXES_FAILURE_LIMIT = 5: failures one to four show the login form again...
    for _ in range(4):
        response = login(page, "hangzhou", "Wrong#Passw0rd")
        assert response.status == 200
        expect(page.locator("input[name=password]")).to_be_visible()
        expect(page.get_by_test_id("locked-out")).to_have_count(0)
    # ...the fifth failure locks the account (axes answers it with the lockout page)...
    response = login(page, "hangzhou", "Wrong#Passw0rd")
    assert response.status == 429
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    # ...and the sixth attempt is refused even with the right password.
    response = login(page, "hangzhou", PASSWORD)
    assert response.status == 429
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    expect(page.get_by_test_id("scope-bar")).to_have_count(0)

    assert AuditEvent.objects.filter(event_type="auth.lockout").exists()
    assert AuditEvent.objects.filter(event_type="auth.login_failed").count() >= 5
    assert not AuditEvent.objects.filter(event_type="auth.login").exists()


def test_first_login_forces_a_password_change(page: Any, live_server: Any,
                                              browser_cast: Cast) -> None:
    User.objects.filter(pk=browser_cast.hangzhou.pk).update(must_change_password=True)

    login(page, "hangzhou")
    assert page.url == f"{live_server.url}/accounts/password/"
    expect(page.get_by_test_id("forced-change")).to_be_visible()
    # Anywhere else leads back to the password form.
    page.goto("/orgs/agencies/")
    assert page.url == f"{live_server.url}/accounts/password/"

    new_password = "New#Passw0rd-2026"
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", new_password)
    page.fill("input[name=new_password2]", new_password)
    with page.expect_navigation():
        page.get_by_role("button", name="保存新密码").click()

    assert page.url == f"{live_server.url}/"
    expect(page.get_by_text("密码已修改。")).to_be_visible()
    expect(page.get_by_test_id("scope-bar")).to_contain_text("杭州市")
    page.goto("/orgs/agencies/")
    assert page.url == f"{live_server.url}/orgs/agencies/"
    user = User.objects.get(pk=browser_cast.hangzhou.pk)
    assert not user.must_change_password
    assert user.check_password(new_password)
