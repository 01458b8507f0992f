"""The register through its pages: buildings, rooms, allocations and occupants. Bad input
gets a Chinese message on its field (422) and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.orgs.models import Bureau, Person
from jiguan.space.register.models import Building, Floor, Occupancy, Occupant, Room


def _building_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "XH-NEW-1", "name": "西湖区行政服务中心", "address": "文三路 1 号",
        "region": Region.objects.get(code="330106").pk, "latitude": "", "longitude": "",
        "property_cert_no": "浙(2020)杭州市不动产权第0000001号", "land_cert_no": "",
        "cert_issued_on": "2020-05-01", "owner": "杭州市西湖区机关事务管理局",
        "registration_status": "registered", "filing_reason": "", "land_area": "2000",
        "building_area": "5000", "cert_building_area": "5000", "floors_above": 5,
        "floors_below": 1, "year_built": 2018, "structure": "frame", "building_type": "multi",
        "book_value": "", "asset_card_no": "", "use": "office"}
    data.update(overrides)
    return data


def _room_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"floor": 3, "number": "301", "use_class": "office",
                               "subtype": "", "usable_area": "18", "building_area": ""}
    data.update(overrides)
    return data


def _building(**overrides: Any) -> Building:
    fields: dict[str, Any] = {
        "code": "XH-0100", "name": "西湖区机关大楼", "region": Region.objects.get(code="330106"),
        "building_area": Decimal("1000"), "floors_above": 5}
    fields.update(overrides)
    return Building.objects.create(**fields)


def _room(building: Building, number: str = "301", floor: int = 3, area: str = "18",
          use_class: str = "office", agency: Any = None) -> Room:
    f, _ = Floor.objects.get_or_create(building=building, number=floor)
    room = Room.objects.create(building=building, floor=f, number=number, use_class=use_class,
                               usable_area=Decimal(area))
    if agency is not None:
        Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))
    return room


# --- buildings --------------------------------------------------------------------------------

def test_a_bureau_registers_a_building_and_a_room_through_the_pages(cast: Cast) -> None:
    client = cast.client("xihu")
    response = client.post(reverse("space:building_create"), _building_post())
    assert response.status_code == 302
    building = Building.objects.get(code="XH-NEW-1")
    page = client.get(response["Location"]).content.decode()
    assert "新增房产" in page and "西湖区行政服务中心" in page
    assert "地下1层" in page  # the floor directory

    response = client.post(reverse("space:room_create", args=[building.pk]), _room_post())
    assert response.status_code == 302
    room = Room.objects.get(building=building, number="301")
    assert room.floor.number == 3
    page = client.get(response["Location"]).content.decode()
    assert "新增房间" in page and "18.00 m²" in page
    listing = client.get(reverse("space:room_list")).content.decode()
    assert reverse("space:room_detail", args=[room.pk]) in listing
    buildings = client.get(reverse("space:building_list")).content.decode()
    assert "XH-NEW-1" in buildings


def test_an_edit_records_what_changed(cast: Cast) -> None:
    client = cast.client("xihu")
    client.post(reverse("space:building_create"), _building_post())
    building = Building.objects.get(code="XH-NEW-1")
    response = client.post(reverse("space:building_edit", args=[building.pk]),
                           _building_post(name="西湖区政务中心"))
    assert response.status_code == 302
    event = AuditEvent.objects.for_target(building).get(event_type="space.building.updated")
    assert list(event.changes) == ["name"]


def test_a_zero_or_negative_area_is_refused(cast: Cast) -> None:
    client = cast.client("xihu")
    response = client.post(reverse("space:building_create"), _building_post(building_area="0"))
    assert response.status_code == 422
    assert "面积必须大于 0" in response.content.decode()
    assert not Building.objects.filter(code="XH-NEW-1").exists()

    building = _building()
    response = client.post(reverse("space:room_create", args=[building.pk]),
                           _room_post(usable_area="-5"))
    assert response.status_code == 422
    assert "面积必须大于 0" in response.content.decode()
    assert not Room.objects.exists()


def test_a_certificate_dated_in_the_future_is_refused(cast: Cast) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = cast.client("xihu").post(reverse("space:building_create"),
                                        _building_post(cert_issued_on=tomorrow))
    assert response.status_code == 422
    assert "发证日期不能晚于今天" in response.content.decode()
    assert not Building.objects.exists()


def test_filing_needs_a_reason(cast: Cast) -> None:
    response = cast.client("xihu").post(reverse("space:building_create"),
                                        _building_post(registration_status="filed"))
    assert response.status_code == 422
    assert "权属备案须填写原因" in response.content.decode()


def test_a_region_out_of_scope_is_refused(cast: Cast) -> None:
    response = cast.client("xihu").post(
        reverse("space:building_create"),
        _building_post(region=Region.objects.get(code="330203").pk))
    assert response.status_code == 422
    assert "不在您的权限范围内" in response.content.decode()
    assert not Building.objects.exists()


def test_the_owner_warning_cites_the_rule_when_not_the_bureau(cast: Cast) -> None:
    xihu = Region.objects.get(code="330106")
    Bureau.objects.create(region=xihu, name="杭州市西湖区机关事务管理局")
    wrong = _building(owner="杭州市西湖区教育局", registration_status="registered")
    page = cast.client("xihu").get(reverse("space:building_detail", args=[wrong.pk]))
    text = page.content.decode()
    assert 'data-testid="owner-warning"' in text
    assert "杭州市西湖区教育局" in text
    assert ("《党政机关办公用房管理办法》第五条：房屋所有权、土地使用权登记在本级机关事务管理部门"
            in text)

    right = _building(code="XH-0101", owner="杭州市西湖区机关事务管理局")
    text = cast.client("xihu").get(reverse("space:building_detail", args=[right.pk])
                                   ).content.decode()
    assert 'data-testid="owner-warning"' not in text


def test_a_township_building_is_compared_with_the_county_bureau(cast: Cast) -> None:
    from jiguan.space.register.views import owner_warning

    xihu = Region.objects.get(code="330106")
    Bureau.objects.create(region=xihu, name="杭州市西湖区机关事务管理局")
    township = Region.objects.create(code="330106001", name="北山街道", level="township",
                                     parent=xihu)
    building = _building(region=township, owner="杭州市西湖区机关事务管理局")
    assert owner_warning(building) is None
    building.owner = "北山街道办事处"
    assert owner_warning(building) is not None


# --- rooms ------------------------------------------------------------------------------------

def test_a_room_larger_than_its_building_is_refused(cast: Cast) -> None:
    building = _building(building_area=Decimal("100"))
    response = cast.client("xihu").post(reverse("space:room_create", args=[building.pk]),
                                        _room_post(usable_area="150"))
    assert response.status_code == 422
    assert "不能大于房产建筑面积" in response.content.decode()
    assert not Room.objects.exists()


def test_a_room_on_a_floor_the_building_lacks_is_refused(cast: Cast) -> None:
    building = _building(floors_above=5)
    response = cast.client("xihu").post(reverse("space:room_create", args=[building.pk]),
                                        _room_post(floor=9))
    assert response.status_code == 422
    text = response.content.decode()
    assert "楼层 9 不存在：该房产地上 5 层" in text
    assert 'data-testid="error-floor"' in text
    assert not Room.objects.exists() and not Floor.objects.filter(number=9).exists()


def test_a_duplicate_room_number_is_refused(cast: Cast) -> None:
    building = _building()
    _room(building, "301")
    response = cast.client("xihu").post(reverse("space:room_create", args=[building.pk]),
                                        _room_post(number="301", floor=4))
    assert response.status_code == 422
    assert "同一房产内房间号不能重复" in response.content.decode()
    assert Room.objects.count() == 1


def test_a_subtype_of_another_class_is_refused(cast: Cast) -> None:
    building = _building()
    response = cast.client("xihu").post(reverse("space:room_create", args=[building.pk]),
                                        _room_post(use_class="service", subtype="锅炉房"))
    assert response.status_code == 422
    assert "“锅炉房”不是服务用房的具体用途" in response.content.decode()
    response = cast.client("xihu").post(reverse("space:room_create", args=[building.pk]),
                                        _room_post(use_class="service", subtype="会议室"))
    assert response.status_code == 302


def test_a_room_moves_floor_on_edit(cast: Cast) -> None:
    building = _building()
    room = _room(building, "301", floor=3)
    response = cast.client("xihu").post(reverse("space:room_edit", args=[room.pk]),
                                        _room_post(floor=4, number="401"))
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.floor.number, room.number) == (4, "401")
    event = AuditEvent.objects.for_target(room).get(event_type="space.room.updated")
    assert set(event.changes) == {"floor", "number"}


# --- allocation and occupants -----------------------------------------------------------------

def test_a_bureau_allocates_a_room_and_ends_the_allocation(cast: Cast) -> None:
    building = _building()
    room = _room(building)
    client = cast.client("xihu")
    response = client.post(reverse("space:occupancy_start", args=[room.pk]),
                           {"agency_credit_code": cast.xihu_agency.credit_code,
                            "start_date": "2025-01-01"})
    assert response.status_code == 302
    assert Occupancy.objects.get(room=room, end_date__isnull=True).agency == cast.xihu_agency
    response = client.post(reverse("space:occupancy_end", args=[room.pk]),
                           {"end_date": "2025-06-30"})
    assert response.status_code == 302
    assert not Occupancy.objects.filter(room=room, end_date__isnull=True).exists()


def test_an_agency_out_of_scope_cannot_be_allocated(cast: Cast) -> None:
    room = _room(_building())
    response = cast.client("xihu").post(reverse("space:occupancy_start", args=[room.pk]),
                                        {"agency_credit_code": cast.ningbo_agency.credit_code,
                                         "start_date": "2025-01-01"})
    assert response.status_code == 422
    assert "未找到该信用代码的单位（或不在您的权限范围内）" in response.content.decode()
    assert not Occupancy.objects.exists()


def test_an_occupant_out_of_scope_is_refused(cast: Cast) -> None:
    room = _room(_building(), agency=cast.xihu_agency)
    response = cast.client("xihu").post(reverse("space:occupant_start", args=[room.pk]),
                                        {"person": cast.ningbo_person.pk,
                                         "start_date": "2025-01-01"})
    assert response.status_code == 422
    assert "该人员不在您的权限范围内" in response.content.decode()
    assert not Occupant.objects.exists()


def test_a_person_of_another_agency_cannot_sit_in_the_room(cast: Cast) -> None:
    room = _room(_building(), agency=cast.xihu_agency)
    other = Person.objects.create(name="赵六", agency=cast.hangzhou_agency,
                                  rank="below_bureau_city")
    response = cast.client("hangzhou").post(reverse("space:occupant_start", args=[room.pk]),
                                            {"person": other.pk, "start_date": "2025-01-01"})
    assert response.status_code == 422
    assert "赵六不属于本房间的使用单位" in response.content.decode()
    assert not Occupant.objects.exists()


def test_an_agency_reporter_seats_and_vacates_its_own_people(cast: Cast) -> None:
    ningbo = _building(code="NB-0100", region=Region.objects.get(code="330203"))
    room = _room(ningbo, "501", floor=5, agency=cast.ningbo_agency)
    client = cast.client("ningbo_reporter")
    page = client.get(reverse("space:room_detail", args=[room.pk])).content.decode()
    assert 'data-testid="occupant-form"' in page and "李四" in page
    assert 'data-testid="occupancy-form"' not in page  # allocation is the bureau's
    response = client.post(reverse("space:occupant_start", args=[room.pk]),
                           {"person": cast.ningbo_person.pk, "start_date": "2025-01-01"})
    assert response.status_code == 302
    occupant = Occupant.objects.get(room=room, person=cast.ningbo_person)
    page = client.get(reverse("space:room_detail", args=[room.pk])).content.decode()
    assert "科级以下" in page  # the person's rank label
    response = client.post(reverse("space:occupant_end", args=[occupant.pk]),
                           {"end_date": "2025-03-01"})
    assert response.status_code == 302
    occupant.refresh_from_db()
    assert occupant.end_date == dt.date(2025, 3, 1)
    # The reporter may not allocate rooms.
    response = client.post(reverse("space:occupancy_start", args=[room.pk]),
                           {"agency_credit_code": cast.ningbo_agency.credit_code,
                            "start_date": "2025-01-01"})
    assert response.status_code == 403


def test_a_room_without_an_agency_seats_no_one(cast: Cast) -> None:
    room = _room(_building())
    response = cast.client("xihu").post(reverse("space:occupant_start", args=[room.pk]),
                                        {"person": cast.xihu_person.pk,
                                         "start_date": "2025-01-01"})
    assert response.status_code == 422
    assert "请先登记使用单位" in response.content.decode()
    assert not Occupant.objects.exists()


# --- the floor drawing ------------------------------------------------------------------------

def test_the_floor_svg_links_rooms_and_marks_an_over_standard_office(cast: Cast) -> None:
    building = _building()
    fits = _room(building, "301", area="18", agency=cast.xihu_agency)
    big = _room(building, "302", area="40", agency=cast.xihu_agency)
    empty = _room(building, "303", area="12", agency=cast.xihu_agency)
    meeting = _room(building, "304", area="60", use_class="service")
    deputy = Person.objects.create(name="钱七", agency=cast.xihu_agency, rank="section_head")
    # 正科级 in a county organ: 18 m².
    Occupant.objects.create(room=fits, person=cast.xihu_person, start_date=dt.date(2025, 1, 1))
    Occupant.objects.create(room=big, person=deputy, start_date=dt.date(2025, 1, 1))
    response = cast.client("xihu").get(reverse("space:floor", args=[building.pk, 3]))
    assert response.status_code == 200
    text = response.content.decode()
    for room in (fits, big, empty, meeting):
        assert f'<a href="{reverse("space:room_detail", args=[room.pk])}"' in text
    assert 'fill="#f8d7da"' in text  # 302: 40 m² for one 18 m² person
    assert text.count('data-state="over"') == 1
    assert text.count('data-state="compliant"') == 1
    assert text.count('data-state="vacant"') == 1
    assert text.count('data-state="service"') == 1
    assert 'data-testid="legend"' in text and "style=" not in text.split("<main")[1]
    room_page = cast.client("xihu").get(reverse("space:room_detail", args=[big.pk]))
    room_text = room_page.content.decode()
    assert 'data-testid="room-state">超标' in room_text and "超出 22.00 m²" in room_text


def test_a_floor_the_building_lacks_is_404_and_a_basement_works(cast: Cast) -> None:
    building = _building(floors_above=5, floors_below=2)
    client = cast.client("xihu")
    assert client.get(reverse("space:floor", args=[building.pk, 9])).status_code == 404
    assert client.get(reverse("space:floor", args=[building.pk, 0])).status_code == 404
    response = client.get(reverse("space:floor", args=[building.pk, -2]))
    assert response.status_code == 200
    assert "地下2层" in response.content.decode()


def test_the_nav_shows_the_register(cast: Cast) -> None:
    page = cast.client("ningbo_reporter").get(reverse("core:home")).content.decode()
    assert "办公用房" in page and reverse("space:building_list") in page
    page = cast.client("outsider").get(reverse("core:home")).content.decode()
    assert reverse("space:building_list") not in page


def test_the_exports_follow_the_scope_and_the_filters(cast: Cast) -> None:
    from python_calamine import CalamineWorkbook

    xihu = _building(name="西湖区机关大楼")
    _room(xihu, "301", agency=cast.xihu_agency)
    ningbo = _building(code="NB-0100", name="海曙区机关大楼",
                       region=Region.objects.get(code="330203"))
    _room(ningbo, "501", floor=5, agency=cast.ningbo_agency)

    def sheet(who: str, url: str) -> str:
        response = cast.client(who).get(url)
        assert response.status_code == 200
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
        return repr(book.get_sheet_by_index(0).to_python())

    assert "海曙区机关大楼" in sheet("ningbo_reporter", reverse("space:building_export"))
    assert "西湖区机关大楼" not in sheet("ningbo_reporter", reverse("space:building_export"))
    rooms = sheet("xihu", reverse("space:room_export"))
    assert "301" in rooms and "501" not in rooms
    filtered = sheet("province_admin", reverse("space:building_export") + "?q=海曙")
    assert "海曙区机关大楼" in filtered and "西湖区机关大楼" not in filtered


def test_the_registers_link_to_their_imports(cast: Cast) -> None:
    page = cast.client("xihu").get("/space/buildings/").content.decode()
    assert "/imports/space.building/" in page
    page = cast.client("xihu").get("/space/rooms/").content.decode()
    assert "/imports/space.room/" in page
    auditor_page = cast.client("auditor").get("/space/rooms/").content.decode()
    assert "/imports/space.room/" not in auditor_page


def test_a_room_list_across_buildings_reads_the_unique_index_in_order(cast: Cast) -> None:
    """space 0009 dropped Room.building's own index: the (building, number) unique index
    serves lookups by building, and a list across buildings is ordered by it."""
    from django.db import connection

    from jiguan.space.register.queries import rooms_for

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "space_room")
    by_columns = [tuple(c["columns"]) for c in indexes.values() if c["index"] or c["unique"]]
    assert ("building_id",) not in by_columns
    assert ("building_id", "number") in by_columns
    rooms, _ = rooms_for(cast.province_admin, {})
    assert rooms.query.order_by == ("building_id", "number")
