"""Energy and water measures, read from the energy module's yearly summaries and targets
(energy/targets/queries.region_progress: the same figures as its progress page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from jiguan.assessment.measures.registry import Measure, Reading, register
from jiguan.energy.models import RegionYear, WaterSavingStatus, WaterSavingUnit
from jiguan.energy.targets.queries import region_progress
from jiguan.orgs.models import Agency

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _url(name: str, region: Any, year: int | None = None) -> str:
    params = {"region": region.code} | ({"year": str(year)} if year else {})
    return reverse(name) + "?" + urlencode(params)


def per_capita_reduction(region: Any, year: int) -> Reading:
    """The fall of per-capita energy (kgce a person) from the plan's baseline year, in %
    (a rise is negative); the plan's target shown beside it."""
    own = region_progress(region, year)[0]
    measure = next(m for m in own.measures if m.key == "per_capita")
    base, now = measure.baseline, measure.current
    inputs = (("基准年", str(own.plan.baseline_year)),
              ("基准值（kgce/人）", "—" if base is None else f"{base:,.2f}"),
              (f"{year} 年（kgce/人）", "—" if now is None else f"{now:,.2f}"),
              ("目标下降率", f"{measure.pct:,.2f}%"))
    url = _url("energy:target_progress", region, year)
    if measure.change is None:
        return Reading(None, inputs, url, missing="无基准年或本年能耗数据")
    return Reading((-measure.change).quantize(CENT), inputs, url)


def water_saving_share(region: Any, year: int) -> Reading:
    """Active institutions of ``region`` recognised as water-saving units, in %."""
    total = Agency.objects.filter(region__path__startswith=region.path).active().count()
    accepted = WaterSavingUnit.objects.filter(agency__region__path__startswith=region.path,
                                              status=WaterSavingStatus.ACCEPTED).count()
    inputs = (("在册单位", f"{total:,}"), ("已认定节水型单位", f"{accepted:,}"))
    url = _url("energy:water_saving_list", region)
    if not total:
        return Reading(None, inputs, url, missing="无在册单位")
    return Reading((Decimal(accepted) * HUNDRED / total).quantize(CENT), inputs, url)


def reporting_rate(region: Any, year: int) -> Reading:
    """Institutions that reported energy for ``year`` over those that should (the energy
    summaries' denominators)."""
    rows = RegionYear.objects.filter(year=year, stat_region__path__startswith=region.path
                                     ).aggregate(n=Sum("institutions"), r=Sum("reporting"))
    total, reporting = rows["n"] or 0, rows["r"] or 0
    inputs = (("应报送单位", f"{total:,}"), ("已报送单位", f"{reporting:,}"))
    url = _url("energy:target_progress", region, year)
    if not total:
        return Reading(None, inputs, url, missing=f"{year} 年无能耗统计")
    return Reading((Decimal(reporting) * HUNDRED / total).quantize(CENT), inputs, url)


register(Measure("energy.per_capita_reduction", "人均综合能耗下降率", "%", True,
                 per_capita_reduction, module="节能"))
register(Measure("energy.water_saving_share", "节水型单位建成率", "%", True,
                 water_saving_share, module="节能"))
register(Measure("energy.reporting_rate", "能耗统计报送率", "%", True, reporting_rate,
                 module="节能"))
