"""The first step of an allocation application and of a return picks the agency with the
agency picker (jiguan/orgs/fields.py) instead of a select capped at 500 agencies."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.space.register.models import Building, Floor, Occupancy, Room


def _occupied_room(cast: Cast) -> Room:
    building = Building.objects.create(code="XH-PICK", name="西湖办公楼",
                                       building_area=Decimal("5000"),
                                       region=Region.objects.get(code="330106"), floors_above=6)
    floor = Floor.objects.create(building=building, number=3)
    room = Room.objects.create(building=building, floor=floor, number="301", use_class="office",
                               usable_area=Decimal("30"))
    Occupancy.objects.create(room=room, agency=cast.xihu_agency, start_date=dt.date(2024, 1, 1))
    return room


def test_the_allocation_pick_page_resolves_a_typed_code(cast: Cast) -> None:
    client = cast.client("hangzhou")  # Hangzhou's and Xihu's agencies: the pick page
    html = client.get("/space/allocation/apply/").content.decode()
    assert 'name="agency__q"' in html and re.findall(r"<option[^>]*>[^<]*测试局", html) == []
    page = client.get("/space/allocation/apply/",
                      {"agency": "", "agency__q": cast.xihu_agency.credit_code})
    assert page.status_code == 200
    assert f'name="agency" value="{cast.xihu_agency.pk}"' in page.content.decode()
    refused = client.get("/space/allocation/apply/",
                         {"agency": "", "agency__q": cast.ningbo_agency.credit_code})
    assert refused.status_code == 422 and "未找到该单位" in refused.content.decode()
    refused = client.get("/space/allocation/apply/", {"agency": "", "agency__q": "测试局"})
    assert refused.status_code == 422 and "有多个单位名称包含" in refused.content.decode()
    refused = client.get("/space/allocation/apply/",
                         {"agency": str(cast.ningbo_agency.pk), "agency__q": "x"})
    assert refused.status_code == 422
    assert "所选单位不存在或不在您的权限范围内" in refused.content.decode()


def test_the_return_pick_page_takes_an_occupying_agency_only(cast: Cast) -> None:
    client = cast.client("xihu")
    html = client.get("/space/returns/new/").content.decode()
    assert 'name="agency__q"' in html and "<option" not in html.split("<main")[-1]
    refused = client.get("/space/returns/new/", {"agency": "", "agency__q": "西湖区测试局"})
    assert refused.status_code == 422 and "未找到该单位" in refused.content.decode()
    _occupied_room(cast)
    page = client.get("/space/returns/new/", {"agency": "", "agency__q": "西湖区测试局"})
    assert page.status_code == 200
    assert f'name="agency" value="{cast.xihu_agency.pk}"' in page.content.decode()
