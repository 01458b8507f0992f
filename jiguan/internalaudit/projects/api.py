"""/api/v1/internalaudit/: plans, projects, steps, findings and their rectification, through
the same queries and actions as the pages. Out of scope 404, no permission 403, refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.scoping import visible_or_404
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.internalaudit.projects import actions, queries
from jiguan.internalaudit.projects.models import AuditPlan, AuditProject, Finding
from jiguan.orgs.models import Agency

router = Router(tags=["内部审计"])


class AuditPlanOut(Schema):
    id: int
    region_id: int
    year: int
    title: str
    approved_on: dt.date | None


class AuditPlanIn(Schema):
    region_id: int = Field(ge=1, le=2**62)
    year: int = Field(ge=2000, le=2100)
    title: str = Field("", max_length=100)
    approved_on: dt.date | None = None
    note: str = Field("", max_length=2000)


class AuditProjectOut(Schema):
    id: int
    code: str
    plan_id: int
    name: str
    kind: str
    category: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    leader_term_id: int | None
    period_start: dt.date
    period_end: dt.date
    team_leader: str
    team_members: str
    funds_amount: Decimal
    stage: str
    report_no: str
    report_date: dt.date | None
    closed_date: dt.date | None


class AuditProjectIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    kind: str
    unit_id: int = Field(ge=1, le=2**62)
    leader_term_id: int | None = Field(None, ge=1, le=2**62)
    period_start: dt.date
    period_end: dt.date
    team_leader: str = Field(min_length=1, max_length=50)
    team_members: str = Field("", max_length=200)
    funds_amount: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)


class AuditStepIn(Schema):
    stage: str
    date: dt.date
    document_no: str = Field("", max_length=60)
    note: str = Field("", max_length=2000)
    report_no: str = Field("", max_length=60)
    report_summary: str = Field("", max_length=5000)


class AuditFindingOut(Schema):
    id: int
    project_id: int
    seq: int
    kind: str
    title: str
    amount: Decimal
    status: str
    due_date: dt.date | None
    measures: str
    evidence: str
    rectified_on: dt.date | None
    closed_on: dt.date | None


class AuditFindingIn(Schema):
    kind: str
    title: str = Field(min_length=1, max_length=200)
    amount: Decimal = Field(Decimal(0), max_digits=16, decimal_places=2)
    due_date: dt.date | None = None


class AuditRectifyIn(Schema):
    measures: str = Field(max_length=5000)
    evidence: str = Field("", max_length=5000)
    rectified_on: dt.date


class AuditCloseIn(Schema):
    closed_on: dt.date


@router.get("/plans", response=list[AuditPlanOut])
@paginate(Pagination, page_size=100)
def list_plans(request: Any) -> Any:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    return queries.plans_for(request.user)


@router.post("/plans", response={201: AuditPlanOut})
def create_plan(request: Any, payload: AuditPlanIn) -> Any:
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE)
    region = visible_or_404(Region.objects, request.user, Perm.INTERNAL_AUDIT_MANAGE,
                            pk=payload.region_id)
    return 201, actions.plan_create(region=region, year=payload.year, title=payload.title,
                                    approved_on=payload.approved_on, note=payload.note,
                                    actor=request.user)


@router.get("/projects", response=list[AuditProjectOut])
@paginate(Pagination, page_size=100)
def list_projects(request: Any, q: str = "", year: int | None = None, kind: str = "",
                  stage: str = "", region: IdQuery = None) -> Any:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    projects, _ = queries.projects_for(request.user, {
        "q": q, "year": year or "", "kind": kind, "stage": stage, "region": region or ""})
    return projects


@router.get("/projects/{project_id}", response=AuditProjectOut)
def get_project(request: Any, project_id: int) -> Any:
    return visible_or_404(AuditProject.objects.select_related("unit"), request.user,
                          pk=project_id)


@router.post("/plans/{plan_id}/projects", response={201: AuditProjectOut})
def create_project(request: Any, plan_id: int, payload: AuditProjectIn) -> Any:
    plan = visible_or_404(AuditPlan.objects.select_related("region"), request.user, pk=plan_id)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, plan)
    data: dict[str, Any] = payload.dict(exclude={"unit_id", "leader_term_id"})
    data["unit"] = visible_or_404(Agency.objects.select_related("region"), request.user,
                                  Perm.INTERNAL_AUDIT_MANAGE, pk=payload.unit_id)
    data["leader_term"] = (visible_or_404(LeaderTerm.objects, request.user,
                                          Perm.INTERNAL_AUDIT_MANAGE, pk=payload.leader_term_id)
                           if payload.leader_term_id else None)
    return 201, actions.project_create(plan=plan, data=data, actor=request.user)


@router.post("/projects/{project_id}/steps", response=AuditProjectOut)
def take_step(request: Any, project_id: int, payload: AuditStepIn) -> Any:
    project = visible_or_404(AuditProject.objects.select_related("unit__region"),
                             request.user, pk=project_id)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, project)
    return actions.project_advance(project=project, actor=request.user, **payload.dict())


@router.get("/projects/{project_id}/findings", response=list[AuditFindingOut])
def list_project_findings(request: Any, project_id: int) -> Any:
    project = visible_or_404(AuditProject.objects, request.user, pk=project_id)
    return project.findings.order_by("seq")


@router.post("/projects/{project_id}/findings", response={201: AuditFindingOut})
def create_finding(request: Any, project_id: int, payload: AuditFindingIn) -> Any:
    project = visible_or_404(AuditProject.objects.select_related("unit__region"),
                             request.user, pk=project_id)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, project)
    return 201, actions.finding_create(project=project, data=payload.dict(), actor=request.user)


@router.get("/findings", response=list[AuditFindingOut])
@paginate(Pagination, page_size=100)
def list_findings(request: Any, status: str = "", kind: str = "", overdue: bool = False,
                  region: IdQuery = None) -> Any:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    findings, _ = queries.findings_for(request.user, {
        "status": status, "kind": kind, "overdue": "1" if overdue else "",
        "region": region or ""})
    return findings


@router.post("/findings/{finding_id}/rectify", response=AuditFindingOut)
def rectify_finding(request: Any, finding_id: int, payload: AuditRectifyIn) -> Any:
    finding = visible_or_404(Finding.objects, request.user, pk=finding_id)
    require(request.user, Perm.INTERNAL_AUDIT_RECTIFY, finding)
    return actions.finding_rectify(finding=finding, actor=request.user, **payload.dict())


@router.post("/findings/{finding_id}/close", response=AuditFindingOut)
def close_finding(request: Any, finding_id: int, payload: AuditCloseIn) -> Any:
    finding = visible_or_404(Finding.objects, request.user, pk=finding_id)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, finding)
    return actions.finding_close(finding=finding, closed_on=payload.closed_on,
                                 actor=request.user)
