"""The pages that were actions only: opening a platform, editing a driver and linking an
account, switching a vehicle's status; the standards page's named permission; charges by
category; the statistics page a page at a time with an uncapped export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from jiguan.access.models import Grant, Region
from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.travel.ledger import actions as ledger_actions
from jiguan.travel.ledger import queries
from jiguan.travel.tests.fixtures import DAY, Travel, _user, at
from jiguan.travel.trips import actions as trip_actions
from jiguan.travel.trips.queries import free_vehicles
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleStandard, VehicleStatus

JUNE = dt.date(2026, 6, 1)


def _sheet(response: Any) -> list[list[Any]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return CalamineWorkbook.from_filelike(BytesIO(body)).get_sheet_by_index(0).to_python()


# The standards: a named permission, held by the province's administrator -------------------

STANDARD = {"category": "emergency", "price_cap": "200000", "service_life_years": "8",
            "effective_from": "2026-01-01", "source": "省局测试文件"}


def test_only_the_province_admin_publishes_standards(travel: Travel) -> None:
    for who in ("hangzhou", "xihu", "ningbo_reporter", "auditor"):
        c = travel.cast.client(who)
        assert c.get("/travel/standards/new/").status_code == 403, who
        assert c.post("/travel/standards/new/", STANDARD).status_code == 403, who
        assert "新增配备标准版本" not in c.get("/travel/standards/").content.decode()
    assert not VehicleStandard.objects.filter(source="省局测试文件").exists()
    c = travel.cast.client("province_admin")
    assert c.get("/travel/standards/new/").status_code == 200
    assert c.post("/travel/standards/new/", STANDARD).status_code == 302
    assert VehicleStandard.objects.filter(source="省局测试文件").exists()


def test_a_province_admin_granted_at_a_city_does_not_publish(travel: Travel) -> None:
    user = _user("hz_admin")
    Grant.objects.create(user=user, role=Role.PROVINCE_ADMIN,
                         region=Region.objects.get(code="330100"))
    c = travel.cast.client("outsider")
    c.force_login(user)
    assert c.get("/travel/standards/new/").status_code == 403


# Opening a platform -------------------------------------------------------------------------

def test_a_city_bureau_opens_a_county_platform(travel: Travel) -> None:
    c = travel.cast.client("hangzhou")
    gongshu = Region.objects.get(code="330105")
    page = c.get("/travel/platforms/new/").content.decode()
    assert gongshu.name in page and "西湖区" not in page  # Xihu has one already
    r = c.post("/travel/platforms/new/", {"region": gongshu.pk, "name": "拱墅区公务用车平台"})
    assert r.status_code == 302
    p = Platform.objects.get(region=gongshu)
    assert AuditEvent.objects.filter(event_type="travel.platform.created",
                                     target_id=str(p.pk)).exists()
    # A region outside the grant, or one with a platform, is refused on the form.
    ningbo = Region.objects.get(code="330200")
    for region in (ningbo, travel.xihu.region):
        r = c.post("/travel/platforms/new/", {"region": region.pk, "name": "另一个平台"})
        assert r.status_code == 422 and "不在您的权限范围内" in r.content.decode()
    assert c.post("/travel/platforms/new/", {"region": "", "name": ""}).status_code == 422
    assert travel.cast.client("ningbo_reporter").get("/travel/platforms/new/").status_code == 403
    assert travel.client("dispatcher").get("/travel/platforms/new/").status_code == 403
    assert 'data-testid="platform-create"' in c.get("/travel/network/").content.decode()


# Drivers: edit, link an account ------------------------------------------------------------

def test_edit_a_driver_and_link_an_account(travel: Travel) -> None:
    c = travel.cast.client("xihu")
    url = f"/travel/drivers/{travel.driver2.pk}/edit/"
    assert c.get(url).status_code == 200
    form = {"name": "李师傅", "phone": "13800000000", "licence_class": "A1", "active": "on"}
    r = c.post(url, {**form, "username": "nobody"})
    assert r.status_code == 422 and "账号 nobody 不存在" in r.content.decode()
    li = _user("li_driver")
    r = c.post(url, {**form, "username": "li_driver"})
    assert r.status_code == 422 and "没有西湖区平台的驾驶员角色" in r.content.decode()
    Grant.objects.create(user=li, role=Role.DRIVER, region=travel.xihu.region)
    r = c.post(url, {**form, "username": "driver_user"})  # already 王师傅's
    assert r.status_code == 422 and "已关联驾驶员王师傅" in r.content.decode()
    assert c.post(url, {**form, "username": "li_driver"}).status_code == 302
    travel.driver2.refresh_from_db()
    assert travel.driver2.user == li and travel.driver2.licence_class == "A1"
    event = AuditEvent.objects.get(event_type="travel.driver.updated",
                                   target_id=str(travel.driver2.pk))
    assert event.changes["user"] == [None, "li_driver"]
    # Out of scope answers 404 (Hangzhou's driver from Xihu; any driver for Ningbo).
    assert c.get(f"/travel/drivers/{travel.hz_driver.pk}/edit/").status_code == 404
    n = travel.cast.client("ningbo_reporter")
    assert n.get(url).status_code == 404
    assert travel.client("dispatcher").get(url).status_code == 403


def test_a_driver_on_a_dispatched_trip_stays_on_duty(travel: Travel) -> None:
    trip = travel.dispatched(driver=travel.driver2)
    with pytest.raises(ValidationError) as exc:
        trip_actions.driver_update(driver=travel.driver2, data={"active": False}, actor=None,
                                   now=at(DAY, 7))
    assert trip.slip_no in exc.value.message_dict["active"][0]
    travel.driver2.refresh_from_db()
    assert travel.driver2.active


# Vehicle status ----------------------------------------------------------------------------

def test_vehicle_status_toggle(travel: Travel) -> None:
    trip = travel.dispatched(vehicle=travel.car)
    with pytest.raises(ValidationError) as exc:
        trip_actions.vehicle_set_status(vehicle=travel.car, status="repair", note="送修",
                                        actor=None, now=at(DAY, 7))
    assert trip.slip_no in exc.value.message_dict["status"][0]
    trip_actions.trip_cancel(trip=trip, actor=travel.requester)
    with pytest.raises(ValidationError) as exc:
        trip_actions.vehicle_set_status(vehicle=travel.car, status="repair", note=" ",
                                        actor=None, now=at(DAY, 7))
    assert "note" in exc.value.message_dict
    trip_actions.vehicle_set_status(vehicle=travel.car, status="repair", note="送修保养",
                                    actor=travel.cast.xihu, now=at(DAY, 7))
    assert travel.car not in free_vehicles(travel.xihu, at(DAY, 14), at(DAY, 15))
    event = AuditEvent.objects.get(event_type="travel.vehicle.status")
    assert event.changes == {"status": ["在用", "维修"], "note": [None, "送修保养"]}
    # Through the page: back in service, then laid up (停用); disposal is not on offer.
    c = travel.cast.client("xihu")
    url = f"/travel/vehicles/{travel.car.pk}/status/"
    assert "停用" in c.get(url).content.decode()
    assert c.post(url, {"status": "in_service"}).status_code == 302
    assert travel.car in free_vehicles(travel.xihu, at(DAY, 14), at(DAY, 15))
    r = c.post(url, {"status": "in_service"})
    assert r.status_code == 422 and "已是" in r.content.decode()
    assert c.post(url, {"status": "disposed"}).status_code == 422
    assert c.post(url, {"status": "suspended", "note": "封存待处置"}).status_code == 302
    travel.car.refresh_from_db()
    assert travel.car.status == VehicleStatus.SUSPENDED
    assert travel.cast.client("ningbo_reporter").get(url).status_code == 404
    assert travel.cast.client("auditor").post(url, {"status": "in_service"}).status_code == 403


# Charges by category -----------------------------------------------------------------------

def test_charges_by_category(travel: Travel) -> None:
    travel.closed(km=40)  # electric: charging 12.50, toll 15, parking 5 on the trip
    ledger_actions.cost_create(vehicle=travel.ev, kind="maintenance", date=DAY,
                               amount=Decimal("300.00"), actor=None)
    user = travel.cast.xihu
    params = {"start": "2026-06", "end": "2026-06", "group": "agency"}
    rows, _, _ = queries.cost_breakdown(user, params)
    by_label = {r["label"]: r for r in rows}
    trip_row = by_label[travel.cast.xihu_agency.name]
    assert trip_row["by_kind"]["charging"] == Decimal("12.50")
    assert trip_row["by_kind"]["toll"] == Decimal("15.00")
    assert trip_row["by_kind"]["parking"] == Decimal("5.00")
    assert trip_row["total"] == Decimal("32.50")
    assert by_label[queries.UNALLOCATED]["by_kind"]["maintenance"] == Decimal("300.00")
    vehicle_rows, _, _ = queries.cost_breakdown(user, {**params, "group": "vehicle"})
    assert [(r["label"], r["total"]) for r in vehicle_rows] == [("浙A·T0001", Decimal("332.50"))]
    assert queries.vehicle_ledger(travel.ev, 2026)["total"] == Decimal("332.50")
    month_rows, _, _ = queries.cost_breakdown(user, {**params, "group": "month"})
    assert [r["label"] for r in month_rows] == ["2026年06月"]
    assert queries.cost_breakdown(user, {"start": "2026-07", "end": "2026-07"})[0] == []
    # Filters: a vehicle category with no costs, a region outside the user's scope.
    assert queries.cost_breakdown(user, {**params, "category": "emergency"})[0] == []
    ningbo = Region.objects.get(code="330200")
    rows, form, _ = queries.cost_breakdown(user, {**params, "region": ningbo.pk})
    assert rows == [] and "region" in form.errors
    rows, form, _ = queries.cost_breakdown(user, {"start": "2026-07", "end": "2026-06"})
    assert "截止月份不能早于起始月份" in form.errors["end"][0]
    # Scope: Ningbo's reporter sees none of Xihu's costs.
    assert queries.cost_breakdown(travel.cast.ningbo_reporter, params)[0] == []
    c = travel.cast.client("xihu")
    page = c.get("/travel/costs/", params).content.decode()
    assert "332.50" in page and "维修保养费" in page
    assert c.get("/travel/costs/", {"start": "nonsense"}).status_code == 200
    sheet = _sheet(c.get("/travel/costs/export.xlsx", {**params, "group": "vehicle"}))
    assert sheet[0][0] == "公务用车费用分类汇总" and "汇总方式=按车辆" in sheet[1][0]
    assert sheet[3][0] == "浙A·T0001" and sheet[3][-1] == 332.5
    assert travel.cast.client("outsider").get("/travel/costs/").status_code == 403


# Statistics: paginated, the export uncapped ------------------------------------------------

def test_statistics_paginated_and_exported_in_full(travel: Travel) -> None:
    travel.closed(km=40)
    for i in range(60):  # test data straight into the ledger (the establishment is 3)
        Vehicle.objects.create(plate=f"浙A·S{i:04d}", category="other", make="比亚迪",
                               new_energy=True, battery_kwh=Decimal("50"),
                               price=Decimal("100000"), seats=4,
                               purchase_date=dt.date(2023, 1, 1), platform=travel.xihu,
                               region=travel.xihu.region)
    c = travel.cast.client("xihu")
    first = c.get("/travel/statistics/", {"month": "2026-06"}).content.decode()
    second = c.get("/travel/statistics/", {"month": "2026-06", "page": 2}).content.decode()
    # 50 a page, in plate order: S0000..S0049, then S0050..S0059, T0001, T0002.
    assert first.count("浙A·S") == 50 and second.count("浙A·S") == 10
    assert 'data-testid="pagination"' in first and "浙A·T0001" in second
    sheet = _sheet(c.get("/travel/statistics/export.xlsx", {"month": "2026-06"}))
    plates = [r[0] for r in sheet[3:]]
    assert len(plates) == 62 and "浙A·S0059" in plates
    ev = next(r for r in sheet[3:] if r[0] == "浙A·T0001")
    assert ev[2] == 1 and ev[4] == 40
    assert len(_sheet(travel.cast.client("ningbo_reporter").get(
        "/travel/statistics/export.xlsx", {"month": "2026-06"}))) == 3  # title, filters, header
