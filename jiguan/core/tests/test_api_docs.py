from __future__ import annotations

import re

from django.test import Client

from jiguan.conftest import Cast


def test_the_openapi_schema_lists_the_endpoints(cast: Cast) -> None:
    response = cast.client("xihu").get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/orgs/agencies" in paths
    assert "/api/v1/audit/events" in paths


def test_the_docs_page_uses_no_cdn(cast: Cast) -> None:
    response = cast.client("xihu").get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    # No script or style from another host. (Not `"cdn" not in body`: the page's random
    # CSRF token held those three letters once in a while.)
    assert re.search(r"""(src|href)=["']?(https?:)?//""", body) is None
    assert "cdn." not in body.lower()


def test_the_schema_and_docs_need_a_login() -> None:
    assert Client().get("/api/v1/docs").status_code == 302
    assert Client().get("/api/v1/openapi.json").status_code == 302


def test_an_anonymous_api_call_answers_401_not_a_redirect() -> None:
    response = Client().get("/api/v1/orgs/agencies")
    assert response.status_code == 401
