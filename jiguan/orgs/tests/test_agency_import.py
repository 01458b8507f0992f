"""Importing the agency register (单位名录): scope, upsert by credit code, export round trip."""

from __future__ import annotations

import io

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.excel import write_export
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.orgs.excel.columns import parse_type
from jiguan.orgs.excel.exports import AGENCY_EXPORT_COLUMNS
from jiguan.orgs.models import Agency

HEADER = ("单位名称,统一社会信用代码,行政区划代码,单位层级,单位性质,上级单位信用代码,"
          "编制数,实有人数\n")


def run(user, text: str, *, filename: str = "a.csv", data: bytes | None = None) -> ImportJob:  # type: ignore[no-untyped-def]
    job = create_job(kind="orgs.agency", filename=filename,
                     data=data if data is not None else (HEADER + text).encode(), user=user)
    job = validate_job(job.pk)
    if job.status == ImportStatus.VALID:
        job = apply_job(job.pk, user.pk)
    return job


def errors(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def test_a_region_outside_the_users_scope_is_a_row_error(cast: Cast) -> None:
    code = make_credit_code("330100", 901)
    job = run(cast.xihu, f"杭州市新局,{code},330100,市级,,,10,8\n")
    assert errors(job) == [(2, "行政区划代码", "区划“杭州市（330100）”不在您的权限范围内")]
    assert not Agency.objects.filter(credit_code=code).exists()


def test_an_agency_registered_outside_the_scope_is_never_updated(cast: Cast) -> None:
    ningbo = cast.ningbo_agency
    job = run(cast.xihu, f"改名,{ningbo.credit_code},330106,县级,,,10,8\n")
    assert (2, "统一社会信用代码", "该信用代码已登记在您权限范围外的单位") in errors(job)
    ningbo.refresh_from_db()
    assert ningbo.name == "宁波市海曙区测试局"
    assert ningbo.region.code == "330203"


def test_an_existing_agency_is_updated_only_where_it_differs(cast: Cast) -> None:
    agency = cast.xihu_agency
    job = run(cast.hangzhou, f"{agency.name},{agency.credit_code},330106,县级,01 国家机关,,60,45\n")
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}
    agency.refresh_from_db()
    assert agency.authorized_headcount == 60
    event = AuditEvent.objects.get(event_type="orgs.agency.updated")
    assert event.changes == {"authorized_headcount": [50, 60]}


def test_a_parent_may_come_earlier_in_the_same_file(cast: Cast) -> None:
    parent, child = make_credit_code("330106", 801), make_credit_code("330106", 802)
    job = run(cast.xihu, f"西湖区甲局,{parent},330106,县级,,,10,8\n"
                         f"西湖区甲局下属中心,{child},330106,县级,024,{parent},5,5\n")
    assert job.status == ImportStatus.DONE, job.errors
    made = Agency.objects.get(credit_code=child)
    assert made.parent is not None
    assert made.parent.credit_code == parent
    assert made.type_code == "024"


def test_an_unknown_parent_or_bad_numbers_are_row_errors(cast: Cast) -> None:
    code = make_credit_code("330106", 803)
    unknown = make_credit_code("330106", 804)
    job = run(cast.xihu, f"西湖区乙局,{code},330106,县级,09 其他,{unknown},很多,-1\n")
    found = {(row, column) for row, column, _ in errors(job)}
    assert found == {(2, "上级单位信用代码"), (2, "单位性质"), (2, "编制数"), (2, "实有人数")}
    assert job.error_count == 4
    assert not Agency.objects.filter(credit_code=code).exists()


def test_a_township_region_takes_only_township_agencies(cast: Cast) -> None:
    from jiguan.access.accounts.actions import township_create
    from jiguan.access.models import Region

    township = township_create(parent=Region.objects.get(code="330106"), code="330106001",
                               name="北山街道", actor=None)
    code = make_credit_code("330106", 805)
    job = run(cast.xihu, f"北山街道办事处,{code},{township.code},县级,,,1,1\n")
    assert errors(job) == [(2, "单位层级", "乡级区划下的单位只能是乡级")]
    job = run(cast.xihu, f"北山街道办事处,{code},{township.code},街道,,,1,1\n")
    assert Agency.objects.get(credit_code=code).level == "township"


def test_an_export_imports_back_without_changes(cast: Cast) -> None:
    buffer = io.BytesIO()
    rows = Agency.objects.select_related("region", "parent").order_by("pk")
    write_export(buffer, AGENCY_EXPORT_COLUMNS, rows.iterator(), title="单位名录")
    job = run(cast.province_admin, "", filename="export.xlsx", data=buffer.getvalue())
    assert job.status == ImportStatus.DONE, job.errors or job.message
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 4}


def test_agency_types_are_read_from_code_label_or_both() -> None:
    assert parse_type("01 国家机关") == parse_type("国家机关") == parse_type("1") == "01"
    assert parse_type("024 事业单位（卫生）") == "024"
    assert parse_type("09 其他") is None
