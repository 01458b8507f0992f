"""/api/v1/energy/ indicators: the roll-up and one institution's year, the same numbers as
the pages (jiguan.energy.indicators.queries). Unlike the pages, which fall back to defaults with a
message, the API refuses a bad year, grouping or coefficient set with a 422 naming it."""

# No `from __future__ import annotations`: ninja reads the real annotations.

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.types import MAX_ID, AuthedRequest
from jiguan.energy.indicators import queries
from jiguan.energy.indicators.forms import (
    latest_year,
    parse_year,
    read_rollup_query,
    without_fallback,
)
from jiguan.energy.models import AgencyYear
from jiguan.orgs.models import Agency

router = Router(tags=["公共机构节能"])


class FiguresOut(Schema):
    kgce: Decimal
    water: Decimal
    electricity: Decimal
    cost: Decimal
    headcount: int
    area: Decimal
    institutions: int
    reporting: int


class RowOut(Schema):
    label: str
    region_code: str
    agency_id: int | None
    rank: int | None
    now: FiguresOut
    per_capita: Decimal | None
    per_area: Decimal | None
    water_per_capita: Decimal | None
    per_capita_vs_last: Decimal | None
    per_capita_vs_base: Decimal | None
    per_area_vs_last: Decimal | None
    per_area_vs_base: Decimal | None
    water_vs_last: Decimal | None
    water_vs_base: Decimal | None


class NationalOut(Schema):
    year: int
    per_capita: Decimal
    per_area: Decimal
    water_per_capita: Decimal


class EnergyRollupOut(Schema):
    region_code: str
    region_name: str
    year: int
    by: str
    institutions_level: bool
    coefficient_set: str | None
    coefficient_source: str
    baseline_year: int
    national: NationalOut
    rows: list[RowOut]
    total: RowOut


class MonthOut(Schema):
    month: int
    kgce: Decimal | None
    cost: Decimal | None
    quantities: dict[str, Decimal]


class InstitutionOut(Schema):
    agency_id: int
    name: str
    year: int
    energy_headcount: int | None
    building_area: Decimal | None
    baseline_year: int
    national: NationalOut
    indicators: RowOut
    months: list[MonthOut]


def _national(year: int) -> dict[str, Any]:
    national_year, figures = queries.national_reference(year)
    return {"year": national_year, **figures}


@router.get("/rollup/", response=EnergyRollupOut)
def rollup(request: AuthedRequest, region: str = "", year: str = "", by: str = "",
           set: str = "", own: bool = False) -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    params = {"region": region, "year": year, "by": by, "set": set, "own": "1" if own else ""}
    query = read_rollup_query(request.user, params)
    if query.errors:
        raise ValidationError({k: [without_fallback(v)] for k, v in query.errors.items()})
    result = queries.rollup(request.user, query.region, query.year, by=query.by,
                               own_only=query.own, coefficient_set=query.coefficient_set)
    chosen = result.coefficient_set
    return {
        "region_code": query.region.code, "region_name": query.region.name,
        "year": query.year, "by": query.by, "institutions_level": result.institutions_level,
        "coefficient_set": chosen.code if chosen else None,
        "coefficient_source": chosen.source if chosen else "默认折标系数（按月份生效）",
        "baseline_year": queries.BASELINE_YEAR, "national": _national(query.year),
        "rows": result.rows, "total": result.total,
    }


@router.get("/institutions/{agency_id}/indicators/", response=InstitutionOut)
def institution_indicators(request: AuthedRequest, agency_id: int, year: str = "") -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    if agency_id > MAX_ID or agency_id < 1:
        raise Http404
    agency = get_object_or_404(Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY),
                               pk=agency_id)
    default = (AgencyYear.objects.filter(agency=agency).order_by("-year")
               .values_list("year", flat=True).first()) or latest_year()
    chosen, error = parse_year(year, int(default))
    if error:
        raise ValidationError({"year": [without_fallback(error)]})
    report = queries.institution_year(agency, chosen)
    codes = [code for code, _, _ in report.types]
    return {
        "agency_id": agency.pk, "name": agency.name, "year": chosen,
        "energy_headcount": report.summary.energy_headcount if report.summary else None,
        "building_area": report.summary.building_area if report.summary else None,
        "baseline_year": queries.BASELINE_YEAR, "national": _national(chosen),
        "indicators": report.row,
        "months": [{"month": m["month"], "kgce": m["kgce"], "cost": m["cost"],
                    "quantities": {c: v for c, v in zip(codes, m["cells"], strict=True)
                                   if v is not None}} for m in report.months],
    }
