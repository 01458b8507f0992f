"""Applying a confirmed inventory declaration to the register (账实相符 in one action).

Confirming a declaration records that the bureau accepts it as the agency's reality; this
action then brings the register in line, difference by difference, through the register's
own actions (so every change is checked, audited and triggers the compliance refresh):

- a room added: created on its floor when the building lacks it, then allocated to the
  agency; a room the register shows in another agency's use is left for a person to sort
  out (one agency's word does not take a room from another);
- a room removed: the agency's allocation ends today;
- area beyond the tolerance, floor, use class: the room is corrected;
- occupants: people are seated and unseated as declared, found by name among the agency's
  serving staff; a name that matches nobody, or several people, is left for a person.

All or nothing: a change the register refuses (a room larger than its building, say)
rolls the whole application back with the room named. What is left afterwards is stored as
the declaration's remaining differences and listed with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.audit.record import record
from jiguan.orgs.models import Person, PersonStatus
from jiguan.space import actions
from jiguan.space.inventory_declarations import differences
from jiguan.space.inventory_models import CampaignAgency, SubmissionStatus
from jiguan.space.models import Building, Occupancy, Occupant, Room


@dataclass
class ApplyResult:
    applied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _room_label(code: str, number: str) -> str:
    return f"{code} {number}"


def _guard(label: str, fn: Any, **kwargs: Any) -> Any:
    """Run a register action; its refusal names the room and rolls everything back."""
    try:
        return fn(**kwargs)
    except ValidationError as exc:
        raise ValidationError(f"{label}：{'；'.join(exc.messages)}（未做任何修改）") from exc


@transaction.atomic
def declaration_apply(*, ca: CampaignAgency, actor: Any,
                      on: dt.date | None = None) -> ApplyResult:
    ca = CampaignAgency.objects.select_for_update().select_related(
        "campaign", "campaign__region", "agency", "agency__region").get(pk=ca.pk)
    if ca.status != SubmissionStatus.CONFIRMED:
        raise ValidationError(f"只能按已确认的填报更新台账（当前：{ca.get_status_display()}）")
    agency = ca.agency
    today = on or timezone.localdate()
    result = ApplyResult()
    declared = {(r["building_code"], r["room_number"]): r for r in ca.declaration}
    diffs = differences(agency, ca.declaration)
    scope_path = ca.campaign.region.path
    buildings = {b.code: b for b in Building.objects.filter(
        code__in={k[0] for k in declared}, region__path__startswith=scope_path)}

    for d in diffs:
        key = (d["building_code"], d["room_number"])
        label = _room_label(*key)
        kind = d["kind"]
        if kind == "room_added":
            _add_room(declared[key], buildings.get(key[0]), agency, today, actor, label, result)
        elif kind == "room_removed":
            occupancy = Occupancy.objects.filter(room_id=d["room_id"], agency=agency,
                                                 end_date__isnull=True).first()
            if occupancy is not None:
                _guard(label, actions.occupancy_end, occupancy=occupancy,
                       end_date=max(today, occupancy.start_date), actor=actor)
                result.applied.append(f"{label}：结束本单位使用")
        elif kind in {"area_changed", "floor_changed", "use_class_changed"}:
            room = Room.objects.select_related("building", "floor").get(pk=d["room_id"])
            _correct_room(room, declared[key], kind, actor, label, result)
    _seat_people(ca, declared, buildings, today, actor, result)

    before = len(ca.differences)
    ca.differences = differences(agency, ca.declaration)
    ca.updated_by = actor
    ca.save(update_fields=["differences", "updated_by", "updated_at"])
    remaining = [f"{d['building_name']} {d['room_number']}：{d['label']}" for d in ca.differences]
    result.skipped.extend(r for r in remaining if r not in result.skipped)
    record(actor=actor, event="space.inventory.applied", target=ca,
           changes={"differences": [before, len(ca.differences)]},
           extra={"applied": result.applied, "left": result.skipped})
    return result


def _add_room(row: dict[str, Any], building: Building | None, agency: Any, today: dt.date,
              actor: Any, label: str, result: ApplyResult) -> None:
    if building is None:
        result.skipped.append(f"{label}：房产不在清查范围内，未处理")
        return
    room = Room.objects.filter(building=building, number=row["room_number"]).select_related(
        "building", "floor").first()
    if room is None:
        room = _guard(label, actions.room_create, building=building,
                      floor_number=int(row["floor"]),
                      data={"number": row["room_number"], "use_class": row["use_class"],
                            "usable_area": Decimal(row["usable_area"])}, actor=actor)
        result.applied.append(f"{label}：新增房间（{row['usable_area']} m²）")
    else:
        current = Occupancy.objects.filter(room=room, end_date__isnull=True).select_related(
            "agency").first()
        if current is not None and current.agency_id != agency.pk:
            # Checked before any correction: one agency's declaration changes nothing of
            # a room the register gives to another.
            result.skipped.append(f"{label}：台账登记为{current.agency}使用，需人工核实后调整")
            return
        for kind, differs in (("floor_changed", room.floor.number != int(row["floor"])),
                              ("use_class_changed", room.use_class != row["use_class"]),
                              ("area_changed",
                               room.usable_area != Decimal(row["usable_area"]))):
            if differs:
                _correct_room(room, row, kind, actor, label, result)
    _guard(label, actions.occupancy_start, room=room, agency=agency, start_date=today,
           actor=actor)
    result.applied.append(f"{label}：登记为本单位使用")


def _correct_room(room: Room, row: dict[str, Any], kind: str, actor: Any, label: str,
                  result: ApplyResult) -> None:
    data: dict[str, Any] = {}
    floor_number = None
    if kind == "area_changed":
        data["usable_area"] = Decimal(row["usable_area"])
    elif kind == "use_class_changed":
        data["use_class"] = row["use_class"]
        if row["use_class"] != room.use_class:
            data["subtype"] = ""
    else:
        floor_number = int(row["floor"])
    changes = _guard(label, actions.room_update, room=room, data=data,
                     floor_number=floor_number, actor=actor)
    if changes:
        shown = "，".join(f"{k} {old} → {new}" for k, (old, new) in changes.items())
        result.applied.append(f"{label}：{shown}")


def _seat_people(ca: CampaignAgency, declared: dict[tuple[str, str], dict[str, Any]],
                 buildings: dict[str, Building], today: dt.date, actor: Any,
                 result: ApplyResult) -> None:
    """Seat and unseat the agency's people as the declaration lists them."""
    agency = ca.agency
    rooms = {(r.building.code, r.number): r for r in Room.objects.filter(
        occupancies__agency=agency, occupancies__end_date__isnull=True).select_related(
        "building")}
    wanted: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, row in declared.items():
        if key in rooms:
            for name in row["occupants"]:
                wanted[name].add(key)
    seated = list(Occupant.objects.filter(
        room__in=rooms.values(), end_date__isnull=True, person__agency=agency)
        .select_related("person", "room", "room__building"))
    have: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for occ in seated:
        key = (occ.room.building.code, occ.room.number)
        if key not in declared:
            continue  # the room is no longer the agency's: its allocation ended above
        have[occ.person.name].add(key)
        if key not in wanted.get(occ.person.name, set()):
            _guard(_room_label(*key), actions.occupant_end, occupant=occ,
                   end_date=max(today, occ.start_date), actor=actor)
            result.applied.append(f"{_room_label(*key)}：{occ.person.name} 腾退")
    people: dict[str, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(agency=agency, status=PersonStatus.SERVING,
                                        name__in=list(wanted)):
        people[person.name].append(person)
    for name, keys in sorted(wanted.items()):
        for key in sorted(keys - have.get(name, set())):
            label = _room_label(*key)
            matches = people.get(name, [])
            if len(matches) != 1:
                why = "本单位没有在职的同名人员" if not matches else "本单位有多名同名人员"
                result.skipped.append(f"{label}：使用人“{name}”{why}，需人工安排")
                continue
            _guard(label, actions.occupant_start, room=rooms[key], person=matches[0],
                   start_date=today, actor=actor)
            result.applied.append(f"{label}：安排 {name} 办公")
