"""Every write of the training: one transaction and one audit row each.

THE RULE: a trainee is a serving person of the orgs register who works in an agency within
the organiser's region (a provincial course takes anyone in the province, a city's course its
own and its counties' people); anyone else is refused naming the person (and, on import, the
row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from jiguan.audit.record import diff, record, snapshot
from jiguan.guidance.training import rules
from jiguan.guidance.training.models import Attendance, Course, Session, Trainee
from jiguan.orgs.models import Person, PersonStatus

COURSE_FIELDS = ("region", "organiser", "kind", "title", "starts_on", "ends_on", "hours",
                 "place", "required_share", "note")


def _check(course: Course) -> None:
    problem = rules.dates_problem(course.starts_on, course.ends_on)
    if problem:
        raise ValidationError({"ends_on": problem})
    if course.pk:
        booked = course.sessions.aggregate(s=Sum("hours"))["s"] or Decimal(0)
        if booked > course.hours:
            raise ValidationError({"hours": f"培训学时不能少于已排课次的学时合计（{booked}）"})
        outside = course.sessions.exclude(on__range=(course.starts_on, course.ends_on))
        if outside.exists():
            raise ValidationError({"starts_on": "已有课次不在新的培训期间内，请先调整课次"})


@transaction.atomic
def course_create(*, data: Mapping[str, Any], actor: Any) -> Course:
    course = Course(created_by=actor, updated_by=actor,
                    **{k: data[k] for k in COURSE_FIELDS if data.get(k) is not None})
    course.title, course.organiser = course.title.strip(), course.organiser.strip()
    _check(course)
    course.full_clean()
    course.save()
    record(actor=actor, event="guidance.course.created", target=course,
           changes={k: [None, v] for k, v in snapshot(course, COURSE_FIELDS).items()})
    return course


@transaction.atomic
def course_update(*, course: Course, data: Mapping[str, Any], actor: Any) -> Course:
    course = Course.objects.select_for_update().select_related("region").get(pk=course.pk)
    before = snapshot(course, COURSE_FIELDS)
    for k in COURSE_FIELDS:
        if k in data and k != "region" and data[k] is not None:
            setattr(course, k, data[k])
    course.updated_by = actor
    _check(course)
    course.full_clean()
    course.save()
    record(actor=actor, event="guidance.course.updated", target=course,
           changes=diff(before, snapshot(course, COURSE_FIELDS)))
    return course


@transaction.atomic
def session_add(*, course: Course, on: dt.date, hours: Decimal, topic: str,
                actor: Any) -> Session:
    course = Course.objects.select_for_update().get(pk=course.pk)
    booked = course.sessions.aggregate(s=Sum("hours"))["s"] or Decimal(0)
    errors = rules.session_problem(on, hours, course.starts_on, course.ends_on, course.hours,
                                   booked)
    if not topic.strip():
        errors["topic"] = "请填写课程内容"
    if errors:
        raise ValidationError(errors)
    session = Session.objects.create(course=course, on=on, hours=hours, topic=topic.strip(),
                                     created_by=actor, updated_by=actor)
    record(actor=actor, event="guidance.course.session", target=course,
           changes={"session": [None, f"{on} {session.topic}（{hours}学时）"]})
    return session


def trainee_problem(course: Course, person: Person | None) -> str | None:
    """Why `person` may not be a trainee of `course` (None: may)."""
    if person is None:
        return "学员应为人员名册中的人员"
    if person.status != PersonStatus.SERVING:
        return f"{person.name}（{person.agency.name}）已{person.get_status_display()}，不能参加培训"
    if not person.agency.region.path.startswith(course.region.path):
        return (f"{person.name}（{person.agency.name}）不在主办单位{course.region.name}的范围内，"
                f"不能参加本期培训")
    if course.trainees.filter(person=person).exists():
        return f"{person.name}（{person.agency.name}）已是本期学员"
    return None


@transaction.atomic
def trainee_add(*, course: Course, person: Person | None, actor: Any) -> Trainee:
    """Enrol a person of the register (see THE RULE above)."""
    problem = trainee_problem(course, person)
    if problem:
        raise ValidationError({"person": problem})
    assert person is not None
    trainee = Trainee.objects.create(course=course, person=person, created_by=actor,
                                     updated_by=actor)
    record(actor=actor, event="guidance.course.trainee", target=course,
           changes={"trainee": [None, f"{person.name}（{person.agency.name}）"]},
           extra={"person": person.pk})
    return trainee


@transaction.atomic
def trainees_add(*, course: Course, people: Iterable[Person], actor: Any) -> int:
    """Enrol many people at once (the import): each checked as one; the first refusal
    rolls back all."""
    count = 0
    for person in people:
        trainee_add(course=course, person=person, actor=actor)
        count += 1
    return count


@transaction.atomic
def attendance_set(*, session: Session, present: Iterable[Trainee], actor: Any) -> int:
    """Record who attended a session (the others were absent); returns how many attended."""
    present = list(present)
    foreign = [t for t in present if t.course_id != session.course_id]
    if foreign:
        raise ValidationError({"present": f"{foreign[0]}不是本期学员"})
    before = sorted(session.attendances.values_list("trainee_id", flat=True))
    session.attendances.all().delete()
    Attendance.objects.bulk_create(
        Attendance(session=session, trainee=t, created_by=actor, updated_by=actor)
        for t in present)
    record(actor=actor, event="guidance.course.attendance", target=session.course,
           changes={"attendance": [len(before), len(present)]},
           extra={"session": session.pk, "present": sorted(t.pk for t in present)})
    return len(present)
