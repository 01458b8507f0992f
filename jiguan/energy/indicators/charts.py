"""Chart data for the energy pages (ECharts reads it from a json_script): the ranking,
the monthly trend and the map, built from the roll-ups of jiguan.energy.indicators.queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import sees_whole_region
from jiguan.energy.indicators.queries import INDICATOR_LABELS, Rollup, Row, _d, _num
from jiguan.energy.models import Reading, RegionMonth


def ranking_chart(rows: list[Row], reference: Decimal | None, reference_year: int,
                  limit: int = 30) -> dict[str, Any]:
    """Bar chart data: the rows with a per-capita value, lowest first, and the national
    figure as the reference line."""
    ranked = sorted((r for r in rows if r.per_capita is not None),
                    key=lambda r: (r.rank or 0, r.label))[:limit]
    return {"title": "人均综合能耗排名（kgce/人）", "labels": [r.label for r in ranked],
            "values": [_num(r.per_capita) for r in ranked], "reference": _num(reference),
            "reference_label": f"全国{reference_year}年", "height": 80 + 24 * len(ranked)}


def monthly_kgce(user: Any, root: Region, year: int) -> dict[int, Decimal]:
    """kgce per month of `year` under `root`: from RegionMonth for a bureau covering the
    root, else from the readings of the institutions the user may see (a reporter's own)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    if sees_whole_region(user, Perm.VIEW_ENERGY, root):
        grouped = (RegionMonth.objects.filter(month__gte=first, month__lte=last,
                                              stat_region__path__startswith=root.path)
                   .values("month").annotate(k=Sum("kgce")).order_by())
    else:
        grouped = (Reading.objects.visible_to(user, Perm.VIEW_ENERGY)
                   .filter(month__gte=first, month__lte=last,
                           agency__region__path__startswith=root.path)
                   .values("month").annotate(k=Sum("kgce")).order_by())
    return {row["month"].month: _d(row["k"]) for row in grouped}


def trend_chart(user: Any, root: Region, year: int) -> dict[str, Any]:
    this, before = monthly_kgce(user, root, year), monthly_kgce(user, root, year - 1)
    months = range(1, 13)
    return {"title": f"{root.name}月度综合能耗（kgce）", "months": [f"{m}月" for m in months],
            "series": [{"name": f"{year}年", "data": [_num(this.get(m)) for m in months]},
                       {"name": f"{year - 1}年", "data": [_num(before.get(m)) for m in months]}],
            "rows": [{"month": m, "now": this.get(m), "last": before.get(m)} for m in months]}


# The vendored maps: the province map registers "浙江" with city names; each city's file
# registers the city's name without 市 and names its counties.
CITY_MAPS = ("杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市",
             "舟山市", "台州市", "丽水市")


def map_chart(result: Rollup, key: str, link: str) -> dict[str, Any] | None:
    """Map data for a province or city roll-up by region, else None (no map to draw)."""
    if result.institutions_level or result.by != "region":
        return None
    level = result.region.level
    if level == "province":
        map_name, script = "浙江", "vendor/echarts-china-provinces/zhejiang.js"
    elif level == "city" and result.region.name in CITY_MAPS:
        map_name = result.region.name.removesuffix("市")
        script = f"vendor/echarts-china-cities/{result.region.name}.js"
    else:
        return None
    regions = [r for r in result.rows if r.region_code]
    values = [{"name": r.label, "value": _num(r.value(key))} for r in regions]
    present = [v["value"] for v in values if v["value"] is not None]
    return {"title": f"{result.region.name}{INDICATOR_LABELS[key]}", "map": map_name,
            "script": script, "indicator_label": INDICATOR_LABELS[key], "values": values,
            "min": min(present, default=0), "max": max(present, default=1),
            "links": {r.label: f"{link}?region={r.region_code}&year={result.year}"
                      for r in regions}}
