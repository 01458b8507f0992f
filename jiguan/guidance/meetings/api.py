"""/api/v1/guidance/meetings: the meetings and their decisions through the same queries,
forms and actions as the pages (materials are uploaded on the pages; the API lists their
names). Out of scope 404, no permission 403, refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
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
from jiguan.guidance.meetings import actions, queries
from jiguan.guidance.meetings.forms import AttendeeForm, DecisionForm, MeetingForm, ProgressForm
from jiguan.guidance.meetings.models import Invitation, Meeting, MeetingDecision
from jiguan.orgs.models import Person, PersonStatus

router = Router(tags=["工作会议"])


class MeetingAttendeeOut(Schema):
    name: str
    position: str
    person_id: int | None


class MeetingInvitationOut(Schema):
    id: int
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    attendees: list[MeetingAttendeeOut] = Field(alias="attendee_list")


class MeetingDecisionOut(Schema):
    id: int
    meeting_id: int
    seq: int
    text: str
    responsible_code: str = Field(alias="responsible.code")
    responsible_name: str = Field(alias="responsible.name")
    due_on: dt.date
    status: str
    done_on: dt.date | None
    overdue: bool = Field(alias="overdue_now")


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    region_code: str = Field(alias="region.code")
    starts_on: dt.date
    ends_on: dt.date
    place: str


class MeetingDetailOut(MeetingOut):
    note: str
    invitations: list[MeetingInvitationOut] = Field(alias="invitation_list")
    materials: list[str] = Field(alias="material_list")
    decisions: list[MeetingDecisionOut] = Field(alias="decision_list")


class MeetingIn(Schema):
    region_id: int = Field(ge=1, le=2**62)
    kind: str = Field(max_length=12)
    title: str = Field(max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    place: str = Field(max_length=200)
    invited_ids: list[int] = Field(default_factory=list, max_length=200)
    note: str = Field("", max_length=20000)


class MeetingAttendeeIn(Schema):
    person_id: int | None = Field(None, ge=1, le=2**62)
    name: str = Field("", max_length=50)
    position: str = Field("", max_length=100)


class MeetingDecisionIn(Schema):
    text: str = Field(max_length=2000)
    responsible_id: int = Field(ge=1, le=2**62)
    due_on: dt.date


class MeetingProgressIn(Schema):
    on: dt.date
    text: str = Field(max_length=2000)
    done: bool = False


def _flag(decision: MeetingDecision) -> MeetingDecision:
    decision.overdue_now = decision.is_overdue()  # type: ignore[attr-defined]
    return decision


def meeting_or_404(user: Any, pk: int) -> Meeting:
    meeting = visible_or_404(Meeting.objects.select_related("region"), user, pk=pk)
    invitations = list(meeting.invitations.select_related("region")
                       .prefetch_related("attendees"))
    for inv in invitations:
        inv.attendee_list = list(inv.attendees.all())
    meeting.invitation_list = invitations
    meeting.material_list = [m.title for m in meeting.materials.all()]
    meeting.decision_list = [_flag(d) for d in
                             meeting.decisions.select_related("responsible")]
    return meeting


def decision_or_404(user: Any, pk: int) -> MeetingDecision:
    return _flag(visible_or_404(MeetingDecision.objects.select_related("responsible", "meeting"),
                                user, pk=pk))


meeting_steps: StepEndpoints[Meeting] = StepEndpoints(load=meeting_or_404, require=require)
decision_steps: StepEndpoints[MeetingDecision] = StepEndpoints(load=decision_or_404,
                                                               require=require)


def _regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.MANAGE_GUIDANCE)


@router.get("/meetings", response=list[MeetingOut])
@paginate(Pagination, page_size=100)
def list_meetings(request: Any, q: str = "", year: int | None = None, kind: str = "",
                  region: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, _ = queries.meetings_for(request.user, {
        "q": q[:100], "year": year or "", "kind": kind, "region": region or ""})
    return found


@router.get("/meetings/decisions", response=list[MeetingDecisionOut])
@paginate(Pagination, page_size=100)
def list_meeting_decisions(request: Any, year: int | None = None, status: str = "",
                           responsible: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, _ = queries.decisions_for(request.user, {
        "year": year or "", "status": status, "responsible": responsible or ""})
    return [_flag(d) for d in found]


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request: Any, meeting_id: int) -> Any:
    return meeting_or_404(request.user, meeting_id)


@router.post("/meetings", response={201: MeetingDetailOut})
def create_meeting(request: Any, payload: MeetingIn) -> Any:
    require(request.user, Perm.MANAGE_GUIDANCE)
    visible_or_404(Region.objects, request.user, Perm.MANAGE_GUIDANCE, pk=payload.region_id)
    data = valid(MeetingForm({**payload.dict(exclude={"region_id", "invited_ids"}),
                              "region": payload.region_id, "invited": payload.invited_ids},
                             regions=_regions(request.user)))
    meeting = actions.meeting_create(data=data, invited=data.get("invited") or (),
                                     actor=request.user)
    return 201, meeting_or_404(request.user, meeting.pk)


@router.post("/meetings/{meeting_id}/invitations/{invitation_id}/attendees",
             response=MeetingDetailOut)
def add_meeting_attendee(request: Any, meeting_id: int, invitation_id: int,
                         payload: MeetingAttendeeIn) -> Any:
    def act(meeting: Meeting, data: dict[str, Any]) -> object:
        found = Invitation.objects.filter(meeting=meeting, pk=invitation_id) \
            .select_related("region").first()
        if found is None:
            raise Http404
        return actions.attendee_add(invitation=found, person=data.get("person"),
                                    name=data.get("name", ""),
                                    position=data.get("position", ""), actor=request.user)

    people = Person.objects.visible_to(request.user).filter(status=PersonStatus.SERVING)
    form = AttendeeForm({"person": payload.person_id or "", "name": payload.name,
                         "position": payload.position}, people=people)
    return meeting_steps.run(request, meeting_id, Perm.MANAGE_GUIDANCE, form, act)


@router.post("/meetings/{meeting_id}/decisions", response=MeetingDetailOut)
def add_meeting_decision(request: Any, meeting_id: int, payload: MeetingDecisionIn) -> Any:
    form = DecisionForm({"text": payload.text, "responsible": payload.responsible_id,
                         "due_on": payload.due_on}, regions=_regions(request.user))
    return meeting_steps.run(
        request, meeting_id, Perm.MANAGE_GUIDANCE, form,
        lambda m, d: actions.decision_add(meeting=m, actor=request.user, **d))


@router.post("/meetings/decisions/{decision_id}/progress", response=MeetingDecisionOut)
def note_meeting_decision(request: Any, decision_id: int, payload: MeetingProgressIn) -> Any:
    return decision_steps.run(
        request, decision_id, Perm.MANAGE_GUIDANCE, ProgressForm(payload.dict()),
        lambda d, data: actions.decision_progress(decision=d, actor=request.user, **data))


__all__ = ["router"]
