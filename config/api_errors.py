"""The API's error answers: one JSON shape, documented once for every operation.

Every error the API gives is ``{"detail": "<中文说明>", "errors": ...}`` (the exception
handlers of config/api.py). Instead of repeating 401/403/404/413/422 on each endpoint, the
generated OpenAPI document gets them added here, by what an operation can meet: 401 and 403
where it needs a login, 404 where its path names an object, 422 where it takes parameters
or a body, 400 and 413 where it takes a body. A status an endpoint declares itself (the readings
batch's 422 with its refused items) is kept as declared.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from ninja import Field, Schema

REF = "#/components/schemas/{model}"


class FieldErrorOut(Schema):
    field: str = Field(description="出错的字段（点分路径，如 payload.name）")
    message: str = Field(description="中文说明")


class ErrorOut(Schema):
    detail: str = Field(description="中文说明，如“对象不存在”")
    errors: list[FieldErrorOut] | dict[str, list[str]] | None = Field(
        None, description="逐字段的错误（422）：请求格式错误时为列表，数据校验未通过时为"
                          "字段名到错误说明的映射")


#: status -> (component name, description)
ERROR_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "请求格式无效（字段或文件过多，或格式损坏）"),
    401: ("Unauthorized", "未登录或令牌无效"),
    403: ("Forbidden", "没有权限执行此操作"),
    404: ("NotFound", "对象不存在，或不在您的权限范围内（两者的回答相同）"),
    413: ("PayloadTooLarge", "请求体超过大小限制"),
    422: ("UnprocessableEntity", "请求数据格式错误或校验未通过，errors 逐字段说明"),
}


def _statuses(path: str, operation: dict[str, Any]) -> list[int]:
    out: list[int] = []
    if operation.get("security"):
        out += [401, 403]
    if "{" in path:
        out.append(404)
    if operation.get("requestBody"):
        out += [400, 413]
    if operation.get("parameters") or operation.get("requestBody"):
        out.append(422)
    return out


def add_schemas(schemas: dict[str, Any], model: type[Schema]) -> None:
    """Put a model's JSON schema (and its nested ones) into the components; a name already
    taken by a different schema is an error, never a silent overwrite."""
    schema = model.model_json_schema(ref_template=REF)
    found = {**schema.pop("$defs", {}), model.__name__: schema}
    for name, definition in found.items():
        if name in schemas and schemas[name] != definition:
            raise ImproperlyConfigured(f"OpenAPI 组件名冲突：{name}")
        schemas[name] = definition


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to a generated OpenAPI document (in place) and return it."""
    components = schema.setdefault("components", {})
    add_schemas(components.setdefault("schemas", {}), ErrorOut)
    ref = {"$ref": REF.format(model="ErrorOut")}
    responses = components.setdefault("responses", {})
    for name, description in ERROR_RESPONSES.values():
        responses[name] = {"description": description,
                           "content": {"application/json": {"schema": ref}}}
    for path, methods in schema.get("paths", {}).items():
        for operation in methods.values():
            answers = operation.setdefault("responses", {})
            for status in _statuses(path, operation):
                if status not in answers and str(status) not in answers:
                    name = ERROR_RESPONSES[status][0]
                    answers[status] = {"$ref": f"#/components/responses/{name}"}
    return schema
