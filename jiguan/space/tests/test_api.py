"""/api/v1/space/: the register through the JSON API, under the same scope and actions as
the pages (404 outside the scope, 403 without the permission, 422 with Chinese messages)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.test import Client

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.orgs.models import ConcurrentPost, Person
from jiguan.space.register.models import Building, Floor, Occupancy, Occupant, Room

API = "/api/v1/space"


def make_building(code: str = "XH-0100", region: str = "330106", area: str = "1000",
                  above: int = 5) -> Building:
    return Building.objects.create(code=code, name=f"房产{code}", building_area=Decimal(area),
                                   region=Region.objects.get(code=region), floors_above=above,
                                   floors_below=1)


def make_room(building: Building, number: str = "301", floor: int = 3,
              agency: Any = None) -> Room:
    f, _ = Floor.objects.get_or_create(building=building, number=floor)
    room = Room.objects.create(building=building, floor=f, number=number, use_class="office",
                               usable_area=Decimal("18"))
    if agency is not None:
        Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))
    return room


def post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(API + url, json.dumps(payload), content_type="application/json")


def put(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.put(API + url, json.dumps(payload), content_type="application/json")


BUILDING = {"code": "XH-2001", "name": "西湖区行政中心", "region_code": "330106",
            "building_area": "5000", "floors_above": 6, "floors_below": 1,
            "registration_status": "已登记", "cert_issued_on": "2020-05-01",
            "owner": "杭州市西湖区机关事务管理局"}


# --- buildings --------------------------------------------------------------------------------


def test_buildings_are_listed_within_the_scope(cast: Cast) -> None:
    xihu = make_building("XH-0100")
    make_room(xihu)
    make_building("NB-0001", region="330203")
    response = cast.client("xihu").get(API + "/buildings")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["region_code"], item["room_count"]) == ("XH-0100", "330106", 1)
    assert Decimal(str(item["building_area"])) == Decimal("1000")
    everything = cast.client("province_admin").get(API + "/buildings", {"q": "NB-0001"})
    assert [b["code"] for b in everything.json()["items"]] == ["NB-0001"]
    assert cast.client("outsider").get(API + "/buildings").status_code == 403


def test_a_building_outside_the_scope_is_not_found(cast: Cast) -> None:
    ningbo = make_building("NB-0001", region="330203")
    response = cast.client("xihu").get(f"{API}/buildings/{ningbo.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "对象不存在"}
    assert cast.client("province_admin").get(f"{API}/buildings/{ningbo.pk}").status_code == 200


def test_a_bureau_creates_and_updates_a_building(cast: Cast) -> None:
    client = cast.client("xihu")
    response = post(client, "/buildings", BUILDING)
    assert response.status_code == 201, response.json()
    made = Building.objects.get(code="XH-2001")
    assert (made.registration_status, made.region.code) == ("registered", "330106")
    assert response.json()["id"] == made.pk
    assert AuditEvent.objects.filter(event_type="space.building.created").count() == 1

    response = put(client, f"/buildings/{made.pk}", {**BUILDING, "name": "西湖区政务中心"})
    assert response.status_code == 200
    assert response.json()["name"] == "西湖区政务中心"
    event = AuditEvent.objects.get(event_type="space.building.updated")
    assert event.changes == {"name": ["西湖区行政中心", "西湖区政务中心"]}


def test_building_writes_are_refused_with_chinese_messages(cast: Cast) -> None:
    client = cast.client("xihu")
    response = post(client, "/buildings", {**BUILDING, "region_code": "330203"})
    assert response.status_code == 422
    assert response.json()["errors"]["region_code"] == [
        "区划代码“330203”不存在或不在您的权限范围内"]
    make_building("XH-2001")
    response = post(client, "/buildings", {**BUILDING, "registration_status": "权属备案"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["code"] == ["该房产编号已登记"]
    assert errors["filing_reason"] == ["权属备案须填写原因"]
    response = post(client, "/buildings", {**BUILDING, "code": "XH-2002",
                                           "cert_issued_on": "1948-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["cert_issued_on"] == ["发证日期不能早于 1949 年"]
    response = post(client, "/buildings", {**BUILDING, "code": "XH-2003", "floors_above": 0})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "floors_above", "message": "不能小于 1"}]
    # The auditor sees the register but may not change it.
    assert post(cast.client("auditor"), "/buildings", {**BUILDING, "code": "XH-2004"}
                ).status_code == 403
    ningbo = make_building("NB-0001", region="330203")
    assert put(client, f"/buildings/{ningbo.pk}", BUILDING).status_code == 404
    xihu = Building.objects.get(code="XH-2001")
    response = put(cast.client("auditor"), f"/buildings/{xihu.pk}", BUILDING)
    assert response.status_code == 403
    assert response.json() == {"detail": "没有权限执行此操作"}
    assert not Building.objects.filter(code__in=["XH-2002", "XH-2003", "XH-2004"]).exists()


# --- rooms ------------------------------------------------------------------------------------


def test_rooms_are_listed_and_shown_with_their_agency_and_people(cast: Cast) -> None:
    building = make_building()
    room = make_room(building, agency=cast.xihu_agency)
    make_room(building, "302")
    Occupant.objects.create(room=room, person=cast.xihu_person, start_date=dt.date(2024, 2, 1))
    make_room(make_building("NB-0001", region="330203"), agency=cast.ningbo_agency)
    client = cast.client("xihu")
    listed = client.get(API + "/rooms", {"building": building.pk}).json()
    assert [r["number"] for r in listed["items"]] == ["301", "302"]
    assert client.get(API + "/rooms").json()["count"] == 2
    detail = client.get(f"{API}/rooms/{room.pk}").json()
    assert (detail["building_code"], detail["floor"], detail["floor_label"]) == (
        "XH-0100", 3, "3层")
    assert detail["current_agency"]["agency_credit_code"] == cast.xihu_agency.credit_code
    assert [(o["person_id"], o["person_name"]) for o in detail["occupants"]] == [
        (cast.xihu_person.pk, "张三")]
    # The Ningbo reporter sees only the rooms of their agency.
    reporter = cast.client("ningbo_reporter")
    assert [r["building_code"] for r in reporter.get(API + "/rooms").json()["items"]] == [
        "NB-0001"]
    assert reporter.get(f"{API}/rooms/{room.pk}").status_code == 404


def test_a_bureau_creates_and_updates_a_room(cast: Cast) -> None:
    building = make_building(above=5)
    client = cast.client("xihu")
    response = post(client, "/rooms", {"building_id": building.pk, "floor": -1,
                                       "number": "B101", "use_class": "设备用房",
                                       "subtype": "水泵房", "usable_area": "40"})
    assert response.status_code == 201, response.json()
    room = Room.objects.get(number="B101")
    assert (room.floor.number, room.use_class) == (-1, "equipment")
    response = put(client, f"/rooms/{room.pk}", {"floor": 2, "number": "201",
                                                 "use_class": "office", "usable_area": "20"})
    assert response.status_code == 200, response.json()
    assert (response.json()["floor"], response.json()["number"]) == (2, "201")
    room.refresh_from_db()
    assert (room.floor.number, room.subtype) == (2, "")


def test_room_writes_are_refused_with_chinese_messages(cast: Cast) -> None:
    building = make_building(above=5)
    make_room(building, "301")
    client = cast.client("xihu")
    base = {"building_id": building.pk, "floor": 9, "number": "901", "use_class": "office",
            "usable_area": "18"}
    response = post(client, "/rooms", base)
    assert response.status_code == 422
    assert response.json()["errors"]["floor"] == ["楼层 9 不存在：该房产地上 5 层、地下 1 层"]
    response = post(client, "/rooms", {**base, "floor": 3, "number": "301"})
    assert response.json()["errors"]["number"] == ["该房产已有房间号“301”"]
    response = post(client, "/rooms", {**base, "floor": 3, "usable_area": "0"})
    assert response.status_code == 422
    assert response.json()["errors"]["usable_area"] == ["面积必须大于 0"]
    response = post(client, "/rooms", {**base, "floor": 3, "use_class": "服务用房",
                                       "subtype": "健身房"})
    assert response.json()["errors"]["subtype"][0].startswith("“健身房”不是服务用房的具体用途")
    response = post(client, "/rooms", {**base, "floor": 3, "use_class": "仓库"})
    assert response.json()["errors"]["use_class"][0].startswith("“仓库”无效，可选：办公室")
    ningbo = make_building("NB-0001", region="330203")
    assert post(client, "/rooms", {**base, "building_id": ningbo.pk}).status_code == 404
    assert post(cast.client("auditor"), "/rooms", {**base, "floor": 3}).status_code == 403
    assert Room.objects.count() == 1


# --- who uses the room ------------------------------------------------------------------------


def test_a_room_is_allocated_to_an_agency(cast: Cast) -> None:
    room = make_room(make_building())
    client = cast.client("xihu")
    response = post(client, f"/rooms/{room.pk}/occupancy",
                    {"agency_credit_code": cast.xihu_agency.credit_code.lower(),
                     "start_date": "2025-01-01"})
    assert response.status_code == 201, response.json()
    assert response.json()["agency_name"] == "杭州市西湖区测试局"
    assert Occupancy.objects.get(room=room, end_date__isnull=True).agency == cast.xihu_agency
    response = post(client, f"/rooms/{room.pk}/occupancy",
                    {"agency_credit_code": cast.ningbo_agency.credit_code,
                     "start_date": "2025-02-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["agency_credit_code"] == [
        "未找到该信用代码的单位（或不在您的权限范围内）"]
    response = post(cast.client("hangzhou"), f"/rooms/{room.pk}/occupancy",
                    {"agency_credit_code": cast.hangzhou_agency.credit_code,
                     "start_date": "2024-12-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["start_date"] == [
        "起始日期须晚于原使用单位的起始日期（2025-01-01）"]
    response = post(cast.client("auditor"), f"/rooms/{room.pk}/occupancy",
                    {"agency_credit_code": cast.xihu_agency.credit_code,
                     "start_date": "2025-03-01"})
    assert response.status_code == 403


def test_people_of_the_rooms_agency_are_seated(cast: Cast) -> None:
    room = make_room(make_building())
    client = cast.client("xihu")
    payload = {"person_id": cast.xihu_person.pk, "start_date": "2025-01-01"}
    response = post(client, f"/rooms/{room.pk}/occupants", payload)
    assert response.status_code == 422
    assert response.json()["errors"]["room"] == [
        "该房间尚未登记使用单位，请先登记使用单位再安排人员"]
    Occupancy.objects.create(room=room, agency=cast.xihu_agency, start_date=dt.date(2024, 1, 1))
    response = post(client, f"/rooms/{room.pk}/occupants", payload)
    assert response.status_code == 201, response.json()
    assert response.json()["person_name"] == "张三"
    assert Occupant.objects.get(room=room).person == cast.xihu_person

    stranger = Person.objects.create(name="赵六", agency=cast.hangzhou_agency,
                                     rank="below_section")
    response = post(cast.client("hangzhou"), f"/rooms/{room.pk}/occupants",
                    {"person_id": stranger.pk, "start_date": "2025-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["person_id"] == [
        "赵六不属于本房间的使用单位（杭州市西湖区测试局）"]
    response = post(client, f"/rooms/{room.pk}/occupants",
                    {"person_id": cast.ningbo_person.pk, "start_date": "2025-01-01"})
    assert response.json()["errors"]["person_id"] == ["该人员不存在或不在您的权限范围内"]
    retired = Person.objects.create(name="钱七", agency=cast.xihu_agency, rank="below_section",
                                    status="retired", status_date=dt.date(2024, 6, 1))
    response = post(client, f"/rooms/{room.pk}/occupants",
                    {"person_id": retired.pk, "start_date": "2025-01-01"})
    assert response.json()["errors"]["person"] == ["钱七已退休，不能安排办公室"]
    post_elsewhere = ConcurrentPost.objects.create(
        person=stranger, agency=cast.xihu_agency, post="兼任副主任",
        start_date=dt.date(2024, 1, 1))
    response = post(client, f"/rooms/{room.pk}/occupants",
                    {**payload, "concurrent_post_id": post_elsewhere.pk})
    assert response.json()["errors"]["concurrent_post_id"] == ["所选兼职不存在或不属于该人员"]
    assert post(cast.client("auditor"), f"/rooms/{room.pk}/occupants", payload
                ).status_code == 403
    assert Occupant.objects.count() == 1


def test_an_agency_reporter_seats_people_in_their_agencys_rooms(cast: Cast) -> None:
    ningbo_room = make_room(make_building("NB-0001", region="330203"),
                            agency=cast.ningbo_agency)
    reporter = cast.client("ningbo_reporter")
    response = post(reporter, f"/rooms/{ningbo_room.pk}/occupants",
                    {"person_id": cast.ningbo_person.pk, "start_date": "2025-01-01"})
    assert response.status_code == 201, response.json()
    # ... but neither allocates rooms nor edits them.
    response = post(reporter, f"/rooms/{ningbo_room.pk}/occupancy",
                    {"agency_credit_code": cast.ningbo_agency.credit_code,
                     "start_date": "2025-01-01"})
    assert response.status_code == 403
    response = put(reporter, f"/rooms/{ningbo_room.pk}",
                   {"floor": 3, "number": "301", "use_class": "office", "usable_area": "18"})
    assert response.status_code == 403


def test_the_api_needs_a_login(cast: Cast) -> None:
    response = Client().get(API + "/rooms")
    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}
