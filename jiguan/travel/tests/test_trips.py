"""One platform and one network: request, approval, dispatch (no double booking, seats,
holidays), pass up or sideways, return with its checks, rating; to-dos; pages, API, scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jiguan.todo.models import Task
from jiguan.travel.ledger.models import Charge, CostEntry
from jiguan.travel.tests.fixtures import DAY, Travel, at
from jiguan.travel.trips import actions, queries
from jiguan.travel.trips.models import Trip, TripStatus

pytestmark = pytest.mark.django_db


def _open(kind: str) -> int:
    return Task.objects.open().filter(kind=kind).count()


def test_the_whole_way_with_todos(travel: Travel) -> None:
    trip = travel.request()
    assert trip.platform == travel.xihu and trip.status == TripStatus.SUBMITTED
    assert _open(actions.APPROVE_TASK) == 1
    assert Task.objects.inbox(travel.approver).filter(kind=actions.APPROVE_TASK).exists()
    actions.trip_decide(trip=trip, approve=True, actor=travel.approver)
    assert _open(actions.APPROVE_TASK) == 0 and _open(actions.DISPATCH_TASK) == 1
    assert Task.objects.inbox(travel.dispatcher).filter(kind=actions.DISPATCH_TASK).exists()
    trip = actions.trip_dispatch(trip=trip, vehicle=travel.ev, driver=travel.driver,
                                 actor=travel.dispatcher)
    assert trip.slip_no == "PC3301062026000001"
    assert _open(actions.DISPATCH_TASK) == 0 and _open(actions.CLOSE_TASK) == 1
    trip = actions.trip_close(trip=trip, data={
        "odometer_start": 10000, "odometer_end": 10042, "actual_start": at(DAY, 9),
        "actual_end": at(DAY, 11, 30), "charge_kwh": Decimal("12"),
        "energy_cost": Decimal("9.60"), "tolls": Decimal("20"), "parking": Decimal("0")},
        actor=travel.driver_user)
    assert trip.status == TripStatus.CLOSED and _open(actions.CLOSE_TASK) == 0
    travel.ev.refresh_from_db()
    assert travel.ev.odometer_km == 10042
    charge = Charge.objects.get(trip=trip)
    # 42 km x 1.00 + 2.5 h x 10.00 + 5.00 per trip, plus the costs advanced (9.60 + 20).
    assert charge.service == Decimal("72.00") and charge.costs == Decimal("29.60")
    assert charge.amount == Decimal("101.60")
    assert sorted(CostEntry.objects.filter(trip=trip).values_list("kind", flat=True)) == [
        "charging", "toll"]
    actions.trip_rate(trip=trip, rating=5, note="准时", actor=travel.requester)
    with pytest.raises(ValidationError):
        actions.trip_rate(trip=trip, rating=4, actor=travel.requester)


def test_reject_needs_a_note(travel: Travel) -> None:
    trip = travel.request()
    with pytest.raises(ValidationError) as exc:
        actions.trip_decide(trip=trip, approve=False, note=" ", actor=travel.approver)
    assert "note" in exc.value.message_dict
    actions.trip_decide(trip=trip, approve=False, note="可乘公共交通", actor=travel.approver)
    assert _open(actions.DISPATCH_TASK) == 0


def test_a_vehicle_or_driver_is_never_in_two_trips(travel: Travel) -> None:
    travel.dispatched()
    other = travel.approved(start=at(DAY, 11), end=at(DAY, 14))
    with pytest.raises(ValidationError) as exc:
        actions.trip_dispatch(trip=other, vehicle=travel.ev, driver=travel.driver2,
                              actor=travel.dispatcher)
    assert "已派出" in exc.value.message_dict["vehicle"][0]
    with pytest.raises(ValidationError) as exc:
        actions.trip_dispatch(trip=other, vehicle=travel.car, driver=travel.driver,
                              actor=travel.dispatcher)
    assert "已有任务" in exc.value.message_dict["driver"][0]
    other.refresh_from_db()
    assert other.status == TripStatus.APPROVED and other.vehicle is None
    # The free lists leave them out; back to back is fine.
    assert list(queries.free_vehicles(travel.xihu, at(DAY, 11), at(DAY, 14))) == [travel.car]
    assert list(queries.free_drivers(travel.xihu, at(DAY, 11), at(DAY, 14))) == [travel.driver2]
    later = travel.approved(start=at(DAY, 12), end=at(DAY, 15))
    actions.trip_dispatch(trip=later, vehicle=travel.ev, driver=travel.driver,
                          actor=travel.dispatcher)


def test_seats_and_platform(travel: Travel) -> None:
    trip = travel.approved(passengers=5)
    with pytest.raises(ValidationError) as exc:
        actions.trip_dispatch(trip=trip, vehicle=travel.ev, driver=travel.driver,
                              actor=travel.dispatcher)
    assert "座位" in exc.value.message_dict["vehicle"][0]
    with pytest.raises(ValidationError):
        actions.trip_dispatch(trip=trip, vehicle=travel.van, driver=travel.driver,
                              actor=travel.dispatcher)
    assert list(queries.free_vehicles(travel.xihu, trip.start_at, trip.end_at,
                                      passengers=5)) == []


def test_parked_on_holidays_unless_urgent(travel: Travel) -> None:
    holiday = dt.date(2026, 10, 1)
    with pytest.raises(ValidationError) as exc:
        travel.request(start=at(holiday, 9), end=at(holiday, 12))
    assert "节假日" in exc.value.message_dict["start_at"][0]
    assert not Trip.objects.exists()
    assert not Task.objects.exists()
    trip = travel.request(start=at(holiday, 9), end=at(holiday, 12), urgent=True)
    actions.trip_decide(trip=trip, approve=True, actor=travel.approver)


def test_bad_returns_write_nothing(travel: Travel) -> None:
    trip = travel.dispatched(vehicle=travel.car)
    good = {"odometer_start": 10000, "odometer_end": 10050, "actual_start": at(DAY, 9),
            "actual_end": at(DAY, 11), "fuel_litres": Decimal("30"),
            "energy_cost": Decimal("200"), "tolls": Decimal(0), "parking": Decimal(0)}
    for change, field in (({"odometer_start": 9999}, "odometer_start"),
                          ({"odometer_end": 9990}, "odometer_end"),
                          ({"fuel_litres": Decimal("50.5")}, "fuel_litres"),
                          ({"actual_end": at(DAY, 12, 1)}, "actual_end"),
                          ({"actual_start": at(DAY, 8, 59)}, "actual_start"),
                          ({"charge_kwh": Decimal("5")}, "charge_kwh")):
        with pytest.raises(ValidationError) as exc:
            actions.trip_close(trip=trip, data={**good, **change}, actor=travel.driver_user)
        assert field in exc.value.message_dict, change
    trip.refresh_from_db()
    travel.car.refresh_from_db()
    assert trip.status == TripStatus.DISPATCHED and travel.car.odometer_km == 10000
    assert not CostEntry.objects.exists() and not Charge.objects.exists()
    actions.trip_close(trip=trip, data=good, actor=travel.driver_user)


def test_pass_up_or_sideways_to_a_platform_with_a_free_vehicle(travel: Travel) -> None:
    trip = travel.approved(passengers=5)  # Xihu has no 5-seat vehicle; Hangzhou has a van
    assert queries.pass_targets(trip) == [travel.hangzhou]
    trip = actions.trip_pass(trip=trip, to=travel.hangzhou, actor=travel.dispatcher)
    assert trip.platform == travel.hangzhou
    assert Task.objects.open().get(kind=actions.DISPATCH_TASK).region == travel.hangzhou.region
    actions.trip_dispatch(trip=trip, vehicle=travel.van, driver=travel.hz_driver,
                          actor=travel.cast.hangzhou)
    busy = travel.approved(passengers=5, start=at(DAY, 10), end=at(DAY, 11))
    with pytest.raises(ValidationError) as exc:
        actions.trip_pass(trip=busy, to=travel.hangzhou, actor=travel.dispatcher)
    assert "空闲" in exc.value.message_dict["to"][0]
    # Hangzhou may pass up to the province, not down.
    h = travel.approved(start=at(DAY, 14), end=at(DAY, 16))
    actions.trip_pass(trip=h, to=travel.hangzhou, actor=travel.dispatcher)
    assert queries.pass_targets(Trip.objects.get(pk=h.pk)) == [travel.province]


def test_network_load_and_queue(travel: Travel) -> None:
    travel.approved()
    travel.dispatched(start=at(DAY, 13), end=at(DAY, 15))
    rows = {r["platform"].pk: r for r in queries.network_load(travel.cast.province_admin,
                                                                at(DAY, 14))}
    assert rows[travel.xihu.pk]["queue"] == 1 and rows[travel.xihu.pk]["out"] == 1
    assert rows[travel.xihu.pk]["vehicles"] == 2 and rows[travel.xihu.pk]["load"] == 50
    assert set(rows) == {travel.province.pk, travel.hangzhou.pk, travel.xihu.pk}
    assert {r["platform"].pk for r in queries.network_load(travel.cast.xihu, at(DAY, 14))} \
        == {travel.xihu.pk}
    r = travel.cast.client("province_admin").get("/travel/network/")
    assert r.status_code == 200 and "参加会议" in r.content.decode()


def test_pages_walk_the_steps(travel: Travel) -> None:
    c = travel.client("requester")
    r = c.post("/travel/trips/new/", {
        "agency": travel.cast.xihu_agency.pk, "passengers": 2, "start_at": "2026-06-09T09:00",
        "end_at": "2026-06-09T12:00", "origin": "甲", "destinations": "乙", "purpose": "页面测试",
        "category": "other"})
    assert r.status_code == 302, r.content.decode()
    trip = Trip.objects.get(purpose="页面测试")
    assert c.get(f"/travel/trips/{trip.pk}/decide/").status_code == 403
    a = travel.client("approver")
    assert a.post(f"/travel/trips/{trip.pk}/decide/", {"approve": "1"}).status_code == 302
    d = travel.client("dispatcher")
    page = d.get(f"/travel/trips/{trip.pk}/").content.decode()
    assert "浙A·T0001" in page and "王师傅" in page
    r = d.post(f"/travel/trips/{trip.pk}/dispatch/", {"vehicle": travel.van.pk,
                                                      "driver": travel.driver.pk})
    assert r.status_code == 422  # Hangzhou's van is not offered
    assert d.post(f"/travel/trips/{trip.pk}/dispatch/", {
        "vehicle": travel.ev.pk, "driver": travel.driver.pk}).status_code == 302
    assert travel.client("approver").get(f"/travel/trips/{trip.pk}/close/").status_code == 403
    r = travel.client("driver_user").post(f"/travel/trips/{trip.pk}/close/", {
        "odometer_start": 9000, "odometer_end": 9010, "actual_start": "2026-06-09T09:00",
        "actual_end": "2026-06-09T10:00"})
    assert r.status_code == 422 and "低于该车上次读数" in r.content.decode()
    r = travel.client("driver_user").post(f"/travel/trips/{trip.pk}/close/", {
        "odometer_start": 10000, "odometer_end": 10010, "actual_start": "2026-06-09T09:00",
        "actual_end": "2026-06-09T10:00", "energy_cost": "3", "tolls": "0", "parking": "0"})
    assert r.status_code == 302
    assert c.post(f"/travel/trips/{trip.pk}/rate/", {"rating": "4"}).status_code == 302
    for url in ("/travel/trips/", "/travel/trips/?status=closed&month=2026-06",
                "/travel/trips/?month=bad", f"/travel/trips/{trip.pk}/"):
        assert c.get(url).status_code == 200, url
    assert c.get("/travel/trips/export.xlsx").status_code == 200


def test_scope_answers_404(travel: Travel) -> None:
    trip = travel.approved()
    for who in ("ningbo_reporter", "outsider"):
        c = travel.cast.client(who)
        for step in ("", "decide/", "dispatch/", "pass/", "close/", "rate/", "cancel/"):
            assert c.get(f"/travel/trips/{trip.pk}/{step}").status_code == 404, (who, step)
        assert c.get(f"/api/v1/travel/trips/{trip.pk}").status_code == 404
        assert c.post(f"/api/v1/travel/trips/{trip.pk}/decide", {"approve": True},
                      content_type="application/json").status_code == 404
    # The province sees it; a Ningbo reporter cannot request for Xihu's agency.
    assert travel.cast.client("province_admin").get(f"/travel/trips/{trip.pk}/").status_code \
        == 200
    r = travel.cast.client("ningbo_reporter").post("/api/v1/travel/trips", {
        "agency_id": travel.cast.xihu_agency.pk, "passengers": 1,
        "start_at": "2026-06-09T09:00:00+08:00", "end_at": "2026-06-09T10:00:00+08:00",
        "origin": "a", "destinations": "b", "purpose": "c"}, content_type="application/json")
    assert r.status_code == 404


def test_api_flow(travel: Travel) -> None:
    r = travel.client("requester").post("/api/v1/travel/trips", {
        "agency_id": travel.cast.xihu_agency.pk, "passengers": 1,
        "start_at": "2026-06-09T09:00:00+08:00", "end_at": "2026-06-09T08:00:00+08:00",
        "origin": "a", "destinations": "b", "purpose": "c"}, content_type="application/json")
    assert r.status_code == 422 and "end_at" in r.json()["errors"]
    r = travel.client("requester").post("/api/v1/travel/trips", {
        "agency_id": travel.cast.xihu_agency.pk, "passengers": 1,
        "start_at": "2026-06-09T09:00:00+08:00", "end_at": "2026-06-09T12:00:00+08:00",
        "origin": "a", "destinations": "b", "purpose": "c"}, content_type="application/json")
    assert r.status_code == 201
    pk = r.json()["id"]
    assert travel.client("approver").post(f"/api/v1/travel/trips/{pk}/decide", {
        "approve": True}, content_type="application/json").status_code == 200
    free = travel.client("dispatcher").get(
        f"/api/v1/travel/platforms/{travel.xihu.pk}/free",
        {"start": "2026-06-09T09:00:00+08:00", "end": "2026-06-09T12:00:00+08:00"}).json()
    assert {v["plate"] for v in free["vehicles"]} == {"浙A·T0001", "浙A·T0002"}
    r = travel.client("dispatcher").post(f"/api/v1/travel/trips/{pk}/dispatch", {
        "vehicle_id": travel.ev.pk, "driver_id": travel.driver.pk},
        content_type="application/json")
    assert r.status_code == 200 and r.json()["slip_no"]
    r = travel.client("driver_user").post(f"/api/v1/travel/trips/{pk}/close", {
        "odometer_start": 10000, "odometer_end": 10020,
        "actual_start": "2026-06-09T09:00:00+08:00", "actual_end": "2026-06-09T13:00:00+08:00"},
        content_type="application/json")
    assert r.status_code == 422 and "actual_end" in r.json()["errors"]
    r = travel.client("driver_user").post(f"/api/v1/travel/trips/{pk}/close", {
        "odometer_start": 10000, "odometer_end": 10020,
        "actual_start": "2026-06-09T09:00:00+08:00", "actual_end": "2026-06-09T11:00:00+08:00"},
        content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_drivers_page(travel: Travel) -> None:
    c = travel.cast.client("xihu")
    assert "王师傅" in c.get("/travel/drivers/").content.decode()
    assert "赵师傅" not in c.get("/travel/drivers/").content.decode()
    r = c.post("/travel/drivers/new/", {"platform": travel.hangzhou.pk, "name": "新",
                                        "licence_class": "C1"})
    assert r.status_code == 422
    r = c.post("/travel/drivers/new/", {"platform": travel.xihu.pk, "name": "新师傅",
                                        "licence_class": "C1"})
    assert r.status_code == 302
    assert travel.cast.client("auditor").get("/travel/drivers/new/").status_code == 403


def test_the_list_reads_a_page_in_the_same_queries_for_two_trips_or_twelve(
        travel: Travel) -> None:
    """Only the shown columns and relations, links without a query (trip_list): a deferred
    column read in the template would be a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page() -> tuple[int, str]:
        client = travel.client("requester")
        client.get("/travel/trips/")
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/travel/trips/").content.decode()
        return len(ctx.captured_queries), html

    travel.dispatched(start=at(DAY, 8), end=at(DAY, 9))
    travel.request(purpose="第二次")
    few, html = page()
    assert "浙A·" in html and "第二次" in html
    for n in range(10):
        travel.request(purpose=f"批量{n}", urgent=True)
    many, html = page()
    assert many == few and "批量9" in html
    trip = Trip.objects.get(purpose="批量9")
    assert f'href="/travel/trips/{trip.pk}/"' in html
