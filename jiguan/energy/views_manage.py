"""The bureau's energy management pages, part 1: quota breaches (超定额) and quotas
(能耗定额). Targets, data quality and completeness are in views_manage_*.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.export import export_response
from jiguan.core.forms import add_validation_error
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.energy import quotas
from jiguan.energy.forms_manage import (
    BreachFilterForm,
    ExplainForm,
    QuotaFilterForm,
    QuotaForm,
    ReviewForm,
)
from jiguan.energy.imports_manage import QuotaImporter
from jiguan.energy.models import AgencyYear, BreachStatus, Quota, QuotaBreach
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.todo.models import Task


def regions(user: Any, perm: str = Perm.VIEW_ENERGY) -> Any:
    return Region.objects.visible_to(user, perm)


def scope_root(user: Any, perm: str = Perm.VIEW_ENERGY) -> Region:
    """The top of what the user sees: the widest region grant, else the agency's region."""
    paths = sorted(user.scope.region_paths(perm), key=len)
    if paths:
        return Region.objects.get(path=paths[0])
    region_ids = user.scope.agency_region_ids(perm)
    region = Region.objects.filter(pk__in=region_ids).order_by("path").first()
    if region is None:
        raise Http404("没有可查看的区划")
    return region


# --- breaches -----------------------------------------------------------------------------

def breaches_for(user: Any, params: Any) -> tuple[Any, BreachFilterForm]:
    form = BreachFilterForm(params or None, regions=regions(user))
    qs = QuotaBreach.objects.visible_to(user).select_related("agency", "agency__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("status") == "pending":
            qs = qs.filter(status__in=[BreachStatus.OPEN, BreachStatus.EXPLAINED])
        elif d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "status", "agency__region__path", "agency_id", "kind"), form


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


def breach_export(request: AuthedRequest) -> FileResponse:
    require(request.user, Perm.VIEW_ENERGY)
    breaches, form = breaches_for(request.user, request.GET)
    return export_response(BREACH_COLUMNS, breaches.iterator(chunk_size=2000),
                           title="超定额单位清单", filters_text=describe(form),
                           filename="超定额单位清单")


def _breach(request: AuthedRequest, pk: int) -> QuotaBreach:
    return get_object_or_404(QuotaBreach.objects.visible_to(request.user).select_related(
        "agency", "agency__region"), pk=pk)


def breach_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_breach(request, _breach(request, pk))


def _render_breach(request: AuthedRequest, breach: QuotaBreach,
                   explain_form: ExplainForm | None = None,
                   review_form: ReviewForm | None = None, status: int = 200) -> HttpResponse:
    tasks = Task.objects.filter(kind=quotas.TASK_KIND, subject_type="energy.quotabreach",
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
    if form.is_valid():
        try:
            quotas.breach_explain(breach=breach, explanation=form.cleaned_data["explanation"],
                                  actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "已提交超定额说明，等待机关事务管理部门审核。")
            return redirect("energy:breach_detail", pk=breach.pk)
    breach.refresh_from_db()
    return _render_breach(request, breach, explain_form=form, status=422)


@require_POST
def breach_review(request: AuthedRequest, pk: int) -> HttpResponse:
    breach = _breach(request, pk)
    require(request.user, Perm.MANAGE_ENERGY, breach)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            quotas.breach_review(breach=breach, accept=accept, note=form.cleaned_data["note"],
                                 actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
            if "reviewed_note" in getattr(exc, "error_dict", {}):
                form.add_error("note", exc.error_dict["reviewed_note"])
        else:
            messages.success(request, "已认可超定额说明。" if accept
                             else "已退回，单位将收到重新说明的待办。")
            return redirect("energy:breach_detail", pk=breach.pk)
    breach.refresh_from_db()
    return _render_breach(request, breach, review_form=form, status=422)


# --- quotas -------------------------------------------------------------------------------

def quotas_for(user: Any, params: Any) -> tuple[Any, QuotaFilterForm]:
    form = QuotaFilterForm(params or None, regions=regions(user))
    qs = Quota.objects.visible_to(user).select_related("agency", "agency__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "agency__region__path", "agency_id"), form


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
        "can_manage": request.user.scope.has(Perm.MANAGE_ENERGY),
        "can_import": QuotaImporter.allowed(request.user)})


QUOTA_COLUMNS = [
    ExportColumn("年度", lambda q: q.year, 8),
    ExportColumn("区划", lambda q: q.agency.region.name, 14),
    ExportColumn("单位", lambda q: q.agency.name, 30),
    ExportColumn("统一社会信用代码", lambda q: q.agency.credit_code, 20),
    ExportColumn("综合能耗定额（kgce）", lambda q: q.kgce_quota, 16),
    ExportColumn("用水定额（m³）", lambda q: q.water_quota, 14),
]


def quota_export(request: AuthedRequest) -> FileResponse:
    require(request.user, Perm.VIEW_ENERGY)
    quota_qs, form = quotas_for(request.user, request.GET)
    return export_response(QUOTA_COLUMNS, quota_qs.iterator(chunk_size=2000),
                           title="公共机构能耗定额", filters_text=describe(form),
                           filename="能耗定额")


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
                quota = quotas.quota_set(agency=agency, year=d["year"], actor=request.user,
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
