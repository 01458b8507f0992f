"""Official-vehicle measures, read from the travel module's ledger statistics
(travel/ledger/queries.vehicle_stats: the same days out as its statistics page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiguan.assessment.measures.common import list_url, read_until, share
from jiguan.assessment.measures.registry import Measure, Reading, register
from jiguan.travel.ledger.queries import vehicle_stats, working_days
from jiguan.travel.vehicles.models import Vehicle

NOTE = ("车辆使用率 = 本地区在册车辆（不含已处置）全年出车天数合计 ÷（车辆数 × 全年工作日）；"
        "出车天数按已回场行程的实际出车日期计，一天内多次出车计一天；年度未结束时计至当日")


def vehicle_use_rate(region: Any, year: int) -> Reading:
    """Days out of the region's vehicles over the days they could have gone out, in %."""
    start, end = dt.date(year, 1, 1), read_until(year)
    vehicles = Vehicle.objects.filter(region__path__startswith=region.path).active()
    url = list_url("travel:vehicle_list", region=region.pk)
    if end < start:
        return Reading(None, (), url, missing=f"{year} 年尚未开始")
    rows = vehicle_stats(vehicles.order_by("pk"), start, end)
    days = sum(r["days"] for r in rows)
    workdays = working_days(start, end)
    inputs = (("在册车辆", f"{len(rows):,} 辆"), ("出车天数合计", f"{days:,} 天"),
              ("工作日", f"{workdays:,} 天（{start:%m-%d} 至 {end:%m-%d}）"))
    if not rows:
        return Reading(None, inputs, url, missing="本地区没有在册公务用车")
    if not workdays:
        return Reading(None, inputs, url, missing=f"{year} 年尚无工作日")
    return Reading(share(days, len(rows) * workdays), inputs, url)


register(Measure("travel.vehicle_use_rate", "公务用车使用率", "%", True, vehicle_use_rate,
                 module="公务出行", note=NOTE))
