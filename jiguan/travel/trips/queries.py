"""Reads of one platform and one network: trip lists, free vehicles and drivers for a
window, the network's load and queues."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from jiguan.travel.trips.forms import TripFilterForm
from jiguan.travel.trips.models import BUSY, Driver, Trip, TripQuerySet, TripStatus
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleQuerySet, VehicleStatus


def trips_for(user: Any, params: Any) -> tuple[TripQuerySet, TripFilterForm]:
    form = TripFilterForm(params or None)
    qs = Trip.objects.visible_to(user).select_related("agency", "platform", "vehicle", "driver")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(slip_no__icontains=d["q"]) | Q(purpose__icontains=d["q"])
                           | Q(destinations__icontains=d["q"]))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("month"):
            m = d["month"]
            qs = qs.filter(start_at__year=m.year, start_at__month=m.month)
    elif form.is_bound:
        qs = qs.none()
    return qs, form


def free_vehicles(platform: Platform, start: dt.datetime, end: dt.datetime, *,
                  passengers: int = 1, category: str = "") -> VehicleQuerySet:
    """The platform's vehicles in service, with the seats, not held by a dispatched trip
    overlapping [start, end)."""
    busy = Trip.objects.busy_between(start, end).filter(vehicle__isnull=False).values("vehicle_id")
    qs = Vehicle.objects.filter(platform=platform, status=VehicleStatus.IN_SERVICE,
                                seats__gte=passengers).exclude(pk__in=busy)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("seats", "plate")


def free_drivers(platform: Platform, start: dt.datetime, end: dt.datetime) -> Any:
    busy = Trip.objects.busy_between(start, end).filter(driver__isnull=False).values("driver_id")
    return (Driver.objects.filter(platform=platform, active=True).exclude(pk__in=busy)
            .order_by("name"))


def pass_targets(trip: Trip) -> list[Platform]:
    """The platforms a trip may be passed to: the one above and those beside (same parent)."""
    region = trip.platform.region
    q = Q(pk__in=[])
    if region.parent_id:
        q |= Q(region_id=region.parent_id) | Q(region__parent_id=region.parent_id)
    return list(Platform.objects.filter(q).exclude(pk=trip.platform_id)
                .select_related("region").order_by("region__path"))


def network_load(user: Any, now: dt.datetime) -> list[dict[str, Any]]:
    """Each platform in scope: vehicles, those out now, the queue waiting for dispatch."""
    platforms = Platform.objects.visible_to(user).select_related("region")
    vehicles = dict(Vehicle.objects.filter(platform__in=platforms, status=VehicleStatus.IN_SERVICE)
                    .order_by().values("platform_id").annotate(n=Count("pk"))
                    .values_list("platform_id", "n"))
    out_now = dict(Trip.objects.filter(platform__in=platforms, status__in=BUSY,
                                       start_at__lte=now, end_at__gt=now)
                   .order_by().values("platform_id").annotate(n=Count("pk"))
                   .values_list("platform_id", "n"))
    queue = dict(Trip.objects.filter(platform__in=platforms, status=TripStatus.APPROVED)
                 .order_by().values("platform_id").annotate(n=Count("pk"))
                 .values_list("platform_id", "n"))
    rows = []
    for p in platforms:
        total = vehicles.get(p.pk, 0)
        busy = out_now.get(p.pk, 0)
        rows.append({"platform": p, "vehicles": total, "out": busy, "queue": queue.get(p.pk, 0),
                     "load": (100 * busy / total) if total else None})
    return rows
