"""The register's list pages ask the database a fixed number of questions, however many rows
the page shows: no per-row query (bench/README.md, session 9, found one a building for the
region's full name)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiguan.conftest import Cast
from jiguan.orgs.models import Person
from jiguan.space.compliance import actions
from jiguan.space.compliance.models import Finding
from jiguan.space.tests.test_compliance import building, room, seat

LISTS = ("/space/buildings/", "/space/rooms/", "/space/compliance/findings/")
#: The most queries a list page may run for a bureau user (session, user, grants, the
#: capped count, the page, its prefetch, the filter form's regions, the menu's to-do count).
MAX_QUERIES = 14


def _add(cast: Cast, n: int) -> None:
    """`n` buildings in two counties, each with two over-standard offices and their people
    (findings by person and by room) and an owner not the county's bureau in Ningbo
    (findings by building)."""
    for i in range(n):
        xihu = i % 2 == 0
        agency = cast.xihu_agency if xihu else cast.ningbo_agency
        b = building(region="330106" if xihu else "330203")
        for j in range(2):
            r = room(b, 40, agency=agency, number=f"{i}-{j}")
            seat(r, Person.objects.create(name=f"人员{i}-{j}", agency=agency,
                                          rank="below_section"))
    actions.sync()


def _queries(client: Any, url: str) -> tuple[int, str]:
    client.get(url)  # the session's first read out of the way
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("who", ["province_admin", "xihu"])
def test_list_pages_run_no_query_per_row(cast: Cast, who: str) -> None:
    _add(cast, 4)
    client = cast.client(who)
    few = {url: _queries(client, url)[0] for url in LISTS}
    _add(cast, 16)
    assert Finding.objects.count() > 40
    for url in LISTS:
        n, page = _queries(client, url)
        assert n == few[url], f"{url}: {few[url]} queries with 4 buildings, {n} with 20"
        assert n <= MAX_QUERIES, url
        assert "人员" in page or "测试楼" in page  # rows shown


def test_building_list_shows_the_regions_full_name(cast: Cast,
                                                   django_assert_max_num_queries: Any) -> None:
    _add(cast, 6)
    client = cast.client("province_admin")
    client.get("/space/buildings/")
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get("/space/buildings/").content.decode()
    assert "浙江省杭州市西湖区" in page and "浙江省宁波市海曙区" in page
    assert page.count("<tr>") >= 7  # header + six buildings


def test_list_filters_keep_their_options_and_selection(cast: Cast) -> None:
    _add(cast, 2)
    client = cast.client("province_admin")
    page = client.get("/space/buildings/", {"region": _region_pk("330106"),
                                            "use": "office"}).content.decode()
    assert f'<option value="{_region_pk("330106")}" selected>西湖区</option>' in page
    assert '<option value="office" selected>办公</option>' in page
    assert '<select name="region" class="form-select" id="id_region">' in page
    findings = client.get("/space/compliance/findings/", {"region": "330203"}).content.decode()
    assert '<option value="330203" selected>海曙区</option>' in findings
    assert '<option value="330106">西湖区</option>' in findings


def _region_pk(code: str) -> int:
    from jiguan.access.models import Region

    return Region.objects.get(code=code).pk


def test_a_countys_findings_by_code_are_those_under_its_path(cast: Cast) -> None:
    from jiguan.space.compliance.models import under_region

    _add(cast, 6)
    for path in ("/330000/", "/330000/330100/", "/330000/330100/330106/",
                 "/330000/330200/330203/", "/330000/330200/330281/"):
        by_path = set(Finding.objects.filter(region_path__startswith=path)
                      .values_list("pk", flat=True))
        assert set(Finding.objects.filter(under_region(path))
                   .values_list("pk", flat=True)) == by_path, path
    assert "county_code" in str(Finding.objects.filter(
        under_region("/330000/330100/330106/")).query)
    xihu = cast.client("xihu").get("/space/compliance/findings/").content.decode()
    assert "杭州市西湖区测试局" in xihu and "宁波市海曙区测试局" not in xihu
    filtered = cast.client("province_admin").get("/space/compliance/findings/",
                                                 {"region": "330203"}).content.decode()
    assert "宁波市海曙区测试局" in filtered and "杭州市西湖区测试局" not in filtered
