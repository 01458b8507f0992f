"""Reads of the liaison shared by the pages, the API and the exports."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from jiguan.access.models import Region, RegionLevel, User
from jiguan.guidance.liaison.forms import AssignmentFilterForm, VisitFilterForm
from jiguan.guidance.liaison.models import Assignment, IssueStatus, Visit, VisitIssue


def regions_for(user: Any) -> Any:
    return Region.objects.visible_to(user).order_by("path")


def leader_users() -> Any:
    """The users who may be named as liaising leaders: active, with a grant at the province."""
    return User.objects.filter(is_active=True, grants__revoked_at__isnull=True,
                               grants__region__level=RegionLevel.PROVINCE) \
        .distinct().order_by("full_name", "username")


def assignments_for(user: Any, params: Any) -> tuple[Any, AssignmentFilterForm]:
    form = AssignmentFilterForm(params or None, regions=regions_for(user))
    qs = Assignment.objects.visible_to(user).select_related("region", "leader_user").annotate(
        visit_count=Count("visits"))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
        if d.get("leader"):
            qs = qs.filter(leader_name__contains=d["leader"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "leader_name", "region__path"), form


def visits_for(user: Any, params: Any) -> tuple[Any, VisitFilterForm]:
    form = VisitFilterForm(params or None, regions=regions_for(user))
    open_issue = VisitIssue.objects.filter(visit=OuterRef("pk"), status=IssueStatus.OPEN)
    qs = Visit.objects.visible_to(user).select_related("region").annotate(
        issue_count=Count("issues"),
        open_count=Count("issues", filter=Q(issues__status=IssueStatus.OPEN)),
        has_open=Exists(open_issue))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("year"):
            qs = qs.filter(visited_on__year=d["year"])
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
        if d.get("leader"):
            qs = qs.filter(leader_name__contains=d["leader"])
        if d.get("issues") == "open":
            qs = qs.filter(has_open=True)
        elif d.get("issues") == "answered":
            qs = qs.filter(has_open=False)
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-visited_on", "-pk"), form
