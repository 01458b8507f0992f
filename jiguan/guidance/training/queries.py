"""Reads of the training shared by the pages, the API and the exports: the course list, a
course's trainees with their hours and completion, and the per-bureau count of leaders
trained in a year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from jiguan.access.models import Region
from jiguan.guidance.training import rules
from jiguan.guidance.training.forms import CourseFilterForm, LeadersFilterForm
from jiguan.guidance.training.models import Course, Trainee


def regions_for(user: Any) -> Any:
    return Region.objects.visible_to(user).order_by("path")


def courses_for(user: Any, params: Any) -> tuple[Any, CourseFilterForm]:
    form = CourseFilterForm(params or None, regions=regions_for(user))
    ids = Course.objects.visible_to(user).values("pk")
    qs = Course.objects.filter(pk__in=ids).select_related("region").annotate(
        trainee_count=Count("trainees", distinct=True),
        session_count=Count("sessions", distinct=True))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(title__contains=d["q"])
        if d.get("year"):
            qs = qs.filter(starts_on__year=d["year"])
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-starts_on", "-pk"), form


def _with_hours(qs: Any) -> Any:
    return qs.annotate(attended=Coalesce(
        Sum("attendances__session__hours"),
        Value(Decimal(0), output_field=DecimalField(max_digits=6, decimal_places=1))))


def trainees_of(course: Course) -> list[Trainee]:
    """The course's trainees, each with `attended` (hours), `completed` and `leader`."""
    rows = list(_with_hours(course.trainees.select_related("person__agency__region"))
                .order_by("person__agency__region__path", "person__name"))
    for t in rows:
        t.completed = rules.completed(t.attended, course.hours,
                                      course.required_share)
        t.leader = rules.is_leader(t.person.rank)
    return rows


@dataclass
class BureauLeaders:
    """One bureau's (region's) count of leaders trained in the year."""

    region: Any
    people: set[int] = field(default_factory=set)
    leaders: set[int] = field(default_factory=set)
    leaders_completed: set[int] = field(default_factory=set)

    @property
    def people_count(self) -> int:
        return len(self.people)

    @property
    def leaders_count(self) -> int:
        return len(self.leaders)

    @property
    def leaders_completed_count(self) -> int:
        return len(self.leaders_completed)


def leaders_for(user: Any, params: Any) -> tuple[list[BureauLeaders], LeadersFilterForm]:
    """Per bureau (the region of the trainee's agency): the people trained in the year (in a
    course starting that year), the leaders among them (rules.is_leader), and the leaders who
    completed a course. A person is counted once per bureau however many courses."""
    form = LeadersFilterForm(params or None)
    year = dt.date.today().year
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    elif form.is_bound and not form.is_valid():
        return [], form
    trainees = _with_hours(Trainee.objects.visible_to(user)
                           .filter(course__starts_on__year=year)
                           .select_related("person__agency__region", "course"))
    out: dict[int, BureauLeaders] = {}
    for t in trainees:
        region = t.person.agency.region
        row = out.setdefault(region.pk, BureauLeaders(region))
        row.people.add(t.person_id)
        if rules.is_leader(t.person.rank):
            row.leaders.add(t.person_id)
            if rules.completed(t.attended, t.course.hours, t.course.required_share):
                row.leaders_completed.add(t.person_id)
    return sorted(out.values(), key=lambda r: r.region.path), form
