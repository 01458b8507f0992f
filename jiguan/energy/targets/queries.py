"""Five-year targets (“十四五”节能目标) and the progress of institutions and regions.

The plan in force for an institution is its own, else the nearest region ancestor's, else
the default (rules.default_targets(): -6 % per capita, -5 % per m², -6 % water per capita
against 2020; JIGUAN_ENERGY_TARGETS). Progress compares a year's indicators with the
baseline year's, from the summary tables (AgencyYear, RegionYear), never the readings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from jiguan.access.models import Region
from jiguan.energy import rules
from jiguan.energy.models import AgencyYear, RegionYear, TargetPlan
from jiguan.energy.rules import TARGET_LABELS, Indicators

KEYS = ("per_capita", "per_area", "water_per_capita")


@dataclass(frozen=True)
class Plan:
    """The targets that apply, and where they come from (a TargetPlan or the default)."""

    baseline_year: int
    end_year: int
    pcts: Mapping[str, Decimal]
    source: str                      # "单位目标", "杭州市目标", "默认目标"
    plan: TargetPlan | None = None


def default_plan() -> Plan:
    return Plan(baseline_year=rules.BASELINE_YEAR, end_year=2025,
                pcts=rules.default_targets(), source="默认目标（十四五）")


def _plan(p: TargetPlan, source: str) -> Plan:
    return Plan(baseline_year=p.baseline_year, end_year=p.end_year, plan=p, source=source,
                pcts={"per_capita": p.per_capita_pct, "per_area": p.per_area_pct,
                      "water_per_capita": p.water_per_capita_pct})


def _in_force(plans: Iterable[TargetPlan], year: int) -> TargetPlan | None:
    """Of one owner's plans, the one covering `year` (the earliest that ends on or after
    it); a year after every plan keeps the last one until a new plan is entered."""
    ordered = sorted(plans, key=lambda p: p.end_year)
    for p in ordered:
        if p.baseline_year < year <= p.end_year:
            return p
    later = [p for p in ordered if p.end_year < year]
    return later[-1] if later else None


class PlanResolver:
    """Resolves plans for many institutions and regions with two queries."""

    def __init__(self, region: Region, year: int) -> None:
        self.year = year
        codes = [c for c in region.path.strip("/").split("/") if c]
        ancestors = [p for p in TargetPlan.objects.filter(region__code__in=codes[:-1])
                     .select_related("region")]
        below = TargetPlan.objects.filter(region__path__startswith=region.path
                                          ).select_related("region")
        self.by_region: dict[str, list[TargetPlan]] = {}
        for p in [*ancestors, *below]:
            assert p.region is not None
            self.by_region.setdefault(p.region.path, []).append(p)
        self.by_agency: dict[int, list[TargetPlan]] = {}
        for p in TargetPlan.objects.filter(agency__region__path__startswith=region.path):
            assert p.agency_id is not None
            self.by_agency.setdefault(p.agency_id, []).append(p)

    def for_region_path(self, path: str) -> Plan:
        parts = [c for c in path.strip("/").split("/") if c]
        for n in range(len(parts), 0, -1):
            prefix = "/" + "/".join(parts[:n]) + "/"
            plan = _in_force(self.by_region.get(prefix, []), self.year)
            if plan is not None:
                assert plan.region is not None
                return _plan(plan, f"{plan.region.name}目标")
        return default_plan()

    def for_agency(self, agency_id: int, region_path: str) -> Plan:
        own = _in_force(self.by_agency.get(agency_id, []), self.year)
        if own is not None:
            return _plan(own, "单位目标")
        return self.for_region_path(region_path)


def plan_for_agency(agency: Any, year: int) -> Plan:
    return PlanResolver(agency.region, year).for_agency(agency.pk, agency.region.path)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    baseline: Decimal | None
    current: Decimal | None
    pct: Decimal
    allowed: Decimal | None
    change: Decimal | None
    met: bool | None


@dataclass(frozen=True)
class Progress:
    label: str
    plan: Plan
    year: int
    measures: list[Measure]
    agency_id: int | None = None
    region_code: str | None = None

    @property
    def off_track(self) -> bool:
        return any(m.met is False for m in self.measures)

    @property
    def unknown(self) -> bool:
        return all(m.met is None for m in self.measures)

    @property
    def status(self) -> str:
        if self.off_track:
            return "未达标"
        return "无基准或本年数据" if self.unknown else "达标"

    def sort_key(self) -> tuple[int, str]:
        return (0 if self.off_track else 2 if self.unknown else 1, self.label)


def progress(label: str, plan: Plan, year: int, base: Indicators | None,
             now: Indicators | None, **ids: Any) -> Progress:
    measures = []
    for key in KEYS:
        b = base.value(key) if base else None
        c = now.value(key) if now else None
        pct = plan.pcts[key]
        measures.append(Measure(key=key, label=TARGET_LABELS[key], baseline=b, current=c,
                                pct=pct, allowed=rules.target_value(b, pct),
                                change=rules.change_pct(c, b),
                                met=rules.meets_target(c, b, pct)))
    return Progress(label=label, plan=plan, year=year, measures=measures, **ids)


def _indicators(row: Any) -> Indicators | None:
    if row is None or not row.readings:
        return None
    return Indicators(kgce=row.kgce, water=row.water, cost=row.cost,
                      headcount=row.energy_headcount or 0, area=row.building_area or Decimal(0))


def agency_progress(region: Region, year: int, agency_ids: Iterable[int] | None = None
                    ) -> list[Progress]:
    """Every institution of `region`'s subtree with a summary for `year`, off-track first.
    Each plan's baseline year is read from AgencyYear (two queries per baseline year)."""
    resolver = PlanResolver(region, year)
    current = AgencyYear.objects.filter(year=year, agency__region__path__startswith=region.path)
    if agency_ids is not None:
        current = current.filter(agency_id__in=list(agency_ids))
    rows = list(current.select_related("agency", "agency__region"))
    plans = {r.agency_id: resolver.for_agency(r.agency_id, r.agency.region.path) for r in rows}
    base_years = {p.baseline_year for p in plans.values()}
    bases = {(b.agency_id, b.year): b for b in AgencyYear.objects.filter(
        year__in=base_years, agency_id__in=[r.agency_id for r in rows])}
    out = [progress(r.agency.name, plans[r.agency_id], year,
                    _indicators(bases.get((r.agency_id, plans[r.agency_id].baseline_year))),
                    _indicators(r), agency_id=r.agency_id) for r in rows]
    return sorted(out, key=Progress.sort_key)


@dataclass
class _Sum:
    kgce: Decimal = Decimal(0)
    water: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    energy_headcount: int = 0
    building_area: Decimal = Decimal(0)
    readings: int = 0


def _region_sums(region: Region, years: Iterable[int]) -> dict[tuple[str, int], _Sum]:
    """RegionYear totals per statistical region path and year, in `region`'s subtree."""
    out: dict[tuple[str, int], _Sum] = {}
    rows = RegionYear.objects.filter(year__in=set(years),
                                     stat_region__path__startswith=region.path).values(
        "stat_region__path", "year").annotate(
        k=Sum("kgce"), w=Sum("water"), c=Sum("cost"), h=Sum("energy_headcount"),
        a=Sum("building_area"), n=Sum("reporting"))
    for r in rows:
        zero = Decimal(0)
        out[(r["stat_region__path"], r["year"])] = _Sum(
            r["k"] or zero, r["w"] or zero, r["c"] or zero, r["h"] or 0, r["a"] or zero,
            r["n"] or 0)
    return out


def _total(sums: Mapping[tuple[str, int], _Sum], path: str, year: int) -> Indicators | None:
    parts = [s for (p, y), s in sums.items() if y == year and p.startswith(path)]
    if not parts or not any(s.readings for s in parts):
        return None
    return Indicators(kgce=sum((s.kgce for s in parts), Decimal(0)),
                      water=sum((s.water for s in parts), Decimal(0)),
                      cost=sum((s.cost for s in parts), Decimal(0)),
                      headcount=sum(s.energy_headcount for s in parts),
                      area=sum((s.building_area for s in parts), Decimal(0)))


def region_progress(region: Region, year: int) -> list[Progress]:
    """`region` itself, then its child regions (off-track first)."""
    resolver = PlanResolver(region, year)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    plans = {r.path: resolver.for_region_path(r.path) for r in [region, *children]}
    sums = _region_sums(region, {year} | {p.baseline_year for p in plans.values()})

    def one(r: Region) -> Progress:
        plan = plans[r.path]
        return progress(r.name, plan, year, _total(sums, r.path, plan.baseline_year),
                        _total(sums, r.path, year), region_code=r.code)

    return [one(region), *sorted((one(c) for c in children), key=Progress.sort_key)]
