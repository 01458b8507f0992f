"""/api/v1/guidance/courses: the training courses, their sessions, trainees and attendance,
and the per-bureau count of leaders trained, through the same queries, forms and actions as
the pages. Out of scope 404, no permission 403, refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.core.scoping import visible_or_404
from jiguan.guidance.training import actions, queries
from jiguan.guidance.training.forms import AttendanceForm, CourseForm, SessionForm, TraineeForm
from jiguan.guidance.training.models import Course
from jiguan.orgs.models import Person, PersonStatus

router = Router(tags=["培训"])


class CourseSessionOut(Schema):
    id: int
    on: dt.date
    hours: Decimal
    topic: str


class CourseTraineeOut(Schema):
    id: int
    person_id: int
    name: str = Field(alias="person.name")
    agency_name: str = Field(alias="person.agency.name")
    rank: str = Field(alias="person.rank")
    leader: bool
    attended: Decimal
    completed: bool


class CourseOut(Schema):
    id: int
    kind: str
    title: str
    organiser: str
    region_code: str = Field(alias="region.code")
    starts_on: dt.date
    ends_on: dt.date
    hours: Decimal
    place: str
    required_share: Decimal


class CourseDetailOut(CourseOut):
    required_hours: Decimal
    sessions: list[CourseSessionOut] = Field(alias="session_list")
    trainees: list[CourseTraineeOut] = Field(alias="trainee_list")


class LeadersOut(Schema):
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    people: int = Field(alias="people_count")
    leaders: int = Field(alias="leaders_count")
    leaders_completed: int = Field(alias="leaders_completed_count")


class CourseIn(Schema):
    region_id: int = Field(ge=1, le=2**62)
    organiser: str = Field(max_length=100)
    kind: str = Field(max_length=12)
    title: str = Field(max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    hours: Decimal = Field(max_digits=5, decimal_places=1)
    place: str = Field(max_length=200)
    required_share: Decimal | None = Field(None, max_digits=3, decimal_places=2)
    note: str = Field("", max_length=20000)


class CourseSessionIn(Schema):
    on: dt.date
    hours: Decimal = Field(max_digits=4, decimal_places=1)
    topic: str = Field(max_length=200)


class CourseTraineeIn(Schema):
    person_id: int = Field(ge=1, le=2**62)


class CourseAttendanceIn(Schema):
    trainee_ids: list[int] = Field(max_length=2000)


def course_or_404(user: Any, pk: int) -> Course:
    course = visible_or_404(Course.objects.select_related("region"), user, pk=pk)
    course.session_list = list(course.sessions.all())
    course.trainee_list = queries.trainees_of(course)
    return course


steps: StepEndpoints[Course] = StepEndpoints(load=course_or_404, require=require)


@router.get("/courses", response=list[CourseOut])
@paginate(Pagination, page_size=100)
def list_courses(request: Any, q: str = "", year: int | None = None, kind: str = "",
                 region: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, _ = queries.courses_for(request.user, {
        "q": q[:100], "year": year or "", "kind": kind, "region": region or ""})
    return found


@router.get("/courses/leaders", response=list[LeadersOut])
@paginate(Pagination, page_size=100)
def list_leaders_trained(request: Any, year: int | None = None) -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    rows, _ = queries.leaders_for(request.user, {"year": year} if year else {})
    return rows


@router.get("/courses/{course_id}", response=CourseDetailOut)
def get_course(request: Any, course_id: int) -> Any:
    return course_or_404(request.user, course_id)


@router.post("/courses", response={201: CourseDetailOut})
def create_course(request: Any, payload: CourseIn) -> Any:
    require(request.user, Perm.MANAGE_GUIDANCE)
    visible_or_404(Region.objects, request.user, Perm.MANAGE_GUIDANCE, pk=payload.region_id)
    raw = {**payload.dict(exclude={"region_id"}), "region": payload.region_id}
    if raw["required_share"] is None:
        raw.pop("required_share")
    form = CourseForm(raw, regions=Region.objects.visible_to(request.user,
                                                              Perm.MANAGE_GUIDANCE))
    if "required_share" not in raw:
        form.fields["required_share"].required = False
    course = actions.course_create(data=valid(form), actor=request.user)
    return 201, course_or_404(request.user, course.pk)


@router.post("/courses/{course_id}/sessions", response=CourseDetailOut)
def add_course_session(request: Any, course_id: int, payload: CourseSessionIn) -> Any:
    return steps.run(request, course_id, Perm.MANAGE_GUIDANCE, SessionForm(payload.dict()),
                     lambda c, d: actions.session_add(course=c, actor=request.user, **d))


@router.post("/courses/{course_id}/trainees", response=CourseDetailOut)
def add_course_trainee(request: Any, course_id: int, payload: CourseTraineeIn) -> Any:
    people = Person.objects.visible_to(request.user).filter(status=PersonStatus.SERVING)
    return steps.run(
        request, course_id, Perm.MANAGE_GUIDANCE,
        TraineeForm({"person": payload.person_id}, people=people),
        lambda c, d: actions.trainee_add(course=c, person=d["person"], actor=request.user))


@router.post("/courses/{course_id}/sessions/{session_id}/attendance",
             response=CourseDetailOut)
def set_course_attendance(request: Any, course_id: int, session_id: int,
                          payload: CourseAttendanceIn) -> Any:
    def act(course: Course, data: dict[str, Any]) -> object:
        session = course.sessions.filter(pk=session_id).first()
        if session is None:
            raise Http404
        return actions.attendance_set(session=session, present=data["present"],
                                      actor=request.user)

    return steps.run(
        request, course_id, Perm.MANAGE_GUIDANCE,
        lambda c: AttendanceForm({"present": payload.trainee_ids},
                                 trainees=c.trainees.select_related("person__agency")), act)
