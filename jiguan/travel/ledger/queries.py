"""Reads of one ledger: monthly statements with their reconciliation, a vehicle's ledger,
the yearly running costs (公务用车运行费) per agency, statistics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from jiguan.access.models import Region
from jiguan.orgs.models import Agency
from jiguan.travel.ledger import rules
from jiguan.travel.ledger.models import Charge, CostEntry, CostKind, Statement
from jiguan.travel.trips.models import Trip, TripStatus
from jiguan.travel.trips.rules import is_rest_day
from jiguan.travel.vehicles.models import Vehicle, VehicleCategory, VehicleStatus

ZERO = Decimal("0.00")


class MonthForm(forms.Form):
    month = forms.DateField(label="月份", input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"class": "form-control",
                                                          "type": "month"}),
                            error_messages={"invalid": "月份格式应为 2026-05",
                                            "required": "请选择月份"})


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}),
                              error_messages={"required": "请填写年度"})


def month_form(params: Any) -> tuple[dt.date, MonthForm]:
    today = dt.date.today()
    default = rules.month_of(today.replace(day=1) - dt.timedelta(days=1))
    form = MonthForm(params if params.get("month") else {"month": f"{default:%Y-%m}"})
    month = form.cleaned_data["month"] if form.is_valid() else default
    return rules.month_of(month), form


def statements(user: Any, month: dt.date) -> list[dict[str, Any]]:
    """Each agency in scope with charges in the month: the charges, the vehicle entries of
    its trips, the issued statement; `ok` says the three agree."""
    charges = (Charge.objects.visible_to(user).filter(month=month).order_by()
               .values("agency_id").annotate(trips=Count("pk"), km=Sum("km"),
                                             service=Sum("service"), costs=Sum("costs"),
                                             amount=Sum("amount")))
    entries = dict(CostEntry.objects.filter(trip__charge__month=month,
                                            trip__charge__agency_id__in=[c["agency_id"]
                                                                         for c in charges])
                   .order_by().values("trip__agency_id").annotate(s=Sum("amount"))
                   .values_list("trip__agency_id", "s")) if charges else {}
    issued = {s.agency_id: s for s in Statement.objects.visible_to(user).filter(month=month)}
    agencies = Agency.objects.in_bulk([c["agency_id"] for c in charges])
    rows = []
    for c in charges:
        entry_total = entries.get(c["agency_id"]) or ZERO
        st = issued.get(c["agency_id"])
        problems = []
        if entry_total != c["costs"]:
            problems.append(f"各行程单车核算费用合计 {entry_total:,.2f} 元与收费中的代垫费用 "
                            f"{c['costs']:,.2f} 元不符")
        if st is not None and st.amount != c["amount"]:
            problems.append(f"已出结算单金额 {st.amount:,.2f} 元与当前收费合计 "
                            f"{c['amount']:,.2f} 元不符")
        rows.append({**c, "agency": agencies.get(c["agency_id"]), "entries": entry_total,
                     "statement": st, "problems": problems, "ok": not problems})
    rows.sort(key=lambda r: (r["agency"].region_id if r["agency"] else 0, r["agency_id"]))
    return rows


def statement_trips(agency: Agency, month: dt.date) -> Any:
    return (Charge.objects.filter(agency=agency, month=month)
            .select_related("trip", "vehicle").order_by("trip__actual_start"))


def vehicle_ledger(vehicle: Vehicle, year: int) -> dict[str, Any]:
    entries = (CostEntry.objects.filter(vehicle=vehicle, date__year=year)
               .select_related("trip").order_by("date", "pk"))
    by_kind = dict(entries.order_by().values("kind").annotate(s=Sum("amount"))
                   .values_list("kind", "s"))
    total = sum(by_kind.values(), ZERO)
    trip_entries = entries.filter(trip__isnull=False).aggregate(s=Sum("amount"))["s"] or ZERO
    charges = Charge.objects.filter(vehicle=vehicle, month__year=year).aggregate(
        costs=Sum("costs"), km=Sum("km"), n=Count("pk"), amount=Sum("amount"))
    charged_costs = charges["costs"] or ZERO
    km = charges["km"] or 0
    return {
        "entries": entries, "total": total, "km": km, "trips": charges["n"],
        "charged": charges["amount"] or ZERO,
        "by_kind": [(label, by_kind.get(value, ZERO)) for value, label in CostKind.choices],
        "trip_entries": trip_entries, "charged_costs": charged_costs,
        "ok": trip_entries == charged_costs,
        "per_km": (total / km).quantize(Decimal("0.01")) if km else None,
    }


def running_costs(user: Any, year: int) -> list[dict[str, Any]]:
    """公务用车运行费 per agency for a year: the costs of the vehicles it holds and what it
    was charged for the platform's trips."""
    own = dict(CostEntry.objects.visible_to(user).filter(date__year=year,
                                                         vehicle__agency__isnull=False)
               .order_by().values("vehicle__agency_id").annotate(s=Sum("amount"))
               .values_list("vehicle__agency_id", "s"))
    charged = dict(Charge.objects.visible_to(user).filter(month__year=year)
                   .order_by().values("agency_id").annotate(s=Sum("amount"))
                   .values_list("agency_id", "s"))
    ids = set(own) | set(charged)
    agencies = Agency.objects.in_bulk(list(ids))
    rows: list[dict[str, Any]] = []
    for pk in ids:
        a, b = own.get(pk) or ZERO, charged.get(pk) or ZERO
        rows.append({"agency": agencies[pk], "own": a, "charged": b, "total": a + b})
    rows.sort(key=lambda r: -r["total"])
    return rows


def working_days(start: dt.date, end: dt.date) -> int:
    n, day = 0, start
    while day <= end:
        n += not is_rest_day(day)
        day += dt.timedelta(days=1)
    return n


def stats_vehicles(user: Any) -> Any:
    """The vehicles the statistics cover: those in scope not yet disposed, in ledger order."""
    return (Vehicle.objects.visible_to(user).exclude(status=VehicleStatus.DISPOSED)
            .select_related("region").order_by("region__path", "plate"))


def vehicle_stats(vehicles: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Use rate (days out / working days), km, costs and cost per km for `vehicles` (one
    page of the list, or all of them for the export), in their order."""
    vehicles = list(vehicles)
    ids = [v.pk for v in vehicles]
    closed = Trip.objects.filter(status=TripStatus.CLOSED, actual_start__date__gte=start,
                                 actual_start__date__lte=end, vehicle_id__in=ids)
    days = dict(closed.annotate(day=TruncDate("actual_start"))
                .order_by().values("vehicle_id").annotate(d=Count("day", distinct=True))
                .values_list("vehicle_id", "d"))
    km = dict(Charge.objects.filter(vehicle_id__in=ids, trip__actual_start__date__gte=start,
                                    trip__actual_start__date__lte=end)
              .order_by().values("vehicle_id").annotate(s=Sum("km"))
              .values_list("vehicle_id", "s"))
    cost = dict(CostEntry.objects.filter(vehicle_id__in=ids, date__gte=start, date__lte=end)
                .order_by().values("vehicle_id").annotate(s=Sum("amount"))
                .values_list("vehicle_id", "s"))
    wd = working_days(start, end) or 1
    rows = []
    for v in vehicles:
        k = km.get(v.pk) or 0
        c = cost.get(v.pk) or ZERO
        rows.append({"vehicle": v, "days": days.get(v.pk, 0),
                     "use_rate": 100 * days.get(v.pk, 0) / wd, "km": k, "cost": c,
                     "per_km": (c / k).quantize(Decimal("0.01")) if k else None})
    return rows


def statistics(user: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The new-energy share of the vehicles in service, the working days, and trips per
    agency (all of them, most first). The per-vehicle figures are `vehicle_stats`, a page
    at a time."""
    vehicles = stats_vehicles(user)
    total = vehicles.count()
    nev = vehicles.filter(new_energy=True).count()
    per_agency = (Trip.objects.visible_to(user).filter(
        Q(status=TripStatus.CLOSED), start_at__date__gte=start, start_at__date__lte=end)
        .order_by().values("agency__name").annotate(n=Count("pk")).order_by("-n",
                                                                            "agency__name"))
    return {"agencies": list(per_agency), "total": total, "nev": nev,
            "nev_share": (100 * nev / total) if total else None,
            "working_days": working_days(start, end) or 1}


def month_range(month: dt.date) -> tuple[dt.date, dt.date]:
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return month, end


def stats_rows(user: Any, params: Any) -> tuple[list[dict[str, Any]], MonthForm]:
    """Every vehicle's figures for the month (the statistics export: no cap)."""
    month, form = month_form(params)
    return vehicle_stats(stats_vehicles(user), *month_range(month)), form


# Charges by category (费用分类汇总) -----------------------------------------------------------

GROUPS = {"vehicle": "按车辆", "agency": "按用车单位", "month": "按月份"}
UNALLOCATED = "平台自有车辆（未对应单位）"


class CostBreakdownForm(forms.Form):
    start = forms.DateField(label="起始月份", input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"class": "form-control",
                                                          "type": "month"}),
                            error_messages={"invalid": "起始月份格式应为 2026-01"})
    end = forms.DateField(label="截止月份", input_formats=["%Y-%m"], required=False,
                          widget=forms.DateInput(attrs={"class": "form-control",
                                                        "type": "month"}),
                          error_messages={"invalid": "截止月份格式应为 2026-12"})
    group = forms.ChoiceField(label="汇总方式", choices=list(GROUPS.items()), required=False,
                              widget=forms.Select(attrs={"class": "form-select"}),
                              error_messages={"invalid_choice": "汇总方式只能按车辆、单位或月份"})
    region: Any = forms.ModelChoiceField(
        label="区划（含下级）", queryset=None, required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": "所选区划不在您的权限范围内"})
    category = forms.ChoiceField(label="车辆类别", required=False,
                                 choices=[("", "全部"), *VehicleCategory.choices],
                                 widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "截止月份不能早于起始月份")
        return data


def cost_breakdown(user: Any, params: Any
                   ) -> tuple[list[dict[str, Any]], CostBreakdownForm, dict[str, Any]]:
    """The ledger's cost entries in scope summed by category (燃油、充电、维修保养…) per
    vehicle, per agency or per month, with the filters of the page.

    An entry tied to a trip counts for the trip's agency; one without a trip for the
    agency holding the vehicle, or, for a platform's own vehicle, as unallocated."""
    form = CostBreakdownForm(params or None, regions=Region.objects.visible_to(user))
    today = dt.date.today()
    start, end, group = today.replace(month=1, day=1), today.replace(day=1), "vehicle"
    qs = CostEntry.objects.visible_to(user)
    if form.is_bound and not form.is_valid():
        return [], form, {"start": start, "end": end, "group": group}
    if form.is_bound:
        d = form.cleaned_data
        start, end = d.get("start") or start, d.get("end") or end
        if not d.get("end") and d.get("start") and d["start"] > end:
            end = d["start"]
        group = d.get("group") or group
        if d.get("region"):
            qs = qs.filter(vehicle__region__path__startswith=d["region"].path)
        if d.get("category"):
            qs = qs.filter(vehicle__category=d["category"])
    start, end = rules.month_of(start), rules.month_of(end)
    after = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    qs = qs.filter(date__gte=start, date__lt=after).order_by()
    key: Any = {"vehicle": F("vehicle_id"), "month": TruncMonth("date"),
                "agency": Coalesce("trip__agency_id", "vehicle__agency_id")}[group]
    sums = qs.annotate(key=key).values("key", "kind").annotate(s=Sum("amount"))
    table: dict[Any, dict[str, Decimal]] = {}
    for r in sums:
        table.setdefault(r["key"], {})[r["kind"]] = r["s"] or ZERO
    labels: dict[Any, tuple[str, str]] = {}
    if group == "vehicle":
        for v in Vehicle.objects.filter(pk__in=list(table)).select_related("platform", "agency"):
            labels[v.pk] = (v.plate, str(v.holder))
    elif group == "agency":
        for a in Agency.objects.filter(pk__in=[k for k in table if k is not None]):
            labels[a.pk] = (a.name, "")
        labels[None] = (UNALLOCATED, "")
    else:
        for k in table:
            month = k.date() if isinstance(k, dt.datetime) else k
            labels[k] = (f"{month:%Y年%m月}", "")
    rows = []
    for k, by_kind in table.items():
        label, holder = labels.get(k, (str(k), ""))
        amounts = [by_kind.get(value, ZERO) for value in CostKind.values]
        rows.append({"key": k, "label": label, "holder": holder, "amounts": amounts,
                     "by_kind": dict(zip(CostKind.values, amounts, strict=True)),
                     "total": sum(amounts, ZERO)})
    if group == "month":
        rows.sort(key=lambda r: str(r["key"]))
    else:
        rows.sort(key=lambda r: (r["key"] is None, r["label"]))
    return rows, form, {"start": start, "end": end, "group": group}
