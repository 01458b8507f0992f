"""Every error page is Chinese, in the site's shell, with a way back."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path

from jiguan.conftest import Cast


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]
handler500 = "jiguan.core.web.errors.server_error"


def test_a_missing_page_is_chinese_in_the_shell_with_a_way_back(cast: Cast) -> None:
    client = cast.client("hangzhou")
    response = client.get("/orgs/agencies/999999/", HTTP_REFERER="http://testserver/orgs/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page
    assert "不在您的权限范围内" in page
    assert 'data-testid="scope-bar"' in page  # the shell, with the user's navigation
    assert 'href="http://testserver/orgs/" data-testid="error-back"' in page
    assert 'data-testid="error-home"' in page


def test_a_back_link_never_points_to_another_site(cast: Cast) -> None:
    response = cast.client("hangzhou").get("/orgs/agencies/999999/",
                                           HTTP_REFERER="https://evil.example/")
    assert 'data-testid="error-back"' not in response.content.decode()


def test_a_forbidden_page_is_chinese(cast: Cast) -> None:
    response = cast.client("auditor").get("/imports/orgs.agency/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert "联系本单位的系统管理员" in response.content.decode()


def test_a_bad_request_is_chinese(cast: Cast) -> None:
    response = cast.client("hangzhou").get("/", HTTP_HOST="bad host")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@override_settings(ROOT_URLCONF="jiguan.core.tests.test_error_pages")
def test_a_server_error_is_chinese_and_needs_no_request_context(cast: Cast) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(cast.hangzhou)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page
    assert "返回首页" in page
    assert "boom" not in page


def test_the_project_urls_use_the_chinese_error_views() -> None:
    from config import urls

    assert (urls.handler400, urls.handler403, urls.handler404, urls.handler500) == (
        "jiguan.core.web.errors.bad_request", "jiguan.core.web.errors.permission_denied",
        "jiguan.core.web.errors.page_not_found", "jiguan.core.web.errors.server_error")


def test_a_stale_form_gets_a_chinese_csrf_page(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.hangzhou)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_every_error_page_has_the_chinese_title_in_the_html_title(status: int) -> None:
    from jiguan.core.web.errors import PAGES, _render

    page = _render(None, status).content.decode()
    assert f"<title>{PAGES[status][0]} · 机关事务管理平台</title>" in page


def test_a_link_the_user_has_no_right_to_is_not_shown(cast: Cast) -> None:
    home = cast.client("sysadmin").get("/").content.decode()
    assert 'data-testid="nav-inbox"' not in home
    assert 'data-testid="nav-inbox"' in cast.client("hangzhou").get("/").content.decode()
    reporter = cast.client("ningbo_reporter")
    agencies = reporter.get("/orgs/agencies/").content.decode()
    assert "/imports/orgs.agency/" not in agencies  # the agency import needs 修改单位
    assert reporter.get("/imports/orgs.agency/").status_code == 403
    assert "/imports/orgs.person/" in reporter.get("/orgs/people/").content.decode()
