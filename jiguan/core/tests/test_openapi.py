"""The OpenAPI document: unique schema names, the 4xx answers documented, and a body over
the size limit answered in JSON (issue 9 §4)."""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from ninja import Schema
from pydantic import BaseModel

from config.api import api
from config.api_errors import add_schemas
from jiguan.conftest import Cast


def _types_in(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types_in(arg)


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for t in _types_in(field.annotation):
            if isinstance(t, type) and issubclass(t, BaseModel):
                _models(t, seen)


def schema_names(ninja_api: Any) -> dict[str, set[str]]:
    """Every schema class the API's operations use (parameters, bodies, answers and what
    they nest), by the name it has in the document: {name: {module.qualname, ...}}.
    Ninja's own per-operation wrappers are walked through but not counted."""
    seen: set[type[BaseModel]] = set()
    for router in ninja_api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                candidates = [*operation.models, *operation.response_models.values()]
                for model in candidates:
                    if isinstance(model, type) and issubclass(model, BaseModel):
                        _models(model, seen)
    names: dict[str, set[str]] = defaultdict(set)
    for model in seen:
        if model.__module__.startswith(("jiguan.", "config.")):
            names[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    return names


def test_no_two_schemas_share_a_name_in_the_openapi_document() -> None:
    names = schema_names(api)
    collisions = {name: found for name, found in names.items() if len(found) > 1}
    assert collisions == {}
    components = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]
    assert set(names) <= set(components)
    # Each schema once, under its own name (pydantic would add the module to a second one).
    assert all("__" not in name for name in components)


def test_the_collision_check_finds_a_collision() -> None:
    """The check above can fail: two modules' RollupOut are found."""
    first = types.new_class("RollupOut", (Schema,), exec_body=lambda ns: ns.update(
        {"__annotations__": {"a": int}, "__module__": "jiguan.energy.api_x"}))
    second = types.new_class("RollupOut", (Schema,), exec_body=lambda ns: ns.update(
        {"__annotations__": {"b": str}, "__module__": "jiguan.space.api_x"}))
    fake_op = types.SimpleNamespace(models=[], response_models={200: first, 201: second})
    fake_router = types.SimpleNamespace(
        path_operations={"/x": types.SimpleNamespace(operations=[fake_op])})
    fake_api = types.SimpleNamespace(_get_bound_routers=lambda: [fake_router])
    assert len(schema_names(fake_api)["RollupOut"]) == 2


def test_adding_a_schema_under_a_taken_name_is_refused() -> None:
    from config.api_errors import ErrorOut as RealErrorOut

    class ErrorOut(Schema):
        something_else: int

    schemas: dict[str, Any] = {}
    add_schemas(schemas, RealErrorOut)
    add_schemas(schemas, RealErrorOut)  # the same schema again is fine
    with pytest.raises(ImproperlyConfigured, match="ErrorOut"):
        add_schemas(schemas, ErrorOut)


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_error_answers(cast: Cast) -> None:
    schema = cast.client("xihu").get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"]
    responses = schema["components"]["responses"]
    assert responses["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"}
    checked = 0
    for path, method, operation in _operations(schema):
        answers = operation["responses"]
        assert {"401", "403"} <= set(answers), f"{method} {path}"
        if "{" in path:
            assert "404" in answers, f"{method} {path}"
        if operation.get("requestBody"):
            assert {"413", "422"} <= set(answers), f"{method} {path}"
        checked += 1
    assert checked > 50
    batch = schema["paths"]["/api/v1/energy/readings/batch"]["post"]["responses"]["422"]
    assert "BatchRefused" in str(batch)  # an endpoint's own 422 is kept


def test_a_documented_404_answers_in_the_documented_shape(cast: Cast) -> None:
    response = cast.client("xihu").get(f"/api/v1/orgs/agencies/{cast.ningbo_agency.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "对象不存在"}


def test_a_body_over_the_size_limit_answers_json_in_chinese(cast: Cast, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client = cast.client("province_admin")
    body = '{"name": "' + "单" * (1024 * 1024) + '"}'
    response = client.post("/api/v1/orgs/agencies", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "请求体过大：不能超过 1 MB（大批量数据请分批提交）"}
    form = client.post("/api/v1/orgs/agencies", data={"name": "x" * (1024 * 1024 + 1)})
    assert form.status_code == 413
    assert "请求体过大" in form.json()["detail"]


def test_a_token_client_gets_the_same_json_413(cast: Cast, settings: Any) -> None:
    from jiguan.access.accounts import actions

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    _, raw = actions.token_create(user=cast.province_admin, name="对接", actor=cast.province_admin)
    response = Client().post("/api/v1/orgs/agencies", data="[" + "1," * 2000 + "1]",
                             content_type="application/json",
                             headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 413
    assert "请求体过大" in response.json()["detail"]
