"""Large exports run in the task worker with a progress page and a download link; small
ones are sent at once. The worker replays the list's filters under the user's scope."""

from __future__ import annotations

from io import BytesIO

from django.test import override_settings
from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast, make_credit_code
from jiguan.core.exports.jobs import run_job
from jiguan.core.models import ExportJob, ExportStatus
from jiguan.orgs.models import Agency


def _rows(content: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(BytesIO(content)).get_sheet_by_index(0).to_python()


def _many(cast: Cast, n: int) -> None:
    Agency.objects.bulk_create(
        Agency(name=f"导出单位{i:03d}", region=cast.xihu_agency.region, level="county",
               credit_code=make_credit_code("330106", 700 + i)) for i in range(n))


def test_a_small_export_is_sent_at_once(cast: Cast) -> None:
    response = cast.client("province_admin").get("/orgs/agencies/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()


@override_settings(JIGUAN_EXPORT_BACKGROUND_ROWS=5)
def test_a_large_export_runs_in_the_background_with_its_filters(
        cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _many(cast, 12)
    client = cast.client("hangzhou")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/orgs/agencies/export.xlsx", {"q": "导出单位"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.params) == (ExportStatus.DONE, 12,
                                                        {"q": "导出单位"})
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert 'data-testid="export-download"' in page
    assert "已生成 12 行" in page
    poll = client.get(f"/exports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert (poll.status_code, poll["HX-Refresh"]) == (204, "true")
    download = client.get(f"/exports/{job.pk}/download/")
    rows = _rows(b"".join(download.streaming_content) if download.streaming
                 else download.content)
    names = [r[0] for r in rows[3:]]
    assert len(names) == 12 and all(n.startswith("导出单位") for n in names)
    assert "筛选条件" in str(rows[1][0])
    # Nobody else sees it, not even a wider scope.
    assert cast.client("province_admin").get(f"/exports/{job.pk}/").status_code == 404
    assert cast.client("province_admin").get(
        f"/exports/{job.pk}/download/").status_code == 404


@override_settings(JIGUAN_EXPORT_BACKGROUND_ROWS=0)
def test_the_worker_exports_only_the_users_scope(cast: Cast) -> None:
    _many(cast, 3)
    cast.client("ningbo_reporter").get("/orgs/agencies/export.xlsx")
    job = ExportJob.objects.get()
    run_job(job.pk)
    job.refresh_from_db()
    data = bytes(job.file.data)
    names = [r[0] for r in _rows(data)[3:]]
    assert names == [cast.ningbo_agency.name]


@override_settings(JIGUAN_EXPORT_BACKGROUND_ROWS=0)
def test_a_job_of_an_account_deactivated_meanwhile_fails_with_a_message(cast: Cast) -> None:
    cast.client("hangzhou").get("/orgs/agencies/export.xlsx")
    job = ExportJob.objects.get()
    cast.hangzhou.is_active = False
    cast.hangzhou.save()
    job = run_job(job.pk)
    assert job.status == ExportStatus.FAILED
    assert job.message == "您已没有导出该列表的权限"
    assert run_job(job.pk).status == ExportStatus.FAILED  # never claimed twice


@override_settings(JIGUAN_EXPORT_BACKGROUND_ROWS=0)
def test_the_audit_trail_export_also_runs_as_a_job(cast: Cast) -> None:
    from jiguan.orgs.actions import agency_update

    agency_update(agency=cast.xihu_agency, data={"authorized_headcount": 71},
                  actor=cast.province_admin)
    response = cast.client("auditor").get("/audit/export.xlsx")
    assert response.status_code == 302
    job = run_job(ExportJob.objects.get().pk)
    assert job.status == ExportStatus.DONE


@override_settings(JIGUAN_EXPORT_BACKGROUND_ROWS=0)
def test_the_readings_export_runs_as_a_job_with_every_registered_list(cast: Cast) -> None:
    """The readings export took 13 s inside the request at province scale: it is a job."""
    from jiguan.energy.tests.factories import save

    save(cast.xihu_agency, "2025-01", {"electricity": 1000, "water_tap": 50},
         actor=cast.xihu)
    save(cast.ningbo_agency, "2025-01", {"electricity": 2000}, actor=cast.province_admin)
    response = cast.client("xihu").get("/energy/readings/export/")
    assert response.status_code == 302
    job = run_job(ExportJob.objects.get().pk)
    assert (job.status, job.total_rows) == (ExportStatus.DONE, 2)  # Xihu's two readings
    from jiguan.core.exports.jobs import _BUILDERS

    assert {"orgs.agency", "orgs.person", "audit.event", "energy.reading", "energy.breach",
            "energy.quota", "energy.water_saving", "energy.contract",
            "energy.sorting"} <= set(_BUILDERS)


def test_an_export_needs_the_lists_permission(cast: Cast) -> None:
    assert cast.client("sysadmin").get("/orgs/agencies/export.xlsx").status_code == 403
    assert cast.client("hangzhou").get("/audit/export.xlsx").status_code == 403
    assert not ExportJob.objects.exists()
