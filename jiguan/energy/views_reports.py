"""Indicator pages: the dashboard, roll-ups, an institution's year.

Every number comes from jiguan.energy.indicators (summary tables); these views only read
the query string, check scope and render. A bad query string gives a Chinese message on a
200 page (or a 404 for an object out of scope), never a 500.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.forms import MAX_ID
from jiguan.core.types import AuthedRequest
from jiguan.energy import indicators
from jiguan.energy.models import AgencyYear
from jiguan.orgs.models import Agency

FIRST_YEAR = 2000


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
    require(request.user, Perm.VIEW_ENERGY)
    return render(request, "energy/dashboard.html", {})


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
