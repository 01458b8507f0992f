"""The travel cast on top of the standing cast: platforms for the province, Hangzhou and
Xihu, their establishment and rates, vehicles and drivers, and the travel roles (a Xihu
agency requester and approver, a Xihu dispatcher, a Xihu driver with an account)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.conftest import PASSWORD, Cast
from jiguan.travel.ledger import actions as ledger_actions
from jiguan.travel.trips import actions as trip_actions
from jiguan.travel.trips.models import Driver, Trip
from jiguan.travel.vehicles import actions
from jiguan.travel.vehicles.models import Platform, Vehicle

# A Tuesday with no holiday near it: trips in tests are on this day unless they test holidays.
DAY = dt.date(2026, 6, 9)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def vehicle_data(platform: Platform | None = None, agency: Any = None, **over: Any
                 ) -> dict[str, Any]:
    data: dict[str, Any] = {
        "plate": "浙A·T0001", "category": "other", "make": "比亚迪 秦PLUS EV", "new_energy": True,
        "battery_kwh": Decimal("55"), "price": Decimal("150000"), "seats": 4,
        "purchase_date": dt.date(2022, 3, 1), "odometer_km": 10000}
    if platform is not None:
        data["platform"] = platform
    if agency is not None:
        data["agency"] = agency
    data.update(over)
    return data


@dataclass
class Travel:
    cast: Cast
    province: Platform
    hangzhou: Platform
    xihu: Platform
    ev: Vehicle          # Xihu, 4 seats, electric
    car: Vehicle         # Xihu, 4 seats, petrol 50 L tank
    van: Vehicle         # Hangzhou, 6 seats
    driver: Driver       # Xihu, with the account `driver_user`
    driver2: Driver      # Xihu
    hz_driver: Driver    # Hangzhou
    requester: User      # Xihu agency reporter
    approver: User       # Xihu agency approver
    dispatcher: User     # Xihu platform dispatcher
    driver_user: User

    def client(self, who: str) -> Client:
        c = Client()
        own = who in ("requester", "approver", "dispatcher", "driver_user")
        c.force_login(getattr(self, who) if own else getattr(self.cast, who))
        return c

    def request(self, *, start: dt.datetime | None = None, end: dt.datetime | None = None,
                **over: Any) -> Trip:
        data = {"passengers": 2, "start_at": start or at(DAY, 9), "end_at": end or at(DAY, 12),
                "origin": "西湖区政府", "destinations": "省政府", "purpose": "参加会议",
                "category": "other", **over}
        return trip_actions.trip_submit(agency=self.cast.xihu_agency, data=data,
                                        actor=self.requester)

    def approved(self, **kw: Any) -> Trip:
        trip = self.request(**kw)
        return trip_actions.trip_decide(trip=trip, approve=True, actor=self.approver)

    def dispatched(self, vehicle: Vehicle | None = None, driver: Driver | None = None,
                   **kw: Any) -> Trip:
        trip = self.approved(**kw)
        return trip_actions.trip_dispatch(trip=trip, vehicle=vehicle or self.ev,
                                          driver=driver or self.driver, actor=self.dispatcher)

    def closed(self, km: int = 30, **kw: Any) -> Trip:
        trip = self.dispatched(**kw)
        assert trip.vehicle is not None
        trip.vehicle.refresh_from_db()
        start = trip.vehicle.odometer_km
        return trip_actions.trip_close(trip=trip, data={
            "odometer_start": start, "odometer_end": start + km,
            "actual_start": trip.start_at, "actual_end": trip.start_at + dt.timedelta(hours=2),
            **({"charge_kwh": Decimal("10")} if trip.vehicle.new_energy
               else {"fuel_litres": Decimal("10")}), "energy_cost": Decimal("12.50"),
            "tolls": Decimal("15"), "parking": Decimal("5")}, actor=self.driver_user)


def _user(username: str) -> User:
    user = User(username=username, full_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def build_travel(cast: Cast) -> Travel:
    regions = {r.code: r for r in Region.objects.filter(code__in=["330000", "330100", "330106"])}
    province = actions.platform_create(region=regions["330000"], name="省平台", actor=None)
    hangzhou = actions.platform_create(region=regions["330100"], name="杭州市平台", actor=None)
    xihu = actions.platform_create(region=regions["330106"], name="西湖区平台", actor=None)
    for p in (province, hangzhou, xihu):
        actions.establishment_set(platform=p, category="other", quota=3, actor=None)
        ledger_actions.rate_set(platform=p, per_km=Decimal("1.00"), per_hour=Decimal("10.00"),
                                per_trip=Decimal("5.00"), effective_from=dt.date(2020, 1, 1),
                                source="测试", actor=None)
    ev = actions.vehicle_create(data=vehicle_data(xihu), actor=None)
    car = actions.vehicle_create(data=vehicle_data(
        xihu, plate="浙A·T0002", make="大众 朗逸", new_energy=False, battery_kwh=None,
        displacement=Decimal("1.5"), tank_litres=Decimal("50"), price=Decimal("120000")),
        actor=None)
    van = actions.vehicle_create(data=vehicle_data(hangzhou, plate="浙A·T0003", seats=6),
                                 actor=None)
    users = {n: _user(n) for n in ("requester", "approver", "dispatcher", "driver_user")}
    Grant.objects.create(user=users["requester"], role=Role.AGENCY_REPORTER,
                         agency=cast.xihu_agency)
    Grant.objects.create(user=users["approver"], role=Role.TRIP_APPROVER, agency=cast.xihu_agency)
    Grant.objects.create(user=users["dispatcher"], role=Role.DISPATCHER, region=regions["330106"])
    Grant.objects.create(user=users["driver_user"], role=Role.DRIVER, region=regions["330106"])
    driver = trip_actions.driver_create(platform=xihu, name="王师傅", user=users["driver_user"],
                                        actor=None)
    driver2 = trip_actions.driver_create(platform=xihu, name="李师傅", actor=None)
    hz_driver = trip_actions.driver_create(platform=hangzhou, name="赵师傅", actor=None)
    return Travel(cast=cast, province=province, hangzhou=hangzhou, xihu=xihu, ev=ev, car=car,
                  van=van, driver=driver, driver2=driver2, hz_driver=hz_driver, **users)


@pytest.fixture
def travel(cast: Cast) -> Travel:
    return build_travel(cast)
