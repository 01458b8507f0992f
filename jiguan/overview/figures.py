"""The registry of figures (指标) the one screen shows.

A figure is read for a region and a year, with the value of each child region, from its
module's summary tables or its own query functions (ComplianceTally and the findings'
roll-up columns, energy's RegionYear and targets, the inventory's submissions, the small
registers of travel, governance, services, assets, internal audit and the assessment) —
never a scan of rooms, readings or people. Each figure costs one grouped query over its
source (the agencies' counts are shared by the figures that need them); values are
computed region-wide: the page checks that the user's overview grant covers the whole
region before it asks (``queries.board``). Nothing here is cached between requests.

A figure names its kind (jiguan.core.numbers: separators, decimals, unit) and the page of
its module filtered to a region, where a tile or a card drills to."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.assessment.schemes.models import Scheme, SchemeStatus
from jiguan.assets.entities.models import DONE_STATUSES, Entity
from jiguan.core.numbers import QUANTITIES
from jiguan.energy.indicators.queries import Figures
from jiguan.energy.models import RegionYear, WaterSavingStatus, WaterSavingUnit
from jiguan.energy.targets.queries import region_progress
from jiguan.governance.library.models import Rule, RuleStatus
from jiguan.internalaudit.coverage.queries import cycle_years
from jiguan.internalaudit.coverage.rules import cycle_start
from jiguan.internalaudit.coverage.rules import share as audit_share
from jiguan.internalaudit.projects.models import AuditProject
from jiguan.orgs.models import Agency, AgencyStatus
from jiguan.services.purchases.models import Purchase
from jiguan.space.compliance.models import (
    ACTIVE_FINDING_STATUSES,
    ComplianceTally,
    Finding,
    FindingKind,
)
from jiguan.space.inventory.models import CampaignAgency, SubmissionStatus
from jiguan.travel.trips.models import Trip, TripStatus
from jiguan.travel.vehicles.models import Vehicle, VehicleStatus

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ZERO = Decimal(0)
OWN = ""  # the key of the root region's own rows (本级) among the children


def child_key(path: str, depth: int) -> str:
    """The code of the child region (one level under a root of ``depth`` segments) that a
    region path lies in; ``OWN`` for the root itself."""
    parts = [p for p in path.strip("/").split("/") if p]
    return parts[depth] if len(parts) > depth else OWN


def depth_of(region: Region) -> int:
    return len([p for p in region.path.strip("/").split("/") if p])


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT)


@dataclass
class Values:
    """A figure for the root (``total``) and for each child region by code; a child
    missing from ``children`` or mapped to None has no data (无数据)."""

    total: Decimal | None
    children: dict[str, Decimal | None] = field(default_factory=dict)
    note: str = ""


class Source:
    """One region and year, with the grouped queries several figures share (run once each
    for a page: ``cached_property``; one object per request, never kept)."""

    def __init__(self, root: Region, year: int, today: dt.date | None = None) -> None:
        self.root, self.year = root, year
        self.depth = depth_of(root)
        self.today = today or dt.date.today()

    def fold(self, rows: Iterable[tuple[str, Any]]) -> dict[str, Decimal]:
        """(region path, number) rows summed per child (and ``OWN``)."""
        out: dict[str, Decimal] = defaultdict(Decimal)
        for path, value in rows:
            out[child_key(path, self.depth)] += Decimal(value or 0)
        return dict(out)

    def under(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__startswith": self.root.path})

    @cached_property
    def agencies(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Active agencies and their 实有人数 per child: one grouped query."""
        counts: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for path, n, people in (Agency.objects.filter(self.under("region__path"),
                                                      status=AgencyStatus.ACTIVE)
                                .order_by().values_list("region__path")
                                .annotate(n=Count("id"), p=Sum("actual_headcount"))):
            row = counts[child_key(path, self.depth)]
            row[0] += n
            row[1] += Decimal(people or 0)
        return {k: (v[0], v[1]) for k, v in counts.items()}

    @cached_property
    def energy(self) -> dict[str, Figures]:
        """The year's energy figures per child from RegionYear (as energy's roll-up)."""
        out: dict[str, Figures] = defaultdict(Figures)
        for ry in RegionYear.objects.filter(self.under("stat_region__path"), year=self.year
                                            ).values_list("stat_region__path", "institutions",
                                                          "reporting", "energy_headcount",
                                                          "building_area", "kgce", "water"):
            path, institutions, reporting, headcount, area, kgce, water = ry
            out[child_key(path, self.depth)].add(Figures(
                kgce=Decimal(kgce or 0), water=Decimal(water or 0),
                headcount=headcount or 0, area=Decimal(area or 0),
                institutions=institutions or 0, reporting=reporting or 0))
        return dict(out)

    @cached_property
    def findings(self) -> dict[str, tuple[int, Decimal]]:
        """Open findings and the open over-standard area per child: one grouped query."""
        out: dict[str, list[Any]] = defaultdict(lambda: [0, ZERO])
        # As compliance's roll-up: a province groups by city_code, a city by county_code
        # (each with its covering index: status, kind, measure); below that, by path.
        findings = Finding.objects.filter(status__in=ACTIVE_FINDING_STATUSES)
        if self.depth == 1:  # the province: every finding (one province a deployment)
            column = "city_code"
        elif self.depth == 2:
            findings, column = findings.filter(city_code=self.root.code), "county_code"
        else:
            findings, column = findings.filter(self.under("region_path")), "region_path"
        for group, kind, n, measure in (findings.order_by().values_list(column, "kind")
                                        .annotate(n=Count("id"), m=Sum("measure"))):
            row = out[group if column != "region_path" else child_key(group, self.depth)]
            row[0] += n
            if kind == FindingKind.OVER_STANDARD:
                row[1] += Decimal(measure or 0)
        return {k: (v[0], v[1]) for k, v in out.items()}

    @cached_property
    def as_of(self) -> dt.date:
        """The day a year's figures are read at: its last day, or today in the current year."""
        return min(self.today, dt.date(self.year, 12, 31))


def _sum_values(per_child: dict[str, Decimal]) -> Values:
    """Totals per child; a child without rows has no data, a region without any none."""
    children: dict[str, Decimal | None] = {k: v for k, v in per_child.items() if k != OWN}
    return Values(sum(per_child.values(), ZERO) if per_child else None, children)


def _shares(parts: dict[str, Decimal], wholes: dict[str, Decimal]) -> Values:
    children = {k: percent(parts.get(k, ZERO), w) for k, w in wholes.items() if k != OWN}
    return Values(percent(sum(parts.values(), ZERO), sum(wholes.values(), ZERO)), children)


# ---------------------------------------------------------------- the figures


def agencies(s: Source) -> Values:
    return _sum_values({k: v[0] for k, v in s.agencies.items()})


def people(s: Source) -> Values:
    return _sum_values({k: v[1] for k, v in s.agencies.items()})


def office_area(s: Source) -> Values:
    rows = (ComplianceTally.objects.filter(s.under("region_path")).order_by()
            .values_list("region_path").annotate(a=Sum("office_area")))
    return _sum_values(s.fold(rows))


def over_standard_area(s: Source) -> Values:
    return _sum_values({k: v[1] for k, v in s.findings.items()})


def open_findings(s: Source) -> Values:
    return _sum_values({k: Decimal(v[0]) for k, v in s.findings.items()})


def inventory_completion(s: Source) -> Values:
    done: dict[str, Decimal] = defaultdict(Decimal)
    asked: dict[str, Decimal] = defaultdict(Decimal)
    for path, total, submitted in (
            CampaignAgency.objects.filter(s.under("agency__region__path"), campaign__year=s.year)
            .order_by().values_list("agency__region__path")
            .annotate(t=Count("id"), d=Count("id", filter=Q(status__in=[
                SubmissionStatus.SUBMITTED, SubmissionStatus.CONFIRMED])))):
        key = child_key(path, s.depth)
        asked[key] += total
        done[key] += submitted
    if not asked:
        return Values(None, note=f"{s.year} 年无清查盘点")
    return _shares(done, asked)


def _indicator(s: Source, key: str) -> Values:
    total = Figures()
    for figures in s.energy.values():
        total.add(figures)
    children = {k: f.indicators.value(key) for k, f in s.energy.items() if k != OWN}
    return Values(total.indicators.value(key), children)


def energy_per_capita(s: Source) -> Values:
    return _indicator(s, "per_capita")


def water_per_capita(s: Source) -> Values:
    return _indicator(s, "water_per_capita")


def per_capita_reduction(s: Source) -> Values:
    """The fall of per-capita energy from the plan's baseline year (%), as energy's target
    progress page shows it; the target is in the note."""
    rows = region_progress(s.root, s.year)
    out: dict[str, Decimal | None] = {}
    note = ""
    for p in rows:
        measure = next(m for m in p.measures if m.key == "per_capita")
        value = None if measure.change is None else -measure.change
        out[p.region_code if p.region_code and p.region_code != s.root.code else OWN] = value
        if p.region_code == s.root.code:
            note = f"目标：较 {p.plan.baseline_year} 年下降 {-measure.pct:,.2f}%"
    total = out.pop(OWN, None)
    return Values(total, out, note)


def water_saving_share(s: Source) -> Values:
    accepted = s.fold(WaterSavingUnit.objects.filter(
        s.under("agency__region__path"), status=WaterSavingStatus.ACCEPTED,
        agency__status=AgencyStatus.ACTIVE)
        .order_by().values_list("agency__region__path").annotate(n=Count("id")))
    return _shares(accepted, {k: v[0] for k, v in s.agencies.items()})


def vehicles(s: Source) -> Values:
    rows = (Vehicle.objects.filter(s.under("region__path"))
            .exclude(status=VehicleStatus.DISPOSED).order_by()
            .values_list("region__path").annotate(n=Count("id")))
    return _sum_values(s.fold(rows))


def trips(s: Source) -> Values:
    rows = (Trip.objects.filter(s.under("agency__region__path"), start_at__year=s.year,
                                status=TripStatus.CLOSED).order_by()
            .values_list("agency__region__path").annotate(n=Count("id")))
    return _sum_values(s.fold(rows))


def rules_in_force(s: Source) -> Values:
    rows = (Rule.objects.filter(s.under("region__path"), status=RuleStatus.IN_FORCE)
            .order_by().values_list("region__path").annotate(n=Count("id")))
    return _sum_values(s.fold(rows))


def purchases(s: Source) -> Values:
    rows = (Purchase.objects.filter(s.under("agency__region__path"), year=s.year)
            .order_by().values_list("agency__region__path").annotate(a=Sum("budget_amount")))
    return _sum_values(s.fold(rows))


def entities_done(s: Source) -> Values:
    rows = (Entity.objects.filter(s.under("region__path"), status__in=DONE_STATUSES)
            .order_by().values_list("region__path").annotate(n=Count("id")))
    return _sum_values(s.fold(rows))


def audit_coverage(s: Source) -> Values:
    """Active units with an internal-audit report in the cycle ending on the year's last
    day (or today), over all active units: internal audit's 覆盖率 (any category)."""
    start = cycle_start(s.as_of, cycle_years())
    covered = s.fold(AuditProject.objects.filter(
        s.under("unit__region__path"), unit__status=AgencyStatus.ACTIVE,
        report_date__gte=start, report_date__lte=s.as_of)
        .order_by().values_list("unit__region__path").annotate(n=Count("unit", distinct=True)))
    wholes = {k: v[0] for k, v in s.agencies.items()}
    children = {k: audit_share(covered.get(k, ZERO), w) for k, w in wholes.items() if k != OWN}
    return Values(audit_share(sum(covered.values(), ZERO), sum(wholes.values(), ZERO)),
                  children, note=f"{start:%Y-%m-%d} 至 {s.as_of:%Y-%m-%d}")


RESULT_STATUSES = (SchemeStatus.RESULTS, SchemeStatus.CLOSED)


def last_scheme(root: Region, year: int) -> Scheme | None:
    """The root bureau's last assessment with published results, of ``year`` or before."""
    return (Scheme.objects.filter(region=root, year__lte=year, status__in=RESULT_STATUSES)
            .order_by("-year", "-pk").first())


def assessment_rank(s: Source) -> Values:
    scheme = last_scheme(s.root, s.year)
    if scheme is None:
        return Values(None, note="无已公布的考核结果")
    ranks = {code: (None if rank is None else Decimal(rank)) for code, rank in
             scheme.assessments.values_list("region__code", "rank")}
    return Values(None, ranks, note=f"{scheme.year} 年度考核，{len(ranks)} 个单位")


# ---------------------------------------------------------------- drill-down pages


def _q(name: str, **params: Any) -> str:
    return reverse(name) + "?" + urlencode({k: v for k, v in params.items() if v != ""})


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    kind: str  # jiguan.core.numbers.QUANTITIES
    module: str
    compute: Callable[[Source], Values] = field(compare=False)
    #: the module's page for a region and year (a tile or card drills here)
    url: Callable[[Region, int], str] = field(compare=False)
    #: True: more is better (the map's darkest is best); False: less; None: neither
    higher_is_better: bool | None = None

    @property
    def unit(self) -> str:
        return QUANTITIES[self.kind].unit


FIGURES: list[Figure] = [
    Figure("orgs.agencies", "在册单位", "count", "单位人员", agencies,
           lambda r, y: reverse("orgs:region_detail", args=[r.code])),
    Figure("orgs.people", "实有人数", "people", "单位人员", people,
           lambda r, y: _q("orgs:agency_list", region=r.pk)),
    Figure("space.office_area", "办公室使用面积", "area", "办公用房", office_area,
           lambda r, y: _q("space_compliance:rollup", region=r.code)),
    Figure("space.over_standard_area", "超标准使用面积", "area", "办公用房",
           over_standard_area,
           lambda r, y: _q("space_compliance:finding_list", region=r.code,
                           kind=FindingKind.OVER_STANDARD, status="active"), False),
    Figure("space.open_findings", "未整改问题", "count", "办公用房", open_findings,
           lambda r, y: _q("space_compliance:finding_list", region=r.code, status="active"),
           False),
    Figure("space.inventory_completion", "清查盘点填报完成率", "percent", "办公用房",
           inventory_completion, lambda r, y: reverse("space_inventory:campaign_list"), True),
    Figure("energy.per_capita", "人均综合能耗", "per_capita", "节能", energy_per_capita,
           lambda r, y: _q("energy:rollup", region=r.code, year=y), False),
    Figure("energy.per_capita_reduction", "人均能耗较基准年下降", "percent", "节能",
           per_capita_reduction,
           lambda r, y: _q("energy:target_progress", region=r.code, year=y), True),
    Figure("energy.water_per_capita", "人均用水量", "water_per_capita", "节能",
           water_per_capita, lambda r, y: _q("energy:rollup", region=r.code, year=y), False),
    Figure("energy.water_saving_share", "节水型单位占比", "percent", "节能",
           water_saving_share, lambda r, y: _q("energy:water_saving_list", region=r.code),
           True),
    Figure("travel.vehicles", "公务用车", "count", "公务用车", vehicles,
           lambda r, y: _q("travel:vehicle_list", region=r.pk)),
    Figure("travel.trips", "本年出车次数", "count", "公务用车", trips,
           lambda r, y: reverse("travel:trip_list")),
    Figure("governance.rules_in_force", "现行有效制度", "count", "制度建设", rules_in_force,
           lambda r, y: _q("governance:rule_list", region=r.pk, status=RuleStatus.IN_FORCE)),
    Figure("services.purchases", "本年服务采购预算", "wan", "后勤服务", purchases,
           lambda r, y: _q("services:purchase_list", region=r.code, year=y)),
    Figure("assets.entities_done", "已完成脱钩划转", "count", "经营性资产", entities_done,
           lambda r, y: _q("assets:entity_list", region=r.pk)),
    Figure("internalaudit.coverage", "内部审计覆盖率", "percent", "内部审计", audit_coverage,
           lambda r, y: _q("internalaudit:coverage", region=r.pk), True),
    Figure("assessment.rank", "上次考核排名", "count", "年度考核", assessment_rank,
           lambda r, y: reverse("assessment:home"), False),
]

BY_CODE = {f.code: f for f in FIGURES}


def get(code: str) -> Figure | None:
    return BY_CODE.get(code)
