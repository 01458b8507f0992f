"""Indicator pages: the dashboard, roll-ups, an institution's year.

Every number comes from jiguan.energy.indicators (summary tables); these views only read
the query string, check scope and render. A bad query string gives a Chinese message on a
200 page (or a 404 for an object out of scope), never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.excel import ExportColumn
from jiguan.core.export import export_response
from jiguan.core.forms import MAX_ID
from jiguan.core.types import AuthedRequest
from jiguan.energy import indicators, indicators_charts
from jiguan.energy.models import AgencyYear, CoefficientSet, RegionYear
from jiguan.orgs.models import Agency

FIRST_YEAR = 2000


def without_fallback(message: str) -> str:
    """The problem alone, for the API (which refuses rather than falls back)."""
    return message.split("，已")[0]


def parse_year(raw: str | None, default: int) -> tuple[int, str]:
    """The year asked for, or `default` with a Chinese message naming the bad input."""
    text = (raw or "").strip()
    if not text:
        return default, ""
    this_year = timezone.localdate().year
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= this_year:
        return default, (f"年度“{text[:20]}”无效，应为 {FIRST_YEAR} 至 {this_year} 之间的"
                         f"四位年份，已显示 {default} 年")
    return int(text), ""


def latest_year() -> int:
    """The latest year with summaries (what a user most likely wants), else this year."""
    year = AgencyYear.objects.order_by("-year").values_list("year", flat=True).first()
    return int(year) if year else timezone.localdate().year


def dashboard(request: AuthedRequest) -> HttpResponse:
    """KPI cards, the map coloured by an indicator, the monthly trend and the ranking of
    the user's scope; the same numbers as the roll-up, in tables for readers without JS."""
    query, result = _rollup_for(request)
    key = request.GET.get("indicator", "").strip() or "per_capita"
    if key not in indicators.INDICATOR_LABELS:
        query.errors["indicator"] = f"指标“{key[:20]}”无效，已按人均综合能耗显示"
        key = "per_capita"
    national_year, national = indicators.national_reference(query.year)
    return render(request, "energy/dashboard.html", {
        "q": query, "rollup": result, "region": query.region, "total": result.total,
        "indicator": key, "indicator_labels": indicators.INDICATOR_LABELS,
        "map": indicators_charts.map_chart(result, key, reverse("energy:rollup")),
        "trend": indicators_charts.trend_chart(request.user, query.region, query.year),
        "ranking": indicators_charts.ranking_chart(result.rows, national["per_capita"],
                                                   national_year),
        "national": national, "national_year": national_year,
        "baseline_year": indicators.BASELINE_YEAR,
    })


def institution(request: AuthedRequest, agency_pk: int) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    if agency_pk > MAX_ID:  # the database driver would overflow: it is just "not found"
        raise Http404("单位不存在")
    agency = get_object_or_404(Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY)
                               .select_related("region", "parent"), pk=agency_pk)
    default = (AgencyYear.objects.filter(agency=agency).order_by("-year")
               .values_list("year", flat=True).first()) or latest_year()
    year, year_error = parse_year(request.GET.get("year"), int(default))
    report = indicators.institution_year(agency, year)
    national_year, national = indicators.national_reference(year)
    return render(request, "energy/report_institution.html", {
        "report": report, "row": report.row, "year": year, "year_error": year_error,
        "national": national, "national_year": national_year,
        "baseline_year": indicators.BASELINE_YEAR,
    })


# --- roll-ups -----------------------------------------------------------------------------------

def scope_root(user: Any) -> Region:
    """The top of what the user sees: the widest region grant, else the agency's region."""
    paths = sorted(user.scope.region_paths(Perm.VIEW_ENERGY), key=len)
    if paths:
        return Region.objects.get(path=paths[0])
    region_ids = user.scope.agency_region_ids(Perm.VIEW_ENERGY)
    region = Region.objects.filter(pk__in=region_ids).order_by("path").first()
    if region is None:
        raise Http404("没有可查看的区划")
    return region


@dataclass
class RollupQuery:
    """The roll-up's query string, read forgivingly: a bad year, grouping or coefficient
    set falls back to the default with a Chinese message; an unknown or out-of-scope
    region is a 404, exactly like a missing one."""

    region: Region
    year: int
    by: str
    own: bool
    coefficient_set: CoefficientSet | None
    errors: dict[str, str]      # field -> the Chinese message (and the fallback used)

    def params(self) -> str:
        parts = [f"region={self.region.code}", f"year={self.year}", f"by={self.by}"]
        if self.own:
            parts.append("own=1")
        if self.coefficient_set is not None:
            parts.append(f"set={self.coefficient_set.code}")
        return "&".join(parts)

    def describe(self) -> str:
        used = self.coefficient_set.name if self.coefficient_set else "默认折标系数"
        return (f"区划={self.region.full_name}{'（本级）' if self.own else ''}；年度={self.year}；"
                f"汇总方式={indicators.BY_CHOICES[self.by]}；折标系数={used}")


def read_rollup_query(user: Any, params: Mapping[str, str]) -> RollupQuery:
    code = params.get("region", "").strip()
    if code:
        if not code.isdigit() or len(code) > 12:
            raise Http404("区划不存在")
        region = get_object_or_404(Region.objects.visible_to(user, Perm.VIEW_ENERGY), code=code)
    else:
        region = scope_root(user)
    default_year = (RegionYear.objects.order_by("-year").values_list("year", flat=True).first()
                    or latest_year())
    year, year_error = parse_year(params.get("year"), int(default_year))
    errors = {"year": year_error} if year_error else {}
    by = params.get("by", "").strip() or "region"
    if by not in indicators.BY_CHOICES:
        errors["by"] = f"汇总方式“{by[:20]}”无效，可选：按区划、按部门、按单位性质，已按区划汇总"
        by = "region"
    set_code = params.get("set", "").strip()
    chosen: CoefficientSet | None = None
    if set_code:
        chosen = CoefficientSet.objects.filter(code=set_code[:40]).first()
        if chosen is None:
            errors["set"] = f"折标系数“{set_code[:40]}”不存在，已按默认折标系数折算"
    return RollupQuery(region=region, year=year, by=by, own=params.get("own") == "1",
                       coefficient_set=chosen, errors=errors)


def _rollup_for(request: AuthedRequest) -> tuple[RollupQuery, indicators.Rollup]:
    require(request.user, Perm.VIEW_ENERGY)
    query = read_rollup_query(request.user, request.GET)
    result = indicators.rollup(request.user, query.region, query.year, by=query.by,
                               own_only=query.own, coefficient_set=query.coefficient_set)
    return query, result


def rollup(request: AuthedRequest) -> HttpResponse:
    query, result = _rollup_for(request)
    visible = set(Region.objects.visible_to(request.user, Perm.VIEW_ENERGY)
                  .filter(code__in=[r.code for r in query.region.ancestors()])
                  .values_list("pk", flat=True))
    national_year, national = indicators.national_reference(query.year)
    return render(request, "energy/report_rollup.html", {
        "q": query, "rollup": result, "region": query.region,
        "crumbs": [r for r in query.region.ancestors() if r.pk in visible],
        "ranking": indicators_charts.ranking_chart(result.rows, national["per_capita"],
                                                   national_year),
        "by_choices": indicators.BY_CHOICES, "sets": CoefficientSet.objects.all(),
        "national": national, "national_year": national_year,
        "baseline_year": indicators.BASELINE_YEAR,
    })


ROLLUP_COLUMNS = [
    ExportColumn("名称", lambda r: r.label, 30),
    ExportColumn("名录库单位数", lambda r: r.now.institutions, 12),
    ExportColumn("报送单位数", lambda r: r.now.reporting, 12),
    ExportColumn("用能人数", lambda r: r.now.headcount, 12),
    ExportColumn("建筑面积（m²）", lambda r: r.now.area, 14),
    ExportColumn("综合能耗（kgce）", lambda r: r.now.kgce, 16),
    ExportColumn("用水量（m³）", lambda r: r.now.water, 14),
    ExportColumn("费用（元）", lambda r: r.now.cost, 14),
    ExportColumn("人均综合能耗（kgce/人）", lambda r: r.per_capita, 14),
    ExportColumn("人均较上年（%）", lambda r: r.per_capita_vs_last, 12),
    ExportColumn("人均较2020年（%）", lambda r: r.per_capita_vs_base, 12),
    ExportColumn("单位面积能耗（kgce/m²）", lambda r: r.per_area, 14),
    ExportColumn("单位面积较上年（%）", lambda r: r.per_area_vs_last, 12),
    ExportColumn("单位面积较2020年（%）", lambda r: r.per_area_vs_base, 12),
    ExportColumn("人均用水量（m³/人）", lambda r: r.water_per_capita, 14),
    ExportColumn("人均用水较上年（%）", lambda r: r.water_vs_last, 12),
    ExportColumn("人均用水较2020年（%）", lambda r: r.water_vs_base, 12),
    ExportColumn("人均能耗排名", lambda r: r.rank, 10),
]


def rollup_export(request: AuthedRequest) -> FileResponse:
    query, result = _rollup_for(request)
    title = f"{query.region.name}{query.year}年公共机构能源资源消费{result.row_label}汇总"
    return export_response(ROLLUP_COLUMNS, [*result.rows, result.total], title=title,
                           filters_text=query.describe(), filename="能源资源消费汇总")
