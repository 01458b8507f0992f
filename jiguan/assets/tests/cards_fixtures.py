"""The asset-cards cast on top of the standing cast: an assets-division user at the
province, a Xihu office building (its room used by the Xihu agency, whose 局长 sits there),
a Xihu non-office building, and a few cards of the Xihu and Ningbo agencies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.assets.cards import actions
from jiguan.assets.cards.data import CLASSES, STANDARDS, parent_code
from jiguan.assets.cards.models import AssetCard, AssetClass, ConfigStandard
from jiguan.conftest import PASSWORD, Cast
from jiguan.space.register.models import Building, Floor, Occupancy, Room

ACQUIRED = dt.date(2022, 5, 10)


@dataclass
class Cards:
    cast: Cast
    staff: User
    office: Building        # XH-BG01, office use, room 101 used by the Xihu agency
    hall: Building          # XH-YW01, technical use, no one in it
    room: Room
    occupancy: Occupancy
    pc: AssetCard           # Xihu desktop, 4,800
    car: AssetCard          # Xihu car, 260,000
    ningbo_pc: AssetCard    # Ningbo desktop

    def client(self, who: str) -> Client:
        c = Client()
        c.force_login(self.staff if who == "staff" else getattr(self.cast, who))
        return c


def klass(code: str) -> AssetClass:
    return AssetClass.objects.get(code=code)


def card_data(agency: Any, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"card_no": "ZC-001", "asset_class": klass("2010104"),
                            "name": "台式计算机", "quantity": 1, "value": Decimal("4800"),
                            "acquired_on": ACQUIRED, "agency": agency}
    data.update(over)
    return data


def ensure_classes() -> None:
    """What the data migration seeds (an earlier live-server test's flush may have emptied
    it): the class tree and the standards, as 0003_asset_classes loads them."""
    if AssetClass.objects.exists():
        return
    made: dict[str, AssetClass] = {}
    for code, name, unit, confidence in CLASSES:
        parent = parent_code(code)
        made[code] = AssetClass.objects.create(
            code=code, name=name, unit=unit, confidence=confidence,
            parent=made.get(parent) if parent else None,
            level={1: 1, 3: 2, 5: 3}.get(len(code), 4))
    for code, per_person, price, years, source, verified in STANDARDS:
        ConfigStandard.objects.create(
            asset_class=made[code], per_person=Decimal(per_person) if per_person else None,
            max_unit_price=Decimal(price) if price else None, min_years=years, source=source,
            unverified=not verified)


def build_cards(cast: Cast) -> Cards:
    ensure_classes()
    staff = User(username="cards_staff", full_name="资产处小王")
    staff.set_password(PASSWORD)
    staff.save()
    Grant.objects.create(user=staff, role=Role.ASSETS_STAFF,
                         region=Region.objects.get(code="330000"))
    xihu = Region.objects.get(code="330106")
    office = Building.objects.create(code="XH-BG01", name="西湖区行政中心1号楼", region=xihu,
                                     building_area=Decimal("3000"), floors_above=5,
                                     owner="西湖区机关事务管理局")
    hall = Building.objects.create(code="XH-YW01", name="西湖区档案业务楼", region=xihu,
                                   building_area=Decimal("1200"), floors_above=3,
                                   use="technical", owner="西湖区机关事务管理局")
    floor = Floor.objects.create(building=office, number=1)
    room = Room.objects.create(building=office, floor=floor, number="101", use_class="office",
                               usable_area=Decimal("18"))
    occ = Occupancy.objects.create(room=room, agency=cast.xihu_agency,
                                   start_date=dt.date(2020, 1, 1))
    hall_floor = Floor.objects.create(building=hall, number=1)
    hall_room = Room.objects.create(building=hall, floor=hall_floor, number="101",
                                    use_class="ancillary", usable_area=Decimal("40"))
    Occupancy.objects.create(room=hall_room, agency=cast.xihu_agency,
                             start_date=dt.date(2020, 1, 1))
    pc = actions.card_create(data=card_data(cast.xihu_agency, building=office, room=room),
                             actor=None)
    car = actions.card_create(data=card_data(
        cast.xihu_agency, card_no="ZC-002", asset_class=klass("20301"), name="公务用车（轿车）",
        value=Decimal("260000")), actor=None)
    ningbo_pc = actions.card_create(data=card_data(cast.ningbo_agency, card_no="NB-001"),
                                    actor=None)
    return Cards(cast=cast, staff=staff, office=office, hall=hall, room=room, occupancy=occ,
                 pc=pc, car=car, ningbo_pc=ningbo_pc)


@pytest.fixture
def cards(cast: Cast) -> Cards:
    return build_cards(cast)
