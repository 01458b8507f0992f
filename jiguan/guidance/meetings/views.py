"""Pages of the meetings: the list and the decisions' follow-up list (filters, Excel export),
a meeting's page, and one form per action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.files import file_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.guidance.meetings import actions, queries
from jiguan.guidance.meetings.excel import DECISION_COLUMNS, MEETING_COLUMNS
from jiguan.guidance.meetings.forms import (
    AttendeeForm,
    DecisionForm,
    InvitationForm,
    MaterialForm,
    MeetingForm,
    ProgressForm,
)
from jiguan.guidance.meetings.models import Invitation, Material, Meeting, MeetingDecision
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Person, PersonStatus

FORM = "guidance/meetings/form.html"


def _meeting(request: AuthedRequest, pk: int) -> Meeting:
    return visible_or_404(Meeting.objects.select_related("region"), request.user, pk=pk)


def _managed(request: AuthedRequest, pk: int) -> Meeting:
    meeting = _meeting(request, pk)
    require(request.user, Perm.MANAGE_GUIDANCE, meeting)
    return meeting


def _back(meeting: Meeting) -> str:
    return reverse("guidance:meeting_detail", args=[meeting.pk])


def _regions(request: AuthedRequest, meeting: Meeting | None = None) -> Any:
    qs = Region.objects.visible_to(request.user, Perm.MANAGE_GUIDANCE).order_by("path")
    if meeting is not None:
        qs = qs.filter(path__startswith=meeting.region.path)
    return qs


def meeting_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, form = queries.meetings_for(request.user, request.GET)
    return render(request, "guidance/meetings/list.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.MANAGE_GUIDANCE), **paginate(request, found)})


meeting_export = list_export(
    "guidance.meeting", perm=Perm.VIEW_GUIDANCE, rows_for=queries.meetings_for,
    columns=MEETING_COLUMNS, title="会议一览", describe=describe)


def decision_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, form = queries.decisions_for(request.user, request.GET)
    return render(request, "guidance/meetings/decisions.html", {
        "form": form, "qs": querystring(request), "today": dt.date.today(),
        **paginate(request, found)})


decision_export = list_export(
    "guidance.meeting_decision", perm=Perm.VIEW_GUIDANCE, rows_for=queries.decisions_for,
    columns=DECISION_COLUMNS, title="会议决定事项落实情况", describe=describe)


def meeting_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GUIDANCE)
    form = MeetingForm(request.POST or None, regions=_regions(request))
    return form_action(
        request, form,
        act=lambda d: actions.meeting_create(
            data=d, invited=d.get("invited") or (), actor=request.user),
        done=lambda m: _back(m), message=lambda m: f"已登记会议：{m.title}",
        template=FORM, context={"title": "登记会议", "back": reverse("guidance:meeting_list")})


def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "guidance/meetings/detail.html", {
        "meeting": meeting, "today": dt.date.today(),
        "can_change": can(request.user, Perm.MANAGE_GUIDANCE, meeting),
        "manageable": {d.pk for d in MeetingDecision.objects.filter(meeting=meeting)
                       .select_related("responsible")
                       if can(request.user, Perm.MANAGE_GUIDANCE, d)},
        "history": AuditEvent.objects.for_target(meeting)[:30],
        **queries.meeting_parts(meeting)})


def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = MeetingForm(request.POST or None, regions=_regions(request), initial={
        "region": meeting.region_id, "kind": meeting.kind, "title": meeting.title,
        "starts_on": meeting.starts_on, "ends_on": meeting.ends_on, "place": meeting.place,
        "note": meeting.note})
    form.fields["invited"].disabled = True
    form.fields["region"].disabled = True
    return form_action(
        request, form,
        act=lambda d: actions.meeting_update(meeting=meeting, data=d, actor=request.user),
        done=_back(meeting), message="已保存会议信息",
        template=FORM, context={"title": f"修改会议：{meeting.title}", "back": _back(meeting)})


def meeting_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = InvitationForm(request.POST or None, regions=_regions(request, meeting))
    return form_action(
        request, form,
        act=lambda d: actions.invitation_add(meeting=meeting, region=d["region"],
                                             actor=request.user),
        done=_back(meeting), message=lambda i: f"已添加参会单位：{i.region.name}",
        template=FORM, context={"title": f"添加参会单位：{meeting.title}", "back": _back(meeting)})


def attendee_add(request: AuthedRequest, pk: int, invitation: int) -> HttpResponse:
    meeting = _managed(request, pk)
    found = Invitation.objects.filter(meeting=meeting, pk=invitation) \
        .select_related("region").first()
    if found is None:
        raise Http404
    people = Person.objects.visible_to(request.user).filter(
        status=PersonStatus.SERVING, agency__region__path__startswith=found.region.path) \
        .select_related("agency").order_by("agency__name", "name")
    form = AttendeeForm(request.POST or None, people=people)
    return form_action(
        request, form,
        act=lambda d: actions.attendee_add(invitation=found, person=d.get("person"),
                                           name=d.get("name", ""),
                                           position=d.get("position", ""), actor=request.user),
        done=_back(meeting), message=lambda a: f"已登记参会人员：{a.name}",
        template=FORM, context={"title": f"登记参会人员：{found.region.name}",
                                "back": _back(meeting)})


def material_add(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    return form_action(
        request, form,
        act=lambda d: actions.material_add(meeting=meeting, title=d.get("title", ""),
                                           upload=d["upload"], actor=request.user),
        done=_back(meeting), message=lambda m: f"已上传会议材料：{m.title}",
        template=FORM, context={"title": f"上传会议材料：{meeting.title}", "multipart": True,
                                "back": _back(meeting)})


def material_download(request: AuthedRequest, pk: int, material: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    found = Material.objects.filter(meeting=meeting, pk=material).select_related("file").first()
    if found is None:
        raise Http404
    return file_response(found.file)


def decision_add(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = DecisionForm(request.POST or None, regions=_regions(request, meeting))
    return form_action(
        request, form,
        act=lambda d: actions.decision_add(meeting=meeting, actor=request.user, **d),
        done=_back(meeting), message=lambda d: f"已登记第{d.seq}项决定事项",
        template=FORM, context={"title": f"登记决定事项：{meeting.title}", "back": _back(meeting)})


def decision_progress(request: AuthedRequest, pk: int, decision: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    found = visible_or_404(MeetingDecision.objects.select_related("responsible", "meeting"),
                           request.user, pk=decision, meeting=meeting)
    require(request.user, Perm.MANAGE_GUIDANCE, found)
    form = ProgressForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.decision_progress(decision=found, actor=request.user, **d),
        done=_back(meeting),
        message=lambda d: "该决定事项已完成" if d.status == "done" else "已登记落实进展",
        template=FORM, context={"title": f"登记落实进展：{found}", "back": _back(meeting)})
