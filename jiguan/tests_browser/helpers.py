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


def pick_agency(scope: Any, text: str, name: str | None = None, field: str = "agency") -> None:
    """Type `text` into the agency picker `field` (jiguan/orgs/fields.py) within `scope` (a
    page or a form locator) and click the suggestion naming `name` (by default the first)."""
    box = scope.locator(f"input[name={field}__q]")
    box.fill("")
    box.press_sequentially(text)
    options = scope.get_by_test_id(f"pick-{field}").locator("[data-pick-id]")
    (options.filter(has_text=name) if name else options).first.click()
    hidden = scope.locator(f"input[type=hidden][name={field}]")
    hidden.and_(scope.locator(f"input[name={field}]:not([value=''])"))
    assert hidden.input_value(), f"the picker {field} kept no id"
