"""The bureau's energy management pages, part 2: five-year targets (十四五) and progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.excel import ExportColumn
from jiguan.core.export import export_response
from jiguan.core.forms import add_validation_error
from jiguan.core.htmx import querystring
from jiguan.core.types import AuthedRequest
from jiguan.energy import rules, targets
from jiguan.energy.forms_manage import TargetFilterForm, TargetPlanForm
from jiguan.energy.models import TargetPlan
from jiguan.energy.views_manage import regions, scope_root
from jiguan.orgs.models import Agency


def _plans(user: Any) -> Any:
    return TargetPlan.objects.visible_to(user).select_related(
        "region", "agency", "agency__region").order_by("-end_year", "region__path", "agency_id")


def target_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    can_manage = request.user.scope.has(Perm.MANAGE_ENERGY)
    form = TargetPlanForm(regions=regions(request.user, Perm.MANAGE_ENERGY),
                          initial={f"{k}_pct": v for k, v in
                                   rules.default_targets().items()}) if can_manage else None
    return render(request, "energy/manage_target_list.html", {
        "plans": _plans(request.user)[:500], "form": form,
        "defaults": [(rules.TARGET_LABELS[k], v) for k, v in rules.default_targets().items()],
        "baseline_year": rules.BASELINE_YEAR})


@require_http_methods(["POST"])
def target_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ENERGY)
    form = TargetPlanForm(request.POST, regions=regions(request.user, Perm.MANAGE_ENERGY))
    if form.is_valid():
        d = form.cleaned_data
        plan = TargetPlan(region=d.get("region"))
        if d.get("agency"):
            plan.agency = get_object_or_404(
                Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY)
                .select_related("region"), pk=d["agency"])
        require(request.user, Perm.MANAGE_ENERGY, plan)
        try:
            targets.target_save(plan=plan, data=d, actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"已保存{plan.agency or plan.region}的节能目标。")
            return redirect("energy:target_list")
    return render(request, "energy/manage_target_list.html", {
        "plans": _plans(request.user)[:500], "form": form,
        "defaults": [(rules.TARGET_LABELS[k], v) for k, v in rules.default_targets().items()],
        "baseline_year": rules.BASELINE_YEAR}, status=422)


@require_http_methods(["GET", "POST"])
def target_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(_plans(request.user), pk=pk)
    require(request.user, Perm.MANAGE_ENERGY, plan)
    status = 200
    if request.method == "POST":
        form = TargetPlanForm(request.POST, instance=plan, regions=Region.objects.none())
        if form.is_valid():
            try:
                targets.target_save(plan=plan, data=form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, "已保存节能目标。")
                return redirect("energy:target_list")
        plan.refresh_from_db()
        status = 422
    else:
        form = TargetPlanForm(instance=plan, regions=Region.objects.none())
    return render(request, "energy/manage_target_form.html", {"plan": plan, "form": form},
                  status=status)


# --- progress -----------------------------------------------------------------------------

def _filters(request: AuthedRequest) -> tuple[Region, int, TargetFilterForm]:
    form = TargetFilterForm(request.GET or None, regions=regions(request.user))
    region, year = None, None
    if form.is_valid():
        region, year = form.cleaned_data.get("region"), form.cleaned_data.get("year")
    # The default year is the last finished one: its twelve months are in.
    return (region or scope_root(request.user), year or timezone.localdate().year - 1, form)


def target_progress(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    region, year, form = _filters(request)
    # A reporter sees its own institution's progress, not its region's totals.
    region_rows = (targets.region_progress(region, year)
                   if request.user.scope.region_paths(Perm.VIEW_ENERGY) else [])
    agency_rows = targets.agency_progress(region, year, _own_agencies(request.user))
    page = Paginator(agency_rows, 50).get_page(request.GET.get("page"))
    return render(request, "energy/manage_target_progress.html", {
        "form": form, "region": region, "year": year, "region_rows": region_rows,
        "page_obj": page, "qs": querystring(request),
        "querystring_without_page": querystring(request),
        "off_track": sum(1 for p in agency_rows if p.off_track), "total": len(agency_rows),
        "national": rules.NATIONAL_FIGURES.get(rules.BASELINE_YEAR, {})})


def _own_agencies(user: Any) -> list[int] | None:
    """Institutions a user without a region grant may see (an agency reporter's own)."""
    if user.scope.region_paths(Perm.VIEW_ENERGY):
        return None
    return list(user.scope.agency_ids(Perm.VIEW_ENERGY))


def _measure(i: int, attr: str) -> Any:
    return lambda p: getattr(p.measures[i], attr)


def _progress_columns() -> list[ExportColumn]:
    cols = [ExportColumn("区划 / 单位", lambda p: p.label, 30),
            ExportColumn("目标来源", lambda p: p.plan.source, 16),
            ExportColumn("基准年", lambda p: p.plan.baseline_year, 8)]
    for i, key in enumerate(targets.KEYS):
        label = rules.TARGET_LABELS[key]
        cols += [ExportColumn(f"{label}基准值", _measure(i, "baseline"), 12),
                 ExportColumn(f"{label}本年值", _measure(i, "current"), 12),
                 ExportColumn(f"{label}目标（%）", _measure(i, "pct"), 10),
                 ExportColumn(f"{label}允许值", _measure(i, "allowed"), 12),
                 ExportColumn(f"{label}变化（%）", _measure(i, "change"), 10)]
    cols.append(ExportColumn("结论", lambda p: p.status, 14))
    return cols


def target_progress_export(request: AuthedRequest) -> FileResponse:
    require(request.user, Perm.VIEW_ENERGY)
    region, year, _form = _filters(request)
    rows = (targets.region_progress(region, year)
            if request.user.scope.region_paths(Perm.VIEW_ENERGY) else [])
    rows += targets.agency_progress(region, year, _own_agencies(request.user))
    return export_response(_progress_columns(), rows,
                           title=f"{region.name}{year}年节能目标进度",
                           filters_text=f"区划={region.full_name}；年度={year}",
                           filename="节能目标进度")
