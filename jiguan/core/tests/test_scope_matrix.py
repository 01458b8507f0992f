"""The scope matrix: the standing cast through every list, detail, write, export and API
endpoint. Each app declares its endpoints in `<app>/tests/scope.py` as SCOPE_MATRIX; this
test collects them all, so a new module joins the matrix by adding that file.

Expected codes: 200 (or 302 after a write) inside scope; 404 for an object outside scope
(exactly like a missing one); 403 where the object is visible but the role may not act.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps

from jiguan.conftest import Cast

ACTORS = ("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor", "outsider")


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[Cast], str]
    expect: dict[str, int]
    data: Callable[[Cast], dict[str, Any]] | None = None
    api: bool = False


def collect() -> list[Endpoint]:
    out: list[Endpoint] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiguan."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.scope")
        except ModuleNotFoundError:
            continue
        out.extend(module.SCOPE_MATRIX)
    return out


CASES = [(ep, actor) for ep in collect() for actor in ACTORS]


@pytest.mark.parametrize(("endpoint", "actor"), CASES,
                         ids=[f"{ep.name}-{actor}" for ep, actor in CASES])
def test_scope_matrix(cast: Cast, endpoint: Endpoint, actor: str) -> None:
    client = cast.client(actor)
    url = endpoint.url(cast)
    data = endpoint.data(cast) if endpoint.data else {}
    if endpoint.method == "GET":
        response = client.get(url, data)
    elif endpoint.api:
        response = client.generic(endpoint.method, url, data=__import__("json").dumps(data),
                                  content_type="application/json")
    else:
        response = client.post(url, data)
    expected = endpoint.expect[actor]
    assert response.status_code == expected, (
        f"{endpoint.name} as {actor}: expected {expected}, got {response.status_code}")


def test_every_app_with_pages_declares_its_endpoints() -> None:
    names = {ep.name.split(":")[0] for ep in collect()}
    assert {"orgs", "audit", "todo", "imports", "access"} <= names
