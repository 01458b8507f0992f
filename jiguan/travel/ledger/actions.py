"""Every write of one ledger: the booking of a closed trip, other vehicle costs, rates and
statements. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from jiguan.audit.record import record
from jiguan.travel.ledger import rules
from jiguan.travel.ledger.models import Charge, CostEntry, CostKind, Rate, Statement
from jiguan.travel.trips.models import Trip, TripStatus
from jiguan.travel.vehicles.models import Platform, Vehicle


def book_trip(*, trip: Trip, actor: Any) -> Charge:
    """The closed trip's costs as vehicle entries, and its charge to the agency. Runs inside
    the closing transaction (trips.actions.trip_close sends trip_closed), whose audit row
    names the costs; it writes no audit row of its own."""
    if trip.status != TripStatus.CLOSED or trip.actual_end is None or trip.actual_start is None:
        raise ValidationError({"status": "只有已回场的行程可以入账"})
    day = timezone.localtime(trip.actual_end).date()
    vehicle = trip.vehicle
    assert vehicle is not None  # a closed trip was dispatched
    entries = []
    energy_kind = CostKind.CHARGING if vehicle.new_energy else CostKind.FUEL
    for kind, amount in ((energy_kind, trip.energy_cost), (CostKind.TOLL, trip.tolls),
                         (CostKind.PARKING, trip.parking)):
        if amount:
            entries.append(CostEntry(vehicle=vehicle, trip=trip, kind=kind, date=day,
                                     amount=amount, note=f"派车单 {trip.slip_no}",
                                     created_by=actor, updated_by=actor))
    CostEntry.objects.bulk_create(entries)
    costs = sum((e.amount for e in entries), Decimal("0.00"))
    rate = rules.rate_in_force(Rate.objects.filter(platform_id=trip.platform_id), day)
    km = trip.distance_km or 0
    hours = rules.hours_between(trip.actual_start, trip.actual_end)
    service = rules.service_charge(rate, km=km, hours=hours)
    return Charge.objects.create(
        trip=trip, agency_id=trip.agency_id, vehicle=vehicle, month=rules.month_of(day),
        rate=rate if isinstance(rate, Rate) else None, km=km, hours=hours, service=service,
        costs=costs, amount=service + costs, created_by=actor, updated_by=actor)


def on_trip_closed(sender: Any, trip: Trip, actor: Any, **kwargs: Any) -> None:
    book_trip(trip=trip, actor=actor)


@transaction.atomic
def rate_set(*, platform: Platform, per_km: Decimal, per_hour: Decimal, per_trip: Decimal,
             effective_from: dt.date, source: str, actor: Any) -> Rate:
    for name, value in (("per_km", per_km), ("per_hour", per_hour), ("per_trip", per_trip)):
        if value < 0:
            raise ValidationError({name: "收费标准不能为负数"})
    rate = Rate(platform=platform, per_km=per_km, per_hour=per_hour, per_trip=per_trip,
                effective_from=effective_from, source=source, created_by=actor, updated_by=actor)
    rate.full_clean()
    rate.save()
    record(actor=actor, event="travel.rate.created", target=rate,
           changes={"per_km": [None, str(per_km)], "per_hour": [None, str(per_hour)],
                    "per_trip": [None, str(per_trip)], "effective_from": [None, effective_from]})
    return rate


@transaction.atomic
def cost_create(*, vehicle: Vehicle, kind: str, date: dt.date, amount: Decimal, note: str = "",
                actor: Any) -> CostEntry:
    """A cost not tied to a trip: maintenance, insurance, depreciation, a fill-up at the
    designated station."""
    if kind not in CostKind.values:
        raise ValidationError({"kind": "请选择费用类别"})
    if amount <= 0:
        raise ValidationError({"amount": "金额必须大于 0"})
    if date > dt.date.today():
        raise ValidationError({"date": "日期不能晚于今天"})
    if date < vehicle.purchase_date:
        raise ValidationError({"date": "日期不能早于车辆购置日期"})
    entry = CostEntry(vehicle=vehicle, kind=kind, date=date, amount=amount, note=note,
                      created_by=actor, updated_by=actor)
    entry.full_clean()
    entry.save()
    record(actor=actor, event="travel.cost.created", target=entry,
           changes={"kind": [None, entry.get_kind_display()], "amount": [None, str(amount)],
                    "date": [None, date]})
    return entry


@transaction.atomic
def statement_issue(*, agency: Any, month: dt.date, actor: Any) -> Statement:
    """Issue an agency's statement for a finished month (the figures are frozen in it)."""
    month = rules.month_of(month)
    if rules.next_month(month) > timezone.localdate():
        raise ValidationError({"month": "当月尚未结束，不能出结算单"})
    if Statement.objects.filter(agency=agency, month=month).exists():
        raise ValidationError({"month": f"{agency.name} {month:%Y年%m月} 已出结算单"})
    totals = Charge.objects.filter(agency=agency, month=month).aggregate(
        n=Count("pk"), km=Sum("km"), amount=Sum("amount"))
    if not totals["n"]:
        raise ValidationError({"month": f"{agency.name} {month:%Y年%m月} 没有用车记录"})
    st = Statement.objects.create(agency=agency, month=month, trips=totals["n"],
                                  km=totals["km"] or 0, amount=totals["amount"],
                                  created_by=actor, updated_by=actor)
    record(actor=actor, event="travel.statement.issued", target=st,
           changes={"trips": [None, st.trips], "amount": [None, str(st.amount)]})
    return st
