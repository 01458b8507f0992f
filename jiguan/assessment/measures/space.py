"""Office-space measures: the compliance findings and the inventory, per region."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from jiguan.assessment.measures.registry import Measure, Reading, register
from jiguan.core.numbers import format_quantity
from jiguan.space.compliance.models import (
    ACTIVE_FINDING_STATUSES,
    Finding,
    FindingKind,
)
from jiguan.space.inventory.models import CampaignAgency, SubmissionStatus

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _findings_url(region: Any, **params: str) -> str:
    return reverse("space_compliance:finding_list") + "?" + urlencode(
        {"region": region.code, **params})


def rectification_rate(region: Any, year: int) -> Reading:
    """Findings fixed (整改完成) over all findings first seen by the end of ``year``."""
    rows = Finding.objects.filter(region_path__startswith=region.path,
                                  first_seen_at__year__lte=year).aggregate(
        total=Count("id"), active=Count("id", filter=Q(status__in=ACTIVE_FINDING_STATUSES)))
    total, active = rows["total"] or 0, rows["active"] or 0
    fixed = total - active
    inputs = (("问题总数", f"{total:,}"), ("已整改", f"{fixed:,}"), ("未整改", f"{active:,}"))
    url = _findings_url(region)
    if not total:
        return Reading(None, inputs, url, missing="本年度无整改问题")
    return Reading((Decimal(fixed) * HUNDRED / total).quantize(CENT), inputs, url)


def over_standard_area(region: Any, year: int) -> Reading:
    """The usable area above the standard of the offices still over it (m²)."""
    rows = Finding.objects.filter(region_path__startswith=region.path,
                                  kind=FindingKind.OVER_STANDARD,
                                  status__in=ACTIVE_FINDING_STATUSES).aggregate(
        n=Count("id"), area=Sum("measure"))
    area = (rows["area"] or Decimal(0)).quantize(CENT)
    return Reading(area, (("超标办公室", f"{rows['n'] or 0:,} 间"),
                          ("超标面积合计", format_quantity(area, "area"))),
                   _findings_url(region, kind=FindingKind.OVER_STANDARD, status="active"))


def inventory_completion(region: Any, year: int) -> Reading:
    """Agencies of the year's inventory campaigns in ``region`` that submitted (or were
    confirmed), over all agencies asked."""
    rows = CampaignAgency.objects.filter(campaign__year=year,
                                         agency__region__path__startswith=region.path).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status__in=[SubmissionStatus.SUBMITTED,
                                              SubmissionStatus.CONFIRMED])))
    total, done = rows["total"] or 0, rows["done"] or 0
    inputs = (("应填报单位", f"{total:,}"), ("已提交或确认", f"{done:,}"))
    url = reverse("space_inventory:campaign_list")
    if not total:
        return Reading(None, inputs, url, missing=f"{year} 年无清查盘点")
    return Reading((Decimal(done) * HUNDRED / total).quantize(CENT), inputs, url)


register(Measure("space.rectification_rate", "办公用房问题整改完成率", "%", True,
                 rectification_rate, module="办公用房"))
register(Measure("space.over_standard_area", "超标准使用办公用房面积", "m²", False,
                 over_standard_area, module="办公用房"))
register(Measure("space.inventory_completion", "清查盘点填报完成率", "%", True,
                 inventory_completion, module="办公用房"))
