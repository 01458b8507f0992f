"""Pages of targets and quotas: quota breaches (超定额), quotas (能耗定额), five-year targets
(十四五) and their progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, own_agency_ids, require, scope_root, sees_regions
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.exports.responses import export_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.core.web.formviews import form_action, refreshed
from jiguan.energy import rules
from jiguan.energy.models import AgencyYear, BreachStatus, Quota, QuotaBreach, TargetPlan
from jiguan.energy.targets import actions, queries
from jiguan.energy.targets.excel import QuotaImporter
from jiguan.energy.targets.forms import (
    ExplainForm,
    QuotaForm,
    ReviewForm,
    TargetFilterForm,
    TargetPlanForm,
    breaches_for,
    quotas_for,
)
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.todo.models import Task

# --- breaches -----------------------------------------------------------------------------

def breach_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    breaches, form = breaches_for(request.user, request.GET)
    return render(request, "energy/manage_breach_list.html", {
        "form": form, "qs": querystring(request), **paginate(request, breaches)})


BREACH_COLUMNS = [
    ExportColumn("年度", lambda b: b.year, 8),
    ExportColumn("区划", lambda b: b.agency.region.name, 14),
    ExportColumn("单位", lambda b: b.agency.name, 30),
    ExportColumn("定额类别", lambda b: b.get_kind_display(), 10),
    ExportColumn("单位（计量）", lambda b: "kgce" if b.kind == "kgce" else "m³", 10),
    ExportColumn("定额", lambda b: b.quota, 14),
    ExportColumn("实际", lambda b: b.actual, 14),
    ExportColumn("超出", lambda b: b.actual - b.quota, 14),
    ExportColumn("状态", lambda b: b.get_status_display(), 10),
    ExportColumn("超定额说明", lambda b: b.explanation, 50),
    ExportColumn("说明时间", lambda b: b.explained_at, 16),
    ExportColumn("审核意见", lambda b: b.reviewed_note, 30),
]


breach_export = list_export(
    "energy.breach", perm=Perm.VIEW_ENERGY, rows_for=breaches_for, columns=BREACH_COLUMNS,
    title="超定额单位清单", describe=describe)


def _breach(request: AuthedRequest, pk: int) -> QuotaBreach:
    return get_object_or_404(QuotaBreach.objects.visible_to(request.user).select_related(
        "agency", "agency__region"), pk=pk)


def breach_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_breach(request, _breach(request, pk))


def _render_breach(request: AuthedRequest, breach: QuotaBreach,
                   explain_form: ExplainForm | None = None,
                   review_form: ReviewForm | None = None, status: int = 200) -> HttpResponse:
    tasks = Task.objects.filter(kind=actions.TASK_KIND, subject_type="energy.quotabreach",
                                subject_id=str(breach.pk)).order_by("-created_at")
    can_explain = (breach.status == BreachStatus.OPEN
                   and can(request.user, Perm.REPORT_ENERGY, breach))
    can_review = (breach.status == BreachStatus.EXPLAINED
                  and can(request.user, Perm.MANAGE_ENERGY, breach))
    return render(request, "energy/manage_breach_detail.html", {
        "breach": breach, "unit": "kgce" if breach.kind == "kgce" else "m³",
        "over": breach.actual - breach.quota,
        "quota": Quota.objects.filter(agency=breach.agency, year=breach.year).first(),
        "agency_year": AgencyYear.objects.filter(agency=breach.agency,
                                                 year=breach.year).first(),
        "tasks": tasks,
        "explain_form": explain_form or (ExplainForm(initial={"explanation":
                                                             breach.explanation})
                                         if can_explain else None),
        "review_form": review_form or (ReviewForm() if can_review else None),
        "history": AuditEvent.objects.for_target(breach)[:50],
    }, status=status)


@require_POST
def breach_explain(request: AuthedRequest, pk: int) -> HttpResponse:
    breach = _breach(request, pk)
    require(request.user, Perm.REPORT_ENERGY, breach)
    form = ExplainForm(request.POST)
    return form_action(
        request, form,
        act=lambda d: actions.breach_explain(breach=breach, explanation=d["explanation"],
                                             actor=request.user),
        done=reverse("energy:breach_detail", args=[breach.pk]),
        message="已提交超定额说明，等待机关事务管理部门审核。",
        page=lambda form: _render_breach(request, refreshed(breach), explain_form=form))


@require_POST
def breach_review(request: AuthedRequest, pk: int) -> HttpResponse:
    breach = _breach(request, pk)
    require(request.user, Perm.MANAGE_ENERGY, breach)

    def review(d: dict[str, Any]) -> bool:
        accept = d["decision"] == "accept"
        try:
            actions.breach_review(breach=breach, accept=accept, note=d["note"],
                                  actor=request.user)
        except ValidationError as exc:
            # The action names the model field (reviewed_note); the form calls it note.
            if "reviewed_note" in getattr(exc, "error_dict", {}):
                raise ValidationError({"note": exc.error_dict["reviewed_note"]}) from exc
            raise
        return accept

    return form_action(
        request, ReviewForm(request.POST), act=review,
        done=reverse("energy:breach_detail", args=[breach.pk]),
        message=lambda accept: ("已认可超定额说明。" if accept
                                else "已退回，单位将收到重新说明的待办。"),
        page=lambda form: _render_breach(request, refreshed(breach), review_form=form,
                                         status=422))


# --- quotas -------------------------------------------------------------------------------

def _with_actuals(rows: list[Quota]) -> list[Quota]:
    """Attach the year's actual consumption (AgencyYear) to each quota on the page."""
    keys = Q(pk__in=[])
    for q in rows:
        keys |= Q(agency_id=q.agency_id, year=q.year)
    totals = {(a.agency_id, a.year): a for a in AgencyYear.objects.filter(keys)} if rows else {}
    for q in rows:
        total = totals.get((q.agency_id, q.year))
        q.actual_kgce = total.kgce if total else None  # type: ignore[attr-defined]
        q.actual_water = total.water if total else None  # type: ignore[attr-defined]
    return rows


def quota_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    quota_qs, form = quotas_for(request.user, request.GET)
    page = paginate(request, quota_qs)
    _with_actuals(list(page["page_obj"].object_list))
    return render(request, "energy/manage_quota_list.html", {
        "form": form, "qs": querystring(request), **page,
        "can_manage": can(request.user, Perm.MANAGE_ENERGY),
        "can_import": QuotaImporter.allowed(request.user)})


QUOTA_COLUMNS = [
    ExportColumn("年度", lambda q: q.year, 8),
    ExportColumn("区划", lambda q: q.agency.region.name, 14),
    ExportColumn("单位", lambda q: q.agency.name, 30),
    ExportColumn("统一社会信用代码", lambda q: q.agency.credit_code, 20),
    ExportColumn("综合能耗定额（kgce）", lambda q: q.kgce_quota, 16),
    ExportColumn("用水定额（m³）", lambda q: q.water_quota, 14),
]


quota_export = list_export(
    "energy.quota", perm=Perm.VIEW_ENERGY, rows_for=quotas_for, columns=QUOTA_COLUMNS,
    title="公共机构能耗定额", filename="能耗定额", describe=describe)


def quota_set(request: AuthedRequest, agency_pk: int) -> HttpResponse:
    """Set one institution's quota for a year (GET shows the form for ?year=)."""
    agency = get_object_or_404(Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY)
                               .select_related("region"), pk=agency_pk)
    require(request.user, Perm.MANAGE_ENERGY, agency)
    status = 200
    if request.method == "POST":
        form = QuotaForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                quota = actions.quota_set(agency=agency, year=d["year"], actor=request.user,
                                         data={"kgce_quota": d["kgce_quota"],
                                               "water_quota": d["water_quota"]})
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, f"已保存{agency.name}{quota.year}年能耗定额。")
                return redirect(f"{reverse('energy:quota_list')}?agency={agency.pk}")
        status = 422
    else:
        year_form = QuotaForm({"year": request.GET.get("year", "")})
        year_form.is_valid()  # only the year matters here; a bad one is simply ignored
        year = year_form.cleaned_data.get("year")
        existing = Quota.objects.filter(agency=agency, year=year).first() if year else None
        form = QuotaForm(initial={"year": year, **({"kgce_quota": existing.kgce_quota,
                                                    "water_quota": existing.water_quota}
                                                   if existing else {})})
    return render(request, "energy/manage_quota_form.html", {
        "agency": agency, "form": form,
        "quotas": Quota.objects.filter(agency=agency).order_by("-year")[:10]}, status=status)


# --- five-year targets --------------------------------------------------------------------

def _plans(user: Any) -> Any:
    return TargetPlan.objects.visible_to(user).select_related(
        "region", "agency", "agency__region").order_by("-end_year", "region__path", "agency_id")


def target_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    can_manage = can(request.user, Perm.MANAGE_ENERGY)
    form = TargetPlanForm(regions=Region.objects.visible_to(request.user, Perm.MANAGE_ENERGY),
                          initial={f"{k}_pct": v for k, v in
                                   rules.default_targets().items()}) if can_manage else None
    return render(request, "energy/manage_target_list.html", {
        "plans": _plans(request.user)[:500], "form": form,
        "defaults": [(rules.TARGET_LABELS[k], v) for k, v in rules.default_targets().items()],
        "baseline_year": rules.BASELINE_YEAR})


@require_http_methods(["POST"])
def target_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ENERGY)
    form = TargetPlanForm(request.POST,
                          regions=Region.objects.visible_to(request.user, Perm.MANAGE_ENERGY))

    def create(d: dict[str, Any]) -> TargetPlan:
        plan = TargetPlan(region=d.get("region"))
        if d.get("agency"):
            plan.agency = get_object_or_404(
                Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY)
                .select_related("region"), pk=d["agency"])
        require(request.user, Perm.MANAGE_ENERGY, plan)
        actions.target_save(plan=plan, data=d, actor=request.user)
        return plan

    return form_action(
        request, form, act=create, done=reverse("energy:target_list"),
        message=lambda plan: f"已保存{plan.agency or plan.region}的节能目标。",
        template="energy/manage_target_list.html",
        context=lambda: {
            "plans": _plans(request.user)[:500],
            "defaults": [(rules.TARGET_LABELS[k], v)
                         for k, v in rules.default_targets().items()],
            "baseline_year": rules.BASELINE_YEAR})


@require_http_methods(["GET", "POST"])
def target_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(_plans(request.user), pk=pk)
    require(request.user, Perm.MANAGE_ENERGY, plan)
    form = TargetPlanForm(request.POST or None, instance=plan, regions=Region.objects.none())
    return form_action(
        request, form,
        act=lambda d: actions.target_save(plan=plan, data=d, actor=request.user),
        done=reverse("energy:target_list"), message="已保存节能目标。",
        template="energy/manage_target_form.html", context=lambda: {"plan": refreshed(plan)})


# --- progress -----------------------------------------------------------------------------

def _filters(request: AuthedRequest) -> tuple[Region, int, TargetFilterForm]:
    form = TargetFilterForm(request.GET or None,
                            regions=Region.objects.visible_to(request.user, Perm.VIEW_ENERGY))
    region, year = None, None
    if form.is_valid():
        region, year = form.cleaned_data.get("region"), form.cleaned_data.get("year")
    # The default year is the last finished one: its twelve months are in.
    return (region or scope_root(request.user, Perm.VIEW_ENERGY),
            year or timezone.localdate().year - 1, form)


def target_progress(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    region, year, form = _filters(request)
    # A reporter sees its own institution's progress, not its region's totals.
    region_rows = (queries.region_progress(region, year)
                   if sees_regions(request.user, Perm.VIEW_ENERGY) else [])
    agency_rows = queries.agency_progress(region, year,
                                          own_agency_ids(request.user, Perm.VIEW_ENERGY))
    page = Paginator(agency_rows, 50).get_page(request.GET.get("page"))
    return render(request, "energy/manage_target_progress.html", {
        "form": form, "region": region, "year": year, "region_rows": region_rows,
        "page_obj": page, "qs": querystring(request),
        "querystring_without_page": querystring(request),
        "off_track": sum(1 for p in agency_rows if p.off_track), "total": len(agency_rows),
        "national": rules.NATIONAL_FIGURES.get(rules.BASELINE_YEAR, {})})


def _measure(i: int, attr: str) -> Any:
    return lambda p: getattr(p.measures[i], attr)


def _progress_columns() -> list[ExportColumn]:
    cols = [ExportColumn("区划 / 单位", lambda p: p.label, 30),
            ExportColumn("目标来源", lambda p: p.plan.source, 16),
            ExportColumn("基准年", lambda p: p.plan.baseline_year, 8)]
    for i, key in enumerate(queries.KEYS):
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
    rows = (queries.region_progress(region, year)
            if sees_regions(request.user, Perm.VIEW_ENERGY) else [])
    rows += queries.agency_progress(region, year,
                                    own_agency_ids(request.user, Perm.VIEW_ENERGY))
    return export_response(_progress_columns(), rows,
                           title=f"{region.name}{year}年节能目标进度",
                           filters_text=f"区划={region.full_name}；年度={year}",
                           filename="节能目标进度")
