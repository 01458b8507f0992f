"""/api/v1/energy/: the metering systems' batch, the readings list and the profile."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.energy.models import AgencyYear, InstitutionYear, Reading, Source
from jiguan.energy.tests.factories import save

pytestmark = pytest.mark.django_db

API = "/api/v1/energy"


def _post(client: Client, rows: list[dict[str, Any]]) -> Any:
    return client.post(f"{API}/readings/batch", data=json.dumps({"readings": rows}),
                       content_type="application/json")


def _batch(cast: Cast) -> list[dict[str, Any]]:
    return [
        {"credit_code": cast.xihu_agency.credit_code, "month": "2025-03",
         "energy_type": "electricity", "quantity": 12000, "unit": "kWh", "cost": 9600},
        {"agency_id": cast.xihu_agency.pk, "month": "2025-03", "energy_type": "自来水",
         "quantity": "350", "unit": "吨"},
        {"credit_code": cast.hangzhou_agency.credit_code, "month": "2025-03",
         "energy_type": "natural_gas", "quantity": 800.5, "ncv": 36000},
    ]


def test_a_batch_is_written_and_sending_it_again_changes_nothing(cast: Cast) -> None:
    client = cast.client("hangzhou")
    response = _post(client, _batch(cast))
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0}
    assert set(Reading.objects.values_list("source", flat=True)) == {Source.API}
    assert AgencyYear.objects.get(agency=cast.xihu_agency, year=2025).water == 350
    assert AuditEvent.objects.filter(event_type="energy.readings.api").count() == 1
    again = _post(client, _batch(cast))
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 3}


def test_one_refused_row_writes_nothing_and_every_refused_row_is_listed(cast: Cast) -> None:
    rows = [*_batch(cast),
        {"credit_code": cast.ningbo_agency.credit_code, "month": "2025-03",
         "energy_type": "电", "quantity": 1},                                    # 3 scope
        {"agency_id": cast.xihu_agency.pk, "month": "2999-01", "energy_type": "电",
         "quantity": 1},                                                         # 4 future
        {"agency_id": cast.xihu_agency.pk, "month": "2025-04", "energy_type": "电",
         "quantity": -1},                                                        # 5 negative
        {"agency_id": cast.xihu_agency.pk, "month": "2025-04", "energy_type": "电",
         "quantity": 1, "unit": "吨"},                                            # 6 unit
        {"agency_id": cast.xihu_agency.pk, "month": "2025-03", "energy_type": "电",
         "quantity": 1},                                                         # 7 duplicate
        {"month": "2025-03", "energy_type": "电", "quantity": 1},                  # 8 no agency
        {"agency_id": "9" * 30, "month": "2025-03", "energy_type": "电",
         "quantity": 1},                                                         # 9 huge id
        "not an object",                                                         # 10
        {"agency_id": cast.xihu_agency.pk, "month": "2025-05", "energy_type": "天然气",
         "quantity": 1, "ncv": "1e30"},                                          # 11 ncv
        {"agency_id": cast.xihu_agency.pk, "month": "2025-06", "energy_type": "天然气",
         "quantity": "1e1000000"},                                               # 12 overflow
        {"agency_id": cast.xihu_agency.pk, "month": "2025-07", "energy_type": "天然气",
         "quantity": 1, "ncv": "0.0001"},                                        # 13 ncv ~ 0
    ]
    response = _post(cast.client("hangzhou"), rows)
    assert response.status_code == 422
    refused = {r["index"]: r["reason"] for r in response.json()["refused"]}
    assert set(refused) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}
    assert "超出合理范围" in refused[12]
    assert "实测低位发热量必须大于 0" in refused[13]
    assert "实测低位发热量“1e30”超出合理范围" in refused[11]
    assert "不在您的权限范围内" in refused[3]
    assert "不能填报未来月份" in refused[4]
    assert "不能为负数" in refused[5]
    assert "计量单位“吨”无法识别" in refused[6]
    assert "与第 0 行重复" in refused[7]
    assert not Reading.objects.exists()


def test_a_batch_over_5000_rows_is_refused_whole(cast: Cast) -> None:
    row = {"agency_id": cast.xihu_agency.pk, "month": "2025-03", "energy_type": "电",
           "quantity": 1}
    response = _post(cast.client("xihu"), [row] * 5001)
    assert response.status_code == 422
    assert "最多上报 5000 行" in response.json()["detail"]


def test_the_auditor_may_not_send_readings(cast: Cast) -> None:
    assert _post(cast.client("auditor"), _batch(cast)).status_code == 403


def test_the_list_filters_like_the_page_and_keeps_to_the_scope(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-01", {"electricity": 1000, "water_tap": 10})
    save(cast.ningbo_agency, "2025-01", {"electricity": 2000})
    body = cast.client("xihu").get(f"{API}/readings/").json()
    assert body["count"] == 2
    assert {r["credit_code"] for r in body["items"]} == {cast.xihu_agency.credit_code}
    body = cast.client("province_admin").get(f"{API}/readings/",
                                             {"energy_type": "electricity"}).json()
    assert body["count"] == 2 and body["items"][0]["month"] == "2025-01"


@pytest.mark.parametrize("params", [{"month_from": "abc"}, {"energy_type": "蒸汽"}])
def test_a_bad_list_filter_is_a_422_naming_it(cast: Cast, params: dict[str, str]) -> None:
    response = cast.client("xihu").get(f"{API}/readings/", params)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize("params", [{"page": "-1"}, {"region": "9" * 30}, {"page": "abc"}])
def test_hostile_list_parameters_are_a_422_not_a_500(cast: Cast,
                                                     params: dict[str, str]) -> None:
    assert cast.client("xihu").get(f"{API}/readings/", params).status_code == 422


def test_a_profile_is_put_and_read_back(cast: Cast) -> None:
    client = cast.client("xihu")
    url = f"{API}/institutions/{cast.xihu_agency.pk}/profile/2025"
    assert client.get(url).status_code == 404
    payload = {"type_code": "01", "building_area": "2500.5", "energy_headcount": 90}
    response = client.put(url, data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.content
    assert InstitutionYear.objects.get().building_area == Decimal("2500.50")
    assert client.get(url).json()["energy_headcount"] == 90


def test_a_bad_profile_is_a_422_naming_the_field(cast: Cast) -> None:
    url = f"{API}/institutions/{cast.xihu_agency.pk}/profile/2025"
    payload = {"type_code": "99", "building_area": "-1", "energy_headcount": 90}
    response = cast.client("xihu").put(url, data=json.dumps(payload),
                                       content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["type_code"] == ["单位性质无法识别"]
    assert errors["building_area"] == ["建筑面积不能为负数"]


def test_profiles_outside_the_scope_are_not_found(cast: Cast) -> None:
    url = f"{API}/institutions/{cast.ningbo_agency.pk}/profile/2025"
    assert cast.client("xihu").get(url).status_code == 404
    url = f"{API}/institutions/{'9' * 30}/profile/2025"
    assert cast.client("xihu").get(url).status_code in (404, 422)


def test_a_value_far_from_history_needs_confirm_unusual(cast: Cast) -> None:
    """The month page's rule (JIGUAN_ENERGY_ENTRY_CONFIRM_FACTOR) holds for the API too."""
    save(cast.xihu_agency, "2024-03", {"electricity": Decimal("1000")})
    client = cast.client("hangzhou")
    row = {"agency_id": cast.xihu_agency.pk, "month": "2025-03",
           "energy_type": "electricity", "quantity": 100000}
    refused = _post(client, [row])
    assert refused.status_code == 422
    body = refused.json()
    assert "confirm_unusual" in body["detail"]
    assert body["refused"][0]["index"] == 0
    assert "去年同月" in body["refused"][0]["reason"]
    assert not Reading.objects.filter(agency=cast.xihu_agency, month__year=2025).exists()

    confirmed = client.post(f"{API}/readings/batch", content_type="application/json",
                            data=json.dumps({"readings": [row], "confirm_unusual": True}))
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["created"] == 1
    # Within the factor: no confirmation asked.
    near = {**row, "month": "2025-04", "quantity": 1200}
    save(cast.xihu_agency, "2024-04", {"electricity": Decimal("1000")})
    assert _post(client, [near]).status_code == 200
