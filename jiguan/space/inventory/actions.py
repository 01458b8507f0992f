"""Every write of the yearly inventory, each in one transaction with its audit row: open a
campaign, add an agency, take an agency's declaration (upload, confirm, return), bring the
register in line with a confirmed declaration through the register's own actions
(:func:`declaration_apply`), and close the campaign into its snapshot. The flow is told in
jiguan/space/inventory/__init__.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm, Role
from jiguan.access.scope import sees_whole_region
from jiguan.audit.record import record
from jiguan.orgs.models import Person, PersonStatus
from jiguan.space.inventory.excel import parse_declaration
from jiguan.space.inventory.models import (
    Campaign,
    CampaignAgency,
    CampaignStatus,
    SnapshotRoom,
    SubmissionStatus,
)
from jiguan.space.inventory.queries import (
    agency_url,
    current_occupants_prefetch,
    differences,
    participants,
)
from jiguan.space.inventory.rules import TASK_KIND
from jiguan.space.register import actions
from jiguan.space.register.models import Building, Occupancy, Occupant, Room
from jiguan.todo.actions import task_create, tasks_close_for_subject


def _agency_task(ca: CampaignAgency, *, title: str, detail: str, actor: Any) -> None:
    task_create(kind=TASK_KIND, title=title, detail=detail,
                assignee_role=Role.AGENCY_REPORTER, region=ca.agency.region, agency=ca.agency,
                subject=ca, subject_url=agency_url(ca), due_date=ca.campaign.deadline,
                actor=actor)


@transaction.atomic
def campaign_open(*, year: int, region: Region, deadline: dt.date, note: str = "",
                  actor: Any) -> Campaign:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not sees_whole_region(actor, Perm.CHANGE_SPACE, region):
        errors["region"] = "所选清查范围不在您的权限范围内"
    if not (2000 <= year <= today.year + 1):
        errors["year"] = f"清查年度应在 2000 至 {today.year + 1} 之间"
    if deadline < today:
        errors["deadline"] = f"填报截止日期（{deadline:%Y-%m-%d}）不能早于今天"
    if "region" not in errors and Campaign.objects.filter(
            year=year, region=region, status=CampaignStatus.OPEN).exists():
        errors["year"] = f"{year}年度{region.name}已有进行中的清查，请先关闭后再发起"
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(year=year, region=region, deadline=deadline, note=note,
                        created_by=actor, updated_by=actor)
    campaign.full_clean()
    campaign.save()
    agencies = list(participants(region))
    for agency in agencies:
        ca = CampaignAgency.objects.create(campaign=campaign, agency=agency, created_by=actor,
                                           updated_by=actor)
        _agency_task(ca, title=f"{year}年度办公用房清查：请核对并上传本单位填报表",
                     detail=f"请在{deadline:%Y-%m-%d}前下载预填的填报表，按实际使用情况核对修改后上传。",
                     actor=actor)
    record(actor=actor, event="space.inventory.opened", target=campaign,
           changes={"year": [None, year], "region": [None, region.name],
                    "deadline": [None, deadline], "agencies": [None, len(agencies)]})
    return campaign


@transaction.atomic
def campaign_add_agency(*, campaign: Campaign, agency: Any, actor: Any) -> CampaignAgency:
    """Add an agency to an open campaign (one set up after the campaign opened, or one that
    uses rooms the register does not show yet); it gets the same to-do as the others."""
    campaign = Campaign.objects.select_for_update().select_related("region").get(
        pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError({"agency": "本次清查已关闭，不能再增加单位"})
    if not agency.region.path.startswith(campaign.region.path):
        raise ValidationError({"agency": f"{agency.name}不在本次清查范围"
                                         f"（{campaign.region.name}）内"})
    if agency.status != "active":
        raise ValidationError({"agency": f"{agency.name}{agency.get_status_display()}，"
                                         "不能参加清查"})
    if CampaignAgency.objects.filter(campaign=campaign, agency=agency).exists():
        raise ValidationError({"agency": f"{agency.name}已在本次清查中"})
    ca = CampaignAgency.objects.create(campaign=campaign, agency=agency, created_by=actor,
                                       updated_by=actor)
    _agency_task(ca, title=f"{campaign.year}年度办公用房清查：请核对并上传本单位填报表",
                 detail=f"请在{campaign.deadline:%Y-%m-%d}前下载预填的填报表，按实际使用情况"
                        "核对修改后上传。", actor=actor)
    record(actor=actor, event="space.inventory.agency_added", target=ca,
           changes={"agency": [None, agency.name]})
    return ca


def snapshot_rows(campaign: Campaign) -> list[SnapshotRoom]:
    """The register of the campaign's region as plain values (every room, allocated or not)."""
    rooms = (Room.objects.filter(building__region__path__startswith=campaign.region.path)
             .select_related("building", "building__region", "floor")
             .prefetch_related(current_occupants_prefetch(),
                               Prefetch("occupancies", to_attr="current_allocation",
                                        queryset=Occupancy.objects.filter(end_date__isnull=True)
                                        .select_related("agency")))
             .order_by("building__region__code", "building__code", "floor__number", "number"))
    out: list[SnapshotRoom] = []
    for r in rooms:
        allocation = r.current_allocation  # type: ignore[attr-defined]
        agency = allocation[0].agency if allocation else None
        out.append(SnapshotRoom(
            campaign=campaign, region_code=r.building.region.code,
            region_name=r.building.region.name, building_code=r.building.code,
            building_name=r.building.name, floor=r.floor.number, room_number=r.number,
            use_class=r.use_class, use_class_label=r.get_use_class_display(),
            usable_area=r.usable_area,
            agency_credit_code=agency.credit_code if agency else "",
            agency_name=agency.name if agency else "",
            occupant_count=len(r.current_occupants),  # type: ignore[attr-defined]
        ))
    return out


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: Any, force: bool = False,
                   reason: str = "") -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("region").get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError("本次清查已关闭")
    reason = reason.strip()
    unconfirmed = list(campaign.agencies.exclude(status=SubmissionStatus.CONFIRMED)
                       .select_related("agency").order_by("agency__name"))
    if unconfirmed and not force:
        names = "、".join(ca.agency.name for ca in unconfirmed[:5])
        more = f"等 {len(unconfirmed)} 家" if len(unconfirmed) > 5 else ""
        raise ValidationError(f"尚有单位未确认（{names}{more}），不能关闭；"
                              "如需强制关闭，请勾选“强制关闭”并填写原因")
    if force and not reason:
        raise ValidationError({"reason": "强制关闭须填写原因"})
    rows = snapshot_rows(campaign)
    SnapshotRoom.objects.bulk_create(rows, batch_size=1000)
    for ca in campaign.agencies.all():
        tasks_close_for_subject(subject=ca, kind=TASK_KIND, actor=actor, note="清查已关闭")
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.forced = bool(force and unconfirmed)
    campaign.close_reason = reason[:300] if campaign.forced else ""
    campaign.updated_by = actor
    campaign.full_clean()
    campaign.save()
    record(actor=actor, event="space.inventory.closed", target=campaign,
           changes={"status": ["进行中", "已关闭"], "snapshot_rooms": [None, len(rows)],
                    "unconfirmed": [None, len(unconfirmed)]},
           extra={"forced": campaign.forced, "reason": campaign.close_reason})
    return campaign


def _check_open(ca: CampaignAgency) -> None:
    if not ca.campaign.is_open:
        raise ValidationError("本次清查已关闭，不能再修改")


@transaction.atomic
def declaration_submit(*, ca: CampaignAgency, rows: list[dict[str, Any]], filename: str,
                       actor: Any) -> CampaignAgency:
    ca = CampaignAgency.objects.select_for_update().select_related(
        "campaign", "agency", "agency__region").get(pk=ca.pk)
    _check_open(ca)
    if ca.status == SubmissionStatus.CONFIRMED:
        raise ValidationError("本单位的填报已确认，不能再上传")
    before = ca.get_status_display()
    ca.declaration = rows
    ca.differences = differences(ca.agency, rows)
    ca.filename = filename[:255]
    ca.status = SubmissionStatus.SUBMITTED
    ca.submitted_at = timezone.now()
    ca.submitted_by = actor
    ca.updated_by = actor
    ca.save()
    tasks_close_for_subject(subject=ca, kind=TASK_KIND, actor=actor, note="已上传清查填报表")
    record(actor=actor, event="space.inventory.submitted", target=ca,
           changes={"status": [before, ca.get_status_display()], "rows": [None, len(rows)],
                    "differences": [None, len(ca.differences)]},
           extra={"filename": filename})
    return ca


def declaration_upload(*, ca: CampaignAgency, data: bytes, filename: str,
                       actor: Any) -> CampaignAgency:
    """Check the whole file first (outside the transaction), then store it in one."""
    _check_open(ca)
    if ca.status == SubmissionStatus.CONFIRMED:
        raise ValidationError("本单位的填报已确认，不能再上传")
    rows = parse_declaration(ca, data, filename)
    return declaration_submit(ca=ca, rows=rows, filename=filename, actor=actor)


@transaction.atomic
def declaration_confirm(*, ca: CampaignAgency, actor: Any) -> CampaignAgency:
    ca = CampaignAgency.objects.select_for_update().select_related(
        "campaign", "agency", "agency__region").get(pk=ca.pk)
    _check_open(ca)
    if ca.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(f"只能确认已提交的填报（当前：{ca.get_status_display()}）")
    ca.differences = differences(ca.agency, ca.declaration)
    ca.status = SubmissionStatus.CONFIRMED
    ca.reviewed_at = timezone.now()
    ca.reviewed_by = actor
    ca.updated_by = actor
    ca.save()
    record(actor=actor, event="space.inventory.confirmed", target=ca,
           changes={"status": ["已提交", "已确认"],
                    "differences": [None, len(ca.differences)]})
    return ca


@transaction.atomic
def declaration_return(*, ca: CampaignAgency, reason: str, actor: Any) -> CampaignAgency:
    ca = CampaignAgency.objects.select_for_update().select_related(
        "campaign", "agency", "agency__region").get(pk=ca.pk)
    _check_open(ca)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    if ca.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(f"只能退回已提交的填报（当前：{ca.get_status_display()}）")
    ca.status = SubmissionStatus.RETURNED
    ca.return_reason = reason[:300]
    ca.reviewed_at = timezone.now()
    ca.reviewed_by = actor
    ca.updated_by = actor
    ca.save()
    _agency_task(ca, title=f"{ca.campaign.year}年度办公用房清查：填报被退回，请修改后重新上传",
                 detail=f"退回原因：{ca.return_reason}", actor=actor)
    record(actor=actor, event="space.inventory.returned", target=ca,
           changes={"status": ["已提交", "已退回"], "return_reason": [None, ca.return_reason]})
    return ca


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
