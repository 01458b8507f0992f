"""Pages of one platform and one network: the overview, the trip list, a trip with the step
its user may take (approve, dispatch, pass, close, rate, cancel), the network's load."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require, sees_regions
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.travel.trips import actions, queries
from jiguan.travel.trips.excel import TRIP_EXPORT_COLUMNS
from jiguan.travel.trips.forms import (
    CancelForm,
    CloseForm,
    DecideForm,
    DispatchForm,
    DriverEditForm,
    DriverForm,
    PassForm,
    RateForm,
    TripForm,
    VehicleStatusForm,
)
from jiguan.travel.trips.models import Driver, Trip, TripStatus
from jiguan.travel.vehicles.models import Platform, Vehicle


def home(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    trips = Trip.objects.visible_to(request.user)
    return render(request, "travel/home.html", {
        "counts": {s.label: trips.filter(status=s).count()
                   for s in (TripStatus.SUBMITTED, TripStatus.APPROVED, TripStatus.DISPATCHED)},
        "can_request": can(request.user, Perm.REQUEST_TRIP),
        "network": queries.network_load(request.user, timezone.now())})


def trip_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    trips, form = queries.trips_for(request.user, request.GET)
    # Only the shown columns and relations (the export reads whole rows): 50 trips with
    # four related rows each were ~250 model instances and 800 date conversions a page.
    trips = trips.select_related(None).select_related("agency", "vehicle").only(
        *TRIP_LIST_FIELDS)
    page = paginate(request, trips)
    return render(request, "travel/trip_list.html", {
        "form": form, "qs": querystring(request),
        "can_request": can(request.user, Perm.REQUEST_TRIP), **page})


TRIP_LIST_FIELDS = ("start_at", "end_at", "purpose", "urgent", "destinations", "slip_no",
                    "status", "agency__name", "vehicle__plate")


trip_export = list_export(
    "travel.trip", perm=Perm.VIEW_TRAVEL, rows_for=queries.trips_for,
    columns=TRIP_EXPORT_COLUMNS, title="用车记录", describe=describe)


def trip_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.REQUEST_TRIP)
    agencies = Agency.objects.visible_to(request.user, Perm.REQUEST_TRIP).active()
    form = TripForm(request.POST or None, agencies=agencies)
    return form_action(
        request, form,
        act=lambda d: actions.trip_submit(agency=d["agency"], data=d, actor=request.user),
        done=lambda t: reverse("travel:trip_detail", args=[t.pk]),
        message="已提交用车申请，待单位审批。", template="travel/form.html",
        context={"title": "用车申请", "back": reverse("travel:trip_list")})


def _trip(request: AuthedRequest, pk: int) -> Trip:
    trip: Trip = visible_or_404(
        Trip.objects.select_related("agency__region", "platform__region", "vehicle", "driver",
                                    "requester"), request.user, pk=pk)
    return trip


def _may_close(request: AuthedRequest, trip: Trip) -> bool:
    if can(request.user, Perm.DISPATCH_TRIP, trip.platform):
        return True
    return (can(request.user, Perm.DRIVE_TRIP, trip.platform) and trip.driver is not None
            and trip.driver.user_id == request.user.pk)


def _steps(request: AuthedRequest, trip: Trip) -> dict[str, bool]:
    s = trip.status
    return {
        "decide": s == TripStatus.SUBMITTED and can(request.user, Perm.APPROVE_TRIP, trip),
        "dispatch": s == TripStatus.APPROVED and can(request.user, Perm.DISPATCH_TRIP,
                                                     trip.platform),
        "close": s == TripStatus.DISPATCHED and _may_close(request, trip),
        "rate": s == TripStatus.CLOSED and trip.rating is None
        and can(request.user, Perm.REQUEST_TRIP, trip),
        "cancel": trip.is_open and (can(request.user, Perm.REQUEST_TRIP, trip)
                                    or can(request.user, Perm.DISPATCH_TRIP, trip.platform)),
    }


def trip_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = _trip(request, pk)
    steps = _steps(request, trip)
    context: dict[str, Any] = {"trip": trip, "steps": steps,
                               "history": AuditEvent.objects.for_target(trip)[:30]}
    if steps["dispatch"]:
        context["free_vehicles"] = queries.free_vehicles(
            trip.platform, trip.start_at, trip.end_at, passengers=trip.passengers)
        context["free_drivers"] = queries.free_drivers(trip.platform, trip.start_at,
                                                       trip.end_at)
        context["targets"] = queries.pass_targets(trip)
    return render(request, "travel/trip_detail.html", context)


def _step_page(request: AuthedRequest, trip: Trip, form: Any, act: Any, title: str,
               message: str) -> HttpResponse:
    return form_action(request, form, act=act,
                       done=reverse("travel:trip_detail", args=[trip.pk]), message=message,
                       template="travel/form.html",
                       context={"title": title, "trip": trip,
                                "back": reverse("travel:trip_detail", args=[trip.pk])})


def trip_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = _trip(request, pk)
    require(request.user, Perm.APPROVE_TRIP, trip)
    return _step_page(
        request, trip, DecideForm(request.POST or None),
        lambda d: actions.trip_decide(trip=trip, approve=d["approve"], note=d["note"],
                                      actor=request.user),
        f"审批用车申请：{trip.purpose}", "已审批。")


def trip_dispatch(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = _trip(request, pk)
    require(request.user, Perm.DISPATCH_TRIP, trip.platform)
    form = DispatchForm(
        request.POST or None,
        vehicles=queries.free_vehicles(trip.platform, trip.start_at, trip.end_at,
                                       passengers=trip.passengers),
        drivers=queries.free_drivers(trip.platform, trip.start_at, trip.end_at))
    return _step_page(
        request, trip, form,
        lambda d: actions.trip_dispatch(trip=trip, vehicle=d["vehicle"], driver=d["driver"],
                                        actor=request.user),
        f"派车：{trip.agency.name} {trip.purpose}", "已派车，派车单已生成。")


def trip_pass(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = _trip(request, pk)
    require(request.user, Perm.DISPATCH_TRIP, trip.platform)
    targets = Platform.objects.filter(pk__in=[p.pk for p in queries.pass_targets(trip)])
    return _step_page(
        request, trip, PassForm(request.POST or None, platforms=targets),
        lambda d: actions.trip_pass(trip=trip, to=d["to"], actor=request.user),
        f"转办用车申请：{trip.purpose}", "已转办。")


def trip_close(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = _trip(request, pk)
    if not _may_close(request, trip):
        require(request.user, "drive_own_trip")
    initial = {"odometer_start": trip.vehicle.odometer_km if trip.vehicle else None,
               "actual_start": timezone.localtime(trip.start_at).strftime("%Y-%m-%dT%H:%M"),
               "actual_end": timezone.localtime(trip.end_at).strftime("%Y-%m-%dT%H:%M")}
    return _step_page(
        request, trip, CloseForm(request.POST or None, initial=initial),
        lambda d: actions.trip_close(trip=trip, data=d, actor=request.user),
        f"回场登记：派车单 {trip.slip_no}", "已回场登记，费用已入账。")


def trip_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = _trip(request, pk)
    require(request.user, Perm.REQUEST_TRIP, trip)
    return _step_page(
        request, trip, RateForm(request.POST or None),
        lambda d: actions.trip_rate(trip=trip, rating=d["rating"], note=d["note"],
                                    actor=request.user),
        f"评价用车服务：派车单 {trip.slip_no}", "感谢评价。")


def trip_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = _trip(request, pk)
    if not (can(request.user, Perm.REQUEST_TRIP, trip)
            or can(request.user, Perm.DISPATCH_TRIP, trip.platform)):
        require(request.user, Perm.REQUEST_TRIP, trip)
    return _step_page(request, trip, CancelForm(request.POST or None),
                      lambda d: actions.trip_cancel(trip=trip, actor=request.user),
                      f"取消用车申请：{trip.purpose}", "已取消。")


def network(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    rows = queries.network_load(request.user, timezone.now())
    queue = (Trip.objects.visible_to(request.user).filter(status=TripStatus.APPROVED)
             .select_related("agency", "platform").order_by("start_at")[:200])
    return render(request, "travel/network.html", {
        "rows": rows, "queue": queue,
        "can_open": can(request.user, Perm.MANAGE_VEHICLES)
        and sees_regions(request.user, Perm.MANAGE_VEHICLES)})


def driver_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    drivers = Driver.objects.visible_to(request.user).select_related("platform", "user")
    return render(request, "travel/driver_list.html", {
        "can_change": can(request.user, Perm.MANAGE_VEHICLES), **paginate(request, drivers)})


def driver_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_VEHICLES)
    form = DriverForm(request.POST or None,
                      platforms=Platform.objects.visible_to(request.user, Perm.MANAGE_VEHICLES))
    return form_action(
        request, form,
        act=lambda d: actions.driver_create(platform=d["platform"], name=d["name"],
                                            phone=d["phone"], licence_class=d["licence_class"],
                                            actor=request.user),
        done=reverse("travel:driver_list"), message=lambda d: f"已新增驾驶员：{d.name}",
        template="travel/form.html",
        context={"title": "新增驾驶员", "back": reverse("travel:driver_list")})


def driver_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    driver = visible_or_404(Driver.objects.select_related("platform", "user"), request.user,
                            pk=pk)
    require(request.user, Perm.MANAGE_VEHICLES, driver)
    initial = {"name": driver.name, "phone": driver.phone,
               "licence_class": driver.licence_class, "active": driver.active,
               "username": driver.user.username if driver.user else ""}
    form = DriverEditForm(request.POST or None, initial=initial)
    return form_action(
        request, form,
        act=lambda d: actions.driver_update(
            driver=driver, data={**{k: d[k] for k in actions.DRIVER_FIELDS},
                                 "user": d["username"]}, actor=request.user),
        done=reverse("travel:driver_list"), message=f"已保存驾驶员：{driver.name}",
        template="travel/form.html",
        context={"title": f"修改驾驶员：{driver.name}（{driver.platform}）",
                 "back": reverse("travel:driver_list")})


def vehicle_status(request: AuthedRequest, pk: int) -> HttpResponse:
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_VEHICLES, vehicle)
    form = VehicleStatusForm(request.POST or None, initial={"status": vehicle.status})
    return form_action(
        request, form,
        act=lambda d: actions.vehicle_set_status(vehicle=vehicle, status=d["status"],
                                                 note=d["note"], actor=request.user),
        done=reverse("travel:vehicle_detail", args=[vehicle.pk]),
        message=lambda v: f"车辆 {v.plate} 已设为“{v.get_status_display()}”",
        template="travel/form.html",
        context={"title": f"变更车辆状态：{vehicle.plate}（现为{vehicle.get_status_display()}）",
                 "back": reverse("travel:vehicle_detail", args=[vehicle.pk])})
