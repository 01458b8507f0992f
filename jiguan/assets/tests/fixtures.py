"""The assets cast on top of the standing cast: a province programme (receiver 浙勤集团)
with one batch, a Xihu guesthouse of the Xihu agency on a Xihu building whose room the
agency uses, a Ningbo hotel of the Ningbo agency, and an assets-division user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.assets.entities import actions
from jiguan.assets.entities.models import Batch, Entity, Programme
from jiguan.conftest import PASSWORD, Cast, make_credit_code
from jiguan.space.register.models import Building, Floor, Occupancy, Room

START = dt.date(2025, 3, 1)


@dataclass
class Assets:
    cast: Cast
    staff: User
    programme: Programme
    batch: Batch
    guesthouse: Entity    # Xihu, 10 staff, building XH-ZS01
    hotel: Entity         # Ningbo, 20 staff
    building: Building
    occupancy: Occupancy

    def client(self, who: str) -> Client:
        c = Client()
        c.force_login(self.staff if who == "staff" else getattr(self.cast, who))
        return c


def entity_data(cast: Cast, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "西湖区第一招待所", "credit_code": make_credit_code("330106", 901, "12"),
        "kind": "guesthouse", "agency": cast.xihu_agency, "book_value": Decimal("12500000"),
        "staff_count": 10, "revenue_last_year": Decimal("3200000")}
    data.update(over)
    return data


def _building(region: Region, agency: Any) -> tuple[Building, Occupancy]:
    building = Building.objects.create(code="XH-ZS01", name="西湖区第一招待所主楼", region=region,
                                       building_area=Decimal("2400"), floors_above=4,
                                       owner="西湖区机关事务管理局")
    floor = Floor.objects.create(building=building, number=1)
    room = Room.objects.create(building=building, floor=floor, number="101", use_class="office",
                               usable_area=Decimal("20"))
    occ = Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2020, 1, 1))
    return building, occ


def build_assets(cast: Cast) -> Assets:
    province = Region.objects.get(code="330000")
    staff = User(username="assets_staff", full_name="资产处小李")
    staff.set_password(PASSWORD)
    staff.save()
    Grant.objects.create(user=staff, role=Role.ASSETS_STAFF, region=province)
    programme = actions.programme_create(region=province, name="省级经营性资产脱钩划转方案",
                                         doc_no="浙机事〔2025〕1号", started_on=START,
                                         actor=None)
    batch = actions.batch_create(programme=programme, number=1, name="首批", start_date=START,
                                 deadline=START + dt.timedelta(days=140), actor=None)
    building, occ = _building(Region.objects.get(code="330106"), cast.xihu_agency)
    guesthouse = actions.entity_create(data=entity_data(cast), buildings=[building], actor=None)
    hotel = actions.entity_create(data=entity_data(
        cast, name="宁波大酒店", credit_code=make_credit_code("330203", 902, "91"), kind="hotel",
        agency=cast.ningbo_agency, staff_count=20), actor=None)
    return Assets(cast=cast, staff=staff, programme=programme, batch=batch,
                  guesthouse=guesthouse, hotel=hotel, building=building, occupancy=occ)


@pytest.fixture
def assets(cast: Cast) -> Assets:
    return build_assets(cast)
