"""The register tables that bulk imports fill carry no index on who created or changed a
row (core.models.RegisterModel, orgs 0005, ADR 0012), and the migration that dropped them
left the search index's triggers in place (a table rebuild on SQLite would drop them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from jiguan.conftest import Cast, make_credit_code
from jiguan.core.models import BaseModel, RegisterModel
from jiguan.core.search import search
from jiguan.orgs.models import Agency, ConcurrentPost, Person


def _indexed_columns(model: type[Any]) -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {tuple(c["columns"]) for c in found.values() if c["index"] or c["unique"]}


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Agency, Person])
def test_register_tables_have_no_user_column_indexes(model: type[Any]) -> None:
    assert issubclass(model, RegisterModel)
    columns = _indexed_columns(model)
    assert ("created_by_id",) not in columns
    assert ("updated_by_id",) not in columns
    assert ("credit_code",) in columns or ("agency_id", "status") in columns  # others stay


@pytest.mark.django_db
def test_other_models_keep_their_user_column_indexes() -> None:
    assert not issubclass(ConcurrentPost, RegisterModel) and issubclass(ConcurrentPost,
                                                                        BaseModel)
    assert ("created_by_id",) in _indexed_columns(ConcurrentPost)


def test_search_still_follows_inserts_after_the_index_migration(cast: Cast) -> None:
    agency = Agency.objects.create(name="独一无二测试局",
                                   credit_code=make_credit_code("330106", 77),
                                   region=cast.xihu_agency.region, level="county")
    Person.objects.create(name="欧阳子墨", agency=agency, rank="below_section")
    assert list(search(Agency.objects.all(), "无二测")) == [agency]
    assert [p.name for p in search(Person.objects.all(), "阳子")] == ["欧阳子墨"]


def test_a_people_search_finds_by_name_and_by_the_agencys_name(cast: Cast) -> None:
    """The agency branch is dropped only when no agency matches: a name found in an agency's
    name still lists that agency's people, and a personal name finds the person alone."""
    agency = Agency.objects.create(name="鑫源测试中心", credit_code=make_credit_code("330106", 78),
                                   region=cast.xihu_agency.region, level="county")
    staff = Person.objects.create(name="王一", agency=agency, rank="below_section")
    named = Person.objects.create(name="李鑫鑫", agency=cast.xihu_agency, rank="below_section")
    other = Person.objects.create(name="赵二", agency=cast.xihu_agency, rank="below_section")
    found = set(Person.objects.all().search("鑫"))
    assert {staff, named} <= found and other not in found
    assert list(Person.objects.all().search("李鑫")) == [named]
    assert list(Person.objects.all().search("不存在的名字")) == []


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the PostgreSQL grams index; SQLite reads its FTS5 side table")
def test_on_postgresql_the_index_condition_is_on_the_searched_row() -> None:
    """`jiguan_grams(name, post) @> ...` on the row itself, not `pk IN (SELECT ...)`: the
    subquery form was answered by a scan of the whole table for a common character."""
    sql = str(search(Person.objects.all(), "鑫").query)
    assert "jiguan_grams(" in sql
    assert 'IN (SELECT U0."id"' not in sql and "IN (SELECT" not in sql


@pytest.mark.django_db
def test_a_regions_agencies_are_counted_by_level_from_the_index_alone() -> None:
    """The share panels count a region's active agencies by region and level
    (energy.programs.forms.share_rollup); (region, status, level) answers it without
    reading the agency rows (orgs 0007, bench/README.md session 10)."""
    from django.db.models import Count

    assert ("region_id", "status", "level") in _indexed_columns(Agency)
    assert ("region_id", "status") not in _indexed_columns(Agency)  # its prefix serves
    counts = (Agency.objects.filter(region__path__startswith="/330000/", status="active")
              .values("region_id", "level").annotate(n=Count("pk")).order_by())
    if connection.vendor != "sqlite":
        return  # PostgreSQL's plan depends on its statistics; the index is checked above
    sql, params = counts.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "COVERING INDEX orgs_agency_region_status" in plan, plan


@pytest.mark.django_db
def test_active_agencies_in_register_order_are_the_active_ones_region_by_region(
        cast: Cast) -> None:
    """The lists of active institutions (water saving, the energy entry) read them in the
    register's order, the active condition written as "not merged or abolished": given
    ``status = 'active'`` SQLite sorted the province's 40,000 agencies for each page
    (AgencyQuerySet.active_in_register_order, bench/README.md session 11)."""
    from jiguan.core.htmx import Keyset

    region = cast.xihu_agency.region
    for n, name in enumerate(["乙局", "甲局", "丙中心"]):
        Agency.objects.create(name=name, credit_code=make_credit_code("330106", 90 + n),
                              region=region, level="county")
    Agency.objects.create(name="已并入局", credit_code=make_credit_code("330106", 95),
                          region=region, level="county", status="merged",
                          status_date="2026-01-01")
    Agency.objects.create(name="已撤销局", credit_code=make_credit_code("330106", 96),
                          region=region, level="county", status="abolished",
                          status_date="2026-01-01")
    rows = Agency.objects.filter(region__path__startswith="/330000/") \
        .active_in_register_order().select_related("region")
    assert list(rows) == list(Agency.objects.filter(region__path__startswith="/330000/")
                              .active().select_related("region").order_by("region__code",
                                                                          "name", "pk"))
    got = [(a.region.code, a.name) for a in rows]
    assert got == sorted(got) and len(got) >= 4
    assert not {"已并入局", "已撤销局"} & {a.name for a in rows}
    # by code the regions come in their tree order (a county after its city)
    assert [a.region.path for a in rows] == sorted(a.region.path for a in rows)
    assert rows.pick_active  # the agency picker of a form built on it offers active ones
    sql = str(rows.query)
    assert "NOT (" in sql and '"status" IN (merged, abolished)' in sql, sql
    keyset = Keyset.of(rows)
    assert keyset is not None and [k[0] for k in keyset.keys] == ["region__code", "name", "pk"]
