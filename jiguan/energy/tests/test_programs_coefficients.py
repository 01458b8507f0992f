"""Coefficient sets through their pages: everyone reads them, only a province-level manager
adds one, and a set without a source or with a missing or negative value is refused with a
Chinese message naming it, nothing written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.energy.coefficients_data import GB2589_2008
from jiguan.energy.models import CoefficientSet, Reading
from jiguan.energy.tests.factories import save


def _post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"code": "ZJ-2025", "name": "浙江 2025 折标系数",
                            "source": "浙江省机关事务管理局〔2025〕1号",
                            "effective_from": "2025-01-01", "note": ""}
    data.update({f"k_{code}": str(v) for code, v in GB2589_2008.items()})
    data.update(overrides)
    return data


def test_every_reader_sees_the_sets_with_source_date_and_values(cast: Cast) -> None:
    response = cast.client("ningbo_reporter").get(reverse("energy:coefficient_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "GB/T 2589-2008 附录A" in text
    assert "0.1229" in text and "1.2143" in text
    assert "coefficient-create" not in text


def test_the_detail_lists_every_type_with_its_unit(cast: Cast) -> None:
    cs = CoefficientSet.objects.get(code="GB2589-2008")
    response = cast.client("auditor").get(reverse("energy:coefficient_detail", args=[cs.pk]))
    text = response.content.decode()
    assert "kgce/kWh" in text and "kgce/m³" in text and "kgce/MJ" in text
    assert cs.source in text


def test_a_province_admin_adds_a_set_with_an_audit_row(cast: Cast) -> None:
    response = cast.client("province_admin").post(reverse("energy:coefficient_create"),
                                                  _post())
    cs = CoefficientSet.objects.get(code="ZJ-2025")
    assert response.status_code == 302
    assert cs.values["electricity"] == "0.1229"
    assert cs.values["water_tap"] == "0"
    assert AuditEvent.objects.for_target(cs).filter(
        event_type="energy.coefficients.created").exists()


def test_a_city_bureau_may_not_add_a_province_wide_set(cast: Cast) -> None:
    client = cast.client("hangzhou")
    assert client.get(reverse("energy:coefficient_create")).status_code == 403
    assert client.post(reverse("energy:coefficient_create"), _post()).status_code == 403
    assert not CoefficientSet.objects.filter(code="ZJ-2025").exists()


def test_it_refuses_a_set_without_a_source(cast: Cast) -> None:
    response = cast.client("province_admin").post(reverse("energy:coefficient_create"),
                                                  _post(source="  "))
    assert response.status_code == 422
    assert "请填写依据文件" in response.content.decode()
    assert not CoefficientSet.objects.filter(code="ZJ-2025").exists()


def test_it_refuses_a_missing_value_naming_the_type(cast: Cast) -> None:
    response = cast.client("province_admin").post(reverse("energy:coefficient_create"),
                                                  _post(k_natural_gas=""))
    assert response.status_code == 422
    assert "缺少“天然气”的折标系数" in response.content.decode()
    assert not CoefficientSet.objects.filter(code="ZJ-2025").exists()


def test_it_refuses_a_negative_or_non_numeric_value(cast: Cast) -> None:
    client = cast.client("province_admin")
    response = client.post(reverse("energy:coefficient_create"), _post(k_diesel="-1"))
    assert "“柴油”的折标系数不能为负数" in response.content.decode()
    response = client.post(reverse("energy:coefficient_create"), _post(k_lpg="abc"))
    assert response.status_code == 422
    assert "“液化石油气”的折标系数须为数字" in response.content.decode()
    assert not CoefficientSet.objects.filter(code="ZJ-2025").exists()


def test_it_refuses_a_duplicate_code(cast: Cast) -> None:
    response = cast.client("province_admin").post(reverse("energy:coefficient_create"),
                                                  _post(code="GB2589-2008"))
    assert response.status_code == 422
    assert "编号“GB2589-2008”已存在" in response.content.decode()


def test_a_new_default_set_reconverts_the_readings_from_its_month(cast: Cast) -> None:
    save(cast.xihu_agency, "2024-12", {"electricity": 1000})
    save(cast.xihu_agency, "2025-02", {"electricity": 1000})
    response = cast.client("province_admin").post(
        reverse("energy:coefficient_create"),
        _post(is_default="on", k_electricity="0.2", effective_from="2025-01-01"))
    assert response.status_code == 302
    kgce = dict(Reading.objects.filter(agency=cast.xihu_agency)
                .values_list("month__month", "kgce"))
    assert kgce[12] == Decimal("122.900")
    assert kgce[2] == Decimal("200.000")


def test_hostile_ids_answer_404(cast: Cast) -> None:
    client = cast.client("province_admin")
    assert client.get("/energy/coefficients/999999999999999999999999999999/").status_code == 404
