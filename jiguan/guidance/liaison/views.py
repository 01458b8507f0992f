"""Pages of the liaison: the assignments and the visits (filters, Excel export), a visit's
page with its issues, and one form per action."""

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
from jiguan.guidance.liaison import actions, queries
from jiguan.guidance.liaison.excel import ASSIGNMENT_COLUMNS, VISIT_COLUMNS
from jiguan.guidance.liaison.forms import AnswerForm, AssignmentForm, IssueForm, VisitForm
from jiguan.guidance.liaison.models import Visit, VisitIssue
from jiguan.orgs.filters import describe

FORM = "guidance/meetings/form.html"


def _visit(request: AuthedRequest, pk: int) -> Visit:
    return visible_or_404(Visit.objects.select_related("region", "assignment"), request.user,
                          pk=pk)


def _managed(request: AuthedRequest, pk: int) -> Visit:
    visit = _visit(request, pk)
    require(request.user, Perm.MANAGE_GUIDANCE, visit)
    return visit


def _back(visit: Visit) -> str:
    return reverse("guidance:visit_detail", args=[visit.pk])


def _regions(request: AuthedRequest) -> Any:
    return Region.objects.visible_to(request.user, Perm.MANAGE_GUIDANCE) \
        .filter(level__in=("city", "county")).order_by("path")


def assignment_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, form = queries.assignments_for(request.user, request.GET)
    return render(request, "guidance/liaison/assignments.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.MANAGE_GUIDANCE), **paginate(request, found)})


assignment_export = list_export(
    "guidance.liaison_assignment", perm=Perm.VIEW_GUIDANCE, rows_for=queries.assignments_for,
    columns=ASSIGNMENT_COLUMNS, title="联系指导安排", describe=describe)


def assignment_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GUIDANCE)
    form = AssignmentForm(request.POST or None, regions=_regions(request),
                          users=queries.leader_users())
    return form_action(
        request, form,
        act=lambda d: actions.assignment_create(actor=request.user, **d),
        done=reverse("guidance:assignment_list"), message=lambda a: f"已登记：{a}",
        template=FORM, context={"title": "登记联系指导安排",
                                "back": reverse("guidance:assignment_list")})


def visit_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, form = queries.visits_for(request.user, request.GET)
    return render(request, "guidance/liaison/visits.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.MANAGE_GUIDANCE), **paginate(request, found)})


visit_export = list_export(
    "guidance.liaison_visit", perm=Perm.VIEW_GUIDANCE, rows_for=queries.visits_for,
    columns=VISIT_COLUMNS, title="联系指导走访及问题办理情况", describe=describe)


def visit_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GUIDANCE)
    form = VisitForm(request.POST or None, regions=_regions(request))
    return form_action(
        request, form,
        act=lambda d: actions.visit_create(actor=request.user, **d),
        done=lambda v: _back(v), message=lambda v: f"已登记走访：{v}",
        template=FORM, context={"title": "登记走访", "back": reverse("guidance:visit_list")})


def visit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    return render(request, "guidance/liaison/visit_detail.html", {
        "visit": visit, "issues": visit.issues.all(),
        "can_change": can(request.user, Perm.MANAGE_GUIDANCE, visit),
        "history": AuditEvent.objects.for_target(visit)[:30]})


def issue_add(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = _managed(request, pk)
    form = IssueForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.issue_add(visit=visit, actor=request.user, **d),
        done=_back(visit), message=lambda i: f"已登记第{i.seq}项问题",
        template=FORM, context={"title": f"登记反映的问题：{visit}", "back": _back(visit)})


def issue_answer(request: AuthedRequest, pk: int, issue: int) -> HttpResponse:
    visit = _managed(request, pk)
    found = get_object_or_404(VisitIssue, visit=visit, pk=issue)
    form = AnswerForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.issue_answer(issue=found, actor=request.user, **d),
        done=_back(visit), message=lambda i: f"第{i.seq}项问题已答复",
        template=FORM, context={"title": f"答复问题：{found}", "back": _back(visit)})
