"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py).

The objects are made here, inside the url lambdas (the cast fixture knows no platforms): a
Xihu platform with one vehicle and one driver, and a Hangzhou platform with one driver. A
bureau sees the platforms of its regions; an agency reporter sees no platform's vehicles or
drivers; the auditor reads everything and changes nothing; only the province's
administrator publishes equipment standards (MANAGE_VEHICLE_STANDARDS).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.travel.trips.models import Driver
from jiguan.travel.vehicles.models import Platform, Vehicle

ACTORS = ("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor")


def _all(code: int, **overrides: int) -> dict[str, int]:
    base = dict.fromkeys(ACTORS, code)
    base["outsider"] = 403
    base.update(overrides)
    return base


BUREAUS = _all(200, ningbo_reporter=403, auditor=403)
XIHU_CHANGE = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
               "auditor": 403, "outsider": 404}
XIHU_WRITE = {**XIHU_CHANGE, "province_admin": 302, "hangzhou": 302, "xihu": 302}
HANGZHOU_CHANGE = {**XIHU_CHANGE, "xihu": 404}


def _platform(code: str, name: str) -> Platform:
    platform, _ = Platform.objects.get_or_create(region=Region.objects.get(code=code),
                                                 defaults={"name": name})
    return platform


def _vehicle(c: Cast) -> Vehicle:
    p = _platform("330106", "西湖区平台")
    vehicle, _ = Vehicle.objects.get_or_create(
        plate="浙A·M0001", defaults={
            "category": "other", "make": "比亚迪", "new_energy": True,
            "battery_kwh": Decimal("55"), "price": Decimal("150000"), "seats": 4,
            "purchase_date": dt.date(2022, 1, 1), "platform": p, "region": p.region})
    return vehicle


def _driver(code: str, name: str) -> Driver:
    driver, _ = Driver.objects.get_or_create(platform=_platform(code, f"{code}平台"), name=name)
    return driver


SCOPE_MATRIX = [
    Endpoint("travel:vehicle_list", "GET", lambda c: reverse("travel:vehicle_list"), _all(200)),
    Endpoint("travel:driver_list", "GET", lambda c: reverse("travel:driver_list"), _all(200)),
    Endpoint("travel:network", "GET", lambda c: reverse("travel:network"), _all(200)),
    Endpoint("travel:platform_create", "GET", lambda c: reverse("travel:platform_create"),
             BUREAUS),
    Endpoint("travel:standard_create", "GET", lambda c: reverse("travel:standard_create"),
             _all(403, province_admin=200)),
    Endpoint("travel:driver_edit(xihu)", "GET",
             lambda c: reverse("travel:driver_edit", args=[_driver("330106", "王师傅").pk]),
             XIHU_CHANGE),
    Endpoint("travel:driver_edit(hangzhou)", "GET",
             lambda c: reverse("travel:driver_edit", args=[_driver("330100", "赵师傅").pk]),
             HANGZHOU_CHANGE),
    Endpoint("travel:vehicle_status(xihu)", "GET",
             lambda c: reverse("travel:vehicle_status", args=[_vehicle(c).pk]), XIHU_CHANGE),
    Endpoint("travel:vehicle_status(xihu, post)", "POST",
             lambda c: reverse("travel:vehicle_status", args=[_vehicle(c).pk]), XIHU_WRITE,
             data=lambda c: {"status": "repair", "note": "送修"}),
    Endpoint("travel:cost_breakdown", "GET", lambda c: reverse("travel:cost_breakdown"),
             _all(200)),
    Endpoint("travel:cost_breakdown_export", "GET",
             lambda c: reverse("travel:cost_breakdown_export"), _all(200)),
    Endpoint("travel:statistics", "GET", lambda c: reverse("travel:statistics"), _all(200)),
    Endpoint("travel:statistics_export", "GET", lambda c: reverse("travel:statistics_export"),
             _all(200)),
]
