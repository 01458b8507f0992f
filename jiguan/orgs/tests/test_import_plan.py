"""What an agency or person import will do, shown before confirming: new and changed rows
with old → new values, probable duplicates (仍然新增), and the lists filtered to a job."""

from __future__ import annotations

from jiguan.conftest import Cast, make_credit_code
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.orgs.models import Agency, Person

HEADER = ("单位名称,统一社会信用代码,行政区划代码,单位层级,单位性质,上级单位信用代码,"
          "编制数,实有人数\n")
PEOPLE = "单位信用代码,姓名,人员编号,职务,职级\n"


def check(user, text: str, kind: str = "orgs.agency") -> ImportJob:  # type: ignore[no-untyped-def]
    header = HEADER if kind == "orgs.agency" else PEOPLE
    job = create_job(kind=kind, filename="a.csv", data=(header + text).encode(), user=user)
    return validate_job(job.pk)


def confirm(job: ImportJob, allow: list[int] | None = None) -> ImportJob:
    if allow is not None:
        ImportJob.objects.filter(pk=job.pk).update(options={"allow_rows": allow})
    return apply_job(job.pk, job.created_by_id)


def test_the_plan_lists_new_and_changed_agencies_with_display_values(cast: Cast) -> None:
    xihu = cast.xihu_agency
    new = make_credit_code("330106", 701)
    job = check(cast.hangzhou, f"{xihu.name},{xihu.credit_code},330106,县级,024,"
                               f"{cast.hangzhou_agency.credit_code},60,45\n"
                               f"西湖区新设中心,{new},330106,县级,,,8,7\n")
    assert job.status == ImportStatus.VALID, job.errors
    plan = job.plan
    assert (plan["created"], plan["updated"], plan["unchanged"]) == (1, 1, 0)
    update, create = plan["rows"]
    assert update["action"] == "update"
    assert update["title"] == f"{xihu.name}（{xihu.credit_code}）"
    assert update["url"] == f"/orgs/agencies/{xihu.pk}/"
    assert update["changes"] == [["单位性质", "01 国家机关", "024 事业单位（卫生）"],
                                 ["上级单位", "", "杭州市测试局"], ["编制数", "50", "60"]]
    assert create["action"] == "create"
    assert ["行政区划代码", "", "西湖区（330106）"] in create["changes"]
    assert ["单位层级", "", "县级"] in create["changes"]
    assert plan["suspects"] == []
    assert not Agency.objects.filter(credit_code=new).exists()


def test_a_new_code_under_a_registered_name_is_a_suspect_with_a_link(cast: Cast) -> None:
    code = make_credit_code("330106", 702)
    # Full-width brackets and spaces do not hide the name.
    job = check(cast.xihu, f"杭州市 西湖区测试局,{code},330106,县级,,,8,7\n")
    (suspect,) = job.plan["suspects"]
    assert suspect["row"] == 2
    code = cast.xihu_agency.credit_code
    assert suspect["message"] == (f"与已登记单位“杭州市西湖区测试局”（{code}）"
                                  "名称相同且同在西湖区，可能重复")
    assert suspect["url"] == f"/orgs/agencies/{cast.xihu_agency.pk}/"


def test_a_namesake_outside_the_scope_is_neither_named_nor_linked(cast: Cast) -> None:
    code = make_credit_code("330106", 703)
    job = check(cast.xihu, f"宁波市海曙区测试局,{code},330106,县级,,,8,7\n")
    assert job.plan["suspects"] == [
        {"row": 2, "message": "与权限范围外的已登记单位名称相同，可能重复", "url": ""}]


def test_two_new_rows_of_one_name_flag_the_later_one(cast: Cast) -> None:
    a, b = make_credit_code("330106", 704), make_credit_code("330106", 705)
    job = check(cast.xihu, f"西湖区（新）中心,{a},330106,县级,,,1,1\n"
                           f"西湖区(新)中心,{b},330106,县级,,,1,1\n")
    assert [(s["row"], s["message"]) for s in job.plan["suspects"]] == [
        (3, "与本表第2行的新单位名称相同（信用代码不同），可能重复")]


def test_unconfirmed_suspects_are_skipped_and_confirmed_ones_created(cast: Cast) -> None:
    a, b = make_credit_code("330106", 706), make_credit_code("330106", 707)
    text = (f"杭州市西湖区测试局,{a},330106,县级,,,1,1\n"
            f"西湖区另一中心,{b},330106,县级,,,1,1\n")
    job = confirm(check(cast.xihu, text))
    assert job.summary == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 1}
    assert not Agency.objects.filter(credit_code=a).exists()
    job = confirm(check(cast.xihu, text), allow=[2])
    assert job.summary == {"created": 1, "updated": 0, "unchanged": 1}
    assert Agency.objects.get(credit_code=a).import_job_id == job.pk


def test_a_child_of_a_skipped_suspect_rolls_the_whole_import_back(cast: Cast) -> None:
    parent, child = make_credit_code("330106", 708), make_credit_code("330106", 709)
    job = confirm(check(cast.xihu, f"杭州市西湖区测试局,{parent},330106,县级,,,1,1\n"
                                   f"下属中心,{child},330106,县级,,{parent},1,1\n"))
    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "上级单位信用代码")]
    assert "未能导入" in job.errors[0]["message"]
    assert not Agency.objects.filter(credit_code__in=[parent, child]).exists()


def test_the_agency_list_filtered_to_a_job_shows_its_rows_and_a_banner(cast: Cast) -> None:
    new = make_credit_code("330106", 710)
    job = confirm(check(cast.province_admin,
                        f"西湖区新设中心,{new},330106,县级,,,8,7\n"
                        f"{cast.ningbo_agency.name},{cast.ningbo_agency.credit_code},330203,"
                        "县级,,,99,45\n"))
    assert job.summary == {"created": 1, "updated": 1, "unchanged": 0}
    from jiguan.orgs.excel.agencies import AgencyImporter

    url = AgencyImporter(cast.province_admin).touched_url(job)
    assert url == f"/orgs/agencies/?import_job={job.pk}"
    page = cast.client("province_admin").get(url).content.decode()
    assert f"仅显示导入批次 #{job.pk} 新增或修改的记录" in page
    assert "西湖区新设中心" in page and cast.ningbo_agency.name in page
    assert cast.xihu_agency.name not in page
    # Scoped as usual: the Xihu bureau sees the job's Xihu agency, not the Ningbo one.
    page = cast.client("xihu").get(url).content.decode()
    assert "西湖区新设中心" in page and cast.ningbo_agency.name not in page
    assert "仅显示导入批次" not in cast.client("xihu").get("/orgs/agencies/").content.decode()


def test_an_import_that_writes_nothing_has_no_touched_list(cast: Cast) -> None:
    a = cast.xihu_agency
    job = confirm(check(cast.xihu, f"{a.name},{a.credit_code},330106,县级,,,50,45\n"))
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 1}
    from jiguan.orgs.excel.agencies import AgencyImporter

    assert AgencyImporter(cast.xihu).touched_url(job) == ""


def test_the_person_plan_and_list_filter(cast: Cast) -> None:
    code = cast.xihu_agency.credit_code
    job = check(cast.xihu, f"{code},张三,,处长,副科级\n{code},王五,X9,科员,科级以下\n",
                kind="orgs.person")
    plan = job.plan
    assert (plan["created"], plan["updated"], plan["unchanged"]) == (1, 1, 0)
    changed = next(r for r in plan["rows"] if r["action"] == "update")
    assert changed["changes"] == [["职务", "局长", "处长"], ["职级", "正科级", "副科级"]]
    assert changed["url"] == f"/orgs/people/{cast.xihu_person.pk}/"
    job = confirm(job)
    assert job.summary == {"created": 1, "updated": 1, "unchanged": 0}
    from jiguan.orgs.excel.people import PersonImporter

    url = PersonImporter(cast.xihu).touched_url(job)
    assert url == f"/orgs/people/?import_job={job.pk}"
    page = cast.client("xihu").get(url).content.decode()
    assert f"仅显示导入批次 #{job.pk} 新增或修改的记录" in page
    assert "王五" in page and "张三" in page
    assert set(Person.objects.filter(import_job_id=job.pk).values_list("name", flat=True)) == {
        "张三", "王五"}


def test_the_pages_show_the_suspect_take_the_confirmation_and_link_to_the_touched_list(
        cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, b = make_credit_code("330106", 711), make_credit_code("330106", 712)
    data = (HEADER + f"杭州市西湖区测试局,{a},330106,县级,,,1,1\n"
                     f"西湖区另一中心,{b},330106,县级,,,1,1\n").encode()
    client = cast.client("xihu")
    client.post("/imports/orgs.agency/", {"file": SimpleUploadedFile("a.csv", data)})
    job = ImportJob.objects.get()
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "名称相同且同在西湖区，可能重复" in page
    client.post(f"/imports/jobs/{job.pk}/confirm/", {"allow_row": ["2"]})
    job.refresh_from_db()
    assert job.summary == {"created": 2, "updated": 0, "unchanged": 0}
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert f'href="/orgs/agencies/?import_job={job.pk}"' in page
    listed = client.get(f"/orgs/agencies/?import_job={job.pk}").content.decode()
    assert "杭州市西湖区测试局" in listed and "西湖区另一中心" in listed
    assert f"仅显示导入批次 #{job.pk} 新增或修改的记录" in listed


def test_the_cli_names_the_suspects_skips_them_unless_allowed(cast: Cast, tmp_path,
                                                              capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    a = make_credit_code("330106", 751)
    path = tmp_path / "agencies.csv"
    path.write_text(f"{HEADER}杭州市西湖区测试局,{a},330106,县级,,,1,1\n", encoding="utf-8")
    call_command("import_data", "orgs.agency", str(path), "--as", "xihu")
    captured = capsys.readouterr()
    assert "第2行 疑似重复（将跳过）" in captured.err
    assert "跳过疑似重复 1 条" in captured.out
    assert not Agency.objects.filter(credit_code=a).exists()
    call_command("import_data", "orgs.agency", str(path), "--as", "xihu", "--allow-row", "2")
    assert "第2行 疑似重复（仍然新增）" in capsys.readouterr().err
    assert Agency.objects.filter(credit_code=a).exists()
