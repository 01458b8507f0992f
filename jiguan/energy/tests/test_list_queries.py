"""The energy lists read a page in a fixed number of queries, however many rows it shows:
each row's region was a query of its own (`Region.full_name`, bench/README.md session 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.energy.models import GarbageSortingSite
from jiguan.orgs.models import Agency

PAGES = ["energy:entry", "energy:water_saving_list", "energy:sorting_list"]


def _more_agencies(n: int, serial: int) -> None:
    """`n` agencies spread over the counties (rows with a region three levels deep)."""
    counties = list(Region.objects.filter(level="county").order_by("code")[:n])
    for i in range(n):
        region = counties[i % len(counties)]
        agency = Agency.objects.create(name=f"测试单位{i:03d}", region=region, level="county",
                                       credit_code=make_credit_code(region.code, serial + i))
        GarbageSortingSite.objects.create(kind="institution", agency=agency, name=agency.name,
                                          region=region, since=dt.date(2024, 1, 1))


def _queries(cast: Cast, name: str) -> tuple[int, str]:
    cache.clear()  # each measurement computes its share panel (energy.programs.shares)
    with CaptureQueriesContext(connection) as ctx:
        response = cast.client("province_admin").get(reverse(name))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_a_page_of_rows_costs_the_same_queries_as_a_few(cast: Cast, name: str,
                                                        django_assert_max_num_queries) -> None:
    _more_agencies(2, 500)
    few, _ = _queries(cast, name)
    _more_agencies(40, 600)
    many, text = _queries(cast, name)
    assert many == few
    assert "浙江省杭州市西湖区" in text or "浙江省" in text  # full region names still shown
    client = cast.client("province_admin")
    client.get(reverse(name))  # the share panel, computed once, is then read from the cache
    with django_assert_max_num_queries(22):
        client.get(reverse(name))


def test_the_rows_show_the_regions_full_name(cast: Cast) -> None:
    GarbageSortingSite.objects.create(kind="institution", agency=cast.xihu_agency,
                                      name=cast.xihu_agency.name, region=cast.xihu_agency.region,
                                      since=dt.date(2024, 1, 1))
    for name in PAGES:
        text = cast.client("province_admin").get(reverse(name)).content.decode()
        assert "浙江省杭州市西湖区" in text, name



def test_the_readings_list_is_in_its_index_order(cast: Cast) -> None:
    """The latest month first, then the institutions in register order, then the type: the
    order of the index energy_reading_list_order, so a page is read from the index and not
    sorted (SQLite sorted a province's month of readings by the institution's name for each
    page: 1.4 s; bench/README.md session 10)."""
    from jiguan.energy.tests.factories import save

    save(cast.xihu_agency, "2026-09", {"electricity": 10, "water_tap": 5})
    save(cast.hangzhou_agency, "2026-09", {"electricity": 20})
    save(cast.hangzhou_agency, "2026-10", {"electricity": 30})
    response = cast.client("province_admin").get(reverse("energy:reading_list"))
    rows = [(r.month.month, r.agency_id, r.energy_type) for r in response.context["page_obj"]]
    expected = sorted([(10, cast.hangzhou_agency.pk, "electricity"),
                       (9, cast.hangzhou_agency.pk, "electricity"),
                       (9, cast.xihu_agency.pk, "electricity"),
                       (9, cast.xihu_agency.pk, "water_tap")],
                      key=lambda r: (-r[0], r[1], r[2]))
    assert rows == expected
    if connection.vendor == "sqlite":
        page = response.context["page_obj"].paginator.object_list
        sql, params = page.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "energy_reading_list_order" in plan and "TEMP B-TREE" not in plan, plan
