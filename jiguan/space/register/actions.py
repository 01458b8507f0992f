"""Every write to the office-space register: one transaction with its audit row.

Hard data errors are refused here (a room on a floor the building does not have, a room
larger than its building, impossible certificate dates). Breaches of the use rules (an
office over standard, a third office) are facts to record and are reported as findings by
jiguan.space.compliance, not refused: the register must show reality.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from jiguan.audit.record import diff, record, snapshot
from jiguan.space.register.models import Building, Floor, Occupancy, Occupant, Room
from jiguan.space.register.signals import send_changed

# The tallest buildings in China have about 130 storeys; more is a typing error, and an
# unbounded count would make the floor pages build a list of every floor.
MAX_FLOORS_ABOVE = 200


MAX_FLOORS_BELOW = 20


BUILDING_FIELDS = (
    "code", "name", "address", "region", "latitude", "longitude", "property_cert_no",
    "land_cert_no", "cert_issued_on", "owner", "registration_status", "filing_reason",
    "land_area", "building_area", "cert_building_area", "floors_above", "floors_below",
    "year_built", "structure", "building_type", "book_value", "asset_card_no", "use")


ROOM_FIELDS = ("number", "use_class", "subtype", "usable_area", "building_area")


def _check_building(b: Building) -> None:
    errors: dict[str, str] = {}
    today = dt.date.today()
    if b.cert_issued_on:
        if b.cert_issued_on > today:
            errors["cert_issued_on"] = "发证日期不能晚于今天"
        elif b.cert_issued_on.year < 1949:
            errors["cert_issued_on"] = "发证日期不能早于 1949 年"
        elif b.year_built and b.cert_issued_on.year < b.year_built - 5:
            errors["cert_issued_on"] = f"发证日期（{b.cert_issued_on.year}年）早于建成年份" \
                                       f"（{b.year_built}年）过多，请核对"
    if b.floors_above is not None and b.floors_above > MAX_FLOORS_ABOVE:
        errors["floors_above"] = f"地上层数不能超过 {MAX_FLOORS_ABOVE}"
    if b.floors_below is not None and b.floors_below > MAX_FLOORS_BELOW:
        errors["floors_below"] = f"地下层数不能超过 {MAX_FLOORS_BELOW}"
    if b.year_built and not (1900 <= b.year_built <= today.year + 5):
        errors["year_built"] = f"建成年份应在 1900 至 {today.year + 5} 之间"
    if b.pk:
        rooms = Room.objects.filter(building=b)
        total = rooms.aggregate(s=Sum("usable_area"))["s"] or Decimal(0)
        if b.building_area is not None and total > b.building_area:
            errors["building_area"] = f"建筑面积不能小于各房间使用面积之和（{total} m²）"
        lowest = rooms.order_by("floor__number").values_list("floor__number", flat=True).first()
        highest = rooms.order_by("-floor__number").values_list("floor__number", flat=True).first()
        if highest is not None and highest > b.floors_above:
            errors["floors_above"] = f"已有房间位于 {highest} 层，地上层数不能少于 {highest}"
        if lowest is not None and lowest < 0 and -lowest > b.floors_below:
            errors["floors_below"] = f"已有房间位于地下 {-lowest} 层，地下层数不能少于 {-lowest}"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def building_create(*, data: Mapping[str, Any], actor: Any) -> Building:
    b = Building(created_by=actor, updated_by=actor)
    for k in BUILDING_FIELDS:
        if k in data:
            setattr(b, k, data[k])
    b.full_clean()
    _check_building(b)
    b.save()
    send_changed(b.region.path, actor)
    record(actor=actor, event="space.building.created", target=b,
           changes={k: [None, v] for k, v in snapshot(b, BUILDING_FIELDS).items()
                    if v not in (None, "")})
    return b


@transaction.atomic
def building_update(*, building: Building, data: Mapping[str, Any], actor: Any
                    ) -> dict[str, Any]:
    before = snapshot(building, BUILDING_FIELDS)
    old_path = building.region.path if building.region_id else None
    for k in BUILDING_FIELDS:
        if k in data:
            setattr(building, k, data[k])
    building.full_clean()
    _check_building(building)
    changes = diff(before, snapshot(building, BUILDING_FIELDS))
    if changes:
        building.updated_by = actor
        building.save()
        record(actor=actor, event="space.building.updated", target=building, changes=changes)
        send_changed(building.region.path, actor)
        if old_path and old_path != building.region.path:
            send_changed(old_path, actor)
    return changes


def floor_for(*, building: Building, number: int, actor: Any) -> Floor:
    """The floor, created on first use; a floor the building does not have is refused."""
    if number == 0 or not building.has_floor(number):
        below = f"、地下 {building.floors_below} 层" if building.floors_below else ""
        raise ValidationError({"floor": f"楼层 {number} 不存在：该房产地上 "
                                        f"{building.floors_above} 层{below}"})
    floor = Floor.objects.filter(building=building, number=number).first()
    if floor is None:
        floor = Floor.objects.create(building=building, number=number, created_by=actor,
                                     updated_by=actor)
        record(actor=actor, event="space.floor.created", target=floor, region=building.region,
               changes={"number": [None, number]})
    return floor


def _check_room(room: Room) -> None:
    b = room.building
    others = Room.objects.filter(building=b).exclude(pk=room.pk)
    total = (others.aggregate(s=Sum("usable_area"))["s"] or Decimal(0)) + (
        room.usable_area or Decimal(0))
    if room.usable_area and room.usable_area > b.building_area:
        raise ValidationError({"usable_area": f"房间使用面积（{room.usable_area} m²）不能大于"
                                              f"房产建筑面积（{b.building_area} m²）"})
    if total > b.building_area:
        raise ValidationError({"usable_area": f"该房产各房间使用面积合计（{total} m²）将超过"
                                              f"建筑面积（{b.building_area} m²）"})
    if room.building_area and room.usable_area and room.usable_area > room.building_area:
        raise ValidationError({"usable_area": "房间使用面积不能大于其建筑面积"})


@transaction.atomic
def room_create(*, building: Building, floor_number: int, data: Mapping[str, Any],
                actor: Any) -> Room:
    floor = floor_for(building=building, number=floor_number, actor=actor)
    room = Room(building=building, floor=floor, created_by=actor, updated_by=actor)
    for k in ROOM_FIELDS:
        if k in data:
            setattr(room, k, data[k])
    room.full_clean()
    _check_room(room)
    room.save()
    send_changed(building.region.path, actor)
    record(actor=actor, event="space.room.created", target=room,
           changes={"floor": [None, floor.label],
                    **{k: [None, v] for k, v in snapshot(room, ROOM_FIELDS).items()}})
    return room


@transaction.atomic
def room_update(*, room: Room, data: Mapping[str, Any], floor_number: int | None = None,
                actor: Any) -> dict[str, Any]:
    before = {**snapshot(room, ROOM_FIELDS), "floor": room.floor.label}
    if floor_number is not None and floor_number != room.floor.number:
        room.floor = floor_for(building=room.building, number=floor_number, actor=actor)
    for k in ROOM_FIELDS:
        if k in data:
            setattr(room, k, data[k])
    room.full_clean()
    _check_room(room)
    changes = diff(before, {**snapshot(room, ROOM_FIELDS), "floor": room.floor.label})
    if changes:
        room.updated_by = actor
        room.save()
        record(actor=actor, event="space.room.updated", target=room, changes=changes)
        send_changed(room.building.region.path, actor)
    return changes


@transaction.atomic
def occupancy_start(*, room: Room, agency: Any, start_date: dt.date, actor: Any) -> Occupancy:
    """Allocate a room to an agency (ends the room's current allocation on the day before).
    Allocations of one room never overlap in time; the room row is locked meanwhile."""
    if agency.is_archived:
        raise ValidationError({"agency": f"{agency.name}{agency.get_status_display()}，"
                                         "不能分配用房"})
    Room.objects.select_for_update().filter(pk=room.pk).first()
    overlapping = Occupancy.objects.filter(room=room, end_date__gte=start_date).first()
    if overlapping is not None:
        raise ValidationError({"start_date": f"与{overlapping.agency}的使用期（至 "
                                             f"{overlapping.end_date}）重叠"})
    current = Occupancy.objects.filter(room=room, end_date__isnull=True).first()
    if current is not None:
        if current.agency_id == agency.pk:
            return current
        if start_date <= current.start_date:
            raise ValidationError({"start_date": f"起始日期须晚于原使用单位的起始日期"
                                                 f"（{current.start_date}）"})
        occupancy_end(occupancy=current, end_date=start_date - dt.timedelta(days=1),
                      actor=actor)
    occ = Occupancy(room=room, agency=agency, start_date=start_date, created_by=actor,
                    updated_by=actor)
    occ.full_clean()
    occ.save()
    send_changed(room.building.region.path, actor)
    send_changed(agency.region.path, actor)
    record(actor=actor, event="space.occupancy.created", target=occ,
           changes={"agency": [None, str(agency)], "start_date": [None, start_date]})
    return occ


@transaction.atomic
def occupancy_end(*, occupancy: Occupancy, end_date: dt.date, actor: Any) -> Occupancy:
    if occupancy.end_date is not None:
        return occupancy
    if end_date < occupancy.start_date:
        raise ValidationError({"end_date": "结束日期不能早于起始日期"})
    if end_date > dt.date.today() + dt.timedelta(days=366):
        raise ValidationError({"end_date": "结束日期不能晚于一年以后"})
    occupancy.end_date = end_date
    occupancy.updated_by = actor
    occupancy.full_clean()
    occupancy.save()
    # The agency's people leave the room with it.
    seated = Occupant.objects.filter(room=occupancy.room, end_date__isnull=True,
                                     person__agency_id=occupancy.agency_id)
    for occupant in seated:
        occupant_end(occupant=occupant, end_date=max(end_date, occupant.start_date), actor=actor)
    send_changed(occupancy.room.building.region.path, actor)
    send_changed(occupancy.agency.region.path, actor)
    record(actor=actor, event="space.occupancy.ended", target=occupancy,
           changes={"end_date": [None, end_date]})
    return occupancy


@transaction.atomic
def occupant_start(*, room: Room, person: Any, start_date: dt.date, actor: Any,
                   concurrent_post: Any = None) -> Occupant:
    """Seat a person in an office room. Who may be seated is checked by the caller's scope;
    here, for every path (page, API, import, inventory): the person must be serving, a
    concurrent post must be the person's own, and the room must be allocated to the
    person's agency (or, for an office of a concurrent post, to the post's agency)."""
    errors: dict[str, str] = {}
    if person.status != "serving":
        errors["person"] = f"{person.name}已{person.get_status_display()}，不能安排办公室"
    if concurrent_post is not None and concurrent_post.person_id != person.pk:
        errors["concurrent_post"] = "所选兼职不属于该人员"
    current = (Occupancy.objects.filter(room=room, end_date__isnull=True)
               .select_related("agency").first())
    if current is None:
        errors["room"] = "该房间尚未登记使用单位，请先登记使用单位再安排人员"
    elif current.agency_id not in {person.agency_id, getattr(concurrent_post, "agency_id", None)}:
        errors["person"] = f"{person.name}不属于本房间的使用单位（{current.agency.name}）"
    if errors:
        raise ValidationError(errors)
    existing = Occupant.objects.filter(room=room, person=person, end_date__isnull=True).first()
    if existing is not None:
        return existing
    occ = Occupant(room=room, person=person, start_date=start_date,
                   concurrent_post=concurrent_post, created_by=actor, updated_by=actor)
    occ.full_clean()
    occ.save()
    send_changed(room.building.region.path, actor)
    send_changed(person.agency.region.path, actor)
    record(actor=actor, event="space.occupant.created", target=occ,
           changes={"person": [None, str(person)], "room": [None, str(room)],
                    "start_date": [None, start_date]})
    return occ


@transaction.atomic
def occupant_end(*, occupant: Occupant, end_date: dt.date, actor: Any) -> Occupant:
    if occupant.end_date is not None:
        return occupant
    if end_date < occupant.start_date:
        raise ValidationError({"end_date": "腾退日期不能早于起始日期"})
    occupant.end_date = end_date
    occupant.updated_by = actor
    occupant.save()
    send_changed(occupant.room.building.region.path, actor)
    send_changed(occupant.person.agency.region.path, actor)
    record(actor=actor, event="space.occupant.ended", target=occupant,
           changes={"end_date": [None, end_date]})
    return occupant
