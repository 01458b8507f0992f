"""The set-based write of agency and person imports: per-object audit of changes (written in
bulk), org_changed per region, atomicity, and the column-at-a-time check giving exactly what
the row-by-row check gives."""

from __future__ import annotations

import random
from typing import Any

import pytest

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.imports.pipeline import (
    RowStore,
    apply_job,
    check_rows,
    create_job,
    open_table,
    validate_job,
)
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.orgs.excel.agencies import AgencyImporter
from jiguan.orgs.excel.people import PersonImporter
from jiguan.orgs.models import Agency, Person
from jiguan.orgs.signals import org_changed

HEADER = ("单位名称,统一社会信用代码,行政区划代码,单位层级,单位性质,上级单位信用代码,"
          "编制数,实有人数\n")
PEOPLE = "单位信用代码,姓名,人员编号,职务,职级\n"


def run(user: Any, text: str, kind: str = "orgs.agency") -> ImportJob:
    header = HEADER if kind == "orgs.agency" else PEOPLE
    job = validate_job(create_job(kind=kind, filename="a.csv",
                                  data=(header + text).encode(), user=user).pk)
    return apply_job(job.pk, user.pk) if job.status == ImportStatus.VALID else job


def test_changed_agencies_keep_their_old_and_new_values_in_their_history(cast: Cast) -> None:
    xihu, hangzhou = cast.xihu_agency, cast.hangzhou_agency
    new = make_credit_code("330106", 601)
    job = run(cast.hangzhou, f"西湖区测试局（新名）,{xihu.credit_code},330106,县级,,"
                             f"{hangzhou.credit_code},60,\n"
                             f"{hangzhou.name},{hangzhou.credit_code},330100,市级,,,50,45\n"
                             f"新中心,{new},330106,县级,,{xihu.credit_code},1,1\n")
    assert job.summary == {"created": 1, "updated": 1, "unchanged": 1}, job.errors
    (event,) = AuditEvent.objects.filter(event_type="orgs.agency.updated")
    assert event.target_id == str(xihu.pk)
    assert event.target_repr == "西湖区测试局（新名）"
    assert event.actor == cast.hangzhou
    assert event.region_path == xihu.region.path
    assert event.changes == {"name": ["杭州市西湖区测试局", "西湖区测试局（新名）"],
                             "parent": [None, "杭州市测试局"],
                             "authorized_headcount": [50, 60]}
    assert not AuditEvent.objects.filter(event_type="orgs.agency.created").exists()
    assert AuditEvent.objects.filter(event_type="core.import.confirmed").count() == 1
    page = cast.client("hangzhou").get(f"/orgs/agencies/{xihu.pk}/").content.decode()
    assert "西湖区测试局（新名）" in page and "杭州市西湖区测试局" in page
    xihu.refresh_from_db()
    assert (xihu.name, xihu.parent_id, xihu.import_job_id) == (
        "西湖区测试局（新名）", hangzhou.pk, job.pk)
    made = Agency.objects.get(credit_code=new)
    assert (made.parent_id, made.type_code, made.created_by, made.import_job_id) == (
        xihu.pk, "01", cast.hangzhou, job.pk)
    hangzhou.refresh_from_db()
    assert hangzhou.import_job_id is None  # unchanged rows are not marked


def test_changed_people_are_audited_and_a_second_import_changes_nothing(cast: Cast) -> None:
    code = cast.xihu_agency.credit_code
    text = f"{code},张三,,处长,副科级\n"
    job = run(cast.xihu, text, "orgs.person")
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}
    (event,) = AuditEvent.objects.filter(event_type="orgs.person.updated")
    assert event.target_id == str(cast.xihu_person.pk)
    assert event.changes == {"post": ["局长", "处长"], "rank": ["section_head", "section_deputy"]}
    before = AuditEvent.objects.count()
    again = run(cast.xihu, text, "orgs.person")
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 1}
    assert AuditEvent.objects.count() == before + 1  # the job's own event only


def test_org_changed_is_sent_once_per_region_written(cast: Cast) -> None:
    sent: list[str] = []

    def listen(sender: Any, region_path: str, **kwargs: Any) -> None:
        sent.append(region_path)

    org_changed.connect(listen)
    try:
        codes = [make_credit_code("330106", 610 + i) for i in range(3)]
        run(cast.province_admin, "".join(f"中心{i},{c},330106,县级,,,1,1\n"
                                         for i, c in enumerate(codes))
            + f"{cast.ningbo_agency.name},{cast.ningbo_agency.credit_code},330203,县级,,,9,9\n")
    finally:
        org_changed.disconnect(listen)
    assert sorted(sent) == sorted([cast.xihu_agency.region.path, cast.ningbo_agency.region.path])


def test_a_failure_while_writing_rolls_every_row_back(cast: Cast,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import jiguan.orgs.excel.agency_write as write

    def broken(**kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(write, "record_many", broken)
    new = make_credit_code("330106", 620)
    job = run(cast.xihu, f"新中心,{new},330106,县级,,,1,1\n"
                         f"{cast.xihu_agency.name},{cast.xihu_agency.credit_code},330106,县级,,,"
                         "77,45\n")
    assert job.status == ImportStatus.FAILED
    assert not Agency.objects.filter(credit_code=new).exists()
    cast.xihu_agency.refresh_from_db()
    assert cast.xihu_agency.authorized_headcount == 50
    assert not AuditEvent.objects.filter(event_type="core.import.confirmed").exists()


class _RowByRow(RowStore):
    """A plain store: the importers then check every row with clean_row."""

    def __iter__(self) -> Any:
        return iter(self._rows)


def _checked(importer_cls: type, user: Any, text: str, *, slow: bool) -> tuple[Any, list[Any]]:
    importer = importer_cls(user)
    if slow:
        importer.row_store = lambda: _RowByRow(importer.key)
    data = text.encode()
    result = check_rows(importer, open_table(importer, data, "a.csv"), lambda done: None)
    return [e.as_dict() for e in result.errors], list(result.rows)


def test_the_column_check_keeps_and_refuses_exactly_what_clean_row_does(cast: Cast) -> None:
    xihu, ningbo = cast.xihu_agency, cast.ningbo_agency
    c = [make_credit_code("330106", 630 + i) for i in range(6)]
    text = HEADER + "".join([
        f"甲,{c[0]},330106,县级,01,,1,1\n",
        f"乙,{c[1]},330106,县级,,{c[0]},,\n",            # parent earlier in the file
        f"丙,{c[2]},330106,县级,,{c[3]},1,1\n",          # parent later: an error
        f"丁,{c[3]},330203,县级,,,1,1\n",                # region out of scope
        f"戊,{c[4]},330106,省级,国家机关,,-1,x\n",        # bad numbers
        f"{xihu.name},{xihu.credit_code},330106,县级,,,50,45\n",  # existing, unchanged
        f"改名,{ningbo.credit_code},330106,县级,,,1,1\n",  # registered out of scope
        f"己,{c[5]},330106,县级,,,1,1\n",
        f"己二,{c[5]},330106,县级,,,1,1\n",              # repeated code
        f",{c[0][:17]}0,330106,乡级,09,,1,1\n",          # several problems
    ])
    fast = _checked(AgencyImporter, cast.xihu, text, slow=False)
    assert fast == _checked(AgencyImporter, cast.xihu, text, slow=True)
    assert {e["row"] for e in fast[0]} == {4, 5, 6, 8, 9, 10, 11}
    assert [row[1] for row in fast[1]] == [c[0], c[1], xihu.credit_code]


def test_the_person_column_check_matches_clean_row(cast: Cast) -> None:
    Person.objects.create(name="张三", agency=cast.xihu_agency, rank="section_deputy",
                          staff_no="002")
    x, n = cast.xihu_agency.credit_code, cast.ningbo_agency.credit_code
    text = PEOPLE + "".join([
        f"{x},王五,X1,科员,科级以下\n", f"{x},张三,,,正科级\n", f"{x},张三,002,,正科级\n",
        f"{n},赵六,,,科级以下\n", f"{x},钱七,,,正处级\n", f"{x},,,,正科级\n",
        f"{x},孙八,X1,,正科级\n", f"{x},李九,,,\n",
    ])
    fast = _checked(PersonImporter, cast.xihu, text, slow=False)
    assert fast == _checked(PersonImporter, cast.xihu, text, slow=True)
    assert {e["row"] for e in fast[0]} == {3, 5, 6, 7, 2, 8, 9}



def test_the_quick_credit_code_check_agrees_with_the_worded_one() -> None:
    from jiguan.orgs import rules

    good = make_credit_code("330106", 12345)
    samples = [good, good.lower(), good[:17] + "0", good[:16] + "X" + good[17],
               "I" + good[1:], "Z" + good[1:], good[:17], good + "1", "11330A" + good[6:],
               "１" + good[1:], ""]
    for code in samples:
        assert rules.credit_code_valid(code) == (rules.credit_code_problem(code) is None), code
    assert rules.credit_code_valid(good)
    rng = random.Random(9)
    for serial in range(3000):  # valid codes and every kind of one-character slip
        code = make_credit_code(rng.choice(("330106", "330000", "110105")), serial)
        slip = rng.randrange(18)
        for bad in (code, code[:slip] + rng.choice(rules.CREDIT_CODE_CHARSET) + code[slip + 1:]):
            assert rules.credit_code_valid(bad) == (rules.credit_code_problem(bad) is None), bad


def test_rows_carry_their_job_while_another_job_of_the_kind_is_applying(cast: Cast) -> None:
    other = ImportJob.objects.create(kind="orgs.agency", filename="b.csv",
                                     status=ImportStatus.APPLYING, created_by=cast.hangzhou)
    new = make_credit_code("330106", 640)
    job = run(cast.xihu, f"新中心,{new},330106,县级,,,1,1\n")
    assert job.status == ImportStatus.DONE
    assert Agency.objects.get(credit_code=new).import_job_id == job.pk != other.pk
