"""Indicator pages: the dashboard, roll-ups, an institution's year.

Every number comes from jiguan.energy.indicators.queries (summary tables); these views only read
the query string, check scope and render. A bad query string gives a Chinese message on a
200 page (or a 404 for an object out of scope), never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.responses import export_response
from jiguan.core.types import MAX_ID, AuthedRequest
from jiguan.energy.indicators import charts, queries
from jiguan.energy.indicators.forms import (
    RollupQuery,
    latest_year,
    parse_year,
    read_rollup_query,
)
from jiguan.energy.models import AgencyYear, CoefficientSet
from jiguan.energy.quality.queries import YEAR_COUNT_DEFINITIONS, year_counts
from jiguan.orgs.models import Agency


def dashboard(request: AuthedRequest) -> HttpResponse:
    """KPI cards, the map coloured by an indicator, the monthly trend and the ranking of
    the user's scope; the same numbers as the roll-up, in tables for readers without JS."""
    query, result = _rollup_for(request)
    key = request.GET.get("indicator", "").strip() or "per_capita"
    if key not in queries.INDICATOR_LABELS:
        query.errors["indicator"] = f"指标“{key[:20]}”无效，已按人均综合能耗显示"
        key = "per_capita"
    national_year, national = queries.national_reference(query.year)
    return render(request, "energy/dashboard.html", {
        "q": query, "rollup": result, "region": query.region, "total": result.total,
        "indicator": key, "indicator_labels": queries.INDICATOR_LABELS,
        "map": charts.map_chart(result, key, reverse("energy:rollup")),
        "trend": charts.trend_chart(request.user, query.region, query.year),
        "ranking": charts.ranking_chart(result.rows, national["per_capita"],
                                                   national_year),
        "national": national, "national_year": national_year,
        "baseline_year": queries.BASELINE_YEAR,
        "year_counts": year_counts(request.user, query.region, query.year),
        "year_count_definitions": YEAR_COUNT_DEFINITIONS,
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
    report = queries.institution_year(agency, year)
    national_year, national = queries.national_reference(year)
    return render(request, "energy/report_institution.html", {
        "report": report, "row": report.row, "year": year, "year_error": year_error,
        "national": national, "national_year": national_year,
        "baseline_year": queries.BASELINE_YEAR,
    })


# --- roll-ups -----------------------------------------------------------------------------------

def _rollup_for(request: AuthedRequest) -> tuple[RollupQuery, queries.Rollup]:
    require(request.user, Perm.VIEW_ENERGY)
    query = read_rollup_query(request.user, request.GET)
    result = queries.rollup(request.user, query.region, query.year, by=query.by,
                               own_only=query.own, coefficient_set=query.coefficient_set)
    return query, result


def rollup(request: AuthedRequest) -> HttpResponse:
    query, result = _rollup_for(request)
    visible = set(Region.objects.visible_to(request.user, Perm.VIEW_ENERGY)
                  .filter(code__in=[r.code for r in query.region.ancestors()])
                  .values_list("pk", flat=True))
    national_year, national = queries.national_reference(query.year)
    return render(request, "energy/report_rollup.html", {
        "q": query, "rollup": result, "region": query.region,
        "crumbs": [r for r in query.region.ancestors() if r.pk in visible],
        "ranking": charts.ranking_chart(result.rows, national["per_capita"],
                                                   national_year),
        "by_choices": queries.BY_CHOICES, "sets": CoefficientSet.objects.all(),
        "national": national, "national_year": national_year,
        "baseline_year": queries.BASELINE_YEAR,
    })


def _reported(value: Callable[[queries.Row], Any]) -> Callable[[queries.Row], Any]:
    """A measure of a roll-up row, or an empty cell when no institution under the row
    reported this year (无数据 on the page): a 0 would read as a true zero."""
    return lambda row: value(row) if row.now.has_data else None


ROLLUP_COLUMNS = [
    ExportColumn("名称", lambda r: r.label, 30),
    ExportColumn("名录库单位数", lambda r: r.now.institutions, 12),
    ExportColumn("报送单位数", lambda r: r.now.reporting, 12),
    ExportColumn("用能人数", _reported(lambda r: r.now.headcount), 12),
    ExportColumn("建筑面积（m²）", _reported(lambda r: r.now.area), 14),
    ExportColumn("综合能耗（kgce）", _reported(lambda r: r.now.kgce), 16),
    ExportColumn("用水量（m³）", _reported(lambda r: r.now.water), 14),
    ExportColumn("费用（元）", _reported(lambda r: r.now.cost), 14),
    ExportColumn("人均综合能耗（kgce/人）", _reported(lambda r: r.per_capita), 14),
    ExportColumn("人均较上年（%）", _reported(lambda r: r.per_capita_vs_last), 12),
    ExportColumn("人均较2020年（%）", _reported(lambda r: r.per_capita_vs_base), 12),
    ExportColumn("单位面积能耗（kgce/m²）", _reported(lambda r: r.per_area), 14),
    ExportColumn("单位面积较上年（%）", _reported(lambda r: r.per_area_vs_last), 12),
    ExportColumn("单位面积较2020年（%）", _reported(lambda r: r.per_area_vs_base), 12),
    ExportColumn("人均用水量（m³/人）", _reported(lambda r: r.water_per_capita), 14),
    ExportColumn("人均用水较上年（%）", _reported(lambda r: r.water_vs_last), 12),
    ExportColumn("人均用水较2020年（%）", _reported(lambda r: r.water_vs_base), 12),
    ExportColumn("人均能耗排名", _reported(lambda r: r.rank), 10),
]


def rollup_export(request: AuthedRequest) -> FileResponse:
    query, result = _rollup_for(request)
    title = f"{query.region.name}{query.year}年公共机构能源资源消费{result.row_label}汇总"
    return export_response(ROLLUP_COLUMNS, [*result.rows, result.total], title=title,
                           filters_text=query.describe(), filename="能源资源消费汇总")
