"""Reads of planning and construction that the pages, the API and the export share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.space.projects.forms import ProjectFilterForm
from jiguan.space.projects.models import Project, ProjectQuerySet
from jiguan.space.register.models import person_office_limit
from jiguan.space.standards import rules as standards


def visible_regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.VIEW_SPACE).order_by("code")


def writable_regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.CHANGE_SPACE).order_by("code")


def projects_for(user: Any, params: Mapping[str, str] | None
                 ) -> tuple[ProjectQuerySet, ProjectFilterForm]:
    form = ProjectFilterForm(params or None, regions=visible_regions(user))
    qs = Project.objects.visible_to(user).select_related("region", "building")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(code__icontains=d["q"]) | Q(name__icontains=d["q"]))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-created_at", "-id"), form


def project_or_404(user: Any, pk: int) -> Project:
    project: Project = visible_or_404(
        Project.objects.select_related("region", "building", "reviewed_by"), user, pk=pk)
    return project


def project_url(project: Project) -> str:
    return reverse("space_projects:project_detail", args=[project.pk])


def reviewer_of(region: Region) -> tuple[str, Region]:
    """Who reviews a project of ``region``: the bureau of the level above (a province's own
    projects: its province administrator)."""
    if region.parent_id:
        parent: Region = region.parent  # type: ignore[assignment]
        return Role.BUREAU_STAFF, parent
    return Role.PROVINCE_ADMIN, region


def can_review(user: Any, project: Project) -> bool:
    _, region = reviewer_of(project.region)
    return bool(can_at(user, Perm.CHANGE_SPACE, region_path=region.path, agency_id=None))


@dataclass(frozen=True)
class AgencyArea:
    agency: Agency
    people: int
    headcount: int
    approved: Decimal  # 核定面积 (building area, m²)


def agency_areas(agencies: Any, building_type: str) -> list[AgencyArea]:
    """The approved area (核定面积) of each agency by the 2014 standard, from the limits of
    its serving people and its 编制 (headcount falls back on the serving people)."""
    per_person = standards.configured_service_area_per_person()
    out: list[AgencyArea] = []
    btype = building_type if building_type in ("multi", "high") else "multi"
    for agency in agencies:
        people = list(Person.objects.filter(agency=agency, status=PersonStatus.SERVING)
                      .select_related("agency", "agency__region"))
        limits = [limit for p in people if (limit := person_office_limit(p)) is not None]
        headcount = agency.authorized_headcount or len(people)
        area = standards.approved_area(office_limits=limits, headcount=headcount,
                                       service_area_per_person=per_person.get(agency.level,
                                                                              Decimal(0)),
                                       building_type=btype)  # type: ignore[arg-type]
        out.append(AgencyArea(agency, len(people), headcount, area.total))
    return out


def approved_total(project: Project) -> Decimal:
    return sum((a.approved for a in agency_areas(
        project.agencies.select_related("region").order_by("name"), project.building_type)),
        Decimal(0))


def funding_total(project: Project) -> Decimal:
    return project.funding.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def rooms_total(project: Project) -> Decimal:
    return project.rooms.aggregate(s=Sum("usable_area"))["s"] or Decimal(0)
