"""The JSON API (/api/v1/): a second interface over the same querysets and actions."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.openapi.schema import OpenAPISchema

from config.api_errors import document_errors
from jiguan.access.login.api_auth import API_AUTH
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record


class JiguanAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema


api = JiguanAPI(
    title="机关事务管理平台 API",
    version="1",
    description="会话（浏览器登录）或 API 令牌（请求头 Authorization: Bearer <令牌>）认证。"
                "所有数据均按账号的权限范围过滤：范围外的对象返回 404。",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    user: Any = request.user
    if user.is_authenticated:
        record(actor=user, event="access.denied", outcome=Outcome.DENIED, ip=client_ip(request),
               extra={"path": request.path[:300], "method": request.method or ""},
               require_transaction=False)
    return api.create_response(request, {"detail": "没有权限执行此操作"}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "对象不存在"}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "数据校验未通过", "errors": errors},
                               status=422)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return api.create_response(
        request, {"detail": f"请求体过大：不能超过 {limit:g} MB（大批量数据请分批提交）"},
        status=413)


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """Too many form fields or files, a malformed multipart body: a JSON 400, not HTML."""
    return api.create_response(request, {"detail": "请求格式无效（字段或文件过多，或格式损坏）"},
                               status=400)


_PYDANTIC_MESSAGES = {
    "missing": "缺少必填字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期，格式如 2024-01-02",
    "date_parsing": "应为日期，格式如 2024-01-02",
    "string_type": "应为文本",
    "string_too_short": "不能为空或过短",
    "string_too_long": "过长",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "请求体格式错误",
}


@api.exception_handler(SchemaValidationError)
def _schema_invalid(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    """Pydantic's errors, in Chinese, each naming its field."""
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "payload", "query")]
        template = _PYDANTIC_MESSAGES.get(str(err.get("type")), "")
        ctx = err.get("ctx") or {}
        try:
            message = template.format(**ctx) if template else str(err.get("msg", "格式错误"))
        except (KeyError, IndexError):
            message = template
        errors.append({"field": ".".join(loc), "message": message})
    return api.create_response(request, {"detail": "请求数据格式错误", "errors": errors},
                               status=422)


def _register_routers() -> None:
    from jiguan.assessment.api import router as assessment_router
    from jiguan.assets.api import router as assets_router
    from jiguan.audit.api import router as audit_router
    from jiguan.energy.api import router as energy_router
    from jiguan.governance.api import router as governance_router
    from jiguan.guidance.api import router as guidance_router
    from jiguan.internalaudit.api import router as internalaudit_router
    from jiguan.orgs.api import router as orgs_router
    from jiguan.overview.api import router as overview_router
    from jiguan.services.api import router as services_router
    from jiguan.space.api import router as space_router
    from jiguan.todo.api import router as todo_router
    from jiguan.travel.api import router as travel_router

    api.add_router("/orgs/", orgs_router)
    api.add_router("/audit/", audit_router)
    api.add_router("/todo/", todo_router)
    api.add_router("/space/", space_router)
    api.add_router("/energy/", energy_router)
    api.add_router("/travel/", travel_router)
    api.add_router("/governance/", governance_router)
    api.add_router("/services/", services_router)
    api.add_router("/assets/", assets_router)
    api.add_router("/internalaudit/", internalaudit_router)
    api.add_router("/assessment/", assessment_router)
    api.add_router("/guidance/", guidance_router)
    api.add_router("/overview/", overview_router)


_register_routers()


def api_urls() -> Any:
    """The API's URL patterns, opted out of LoginRequiredMiddleware: the API answers 401
    itself. The schema and its docs page stay behind the login like every page."""
    patterns, app_name, namespace = api.urls
    for p in patterns:
        if not isinstance(p, URLPattern):
            continue
        if p.name == "openapi-view":
            # Swagger UI (served from ninja's own static files, no CDN) sets inline styles.
            p.callback = csp_update({"style-src": ["'unsafe-inline'"]})(p.callback)
        elif p.name != "openapi-json":
            p.callback.login_required = False  # type: ignore[attr-defined]
    return patterns, app_name, namespace
