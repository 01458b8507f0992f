"""/api/v1/space/: buildings, rooms, and who uses them, through the same querysets, filters
and actions as the pages. Out-of-scope objects answer 404, a missing permission 403, and a
refused write 422 with the field's Chinese message."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can_at, require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.types import AuthedRequest
from jiguan.orgs.models import Agency, ConcurrentPost, Person
from jiguan.orgs.rules import normalize_credit_code
from jiguan.space.register import actions
from jiguan.space.register.excel.common import parse_choice, subtype_problem
from jiguan.space.register.models import (
    Building,
    BuildingType,
    BuildingUse,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
    Structure,
    UseClass,
)
from jiguan.space.register.queries import buildings_for, rooms_for

router = Router(tags=["办公用房"])


class BuildingOut(Schema):
    id: int
    code: str
    name: str
    address: str
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    latitude: Decimal | None
    longitude: Decimal | None
    property_cert_no: str
    land_cert_no: str
    cert_issued_on: dt.date | None
    owner: str
    registration_status: str
    filing_reason: str
    land_area: Decimal | None
    building_area: Decimal
    cert_building_area: Decimal | None
    floors_above: int
    floors_below: int
    year_built: int | None
    structure: str
    building_type: str
    book_value: Decimal | None
    asset_card_no: str
    use: str


class BuildingListOut(BuildingOut):
    room_count: int = 0
    rooms_area: Decimal | None = None


class BuildingIn(Schema):
    code: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=100)
    address: str = ""
    region_code: str = Field(max_length=12)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    property_cert_no: str = ""
    land_cert_no: str = ""
    cert_issued_on: dt.date | None = None
    owner: str = ""
    registration_status: str = RegistrationStatus.UNREGISTERED
    filing_reason: str = ""
    land_area: Decimal | None = None
    building_area: Decimal
    cert_building_area: Decimal | None = None
    floors_above: int = Field(1, ge=1)
    floors_below: int = Field(0, ge=0)
    year_built: int | None = None
    structure: str = Structure.FRAME
    building_type: str = BuildingType.MULTI
    book_value: Decimal | None = None
    asset_card_no: str = ""
    use: str = BuildingUse.OFFICE


class RoomOut(Schema):
    id: int
    building_id: int
    building_code: str = Field(alias="building.code")
    building_name: str = Field(alias="building.name")
    floor: int = Field(alias="floor.number")
    floor_label: str = Field(alias="floor.label")
    number: str
    use_class: str
    subtype: str
    usable_area: Decimal
    building_area: Decimal | None


class OccupancyOut(Schema):
    id: int
    room_id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    agency_credit_code: str = Field(alias="agency.credit_code")
    start_date: dt.date
    end_date: dt.date | None


class OccupantOut(Schema):
    id: int
    room_id: int
    person_id: int
    person_name: str = Field(alias="person.name")
    concurrent_post_id: int | None
    start_date: dt.date
    end_date: dt.date | None


class RoomDetailOut(RoomOut):
    region_code: str = Field(alias="building.region.code")
    current_agency: OccupancyOut | None = None
    occupants: list[OccupantOut] = []

    @staticmethod
    def resolve_current_agency(room: Room) -> Occupancy | None:
        return _current(room)

    @staticmethod
    def resolve_occupants(room: Room) -> list[Occupant]:
        return list(Occupant.objects.filter(room=room, end_date__isnull=True)
                    .select_related("person").order_by("start_date", "pk"))


class RoomIn(Schema):
    floor: int
    number: str = Field(min_length=1, max_length=20)
    use_class: str
    subtype: str = ""
    usable_area: Decimal
    building_area: Decimal | None = None


class RoomCreateIn(RoomIn):
    building_id: int


class OccupancyIn(Schema):
    agency_credit_code: str = Field(min_length=1, max_length=20)
    start_date: dt.date


class OccupantIn(Schema):
    person_id: int
    start_date: dt.date
    concurrent_post_id: int | None = None


def _choice(errors: dict[str, str], name: str, choices: Any, text: str) -> str:
    value = parse_choice(choices, text)
    if value is None:
        errors[name] = f"“{text}”无效，可选：" + "、".join(str(c) for c in choices.labels)
        return text
    return value


def _fixed(value: Decimal | None, places: int = 2) -> Decimal | None:
    """A decimal with the model's places ("5000" -> "5000.00"), so an unchanged value reads
    as unchanged; a value with more places is left for the model's message."""
    if value is None or not value.is_finite():
        return value
    step = Decimal(1).scaleb(-places)
    try:
        fixed = value.quantize(step)
    except InvalidOperation:
        return value
    return fixed if fixed == value else value


def _building_data(user: Any, payload: BuildingIn, building: Building | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    region = Region.objects.visible_to(user, Perm.CHANGE_SPACE).filter(
        code=payload.region_code.strip()).first()
    if region is None:
        errors["region_code"] = f"区划代码“{payload.region_code}”不存在或不在您的权限范围内"
    code = payload.code.strip()
    clash = Building.objects.filter(code=code)
    if building is not None:
        clash = clash.exclude(pk=building.pk)
    if clash.exists():
        errors["code"] = "该房产编号已登记"
    data = payload.model_dump(exclude={"region_code"})
    data.update(code=code, region=region)
    for name in ("land_area", "building_area", "cert_building_area", "book_value"):
        data[name] = _fixed(data[name])
    for name in ("latitude", "longitude"):
        data[name] = _fixed(data[name], 6)
    data["registration_status"] = _choice(errors, "registration_status", RegistrationStatus,
                                          payload.registration_status)
    data["structure"] = _choice(errors, "structure", Structure, payload.structure)
    data["building_type"] = _choice(errors, "building_type", BuildingType,
                                    payload.building_type)
    data["use"] = _choice(errors, "use", BuildingUse, payload.use)
    if data["registration_status"] == RegistrationStatus.FILED and not payload.filing_reason:
        errors["filing_reason"] = "权属备案须填写原因"
    if errors:
        raise ValidationError(errors)
    return data


def _room_data(payload: RoomIn) -> dict[str, Any]:
    errors: dict[str, str] = {}
    use_class = _choice(errors, "use_class", UseClass, payload.use_class)
    subtype = payload.subtype.strip()
    if "use_class" not in errors and (problem := subtype_problem(use_class, subtype)):
        errors["subtype"] = problem
    if errors:
        raise ValidationError(errors)
    return {"number": payload.number.strip(), "use_class": use_class, "subtype": subtype,
            "usable_area": _fixed(payload.usable_area),
            "building_area": _fixed(payload.building_area)}


def _number_free(building: Building, number: str, room: Room | None = None) -> None:
    clash = Room.objects.filter(building=building, number=number)
    if room is not None:
        clash = clash.exclude(pk=room.pk)
    if clash.exists():
        raise ValidationError({"number": f"该房产已有房间号“{number}”"})


def _room(user: Any, room_id: int) -> Room:
    room: Room = get_object_or_404(
        Room.objects.visible_to(user).select_related("building", "building__region", "floor"),
        pk=room_id)
    return room


def _current(room: Room) -> Occupancy | None:
    found: Occupancy | None = (Occupancy.objects.filter(room=room, end_date__isnull=True)
                               .select_related("agency").first())
    return found


@router.get("/buildings", response=list[BuildingListOut])
@paginate(Pagination, page_size=100)
def list_buildings(request: AuthedRequest, q: str = "", region: IdQuery = None,
                   registration_status: str = "", use: str = "") -> Any:
    require(request.user, Perm.VIEW_SPACE)
    params = {"q": q, "region": region or "", "registration_status": registration_status,
              "use": use}
    buildings, _ = buildings_for(request.user, params)
    return buildings


@router.get("/buildings/{building_id}", response=BuildingListOut)
def get_building(request: AuthedRequest, building_id: int) -> Any:
    buildings, _ = buildings_for(request.user, {})
    return get_object_or_404(buildings, pk=building_id)


@router.post("/buildings", response={201: BuildingOut})
def create_building(request: AuthedRequest, payload: BuildingIn) -> Any:
    require(request.user, Perm.CHANGE_SPACE)
    data = _building_data(request.user, payload, None)
    return 201, actions.building_create(data=data, actor=request.user)


@router.put("/buildings/{building_id}", response=BuildingOut)
def update_building(request: AuthedRequest, building_id: int, payload: BuildingIn) -> Any:
    building = get_object_or_404(Building.objects.visible_to(request.user)
                                 .select_related("region"), pk=building_id)
    require(request.user, Perm.CHANGE_SPACE, building)
    actions.building_update(building=building,
                            data=_building_data(request.user, payload, building),
                            actor=request.user)
    return building


@router.get("/rooms", response=list[RoomOut])
@paginate(Pagination, page_size=100)
def list_rooms(request: AuthedRequest, q: str = "", building: IdQuery = None,
               agency: IdQuery = None, region: IdQuery = None,
               use_class: str = "") -> Any:
    require(request.user, Perm.VIEW_SPACE)
    params = {"q": q, "building": building or "", "agency": agency or "",
              "region": region or "", "use_class": use_class}
    rooms, _ = rooms_for(request.user, params)
    return rooms


@router.get("/rooms/{room_id}", response=RoomDetailOut)
def get_room(request: AuthedRequest, room_id: int) -> Any:
    return _room(request.user, room_id)


@router.post("/rooms", response={201: RoomOut})
def create_room(request: AuthedRequest, payload: RoomCreateIn) -> Any:
    building = get_object_or_404(Building.objects.visible_to(request.user)
                                 .select_related("region"), pk=payload.building_id)
    require(request.user, Perm.CHANGE_SPACE, building)
    data = _room_data(payload)
    _number_free(building, data["number"])
    room = actions.room_create(building=building, floor_number=payload.floor, data=data,
                               actor=request.user)
    return 201, room


@router.put("/rooms/{room_id}", response=RoomOut)
def update_room(request: AuthedRequest, room_id: int, payload: RoomIn) -> Any:
    room = _room(request.user, room_id)
    require(request.user, Perm.CHANGE_SPACE, room)
    data = _room_data(payload)
    _number_free(room.building, data["number"], room)
    actions.room_update(room=room, data=data, floor_number=payload.floor, actor=request.user)
    return room


@router.post("/rooms/{room_id}/occupancy", response={201: OccupancyOut})
def start_occupancy(request: AuthedRequest, room_id: int, payload: OccupancyIn) -> Any:
    room = _room(request.user, room_id)
    require(request.user, Perm.CHANGE_SPACE, room)
    code = normalize_credit_code(payload.agency_credit_code)
    agency = Agency.objects.visible_to(request.user, Perm.CHANGE_SPACE).filter(
        credit_code=code).first()
    if agency is None:
        raise ValidationError({"agency_credit_code":
                               "未找到该信用代码的单位（或不在您的权限范围内）"})
    if agency.is_archived:
        raise ValidationError({"agency_credit_code":
                               f"{agency.name}{agency.get_status_display()}，不能分配用房"})
    occupancy = actions.occupancy_start(room=room, agency=agency, start_date=payload.start_date,
                                        actor=request.user)
    return 201, occupancy


@router.post("/rooms/{room_id}/occupants", response={201: OccupantOut})
def start_occupant(request: AuthedRequest, room_id: int, payload: OccupantIn) -> Any:
    room = _room(request.user, room_id)
    current = _current(room)
    if not can_at(request.user, Perm.CHANGE_OCCUPANTS, region_path=room.building.region.path,
                  agency_id=current.agency_id if current else None):
        raise PermissionDenied(f"没有权限：{Perm.CHANGE_OCCUPANTS}")
    if current is None:
        raise ValidationError({"room": "该房间尚未登记使用单位，请先登记使用单位再安排人员"})
    person = (Person.objects.visible_to(request.user).filter(pk=payload.person_id)
              .select_related("agency").first())
    if person is None:
        raise ValidationError({"person_id": "该人员不存在或不在您的权限范围内"})
    if person.agency_id != current.agency_id:
        raise ValidationError({"person_id": f"{person.name}不属于本房间的使用单位"
                                            f"（{current.agency.name}）"})
    post = None
    if payload.concurrent_post_id is not None:
        post = ConcurrentPost.objects.filter(pk=payload.concurrent_post_id,
                                             person=person).first()
        if post is None:
            raise ValidationError({"concurrent_post_id": "所选兼职不存在或不属于该人员"})
    occupant = actions.occupant_start(room=room, person=person, start_date=payload.start_date,
                                      actor=request.user, concurrent_post=post)
    return 201, occupant
