"""Importing people (人员名册): ranks of the agency's level, scope, namesakes."""

from __future__ import annotations

from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.orgs.models import Person

HEADER = "单位信用代码,姓名,人员编号,职务,职级\n"


def run(user, text: str) -> ImportJob:  # type: ignore[no-untyped-def]
    job = create_job(kind="orgs.person", filename="p.csv", data=(HEADER + text).encode(),
                     user=user)
    job = validate_job(job.pk)
    if job.status == ImportStatus.VALID:
        job = apply_job(job.pk, user.pk)
    return job


def test_people_are_created_then_left_alone_on_reimport(cast: Cast) -> None:
    code = cast.xihu_agency.credit_code
    text = f"{code},王五,X001,科员,科级以下\n{code},张三,,局长,正科级\n"
    job = run(cast.xihu, text)
    assert job.summary == {"created": 1, "updated": 0, "unchanged": 1}, job.errors
    assert Person.objects.get(staff_no="X001").rank == "below_section"
    again = run(cast.xihu, text)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}


def test_a_rank_of_another_level_is_refused_with_the_allowed_ranks(cast: Cast) -> None:
    job = run(cast.xihu, f"{cast.xihu_agency.credit_code},王五,,,正处级\n")
    assert job.status == ImportStatus.INVALID
    (error,) = job.errors
    assert error["row"] == 2
    assert error["column"] == "职级"
    assert error["message"] == ("职级“正处级”不属于县级机关，可选："
                                "县级正职、县级副职、正科级、副科级、科级以下")


def test_an_agency_outside_the_scope_is_a_row_error(cast: Cast) -> None:
    job = run(cast.xihu, f"{cast.ningbo_agency.credit_code},王五,,,正科级\n")
    assert job.errors[0]["column"] == "单位信用代码"
    assert "不在您的权限范围内" in job.errors[0]["message"]
    assert not Person.objects.filter(name="王五").exists()


def test_namesakes_need_a_staff_number(cast: Cast) -> None:
    Person.objects.create(name="张三", agency=cast.xihu_agency, rank="section_deputy",
                          staff_no="002")
    code = cast.xihu_agency.credit_code
    job = run(cast.xihu, f"{code},张三,,,正科级\n")
    assert job.errors[0]["column"] == "人员编号"
    assert "请填写人员编号" in job.errors[0]["message"]
    job = run(cast.xihu, f"{code},张三,002,,正科级\n")
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}
    assert Person.objects.get(staff_no="002").rank == "section_head"


def test_duplicate_people_in_one_file_name_each_other(cast: Cast) -> None:
    code = cast.xihu_agency.credit_code
    job = run(cast.xihu, f"{code},王五,,,正科级\n{code},王五,,,副科级\n")
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "姓名"), (3, "姓名")]


def test_an_agency_reporter_imports_people_of_their_agency(cast: Cast) -> None:
    job = run(cast.ningbo_reporter, f"{cast.ningbo_agency.credit_code},赵六,,,科级以下\n")
    assert job.status == ImportStatus.DONE
    assert job.summary["created"] == 1


def test_the_person_template_downloads(cast: Cast) -> None:
    response = cast.client("xihu").get("/imports/orgs.person/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
