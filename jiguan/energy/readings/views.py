"""Input pages (填报与导入): pick an institution and month, fill in the month's readings;
the institution's yearly profile."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import prime_ancestors
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring, render_page
from jiguan.core.types import MAX_ID, AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.energy import rules
from jiguan.energy.models import InstitutionYear, Reading, Source
from jiguan.energy.readings import actions
from jiguan.energy.readings.excel.export import reading_export_columns
from jiguan.energy.readings.forms import (
    MonthForm,
    MonthPickForm,
    ProfileForm,
    month_from_url,
    previous_month,
    readings_for,
    unit_choice,
)
from jiguan.energy.readings.queries import needing_confirmation
from jiguan.energy.rules import ENERGY_TYPES, RuleError
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency


def scoped_agency(request: AuthedRequest, agency_pk: int, perm: str) -> Agency:
    """The institution if the user sees it (404 otherwise, like a missing one); 403 when
    seen but `perm` is not held for it."""
    if agency_pk > MAX_ID:
        raise Http404
    agency = get_object_or_404(
        Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY).select_related("region"),
        pk=agency_pk)
    require(request.user, perm, agency)
    return agency


def entry(request: AuthedRequest) -> HttpResponse:
    """The institutions the user reports for, with a month chooser leading to each month."""
    require(request.user, Perm.REPORT_ENERGY)
    form = MonthPickForm(request.GET or None)
    default = previous_month(timezone.localdate().replace(day=1))
    month = default
    q = ""
    if form.is_bound and form.is_valid():
        month = form.cleaned_data["month"] or default
        q = form.cleaned_data["q"]
    qs = (Agency.objects.visible_to(request.user, Perm.REPORT_ENERGY)
          .active_in_register_order().search(q).select_related("region"))
    page = paginate(request, qs)
    prime_ancestors(a.region for a in page["page_obj"])
    return render(request, "energy/input_entry.html",
                  {"form": form, "month": month, "month_text": f"{month:%Y-%m}", **page})


def _neighbours(agency: Agency, month: dt.date) -> dict[str, dict[str, Any]]:
    """The previous month's and last year's same month, per type, for comparison."""
    prev, last_year = previous_month(month), month.replace(year=month.year - 1)
    out: dict[str, dict[str, Any]] = {code: {} for code in ENERGY_TYPES}
    for r in Reading.objects.filter(agency=agency, month__in=[prev, last_year, month]):
        key = "prev" if r.month == prev else "last_year" if r.month == last_year else "current"
        out[r.energy_type][key] = r
    return out


def month_entry(request: AuthedRequest, agency_pk: int, month: str) -> HttpResponse:
    """One institution's month: every type with quantity, unit, cost and measured calorific
    value; saved all together or not at all."""
    month_date = month_from_url(month)
    if month_date is None:
        raise Http404("月份格式应为 2026-03")
    agency = scoped_agency(request, agency_pk, Perm.REPORT_ENERGY)
    around = _neighbours(agency, month_date)
    future = month_date >= timezone.localdate().replace(day=1)  # not ended yet
    row_errors: dict[str, str] = {}
    confirm_needed = False
    if request.method == "POST":
        form = MonthForm(request.POST)
        if form.is_valid():
            items, row_errors = _collect(form, agency, month_date)
            last_year = {code: (found["last_year"].quantity if "last_year" in found else None)
                         for code, found in around.items()}
            unusual = {} if row_errors else needing_confirmation(items, last_year)
            if not row_errors and not items:
                form.add_error(None, "没有填写任何用量")
            elif unusual and not form.cleaned_data.get("confirm_unusual"):
                confirm_needed = True
                form.add_error(None, "以下用量与本单位历史数据差异很大，请核对计量单位和数值；"
                                     "确认无误请勾选“数据无误，确认保存”后再次保存：")
                row_errors = unusual
            elif not row_errors:
                try:
                    result = actions.readings_save(items=items, actor=request.user,
                                                   source=Source.PAGE)
                except RuleError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"已保存：新增 {result.created} 项，修改 "
                                              f"{result.updated} 项，未变 {result.unchanged} 项")
                    return redirect(reverse("energy:month_entry", args=[agency.pk, month]))
    else:
        form = MonthForm(initial=_initial(around))
    rows = [{"type": t, "quantity": form[f"{t.code}-quantity"], "unit": form[f"{t.code}-unit"],
             "cost": form[f"{t.code}-cost"],
             "ncv": form[f"{t.code}-ncv"] if f"{t.code}-ncv" in form.fields else None,
             "error": row_errors.get(t.code), **around[t.code]}
            for t in ENERGY_TYPES.values()]
    status = 200 if not form.errors and not row_errors else 422
    return render(request, "energy/input_month.html",
                  {"agency": agency, "month": month_date, "rows": rows, "form": form,
                   "future": future, "prev_month": previous_month(month_date),
                   "last_year_month": month_date.replace(year=month_date.year - 1),
                   "has_errors": bool(row_errors), "confirm_needed": confirm_needed},
                  status=status)


def _initial(around: dict[str, dict[str, Any]]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for code, found in around.items():
        r = found.get("current")
        if r is None:
            continue
        initial[f"{code}-quantity"] = _plain(r.entered_quantity)
        initial[f"{code}-unit"] = unit_choice(ENERGY_TYPES[code], r.entered_unit)
        initial[f"{code}-cost"] = _plain(r.cost) if r.cost else ""
        if r.ncv is not None:
            initial[f"{code}-ncv"] = _plain(r.ncv)
    return initial


def _plain(value: Decimal) -> str:
    """A stored decimal as a person would type it (1200.000 → 1200)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _collect(form: MonthForm, agency: Agency, month: dt.date
             ) -> tuple[list[actions.ReadingIn], dict[str, str]]:
    """Check each filled row; an error is kept at its row and nothing is saved."""
    items: list[actions.ReadingIn] = []
    errors: dict[str, str] = {}
    for t in ENERGY_TYPES.values():
        row = form.row(t.code)
        if not row["quantity"]:
            if row["cost"] or row["ncv"]:
                errors[t.code] = f"填写了{t.label}的费用或发热量，但没有填写用量"
            continue
        try:
            item = actions.prepare_reading(
                agency=agency, month=month, energy_type=t.code, quantity=row["quantity"],
                unit=row["unit"] or t.unit, cost=row["cost"], ncv=row["ncv"])
        except RuleError as exc:
            errors[t.code] = str(exc)
            continue
        items.append(item)
    return items, errors


def profile_edit(request: AuthedRequest, agency_pk: int, year: int) -> HttpResponse:
    """The institution's profile (基本信息) for one year: type, register, area, headcount."""
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404("年度超出范围")
    agency = scoped_agency(request, agency_pk, Perm.REPORT_ENERGY)
    profile = InstitutionYear.objects.filter(agency=agency, year=year).first()
    previous = InstitutionYear.objects.filter(agency=agency, year=year - 1).first()
    form = ProfileForm(request.POST or None, initial=_profile_initial(agency, profile, previous))
    return form_action(
        request, form,
        act=lambda d: actions.profile_save(agency=agency, year=year, data=d,
                                           actor=request.user),
        done=reverse("energy:profile_edit", args=[agency.pk, year]),
        message=f"{agency.name} {year} 年基本信息已保存",
        template="energy/input_profile.html",
        context=lambda: {"agency": agency, "year": year, "profile": profile,
                         "previous": previous, "jumps": _jumps(previous, profile),
                         "years": range(timezone.localdate().year, 2019, -1)})


def _profile_initial(agency: Agency, profile: InstitutionYear | None,
                     previous: InstitutionYear | None) -> dict[str, Any]:
    """This year's profile, else last year's (most years repeat), else the agency's record."""
    source = profile or previous
    if source is not None:
        return {k: getattr(source, k) for k in actions.PROFILE_FIELDS}
    return {"type_code": agency.type_code, "on_register": True,
            "energy_headcount": agency.energy_headcount or agency.actual_headcount,
            "authorized_headcount": agency.authorized_headcount}


def _jumps(previous: InstitutionYear | None, profile: InstitutionYear | None) -> list[str]:
    """Area or headcount moved more than the configured share from last year: a warning to
    check, not a refusal (a merger really does double a headcount)."""
    if previous is None or profile is None:
        return []
    out = []
    if rules.jumped(previous.building_area, profile.building_area):
        out.append(f"建筑面积由 {previous.building_area} m² 变为 {profile.building_area} m²")
    if rules.jumped(previous.energy_headcount, profile.energy_headcount):
        out.append(f"用能人数由 {previous.energy_headcount} 人变为 {profile.energy_headcount} 人")
    return out


def can_import(user: Any) -> bool:
    """Whether the list offers the Excel import (the importer's own permissions)."""
    from jiguan.core.imports.pipeline import get_importer

    try:
        return get_importer("energy.reading").allowed(user)
    except KeyError:
        return False


def reading_list(request: AuthedRequest) -> HttpResponse:
    """Every reading in scope, filtered (region, institution, months, type, source)."""
    require(request.user, Perm.VIEW_ENERGY)
    readings, form = readings_for(request.user, request.GET)
    # The index's order (energy_reading_list_order): the latest month first, then the
    # institutions in register order; sorting by the institution's name sorted every
    # reading of the month first.
    readings = readings.order_by("-month", "agency_id", "energy_type")
    return render_page(request, "energy/input_readings.html",
                       {"form": form, "qs": querystring(request),
                        "can_import": can_import(request.user),
                        **paginate(request, readings)}, partial="table")


# The list's Excel file: the same filters, every row, constant memory.
reading_export = list_export(
    "energy.reading", perm=Perm.VIEW_ENERGY, rows_for=readings_for,
    columns=reading_export_columns, title="能源资源消费明细", describe=describe,
    prepare=lambda readings: readings.select_related("agency__region").order_by(
        "agency__region__path", "agency__name", "month", "energy_type"))
