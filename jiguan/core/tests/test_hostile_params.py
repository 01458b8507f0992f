"""Hostile query strings never give a server error: huge, negative or garbage ids."""

from __future__ import annotations

import pytest

from jiguan.conftest import Cast

HUGE = "9" * 30

PAGES = [
    "/orgs/agencies/?region={v}", "/orgs/people/?region={v}", "/orgs/people/?agency={v}",
    "/space/buildings/?region={v}", "/space/rooms/?building={v}", "/space/rooms/?agency={v}",
    "/space/rooms/?region={v}", "/space/compliance/findings/?agency={v}",
    "/space/compliance/?region={v}", "/orgs/agencies/?page={v}", "/audit/?start={v}",
    "/api/v1/orgs/agencies?region={v}", "/api/v1/orgs/people?agency={v}",
    "/api/v1/space/rooms?building={v}", "/api/v1/space/rooms?agency={v}",
    "/api/v1/space/buildings?region={v}", "/api/v1/orgs/agencies?page={v}",
]


@pytest.mark.parametrize("value", [HUGE, "-1", "abc", "0", "1e5", ""])
@pytest.mark.parametrize("template", PAGES)
def test_no_query_string_gives_a_server_error(cast: Cast, template: str, value: str) -> None:
    response = cast.client("province_admin").get(template.format(v=value))
    assert response.status_code < 500, f"{template.format(v=value)} -> {response.status_code}"
