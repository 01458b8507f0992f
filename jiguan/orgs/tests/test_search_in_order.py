"""An unselective people search on SQLite is read in the list's order with the index's
candidates as a filter (core.search.search_in_order, orgs.models.PersonQuerySet.search):
the same people, in the same order, with the same count, as read from the candidates; only
where no join to the regions would make SQLite start from them (a city's or a county's
scope; not the province's, nor with the region filter), and never on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.orgs import models as orgs_models
from jiguan.orgs.filters import people_for
from jiguan.orgs.models import Agency, Person

WALK = '+"orgs_person"."id" IN'
SQLITE = connection.vendor == "sqlite"


@pytest.fixture
def people(cast: Cast) -> list[Person]:
    """Twenty-four people of 西湖区 in three agencies, twenty with 鑫 in the name (16) or
    the post (4), and two in 宁波 (outside 西湖区)."""
    region = Region.objects.get(code="330106")
    agencies = [cast.xihu_agency, *(Agency.objects.create(
        name=f"西湖区测试所{i}", region=region, level="county",
        credit_code=make_credit_code("330106", 400 + i)) for i in range(2))]
    made = []
    for i in range(24):
        name = f"{'鑫' if i % 3 else '林'}测{i:02d}"
        post = "鑫源项目组" if i % 6 == 0 else "科员"
        made.append(Person.objects.create(name=name, post=post, agency=agencies[i % 3],
                                          rank="below_section"))
    for i in range(2):
        made.append(Person.objects.create(name=f"鑫宁{i}", agency=cast.ningbo_agency,
                                          rank="below_section"))
    return made


def _read(user: Any, params: dict[str, str]) -> tuple[list[int], int, str]:
    qs, form = people_for(user, params)
    assert form.is_valid()
    return [p.pk for p in qs], qs.count(), str(qs.query)


@pytest.mark.parametrize("params", [{"q": "鑫"}, {"q": "鑫", "status": "serving"},
                                    {"q": "测1"}])
def test_a_countys_search_reads_the_same_people_in_order(
        cast: Cast, people: list[Person], monkeypatch: pytest.MonkeyPatch,
        params: dict[str, str]) -> None:
    from_candidates = _read(cast.xihu, params)
    monkeypatch.setattr(orgs_models, "IN_ORDER_CANDIDATES", 1)
    in_order = _read(cast.xihu, params)
    assert in_order[:2] == from_candidates[:2]
    assert (WALK in in_order[2]) is SQLITE
    assert WALK not in from_candidates[2]
    assert from_candidates[1] == (20 if params.get("q") == "鑫" else 10)


def test_a_selective_search_is_read_from_its_candidates(
        cast: Cast, people: list[Person], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(orgs_models, "IN_ORDER_CANDIDATES", 1000)
    assert WALK not in _read(cast.xihu, {"q": "鑫"})[2]


def test_the_provinces_scope_and_the_region_filter_keep_the_candidates(
        cast: Cast, people: list[Person], monkeypatch: pytest.MonkeyPatch) -> None:
    """A join to the regions (the province's scope, the region filter): SQLite would start
    from the regions and sort every match (128 ms for 鑫 at the province)."""
    monkeypatch.setattr(orgs_models, "IN_ORDER_CANDIDATES", 1)
    found, count, sql = _read(cast.province_admin, {"q": "鑫"})
    assert WALK not in sql and count == len(found) == 22
    xihu = Region.objects.get(code="330106")
    found, count, sql = _read(cast.hangzhou, {"q": "鑫", "region": str(xihu.pk)})
    assert WALK not in sql and count == len(found) == 20


def test_the_page_shows_the_same_people(cast: Cast, people: list[Person],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    url = reverse("orgs:person_list")
    before = cast.client("xihu").get(url, {"q": "鑫"}).content.decode()
    monkeypatch.setattr(orgs_models, "IN_ORDER_CANDIDATES", 1)
    after = cast.client("xihu").get(url, {"q": "鑫"}).content.decode()
    rows = before.split("<tbody>")[1].split("</tbody>")[0]
    assert rows == after.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr") == 20 and "鑫宁" not in rows
