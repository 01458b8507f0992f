"""/api/v1/travel/trips: requests and their steps, and free vehicles and drivers for a
window, through the same queries and actions as the pages."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.api_params import Pagination
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.travel.trips import actions, queries
from jiguan.travel.trips.models import Driver, Trip
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleCategory

router = Router(tags=["公务出行"])


class TripOut(Schema):
    id: int
    agency_id: int
    platform_id: int
    status: str
    passengers: int
    start_at: dt.datetime
    end_at: dt.datetime
    origin: str
    destinations: str
    purpose: str
    category: str
    urgent: bool
    slip_no: str | None
    vehicle_id: int | None
    driver_id: int | None
    odometer_start: int | None
    odometer_end: int | None
    energy_cost: Decimal
    tolls: Decimal
    parking: Decimal
    rating: int | None


class TripIn(Schema):
    agency_id: int = Field(ge=1, le=2**62)
    passengers: int = Field(ge=1, le=60)
    passenger_names: str = Field("", max_length=200)
    start_at: dt.datetime
    end_at: dt.datetime
    origin: str = Field(min_length=1, max_length=100)
    destinations: str = Field(min_length=1, max_length=300)
    purpose: str = Field(min_length=1, max_length=300)
    category: str = VehicleCategory.OTHER
    urgent: bool = False


class DecideIn(Schema):
    approve: bool
    note: str = Field("", max_length=200)


class DispatchIn(Schema):
    vehicle_id: int = Field(ge=1, le=2**62)
    driver_id: int = Field(ge=1, le=2**62)


class PassIn(Schema):
    platform_id: int = Field(ge=1, le=2**62)


class CloseIn(Schema):
    odometer_start: int = Field(ge=0, le=2_000_000)
    odometer_end: int = Field(ge=0, le=2_000_000)
    actual_start: dt.datetime
    actual_end: dt.datetime
    fuel_litres: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=2)
    charge_kwh: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=2)
    energy_cost: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=2)
    tolls: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=2)
    parking: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=2)


class RateIn(Schema):
    rating: int = Field(ge=1, le=5)
    note: str = Field("", max_length=200)


class FreeOut(Schema):
    vehicles: list[dict[str, Any]]
    drivers: list[dict[str, Any]]


def _trip(request: Any, trip_id: int) -> Trip:
    trip: Trip = visible_or_404(Trip.objects.select_related("platform__region", "driver"),
                                request.user, pk=trip_id)
    return trip


@router.get("/trips", response=list[TripOut])
@paginate(Pagination, page_size=100)
def list_trips(request: Any, q: str = "", status: str = "", month: str = "") -> Any:
    require(request.user, Perm.VIEW_TRAVEL)
    trips, _ = queries.trips_for(request.user, {"q": q, "status": status, "month": month})
    return trips


@router.get("/trips/{trip_id}", response=TripOut)
def get_trip(request: Any, trip_id: int) -> Any:
    return _trip(request, trip_id)


@router.post("/trips", response={201: TripOut})
def submit_trip(request: Any, payload: TripIn) -> Any:
    require(request.user, Perm.REQUEST_TRIP)
    agency = visible_or_404(Agency.objects, request.user, Perm.REQUEST_TRIP, pk=payload.agency_id)
    if payload.category not in VehicleCategory.values:
        raise ValidationError({"category": "车辆类别无效"})
    return 201, actions.trip_submit(agency=agency, data=payload.dict(exclude={"agency_id"}),
                                    actor=request.user)


@router.post("/trips/{trip_id}/decide", response=TripOut)
def decide_trip(request: Any, trip_id: int, payload: DecideIn) -> Any:
    trip = _trip(request, trip_id)
    require(request.user, Perm.APPROVE_TRIP, trip)
    return actions.trip_decide(trip=trip, approve=payload.approve, note=payload.note,
                               actor=request.user)


@router.get("/platforms/{platform_id}/free", response=FreeOut)
def free(request: Any, platform_id: int, start: dt.datetime, end: dt.datetime,
         passengers: int = 1) -> Any:
    platform = visible_or_404(Platform.objects, request.user, pk=platform_id)
    if end <= start:
        raise ValidationError({"end": "结束时间须晚于开始时间"})
    return {"vehicles": list(queries.free_vehicles(platform, start, end, passengers=passengers)
                             .values("id", "plate", "seats", "category", "new_energy")),
            "drivers": list(queries.free_drivers(platform, start, end).values("id", "name"))}


@router.post("/trips/{trip_id}/dispatch", response=TripOut)
def dispatch_trip(request: Any, trip_id: int, payload: DispatchIn) -> Any:
    trip = _trip(request, trip_id)
    require(request.user, Perm.DISPATCH_TRIP, trip.platform)
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=payload.vehicle_id)
    driver = visible_or_404(Driver.objects, request.user, pk=payload.driver_id)
    return actions.trip_dispatch(trip=trip, vehicle=vehicle, driver=driver, actor=request.user)


@router.post("/trips/{trip_id}/pass", response=TripOut)
def pass_trip(request: Any, trip_id: int, payload: PassIn) -> Any:
    trip = _trip(request, trip_id)
    require(request.user, Perm.DISPATCH_TRIP, trip.platform)
    to = Platform.objects.filter(pk=payload.platform_id).first()
    if to is None:
        raise ValidationError({"platform_id": "平台不存在"})
    return actions.trip_pass(trip=trip, to=to, actor=request.user)


@router.post("/trips/{trip_id}/close", response=TripOut)
def close_trip(request: Any, trip_id: int, payload: CloseIn) -> Any:
    trip = _trip(request, trip_id)
    own = (trip.driver is not None and trip.driver.user_id == request.user.pk
           and can(request.user, Perm.DRIVE_TRIP, trip.platform))
    if not (own or can(request.user, Perm.DISPATCH_TRIP, trip.platform)):
        raise PermissionDenied("没有权限：回场登记")
    return actions.trip_close(trip=trip, data=payload.dict(), actor=request.user)


@router.post("/trips/{trip_id}/rate", response=TripOut)
def rate_trip(request: Any, trip_id: int, payload: RateIn) -> Any:
    trip = _trip(request, trip_id)
    require(request.user, Perm.REQUEST_TRIP, trip)
    return actions.trip_rate(trip=trip, rating=payload.rating, note=payload.note,
                             actor=request.user)
