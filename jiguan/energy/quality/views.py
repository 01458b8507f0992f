"""Pages of the quality topic: data quality (数据质量) and the completeness board with
chasing (报送进度、催报)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, own_agency_ids, require, scope_root
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.responses import export_response
from jiguan.core.htmx import querystring
from jiguan.core.types import AuthedRequest
from jiguan.energy import rules
from jiguan.energy.quality import actions, queries
from jiguan.energy.quality.forms import PeriodForm, QualityForm
from jiguan.todo.models import Task

# --- data quality -------------------------------------------------------------------------

def _quality_filters(request: AuthedRequest) -> tuple[Region, int, int, QualityForm]:
    form = QualityForm(request.GET or None,
                       regions=Region.objects.visible_to(request.user, Perm.VIEW_ENERGY))
    d = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    year = d.get("year") or (today.year if today.month > 1 else today.year - 1)
    return (d.get("region") or scope_root(request.user, Perm.VIEW_ENERGY), year,
            queries.last_month(year, today, d.get("month")), form)


def quality_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    region, year, upto, form = _quality_filters(request)
    only = own_agency_ids(request.user, Perm.VIEW_ENERGY)
    ids = queries.institution_ids(region, year, only)
    page = Paginator(ids, queries.BATCH).get_page(request.GET.get("page"))
    issues = queries.issues_for(list(page.object_list), year, upto)
    return render(request, "energy/manage_quality.html", {
        "form": form, "region": region, "year": year, "upto": upto, "issues": issues,
        "page_obj": page, "qs": querystring(request),
        "querystring_without_page": querystring(request),
        "counts": queries.counts(region, year, upto, only), "kinds": queries.KINDS,
        "factor": rules.outlier_factor(), "jump": rules.jump_share() * 100})


QUALITY_COLUMNS = [
    ExportColumn("区划", lambda i: i.agency.region.name, 14),
    ExportColumn("单位", lambda i: i.agency.name, 30),
    ExportColumn("统一社会信用代码", lambda i: i.agency.credit_code, 20),
    ExportColumn("问题类型", lambda i: i.kind_label, 14),
    ExportColumn("月份", lambda i: f"{i.month:%Y-%m}" if i.month else "", 10),
    ExportColumn("情况说明", lambda i: i.detail, 60),
]


def quality_export(request: AuthedRequest) -> FileResponse:
    require(request.user, Perm.VIEW_ENERGY)
    region, year, upto, _form = _quality_filters(request)
    rows = queries.iter_issues(region, year, upto, own_agency_ids(request.user, Perm.VIEW_ENERGY))
    return export_response(QUALITY_COLUMNS, rows, title=f"{region.name}{year}年能源数据质量",
                           filters_text=f"区划={region.full_name}；年度={year}；"
                                        f"截至={upto}月", filename="能源数据质量")


# --- completeness and chasing -------------------------------------------------------------

def _period(request: AuthedRequest, params: Any) -> tuple[Region, dt.date, PeriodForm]:
    form = PeriodForm(params or None,
                      regions=Region.objects.visible_to(request.user, Perm.VIEW_ENERGY))
    region, month = None, None
    today = timezone.localdate()
    if form.is_valid():
        region = form.cleaned_data.get("region")
        text = (form.cleaned_data.get("month") or "").strip()
        if text:
            try:
                month = rules.parse_month(text)
                rules.check_month(month, today)
            except rules.RuleError as exc:
                form.add_error("month", str(exc))
                month = None
    return (region or scope_root(request.user, Perm.VIEW_ENERGY),
            month or rules.last_finished_month(today), form)


def completeness(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    region, month, form = _period(request, request.GET)
    total, lines, missing = queries.board(region, month,
                                          own_agency_ids(request.user, Perm.VIEW_ENERGY))
    page = Paginator(missing, 100).get_page(request.GET.get("page"))
    chased = set(Task.objects.open().filter(
        kind=queries.task_kind(month), subject_type="orgs.agency",
        subject_id__in=[str(a.pk) for a in page.object_list]).values_list(
        "subject_id", flat=True))
    return render(request, "energy/manage_completeness.html", {
        "form": form, "region": region, "month": month, "total": total, "lines": lines,
        "page_obj": page, "chased": chased, "querystring_without_page": querystring(request),
        "can_chase": can(request.user, Perm.MANAGE_ENERGY, region),
        "month_text": f"{month:%Y-%m}",
        "year_counts": queries.year_counts(request.user, region, month.year),
        "year_count_definitions": queries.YEAR_COUNT_DEFINITIONS})


@require_POST
def completeness_chase(request: AuthedRequest) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user, Perm.VIEW_ENERGY),
                               code=request.POST.get("region", "")[:12])
    require(request.user, Perm.MANAGE_ENERGY, region)
    _region, month, form = _period(request, {"region": region.code,
                                             "month": request.POST.get("month", "")})
    back = f"{reverse('energy:completeness')}?region={region.code}&month={month:%Y-%m}"
    if form.errors or not request.POST.get("month"):
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs)
                       or "请选择报送月份")
        return redirect(back)
    result = actions.chase_late_reporters(region=region, month=month, actor=request.user)
    messages.success(request, f"已向 {result.created} 家未报送单位发出催报待办"
                              f"（{result.already_open} 家已有未办结的催报，未重复发送）。")
    return redirect(back)
