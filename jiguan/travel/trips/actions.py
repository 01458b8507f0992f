"""Every write of one platform and one network: request, decide, dispatch, pass, close,
rate, cancel; drivers. One transaction with one audit row each; the rules refuse here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.todo.actions import task_create, tasks_close_for_subject
from jiguan.travel.trips import rules
from jiguan.travel.trips.models import BUSY, Driver, Trip, TripStatus
from jiguan.travel.trips.queries import free_vehicles
from jiguan.travel.trips.signals import trip_closed
from jiguan.travel.vehicles.actions import platform_for_region
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleStatus

APPROVE_TASK = "travel.trip.approve"
DISPATCH_TASK = "travel.trip.dispatch"
CLOSE_TASK = "travel.trip.close"
TRIP_FIELDS = ("passengers", "passenger_names", "start_at", "end_at", "origin", "destinations",
               "purpose", "category", "urgent")


def _url(trip: Trip) -> str:
    return reverse("travel:trip_detail", args=[trip.pk])


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _check_request(trip: Trip) -> None:
    problem = rules.window_problem(trip.start_at, trip.end_at)
    if problem:
        raise ValidationError({"end_at": problem})
    problem = rules.holiday_problem(_local_date(trip.start_at), _local_date(trip.end_at),
                                    urgent=trip.urgent)
    if problem:
        raise ValidationError({"start_at": problem})


@transaction.atomic
def driver_create(*, platform: Platform, name: str, phone: str = "", licence_class: str = "C1",
                  user: Any = None, actor: Any) -> Driver:
    d = Driver(platform=platform, name=name, phone=phone, licence_class=licence_class,
               user=user, created_by=actor, updated_by=actor)
    d.full_clean()
    d.save()
    record(actor=actor, event="travel.driver.created", target=d,
           changes={"name": [None, name], "platform": [None, str(platform)]})
    return d


DRIVER_FIELDS = ("name", "phone", "licence_class", "active")


@transaction.atomic
def driver_update(*, driver: Driver, data: Mapping[str, Any], actor: Any,
                  now: dt.datetime | None = None) -> dict[str, Any]:
    """Edit a driver and link (or unlink) their login account. The account must hold the
    driver role (驾驶员) over the driver's platform and belong to no other driver; a driver
    still holding a dispatched trip cannot be taken off duty."""
    driver = Driver.objects.select_for_update(of=("self",)).select_related(
        "platform__region", "user").get(
        pk=driver.pk)
    before = {k: getattr(driver, k) for k in DRIVER_FIELDS}
    before["user"] = driver.user.username if driver.user else None
    for k in DRIVER_FIELDS:
        if k in data:
            setattr(driver, k, data[k])
    if "user" in data:
        user = data["user"]
        if user is not None:
            if not can_at(user, Perm.DRIVE_TRIP, region_path=driver.platform.region.path,
                          agency_id=None):
                raise ValidationError({"user": f"账号 {user.username} 没有{driver.platform}的"
                                               f"驾驶员角色，请先由安全管理员授权"})
            other = Driver.objects.filter(user=user).exclude(pk=driver.pk).first()
            if other is not None:
                raise ValidationError({"user": f"账号 {user.username} 已关联驾驶员"
                                               f"{other.name}（{other.platform}）"})
        driver.user = user
    if before["active"] and not driver.active:
        held = list(Trip.objects.filter(driver=driver, status__in=BUSY,
                                        end_at__gt=now or timezone.now())
                    .order_by("start_at").values_list("slip_no", flat=True)[:5])
        slips = "、".join(str(n) for n in held)
        if held:
            raise ValidationError({"active": "该驾驶员仍有已派车的行程（派车单 "
                                             + slips + "），请先改派后再设为不在岗"})
    driver.full_clean()
    after = {k: getattr(driver, k) for k in DRIVER_FIELDS}
    after["user"] = driver.user.username if driver.user else None
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        driver.updated_by = actor
        driver.save()
        record(actor=actor, event="travel.driver.updated", target=driver, changes=changes)
    return changes


@transaction.atomic
def trip_submit(*, agency: Any, data: Mapping[str, Any], actor: Any) -> Trip:
    """An agency's request; it goes to the platform of the agency's region."""
    platform = platform_for_region(agency.region)
    if platform is None:
        raise ValidationError({"agency": f"{agency.region.full_name}及其上级尚未开通用车平台"})
    trip = Trip(agency=agency, requester=actor, platform=platform, created_by=actor,
                updated_by=actor)
    for k in TRIP_FIELDS:
        if k in data:
            setattr(trip, k, data[k])
    _check_request(trip)
    trip.full_clean()
    trip.save()
    record(actor=actor, event="travel.trip.submitted", target=trip,
           changes={"purpose": [None, trip.purpose], "start_at": [None, trip.start_at],
                    "end_at": [None, trip.end_at], "platform": [None, str(platform)]})
    task_create(kind=APPROVE_TASK, title=f"审批用车申请：{trip.purpose[:60]}",
                assignee_role=Role.TRIP_APPROVER, region=agency.region, agency=agency,
                subject=trip, subject_url=_url(trip), due_date=_local_date(trip.start_at),
                actor=actor)
    return trip


def _locked(trip: Trip) -> Trip:
    return Trip.objects.select_for_update().select_related(
        "agency__region", "platform__region").get(pk=trip.pk)


@transaction.atomic
def trip_decide(*, trip: Trip, approve: bool, note: str = "", actor: Any) -> Trip:
    trip = _locked(trip)
    if trip.status != TripStatus.SUBMITTED:
        raise ValidationError({"status": f"该申请当前为“{trip.get_status_display()}”，不能审批"})
    if not approve and not note.strip():
        raise ValidationError({"note": "不批准须填写意见"})
    if approve:
        _check_request(trip)
    trip.status = TripStatus.APPROVED if approve else TripStatus.REJECTED
    trip.decided_by = actor
    trip.decided_at = timezone.now()
    trip.decision_note = note
    trip.updated_by = actor
    trip.save()
    record(actor=actor, event="travel.trip.approved" if approve else "travel.trip.rejected",
           target=trip, changes={"status": [TripStatus.SUBMITTED.label,
                                            trip.get_status_display()], "note": [None, note]})
    tasks_close_for_subject(subject=trip, kind=APPROVE_TASK, actor=actor,
                            note="已批准" if approve else "未批准")
    if approve:
        _dispatch_task(trip, actor)
    return trip


def _dispatch_task(trip: Trip, actor: Any) -> None:
    task_create(kind=DISPATCH_TASK, title=f"派车：{trip.agency.name} {trip.purpose[:50]}",
                assignee_role=Role.DISPATCHER, region=trip.platform.region, subject=trip,
                subject_url=_url(trip), due_date=_local_date(trip.start_at), actor=actor)


@transaction.atomic
def trip_dispatch(*, trip: Trip, vehicle: Vehicle, driver: Driver, actor: Any) -> Trip:
    """Assign a vehicle and a driver and number the slip. The vehicle and driver rows are
    locked first: two dispatchers assigning the same vehicle at once are serialised, and the
    second finds it taken."""
    trip = _locked(trip)
    if trip.status != TripStatus.APPROVED:
        raise ValidationError({"status": f"该申请当前为“{trip.get_status_display()}”，不能派车"})
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    driver = Driver.objects.select_for_update().get(pk=driver.pk)
    if vehicle.platform_id != trip.platform_id:
        raise ValidationError({"vehicle": f"车辆 {vehicle.plate} 不属于承办平台"
                                          f"（{rules.DISPATCH_RULE}）"})
    if driver.platform_id != trip.platform_id or not driver.active:
        raise ValidationError({"driver": f"驾驶员 {driver.name} 不在承办平台在岗"})
    if vehicle.status != VehicleStatus.IN_SERVICE:
        raise ValidationError({"vehicle": f"车辆 {vehicle.plate} 当前"
                                          f"{vehicle.get_status_display()}"})
    problem = rules.seats_problem(trip.passengers, vehicle.seats)
    if problem:
        raise ValidationError({"vehicle": problem})
    _check_request(trip)
    clash = (Trip.objects.busy_between(trip.start_at, trip.end_at).filter(vehicle=vehicle)
             .exclude(pk=trip.pk).first())
    if clash:
        raise ValidationError({"vehicle": f"车辆 {vehicle.plate} 在该时段已派出（派车单 "
                                          f"{clash.slip_no}）"})
    clash = (Trip.objects.busy_between(trip.start_at, trip.end_at).filter(driver=driver)
             .exclude(pk=trip.pk).first())
    if clash:
        raise ValidationError({"driver": f"驾驶员 {driver.name} 在该时段已有任务（派车单 "
                                         f"{clash.slip_no}）"})
    platform = Platform.objects.select_for_update().select_related("region").get(
        pk=trip.platform_id)
    year = _local_date(trip.start_at).year
    prefix = rules.slip_number(platform.region.code, year, 0)[:-6]
    serial = Trip.objects.filter(slip_no__startswith=prefix).count() + 1
    trip.slip_no = rules.slip_number(platform.region.code, year, serial)
    trip.vehicle = vehicle
    trip.driver = driver
    trip.status = TripStatus.DISPATCHED
    trip.dispatched_by = actor
    trip.dispatched_at = timezone.now()
    trip.updated_by = actor
    trip.save()
    record(actor=actor, event="travel.trip.dispatched", target=trip,
           changes={"status": [TripStatus.APPROVED.label, TripStatus.DISPATCHED.label],
                    "vehicle": [None, vehicle.plate], "driver": [None, driver.name],
                    "slip_no": [None, trip.slip_no]})
    tasks_close_for_subject(subject=trip, kind=DISPATCH_TASK, actor=actor, note="已派车")
    task_create(kind=CLOSE_TASK, title=f"出车并回场登记：派车单 {trip.slip_no}",
                assignee_role=Role.DRIVER, region=platform.region, subject=trip,
                subject_url=_url(trip), due_date=_local_date(trip.end_at), actor=actor)
    return trip


@transaction.atomic
def trip_pass(*, trip: Trip, to: Platform, actor: Any) -> Trip:
    """Pass an approved request up or sideways to a platform that has a free vehicle."""
    trip = _locked(trip)
    if trip.status != TripStatus.APPROVED:
        raise ValidationError({"status": "只有待派车的申请可以转办"})
    here = trip.platform.region
    there = Platform.objects.select_related("region").get(pk=to.pk).region
    if not here.parent_id or not (there.pk == here.parent_id or there.parent_id == here.parent_id):
        raise ValidationError({"to": "只能转给上级平台或同级平台"})
    if there.pk == here.pk:
        raise ValidationError({"to": "已在该平台"})
    if not free_vehicles(to, trip.start_at, trip.end_at, passengers=trip.passengers).exists():
        raise ValidationError({"to": f"{to.name}在该时段没有空闲车辆"})
    old = str(trip.platform)
    trip.platform = to
    trip.updated_by = actor
    trip.save(update_fields=["platform", "updated_by", "updated_at"])
    record(actor=actor, event="travel.trip.passed", target=trip,
           changes={"platform": [old, to.name]})
    tasks_close_for_subject(subject=trip, kind=DISPATCH_TASK, actor=actor, note=f"转{to.name}")
    trip.platform = Platform.objects.select_related("region").get(pk=to.pk)
    _dispatch_task(trip, actor)
    return trip


def _money(value: Any, field: str, errors: dict[str, str]) -> Decimal:
    amount = Decimal(value or 0)
    if amount < 0:
        errors[field] = "金额不能为负数"
    return amount


@transaction.atomic
def trip_close(*, trip: Trip, data: Mapping[str, Any], actor: Any) -> Trip:
    """The driver's return (回场登记): odometer, times, fuel or charge, tolls, parking. The
    vehicle's odometer moves on; the ledger books the costs and the charge (trip_closed)."""
    trip = _locked(trip)
    if trip.status != TripStatus.DISPATCHED:
        raise ValidationError({"status": f"该申请当前为“{trip.get_status_display()}”，"
                                         "不能回场登记"})
    vehicle = Vehicle.objects.select_for_update().get(pk=trip.vehicle_id or 0)
    errors: dict[str, str] = {}
    start, end = int(data["odometer_start"]), int(data["odometer_end"])
    problem = rules.odometer_problem(last=vehicle.odometer_km, start=start, end=end)
    if problem:
        errors[problem[0]] = problem[1]
    problem = rules.execution_window_problem(
        start_at=trip.start_at, end_at=trip.end_at, actual_start=data["actual_start"],
        actual_end=data["actual_end"])
    if problem:
        errors.setdefault(problem[0], problem[1])
    litres, kwh = data.get("fuel_litres"), data.get("charge_kwh")
    problem = rules.fuel_problem(litres=litres, tank=vehicle.tank_litres, kwh=kwh,
                                 battery=vehicle.battery_kwh)
    if problem:
        errors.setdefault(problem[0], problem[1])
    costs = {f: _money(data.get(f), f, errors) for f in ("energy_cost", "tolls", "parking")}
    if errors:
        raise ValidationError(errors)
    trip.odometer_start, trip.odometer_end = start, end
    trip.actual_start, trip.actual_end = data["actual_start"], data["actual_end"]
    trip.fuel_litres, trip.charge_kwh = litres, kwh
    for f, amount in costs.items():
        setattr(trip, f, amount)
    trip.status = TripStatus.CLOSED
    trip.updated_by = actor
    trip.full_clean()
    trip.save()
    old_odometer = vehicle.odometer_km
    vehicle.odometer_km = end
    vehicle.save(update_fields=["odometer_km", "updated_at"])
    record(actor=actor, event="travel.trip.closed", target=trip,
           changes={"status": [TripStatus.DISPATCHED.label, TripStatus.CLOSED.label],
                    "odometer": [old_odometer, end], "distance_km": [None, end - start],
                    **{f: [None, str(v)] for f, v in costs.items()}})
    tasks_close_for_subject(subject=trip, kind=CLOSE_TASK, actor=actor, note="已回场")
    trip_closed.send(sender=Trip, trip=trip, actor=actor)
    return trip


@transaction.atomic
def trip_rate(*, trip: Trip, rating: int, note: str = "", actor: Any) -> Trip:
    trip = _locked(trip)
    if trip.status != TripStatus.CLOSED:
        raise ValidationError({"rating": "行程回场后才能评价"})
    if trip.rating is not None:
        raise ValidationError({"rating": "该行程已评价"})
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "评价应为 1 至 5 星"})
    trip.rating, trip.rating_note, trip.updated_by = rating, note, actor
    trip.save(update_fields=["rating", "rating_note", "updated_by", "updated_at"])
    record(actor=actor, event="travel.trip.rated", target=trip,
           changes={"rating": [None, rating], "rating_note": [None, note]})
    return trip


@transaction.atomic
def trip_cancel(*, trip: Trip, actor: Any) -> Trip:
    trip = _locked(trip)
    if trip.status not in (TripStatus.SUBMITTED, TripStatus.APPROVED, TripStatus.DISPATCHED):
        raise ValidationError({"status": f"该申请当前为“{trip.get_status_display()}”，不能取消"})
    old = trip.get_status_display()
    trip.status = TripStatus.CANCELLED
    trip.updated_by = actor
    trip.save(update_fields=["status", "updated_by", "updated_at"])
    record(actor=actor, event="travel.trip.cancelled", target=trip,
           changes={"status": [old, TripStatus.CANCELLED.label]})
    for kind in (APPROVE_TASK, DISPATCH_TASK, CLOSE_TASK):
        tasks_close_for_subject(subject=trip, kind=kind, actor=actor, note="已取消")
    return trip


#: The states a vehicle can be switched between by hand (disposal has its own action).
SETTABLE_STATUSES = (VehicleStatus.IN_SERVICE, VehicleStatus.REPAIR, VehicleStatus.SUSPENDED)


@transaction.atomic
def vehicle_set_status(*, vehicle: Vehicle, status: str, note: str = "", actor: Any,
                       now: dt.datetime | None = None) -> Vehicle:
    """Switch a vehicle between 在用 / 维修 / 停用. Taking it out of service is refused while
    a dispatched trip still holds it (the slips are named: cancel or re-dispatch them first);
    only a vehicle in service is offered to the dispatcher."""
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    if status not in SETTABLE_STATUSES:
        raise ValidationError({"status": "只能设为在用、维修或停用；报废、更新请走处置"})
    if vehicle.status == VehicleStatus.DISPOSED:
        raise ValidationError({"status": "已处置的车辆不能修改"})
    if vehicle.status == status:
        raise ValidationError({"status": f"车辆已是“{VehicleStatus(status).label}”状态"})
    if status != VehicleStatus.IN_SERVICE:
        if not note.strip():
            raise ValidationError({"note": "请填写原因"})
        held = list(Trip.objects.filter(vehicle=vehicle, status__in=BUSY,
                                        end_at__gt=now or timezone.now())
                    .order_by("start_at").values_list("slip_no", flat=True)[:5])
        slips = "、".join(str(n) for n in held)
        if held:
            raise ValidationError({"status": "该车仍有已派车的行程（派车单 " + slips
                                   + "），请先改派或取消后再停用"})
    old = vehicle.get_status_display()
    vehicle.status = status
    vehicle.updated_by = actor
    vehicle.save(update_fields=["status", "updated_by", "updated_at"])
    changes: dict[str, Any] = {"status": [old, vehicle.get_status_display()]}
    if note.strip():
        changes["note"] = [None, note.strip()]
    record(actor=actor, event="travel.vehicle.status", target=vehicle, changes=changes)
    return vehicle
