"""/api/v1/space/optimiser/: reallocation plans through the same queries, forms and actions
as the pages (jiguan/space/optimiser/views.py): list, start (the task worker solves it),
one plan with its figures and lines, accept. Out-of-scope plans answer 404, a missing
permission 403, bad input or a refused action 422 with Chinese messages."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.space.optimiser import actions, queries
from jiguan.space.optimiser.forms import StartForm
from jiguan.space.optimiser.models import Plan, PlanMove
from jiguan.space.optimiser.tasks import solve_after_commit

router = Router(tags=["办公用房调剂方案"])


class PlanOut(Schema):
    id: int
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    status: str
    status_label: str = Field(alias="get_status_display")
    stage: str
    percent: int
    message: str
    before: dict[str, Any]
    after: dict[str, Any]
    optimal: bool
    seconds: Decimal
    created_at: dt.datetime
    accepted_at: dt.datetime | None


class MoveOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    people: str
    from_room_id: int | None
    to_room_id: int | None
    limit_total: Decimal
    over_before: Decimal
    over_after: Decimal
    item_ref: str


class PlanDetailOut(PlanOut):
    moves: list[MoveOut]

    @staticmethod
    def resolve_moves(plan: Plan) -> list[PlanMove]:
        return list(queries.plan_moves(plan))


class PlanStartIn(Schema):
    region_code: str


@router.get("/plans", response=list[PlanOut])
@paginate(Pagination, page_size=100)
def list_plans(request: Any) -> Any:
    """Plans of the regions the user sees, newest first."""
    require(request.user, Perm.VIEW_SPACE)
    return queries.plans_for(request.user)


@router.post("/plans", response={201: PlanOut})
def start_plan(request: Any, payload: PlanStartIn) -> Any:
    """File a plan for a city or county (by region code); poll it until ``status`` is
    ``done``."""
    require(request.user, Perm.CHANGE_SPACE)
    regions = queries.plan_regions(request.user)
    region = regions.filter(code=payload.region_code.strip()).first()
    form = StartForm({"region": region.pk if region else ""}, regions=regions)
    if region is None or not form.is_valid():
        raise ValidationError({"region_code": "所选区划不存在、不是市或县，或不在您的权限范围内"})
    plan = actions.plan_start(region=form.cleaned_data["region"], actor=request.user)
    solve_after_commit(plan.pk)
    return 201, queries.plan_or_404(request.user, plan.pk)


@router.get("/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request: Any, plan_id: int) -> Any:
    return queries.plan_or_404(request.user, plan_id)


@router.post("/plans/{plan_id}/accept", response=PlanDetailOut)
def accept_plan(request: Any, plan_id: int) -> Any:
    """Accept a solved plan: its allocation and return items are created."""
    plan = queries.plan_or_404(request.user, plan_id)
    require(request.user, Perm.CHANGE_SPACE, plan)
    actions.plan_accept(plan=plan, actor=request.user)
    return queries.plan_or_404(request.user, plan_id)
