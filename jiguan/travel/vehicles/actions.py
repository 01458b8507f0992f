"""Every write of one standard: platforms, standard versions, establishment, the vehicle
ledger. One transaction and one audit row each; the rules refuse here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jiguan.audit.record import diff, record, snapshot
from jiguan.travel.vehicles import rules
from jiguan.travel.vehicles.data import SERVICE_LIFE_YEARS
from jiguan.travel.vehicles.models import (
    DisposalReason,
    Establishment,
    Platform,
    Vehicle,
    VehicleCategory,
    VehicleStandard,
    VehicleStatus,
)

VEHICLE_FIELDS = (
    "plate", "category", "body", "make", "domestic", "new_energy", "price", "displacement",
    "battery_kwh", "tank_litres", "seats", "purchase_date", "odometer_km", "insurer", "garage",
    "filling_station", "platform", "agency")
STANDARD_FIELDS = ("category", "new_energy", "price_cap", "displacement_cap",
                   "service_life_years", "effective_from", "verified", "source")


@transaction.atomic
def platform_create(*, region: Any, name: str, actor: Any) -> Platform:
    if Platform.objects.filter(region=region).exists():
        raise ValidationError({"region": f"{region.name}已有用车平台"})
    p = Platform(region=region, name=name, created_by=actor, updated_by=actor)
    p.full_clean()
    p.save()
    record(actor=actor, event="travel.platform.created", target=p,
           changes={"name": [None, name], "region": [None, str(region)]})
    return p


def platform_for_region(region: Any) -> Platform | None:
    """The platform serving a region: its own, else the nearest above."""
    paths = [p for p in _prefixes(region.path)]
    return (Platform.objects.filter(region__path__in=paths).select_related("region")
            .order_by("-region__path").first())


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


@transaction.atomic
def standard_create(*, data: Mapping[str, Any], actor: Any) -> VehicleStandard:
    """A new version of a standard (the older versions stay for vehicles bought under them)."""
    s = VehicleStandard(created_by=actor, updated_by=actor)
    for k in STANDARD_FIELDS:
        if k in data:
            setattr(s, k, data[k])
    s.full_clean()
    s.save()
    record(actor=actor, event="travel.standard.created", target=s,
           changes={k: [None, v] for k, v in snapshot(s, STANDARD_FIELDS).items()})
    return s


@transaction.atomic
def establishment_set(*, platform: Platform | None = None, agency: Any = None, category: str,
                      quota: int, approval_doc: str = "", actor: Any) -> Establishment:
    """Set (create or change) the establishment of one holder and category; a quota below
    the vehicles already held is refused."""
    if (platform is None) == (agency is None):
        raise ValidationError({"agency": "请选择单位或平台（二者选一）"})
    holder = platform or agency
    held = _held(platform=platform, agency=agency, category=category)
    if quota < held:
        raise ValidationError({"quota": f"{holder}已有该类车辆 {held} 辆，编制数不能少于 {held}"})
    est = (Establishment.objects.select_for_update()
           .filter(platform=platform, agency=agency, category=category).first())
    before = snapshot(est, ("quota", "approval_doc")) if est else {"quota": None,
                                                                   "approval_doc": None}
    if est is None:
        est = Establishment(platform=platform, agency=agency, category=category,
                            region=holder.region, created_by=actor)
    est.quota = quota
    est.approval_doc = approval_doc
    est.updated_by = actor
    est.full_clean()
    est.save()
    record(actor=actor, event="travel.establishment.set", target=est,
           changes=diff(before, snapshot(est, ("quota", "approval_doc"))))
    return est


def _held(*, platform: Platform | None, agency: Any, category: str,
          exclude_pk: int | None = None) -> int:
    qs = Vehicle.objects.active().filter(category=category)
    qs = qs.filter(platform=platform) if platform is not None else qs.filter(agency=agency)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def standard_for(vehicle: Vehicle) -> VehicleStandard | None:
    found = rules.standard_in_force(
        VehicleStandard.objects.filter(new_energy=vehicle.new_energy),
        category=vehicle.category, new_energy=vehicle.new_energy, on=vehicle.purchase_date)
    return found if isinstance(found, VehicleStandard) else None


def _check(v: Vehicle, *, holder_changed: bool) -> None:
    errors: dict[str, str] = {}
    if v.platform_id is None and v.agency_id is None:
        errors["platform"] = "请选择所属平台或所属单位（二者选一）"
    if v.platform_id is not None and v.agency_id is not None:
        errors["agency"] = "车辆只能属于一个平台或一个单位"
    if v.new_energy and not (v.battery_kwh or v.displacement):
        errors["battery_kwh"] = "新能源车须填写电池容量"
    if not v.new_energy and not v.displacement:
        errors["displacement"] = "燃油车须填写排气量"
    if not v.new_energy and not v.tank_litres:
        errors["tank_litres"] = "燃油车须填写油箱容积"
    if v.purchase_date and v.purchase_date > dt.date.today():
        errors["purchase_date"] = "购置日期不能晚于今天"
    if not v.domestic:
        errors["domestic"] = f"非国产车不能登记为公务用车（{rules.DOMESTIC_RULE}）"
    if errors:
        raise ValidationError(errors)
    for breach in rules.cap_breaches(standard_for(v), price=v.price,
                                     displacement=None if v.new_energy else v.displacement):
        errors.setdefault(breach.field, breach.message)
    if errors:
        raise ValidationError(errors)
    if holder_changed:
        holder = v.platform or v.agency
        est = (Establishment.objects.select_for_update()
               .filter(platform=v.platform, agency=v.agency, category=v.category)
               .first())
        refusal = rules.establishment_refusal(
            holder=str(holder), category_label=VehicleCategory(v.category).label,
            quota=est.quota if est else None,
            held=_held(platform=v.platform, agency=v.agency, category=v.category,
                       exclude_pk=v.pk))
        if refusal:
            raise ValidationError({"category": refusal})


@transaction.atomic
def vehicle_create(*, data: Mapping[str, Any], actor: Any) -> Vehicle:
    v = Vehicle(created_by=actor, updated_by=actor)
    for k in VEHICLE_FIELDS:
        if k in data:
            setattr(v, k, data[k])
    holder = v.platform or v.agency
    if holder is not None:
        v.region = holder.region
    _check(v, holder_changed=True)
    v.full_clean()
    v.save()
    record(actor=actor, event="travel.vehicle.created", target=v,
           changes={k: [None, val] for k, val in snapshot(v, VEHICLE_FIELDS).items()
                    if val not in (None, "")})
    return v


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    if vehicle.status == VehicleStatus.DISPOSED:
        raise ValidationError({"status": "已处置的车辆不能修改"})
    before = snapshot(vehicle, VEHICLE_FIELDS)
    old = (vehicle.platform_id, vehicle.agency_id, vehicle.category)
    for k in VEHICLE_FIELDS:
        if k in data and k != "odometer_km":
            setattr(vehicle, k, data[k])
    holder = vehicle.platform or vehicle.agency
    if holder is not None:
        vehicle.region = holder.region
    _check(vehicle, holder_changed=old != (vehicle.platform_id, vehicle.agency_id,
                                           vehicle.category))
    vehicle.full_clean()
    changes = diff(before, snapshot(vehicle, VEHICLE_FIELDS))
    if changes:
        vehicle.updated_by = actor
        vehicle.save()
        record(actor=actor, event="travel.vehicle.updated", target=vehicle, changes=changes)
    return changes


def service_life_of(vehicle: Vehicle) -> int:
    s = standard_for(vehicle)
    return s.service_life_years if s else rules_default_life()


def rules_default_life() -> int:
    return SERVICE_LIFE_YEARS


@transaction.atomic
def vehicle_dispose(*, vehicle: Vehicle, reason: str, on: dt.date, actor: Any) -> Vehicle:
    """Take a vehicle out of the ledger (its slot in the establishment is freed)."""
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    if vehicle.status == VehicleStatus.DISPOSED:
        raise ValidationError({"status": "该车已处置"})
    if reason not in DisposalReason.values:
        raise ValidationError({"reason": "请选择处置原因"})
    if on > dt.date.today():
        raise ValidationError({"on": "处置日期不能晚于今天"})
    refusal = rules.disposal_refusal(reason=reason, purchase_date=vehicle.purchase_date,
                                     service_life_years=service_life_of(vehicle), on=on)
    if refusal:
        raise ValidationError({"reason": refusal})
    vehicle.status = VehicleStatus.DISPOSED
    vehicle.disposed_on = on
    vehicle.disposal_reason = reason
    vehicle.updated_by = actor
    vehicle.save()
    record(actor=actor, event="travel.vehicle.disposed", target=vehicle,
           changes={"status": [VehicleStatus.IN_SERVICE.label, VehicleStatus.DISPOSED.label],
                    "disposal_reason": [None, DisposalReason(reason).label]})
    return vehicle
