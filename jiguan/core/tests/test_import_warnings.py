"""The pipeline's "rows needing confirmation" step (ImportPlan.warnings): any importer may
raise them; the preview lists them with a checkbox, and nothing is written until the user
ticks it (page, CLI, and apply_job itself)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from jiguan.conftest import Cast
from jiguan.core.excel import Column, cell_str
from jiguan.core.imports.pipeline import (
    WARNING_ROWS,
    Importer,
    ImportPlan,
    RowWarning,
    apply_job,
    needs_confirmation,
    register,
    unregister,
)
from jiguan.core.models import ImportJob, ImportStatus

WRITTEN: list[str] = []


class _Warned(Importer):
    """Names; a name longer than three characters is allowed but needs confirmation."""

    kind = "test.warned"
    label = "确认测试"
    columns = [Column("name", "名称", required=True)]

    def clean_row(self, record):  # type: ignore[no-untyped-def]
        return {"row": record.row_number, "name": cell_str(record.values["name"])}, []

    def key(self, cleaned):  # type: ignore[no-untyped-def]
        return cleaned["row"]

    def plan(self, rows):  # type: ignore[no-untyped-def]
        return ImportPlan(counted=False, warnings=[
            RowWarning(r["row"], f"名称“{r['name']}”超过三个字") for r in rows
            if len(r["name"]) > 3])

    def apply(self, rows, actor, progress):  # type: ignore[no-untyped-def]
        WRITTEN.extend(r["name"] for r in rows)
        return {"created": len(rows), "updated": 0, "unchanged": 0}


@pytest.fixture
def warned() -> Iterator[None]:
    register(_Warned)
    WRITTEN.clear()
    yield
    unregister(_Warned.kind)


def _job(client, text: str = "名称\n甲\n很长的名称\n乙\n") -> ImportJob:  # type: ignore[no-untyped-def]
    client.post("/imports/test.warned/",
                {"file": SimpleUploadedFile("w.csv", text.encode())})
    return ImportJob.objects.get()


def test_the_preview_lists_the_rows_needing_confirmation_with_a_required_checkbox(
        cast: Cast, warned: None) -> None:
    client = cast.client("province_admin")
    job = _job(client)
    assert job.status == ImportStatus.VALID
    assert job.plan["warning_count"] == 1 and job.plan["warnings"][0]["row"] == 3
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert 'data-testid="plan-warning" data-row="3"' in page
    assert "名称“很长的名称”超过三个字" in page
    assert 'name="confirm_warnings" value="1"' in page and "required" in page
    assert 'data-testid="plan-created"' not in page  # counted=False: no made-up counts


def test_confirming_without_the_checkbox_writes_nothing_and_says_why(
        cast: Cast, warned: None) -> None:
    client = cast.client("province_admin")
    job = _job(client)
    response = client.post(f"/imports/jobs/{job.pk}/confirm/", follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALID and WRITTEN == []
    assert "有 1 行需要您确认" in response.content.decode()


def test_with_the_checkbox_every_row_is_written(cast: Cast, warned: None) -> None:
    client = cast.client("province_admin")
    job = _job(client)
    client.post(f"/imports/jobs/{job.pk}/confirm/", {"confirm_warnings": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert WRITTEN == ["甲", "很长的名称", "乙"]


def test_apply_job_itself_refuses_an_unconfirmed_job(cast: Cast, warned: None) -> None:
    client = cast.client("province_admin")
    job = _job(client)
    assert needs_confirmation(job)
    done = apply_job(job.pk, cast.province_admin.pk)
    assert done.status == ImportStatus.VALID and "需要您确认" in done.message
    assert WRITTEN == []


def test_a_file_without_unusual_rows_needs_no_confirmation(cast: Cast, warned: None) -> None:
    client = cast.client("province_admin")
    job = _job(client, "名称\n甲\n乙\n")
    assert not needs_confirmation(job) and not job.plan["warning_count"]
    client.post(f"/imports/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and WRITTEN == ["甲", "乙"]


def test_the_job_keeps_a_bounded_list_but_the_whole_count(cast: Cast, warned: None) -> None:
    rows = "\n".join(f"名称很长{i}" for i in range(WARNING_ROWS + 5))
    job = _job(cast.client("province_admin"), f"名称\n{rows}\n")
    assert job.plan["warning_count"] == WARNING_ROWS + 5
    assert len(job.plan["warnings"]) == WARNING_ROWS


def test_the_cli_lists_the_rows_and_needs_confirm_warnings(cast: Cast, warned: None,
                                                           tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "w.csv"
    path.write_text("名称\n甲\n很长的名称\n", encoding="utf-8")
    user = cast.province_admin.username
    with pytest.raises(CommandError, match="--confirm-warnings"):
        call_command("import_data", "test.warned", str(path), "--as", user)
    assert "第3行 需确认：名称“很长的名称”超过三个字" in capsys.readouterr().err
    assert WRITTEN == []
    call_command("import_data", "test.warned", str(path), "--as", user, "--confirm-warnings")
    assert WRITTEN == ["甲", "很长的名称"]
