"""The yearly statistical report page (年度统计报表) and its workbook download.

Both read the same ``yearly_report.collect``: the page previews the summary tables, the
download streams the whole workbook. Bad parameters (a year that is not a number, a future
year, an unknown coefficient set, a region outside the user's scope) show a Chinese message
on the page, never a 500.
"""

from __future__ import annotations

import tempfile
from typing import Any
from urllib.parse import quote, urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.export import XLSX
from jiguan.core.types import AuthedRequest
from jiguan.energy.models import CoefficientSet
from jiguan.energy.yearly_report import Report, collect, deadline, write_workbook
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
        if not user.scope.region_paths(Perm.VIEW_ENERGY):
            del self.fields["region"]  # a reporter's scope is its institution


def _form(request: AuthedRequest) -> YearlyReportForm:
    data = {"year": str(timezone.localdate().year - 1), **request.GET.dict()}
    return YearlyReportForm(data, user=request.user)


def _scope_label(user: Any, region: Region | None) -> str:
    if region is not None:
        return region.full_name
    paths = user.scope.region_paths(Perm.VIEW_ENERGY)
    if paths:
        return "、".join(r.full_name for r in Region.objects.filter(path__in=paths)
                        .order_by("code"))
    return "、".join(Agency.objects.filter(pk__in=user.scope.agency_ids(Perm.VIEW_ENERGY))
                    .order_by("name").values_list("name", flat=True))


def _report(request: AuthedRequest, form: YearlyReportForm) -> Report:
    d = form.cleaned_data
    region = d.get("region")
    return collect(user=request.user, year=d["year"], region=region,
                   coefficient_set=d.get("coefficient_set"),
                   scope_label=_scope_label(request.user, region))


def _page(request: AuthedRequest, form: YearlyReportForm, report: Report | None) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "report": report}
    if report is not None:
        due = deadline(report.year)
        today = timezone.localdate()
        params = {k: v for k, v in request.GET.items() if k in form.fields}
        params.setdefault("year", str(report.year))
        context.update(
            due=due, overdue=today > due, days_left=(due - today).days,
            share=round(report.complete * 100 / report.expected) if report.expected else None,
            departments=report.by_department[:PREVIEW_ROWS],
            more_departments=max(0, len(report.by_department) - PREVIEW_ROWS),
            download_query=urlencode(params))
    return render(request, "energy/yearly_report.html", context)


def yearly_report(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    form = _form(request)
    return _page(request, form, _report(request, form) if form.is_valid() else None)


def yearly_report_download(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    form = _form(request)
    if not form.is_valid():
        return _page(request, form, None)
    report = _report(request, form)
    # XlsxWriter's constant-memory mode writes rows to disk as it goes; the temporary file
    # is streamed and deleted when the response closes.
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by FileResponse)
    write_workbook(tmp, report, generated_at=timezone.localtime().replace(tzinfo=None))
    tmp.seek(0)
    name = f"{report.year}年度公共机构能源资源消费统计报表-{report.scope_label[:40]}.xlsx"
    response = FileResponse(tmp, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
