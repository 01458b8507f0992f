"""/api/v1/travel/: the vehicle ledger, the establishment and the standards, through the same
queries and actions as the pages. Out of scope answers 404, a refused write 422."""

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
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.travel.vehicles import actions, queries
from jiguan.travel.vehicles.models import (
    Body,
    Establishment,
    Platform,
    Vehicle,
    VehicleCategory,
    VehicleStandard,
)

router = Router(tags=["公务出行"])


class VehicleOut(Schema):
    id: int
    plate: str
    category: str
    body: str
    make: str
    domestic: bool
    new_energy: bool
    price: Decimal
    displacement: Decimal | None
    battery_kwh: Decimal | None
    tank_litres: Decimal | None
    seats: int
    purchase_date: dt.date
    odometer_km: int
    insurer: str
    garage: str
    filling_station: str
    status: str
    platform_id: int | None
    agency_id: int | None
    region_code: str = Field(alias="region.code")


class VehicleIn(Schema):
    plate: str = Field(min_length=1, max_length=12)
    category: str
    body: str = Body.SALOON
    make: str = Field(min_length=1, max_length=60)
    domestic: bool = True
    new_energy: bool = False
    price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    displacement: Decimal | None = Field(None, gt=0, max_digits=3, decimal_places=1)
    battery_kwh: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=1)
    tank_litres: Decimal | None = Field(None, gt=0, max_digits=5, decimal_places=1)
    seats: int = Field(4, ge=1, le=60)
    purchase_date: dt.date
    odometer_km: int = Field(0, ge=0, le=2_000_000)
    insurer: str = Field("", max_length=100)
    garage: str = Field("", max_length=100)
    filling_station: str = Field("", max_length=100)
    platform_id: int | None = Field(None, ge=1, le=2**62)
    agency_id: int | None = Field(None, ge=1, le=2**62)


class DisposeIn(Schema):
    reason: str
    on: dt.date


class EstablishmentOut(Schema):
    id: int
    platform_id: int | None
    agency_id: int | None
    category: str
    quota: int
    approval_doc: str


class EstablishmentIn(Schema):
    platform_id: int | None = Field(None, ge=1, le=2**62)
    agency_id: int | None = Field(None, ge=1, le=2**62)
    category: str
    quota: int = Field(ge=0, le=10_000)
    approval_doc: str = Field("", max_length=100)


class StandardOut(Schema):
    id: int
    category: str
    new_energy: bool
    price_cap: Decimal | None
    displacement_cap: Decimal | None
    service_life_years: int
    effective_from: dt.date
    verified: bool
    source: str


def _holder(user: Any, platform_id: int | None, agency_id: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if platform_id:
        out["platform"] = visible_or_404(Platform.objects, user, Perm.MANAGE_VEHICLES,
                                         pk=platform_id)
    if agency_id:
        out["agency"] = visible_or_404(Agency.objects, user, Perm.MANAGE_VEHICLES, pk=agency_id)
    return out


def _category(value: str) -> str:
    if value not in VehicleCategory.values:
        raise ValidationError({"category": f"车辆类别应为：{'、'.join(VehicleCategory.values)}"})
    return value


@router.get("/vehicles", response=list[VehicleOut])
@paginate(Pagination, page_size=100)
def list_vehicles(request: Any, q: str = "", category: str = "", status: str = "",
                  new_energy: str = "", region: IdQuery = None, due: bool = False) -> Any:
    require(request.user, Perm.VIEW_TRAVEL)
    vehicles, _ = queries.vehicles_for(request.user, {
        "q": q, "category": category, "status": status, "new_energy": new_energy,
        "region": region or "", "due": "on" if due else ""})
    return vehicles


@router.get("/vehicles/{vehicle_id}", response=VehicleOut)
def get_vehicle(request: Any, vehicle_id: int) -> Any:
    return visible_or_404(Vehicle.objects.select_related("region"), request.user, pk=vehicle_id)


@router.post("/vehicles", response={201: VehicleOut})
def create_vehicle(request: Any, payload: VehicleIn) -> Any:
    require(request.user, Perm.MANAGE_VEHICLES)
    data = payload.dict(exclude={"platform_id", "agency_id"})
    if data["body"] not in Body.values:
        raise ValidationError({"body": "车身类型无效"})
    _category(data["category"])
    data.update(_holder(request.user, payload.platform_id, payload.agency_id))
    return 201, actions.vehicle_create(data=data, actor=request.user)


@router.post("/vehicles/{vehicle_id}/dispose", response=VehicleOut)
def dispose_vehicle(request: Any, vehicle_id: int, payload: DisposeIn) -> Any:
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=vehicle_id)
    require(request.user, Perm.MANAGE_VEHICLES, vehicle)
    return actions.vehicle_dispose(vehicle=vehicle, reason=payload.reason, on=payload.on,
                                   actor=request.user)


@router.get("/establishments", response=list[EstablishmentOut])
def list_establishments(request: Any) -> Any:
    require(request.user, Perm.VIEW_TRAVEL)
    return Establishment.objects.visible_to(request.user)


@router.post("/establishments", response=EstablishmentOut)
def set_establishment(request: Any, payload: EstablishmentIn) -> Any:
    require(request.user, Perm.MANAGE_VEHICLES)
    holder = _holder(request.user, payload.platform_id, payload.agency_id)
    return actions.establishment_set(
        platform=holder.get("platform"), agency=holder.get("agency"),
        category=_category(payload.category), quota=payload.quota,
        approval_doc=payload.approval_doc, actor=request.user)


@router.get("/standards", response=list[StandardOut])
def list_standards(request: Any) -> Any:
    require(request.user, Perm.VIEW_TRAVEL)
    return VehicleStandard.objects.all()
