"""Who sees which people: below the province a region grant reads the people of the region's
agencies by ``agency_id IN (...)`` rather than a join (orgs.models._people_in_region,
bench/README.md session 10); the rows must be exactly those of the join."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.orgs.models import Person


def _by_join(path: str) -> set[int]:
    return set(Person.objects.filter(agency__region__path__startswith=path)
               .values_list("pk", flat=True))


def test_each_grant_sees_exactly_the_people_of_its_region(cast: Cast) -> None:
    Person.objects.create(name="王五", agency=cast.hangzhou_agency, rank="below_section")
    for user, code in ((cast.province_admin, "330000"), (cast.hangzhou, "330100"),
                       (cast.xihu, "330106")):
        path = Region.objects.get(code=code).path
        seen = set(Person.objects.visible_to(user).values_list("pk", flat=True))
        assert seen == _by_join(path)
    assert set(Person.objects.visible_to(cast.xihu)) == {cast.xihu_person}
    assert set(Person.objects.visible_to(cast.ningbo_reporter)) == {cast.ningbo_person}
    assert not Person.objects.visible_to(cast.outsider).exists()


def test_a_county_reads_its_people_by_the_agency_list_the_province_by_the_join(
        cast: Cast) -> None:
    with CaptureQueriesContext(connection) as county:
        list(Person.objects.visible_to(cast.xihu))
    assert 'IN (SELECT U0."id"' in county.captured_queries[-1]["sql"]
    with CaptureQueriesContext(connection) as province:
        list(Person.objects.visible_to(cast.province_admin))
    assert "IN (SELECT" not in province.captured_queries[-1]["sql"]


def test_the_region_filter_of_the_people_list_keeps_the_scope(cast: Cast) -> None:
    ningbo = Region.objects.get(code="330203")
    response = cast.client("xihu").get(reverse("orgs:person_list"), {"region": ningbo.pk})
    assert response.status_code == 200
    assert "李四" not in response.content.decode()
    hangzhou = Region.objects.get(code="330100")
    rows = cast.client("province_admin").get(reverse("orgs:person_list"),
                                             {"region": hangzhou.pk}).context["page_obj"]
    assert [p.name for p in rows] == ["张三"]
