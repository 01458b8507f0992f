"""Demo data for official travel (`manage.py travel_demo --seed N`): a platform for the
province, Hangzhou and Xihu, their establishment, vehicles, drivers and rates, and some
weeks of closed trips (through the actions, so the ledger and statements are real), plus a
few requests waiting at each step. The demo reporter becomes its agency's trip approver."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiguan.access.accounts.actions import grant_create
from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.orgs.demo import HANGZHOU_CODE, PROVINCE_CODE, XIHU_CODE, reporter_agency
from jiguan.orgs.models import Agency
from jiguan.travel.ledger import actions as ledger_actions
from jiguan.travel.trips import actions as trip_actions
from jiguan.travel.trips.models import Driver, Trip
from jiguan.travel.trips.queries import free_vehicles
from jiguan.travel.trips.rules import is_rest_day
from jiguan.travel.vehicles import actions as vehicle_actions
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleCategory

MAKES_NEV = ("比亚迪 秦PLUS EV", "吉利 几何A", "广汽埃安 AION S", "上汽荣威 Ei5")
MAKES_FUEL = ("红旗 H5 1.5T", "大众 朗逸 1.5L", "别克 GL8 2.0T")
NAMES = ("王建国", "李志强", "陈海涛", "刘永红", "赵立新", "孙伟", "周平", "吴刚", "郑军", "何斌",
         "冯磊", "许明")
PLACES = ("省政府", "市民中心", "西湖区政府", "萧山国际机场", "杭州东站", "余杭区行政服务中心",
          "滨江区政府", "临平区政府")


@dataclass
class TravelDemoResult:
    platforms: int = 0
    vehicles: int = 0
    trips: int = 0


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load(seed: int = 1, days: int = 50) -> TravelDemoResult:
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    result = TravelDemoResult()
    regions = {r.code: r for r in Region.objects.filter(
        code__in=[PROVINCE_CODE, HANGZHOU_CODE, XIHU_CODE])}
    if not regions:
        return result
    platforms: list[Platform] = []
    plate_no = 0
    for code, name in ((PROVINCE_CODE, "浙江省公务用车平台"), (HANGZHOU_CODE, "杭州市公务用车平台"),
                       (XIHU_CODE, "西湖区公务用车平台")):
        region = regions.get(code)
        if region is None:
            continue
        p = vehicle_actions.platform_create(region=region, name=name, actor=None)
        platforms.append(p)
        vehicle_actions.establishment_set(platform=p, category=VehicleCategory.OTHER, quota=8,
                                          approval_doc="浙车改办〔2017〕1号", actor=None)
        vehicle_actions.establishment_set(platform=p, category=VehicleCategory.EMERGENCY,
                                          quota=2, actor=None)
        ledger_actions.rate_set(platform=p, per_km=Decimal("1.20"), per_hour=Decimal("20.00"),
                                per_trip=Decimal("10.00"), effective_from=dt.date(2020, 1, 1),
                                source="演示：平台收费标准（各地自定）", actor=None)
        for i in range(6):
            nev = i % 3 != 2
            plate_no += 1
            category = VehicleCategory.EMERGENCY if i == 5 else VehicleCategory.OTHER
            bought = dt.date.today() - dt.timedelta(days=rng.randint(200, 365 * 9))
            data: dict[str, Any] = {
                "plate": f"浙A·{'D' if nev else 'G'}{plate_no:05d}", "category": category,
                "make": rng.choice(MAKES_NEV if nev else MAKES_FUEL), "new_energy": nev,
                "price": Decimal(rng.randint(110, 175) * 1000), "seats": 4 if i < 5 else 6,
                "purchase_date": bought, "odometer_km": rng.randint(5000, 150000),
                "insurer": "中国人民财产保险杭州分公司", "garage": "杭州定点维修中心",
                "filling_station": "中石化杭州定点站", "platform": p}
            if nev:
                data["battery_kwh"] = Decimal("55.0")
            else:
                data.update(displacement=Decimal("1.5"), tank_litres=Decimal("55.0"))
            vehicle_actions.vehicle_create(data=data, actor=None)
            result.vehicles += 1
        for j in range(4):
            trip_actions.driver_create(platform=p, name=NAMES[(len(platforms) - 1) * 4 + j],
                                       phone=f"1390000{len(platforms)}{j:03d}", actor=None)
    result.platforms = len(platforms)
    agency = reporter_agency()
    if agency is not None and not platforms:
        return result
    if agency is not None:
        vehicle_actions.establishment_set(agency=agency, category=VehicleCategory.CONFIDENTIAL,
                                          quota=1, actor=None)
        vehicle_actions.vehicle_create(data={
            "plate": "浙A·J00001", "category": VehicleCategory.CONFIDENTIAL,
            "make": "大众 朗逸 1.5L",
            "price": Decimal("115000"), "displacement": Decimal("1.5"),
            "tank_litres": Decimal("50"), "seats": 4,
            "purchase_date": dt.date.today() - dt.timedelta(days=400), "agency": agency},
            actor=None)
        _grant_approver(agency)
    result.trips = _trips(rng, days)
    return result


def _grant_approver(agency: Agency) -> None:
    user = User.objects.filter(username="demo_reporter").first()
    granter = User.objects.filter(username="demo_secadmin").first()
    if user is None or granter is None:
        return
    if not Grant.objects.active().filter(user=user, role=Role.TRIP_APPROVER).exists():
        grant_create(user=user, role=Role.TRIP_APPROVER, agency=agency, actor=granter)


def _trips(rng: random.Random, days: int) -> int:
    requester = User.objects.filter(username="demo_reporter").first() or User.objects.first()
    if requester is None:
        return 0
    count = 0
    today = timezone.localdate()
    for p in Platform.objects.select_related("region"):
        agencies = list(Agency.objects.filter(region=p.region).order_by("pk")[:6])
        drivers = list(Driver.objects.filter(platform=p))
        if not agencies or not drivers:
            continue
        for offset in range(days, 0, -1):
            day = today - dt.timedelta(days=offset)
            if is_rest_day(day):
                continue
            for k in range(rng.randint(1, 3)):
                hour = 8 + 3 * k
                trip = trip_actions.trip_submit(agency=rng.choice(agencies), data={
                    "passengers": rng.randint(1, 3), "start_at": _aware(day, hour),
                    "end_at": _aware(day, hour + 2, 30), "origin": rng.choice(PLACES),
                    "destinations": rng.choice(PLACES), "purpose": "公务调研、会议",
                    "category": VehicleCategory.OTHER}, actor=requester)
                trip_actions.trip_decide(trip=trip, approve=True, actor=requester)
                vehicle = free_vehicles(p, trip.start_at, trip.end_at,
                                        passengers=trip.passengers).first()
                if vehicle is None:
                    continue
                trip_actions.trip_dispatch(trip=trip, vehicle=vehicle,
                                           driver=drivers[k % len(drivers)], actor=None)
                vehicle.refresh_from_db()
                km = rng.randint(8, 60)
                litres = None if vehicle.new_energy else Decimal(rng.randint(0, 30))
                trip_actions.trip_close(trip=trip, data={
                    "odometer_start": vehicle.odometer_km,
                    "odometer_end": vehicle.odometer_km + km,
                    "actual_start": _aware(day, hour, 10), "actual_end": _aware(day, hour + 2),
                    "fuel_litres": litres,
                    "energy_cost": Decimal(km) * (Decimal("0.15") if vehicle.new_energy
                                                  else Decimal("0.75")),
                    "tolls": Decimal(rng.choice((0, 0, 15, 25))),
                    "parking": Decimal(rng.choice((0, 5, 10)))}, actor=None)
                count += 1
    _waiting(requester)
    return count


def _waiting(requester: User) -> None:
    """A few requests at each waiting step, next working days."""
    day = timezone.localdate() + dt.timedelta(days=1)
    while is_rest_day(day):
        day += dt.timedelta(days=1)
    agency = reporter_agency()
    if agency is None:
        return
    data = {"passengers": 2, "start_at": _aware(day, 9), "end_at": _aware(day, 12),
            "origin": "西湖区政府", "destinations": "省政府", "purpose": "参加全省会议",
            "category": VehicleCategory.OTHER}
    trip_actions.trip_submit(agency=agency, data=data, actor=requester)
    approved = trip_actions.trip_submit(agency=agency, data={**data, "purpose": "现场检查"},
                                        actor=requester)
    trip_actions.trip_decide(trip=approved, approve=True, actor=requester)


def loaded() -> bool:
    return Platform.objects.exists() or Vehicle.objects.exists() or Trip.objects.exists()
