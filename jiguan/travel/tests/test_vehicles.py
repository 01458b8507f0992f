"""One standard: registering vehicles (caps, establishment, domestic make), the ledger's
pages, API, export and import, disposal by service life, and the scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

from jiguan.audit.models import AuditEvent
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportStatus
from jiguan.travel.tests.fixtures import Travel, vehicle_data
from jiguan.travel.vehicles import actions
from jiguan.travel.vehicles.models import Vehicle, VehicleStandard

pytestmark = pytest.mark.django_db


def test_over_the_cap_is_refused_citing_the_rule(travel: Travel) -> None:
    agency = travel.cast.xihu_agency
    actions.establishment_set(agency=agency, category="confidential", quota=2, actor=None)
    before = Vehicle.objects.count()
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_create(data=vehicle_data(
            agency=agency, plate="浙A·J0001", category="confidential", new_energy=False,
            battery_kwh=None, displacement=Decimal("1.5"), tank_litres=Decimal("50"),
            price=Decimal("120500")), actor=None)
    assert "12" in exc.value.message_dict["price"][0]
    assert "中办发〔2017〕71号" in exc.value.message_dict["price"][0]
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_create(data=vehicle_data(
            agency=agency, plate="浙A·J0001", category="confidential", new_energy=False,
            battery_kwh=None, displacement=Decimal("1.8"), tank_litres=Decimal("50"),
            price=Decimal("110000")), actor=None)
    assert "1.6" in exc.value.message_dict["displacement"][0]
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_create(data=vehicle_data(travel.xihu, plate="浙A·E0001",
                                                 price=Decimal("180000.01")), actor=None)
    assert "180,000.00" in exc.value.message_dict["price"][0]
    assert Vehicle.objects.count() == before
    ok = actions.vehicle_create(data=vehicle_data(
        agency=agency, plate="浙A·J0001", category="confidential", new_energy=False,
        battery_kwh=None, displacement=Decimal("1.6"), tank_litres=Decimal("50"),
        price=Decimal("120000")), actor=travel.cast.xihu)
    assert AuditEvent.objects.filter(event_type="travel.vehicle.created",
                                     target_id=str(ok.pk)).exists()


def test_a_new_standard_version_applies_to_vehicles_bought_after_it(travel: Travel) -> None:
    actions.standard_create(data={"category": "other", "new_energy": True,
                                  "price_cap": Decimal("150000"), "service_life_years": 10,
                                  "effective_from": dt.date(2024, 1, 1), "source": "测试新标准"},
                            actor=travel.cast.province_admin)
    with pytest.raises(ValidationError):
        actions.vehicle_create(data=vehicle_data(travel.province, plate="浙A·N1",
                                                 purchase_date=dt.date(2024, 2, 1),
                                                 price=Decimal("160000")), actor=None)
    v = actions.vehicle_create(data=vehicle_data(travel.province, plate="浙A·N2",
                                                 purchase_date=dt.date(2023, 2, 1),
                                                 price=Decimal("160000")), actor=None)
    assert actions.service_life_of(v) == 8
    assert VehicleStandard.objects.filter(source="测试新标准").count() == 1


def test_establishment_is_enforced(travel: Travel) -> None:
    # Xihu's platform holds 2 of its 3 "other" vehicles.
    actions.vehicle_create(data=vehicle_data(travel.xihu, plate="浙A·T0009"), actor=None)
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_create(data=vehicle_data(travel.xihu, plate="浙A·T0010"), actor=None)
    assert "编制 3 辆" in exc.value.message_dict["category"][0]
    assert "第六条" in exc.value.message_dict["category"][0]
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_create(data=vehicle_data(travel.xihu, plate="浙A·T0011",
                                                 category="emergency"), actor=None)
    assert "未核定" in exc.value.message_dict["category"][0]
    with pytest.raises(ValidationError) as exc:
        actions.establishment_set(platform=travel.xihu, category="other", quota=2, actor=None)
    assert "quota" in exc.value.message_dict
    # Disposing of one frees its slot.
    actions.vehicle_dispose(vehicle=travel.car, reason="wrecked", on=dt.date.today(), actor=None)
    actions.vehicle_create(data=vehicle_data(travel.xihu, plate="浙A·T0010"), actor=None)


def test_foreign_make_refused(travel: Travel) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_create(data=vehicle_data(travel.province, domestic=False), actor=None)
    assert "国产" in exc.value.message_dict["domestic"][0]


def test_replacement_only_after_the_service_life(travel: Travel) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_dispose(vehicle=travel.ev, reason="service_life", on=dt.date.today(),
                                actor=None)
    assert "未到年限" in exc.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as exc:
        actions.vehicle_dispose(vehicle=travel.ev, reason="leader_change", on=dt.date.today(),
                                actor=None)
    assert "职务" in exc.value.message_dict["reason"][0]
    old = actions.vehicle_create(data=vehicle_data(travel.province, plate="浙A·OLD1",
                                                   purchase_date=dt.date(2015, 1, 1)),
                                 actor=None)
    with pytest.raises(ValidationError):
        actions.vehicle_dispose(vehicle=old, reason="leader_change", on=dt.date.today(),
                                actor=None)
    actions.vehicle_dispose(vehicle=old, reason="service_life", on=dt.date.today(), actor=None)
    old.refresh_from_db()
    assert old.status == "disposed"


def test_pages(travel: Travel) -> None:
    c = travel.client("xihu")
    for url in ("/travel/", "/travel/vehicles/", f"/travel/vehicles/{travel.ev.pk}/",
                f"/travel/vehicles/{travel.ev.pk}/edit/", "/travel/vehicles/new/",
                "/travel/establishment/", "/travel/standards/", "/travel/vehicles/?due=on",
                "/travel/vehicles/?category=bogus&region=999999999999"):
        assert c.get(url).status_code == 200, url
    response = c.get("/travel/vehicles/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_create_page_refusal_names_the_field_and_writes_nothing(travel: Travel) -> None:
    c = travel.client("xihu")
    before = Vehicle.objects.count()
    r = c.post("/travel/vehicles/new/", {
        "plate": "浙A·P1", "category": "other", "body": "saloon", "make": "x", "domestic": "on",
        "new_energy": "on", "battery_kwh": "50", "price": "999999", "seats": "4",
        "purchase_date": "2023-01-01", "odometer_km": "0", "platform": travel.xihu.pk})
    assert r.status_code == 422
    assert "超过配备标准上限" in r.content.decode()
    assert Vehicle.objects.count() == before
    # A platform outside the user's scope is not offered and not accepted.
    r = c.post("/travel/vehicles/new/", {
        "plate": "浙A·P1", "category": "other", "body": "saloon", "make": "x", "domestic": "on",
        "new_energy": "on", "battery_kwh": "50", "price": "100000", "seats": "4",
        "purchase_date": "2023-01-01", "odometer_km": "0", "platform": travel.province.pk})
    assert r.status_code == 422 and "权限范围" in r.content.decode()


def test_scope_answers_404(travel: Travel) -> None:
    pk = travel.van.pk  # Hangzhou's platform: not Xihu's, not Ningbo's
    for who in ("xihu", "ningbo_reporter", "outsider"):
        c = travel.cast.client(who)
        for url in (f"/travel/vehicles/{pk}/", f"/travel/vehicles/{pk}/edit/",
                    f"/travel/vehicles/{pk}/dispose/", f"/travel/vehicles/{pk}/ledger/",
                    f"/travel/vehicles/{pk}/costs/new/", f"/api/v1/travel/vehicles/{pk}",
                    f"/api/v1/travel/ledger/vehicles/{pk}"):
            assert c.get(url).status_code == 404, (who, url)
        assert c.post(f"/api/v1/travel/vehicles/{pk}/dispose",
                      {"reason": "wrecked", "on": "2026-01-01"},
                      content_type="application/json").status_code == 404
    assert travel.cast.client("hangzhou").get(f"/travel/vehicles/{pk}/").status_code == 200


def test_api(travel: Travel) -> None:
    c = travel.cast.client("xihu")
    r = c.get("/api/v1/travel/vehicles")
    assert r.status_code == 200
    assert {v["plate"] for v in r.json()["items"]} == {"浙A·T0001", "浙A·T0002"}
    r = c.post("/api/v1/travel/vehicles", {**_json(vehicle_data(plate="浙A·API1",
                                                                price=Decimal("190000"))),
                                           "platform_id": travel.xihu.pk},
               content_type="application/json")
    assert r.status_code == 422 and "price" in r.json()["errors"]
    r = c.post("/api/v1/travel/vehicles", {**_json(vehicle_data(plate="浙A·API1")),
                                           "platform_id": travel.province.pk},
               content_type="application/json")
    assert r.status_code == 404
    r = c.post("/api/v1/travel/vehicles", {**_json(vehicle_data(plate="浙A·API1")),
                                           "platform_id": travel.xihu.pk},
               content_type="application/json")
    assert r.status_code == 201, r.content
    assert c.get("/api/v1/travel/standards").status_code == 200
    assert c.get("/api/v1/travel/establishments").status_code == 200
    assert travel.cast.client("auditor").post(
        "/api/v1/travel/establishments", {"platform_id": travel.xihu.pk, "category": "other",
                                          "quota": 5}, content_type="application/json"
    ).status_code == 403


def _json(data: dict[str, object]) -> dict[str, object]:
    return {k: (str(v) if isinstance(v, Decimal | dt.date) else v) for k, v in data.items()}


def _workbook(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["车牌号", "车辆类别", "品牌型号", "新能源", "购置价格", "电池容量",
                           "座位数", "购置日期", "所属平台或单位"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


def test_import_through_the_core_importer(travel: Travel) -> None:
    user = travel.cast.xihu
    bad = _workbook([["浙A·I1", "其他公务用车", "比亚迪", "是", 150000, 50, 4, "2023-01-01",
                      "西湖区平台"],
                     ["浙A·I2", "其他公务用车", "比亚迪", "是", 150000, 50, 4, "2023-01-01",
                      "省平台"],
                     ["浙A·I3", "飞机", "比亚迪", "是", 150000, 50, 4, "2023-01-01",
                      "西湖区平台"]])
    job = validate_job(create_job(kind="travel.vehicle", filename="v.xlsx", data=bad,
                                  user=user).pk)
    assert job.status == ImportStatus.INVALID
    assert {(e["row"], e["column"]) for e in job.errors} == {(3, "所属平台或单位"),
                                                            (4, "车辆类别")}
    # Over the establishment: the action refuses the row and nothing is written.
    over = _workbook([[f"浙A·I{i}", "其他公务用车", "比亚迪", "是", 150000, 50, 4,
                       "2023-01-01", "西湖区平台"] for i in range(1, 3)])
    job = validate_job(create_job(kind="travel.vehicle", filename="v.xlsx", data=over,
                                  user=user).pk)
    assert job.status == ImportStatus.VALID
    job = apply_job(job.pk, user.pk)
    assert job.status == ImportStatus.INVALID
    assert any("编制" in e["message"] for e in job.errors)
    assert not Vehicle.objects.filter(plate__startswith="浙A·I").exists()
    good = _workbook([["浙A·I1", "其他公务用车", "比亚迪", "是", 150000, 50, 4, "2023-01-01",
                       "西湖区平台"]])
    job = validate_job(create_job(kind="travel.vehicle", filename="v.xlsx", data=good,
                                  user=user).pk)
    job = apply_job(job.pk, user.pk)
    assert job.status == ImportStatus.DONE
    assert Vehicle.objects.get(plate="浙A·I1").import_job_id == job.pk
