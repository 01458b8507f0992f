"""Logistics-service measures, read from the services module's inspections
(services/inspections/queries: the year's periods and the 100-point mean of its charts)."""

from __future__ import annotations

from typing import Any

from jiguan.assessment.measures.common import list_url
from jiguan.assessment.measures.registry import Measure, Reading, register
from jiguan.services.inspections.models import Inspection, InspectionStatus
from jiguan.services.inspections.queries import mean_percent, of_year

NOTE = ("本地区（含下级）服务场所本年度各考核期已提交的服务检查得分（折算为百分制）的平均值；"
        "评分中的检查不计")


def inspection_score(region: Any, year: int) -> Reading:
    """The mean 100-point score of the year's submitted inspections at the region's sites."""
    rows = of_year(Inspection.objects.filter(agency__region__path__startswith=region.path), year)
    count, mean = mean_percent(rows)
    url = list_url("services:inspection_list", region=region.code, year=year,
                   status=InspectionStatus.SUBMITTED)
    inputs = (("已提交检查", f"{count:,} 次"),
              ("平均得分（百分制）", "—" if mean is None else f"{mean:,.2f}"))
    if mean is None:
        return Reading(None, inputs, url, missing=f"{year} 年没有已提交的服务检查")
    return Reading(mean, inputs, url)


register(Measure("services.inspection_score", "后勤服务检查平均得分", "分", True,
                 inspection_score, module="后勤服务", note=NOTE))
