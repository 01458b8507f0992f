"""Every write of 统一调配, each in one transaction with its audit row (jiguan.audit.record).

The status machine is in jiguan/space/allocation/__init__.py. The occupancy an approval gives
is recorded through jiguan.space.register.actions.occupancy_start, never by hand. Two
approvals can never give the same room: :func:`allocation_approve` locks the rooms' rows
(``SELECT ... FOR UPDATE``, in id order) and refuses a room that has a current occupancy
once it holds the lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.core.numbers import format_quantity
from jiguan.orgs.models import Agency, Person
from jiguan.space.allocation.models import (
    AllocationCase,
    AllocationRoom,
    AllocationStatus,
)
from jiguan.space.allocation.queries import (
    feasible_methods,
    next_certificate_no,
    proposal,
)
from jiguan.space.allocation.rules import (
    METHOD_LABELS,
    ROOM_METHODS,
    TASK_KIND,
    ZERO,
    agreement_number,
    agreement_terms,
    method_problem,
    request_problems,
    standard_area,
)
from jiguan.space.register import actions as register_actions
from jiguan.space.register.models import Occupancy, Room, person_office_limit
from jiguan.todo.actions import task_create, tasks_close_for_subject


def case_url(case: AllocationCase) -> str:
    return reverse("space_allocation:case_detail", args=[case.pk])


def _bureau_task(case: AllocationCase, title: str, actor: Any) -> None:
    task_create(kind=TASK_KIND, title=title, assignee_role=Role.BUREAU_STAFF,
                region=case.agency.region, agency=case.agency, subject=case,
                subject_url=case_url(case), actor=actor,
                detail=f"{case.agency.name}：申请面积 "
                       f"{format_quantity(case.requested_area, 'area')}")


def _agency_task(case: AllocationCase, title: str, actor: Any, detail: str = "") -> None:
    task_create(kind=TASK_KIND, title=title, assignee_role=Role.AGENCY_REPORTER,
                region=case.agency.region, agency=case.agency, subject=case,
                subject_url=case_url(case), actor=actor, detail=detail)


def _close_tasks(case: AllocationCase, actor: Any, note: str) -> None:
    tasks_close_for_subject(subject=case, kind=TASK_KIND, actor=actor, note=note)


def _people_and_standard(agency: Agency, people: Sequence[Person]) -> Decimal:
    errors: list[str] = []
    limits: list[Decimal] = []
    for person in people:
        if person.agency_id != agency.pk:
            errors.append(f"{person.name}不是{agency.name}的人员")
        elif person.status != "serving":
            errors.append(f"{person.name}已{person.get_status_display()}，不能申请安排办公室")
        else:
            limit = person_office_limit(person)
            if limit is None:
                errors.append(f"{person.name}的职级在{agency.get_level_display()}机关标准中没有"
                              "对应面积，请先核对职级")
            else:
                limits.append(limit)
    if errors:
        raise ValidationError({"people": "；".join(errors)})
    return standard_area(limits) if limits else ZERO


def _lock(case: AllocationCase) -> AllocationCase:
    return (AllocationCase.objects.select_for_update(of=("self",))
            .select_related("agency", "agency__region").get(pk=case.pk))


def _check_status(case: AllocationCase, *allowed: AllocationStatus) -> None:
    if case.status not in allowed:
        wanted = "、".join(s.label for s in allowed)
        raise ValidationError(f"该申请当前为“{case.get_status_display()}”，"
                              f"只能办理“{wanted}”的申请")


def _take(case: AllocationCase, *, reason: str, people: Sequence[Person],
          requested_area: Decimal | None, over_standard_reason: str) -> None:
    people = list(people)
    standard = _people_and_standard(case.agency, people)
    if requested_area is None:
        requested_area = standard
    errors = request_problems(requested=requested_area, standard=standard, people=len(people),
                              over_reason=over_standard_reason)
    if not reason.strip():
        errors["reason"] = "请填写申请理由"
    if errors:
        raise ValidationError(errors)
    case.reason = reason.strip()
    case.headcount = len(people)
    case.standard_area = standard
    case.requested_area = requested_area
    case.over_standard_reason = (over_standard_reason.strip()
                                 if requested_area > standard else "")


@transaction.atomic
def allocation_apply(*, agency: Agency, reason: str, people: Sequence[Person],
                     requested_area: Decimal | None = None, over_standard_reason: str = "",
                     actor: Any) -> AllocationCase:
    """An agency applies for office space for ``people``. The standard area is the sum of
    their per-person limits; ``requested_area`` (default: the standard) above it needs
    ``over_standard_reason``, which the bureau sees. Raises ValidationError naming the field."""
    if agency.is_archived:
        raise ValidationError({"agency": f"{agency.name}{agency.get_status_display()}，"
                                         "不能申请用房"})
    case = AllocationCase(agency=agency, requested_area=Decimal(0), created_by=actor,
                          updated_by=actor)
    _take(case, reason=reason, people=people, requested_area=requested_area,
          over_standard_reason=over_standard_reason)
    case.status = AllocationStatus.SUBMITTED
    case.submitted_at = timezone.now()
    case.full_clean()
    case.save()
    case.people.set(people)
    _bureau_task(case, f"用房调配申请待审核：{agency.name}", actor)
    record(actor=actor, event="space.allocation.applied", target=case,
           changes={"requested_area": [None, case.requested_area],
                    "standard_area": [None, case.standard_area],
                    "headcount": [None, case.headcount]},
           extra={"over_standard_reason": case.over_standard_reason})
    return case


@transaction.atomic
def allocation_resubmit(*, case: AllocationCase, reason: str, people: Sequence[Person],
                        requested_area: Decimal | None = None, over_standard_reason: str = "",
                        actor: Any) -> AllocationCase:
    """The agency revises a case the bureau sent back and submits it again."""
    case = _lock(case)
    _check_status(case, AllocationStatus.RETURNED)
    before = case.requested_area
    _take(case, reason=reason, people=people, requested_area=requested_area,
          over_standard_reason=over_standard_reason)
    case.status = AllocationStatus.SUBMITTED
    case.submitted_at = timezone.now()
    case.updated_by = actor
    case.full_clean()
    case.save()
    case.people.set(people)
    _close_tasks(case, actor, "已重新提交")
    _bureau_task(case, f"用房调配申请待审核（重新提交）：{case.agency.name}", actor)
    record(actor=actor, event="space.allocation.resubmitted", target=case,
           changes={"status": ["已退回", "待审核"],
                    "requested_area": [before, case.requested_area]})
    return case


def _check_rooms(case: AllocationCase, method: str, rooms: Sequence[Room], actor: Any) -> None:
    if method not in ROOM_METHODS:
        if rooms:
            raise ValidationError({"rooms": f"“{METHOD_LABELS[method]}”不分配现有房间，"
                                            "请不要选择房间"})
        return
    if not rooms:
        raise ValidationError({"rooms": f"“{METHOD_LABELS[method]}”须选择拟分配的房间"})
    errors: list[str] = []
    current = dict(Occupancy.objects.filter(room__in=rooms, end_date__isnull=True)
                   .values_list("room_id", "agency__name"))
    own = set(Occupancy.objects.filter(room__in=rooms, end_date__isnull=True,
                                       agency=case.agency).values_list("room_id", flat=True))
    for room in rooms:
        if not can_at(actor, Perm.CHANGE_SPACE, region_path=room.building.region.path,
                                  agency_id=None):
            errors.append(f"{room}不在您的管理范围内")
        elif room.pk in own:
            errors.append(f"{room}已由本单位使用")
        elif method == "reallocate" and room.pk in current:
            errors.append(f"{room}正由{current[room.pk]}使用，不是空置房间；"
                          "占用其他单位的房间请选择“置换”")
    if errors:
        raise ValidationError({"rooms": "；".join(errors)})


def _set_rooms(case: AllocationCase, rooms: Sequence[Room]) -> None:
    case.rooms.all().delete()
    AllocationRoom.objects.bulk_create(
        [AllocationRoom(case=case, room=r, usable_area=r.usable_area) for r in rooms])


@transaction.atomic
def allocation_review(*, case: AllocationCase, method: str, rooms: Sequence[Room] = (),
                      method_reason: str = "", note: str = "", actor: Any) -> AllocationCase:
    """The bureau reviews a submitted case and chooses the method and rooms. A method later
    than the first feasible one in the order 调剂 → 置换 → 租用 → 建设 needs a reason."""
    case = _lock(case)
    _check_status(case, AllocationStatus.SUBMITTED)
    rooms = list(Room.objects.filter(pk__in=[r.pk for r in rooms])
                 .select_related("building", "building__region"))
    problem = method_problem(chosen=method, feasible=feasible_methods(proposal(case)),
                             reason=method_reason)
    if problem:
        raise ValidationError({"method_reason" if method in METHOD_LABELS else "method": problem})
    _check_rooms(case, method, rooms, actor)
    _set_rooms(case, rooms)
    case.method = method
    case.method_reason = method_reason.strip()
    case.review_note = note.strip()
    case.status = AllocationStatus.REVIEWED
    case.reviewed_at = timezone.now()
    case.reviewed_by = actor
    case.updated_by = actor
    case.full_clean()
    case.save()
    _close_tasks(case, actor, "已审核")
    _bureau_task(case, f"用房调配待审批（{METHOD_LABELS[method]}）：{case.agency.name}", actor)
    record(actor=actor, event="space.allocation.reviewed", target=case,
           changes={"status": ["待审核", "待审批"], "method": [None, METHOD_LABELS[method]],
                    "rooms": [None, [str(r) for r in rooms]]},
           extra={"method_reason": case.method_reason, "note": case.review_note})
    return case


@transaction.atomic
def allocation_propose(*, agency: Agency, rooms: Sequence[Room], reason: str,
                       plan_ref: str = "", actor: Any) -> AllocationCase:
    """Create a case the bureau has already reviewed (status 待审批, method 调剂 when every
    room is vacant, else 置换) for ``agency`` and ``rooms`` — what an accepted reallocation
    plan calls. The approval then issues the certificate and records the occupancy (a room
    still used by another agency must first be handed back through a return case)."""
    if agency.is_archived:
        raise ValidationError({"agency": f"{agency.name}{agency.get_status_display()}，"
                                         "不能分配用房"})
    rooms = list(Room.objects.filter(pk__in=[r.pk for r in rooms])
                 .select_related("building", "building__region"))
    if not reason.strip():
        raise ValidationError({"reason": "请填写调配理由"})
    busy = Occupancy.objects.filter(room__in=rooms, end_date__isnull=True).exclude(
        agency=agency).exists()
    method = "exchange" if busy else "reallocate"
    area = sum((r.usable_area for r in rooms), ZERO)
    case = AllocationCase(agency=agency, reason=reason.strip(), requested_area=area,
                          standard_area=area, status=AllocationStatus.REVIEWED, method=method,
                          submitted_at=timezone.now(), reviewed_at=timezone.now(),
                          reviewed_by=actor, plan_ref=plan_ref[:60], created_by=actor,
                          updated_by=actor)
    _check_rooms(case, method, rooms, actor)
    case.full_clean()
    case.save()
    _set_rooms(case, rooms)
    _bureau_task(case, f"用房调配待审批（{METHOD_LABELS[method]}）：{agency.name}", actor)
    record(actor=actor, event="space.allocation.proposed", target=case,
           changes={"status": [None, "待审批"], "method": [None, METHOD_LABELS[method]],
                    "rooms": [None, [str(r) for r in rooms]]},
           extra={"plan_ref": plan_ref})
    return case


@transaction.atomic
def allocation_send_back(*, case: AllocationCase, reason: str, actor: Any) -> AllocationCase:
    """The bureau sends a case waiting for review or approval back to the agency."""
    case = _lock(case)
    _check_status(case, AllocationStatus.SUBMITTED, AllocationStatus.REVIEWED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    before = case.get_status_display()
    case.status = AllocationStatus.RETURNED
    case.return_reason = reason[:300]
    case.updated_by = actor
    case.save()
    case.rooms.all().delete()
    _close_tasks(case, actor, "已退回")
    _agency_task(case, "用房调配申请被退回，请修改后重新提交", actor, detail=reason)
    record(actor=actor, event="space.allocation.returned", target=case,
           changes={"status": [before, "已退回"]}, extra={"reason": case.return_reason})
    return case


def _start_date(rooms: Sequence[Room], wanted: dt.date) -> dt.date:
    """The start date: ``wanted``, or the day after a room's last use ended if later."""
    last = (Occupancy.objects.filter(room__in=rooms, end_date__isnull=False)
            .order_by("-end_date").values_list("end_date", flat=True).first())
    return max(wanted, last + dt.timedelta(days=1)) if last else wanted


@transaction.atomic
def allocation_approve(*, case: AllocationCase, certificate_no: str = "",
                       start_date: dt.date | None = None, route_note: str = "",
                       actor: Any) -> AllocationCase:
    """Approve a reviewed case. 调剂/置换: lock the rooms, refuse any that another agency
    uses now, issue the use agreement and the numbered certificate (``certificate_no`` or the
    next free number of the region and year) and record each occupancy through the register.
    租用/建设: record the route (``route_note``: the approval and where it goes next)."""
    case = _lock(case)
    _check_status(case, AllocationStatus.REVIEWED)
    today = timezone.localdate()
    if case.method not in ROOM_METHODS:
        if not route_note.strip():
            raise ValidationError({"route_note": "请记录租用或建设的批准文件和办理去向"})
        case.route_note = route_note.strip()
        case.status = AllocationStatus.ROUTED
        case.approved_at = timezone.now()
        case.approved_by = actor
        case.updated_by = actor
        case.save()
        _close_tasks(case, actor, "已批准并转办")
        record(actor=actor, event="space.allocation.routed", target=case,
               changes={"status": ["待审批", case.get_status_display()]},
               extra={"route_note": case.route_note})
        return case
    rows = list(case.rooms.select_related("room"))
    room_ids = sorted(row.room_id for row in rows)
    # The lock: a second approval of any of these rooms waits here until this one commits,
    # then sees its occupancy below and is refused.
    rooms = list(Room.objects.select_for_update().filter(pk__in=room_ids).order_by("pk"))
    rooms = list(Room.objects.filter(pk__in=room_ids).select_related("building", "building__region")
                 .order_by("pk"))
    busy = dict(Occupancy.objects.filter(room_id__in=room_ids, end_date__isnull=True)
                .values_list("room_id", "agency__name"))
    if busy:
        names = "；".join(f"{r}正由{busy[r.pk]}使用" for r in rooms if r.pk in busy)
        raise ValidationError({"rooms": f"{names}，不能批准；请先办结腾退移交或重新审核"})
    number = certificate_no.strip()
    if number:
        if AllocationCase.objects.filter(certificate_no=number).exclude(pk=case.pk).exists():
            raise ValidationError({"certificate_no": f"凭证编号“{number}”已被使用"})
    else:
        # Serial numbering per region and year: the region row serialises it.
        Region.objects.select_for_update().filter(pk=case.agency.region_id).first()
        number = next_certificate_no(region_code=case.agency.region.code, year=today.year)
    start = _start_date(rooms, start_date or today)
    area = sum((r.usable_area for r in rooms), ZERO)
    case.certificate_no = number
    case.agreement_no = agreement_number(number)
    if AllocationCase.objects.filter(agreement_no=case.agreement_no).exclude(pk=case.pk).exists():
        raise ValidationError({"certificate_no": f"与凭证编号对应的协议编号“{case.agreement_no}”"
                                                 "已被使用"})
    case.agreement_terms = agreement_terms(agency=case.agency.name,
                                           rooms=[str(r) for r in rooms], area=area,
                                           start=start.isoformat())
    case.start_date = start
    case.status = AllocationStatus.APPROVED
    case.approved_at = timezone.now()
    case.approved_by = actor
    case.updated_by = actor
    case.full_clean()
    case.save()
    by_room = {row.room_id: row for row in rows}
    for room in rooms:
        occupancy = register_actions.occupancy_start(room=room, agency=case.agency,
                                                     start_date=start, actor=actor)
        row = by_room[room.pk]
        row.occupancy = occupancy
        row.usable_area = room.usable_area
        row.save(update_fields=["occupancy", "usable_area"])
    _close_tasks(case, actor, "已批准")
    _agency_task(case, f"用房已分配（凭证 {number}），请确认入驻", actor,
                 detail=f"{len(rooms)} 间，使用面积 {format_quantity(area, 'area')}，"
                        f"自 {start:%Y-%m-%d} 起使用")
    record(actor=actor, event="space.allocation.approved", target=case,
           changes={"status": ["待审批", case.get_status_display()],
                    "certificate_no": [None, number], "start_date": [None, start],
                    "rooms": [None, [str(r) for r in rooms]]})
    return case


@transaction.atomic
def allocation_finish(*, case: AllocationCase, note: str = "", actor: Any) -> AllocationCase:
    """The agency confirms it has moved in: the case is complete."""
    case = _lock(case)
    _check_status(case, AllocationStatus.APPROVED)
    case.status = AllocationStatus.COMPLETED
    case.completed_at = timezone.now()
    case.updated_by = actor
    case.save()
    _close_tasks(case, actor, "已确认入驻")
    record(actor=actor, event="space.allocation.completed", target=case,
           changes={"status": ["已批准（待入驻）", "已完成"]}, extra={"note": note.strip()})
    return case
