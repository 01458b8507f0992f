"""What the plan pages, the API and the export read: the plans a user sees, each target's
yearly series (computed from the platform's data through the assessment's measures, or
the values reported), its progress and whether it is off track."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from jiguan.assessment import measures
from jiguan.core.scoping import visible_or_404
from jiguan.guidance.plans import rules
from jiguan.guidance.plans.models import Plan, Target

#: computed targets whose target value the energy module's five-year targets give
ENERGY_TARGET_KEYS = {"energy.per_capita_reduction": "per_capita"}


def plans_for(user: Any) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related("region").annotate(
        n_targets=Count("targets"))


def plan_or_404(user: Any, pk: int) -> Plan:
    return visible_or_404(Plan.objects.select_related("region"), user, pk=pk)


def target_or_404(user: Any, pk: int) -> Target:
    return visible_or_404(Target.objects.select_related("plan", "plan__region"), user, pk=pk)


def targets_for(user: Any) -> QuerySet[Target]:
    return Target.objects.visible_to(user).select_related("plan", "plan__region")


def measure_label(code: str) -> str:
    m = measures.get(code)
    return f"{m.module}：{m.label}" if m else code


def energy_target(region: Any, code: str, end_year: int) -> Decimal | None:
    """The energy module's five-year target for ``region`` as the reduction the measure
    reads (energy keeps it as a change: -6 % is a 6 % reduction), from the plan in force
    for the region in the end year (energy.targets), never typed twice."""
    from jiguan.energy.targets.queries import PlanResolver

    key = ENERGY_TARGET_KEYS.get(code)
    if key is None:
        return None
    return -PlanResolver(region, end_year).for_region_path(region.path).pcts[key]


def computed_value(region: Any, code: str, year: int) -> measures.Reading | None:
    measure = measures.get(code)
    return measure.compute(region, year) if measure else None


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal | None
    share: Decimal | None
    expected: Decimal
    off_track: bool
    note: str = ""
    url: str = ""
    inputs: tuple[tuple[str, str], ...] = ()


@dataclass
class TargetProgress:
    target: Target
    points: list[Point] = field(default_factory=list)

    @property
    def latest(self) -> Point | None:
        with_value = [p for p in self.points if p.value is not None]
        return with_value[-1] if with_value else None

    @property
    def off_track(self) -> bool:
        latest = self.latest
        return bool(latest and latest.off_track)

    @property
    def status(self) -> str:
        latest = self.latest
        if latest is None:
            return "暂无数据"
        if latest.off_track:
            return "进度滞后"
        return "已达目标" if latest.share is not None and latest.share >= 100 else "正常推进"


def years_of(plan: Plan, today: dt.date | None = None) -> list[int]:
    """The years a target has progress for: from the year after the baseline to the end
    year or the current year (its figures so far), whichever comes first."""
    this_year = (today or timezone.localdate()).year
    return list(range(plan.baseline_year + 1, min(plan.end_year, this_year) + 1))


def progress_of(target: Target, today: dt.date | None = None) -> TargetProgress:
    plan = target.plan
    reported = {v.year: v for v in target.values.all()}
    out = TargetProgress(target)
    margin = rules.off_track_margin()
    for year in years_of(plan, today):
        expected = rules.expected_share(target.baseline_year, plan.end_year, year)
        if target.is_computed:
            reading = computed_value(plan.region, target.measure, year)
            value = reading.value if reading else None
            note = (reading.missing if reading else "平台数据指标不存在")
            url, inputs = (reading.url, reading.inputs) if reading else ("", ())
        else:
            row = reported.get(year)
            value, note, url, inputs = (row.value if row else None,
                                        row.note if row else "", "", ())
        share = rules.share(target.baseline_value, target.target_value, value)
        out.points.append(Point(year, value, share, expected,
                                rules.is_off_track(share, expected, margin), note, url,
                                inputs))
    return out


def plan_progress(plan: Plan, today: dt.date | None = None) -> list[TargetProgress]:
    targets = plan.targets.select_related("plan", "plan__region").prefetch_related("values")
    return [progress_of(t, today) for t in targets]


def chart_data(progress: TargetProgress) -> dict[str, Any]:
    """The target page's line: the yearly values, the target and the straight path."""
    t = progress.target

    def num(v: Decimal | None) -> float | None:
        return None if v is None else float(v)

    years = [t.baseline_year, *[p.year for p in progress.points]]
    path = [num(t.baseline_value + (t.target_value - t.baseline_value) * p.expected / 100)
            for p in progress.points]
    return {"years": [str(y) for y in years], "unit": t.unit, "name": t.indicator,
            "values": [num(t.baseline_value), *[num(p.value) for p in progress.points]],
            "path": [num(t.baseline_value), *path], "target": num(t.target_value)}
