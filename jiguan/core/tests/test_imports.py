"""The import pipeline end to end, with agencies as the example kind."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from python_calamine import CalamineWorkbook

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.orgs.models import Agency

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
START = "/imports/orgs.agency/"


def upload(client, name: str, data: bytes | None = None):  # type: ignore[no-untyped-def]
    content = (CORPUS / name).read_bytes() if data is None else data
    return client.post(START, {"file": SimpleUploadedFile(name, content)})


def test_the_template_has_chinese_headers_dropdowns_and_an_example(cast: Cast) -> None:
    response = cast.client("province_admin").get("/imports/orgs.agency/template.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(BytesIO(response.content)).get_sheet_by_index(0)
    header, example = rows.to_python()[:2]
    assert header[:4] == ["单位名称", "统一社会信用代码", "行政区划代码", "单位层级"]
    assert example[0] == "浙江省示例厅"


def test_upload_preview_confirm_then_reimport_changes_nothing(cast: Cast) -> None:
    client = cast.client("province_admin")
    response = upload(client, "agencies-libreoffice.xlsx")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/imports/jobs/{job.pk}/"
    assert job.status == ImportStatus.VALID
    assert job.total_rows == 20
    assert job.valid_rows == 20
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-confirm"' in page
    assert "浙江省发展和改革委员会" in page
    assert not Agency.objects.filter(name="浙江省发展和改革委员会").exists()

    client.post(f"/imports/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.summary == {"created": 20, "updated": 0, "unchanged": 0}
    # Created rows have no event each: the job's event and their import_job_id record them.
    assert not AuditEvent.objects.filter(event_type="orgs.agency.created").exists()
    assert Agency.objects.filter(import_job_id=job.pk).count() == 20
    event = AuditEvent.objects.get(event_type="core.import.confirmed")
    assert event.extra["summary"]["created"] == 20
    assert event.extra["kind"] == "orgs.agency"
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert 'data-testid="import-summary"' in page

    events_before = AuditEvent.objects.count()
    upload(client, "agencies-libreoffice.xlsx")
    again = ImportJob.objects.latest("pk")
    client.post(f"/imports/jobs/{again.pk}/confirm/")
    again.refresh_from_db()
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 20}
    new_events = AuditEvent.objects.order_by("pk")[events_before:]
    assert [e.event_type for e in new_events] == ["core.import.confirmed"]


@pytest.mark.parametrize("name", [
    "agencies-libreoffice.xlsx", "agencies-libreoffice.xls", "agencies-libreoffice.ods",
    "agencies-gb18030.csv", "agencies-utf8-bom.csv",
])
def test_every_good_file_validates_all_twenty_rows(cast: Cast, name: str) -> None:
    upload(cast.client("province_admin"), name)
    job = ImportJob.objects.get()
    assert (job.status, job.valid_rows, job.error_count) == (ImportStatus.VALID, 20, 0)


@pytest.mark.parametrize("name", [
    "agencies-bad-rows-libreoffice.xlsx", "agencies-bad-rows-libreoffice.xls",
    "agencies-bad-rows-libreoffice.ods",
])
def test_bad_rows_are_listed_by_sheet_row_and_column_and_nothing_is_imported(
        cast: Cast, name: str) -> None:
    client = cast.client("province_admin")
    upload(client, name)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {(4, "统一社会信用代码"), (5, "行政区划代码"), (6, "编制数"), (7, "单位名称"),
                     (8, "统一社会信用代码"), (9, "统一社会信用代码")}
    messages = {e["row"]: e["message"] for e in job.errors}
    assert "校验码" in messages[4]
    assert "339999" in messages[5]
    assert "负数" in messages[6]
    assert "第9行" in messages[8]
    assert "第8行" in messages[9]
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert page.count('data-testid="import-error-row"') == 6
    assert 'data-testid="import-confirm"' not in page
    assert client.post(f"/imports/jobs/{job.pk}/confirm/").status_code == 302
    assert not Agency.objects.filter(region__code="330000").exclude(
        pk=cast.province_agency.pk).exists()


@pytest.mark.parametrize(("name", "message"), [
    ("empty.xlsx", "文件为空"),
    ("not-a-spreadsheet.xlsx", "无法读取该文件"),
])
def test_unreadable_files_get_a_clear_message_and_no_job(cast: Cast, name: str,
                                                         message: str) -> None:
    response = upload(cast.client("province_admin"), name)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_wrong_file_type_or_no_file_is_refused(cast: Cast) -> None:
    client = cast.client("province_admin")
    response = upload(client, "agencies.pdf", b"%PDF-1.4")
    assert response.status_code == 422
    assert "不支持该文件类型" in response.content.decode()
    response = client.post(START, {})
    assert response.status_code == 422
    assert "请选择要导入的文件" in response.content.decode()


def test_a_50_mb_upload_is_refused_before_reading(cast: Cast) -> None:
    response = upload(cast.client("province_admin"), "big.xlsx", b"\0" * (50 * 1024 * 1024))
    assert response.status_code == 422
    assert "文件过大（50 MB），单次导入上限为 20 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_jobs_are_visible_to_their_uploader_only(cast: Cast) -> None:
    upload(cast.client("province_admin"), "agencies-utf8-bom.csv")
    job = ImportJob.objects.get()
    other = cast.client("hangzhou")
    assert other.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert other.post(f"/imports/jobs/{job.pk}/confirm/").status_code == 404
    assert cast.client("auditor").get(START).status_code == 403
    assert cast.client("province_admin").get("/imports/nope/").status_code == 404


@override_settings(JIGUAN_IMPORT_BACKGROUND_ROWS=5)
def test_large_files_run_as_tasks_and_the_page_polls_progress(cast: Cast) -> None:
    # Tests run tasks with the ImmediateBackend: enqueue() runs them at once.
    client = cast.client("province_admin")
    upload(client, "agencies-libreoffice.ods")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.VALID
    assert job.processed_rows == 20
    poll = client.get(f"/imports/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert poll.status_code == 204
    assert poll["HX-Refresh"] == "true"
    client.post(f"/imports/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.summary["created"] == 20


def test_a_running_job_renders_a_polling_progress_bar(cast: Cast) -> None:
    client = cast.client("province_admin")
    job = ImportJob.objects.create(kind="orgs.agency", filename="a.xlsx",
                                   created_by=cast.province_admin, total_rows=200,
                                   processed_rows=50, status=ImportStatus.VALIDATING)
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="25"' in page
    fragment = client.get(f"/imports/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<progress" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_the_cli_imports_with_a_summary_and_lists_errors(cast: Cast, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("import_data", "orgs.agency", str(CORPUS / "agencies-gb18030.csv"),
                 "--as", "province_admin", "--dry-run")
    assert "校验通过：共 20 行" in capsys.readouterr().out
    assert not Agency.objects.filter(name="浙江省教育厅").exists()

    call_command("import_data", "orgs.agency", str(CORPUS / "agencies-gb18030.csv"),
                 "--as", "province_admin")
    assert "导入完成：新增 20 条，修改 0 条，无变化 0 条" in capsys.readouterr().out

    with pytest.raises(CommandError, match="校验未通过"):
        call_command("import_data", "orgs.agency",
                     str(CORPUS / "agencies-bad-rows-libreoffice.xlsx"), "--as", "province_admin")
    assert "第5行 〔行政区划代码〕" in capsys.readouterr().err
    with pytest.raises(CommandError, match="没有导入"):
        call_command("import_data", "orgs.agency", str(CORPUS / "agencies-gb18030.csv"),
                     "--as", "auditor")


def test_a_column_given_twice_is_refused_naming_its_header(cast: Cast) -> None:
    """Two columns for one field: nothing is guessed, the file is refused as a whole."""
    from jiguan.core.excel import SpreadsheetError
    from jiguan.core.imports.pipeline import get_importer, load_table, open_table

    importer = get_importer("orgs.agency")(cast.province_admin)
    labels = [c.label for c in importer.columns]
    header = ",".join([*labels, labels[1]])
    data = f"{header}\n{','.join(['x'] * (len(labels) + 1))}\n".encode()
    for read in (open_table, load_table):
        with pytest.raises(SpreadsheetError, match=f"表头中“{labels[1]}”出现了不止一次"):
            read(importer, data, "agencies.csv")
