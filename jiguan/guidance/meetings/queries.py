"""Reads of the meetings shared by the pages, the API and the exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from jiguan.access.models import Region
from jiguan.guidance.meetings.forms import DecisionFilterForm, MeetingFilterForm
from jiguan.guidance.meetings.models import DecisionStatus, Meeting, MeetingDecision


def regions_for(user: Any) -> Any:
    return Region.objects.visible_to(user).order_by("path")


def meetings_for(user: Any, params: Any) -> tuple[Any, MeetingFilterForm]:
    form = MeetingFilterForm(params or None, regions=regions_for(user))
    ids = Meeting.objects.visible_to(user).values("pk")
    qs = Meeting.objects.filter(pk__in=ids).select_related("region").annotate(
        invited_count=Count("invitations", distinct=True),
        decision_count=Count("decisions", distinct=True),
        open_count=Count("decisions", filter=Q(decisions__status=DecisionStatus.OPEN),
                         distinct=True))
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


def decisions_for(user: Any, params: Any, today: dt.date | None = None
                  ) -> tuple[Any, DecisionFilterForm]:
    today = today or dt.date.today()
    form = DecisionFilterForm(params or None, regions=regions_for(user))
    qs = MeetingDecision.objects.visible_to(user).select_related("meeting", "responsible")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("year"):
            qs = qs.filter(meeting__starts_on__year=d["year"])
        if d.get("responsible"):
            qs = qs.filter(responsible__path__startswith=d["responsible"].path)
        if d.get("status") == "overdue":
            qs = qs.overdue(today)
        elif d.get("status"):
            qs = qs.filter(status=d["status"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("due_on", "meeting_id", "seq"), form


def meeting_parts(meeting: Meeting) -> dict[str, Any]:
    """A meeting's invitations with their attendees, materials and decisions with notes."""
    return {
        "invitations": meeting.invitations.select_related("region")
        .prefetch_related("attendees"),
        "materials": meeting.materials.select_related("file"),
        "decisions": meeting.decisions.select_related("responsible").prefetch_related("notes"),
    }
