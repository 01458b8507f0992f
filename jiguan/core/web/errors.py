"""The error pages: Chinese, in the site's shell, with a way back.

Django calls these for 400/403/404/500 (config/urls.py sets the handlers). The API
(/api/) answers its errors as JSON through django-ninja and never reaches them. A 500 is
rendered with a plain context (no context processors run): if the error came from the
database or a context processor, the page must not depend on them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

TEMPLATE = "error_page.html"
PAGES: dict[int, tuple[str, str]] = {
    400: ("请求有误", "提交的内容无法处理，请返回上一页检查后重试。"),
    403: ("没有权限", "您的账号没有访问此页面或执行此操作的权限。"
                      "如需开通，请联系本单位的系统管理员。"),
    404: ("页面不存在", "您要找的页面或记录不存在，或不在您的权限范围内。"),
    500: ("系统出错了", "服务器处理请求时出错，已记录在案。"
                        "请稍后重试；如问题持续，请联系系统管理员。"),
}


def _back_url(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    try:
        host = request.get_host()
    except DisallowedHost:  # the reason for this very 400: no way back to offer
        return ""
    if url_has_allowed_host_and_scheme(referer, {host}, require_https=request.is_secure()):
        return referer
    return ""


def _render(request: HttpRequest | None, status: int) -> HttpResponse:
    title, text = PAGES[status]
    context: dict[str, Any] = {"error_code": status, "error_title": title, "error_text": text}
    if request is not None:
        context["back_url"] = _back_url(request)
    content = loader.render_to_string(TEMPLATE, context, request)
    return HttpResponse(content, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: the shell without user, navigation or messages."""
    return _render(None, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form posted from a stale page or another site."""
    content = loader.render_to_string(TEMPLATE, {
        "error_code": 403, "error_title": "页面已过期",
        "error_text": "表单已失效（页面停留过久、已在其他窗口退出登录，或来自其他网站）。"
                      "请刷新页面后重新提交。",
        "back_url": _back_url(request)}, request)
    return HttpResponse(content, status=403)
