"""The scope matrix: the standing cast through every list, detail, write, export and API
endpoint. Each app declares its endpoints in `<app>/tests/scope.py` as SCOPE_MATRIX; this
test collects them all, so a new module joins the matrix by adding that file.

Expected codes: 200 (or 302 after a write) inside scope; 404 for an object outside scope
(exactly like a missing one); 403 where the object is visible but the role may not act.
"""

from __future__ import annotations

import importlib
import json
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction

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


ENDPOINTS = collect()


def _request(cast: Cast, endpoint: Endpoint, actor: str, url: str) -> int:
    # The data afresh for each actor: it may hold objects a request consumes (an upload).
    data = endpoint.data(cast) if endpoint.data else {}
    client = cast.client(actor)
    if endpoint.method == "GET":
        response = client.get(url, data)
    elif endpoint.api:
        response = client.generic(endpoint.method, url, data=json.dumps(data),
                                  content_type="application/json")
    else:
        response = client.post(url, data)
    return response.status_code


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[ep.name for ep in ENDPOINTS])
def test_scope_matrix(cast: Cast, endpoint: Endpoint) -> None:
    """One endpoint through the six actors. The endpoint's objects (its url callable) are
    built once; each actor's data, login and request run in a savepoint that is rolled
    back, so every actor meets the same state it would meet alone, and a write by one actor
    is not seen by the next. Every actor is tried; the failure names each endpoint and
    actor that answered otherwise (or raised)."""
    missing = [actor for actor in ACTORS if actor not in endpoint.expect]
    assert not missing, f"{endpoint.name}: no expected code for {', '.join(missing)}"
    url = endpoint.url(cast)
    failures: list[str] = []
    for actor in ACTORS:
        expected = endpoint.expect[actor]
        try:
            with transaction.atomic():
                got = _request(cast, endpoint, actor, url)
                transaction.set_rollback(True)
        except Exception:
            failures.append(f"{endpoint.name} as {actor}: expected {expected}, raised\n"
                            f"{traceback.format_exc()}")
            continue
        if got != expected:
            failures.append(f"{endpoint.name} as {actor}: expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


def test_every_app_with_pages_declares_its_endpoints() -> None:
    names = {ep.name.split(":")[0] for ep in collect()}
    assert {"orgs", "audit", "todo", "imports", "access"} <= names
