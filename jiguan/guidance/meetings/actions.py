"""Every write of the meetings: one transaction and one audit row each.

A decision (决定事项) opens a to-do for its responsible bureau (due on its 完成时限); marking
it done closes the to-do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.audit.record import diff, record, snapshot
from jiguan.core.files import FileKind, store_upload
from jiguan.guidance.meetings import rules
from jiguan.guidance.meetings.models import (
    Attendee,
    DecisionStatus,
    Invitation,
    Material,
    Meeting,
    MeetingDecision,
    ProgressNote,
)
from jiguan.todo.actions import task_create, tasks_close_for_subject

TASK_DECISION = "guidance.meeting.decision"
MEETING_FIELDS = ("region", "kind", "title", "starts_on", "ends_on", "place", "note")
MATERIAL_KINDS = (FileKind.DOCUMENT,)


def _check(meeting: Meeting, invited: Iterable[Any]) -> None:
    errors: dict[str, str] = {}
    problem = rules.dates_problem(meeting.starts_on, meeting.ends_on)
    if problem:
        errors["ends_on"] = problem
    outside = [r.name for r in invited if not rules.within(r.path, meeting.region.path)]
    if outside:
        errors["invited"] = f"参会单位应为主办单位本级或下级：{'、'.join(outside)}不在其中"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(*, data: Mapping[str, Any], invited: Iterable[Any] = (),
                   actor: Any) -> Meeting:
    """Register a meeting and the bureaus (regions) invited to it."""
    invited = list(invited)
    meeting = Meeting(created_by=actor, updated_by=actor,
                      **{k: data[k] for k in MEETING_FIELDS if k in data})
    meeting.title, meeting.place = meeting.title.strip(), meeting.place.strip()
    _check(meeting, invited)
    meeting.full_clean()
    meeting.save()
    for region in invited:
        Invitation.objects.create(meeting=meeting, region=region, created_by=actor,
                                  updated_by=actor)
    record(actor=actor, event="guidance.meeting.created", target=meeting,
           changes={**{k: [None, v] for k, v in snapshot(meeting, MEETING_FIELDS).items()},
                    "invited": [None, "、".join(r.name for r in invited)]})
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: Mapping[str, Any], actor: Any) -> Meeting:
    before = snapshot(meeting, MEETING_FIELDS)
    for k in MEETING_FIELDS:
        if k in data and k != "region":
            setattr(meeting, k, data[k])
    meeting.updated_by = actor
    _check(meeting, [i.region for i in meeting.invitations.select_related("region")])
    meeting.full_clean()
    meeting.save()
    record(actor=actor, event="guidance.meeting.updated", target=meeting,
           changes=diff(before, snapshot(meeting, MEETING_FIELDS)))
    return meeting


@transaction.atomic
def invitation_add(*, meeting: Meeting, region: Any, actor: Any) -> Invitation:
    if not rules.within(region.path, meeting.region.path):
        raise ValidationError({"region": f"参会单位应为主办单位本级或下级：{region.name}不在其中"})
    if meeting.invitations.filter(region=region).exists():
        raise ValidationError({"region": f"{region.name}已在参会单位中"})
    invitation = Invitation.objects.create(meeting=meeting, region=region, created_by=actor,
                                           updated_by=actor)
    record(actor=actor, event="guidance.meeting.invited", target=meeting,
           changes={"invited": [None, region.name]})
    return invitation


@transaction.atomic
def attendee_add(*, invitation: Invitation, person: Any = None, name: str = "",
                 position: str = "", actor: Any) -> Attendee:
    """Record who attended for an invited bureau: a person of the register (who must work in
    an agency of that bureau's region), or a name and position typed in."""
    if person is not None:
        if not rules.within(person.agency.region.path, invitation.region.path):
            raise ValidationError({"person": f"{person.name}（{person.agency.name}）不属于"
                                             f"{invitation.region.name}，不能作为其参会人员"})
        name = name.strip() or person.name
        position = position.strip() or person.post
    if not name.strip():
        raise ValidationError({"name": "请填写参会人员姓名，或从人员名册中选择"})
    if invitation.attendees.filter(name=name.strip()).exists():
        raise ValidationError({"name": f"{name.strip()}已在{invitation.region.name}的参会人员中"})
    attendee = Attendee(invitation=invitation, person=person, name=name.strip()[:50],
                        position=position.strip()[:100], created_by=actor, updated_by=actor)
    attendee.save()
    record(actor=actor, event="guidance.meeting.attended", target=invitation.meeting,
           changes={"attendee": [None, f"{invitation.region.name}：{attendee.name}"]},
           extra={"person": person.pk if person is not None else None})
    return attendee


@transaction.atomic
def material_add(*, meeting: Meeting, title: str, upload: Any, actor: Any) -> Material:
    """Attach a meeting document (documents only: .pdf .docx .xlsx …; no images)."""
    stored = store_upload(upload, kinds=MATERIAL_KINDS, actor=actor)
    material = Material(meeting=meeting, title=(title.strip() or upload.name)[:200],
                        file=stored, created_by=actor, updated_by=actor)
    material.save()
    record(actor=actor, event="guidance.meeting.material", target=meeting,
           changes={"material": [None, material.title]}, extra={"sha256": stored.sha256})
    return material


def _decision_url(decision: MeetingDecision) -> str:
    return reverse("guidance:meeting_detail", args=[decision.meeting_id]) + \
        f"#decision-{decision.pk}"


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, responsible: Any, due_on: dt.date,
                 actor: Any) -> MeetingDecision:
    """Record a decision of the meeting with its responsible bureau and due date; the
    responsible bureau gets a to-do due on that date."""
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "请填写决定事项"
    if not rules.within(responsible.path, meeting.region.path):
        errors["responsible"] = (f"责任单位应为主办单位本级或下级：{responsible.name}"
                                 f"不在{meeting.region.name}范围内")
    if due_on < meeting.starts_on:
        errors["due_on"] = f"完成时限不能早于会议日期（{meeting.starts_on}）"
    if errors:
        raise ValidationError(errors)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    seq = (meeting.decisions.aggregate(m=Max("seq"))["m"] or 0) + 1
    decision = MeetingDecision(meeting=meeting, seq=seq, text=text.strip(),
                               responsible=responsible, due_on=due_on, created_by=actor,
                               updated_by=actor)
    decision.save()
    record(actor=actor, event="guidance.meeting.decision_added", target=decision,
           changes={"text": [None, decision.text[:200]], "responsible": [None, responsible.name],
                    "due_on": [None, due_on]})
    task_create(kind=TASK_DECISION, title=f"落实会议决定事项：{decision.text[:60]}",
                assignee_role=Role.BUREAU_STAFF, region=responsible, subject=decision,
                subject_url=_decision_url(decision), due_date=due_on,
                detail=f"{meeting.title}（{meeting.starts_on}）第{seq}项决定事项，"
                       f"请于 {due_on} 前落实并登记进展。", actor=actor)
    return decision


def _lock(decision: MeetingDecision) -> MeetingDecision:
    return MeetingDecision.objects.select_for_update().select_related("meeting", "responsible") \
        .get(pk=decision.pk)


@transaction.atomic
def decision_progress(*, decision: MeetingDecision, on: dt.date, text: str, done: bool = False,
                      actor: Any, today: dt.date | None = None) -> MeetingDecision:
    """Note the progress of a decision; `done` closes it (完成日期 = the note's date) and its
    to-do. A closed decision takes no more notes."""
    decision = _lock(decision)
    today = today or dt.date.today()
    if decision.status == DecisionStatus.DONE:
        raise ValidationError({"text": "该决定事项已完成，不能再登记进展"})
    if not text.strip():
        raise ValidationError({"text": "请填写进展情况"})
    if on > today:
        raise ValidationError({"on": "日期不能晚于今天"})
    if on < decision.meeting.starts_on:
        raise ValidationError({"on": f"日期不能早于会议日期（{decision.meeting.starts_on}）"})
    ProgressNote.objects.create(decision=decision, on=on, text=text.strip(), created_by=actor,
                                updated_by=actor)
    before = snapshot(decision, ("status", "done_on"))
    if done:
        decision.status, decision.done_on = DecisionStatus.DONE, on
        decision.updated_by = actor
        decision.save(update_fields=["status", "done_on", "updated_by", "updated_at"])
    record(actor=actor, event="guidance.meeting.decision_progress", target=decision,
           changes={**diff(before, snapshot(decision, ("status", "done_on"))),
                    "note": [None, text.strip()[:200]]})
    if done:
        tasks_close_for_subject(subject=decision, kind=TASK_DECISION, actor=actor,
                                note=f"{on} 已完成")
    return decision
