"""Every write of 腾退移交, each in one transaction with its audit row.

The status machine is in jiguan/space/returns/__init__.py. Accepting a return ends the
occupancies (rooms handed to the bureau) or the person's seat through
jiguan.space.register.actions, never by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.audit.record import record
from jiguan.orgs.models import Agency, AgencyStatus, Person, PersonStatus
from jiguan.space.compliance.models import ACTIVE_FINDING_STATUSES, Finding, FindingKind
from jiguan.space.register import actions as register_actions
from jiguan.space.register.models import Occupancy, Occupant, Room
from jiguan.space.returns.models import ReturnCase, ReturnReason, ReturnRoom, ReturnStatus
from jiguan.space.returns.queries import (
    current_occupancies,
    open_person_cases,
    person_seats,
    rooms_in_open_cases,
)
from jiguan.space.returns.rules import (
    PERSON_REASONS,
    TASK_KIND,
    configured_months,
    due_date,
)
from jiguan.todo.actions import task_create, tasks_close_for_subject


def case_url(case: ReturnCase) -> str:
    return reverse("space_returns:case_detail", args=[case.pk])


def _agency_task(case: ReturnCase, title: str, actor: Any, detail: str = "") -> None:
    task_create(kind=TASK_KIND, title=title, assignee_role=Role.AGENCY_REPORTER,
                region=case.agency.region, agency=case.agency, subject=case,
                subject_url=case_url(case), due_date=case.due_date, actor=actor,
                detail=detail or case.detail)


def _bureau_task(case: ReturnCase, title: str, actor: Any) -> None:
    task_create(kind=TASK_KIND, title=title, assignee_role=Role.BUREAU_STAFF,
                region=case.agency.region, agency=case.agency, subject=case,
                subject_url=case_url(case), actor=actor, detail=case.report_note)


def _lock(case: ReturnCase) -> ReturnCase:
    return (ReturnCase.objects.select_for_update(of=("self",))
            .select_related("agency", "agency__region", "person").get(pk=case.pk))


def _check_status(case: ReturnCase, *allowed: ReturnStatus) -> None:
    if case.status not in allowed:
        wanted = "、".join(s.label for s in allowed)
        raise ValidationError(f"该腾退当前为“{case.get_status_display()}”，"
                              f"只能办理“{wanted}”的腾退")


def _default_event_date(reason: str, agency: Agency, person: Person | None,
                        seats: Sequence[Occupant]) -> dt.date:
    today = timezone.localdate()
    if reason == ReturnReason.PERSON_LEFT and person is not None and person.status_date:
        return person.status_date
    if reason == ReturnReason.CONCURRENT_ENDED:
        ends = [s.concurrent_post.end_date for s in seats
                if s.concurrent_post and s.concurrent_post.end_date]
        if ends:
            return max(ends)
    if reason == ReturnReason.ABOLISHED and agency.status_date:
        return agency.status_date
    return today


@transaction.atomic
def return_open(*, agency: Agency, reason: str, rooms: Sequence[Room] = (),
                person: Person | None = None, event_date: dt.date | None = None,
                detail: str = "", finding: Finding | None = None, plan_ref: str = "",
                actor: Any) -> ReturnCase:
    """Open a return case: ``agency`` hands ``rooms`` (each used by it now) back to the
    bureau, or — for 人员调离或退休 / 兼职结束 — ``person`` vacates the office(s). The deadline
    follows the rules (1 month after leaving, 2 after a concurrent post ends, else the
    configured period after ``event_date``). Raises ValidationError naming the field."""
    if reason not in ReturnReason.values:
        raise ValidationError({"reason": "腾退原因无效"})
    errors: dict[str, str] = {}
    seats: list[Occupant] = []
    occupancies: dict[int, Occupancy] = {}
    room_list = list(Room.objects.filter(pk__in=[r.pk for r in rooms])
                     .select_related("building"))
    if reason in PERSON_REASONS:
        if person is None:
            errors["person"] = "请选择需腾退办公室的人员"
        elif person.agency_id != agency.pk:
            errors["person"] = f"{person.name}不是{agency.name}的人员"
        elif person.pk in open_person_cases([person.pk]):
            errors["person"] = f"{person.name}已有办理中的腾退"
        else:
            seats = person_seats(person, reason)
            if room_list:
                wanted = {r.pk for r in room_list}
                seats = [s for s in seats if s.room_id in wanted]
            if not seats:
                errors["person"] = (f"{person.name}没有需腾退的办公室" if reason == "person_left"
                                    else f"{person.name}没有因已结束兼职配备的办公室")
        if reason == ReturnReason.PERSON_LEFT and person is not None and \
                person.status == PersonStatus.SERVING and "person" not in errors:
            errors["person"] = f"{person.name}仍在职，不能按“人员调离或退休”腾退"
    else:
        if not room_list:
            errors["rooms"] = "请选择需腾退移交的房间"
        else:
            occupancies = current_occupancies(agency, [r.pk for r in room_list])
            missing = [str(r) for r in room_list if r.pk not in occupancies]
            busy = rooms_in_open_cases([r.pk for r in room_list])
            if missing:
                errors["rooms"] = f"{'、'.join(missing)}当前不由{agency.name}使用"
            elif busy:
                names = "、".join(str(r) for r in room_list if r.pk in busy)
                errors["rooms"] = f"{names}已在办理中的腾退中"
    if errors:
        raise ValidationError(errors)
    event = event_date or _default_event_date(reason, agency, person, seats)
    due = due_date(reason=reason, event_date=event, months=configured_months())
    if reason == ReturnReason.OVER_STANDARD and finding is not None and finding.due_date:
        due = finding.due_date
    case = ReturnCase(agency=agency, reason=reason, detail=detail.strip(), person=person,
                      event_date=event, due_date=due, finding=finding, plan_ref=plan_ref[:60],
                      created_by=actor, updated_by=actor)
    case.full_clean()
    case.save()
    if seats:
        ReturnRoom.objects.bulk_create([ReturnRoom(case=case, room=s.room, occupant=s,
                                                   usable_area=s.room.usable_area)
                                        for s in seats])
    else:
        ReturnRoom.objects.bulk_create([ReturnRoom(case=case, room=r, occupancy=occupancies[r.pk],
                                                   usable_area=r.usable_area)
                                        for r in room_list])
    label = case.get_reason_display()
    _agency_task(case, f"办公用房腾退（{label}）：请于 {due:%Y-%m-%d} 前腾退", actor)
    record(actor=actor, event="space.return.opened", target=case,
           changes={"reason": [None, label], "due_date": [None, due],
                    "rooms": [None, [str(r.room) for r in case.rooms.select_related("room")]]},
           extra={"plan_ref": plan_ref, "finding": finding.pk if finding else None})
    return case


def return_for_occupancy(*, occupancy: Occupancy, reason: str, detail: str = "",
                         plan_ref: str = "", actor: Any) -> ReturnCase:
    """A return of one room its agency uses now (what an accepted reallocation plan calls,
    usually with reason ``reallocation`` or ``over_standard``)."""
    if occupancy.end_date is not None:
        raise ValidationError({"rooms": f"{occupancy.room}的该次使用已结束"})
    return return_open(agency=occupancy.agency, reason=reason, rooms=[occupancy.room],
                       detail=detail, plan_ref=plan_ref, actor=actor)


@transaction.atomic
def return_report(*, case: ReturnCase, note: str = "", actor: Any) -> ReturnCase:
    """The agency reports that it has vacated the rooms: the bureau is to take them over."""
    case = _lock(case)
    _check_status(case, ReturnStatus.OPEN)
    case.status = ReturnStatus.SUBMITTED
    case.reported_at = timezone.now()
    case.report_note = note.strip()
    case.updated_by = actor
    case.save()
    tasks_close_for_subject(subject=case, kind=TASK_KIND, actor=actor, note="已报告腾退")
    _bureau_task(case, f"办公用房腾退待接收：{case.agency.name}（{case.get_reason_display()}）",
                 actor)
    record(actor=actor, event="space.return.reported", target=case,
           changes={"status": ["待腾退", "待接收"]}, extra={"note": case.report_note})
    return case


@transaction.atomic
def return_send_back(*, case: ReturnCase, reason: str, actor: Any) -> ReturnCase:
    """The bureau finds the rooms not vacated: back to the agency, same deadline."""
    case = _lock(case)
    _check_status(case, ReturnStatus.SUBMITTED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    case.status = ReturnStatus.OPEN
    case.return_reason = reason[:300]
    case.updated_by = actor
    case.save()
    tasks_close_for_subject(subject=case, kind=TASK_KIND, actor=actor, note="已退回")
    _agency_task(case, f"办公用房腾退被退回：请于 {case.due_date:%Y-%m-%d} 前腾退", actor,
                 detail=reason)
    record(actor=actor, event="space.return.sent_back", target=case,
           changes={"status": ["待接收", "待腾退"]}, extra={"reason": case.return_reason})
    return case


@transaction.atomic
def return_accept(*, case: ReturnCase, on: dt.date | None = None, actor: Any) -> ReturnCase:
    """The bureau takes the rooms over: each occupancy (or the person's seat) ends on ``on``
    (default today) through the register's actions."""
    case = _lock(case)
    _check_status(case, ReturnStatus.SUBMITTED)
    day = on or timezone.localdate()
    ended = 0
    for row in case.rooms.select_related("occupancy", "occupant", "room"):
        try:
            if row.occupant_id and row.occupant is not None:
                seat = row.occupant
                if seat.end_date is None:
                    register_actions.occupant_end(occupant=seat,
                                                  end_date=max(day, seat.start_date),
                                                  actor=actor)
                    ended += 1
            elif row.occupancy is not None and row.occupancy.end_date is None:
                register_actions.occupancy_end(occupancy=row.occupancy,
                                               end_date=max(day, row.occupancy.start_date),
                                               actor=actor)
                ended += 1
        except ValidationError as exc:
            raise ValidationError({"on": f"{row.room}：{'；'.join(exc.messages)}"}) from exc
    case.status = ReturnStatus.COMPLETED
    case.completed_at = timezone.now()
    case.completed_on = day
    case.updated_by = actor
    case.save()
    tasks_close_for_subject(subject=case, kind=TASK_KIND, actor=actor, note="已接收")
    record(actor=actor, event="space.return.completed", target=case,
           changes={"status": ["待接收", "已接收"], "ended": [None, ended],
                    "completed_on": [None, day]})
    return case


@transaction.atomic
def return_cancel(*, case: ReturnCase, reason: str, actor: Any) -> ReturnCase:
    """The bureau withdraws a case opened in error."""
    case = _lock(case)
    _check_status(case, ReturnStatus.OPEN, ReturnStatus.SUBMITTED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因"})
    before = case.get_status_display()
    case.status = ReturnStatus.CANCELLED
    case.cancel_reason = reason[:300]
    case.updated_by = actor
    case.save()
    tasks_close_for_subject(subject=case, kind=TASK_KIND, actor=actor, note="已撤销")
    record(actor=actor, event="space.return.cancelled", target=case,
           changes={"status": [before, "已撤销"]}, extra={"reason": case.cancel_reason})
    return case


def returns_scan(*, region: Region, actor: Any) -> int:
    """Open the returns the data calls for in ``region`` (and below), each in its own
    transaction, skipping what already has an open case: people who left still seated,
    offices of ended concurrent posts, rooms of abolished or merged agencies, and rooms of
    active over-standard and idle findings. Returns the number of cases opened."""
    path = region.path
    opened = 0
    left = (Occupant.objects.filter(end_date__isnull=True,
                                    person__agency__region__path__startswith=path)
            .exclude(person__status=PersonStatus.SERVING)
            .select_related("person", "person__agency"))
    concurrent = (Occupant.objects.filter(end_date__isnull=True,
                                          person__agency__region__path__startswith=path,
                                          person__status=PersonStatus.SERVING,
                                          concurrent_post__end_date__isnull=False)
                  .select_related("person", "person__agency"))
    people: dict[int, tuple[Person, str]] = {}
    for seat in left:
        people.setdefault(seat.person_id, (seat.person, ReturnReason.PERSON_LEFT))
    for seat in concurrent:
        people.setdefault(seat.person_id, (seat.person, ReturnReason.CONCURRENT_ENDED))
    busy_people = open_person_cases(list(people))
    for person_id, (person, reason) in people.items():
        if person_id in busy_people:
            continue
        what = (f"已{person.get_status_display()}" if reason == ReturnReason.PERSON_LEFT
                else "兼职已结束")
        opened += _try(lambda p=person, r=reason, w=what: return_open(
            agency=p.agency, reason=r, person=p, actor=actor,
            detail=f"{p.name}{w}，办公室尚未腾退（系统扫描）"))
    abolished = (Occupancy.objects.filter(end_date__isnull=True,
                                          agency__region__path__startswith=path)
                 .exclude(agency__status=AgencyStatus.ACTIVE).select_related("agency", "room"))
    by_agency: dict[int, list[Occupancy]] = {}
    for occ in abolished:
        by_agency.setdefault(occ.agency_id, []).append(occ)
    for occs in by_agency.values():
        free = [o.room for o in occs if o.room_id not in rooms_in_open_cases([o.room_id])]
        if free:
            agency = occs[0].agency
            opened += _try(lambda a=agency, rs=free: return_open(
                agency=a, reason=ReturnReason.ABOLISHED, rooms=rs, actor=actor,
                detail=f"{a.name}{a.get_status_display()}，所用办公用房应移交（系统扫描）"))
    findings = (Finding.objects.filter(kind__in=[FindingKind.OVER_STANDARD, FindingKind.VACANT],
                                       status__in=ACTIVE_FINDING_STATUSES,
                                       region_path__startswith=path, room__isnull=False,
                                       agency__isnull=False, agency__status=AgencyStatus.ACTIVE)
                .select_related("agency", "room"))
    for f in findings:
        if f.room_id is None or rooms_in_open_cases([f.room_id]):
            continue
        reason = (ReturnReason.OVER_STANDARD if f.kind == FindingKind.OVER_STANDARD
                  else ReturnReason.VACATED)
        opened += _try(lambda f=f, r=reason: return_open(
            agency=f.agency, reason=r, rooms=[f.room], finding=f, actor=actor,
            detail=f.detail))
    return opened


def _try(make: Any) -> int:
    """Run one case's opening; a case the data does not allow any more is skipped."""
    try:
        make()
    except ValidationError:
        return 0
    return 1
