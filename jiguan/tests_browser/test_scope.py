"""Scope in the browser: what is outside a user's regions does not exist for them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.conftest import Cast
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


def test_out_of_scope_detail_is_404(page: Any, browser_cast: Cast) -> None:
    login(page, "xihu")
    # In scope: the Xihu agency opens.
    own = page.goto(f"/orgs/agencies/{browser_cast.xihu_agency.pk}/")
    assert own is not None
    assert own.status == 200
    expect(page.get_by_role("heading", name="杭州市西湖区测试局")).to_be_visible()

    response = page.goto(f"/orgs/agencies/{browser_cast.ningbo_agency.pk}/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_text("宁波市海曙区测试局")).to_have_count(0)
