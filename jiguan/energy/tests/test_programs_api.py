"""The programmes' API: the same rules as the pages, 422 with Chinese messages, 404 for
objects out of scope (or ids too large for the database)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from jiguan.conftest import Cast
from jiguan.energy.models import EnergyContract, GarbageSortingSite, WaterSavingUnit
from jiguan.energy.tests.factories import save


def _send(client: Any, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.generic(method, url, data=json.dumps(data), content_type="application/json")


def test_the_contract_detail_carries_its_verified_savings(cast: Cast) -> None:
    for m in range(1, 13):
        save(cast.xihu_agency, f"2024-{m:02d}", {"electricity": 10000})
    save(cast.xihu_agency, "2025-01", {"electricity": 8000})
    contract = EnergyContract.objects.create(
        agency=cast.xihu_agency, name="改造", contract_type="shared", provider="某公司",
        start_date=dt.date(2025, 1, 1), end_date=dt.date(2027, 12, 31),
        baseline_start=dt.date(2024, 1, 1), baseline_end=dt.date(2024, 12, 1),
        sharing_ratio=Decimal("50"))
    body = cast.client("hangzhou").get(f"/api/v1/energy/contracts/{contract.pk}").json()
    assert body["agency_name"] == cast.xihu_agency.name
    assert body["baseline_computed"] is True and body["baseline_months"] == 12
    first = body["years"][0]
    assert first["reported"] == 1
    assert Decimal(first["saved_kgce"]) == Decimal("245.80")
    assert Decimal(first["provider_share_kgce"]) == Decimal("122.90")


def test_the_checklist_put_saves_and_reports_what_is_unmet(cast: Cast) -> None:
    response = _send(cast.client("ningbo_reporter"), "PUT",
                     f"/api/v1/energy/water-saving/{cast.ningbo_agency.pk}",
                     {"tiered_metering": True, "named_manager": "王五"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "planned"
    assert "用水记录和统计台账" in body["unmet"] and "水表分级计量" not in body["unmet"]
    assert WaterSavingUnit.objects.get(agency=cast.ningbo_agency).named_manager == "王五"


def test_a_future_balance_test_date_is_422_with_its_field(cast: Cast) -> None:
    response = _send(cast.client("xihu"), "PUT",
                     f"/api/v1/energy/water-saving/{cast.xihu_agency.pk}",
                     {"balance_test": True, "balance_test_date": "2999-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["balance_test_date"] == ["水平衡测试日期不能晚于今天"]


def test_a_compound_outside_the_users_regions_is_422(cast: Cast) -> None:
    response = _send(cast.client("xihu"), "POST", "/api/v1/energy/sorting-sites",
                     {"kind": "compound", "name": "某小区", "region_code": "330203",
                      "since": "2024-01-01"})
    assert response.status_code == 422
    assert "不在您的权限范围内" in response.json()["errors"]["region_code"][0]
    response = _send(cast.client("xihu"), "POST", "/api/v1/energy/sorting-sites",
                     {"kind": "compound", "name": "文新小区", "region_code": "330106",
                      "since": "2024-01-01"})
    assert response.status_code == 201
    assert GarbageSortingSite.objects.get().region.code == "330106"


def test_an_unknown_kind_is_422(cast: Cast) -> None:
    response = _send(cast.client("xihu"), "POST", "/api/v1/energy/sorting-sites",
                     {"kind": "park", "since": "2024-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["kind"][0].startswith("类别应为")


def test_huge_or_bad_ids_and_filters_do_not_fail(cast: Cast) -> None:
    client = cast.client("province_admin")
    assert client.get("/api/v1/energy/contracts/" + "9" * 30).status_code in (404, 422)
    assert client.get("/api/v1/energy/water-saving/" + "9" * 30).status_code in (404, 422)
    assert client.get("/api/v1/energy/water-saving", {"region": "9" * 30}).status_code == 422
    assert client.get("/api/v1/energy/contracts", {"page": "-1"}).status_code == 422


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/api/v1/energy/contracts", {"contract_type": "barter"}, "contract_type"),
    ("/api/v1/energy/water-saving", {"status": "sleeping"}, "status"),
    ("/api/v1/energy/sorting-sites", {"kind": "moon"}, "kind"),
])
def test_a_bad_list_filter_is_a_422_naming_it(cast: Cast, path: str, params: dict[str, str],
                                             field: str) -> None:
    response = cast.client("province_admin").get(path, params)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_the_water_saving_list_pages_through_institutions(cast: Cast) -> None:
    body = cast.client("province_admin").get("/api/v1/energy/water-saving",
                                             {"page_size": 2}).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    assert {i["status"] for i in body["items"]} == {"none"}
