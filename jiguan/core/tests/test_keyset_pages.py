"""Keyset pages past the numbered ones (`core.htmx.paginate`, docs/adr/0011-list-speed.md):
下一页 / 上一页 read the rows after / before a row in the list's order, ties broken by id,
NULLs where the database sorts them, and a cursor out of the user's scope is never used."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db.models import F, QuerySet
from django.test import RequestFactory

from jiguan.conftest import Cast, make_credit_code
from jiguan.core import htmx
from jiguan.orgs.models import Agency


def _agencies(cast: Cast, prefix: str, n: int, *, serial: int, region: Any = None,
              level: Any = None) -> list[Agency]:
    region = region or cast.xihu_agency.region
    return Agency.objects.bulk_create(
        Agency(name=f"{prefix}{i:03d}", region=region,
               level=level(i) if level else "county",
               credit_code=make_credit_code(region.code, serial + i)) for i in range(n))


def _page(qs: QuerySet[Any], params: dict[str, Any], per_page: int) -> Any:
    request = RequestFactory().get("/", params)
    return htmx.paginate(request, qs, per_page=per_page)["page_obj"]


def _params(link: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in link.split("&"))


def _walk(qs: QuerySet[Any], per_page: int) -> tuple[list[list[int]], list[Any]]:
    """Every page by 下一页 from page 1, then back by 上一页: the ids of each page."""
    forward: list[list[int]] = []
    pages = [_page(qs, {}, per_page)]
    forward.append([r.pk for r in pages[-1]])
    while pages[-1].has_next():
        pages.append(_page(qs, _params(pages[-1].next_params), per_page))
        forward.append([r.pk for r in pages[-1]])
    back = [[r.pk for r in pages[-1]]]
    page = pages[-1]
    while page.has_previous():
        page = _page(qs, _params(page.previous_params), per_page)
        back.append([r.pk for r in page])
    return forward, back[::-1]


@pytest.mark.django_db
def test_next_and_previous_pages_past_the_numbered_ones_are_keyset_pages(
        cast: Cast, monkeypatch: Any) -> None:
    monkeypatch.setattr(htmx, "NUMBERED_ROWS", 20)  # pages 1 and 2 numbered at 10 a page
    _agencies(cast, "键集翻页", 45, serial=100)
    qs = Agency.objects.filter(name__startswith="键集翻页").order_by("name")
    expected = list(qs.order_by("name", "pk").values_list("pk", flat=True))
    first = _page(qs, {}, 10)
    assert first.paginator.last_numbered == 2 and first.paginator.deeper
    assert first.next_params == "page=2"  # within the numbered pages: by number
    second = _page(qs, {"page": "2"}, 10)
    assert second.next_params == f"page=3&after={second[9].pk}"
    assert second.previous_params == "page=1"
    third = _page(qs, _params(second.next_params), 10)
    assert isinstance(third, htmx.KeysetPage) and third.number == 3
    assert [r.pk for r in third] == expected[20:30]
    assert third.previous_params == "page=2"  # back into the numbered pages
    assert third.start_index() == 21 and third.end_index() == 30
    fourth = _page(qs, _params(third.next_params), 10)
    assert fourth.previous_params == f"page=3&before={fourth[0].pk}"
    assert [r.pk for r in _page(qs, _params(fourth.previous_params), 10)] == expected[20:30]
    fifth = _page(qs, _params(fourth.next_params), 10)
    assert [r.pk for r in fifth] == expected[40:45] and not fifth.has_next()
    # A numbered page past the numbered ones (a typed URL) is the last numbered page.
    assert _page(qs, {"page": "4"}, 10).number == 2
    forward, back = _walk(qs, 10)
    assert [pk for page in forward for pk in page] == expected
    assert back == forward


@pytest.mark.django_db
def test_ties_in_the_order_are_broken_by_id_so_no_row_is_lost_or_repeated(
        cast: Cast, monkeypatch: Any) -> None:
    monkeypatch.setattr(htmx, "NUMBERED_ROWS", 1)  # every page after the first by keyset
    levels = ("county", "city", "township")
    _agencies(cast, "并列排序", 40, serial=300, level=lambda i: levels[i % 3])
    qs = Agency.objects.filter(name__startswith="并列排序").order_by("-level")
    expected = list(qs.order_by("-level", "pk").values_list("pk", flat=True))
    forward, back = _walk(qs, 7)
    rows = [pk for page in forward for pk in page]
    assert rows == expected and len(set(rows)) == 40
    assert back == forward and len(forward) == 6


@pytest.mark.django_db
@pytest.mark.parametrize("order", [("parent_id", "name"), ("-parent_id", "-name"),
                                   (F("parent_id").asc(nulls_last=True), "name"),
                                   (F("parent_id").desc(nulls_first=True), "name")])
def test_null_keys_are_paged_where_the_database_sorts_them(
        cast: Cast, monkeypatch: Any, order: tuple[Any, ...]) -> None:
    monkeypatch.setattr(htmx, "NUMBERED_ROWS", 1)
    made = _agencies(cast, "空值排序", 23, serial=500)
    parents = [cast.xihu_agency, cast.province_agency]
    for i, agency in enumerate(made):
        agency.parent = parents[i % 2] if i % 3 else None  # a third without a parent
    Agency.objects.bulk_update(made, ["parent"])
    qs = Agency.objects.filter(name__startswith="空值排序").order_by(*order)
    expected = list(qs.order_by(*order, "pk").values_list("pk", flat=True))
    forward, back = _walk(qs, 4)
    assert [pk for page in forward for pk in page] == expected
    assert back == forward


@pytest.mark.django_db
def test_a_cursor_out_of_the_users_scope_is_never_used(cast: Cast, monkeypatch: Any) -> None:
    """西湖区's bureau user pages its agencies; an id from 宁波 (or a deleted row, or rubbish)
    as the cursor gives the last numbered page, and no 宁波 row ever appears."""
    monkeypatch.setattr(htmx, "NUMBERED_ROWS", 50)
    _agencies(cast, "范围翻页", 120, serial=700)
    hidden = _agencies(cast, "范围翻页宁", 60, serial=900, region=cast.ningbo_agency.region)
    client = cast.client("xihu")
    first = client.get("/orgs/agencies/", {"q": "范围翻页"}).content.decode()
    next_link = re.search(r'href="\?([^"]*)" rel="next"', first)
    assert next_link is not None and "after=" in next_link.group(1)
    seen: list[str] = []
    link: str | None = next_link.group(1).replace("&amp;", "&")
    while link:
        page = client.get(f"/orgs/agencies/?{link}").content.decode()
        seen += re.findall(r"范围翻页\d{3}", page)
        assert "范围翻页宁" not in page
        found = re.search(r'href="\?([^"]*)" rel="next"', page)
        link = found.group(1).replace("&amp;", "&") if found else None
    assert len(seen) == 70  # pages 2 and 3: the 西湖 rows after the first 50
    assert seen == [f"范围翻页{i:03d}" for i in range(50, 120)]
    for cursor in (hidden[0].pk, 10**9, "x"):
        for param in ("after", "before"):
            answer = client.get("/orgs/agencies/", {"q": "范围翻页", "page": "3",
                                                    param: cursor})
            assert answer.status_code == 200
            body = answer.content.decode()
            assert 'aria-current="page"><span class="page-link">1</span>' in body
    # The page's rows are read through the user's scope: no 宁波 agency in any page.
    xihu_ids = set(Agency.objects.filter(region=cast.xihu_agency.region)
                   .values_list("pk", flat=True))
    qs = Agency.objects.visible_to(cast.xihu).filter(name__startswith="范围翻页").order_by("name")
    forward, _ = _walk(qs, 50)
    assert {pk for page in forward for pk in page} <= xihu_ids
    assert not {a.pk for a in hidden} & {pk for page in forward for pk in page}


@pytest.mark.django_db
def test_lists_not_in_a_field_order_keep_numbered_pages_only(cast: Cast) -> None:
    from django.db.models.functions import Length

    _agencies(cast, "表达式排序", 12, serial=1100)
    qs = Agency.objects.filter(name__startswith="表达式排序")
    assert htmx.Keyset.of(qs.order_by(Length("name"))) is None
    assert htmx.Keyset.of(qs.order_by("?")) is None
    assert htmx.Keyset.of(qs.values("name")) is None
    assert htmx.Keyset.of(qs.order_by("region")) is None  # Region's own order
    page = _page(qs.order_by(Length("name")), {"page": "2"}, 5)
    assert page.number == 2 and page.next_params == "page=3"
    assert htmx.Keyset.of(qs.order_by("region_id", "-name")) is not None
