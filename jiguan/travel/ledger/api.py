"""/api/v1/travel/ledger: statements with their reconciliation, a vehicle's ledger, the
yearly running costs, and vehicle costs, through the same queries and actions as the pages."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.scoping import visible_or_404
from jiguan.travel.ledger import actions, queries
from jiguan.travel.vehicles.models import Vehicle

router = Router(tags=["公务出行"])


class StatementRowOut(Schema):
    agency_id: int
    agency_name: str
    trips: int
    km: int
    service: Decimal
    costs: Decimal
    amount: Decimal
    entries: Decimal
    issued_amount: Decimal | None
    ok: bool
    problems: list[str]


class CostIn(Schema):
    kind: str
    date: dt.date
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    note: str = Field("", max_length=200)


class CostOut(Schema):
    id: int
    vehicle_id: int
    trip_id: int | None
    kind: str
    date: dt.date
    amount: Decimal
    note: str


class VehicleLedgerOut(Schema):
    vehicle_id: int
    year: int
    total: Decimal
    km: int
    trips: int
    trip_entries: Decimal
    charged_costs: Decimal
    ok: bool
    entries: list[CostOut]


class RunningCostOut(Schema):
    agency_id: int
    agency_name: str
    own: Decimal
    charged: Decimal
    total: Decimal


@router.get("/statements", response=list[StatementRowOut])
def list_statements(request: Any, month: str = "") -> Any:
    require(request.user, Perm.VIEW_TRAVEL)
    m, _ = queries.month_form({"month": month} if month else {})
    return [{**r, "agency_name": r["agency"].name if r["agency"] else "",
             "issued_amount": r["statement"].amount if r["statement"] else None}
            for r in queries.statements(request.user, m)]


@router.get("/vehicles/{vehicle_id}", response=VehicleLedgerOut)
def vehicle_ledger(request: Any, vehicle_id: int, year: int = 0) -> Any:
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=vehicle_id)
    year = year or dt.date.today().year
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在 2000 至 2100 之间"})
    data = queries.vehicle_ledger(vehicle, year)
    return {**data, "vehicle_id": vehicle.pk, "year": year, "entries": list(data["entries"])}


@router.post("/vehicles/{vehicle_id}/costs", response={201: CostOut})
def add_cost(request: Any, vehicle_id: int, payload: CostIn) -> Any:
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=vehicle_id)
    require(request.user, Perm.MANAGE_VEHICLES, vehicle)
    return 201, actions.cost_create(vehicle=vehicle, kind=payload.kind, date=payload.date,
                                    amount=payload.amount, note=payload.note, actor=request.user)


@router.get("/running-costs", response=list[RunningCostOut])
def running_costs(request: Any, year: int) -> Any:
    require(request.user, Perm.VIEW_TRAVEL)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在 2000 至 2100 之间"})
    return [{**r, "agency_id": r["agency"].pk, "agency_name": r["agency"].name}
            for r in queries.running_costs(request.user, year)]
