"""Pages of one ledger: monthly statements and their reconciliation, one agency's month, a
vehicle's ledger and its costs, the rates, the yearly running costs, statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.travel.ledger import actions, queries
from jiguan.travel.ledger.excel import (
    COST_BREAKDOWN_COLUMNS,
    RUNNING_COST_COLUMNS,
    STATEMENT_COLUMNS,
    STATISTICS_COLUMNS,
)
from jiguan.travel.ledger.forms import CostForm, RateForm
from jiguan.travel.ledger.models import CostKind, Rate
from jiguan.travel.vehicles.models import Platform, Vehicle


def statement_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    month, form = queries.month_form(request.GET)
    rows = queries.statements(request.user, month)
    return render(request, "travel/statement_list.html", {
        "form": form, "month": month, "rows": rows, "qs": f"month={month:%Y-%m}",
        "mismatches": sum(1 for r in rows if not r["ok"]),
        "can_issue": can(request.user, Perm.MANAGE_VEHICLES)})


def _statement_rows(user: Any, params: Any) -> tuple[Any, Any]:
    month, form = queries.month_form(params)
    return queries.statements(user, month), form


statement_export = list_export(
    "travel.statement", perm=Perm.VIEW_TRAVEL, rows_for=_statement_rows,
    columns=STATEMENT_COLUMNS, title="公务用车月度结算", describe=describe)


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise Http404 from None


def statement_detail(request: AuthedRequest, agency_pk: int, month: str) -> HttpResponse:
    agency = visible_or_404(Agency.objects, request.user, Perm.VIEW_TRAVEL, pk=agency_pk)
    m = _month(month)
    rows = [r for r in queries.statements(request.user, m) if r["agency_id"] == agency.pk]
    return render(request, "travel/statement_detail.html", {
        "agency": agency, "month": m, "row": rows[0] if rows else None,
        "charges": queries.statement_trips(agency, m),
        "can_issue": can(request.user, Perm.MANAGE_VEHICLES, agency)})


@require_POST
def statement_issue(request: AuthedRequest, agency_pk: int, month: str) -> HttpResponse:
    agency = visible_or_404(Agency.objects, request.user, Perm.VIEW_TRAVEL, pk=agency_pk)
    require(request.user, Perm.MANAGE_VEHICLES, agency)
    try:
        actions.statement_issue(agency=agency, month=_month(month), actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已出具结算单。")
    return redirect("travel:statement_detail", agency_pk=agency.pk, month=month)


def vehicle_ledger(request: AuthedRequest, pk: int) -> HttpResponse:
    vehicle = visible_or_404(Vehicle.objects.select_related("region"), request.user, pk=pk)
    try:
        year = int(request.GET.get("year") or dt.date.today().year)
    except ValueError:
        year = dt.date.today().year
    year = min(max(year, 2000), 2100)
    return render(request, "travel/vehicle_ledger.html", {
        "vehicle": vehicle, "year": year, "ledger": queries.vehicle_ledger(vehicle, year),
        "can_add": can(request.user, Perm.MANAGE_VEHICLES, vehicle)})


def cost_create(request: AuthedRequest, pk: int) -> HttpResponse:
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_VEHICLES, vehicle)
    return form_action(
        request, CostForm(request.POST or None),
        act=lambda d: actions.cost_create(vehicle=vehicle, kind=d["kind"], date=d["date"],
                                          amount=d["amount"], note=d["note"],
                                          actor=request.user),
        done=reverse("travel:vehicle_ledger", args=[vehicle.pk]), message="已登记费用。",
        template="travel/form.html",
        context={"title": f"登记单车费用：{vehicle.plate}",
                 "back": reverse("travel:vehicle_ledger", args=[vehicle.pk])})


def rate_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    platforms = Platform.objects.visible_to(request.user)
    return render(request, "travel/rate_list.html", {
        "rates": Rate.objects.filter(platform__in=platforms).select_related("platform"),
        "can_change": can(request.user, Perm.MANAGE_VEHICLES)})


def rate_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_VEHICLES)
    form = RateForm(request.POST or None,
                    platforms=Platform.objects.visible_to(request.user, Perm.MANAGE_VEHICLES))
    return form_action(
        request, form, act=lambda d: actions.rate_set(**d, actor=request.user),
        done=reverse("travel:rate_list"), message="已发布收费标准。", template="travel/form.html",
        context={"title": "发布收费标准", "back": reverse("travel:rate_list")})


def _year(params: Any) -> tuple[int, queries.YearForm]:
    form = queries.YearForm(params if params.get("year") else {"year": dt.date.today().year})
    return (form.cleaned_data["year"] if form.is_valid() else dt.date.today().year), form


def running_costs(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    year, form = _year(request.GET)
    rows = queries.running_costs(request.user, year)
    return render(request, "travel/running_costs.html", {
        "form": form, "year": year, "rows": rows, "qs": f"year={year}",
        "total": sum((r["total"] for r in rows), queries.ZERO)})


def _running_rows(user: Any, params: Any) -> tuple[Any, Any]:
    year, form = _year(params)
    return queries.running_costs(user, year), form


running_cost_export = list_export(
    "travel.running_costs", perm=Perm.VIEW_TRAVEL, rows_for=_running_rows,
    columns=RUNNING_COST_COLUMNS, title="公务用车运行费", describe=describe)


def statistics(request: AuthedRequest) -> HttpResponse:
    """The month's statistics: the summary, every agency's trips, and the vehicles' use
    rate and cost per km a page at a time (the export has every vehicle)."""
    require(request.user, Perm.VIEW_TRAVEL)
    month, form = queries.month_form(request.GET)
    start, end = queries.month_range(month)
    pages = paginate(request, queries.stats_vehicles(request.user))
    return render(request, "travel/statistics.html", {
        "form": form, "month": month, "qs": f"month={month:%Y-%m}",
        "stats": queries.statistics(request.user, start, end),
        "vehicles": queries.vehicle_stats(pages["page_obj"], start, end), **pages})


statistics_export = list_export(
    "travel.statistics", perm=Perm.VIEW_TRAVEL, rows_for=queries.stats_rows,
    columns=STATISTICS_COLUMNS, title="公务用车使用率与每公里成本", describe=describe)


def cost_breakdown(request: AuthedRequest) -> HttpResponse:
    """Charges by category: the ledger's costs per category, per vehicle, agency or month."""
    require(request.user, Perm.VIEW_TRAVEL)
    rows, form, meta = queries.cost_breakdown(request.user, request.GET)
    totals = [sum((r["amounts"][i] for r in rows), queries.ZERO)
              for i in range(len(CostKind.values))]
    paginator = Paginator(rows, 50)
    return render(request, "travel/cost_breakdown.html", {
        "form": form, "meta": meta, "kinds": CostKind.labels, "totals": totals,
        "grand_total": sum(totals, queries.ZERO), "qs": querystring(request),
        "page_obj": paginator.get_page(request.GET.get("page")),
        "group_label": queries.GROUPS[meta["group"]]})


cost_breakdown_export = list_export(
    "travel.cost_breakdown", perm=Perm.VIEW_TRAVEL, rows_for=queries.cost_breakdown,
    columns=COST_BREAKDOWN_COLUMNS, title="公务用车费用分类汇总", describe=describe)
