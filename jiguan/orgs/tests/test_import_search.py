"""The search index after an import (core.search.deferred_index, ADR 0013): imported and
changed rows are found right after confirm, a failed import leaves neither rows nor index
entries, and on SQLite the index holds exactly one current document per row."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.state import ProjectState

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.core.search import RefreshSearchIndex, deferred_index, search, sqlite_grams
from jiguan.orgs.models import Agency, Person

HEADER = ("单位名称,统一社会信用代码,行政区划代码,单位层级,单位性质,上级单位信用代码,"
          "编制数,实有人数\n")
PEOPLE = "单位信用代码,姓名,人员编号,职务,职级\n"
SQLITE = pytest.mark.skipif("connection.vendor != 'sqlite'",
                            reason="the FTS5 table and its triggers exist on SQLite only")


def run(user: Any, text: str, kind: str = "orgs.agency") -> ImportJob:
    header = HEADER if kind == "orgs.agency" else PEOPLE
    job = validate_job(create_job(kind=kind, filename="a.csv",
                                  data=(header + text).encode(), user=user).pk)
    assert job.status == ImportStatus.VALID, job.errors
    return apply_job(job.pk, user.pk)


def documents(model: type[Any]) -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT rowid, grams FROM "{model._meta.db_table}_search"')
        return dict(cursor.fetchall())


def assert_index_current(model: type[Any]) -> None:
    """SQLite: one document per row, each the row's current grams (nothing left over)."""
    if connection.vendor != "sqlite":
        return
    expected = {pk: sqlite_grams(*values) for pk, *values
                in model.objects.values_list("pk", *model.search_fields)}
    assert documents(model) == expected


def names(qs: Any, text: str) -> list[str]:
    return sorted(search(qs, text).values_list("name", flat=True))


def test_imported_and_changed_agencies_are_found_right_after_confirm(cast: Cast) -> None:
    xihu = cast.xihu_agency
    new = [make_credit_code("330106", 700 + i) for i in range(3)]
    job = run(cast.hangzhou, f"西湖区翠苑管理处,{xihu.credit_code},330106,县级,,,50,\n"
              + "".join(f"灵隐测绘中心{i},{code},330106,县级,,{xihu.credit_code},1,1\n"
                        for i, code in enumerate(new)))
    assert job.status == ImportStatus.DONE and job.summary["created"] == 3, job.message
    agencies = Agency.objects.all()
    assert names(agencies, "灵隐测绘") == [f"灵隐测绘中心{i}" for i in range(3)]
    assert names(agencies, "翠苑管理") == ["西湖区翠苑管理处"]
    assert names(agencies, "西湖区测试局") == []  # the old name is gone from the index
    assert_index_current(Agency)


def test_imported_people_are_found_right_after_confirm(cast: Cast) -> None:
    code = cast.xihu_agency.credit_code
    job = run(cast.xihu, f"{code},上官翩跹,,科员,科级以下\n{code},张三,,巡视员,副科级\n",
              "orgs.person")
    assert job.status == ImportStatus.DONE, job.message
    assert job.summary == {"created": 1, "updated": 1, "unchanged": 0}
    people = Person.objects.all()
    assert names(people, "官翩") == ["上官翩跹"]
    assert names(people, "巡视") == ["张三"]  # post is indexed too: the update re-indexed it
    assert names(people, "局长") == []
    assert_index_current(Person)


def test_a_failed_import_leaves_neither_rows_nor_index_entries(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    import jiguan.orgs.excel.agency_write as write

    def broken(**kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(write, "record_many", broken)
    before = Agency.objects.count()
    new = make_credit_code("330106", 720)
    job = run(cast.xihu, f"鹤鸣测绘中心,{new},330106,县级,,,1,1\n"
                         f"西湖区鹤鸣局,{cast.xihu_agency.credit_code},330106,县级,,,77,45\n")
    assert job.status == ImportStatus.FAILED
    assert Agency.objects.count() == before
    assert names(Agency.objects.all(), "鹤鸣") == []
    assert not AuditEvent.objects.filter(event_type="core.import.confirmed").exists()
    assert_index_current(Agency)


def test_inserts_updates_and_deletes_inside_a_deferral_are_indexed_at_its_end(
        cast: Cast) -> None:
    region = cast.xihu_agency.region
    made = [Agency.objects.create(name=f"旧名单位{i}", region=region, level="county",
                                  credit_code=make_credit_code("330106", 800 + i))
            for i in range(240)]
    with transaction.atomic(), deferred_index():
        fresh = Agency.objects.create(name="新立琅琊馆", region=region, level="county",
                                      credit_code=make_credit_code("330106", 1100))
        for agency in made[::2]:  # 120 runs of one pk: the staged-runs path of the fill
            Agency.objects.filter(pk=agency.pk).update(name=f"新名机构{agency.pk}")
        Agency.objects.filter(pk=made[1].pk).delete()
        if connection.vendor == "sqlite":  # deferred: nothing written to the index yet
            assert fresh.pk not in documents(Agency)
    agencies = Agency.objects.all()
    assert names(agencies, "琅琊") == ["新立琅琊馆"]
    assert len(names(agencies, "新名机构")) == 120
    assert names(agencies, "旧名单位") == sorted(a.name for a in made[3::2])
    assert_index_current(Agency)


def test_a_deferral_that_raises_takes_its_rows_with_it(cast: Cast) -> None:
    region = cast.xihu_agency.region
    with transaction.atomic():
        try:
            with deferred_index():
                Agency.objects.create(name="半途而废中心", region=region, level="county",
                                      credit_code=make_credit_code("330106", 1200))
                raise ValueError("stop")
        except ValueError:
            pass
        kept = Agency.objects.create(name="善始善终中心", region=region, level="county",
                                     credit_code=make_credit_code("330106", 1201))
    assert names(Agency.objects.all(), "中心") == [kept.name]
    assert_index_current(Agency)


@pytest.mark.skipif("connection.vendor != 'sqlite'",
                    reason="transactional_db cannot flush the append-only audit table on "
                           "PostgreSQL; the check is the same code on both")
def test_a_deferral_needs_the_writes_transaction(transactional_db: Any) -> None:
    with pytest.raises(RuntimeError), deferred_index():
        pass


@SQLITE
def test_refreshing_the_index_heals_triggers_lost_to_a_table_rebuild(cast: Cast) -> None:
    """What orgs 0006 does for a database that applied 0003_search_and_list_indexes before
    0003_user_columns_without_constraints (whose AlterField rebuilt the table, dropping its
    triggers)."""
    with connection.cursor() as cursor:
        for suffix in ("ai", "ad", "au"):
            cursor.execute(f'DROP TRIGGER "orgs_agency_search_{suffix}"')
    lost = Agency.objects.create(name="无人索引中心", region=cast.xihu_agency.region,
                                 level="county", credit_code=make_credit_code("330106", 1300))
    assert lost.pk not in documents(Agency)
    state = ProjectState.from_apps(apps)
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    RefreshSearchIndex("agency", ("name",)).database_forwards("orgs", editor, state, state)
    assert names(Agency.objects.all(), "无人索引") == ["无人索引中心"]
    Agency.objects.filter(pk=lost.pk).update(name="有人索引中心")
    assert names(Agency.objects.all(), "有人索引") == ["有人索引中心"]
    assert_index_current(Agency)
