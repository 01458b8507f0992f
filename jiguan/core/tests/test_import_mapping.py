"""Real files are read, not refused: the data sheet is found, renamed columns are mapped by
the user (and remembered), the CLI takes the same mapping."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.core.excel import Column, cell_str
from jiguan.core.excel.layout import choose, match_row, suggest
from jiguan.core.excel.reader import open_sheets
from jiguan.core.imports.pipeline import (
    Importer,
    ImportPlan,
    PlannedRow,
    Suspect,
    get_importer,
    register,
    unregister,
)
from jiguan.core.models import ImportJob, ImportMapping, ImportStatus
from jiguan.orgs.models import Agency

FIXTURES = Path(__file__).parent / "fixtures"
# LibreOffice 7.4 wrote it: sheet 1 填表说明, sheet 2 单位名录 with a merged title, a
# 填报单位 line, headers in row 3 in a clerk's words (序号 机构名称 统一社会信用代码 区划
# 单位层级 人员编制 在岗人数 备注), 20 agencies, 在岗人数 a formula.
RENAMED = FIXTURES / "agencies-instructions-renamed-libreoffice.xlsx"
START = "/imports/orgs.agency/"
MAPPING = {"col_1": "name", "col_3": "region_code", "col_5": "authorized_headcount",
           "col_6": "actual_headcount", "col_0": "", "col_2": "credit_code", "col_4": "level",
           "col_7": ""}


def agency_columns():  # type: ignore[no-untyped-def]
    return get_importer("orgs.agency").columns


def upload(client, path: Path = RENAMED, name: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(START, {"file": SimpleUploadedFile(name or path.name,
                                                          path.read_bytes())})


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    out = BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


# ---------------------------------------------------------------- the layout


def test_the_data_sheet_is_found_behind_an_instructions_sheet() -> None:
    source = open_sheets(RENAMED.read_bytes(), RENAMED.name)
    layout = choose(source.heads, agency_columns())
    assert layout is not None
    assert (layout.sheet, layout.header_row_number) == ("单位名录", 3)
    assert [s["name"] for s in layout.sheets] == ["填表说明", "单位名录"]
    assert layout.positions == {"credit_code": 2, "level": 4}
    assert layout.missing == ["name", "region_code"]
    assert layout.needs_mapping


@pytest.mark.parametrize(("header", "field"), [
    ("机构名称", "name"), ("区划", "region_code"), ("所在地区代码", "region_code"),
    ("人员编制", "authorized_headcount"), ("在岗人数", "actual_headcount"),
    ("单位名称（全称）", "name"), ("社会信用代码号", "credit_code"),
])
def test_everyday_header_words_are_suggested_for_their_field(header: str, field: str) -> None:
    from jiguan.core.excel.headers import normalize_header

    assert suggest(normalize_header(header), agency_columns())[0][0] == field


def test_a_header_matching_nothing_gets_no_suggestion_and_does_not_stop_the_import() -> None:
    layout = match_row(["单位名称", "统一社会信用代码", "行政区划代码", "单位层级", "联系电话"],
                       agency_columns())
    assert layout.unused == ["联系电话"]
    assert not layout.needs_mapping


def test_a_mapping_names_ignores_and_beats_the_exact_match() -> None:
    layout = match_row(["机构名称", "单位名称", "统一社会信用代码", "区划", "单位层级"],
                       agency_columns(),
                       {"机构名称": "name", "单位名称": "", "区划": "region_code"})
    assert layout.positions == {"name": 0, "credit_code": 2, "region_code": 3, "level": 4}
    assert [c.how for c in layout.cells] == ["mapped", "ignored", "exact", "mapped", "exact"]
    assert not layout.needs_mapping


def test_the_same_header_set_in_another_order_has_the_same_key() -> None:
    first = match_row(["机构名称", "区划", "单位层级"], agency_columns())
    second = match_row(["单位层级", "机构名称", "区划"], agency_columns())
    assert first.headers_key == second.headers_key
    assert first.headers_key != match_row(["机构名称", "单位层级"], agency_columns()).headers_key


def test_a_workbook_whose_sheets_name_no_column_is_refused_in_one_sentence(cast: Cast) -> None:
    data = workbook({"说明": [["本表无数据"]], "Sheet2": [["甲", "乙"], ["1", "2"]]})
    response = cast.client("province_admin").post(
        START, {"file": SimpleUploadedFile("x.xlsx", data)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "未找到表头：工作表“说明”、“Sheet2”的前 20 行中没有一行包含单位名录的列" in page
    assert not ImportJob.objects.exists()


# ---------------------------------------------------------------- the mapping step


def test_renamed_columns_stop_at_the_mapping_step_naming_sheet_row_and_columns(
        cast: Cast) -> None:
    client = cast.client("province_admin")
    response = upload(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportStatus.MAPPING
    assert job.message.startswith(
        "已读取工作表“单位名录”第 3 行作为表头，缺少必填列：单位名称、行政区划代码")
    assert "“机构名称”“区划”“人员编制”“在岗人数”可能是需要导入的列" in job.message
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert page.count('data-testid="import-mapping-row"') == 8
    assert "建议，请确认" in page
    assert '<option value="name" selected>单位名称（必填）</option>' in page
    assert "填表说明" in page  # the other sheet can be picked
    assert 'data-testid="import-confirm"' not in page
    assert not Agency.objects.filter(name="浙江省发展和改革委员会").exists()


def test_confirming_the_mapping_checks_again_saves_it_and_audits_it(cast: Cast) -> None:
    client = cast.client("province_admin")
    upload(client)
    job = ImportJob.objects.get()
    response = client.post(f"/imports/jobs/{job.pk}/mapping/",
                           {**MAPPING, "save": "on", "name": "省直单位报送表"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.valid_rows) == (ImportStatus.VALID, 20)
    assert job.options["mapping"]["机构名称"] == "name"
    assert job.options["mapping"]["备注"] == ""
    saved = ImportMapping.objects.get()
    assert (saved.user, saved.kind, saved.name) == (cast.province_admin, "orgs.agency",
                                                     "省直单位报送表")
    event = AuditEvent.objects.get(event_type="core.import_mapping.saved")
    assert event.extra["mapping"]["区划"] == "region_code"
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "读取位置：工作表“<strong>单位名录</strong>”第 3 行为表头" in page
    assert "以下列未导入：序号、备注" in page

    client.post(f"/imports/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    agency = Agency.objects.get(name="浙江省发展和改革委员会")
    assert (agency.region.code, agency.authorized_headcount, agency.actual_headcount) == (
        "330000", 73, 54)


def test_a_saved_mapping_is_applied_to_the_same_header_set_and_shown(cast: Cast) -> None:
    client = cast.client("province_admin")
    upload(client)
    first = ImportJob.objects.get()
    client.post(f"/imports/jobs/{first.pk}/mapping/", {**MAPPING, "save": "on", "name": "报送表"})
    upload(client)
    second = ImportJob.objects.latest("pk")
    assert second.status == ImportStatus.VALID
    assert second.options["saved_mapping"] == "报送表"
    page = client.get(f"/imports/jobs/{second.pk}/").content.decode()
    assert "已按您保存的列对应关系" in page
    assert 'data-testid="import-adjust"' in page  # and it can be changed
    adjust = client.get(f"/imports/jobs/{second.pk}/?adjust=1").content.decode()
    assert 'data-testid="import-mapping-form"' in adjust
    # Another user's files are not read with it.
    other = cast.client("hangzhou")
    upload(other)
    assert ImportJob.objects.latest("pk").status == ImportStatus.MAPPING


def test_a_mapping_without_a_required_field_or_with_a_field_twice_is_refused(
        cast: Cast) -> None:
    client = cast.client("province_admin")
    upload(client)
    job = ImportJob.objects.get()
    response = client.post(f"/imports/jobs/{job.pk}/mapping/",
                           {**MAPPING, "col_1": "", "col_7": "actual_headcount"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "还缺少必填列：单位名称" in page
    assert "“实有人数”被选给了多列：“在岗人数”、“备注”" in page
    job.refresh_from_db()
    assert job.status == ImportStatus.MAPPING
    assert not ImportMapping.objects.exists()
    response = client.post(f"/imports/jobs/{job.pk}/mapping/", {**MAPPING, "col_1": "nope"})
    assert response.status_code == 422


def test_another_sheet_or_header_row_can_be_picked(cast: Cast) -> None:
    client = cast.client("province_admin")
    upload(client)
    job = ImportJob.objects.get()
    client.post(f"/imports/jobs/{job.pk}/sheet/", {"sheet": "填表说明"})
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert "工作表“填表说明”" in job.message
    # The last readable layout is kept, so the sheet can be switched back from the page.
    page = client.get(f"/imports/jobs/{job.pk}/?adjust=1").content.decode()
    assert 'data-testid="import-sheet-form"' in page
    client.post(f"/imports/jobs/{job.pk}/sheet/", {"sheet": "单位名录", "header_row": "3"})
    job.refresh_from_db()
    assert (job.status, job.layout["sheet"], job.layout["header_row"]) == (
        ImportStatus.MAPPING, "单位名录", 3)
    response = client.post(f"/imports/jobs/{job.pk}/sheet/", {"sheet": "nope"})
    assert response.status_code == 302
    response = client.post(f"/imports/jobs/{job.pk}/sheet/",
                           {"sheet": "单位名录", "header_row": "x"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.MAPPING


def test_only_the_uploader_maps_and_never_after_confirmation(cast: Cast) -> None:
    client = cast.client("province_admin")
    upload(client)
    job = ImportJob.objects.get()
    assert cast.client("hangzhou").post(f"/imports/jobs/{job.pk}/mapping/",
                                        MAPPING).status_code == 404
    client.post(f"/imports/jobs/{job.pk}/mapping/", MAPPING)
    client.post(f"/imports/jobs/{job.pk}/confirm/")
    client.post(f"/imports/jobs/{job.pk}/mapping/", {**MAPPING, "col_7": "energy_headcount"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


# ---------------------------------------------------------------- the command line


def test_the_cli_prints_the_sheet_and_asks_for_a_mapping(cast: Cast, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="请用 --map 列名=字段 指定") as info:
        call_command("import_data", "orgs.agency", str(RENAMED), "--as", "province_admin")
    assert "缺少必填列：单位名称、行政区划代码" in str(info.value)
    captured = capsys.readouterr()
    assert "读取工作表“单位名录”，第 3 行为表头" in captured.out
    assert "机构名称  可能是 name（单位名称）" in captured.err


def test_the_cli_takes_the_mapping_as_pairs_or_by_saved_name(cast: Cast, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("import_data", "orgs.agency", str(RENAMED), "--as", "province_admin",
                 "--map", "机构名称=name", "区划=行政区划代码", "人员编制=编制数",
                 "在岗人数=actual_headcount", "备注=忽略", "序号=忽略", "--dry-run")
    assert "校验通过：共 20 行" in capsys.readouterr().out
    with pytest.raises(CommandError, match="“单位”不是可导入的字段"):
        call_command("import_data", "orgs.agency", str(RENAMED), "--as", "province_admin",
                     "--map", "机构名称=单位")
    with pytest.raises(CommandError, match="格式不对"):
        call_command("import_data", "orgs.agency", str(RENAMED), "--as", "province_admin",
                     "--map", "机构名称")
    with pytest.raises(CommandError, match="没有名为“报送表”的单位名录列对应关系"):
        call_command("import_data", "orgs.agency", str(RENAMED), "--as", "province_admin",
                     "--mapping", "报送表")
    client = cast.client("province_admin")
    upload(client)
    job = ImportJob.objects.latest("pk")
    client.post(f"/imports/jobs/{job.pk}/mapping/", {**MAPPING, "save": "on", "name": "报送表"})
    call_command("import_data", "orgs.agency", str(RENAMED), "--as", "province_admin",
                 "--mapping", "报送表")
    assert "导入完成：新增 20 条" in capsys.readouterr().out


def test_a_file_level_refusal_never_says_zero_errors(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("甲,乙\n1,2\n".encode())
    with pytest.raises(CommandError) as info:
        call_command("import_data", "orgs.agency", str(path), "--as", "province_admin")
    assert "0 处错误" not in str(info.value)
    assert "未找到表头" in str(info.value)


# ---------------------------------------------------------------- the plan in the preview


class _Planned(Importer):
    """Agencies' columns; says it will create each row, one a probable duplicate, and
    reports in its summary the rows it was told to skip."""

    kind = "test.planned"
    label = "计划测试"
    columns = [Column("name", "单位名称", required=True)]

    def clean_row(self, record):  # type: ignore[no-untyped-def]
        return {"row": record.row_number, "name": cell_str(record.values["name"])}, []

    def key(self, cleaned):  # type: ignore[no-untyped-def]
        return cleaned["name"]

    def plan(self, rows):  # type: ignore[no-untyped-def]
        return ImportPlan(
            created=len(rows),
            rows=[PlannedRow(r["row"], "create", r["name"], [("单位名称", "", r["name"])])
                  for r in rows],
            suspects=[Suspect(rows[0]["row"], "与已登记单位“甲”名称相同，可能重复", "/orgs/")])

    def apply(self, rows, actor, progress):  # type: ignore[no-untyped-def]
        kept = [r for r in rows if r["row"] not in self.skip_rows]
        return {"created": len(kept), "updated": 0, "unchanged": 0,
                "skipped": len(rows) - len(kept)}


@pytest.fixture
def planned() -> Iterator[None]:
    register(_Planned)
    yield
    unregister(_Planned.kind)


def _plan_job(client) -> ImportJob:  # type: ignore[no-untyped-def]
    client.post("/imports/test.planned/",
                {"file": SimpleUploadedFile("p.csv", "单位名称\n甲\n乙\n".encode())})
    return ImportJob.objects.get()


def test_the_preview_lists_the_changes_and_the_probable_duplicates(cast: Cast,
                                                                  planned: None) -> None:
    client = cast.client("province_admin")
    job = _plan_job(client)
    assert job.plan["created"] == 2
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert page.count('data-testid="plan-row"') == 2
    assert 'data-testid="plan-suspect" data-row="2"' in page
    assert "与已登记单位“甲”名称相同，可能重复" in page
    assert 'name="allow_row" value="2"' in page


@pytest.mark.parametrize(("allow", "created", "skipped"), [([], 1, 1), (["2"], 2, 0),
                                                           (["3", "x"], 1, 1)])
def test_a_probable_duplicate_is_written_only_when_ticked(
        cast: Cast, planned: None, allow: list[str], created: int, skipped: int) -> None:
    client = cast.client("province_admin")
    job = _plan_job(client)
    client.post(f"/imports/jobs/{job.pk}/confirm/", {"allow_row": allow})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.summary["created"], job.summary["skipped"]) == (created, skipped)
    if skipped:
        page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
        assert 'data-testid="import-skipped">1<' in page


# ---------------------------------------------------------------- review fixes


def test_a_column_claimed_by_its_header_stays_claimed_after_a_mapping() -> None:
    from jiguan.core.excel.headers import normalize_header

    columns = get_importer("energy.reading_wide").columns
    header = ["统一社会信用代码", "月份", "电（kWh）", "用电备注"]
    first = match_row(header, columns)
    electricity = first.cells[2]
    assert electricity.how == "claimed"
    again = match_row(header, columns, {normalize_header("电（kWh）"): electricity.target,
                                        normalize_header("用电备注"): ""})
    assert (again.cells[2].how, again.cells[2].target) == ("claimed", electricity.target)


def test_two_columns_with_one_header_cannot_be_told_apart_by_the_mapping(cast: Cast) -> None:
    data = workbook({"单位名录": [["名称", "区划", "名称", "统一社会信用代码", "单位层级"],
                                  ["甲", "330106", "乙", "x", "县级"]]})
    client = cast.client("province_admin")
    client.post(START, {"file": SimpleUploadedFile("dup.xlsx", data)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.MAPPING
    response = client.post(f"/imports/jobs/{job.pk}/mapping/",
                           {"col_0": "name", "col_1": "region_code", "col_2": "",
                            "col_3": "credit_code", "col_4": "level"})
    assert response.status_code == 422
    assert "文件中有 2 列的表头都是“名称”" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "9" * 5000, "-1", "3.0"])
def test_odd_numbers_in_the_sheet_and_confirm_forms_are_refused_not_a_500(
        cast: Cast, value: str) -> None:
    client = cast.client("province_admin")
    upload(client)
    job = ImportJob.objects.get()
    response = client.post(f"/imports/jobs/{job.pk}/sheet/",
                           {"sheet": "单位名录", "header_row": value})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.MAPPING
    client.post(f"/imports/jobs/{job.pk}/mapping/", MAPPING)
    response = client.post(f"/imports/jobs/{job.pk}/confirm/", {"allow_row": value})
    assert response.status_code == 302


def test_a_header_row_past_the_sheet_is_refused_naming_the_sheet(cast: Cast) -> None:
    client = cast.client("province_admin")
    upload(client)
    job = ImportJob.objects.get()
    client.post(f"/imports/jobs/{job.pk}/sheet/", {"sheet": "填表说明", "header_row": "29"})
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert job.message == "工作表“填表说明”只有 6 行，没有第 29 行，请重新指定表头所在行"


def test_a_bad_host_with_a_referer_still_gets_the_chinese_400(cast: Cast) -> None:
    response = cast.client("hangzhou").get("/", HTTP_HOST="evil.example",
                                           HTTP_REFERER="http://evil.example/x")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
