"""/api/v1/guidance/plans: plans, their targets with progress, and the plan's writes
through the same forms and actions as the pages. Out of scope 404, no permission 403,
refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import valid
from jiguan.guidance.plans import actions, queries
from jiguan.guidance.plans.forms import PlanForm, ReportForm, TargetForm

router = Router(tags=["业务指导"])


class DevelopmentPlanOut(Schema):
    id: int
    region_id: int
    region: str = Field(alias="region.name")
    name: str
    title: str
    start_year: int
    end_year: int
    baseline_year: int
    note: str


class PlanPointOut(Schema):
    year: int
    value: Decimal | None
    share: Decimal | None
    expected: Decimal
    off_track: bool
    note: str


class PlanTargetOut(Schema):
    id: int
    plan_id: int
    indicator: str
    unit: str
    baseline_year: int
    baseline_value: Decimal
    target_value: Decimal
    direction: str
    division: str
    source: str
    measure: str
    status: str = ""
    off_track: bool = False
    points: list[PlanPointOut] = []


class DevelopmentPlanDetailOut(DevelopmentPlanOut):
    targets: list[PlanTargetOut]

    @staticmethod
    def resolve_targets(obj: Any) -> Any:
        return [_target_out(p) for p in queries.plan_progress(obj)]


class PlanIn(Schema):
    name: str = Field(max_length=20)
    title: str = Field("", max_length=200)
    start_year: int
    end_year: int
    baseline_year: int | None = None
    note: str = Field("", max_length=5000)


class PlanTargetIn(Schema):
    indicator: str = Field(max_length=100)
    source: str = "reported"
    measure: str = ""
    unit: str = Field("", max_length=20)
    direction: str = "higher"
    baseline_year: int | None = None
    baseline_value: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    target_value: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    division: str = Field("", max_length=100)
    note: str = Field("", max_length=300)


class PlanReportIn(Schema):
    year: int
    value: Decimal = Field(max_digits=16, decimal_places=2)
    note: str = Field("", max_length=300)


def _target_out(progress: queries.TargetProgress) -> dict[str, Any]:
    t = progress.target
    return {"id": t.pk, "plan_id": t.plan_id, "indicator": t.indicator, "unit": t.unit,
            "baseline_year": t.baseline_year, "baseline_value": t.baseline_value,
            "target_value": t.target_value, "direction": t.direction,
            "division": t.division, "source": t.source, "measure": t.measure,
            "status": progress.status, "off_track": progress.off_track,
            "points": [p.__dict__ for p in progress.points]}


def _form_data(payload: Schema) -> dict[str, str]:
    return {k: "" if v is None else str(v) for k, v in payload.dict().items()}


@router.get("/plans", response=list[DevelopmentPlanOut])
@paginate(Pagination, page_size=100)
def list_plans(request: Any) -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    return queries.plans_for(request.user).order_by("-start_year", "region__code", "pk")


@router.get("/plans/{plan_id}", response=DevelopmentPlanDetailOut)
def get_plan(request: Any, plan_id: int) -> Any:
    return queries.plan_or_404(request.user, plan_id)


@router.post("/plans", response={201: DevelopmentPlanOut})
def create_plan(request: Any, payload: PlanIn) -> Any:
    require(request.user, Perm.MANAGE_GUIDANCE)
    root = (Region.objects.visible_to(request.user, Perm.MANAGE_GUIDANCE)
            .filter(level__in=["province", "city"]).order_by("path").first())
    if root is None:
        raise PermissionDenied("没有可制定发展规划的区划")
    data = valid(PlanForm(_form_data(payload)))
    return 201, actions.plan_create(region=root, data=data, actor=request.user)


@router.get("/targets/{target_id}", response=PlanTargetOut)
def get_target(request: Any, target_id: int) -> Any:
    return _target_out(queries.progress_of(queries.target_or_404(request.user, target_id)))


@router.post("/plans/{plan_id}/targets", response={201: PlanTargetOut})
def create_target(request: Any, plan_id: int, payload: PlanTargetIn) -> Any:
    plan = queries.plan_or_404(request.user, plan_id)
    require(request.user, Perm.MANAGE_GUIDANCE, plan)
    data = valid(TargetForm(_form_data(payload)))
    target = actions.target_add(plan=plan, data=data, actor=request.user)
    return 201, _target_out(queries.progress_of(target))


@router.post("/targets/{target_id}/values", response=PlanTargetOut)
def report_value(request: Any, target_id: int, payload: PlanReportIn) -> Any:
    target = queries.target_or_404(request.user, target_id)
    require(request.user, Perm.MANAGE_GUIDANCE, target.plan)
    d = valid(ReportForm(_form_data(payload)))
    actions.target_report(target=target, year=d["year"], value=d["value"],
                          note=d.get("note") or "", actor=request.user)
    return _target_out(queries.progress_of(queries.target_or_404(request.user, target_id)))


@router.post("/plans/{plan_id}/check", response=dict[str, int])
def check_plan(request: Any, plan_id: int) -> Any:
    plan = queries.plan_or_404(request.user, plan_id)
    require(request.user, Perm.MANAGE_GUIDANCE, plan)
    return actions.plan_check(plan=plan, actor=request.user)
