"""Pages of the training: the course list (filters, Excel export), a course's page with its
sessions and trainees (hours attended, completion), one form per action, and the per-bureau
count of leaders trained in a year."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.guidance.training import actions, queries
from jiguan.guidance.training.excel import COURSE_COLUMNS, LEADER_COLUMNS
from jiguan.guidance.training.forms import AttendanceForm, CourseForm, SessionForm, TraineeForm
from jiguan.guidance.training.models import Course, Session
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Person, PersonStatus

FORM = "guidance/meetings/form.html"


def _course(request: AuthedRequest, pk: int) -> Course:
    return visible_or_404(Course.objects.select_related("region"), request.user, pk=pk)


def _managed(request: AuthedRequest, pk: int) -> Course:
    course = _course(request, pk)
    require(request.user, Perm.MANAGE_GUIDANCE, course)
    return course


def _back(course: Course) -> str:
    return reverse("guidance:course_detail", args=[course.pk])


def _regions(request: AuthedRequest) -> Any:
    return Region.objects.visible_to(request.user, Perm.MANAGE_GUIDANCE).order_by("path")


def course_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, form = queries.courses_for(request.user, request.GET)
    return render(request, "guidance/training/list.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.MANAGE_GUIDANCE), **paginate(request, found)})


course_export = list_export(
    "guidance.course", perm=Perm.VIEW_GUIDANCE, rows_for=queries.courses_for,
    columns=COURSE_COLUMNS, title="培训班一览", describe=describe)


def leaders(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    rows, form = queries.leaders_for(request.user, request.GET)
    return render(request, "guidance/training/leaders.html", {
        "form": form, "rows": rows, "qs": querystring(request),
        })


leaders_export = list_export(
    "guidance.leaders_trained", perm=Perm.VIEW_GUIDANCE, rows_for=queries.leaders_for,
    columns=LEADER_COLUMNS, title="各单位领导干部培训情况", describe=describe)


def course_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GUIDANCE)
    form = CourseForm(request.POST or None, regions=_regions(request))
    return form_action(
        request, form,
        act=lambda d: actions.course_create(data=d, actor=request.user),
        done=lambda c: _back(c), message=lambda c: f"已登记培训班：{c.title}",
        template=FORM, context={"title": "登记培训班", "back": reverse("guidance:course_list")})


def course_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    trainees = queries.trainees_of(course)
    return render(request, "guidance/training/detail.html", {
        "course": course, "trainees": trainees, "sessions": course.sessions.all(),
        "completed": len([t for t in trainees if t.completed]),  # type: ignore[attr-defined]
        "can_change": can(request.user, Perm.MANAGE_GUIDANCE, course),
        "history": AuditEvent.objects.for_target(course)[:30]})


def course_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    course = _managed(request, pk)
    form = CourseForm(request.POST or None, regions=_regions(request), initial={
        k: getattr(course, k) for k in actions.COURSE_FIELDS if k != "region"}
        | {"region": course.region_id})
    form.fields["region"].disabled = True
    return form_action(
        request, form,
        act=lambda d: actions.course_update(course=course, data=d, actor=request.user),
        done=_back(course), message="已保存培训班信息",
        template=FORM, context={"title": f"修改培训班：{course.title}", "back": _back(course)})


def session_add(request: AuthedRequest, pk: int) -> HttpResponse:
    course = _managed(request, pk)
    form = SessionForm(request.POST or None, initial={"on": course.starts_on})
    return form_action(
        request, form,
        act=lambda d: actions.session_add(course=course, actor=request.user, **d),
        done=_back(course), message=lambda s: f"已添加课次：{s}",
        template=FORM, context={"title": f"添加课次：{course.title}", "back": _back(course)})


def trainee_add(request: AuthedRequest, pk: int) -> HttpResponse:
    course = _managed(request, pk)
    people = Person.objects.visible_to(request.user).filter(
        status=PersonStatus.SERVING, agency__region__path__startswith=course.region.path) \
        .select_related("agency").order_by("agency__name", "name")
    form = TraineeForm(request.POST or None, people=people)
    return form_action(
        request, form,
        act=lambda d: actions.trainee_add(course=course, person=d["person"], actor=request.user),
        done=_back(course), message=lambda t: f"已添加学员：{t.person.name}",
        template=FORM, context={
            "title": f"添加学员：{course.title}", "back": _back(course),
            "help": "学员须为人员名册中的在职人员，且所在单位在主办区划范围内。"})


def attendance(request: AuthedRequest, pk: int, session: int) -> HttpResponse:
    course = _managed(request, pk)
    found = get_object_or_404(Session, course=course, pk=session)
    trainees = course.trainees.select_related("person__agency").order_by("person__name")
    # bound on every POST: a session nobody attended posts no field at all
    form = AttendanceForm(request.POST if request.method == "POST" else None,
                          trainees=trainees, initial={
        "present": list(found.attendances.values_list("trainee_id", flat=True))})
    return form_action(
        request, form,
        act=lambda d: actions.attendance_set(session=found, present=d["present"],
                                             actor=request.user),
        done=_back(course), message=lambda n: f"已登记出勤：{n}人",
        template=FORM, context={"title": f"登记出勤：{found}", "back": _back(course)})
