"""The institution's yearly profile page (公共机构基本信息)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.energy.models import AgencyYear, InstitutionYear
from jiguan.energy.tests.factories import profile, save

pytestmark = pytest.mark.django_db


def _url(agency_pk: int, year: int = 2025) -> str:
    return reverse("energy:profile_edit", args=[agency_pk, year])


def _data(**overrides: Any) -> dict[str, Any]:
    data = {"type_code": "01", "on_register": "on", "building_area": "3200.5",
            "energy_headcount": "120", "authorized_headcount": "100"}
    data.update(overrides)
    return data


def test_it_saves_the_profile_and_the_summary_follows(cast: Cast) -> None:
    agency = cast.xihu_agency
    save(agency, "2025-03", {"electricity": 10000})
    response = cast.client("xihu").post(_url(agency.pk), _data())
    assert response.status_code == 302
    saved = InstitutionYear.objects.get(agency=agency, year=2025)
    assert saved.building_area == Decimal("3200.50") and saved.energy_headcount == 120
    summary = AgencyYear.objects.get(agency=agency, year=2025)
    assert summary.energy_headcount == 120 and summary.building_area == Decimal("3200.50")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("building_area", "-1", "建筑面积不能为负数"),
    ("building_area", "abc", "建筑面积应为数字"),
    ("energy_headcount", "", "请填写用能人数"),
    ("energy_headcount", "12.5", "用能人数应为整数"),
    ("type_code", "99", "单位性质无法识别"),
])
def test_bad_input_names_the_field_and_saves_nothing(cast: Cast, field: str, value: str,
                                                     message: str) -> None:
    response = cast.client("xihu").post(_url(cast.xihu_agency.pk), _data(**{field: value}))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not InstitutionYear.objects.exists()


def test_a_new_year_starts_from_last_years_profile(cast: Cast) -> None:
    profile(cast.xihu_agency, 2024, headcount=77, area="1234")
    page = cast.client("xihu").get(_url(cast.xihu_agency.pk, 2025)).content.decode()
    assert 'value="77"' in page and "按 2024 年数据预填" in page


def test_a_large_jump_from_last_year_is_flagged_not_refused(cast: Cast) -> None:
    profile(cast.xihu_agency, 2024, headcount=100, area="2000")
    response = cast.client("xihu").post(_url(cast.xihu_agency.pk),
                                        _data(energy_headcount="200", building_area="2000"))
    assert response.status_code == 302
    page = cast.client("xihu").get(_url(cast.xihu_agency.pk)).content.decode()
    assert "用能人数由 100 人变为 200 人" in page
    assert "建筑面积由" not in page


@pytest.mark.parametrize("year", [1999, 2999])
def test_a_year_out_of_range_is_a_404(cast: Cast, year: int) -> None:
    assert cast.client("xihu").get(_url(cast.xihu_agency.pk, year)).status_code == 404


def test_the_auditor_reads_nothing_here_it_is_a_write_page(cast: Cast) -> None:
    assert cast.client("auditor").get(_url(cast.xihu_agency.pk)).status_code == 403
