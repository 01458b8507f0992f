"""Page steps shared by the browser tests."""

from __future__ import annotations

from typing import Any

from jiguan.conftest import PASSWORD


def login(page: Any, username: str, password: str = PASSWORD) -> Any:
    """Fill in and submit the login form; returns the response of the form's navigation."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="登录").click()
    return nav.value
