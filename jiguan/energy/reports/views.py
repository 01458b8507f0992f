"""The yearly statistical report page (年度统计报表) and its workbook.

The page shows the deadline and the year's completeness (from the AgencyYear summary, fast
at any size) and, for a scope of up to ``sync_limit()`` institutions, previews the summary
tables and offers the workbook at once. A larger scope (a city, the province) is built by
the task worker: the page posts to ``yearly_report_generate``, then polls the job page until
the file is ready. Bad parameters (a year that is not a number, a future year, an unknown
coefficient set, a region outside the user's scope) show a Chinese message, never a 500.
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import own_agency_ids, require, sees_regions
from jiguan.core.exports.responses import xlsx_response
from jiguan.core.htmx import render_page
from jiguan.core.types import AuthedRequest
from jiguan.energy.models import CoefficientSet
from jiguan.energy.reports import tasks
from jiguan.energy.reports.excel import filename, write_workbook
from jiguan.energy.reports.queries import collect, completeness, deadline, sync_limit
from jiguan.orgs.models import Agency

FIRST_YEAR = 2000
PREVIEW_ROWS = 100  # a province has thousands of departments; the workbook has them all
_SELECT = {"class": "form-select"}


class YearlyReportForm(forms.Form):
    year = forms.IntegerField(label="年度",
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    coefficient_set = forms.ModelChoiceField(
        label="折标系数", queryset=CoefficientSet.objects.all(), to_field_name="code",
        required=False, empty_label="默认折算（按月份适用的默认系数）",
        widget=forms.Select(attrs=_SELECT),
        error_messages={"invalid_choice": "所选折标系数不存在"})
    region = forms.ModelChoiceField(
        label="区划（含下级）", queryset=Region.objects.none(), to_field_name="code",
        required=False, empty_label="我的全部范围", widget=forms.Select(attrs=_SELECT),
        error_messages={"invalid_choice": "所选区划不存在或不在您的权限范围内"})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        year = self.fields["year"]
        year.error_messages.update({
            "required": "请填写年度",
            "invalid": "年度应为四位数字的年份，例如 2025",
            "min_value": f"年度不能早于 {FIRST_YEAR} 年",
            "max_value": f"年度不能晚于 {this_year} 年：未来年度没有统计报表",
        })
        # The bounds depend on today, so they are set here rather than on the field.
        year.validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(this_year)]
        regions = Region.objects.visible_to(user, Perm.VIEW_ENERGY).order_by("code")
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        if not sees_regions(user, Perm.VIEW_ENERGY):
            del self.fields["region"]  # a reporter's scope is its institution

    def query(self) -> str:
        """The chosen parameters as a query string (for the download and the job)."""
        d = self.cleaned_data
        params = {"year": str(d["year"])}
        if d.get("coefficient_set"):
            params["coefficient_set"] = d["coefficient_set"].code
        if d.get("region"):
            params["region"] = d["region"].code
        return urlencode(params)


def _form(request: AuthedRequest, data: Any) -> YearlyReportForm:
    return YearlyReportForm({"year": str(timezone.localdate().year - 1), **data.dict()},
                            user=request.user)


def _scope_label(user: Any, region: Region | None) -> str:
    if region is not None:
        return region.full_name
    own = own_agency_ids(user, Perm.VIEW_ENERGY)
    if own is None:
        return "、".join(r.full_name for r in Region.objects.granted_roots(user, Perm.VIEW_ENERGY))
    return "、".join(Agency.objects.filter(pk__in=own).order_by("name")
                    .values_list("name", flat=True))


def _page(request: AuthedRequest, form: YearlyReportForm) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "report": None}
    if form.is_valid():
        d = form.cleaned_data
        year, region = d["year"], d.get("region")
        size, complete, expected = completeness(user=request.user, year=year, region=region)
        due, today = deadline(year), timezone.localdate()
        context.update(
            year=year, size=size, complete=complete, expected=expected,
            share=round(complete * 100 / expected) if expected else None,
            due=due, overdue=today > due, days_left=(due - today).days,
            large=size > sync_limit(), query=form.query(),
            scope_label=_scope_label(request.user, region),
            coefficient_set=d.get("coefficient_set"))
        if not context["large"]:
            report = collect(user=request.user, year=year, region=region,
                             coefficient_set=d.get("coefficient_set"),
                             scope_label=context["scope_label"])
            context.update(report=report, departments=report.by_department[:PREVIEW_ROWS],
                           more_departments=max(0, len(report.by_department) - PREVIEW_ROWS))
    return render(request, "energy/yearly_report.html", context)


def yearly_report(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    return _page(request, _form(request, request.GET))


def yearly_report_download(request: AuthedRequest) -> HttpResponseBase:
    require(request.user, Perm.VIEW_ENERGY)
    form = _form(request, request.GET)
    if not form.is_valid():
        return _page(request, form)
    d = form.cleaned_data
    region = d.get("region")
    size, _, _ = completeness(user=request.user, year=d["year"], region=region)
    if size > sync_limit():
        messages.info(request, f"范围内有 {size} 个单位，请点击“后台生成”，生成后再下载。")
        return redirect(f"{reverse('energy:yearly_report')}?{form.query()}")
    report = collect(user=request.user, year=d["year"], region=region,
                     coefficient_set=d.get("coefficient_set"),
                     scope_label=_scope_label(request.user, region))
    # Constant-memory XlsxWriter writes rows to a temporary file as it goes; the file is
    # streamed and deleted when the response closes.
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by FileResponse)
    write_workbook(tmp, report, generated_at=timezone.localtime().replace(tzinfo=None))
    tmp.seek(0)
    return _xlsx(tmp, filename(report))


def _xlsx(fh: Any, name: str) -> HttpResponseBase:
    return xlsx_response(fh, name)


@require_POST
def yearly_report_generate(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    form = _form(request, request.POST)
    if not form.is_valid():
        return _page(request, form)
    d = form.cleaned_data
    token = uuid.uuid4().hex
    tasks.queue(user=request.user, token=token, year=d["year"],
                      set_code=d["coefficient_set"].code if d.get("coefficient_set") else "",
                      region_code=d["region"].code if d.get("region") else "",
                      scope_label=_scope_label(request.user, d.get("region")))
    return redirect("energy:yearly_report_job", token=token)


def yearly_report_job(request: AuthedRequest, token: str) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    state = tasks.job_state(request.user.pk, token)
    if state is None:
        raise Http404("没有这个报表生成任务")
    return render_page(request, "energy/yearly_job.html", {"token": token, "state": state},
                       partial="status")


def yearly_report_file(request: AuthedRequest, token: str) -> HttpResponseBase:
    require(request.user, Perm.VIEW_ENERGY)
    state = tasks.job_state(request.user.pk, token)
    key = tasks.file_key(request.user.pk, token)
    if not state or "filename" not in state or key is None:
        raise Http404("报表尚未生成或已失效")
    return _xlsx(default_storage.open(f"{key}.xlsx"), state["filename"])
