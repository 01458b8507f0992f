"""/api/v1/assets/: the entities, their steps, the board, programmes and batches, through
the same queries and actions as the pages. Out of scope answers 404, a refused write 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.assets.entities import actions, queries
from jiguan.assets.entities.models import Batch, Entity, EntityKind, Programme, Route, Step
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building

router = Router(tags=["国有资产"])


class OperatingEntityOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    agency_id: int
    region_code: str = Field(alias="region.code")
    book_value: Decimal
    staff_count: int
    revenue_last_year: Decimal
    batch_id: int | None
    route: str
    receiver: str
    status: str
    current_step: str
    holder: str
    closed_on: dt.date | None


class OperatingEntityIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    credit_code: str = Field(min_length=1, max_length=18)
    kind: str
    agency_id: int = Field(ge=1, le=2**62)
    region_code: str = Field("", max_length=12)
    building_codes: list[str] = Field(default_factory=list, max_length=200)
    book_value: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    staff_count: int = Field(ge=0, le=100_000)
    revenue_last_year: Decimal = Field(ge=0, max_digits=16, decimal_places=2)


class TransferStepOut(Schema):
    id: int
    kind: str
    order: int
    due_date: dt.date
    done_on: dt.date | None
    documents: str
    note: str
    appraised_value: Decimal | None
    placed: int | None
    retired: int | None
    other: int | None


class TransferStepIn(Schema):
    done_on: dt.date
    documents: str = Field("", max_length=300)
    note: str = Field("", max_length=300)
    appraised_value: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    placed: int | None = Field(None, ge=0, le=100_000)
    retired: int | None = Field(None, ge=0, le=100_000)
    other: int | None = Field(None, ge=0, le=100_000)


class EntityAssignIn(Schema):
    batch_id: int = Field(ge=1, le=2**62)
    route: str
    receiver: str = Field("", max_length=100)


class DecouplingBatchOut(Schema):
    id: int
    programme_id: int
    number: int
    name: str
    start_date: dt.date
    deadline: dt.date


class DecouplingBatchIn(Schema):
    number: int = Field(ge=1, le=999)
    name: str = Field(min_length=1, max_length=100)
    start_date: dt.date
    deadline: dt.date


class TransferProgrammeOut(Schema):
    id: int
    name: str
    doc_no: str
    receiver: str
    started_on: dt.date
    region_code: str = Field(alias="region.code")


class TransferBoardRowOut(Schema):
    label: str
    total: int
    pending: int
    in_progress: int
    done: int
    at_step: dict[str, int]


class TransferBoardOut(Schema):
    total: TransferBoardRowOut
    by_batch: list[TransferBoardRowOut]
    by_route: list[TransferBoardRowOut]
    by_region: list[TransferBoardRowOut]
    overdue: int


def _entity_data(user: Any, payload: OperatingEntityIn) -> tuple[dict[str, Any], list[Any]]:
    if payload.kind not in EntityKind.values:
        raise ValidationError({"kind": f"类型应为：{'、'.join(EntityKind.values)}"})
    data = payload.dict(exclude={"agency_id", "region_code", "building_codes"})
    data["credit_code"] = data["credit_code"].strip().upper()
    data["agency"] = visible_or_404(Agency.objects, user, Perm.MANAGE_ASSETS,
                                    pk=payload.agency_id)
    if payload.region_code:
        data["region"] = visible_or_404(Region.objects, user, Perm.MANAGE_ASSETS,
                                        code=payload.region_code)
    found = {b.code: b for b in Building.objects.visible_to(user, Perm.VIEW_SPACE)
             .filter(code__in=payload.building_codes)}
    missing = [c for c in payload.building_codes if c not in found]
    if missing:
        raise ValidationError(
            {"building_codes": f"房产编号不存在或不在您的权限范围内：{'、'.join(missing)}"})
    return data, [found[c] for c in dict.fromkeys(payload.building_codes)]


@router.get("/entities", response=list[OperatingEntityOut])
@paginate(Pagination, page_size=100)
def list_entities(request: Any, q: str = "", kind: str = "", route: str = "",
                  status: str = "", step: str = "", batch: IdQuery = None,
                  region: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    entities, _ = queries.entities_for(request.user, {
        "q": q, "kind": kind, "route": route, "status": status, "step": step,
        "batch": batch or "", "region": region or ""})
    return entities.order_by("region__path", "name")


@router.get("/entities/{entity_id}", response=OperatingEntityOut)
def get_entity(request: Any, entity_id: int) -> Any:
    return visible_or_404(Entity.objects.select_related("region"), request.user, pk=entity_id)


@router.post("/entities", response={201: OperatingEntityOut})
def create_entity(request: Any, payload: OperatingEntityIn) -> Any:
    require(request.user, Perm.MANAGE_ASSETS)
    data, buildings = _entity_data(request.user, payload)
    return 201, actions.entity_create(data=data, buildings=buildings, actor=request.user)


@router.post("/entities/{entity_id}/assign", response=OperatingEntityOut)
def assign_entity(request: Any, entity_id: int, payload: EntityAssignIn) -> Any:
    entity = visible_or_404(Entity.objects, request.user, pk=entity_id)
    require(request.user, Perm.MANAGE_ASSETS, entity)
    if payload.route not in Route.values:
        raise ValidationError({"route": f"路径应为：{'、'.join(Route.values)}"})
    batch = visible_or_404(Batch.objects, request.user, Perm.MANAGE_ASSETS, pk=payload.batch_id)
    return actions.entity_assign(entity=entity, batch=batch, route=payload.route,
                                 receiver=payload.receiver, actor=request.user)


@router.get("/entities/{entity_id}/steps", response=list[TransferStepOut])
def list_steps(request: Any, entity_id: int) -> Any:
    entity = visible_or_404(Entity.objects, request.user, pk=entity_id)
    return entity.steps.order_by("order")


@router.post("/steps/{step_id}/complete", response=TransferStepOut)
def complete_step(request: Any, step_id: int, payload: TransferStepIn) -> Any:
    step = visible_or_404(Step.objects.select_related("entity"), request.user, pk=step_id)
    require(request.user, Perm.MANAGE_ASSETS, step.entity)
    return actions.step_complete(step=step, actor=request.user, **payload.dict())


@router.get("/board", response=TransferBoardOut)
def get_board(request: Any, batch: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    b = visible_or_404(Batch.objects, request.user, pk=batch) if batch else None
    return queries.board(request.user, batch=b)


@router.get("/programmes", response=list[TransferProgrammeOut])
def list_programmes(request: Any) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    return Programme.objects.visible_to(request.user).select_related("region")


@router.get("/batches", response=list[DecouplingBatchOut])
def list_batches(request: Any) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    return Batch.objects.visible_to(request.user)


@router.post("/programmes/{programme_id}/batches", response={201: DecouplingBatchOut})
def create_batch(request: Any, programme_id: int, payload: DecouplingBatchIn) -> Any:
    programme = visible_or_404(Programme.objects, request.user, pk=programme_id)
    require(request.user, Perm.MANAGE_ASSETS, programme)
    return 201, actions.batch_create(programme=programme, actor=request.user, **payload.dict())
