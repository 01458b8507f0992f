"""The import side of the far-from-history rule (the month page's confirmation, the API's
``confirm_unusual``): the Excel import of readings lists the unusual rows in its preview
and writes nothing until the user ticks the confirmation (core's ImportPlan.warnings)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import apply_job, create_job, needs_confirmation, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.energy.models import Reading
from jiguan.energy.tests.factories import save
from jiguan.energy.tests.test_input_import import workbook

pytestmark = pytest.mark.django_db


def _rows(cast: Cast) -> list[list[object]]:
    xihu = cast.xihu_agency.credit_code
    return [[xihu, "", "2025-03", "电", 1100, "kWh", 900, None],      # near last year's 1000
            [xihu, "", "2025-04", "电", 100000, "kWh", 90000, None]]  # 100x last year's


@pytest.fixture
def history(cast: Cast) -> None:
    save(cast.xihu_agency, "2024-03", {"electricity": Decimal("1000")})
    save(cast.xihu_agency, "2024-04", {"electricity": Decimal("1000")})


def test_the_unusual_row_is_named_and_nothing_is_written_until_confirmed(
        cast: Cast, history: None) -> None:
    job = create_job(kind="energy.reading", filename="r.xlsx", data=workbook(_rows(cast)),
                     user=cast.hangzhou)
    job = validate_job(job.pk)
    assert job.status == ImportStatus.VALID
    assert job.plan["warning_count"] == 1
    warning = job.plan["warnings"][0]
    assert warning["row"] == 3  # the sheet row of the 100x reading
    assert "去年同月" in warning["message"] and "100.0 倍" in warning["message"]
    assert "2025年04月" in warning["message"]
    assert needs_confirmation(job)
    job = apply_job(job.pk, cast.hangzhou.pk)
    assert job.status == ImportStatus.VALID
    assert not Reading.objects.filter(agency=cast.xihu_agency, month__year=2025).exists()

    ImportJob.objects.filter(pk=job.pk).update(options={**job.options,
                                                        "warnings_confirmed": True})
    job = apply_job(job.pk, cast.hangzhou.pk)
    assert job.status == ImportStatus.DONE, job.message
    assert Reading.objects.filter(agency=cast.xihu_agency, month__year=2025).count() == 2


def test_the_preview_page_shows_the_row_and_the_checkbox_is_required(
        cast: Cast, history: None) -> None:
    client = cast.client("hangzhou")
    client.post("/imports/energy.reading/",
                {"file": SimpleUploadedFile("r.xlsx", workbook(_rows(cast)))})
    job = ImportJob.objects.get()
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert 'data-testid="plan-warning" data-row="3"' in page
    assert 'name="confirm_warnings"' in page
    client.post(f"/imports/jobs/{job.pk}/confirm/")
    assert not Reading.objects.filter(agency=cast.xihu_agency, month__year=2025).exists()
    client.post(f"/imports/jobs/{job.pk}/confirm/", {"confirm_warnings": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Reading.objects.filter(agency=cast.xihu_agency, month__year=2025).count() == 2


def test_a_file_within_the_history_needs_no_confirmation(cast: Cast, history: None) -> None:
    rows = _rows(cast)[:1]
    job = validate_job(create_job(kind="energy.reading", filename="r.xlsx",
                                  data=workbook(rows), user=cast.hangzhou).pk)
    assert not needs_confirmation(job)
    assert apply_job(job.pk, cast.hangzhou.pk).status == ImportStatus.DONE
