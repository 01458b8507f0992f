"""Long lists: numbered pages, a page jump that keeps the filters, counts with separators."""

from __future__ import annotations

import re
from typing import Any

from jiguan.conftest import Cast, make_credit_code
from jiguan.core import htmx
from jiguan.orgs import views as orgs_views
from jiguan.orgs.models import Agency


def test_a_long_list_has_numbered_pages_and_a_jump_keeping_the_filters(cast: Cast) -> None:
    Agency.objects.bulk_create(
        Agency(name=f"分页测试单位{i:03d}", region=cast.xihu_agency.region, level="county",
               credit_code=make_credit_code("330106", 500 + i)) for i in range(260))
    client = cast.client("province_admin")
    page = client.get("/orgs/agencies/", {"q": "分页测试", "page": "3"}).content.decode()
    assert 'aria-current="page"><span class="page-link">3</span>' in page
    assert "&page=1\">1</a>" in page and "&page=6\">6</a>" in page
    assert '<input type="hidden" name="q" value="分页测试">' in page
    assert 'data-testid="page-jump"' in page
    assert "共 6 页，260 条" in page
    # A page past the end shows the last page, never an error.
    last = client.get("/orgs/agencies/", {"q": "分页测试", "page": "99"}).content.decode()
    assert 'aria-current="page"><span class="page-link">6</span>' in last


def test_a_thousand_rows_are_counted_with_a_separator(cast: Cast) -> None:
    Agency.objects.bulk_create(
        Agency(name=f"计数单位{i:04d}", region=cast.xihu_agency.region, level="county",
               credit_code=make_credit_code("330106", 2000 + i)) for i in range(1000))
    page = cast.client("province_admin").get("/orgs/agencies/", {"q": "计数单位"})
    assert "1,000 条" in page.content.decode()


def test_counts_stop_at_the_cap_and_say_more(cast: Cast, monkeypatch: Any) -> None:
    monkeypatch.setattr(htmx, "COUNT_CAP", 100)
    monkeypatch.setattr(orgs_views, "SEARCH_COUNT_CAP", 100)  # the list is searched
    Agency.objects.bulk_create(
        Agency(name=f"封顶计数{i:03d}", region=cast.xihu_agency.region, level="county",
               credit_code=make_credit_code("330106", 3000 + i)) for i in range(130))
    client = cast.client("province_admin")
    page = client.get("/orgs/agencies/", {"q": "封顶计数"}).content.decode()
    assert "超过 100 条，可跳至前 2 页，之后用“下一页”逐页查看" in page and "共 3 页" not in page
    # The last counted page is served; a page past it gives that last page, not an error.
    last = client.get("/orgs/agencies/", {"q": "封顶计数", "page": "3"}).content.decode()
    assert 'aria-current="page"><span class="page-link">2</span>' in last
    assert "封顶计数099" in last
    # Past the count, 下一页 goes on by keyset (core/tests/test_keyset_pages.py).
    link = re.search(r'href="\?([^"]*)" rel="next"', last)
    assert link is not None and "after=" in link.group(1)
    beyond = client.get(f"/orgs/agencies/?{link.group(1).replace('&amp;', '&')}")
    assert "封顶计数129" in beyond.content.decode() and "封顶计数099" not in beyond.content.decode()
    exact = client.get("/orgs/agencies/", {"q": "封顶计数00"}).content.decode()
    assert "共 10 条" in exact


def test_the_count_selects_the_key_only_not_the_rows_figures(cast: Cast) -> None:
    """The building list's room count and area are correlated subqueries; counting the
    list must not run them for every counted row (they cost the province's building list
    ~150 ms a page, bench/README.md session 7). Filters on a figure still count."""
    from django.db import connection
    from django.db.models import F, IntegerField, OuterRef, Subquery, Value
    from django.test.utils import CaptureQueriesContext

    from jiguan.orgs.models import Person

    for i in range(3):
        Agency.objects.create(name=f"计数选列{i}", region=cast.xihu_agency.region,
                              level="county", credit_code=make_credit_code("330106", 4000 + i))
    people = Person.objects.filter(agency=OuterRef("pk")).order_by().values("agency")
    rows = (Agency.objects.filter(name__startswith="计数选列")
            .annotate(heads=Subquery(people.values("id")[:1], output_field=IntegerField()),
                      one=Value(1)).order_by("name"))
    with CaptureQueriesContext(connection) as queries:
        assert htmx.CappedPaginator(rows, 2).count == 3
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "orgs_person" not in sql and "ORDER BY" not in sql
    filtered = rows.annotate(twice=F("one") + F("one")).filter(twice=2)
    assert htmx.CappedPaginator(filtered, 2).count == 3


def test_a_deep_page_reads_its_ids_first_and_shows_the_same_rows(cast: Cast,
                                                                  monkeypatch: Any) -> None:
    """Past DEFERRED_ROWS_FROM rows, a page of a queryset is its ids (filter, order,
    OFFSET) and then its rows by id with their related objects; the rows and their order
    are those of the plain slice (forced here on either database)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Agency.objects.bulk_create(
        Agency(name=f"深页单位{i % 7}-{i:03d}", region=cast.xihu_agency.region,
               level="county", credit_code=make_credit_code("330106", 4000 + i))
        for i in range(130))
    monkeypatch.setattr(htmx, "DEFERRED_ROWS_FROM", 50)
    monkeypatch.setattr(htmx, "DEFERRED_ROWS_VENDORS", (connection.vendor,))
    rows = (Agency.objects.filter(name__startswith="深页单位").select_related("region")
            .order_by("name", "pk"))
    expected = [a.pk for a in rows[100:125]]
    paginator = htmx.CappedPaginator(rows, 25)
    assert paginator.count == 130  # counted before the page, as the list page does
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.page(5)
    assert [a.pk for a in page.object_list] == expected
    assert [a.region.name for a in page.object_list] == ["西湖区"] * 25  # joined, no query
    assert len(ctx.captured_queries) == 2
    assert "OFFSET 100" in ctx.captured_queries[0]["sql"]
    assert "access_region" not in ctx.captured_queries[0]["sql"]
    # The first pages, and lists the database does not defer, read one query.
    first = [a.pk for a in rows[:25]]
    with CaptureQueriesContext(connection) as ctx:
        assert [a.pk for a in paginator.page(1).object_list] == first
    assert len(ctx.captured_queries) == 1
    monkeypatch.setattr(htmx, "DEFERRED_ROWS_VENDORS", ())
    with CaptureQueriesContext(connection) as ctx:
        assert [a.pk for a in htmx.CappedPaginator(rows, 25).page(5).object_list] == expected
    assert len(ctx.captured_queries) == 2  # the count, then the page in one query
