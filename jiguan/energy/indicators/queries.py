"""The indicator query layer: one institution's year and the roll-ups, read from the
summary tables (AgencyYear, RegionYear, RegionMonth) that jiguan.energy.summaries keeps
current, so no request scans the readings of a region. The one exception is deliberate and
small: an institution's own months x types table reads that institution's readings of one
year (at most 12 x 12 rows, by the reading's unique index).

The arithmetic (ratios, change percentages) is jiguan.energy.rules'; this module only
gathers the numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import sees_whole_region
from jiguan.energy import rules
from jiguan.energy.models import AgencyYear, CoefficientSet, Reading, RegionMonth, RegionYear
from jiguan.energy.rules import BASELINE_YEAR, ENERGY_TYPES, Indicators, change_pct
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import AGENCY_TYPES

INDICATOR_KEYS = ("per_capita", "per_area", "water_per_capita")
INDICATOR_LABELS = {"per_capita": "人均综合能耗（kgce/人）",
                    "per_area": "单位建筑面积能耗（kgce/m²）",
                    "water_per_capita": "人均用水量（m³/人）"}
ZERO = Decimal(0)
MILLI = Decimal("0.001")
CENT = Decimal("0.01")


def _d(value: Decimal | None, places: Decimal = MILLI) -> Decimal:
    """A database sum as a tidy Decimal (SQLite sums come back with a float's tail)."""
    return Decimal(value or 0).quantize(places)


@dataclass
class Figures:
    """Totals and denominators of one row (an institution, a region, a department...)."""

    kgce: Decimal = ZERO
    water: Decimal = ZERO
    electricity: Decimal = ZERO
    cost: Decimal = ZERO
    headcount: int = 0
    area: Decimal = ZERO
    institutions: int = 0
    reporting: int = 0

    def add(self, other: Figures) -> None:
        self.kgce += other.kgce
        self.water += other.water
        self.electricity += other.electricity
        self.cost += other.cost
        self.headcount += other.headcount
        self.area += other.area
        self.institutions += other.institutions
        self.reporting += other.reporting

    @property
    def indicators(self) -> Indicators:
        return Indicators(kgce=self.kgce, water=self.water, cost=self.cost,
                          headcount=self.headcount, area=self.area)

    @property
    def has_data(self) -> bool:
        return self.reporting > 0 or self.kgce > 0 or self.water > 0


@dataclass
class Row:
    """A roll-up row: this year's figures beside last year's and the baseline's."""

    label: str
    now: Figures
    last: Figures | None = None
    base: Figures | None = None
    region_code: str = ""      # drill to this region's roll-up
    own_code: str = ""         # drill to the institutions directly under this region (本级)
    agency_id: int | None = None
    rank: int | None = None

    def value(self, key: str) -> Decimal | None:
        return self.now.indicators.value(key)

    def vs_last(self, key: str) -> Decimal | None:
        return change_pct(self.value(key),
                          self.last.indicators.value(key) if self.last else None)

    def vs_base(self, key: str) -> Decimal | None:
        return change_pct(self.value(key),
                          self.base.indicators.value(key) if self.base else None)

    # Template-friendly names (templates cannot pass arguments).
    @property
    def per_capita(self) -> Decimal | None:
        return self.value("per_capita")

    @property
    def per_area(self) -> Decimal | None:
        return self.value("per_area")

    @property
    def water_per_capita(self) -> Decimal | None:
        return self.value("water_per_capita")

    @property
    def per_capita_vs_last(self) -> Decimal | None:
        return self.vs_last("per_capita")

    @property
    def per_capita_vs_base(self) -> Decimal | None:
        return self.vs_base("per_capita")

    @property
    def per_area_vs_last(self) -> Decimal | None:
        return self.vs_last("per_area")

    @property
    def per_area_vs_base(self) -> Decimal | None:
        return self.vs_base("per_area")

    @property
    def water_vs_last(self) -> Decimal | None:
        return self.vs_last("water_per_capita")

    @property
    def water_vs_base(self) -> Decimal | None:
        return self.vs_base("water_per_capita")


def rank_rows(rows: list[Row], key: str = "per_capita") -> None:
    """Rank 1 = the lowest value of `key` (the most frugal); rows without a value have none.
    Ties share a rank."""
    valued = sorted((r for r in rows if r.value(key) is not None),
                    key=lambda r: r.value(key))  # type: ignore[arg-type, return-value]
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(valued, start=1):
        value = row.value(key)
        if value != previous:
            rank = position
            previous = value
        row.rank = rank


def national_reference(year: int) -> tuple[int, dict[str, Decimal]]:
    """The national figures of `year`, else of the latest year before it, else 2020's."""
    years = sorted(y for y in rules.NATIONAL_FIGURES if y <= year)
    chosen = years[-1] if years else BASELINE_YEAR
    return chosen, rules.NATIONAL_FIGURES[chosen]


# ---------------------------------------------------------------- one institution

def _agency_figures(row: AgencyYear | None) -> Figures | None:
    if row is None:
        return None
    with_profile = row.energy_headcount is not None
    return Figures(kgce=row.kgce, water=row.water, electricity=row.electricity, cost=row.cost,
                   headcount=row.energy_headcount or 0, area=row.building_area or ZERO,
                   institutions=1 if with_profile and row.on_register else 0,
                   reporting=1 if row.readings else 0)


@dataclass
class InstitutionYearReport:
    agency: Agency
    year: int
    row: Row
    summary: AgencyYear | None
    types: list[tuple[str, str, str]]                  # (code, label, unit) with readings
    months: list[dict[str, Any]]                       # {month, cells: [qty|None], kgce, cost}
    type_totals: list[Decimal]
    trend: dict[str, Any] = field(default_factory=dict)


def institution_year(agency: Agency, year: int) -> InstitutionYearReport:
    summaries = {s.year: s for s in AgencyYear.objects.filter(
        agency=agency, year__in={year, year - 1, BASELINE_YEAR})}
    now = _agency_figures(summaries.get(year)) or Figures()
    row = Row(label=agency.name, now=now, last=_agency_figures(summaries.get(year - 1)),
              base=_agency_figures(summaries.get(BASELINE_YEAR)), agency_id=agency.pk)
    readings = list(Reading.objects.filter(
        agency=agency, month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1))
        .values_list("month", "energy_type", "quantity", "kgce", "cost"))
    present = {r[1] for r in readings}
    types = [(t.code, t.label, t.unit) for t in ENERGY_TYPES.values() if t.code in present]
    cells: dict[tuple[int, str], Decimal] = {}
    month_kgce: dict[int, Decimal] = defaultdict(Decimal)
    month_cost: dict[int, Decimal] = defaultdict(Decimal)
    for month, code, quantity, kgce, cost in readings:
        cells[(month.month, code)] = quantity
        month_kgce[month.month] += kgce
        month_cost[month.month] += cost
    months = [{"month": m, "cells": [cells.get((m, code)) for code, _, _ in types],
               "kgce": month_kgce.get(m), "cost": month_cost.get(m)} for m in range(1, 13)]
    type_totals = [sum((cells.get((m, code), ZERO) for m in range(1, 13)), ZERO)
                   for code, _, _ in types]
    last_kgce = _agency_month_kgce(agency, year - 1)
    trend = {"title": f"{agency.name} 月度综合能耗（kgce）",
             "months": [f"{m}月" for m in range(1, 13)],
             "series": [{"name": f"{year}年", "data": [_num(month_kgce.get(m)) for m in
                                                       range(1, 13)]},
                        {"name": f"{year - 1}年", "data": [_num(last_kgce.get(m)) for m in
                                                           range(1, 13)]}]}
    return InstitutionYearReport(agency=agency, year=year, row=row,
                                 summary=summaries.get(year), types=types, months=months,
                                 type_totals=type_totals, trend=trend)


def _agency_month_kgce(agency: Agency, year: int) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(Decimal)
    for month, kgce in Reading.objects.filter(
            agency=agency, month__gte=dt.date(year, 1, 1),
            month__lte=dt.date(year, 12, 1)).values_list("month", "kgce"):
        out[month.month] += kgce
    return out


def _num(value: Decimal | None) -> float | None:
    """A chart value: JSON has no Decimal; None is a gap in the line."""
    return float(value) if value is not None else None


# ---------------------------------------------------------------- roll-ups

BY_CHOICES = {"region": "按区划", "department": "按部门", "type": "按单位性质"}


@dataclass
class Rollup:
    region: Region
    year: int
    by: str
    rows: list[Row]
    total: Row
    institutions_level: bool            # rows are institutions, not regions
    coefficient_set: CoefficientSet | None
    note: str = ""

    @property
    def row_label(self) -> str:
        if self.by == "department":
            return "部门"
        if self.by == "type":
            return "单位性质"
        return "单位" if self.institutions_level else "区划"


def _depth(path: str) -> int:
    return len([p for p in path.strip("/").split("/") if p])


def _years(year: int) -> list[int]:
    return sorted({year, year - 1, BASELINE_YEAR})


def _alt_region_kgce(root: Region, years: list[int], coefficients: dict[str, Decimal]
                     ) -> dict[tuple[int, str], Decimal]:
    """kgce per (year, statistical region path) with another coefficient set, from the
    month summaries' quantities: readings with a measured calorific value keep their kgce,
    the rest convert at the set's coefficient."""
    out: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for year in years:
        grouped = (RegionMonth.objects.filter(
            month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1),
            stat_region__path__startswith=root.path)
            .values("stat_region__path", "energy_type")
            .annotate(q=Sum("quantity"), nq=Sum("ncv_quantity"), nk=Sum("ncv_kgce")))
        for row in grouped:
            k = coefficients.get(row["energy_type"], ZERO)
            out[(year, row["stat_region__path"])] += _d(
                row["nk"] + (row["q"] - row["nq"]) * k)
    return out


def _alt_agency_kgce(readings: QuerySet[Any], years: list[int],
                     coefficients: dict[str, Decimal]) -> dict[tuple[int, int], Decimal]:
    out: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for year in years:
        grouped = (readings.filter(month__gte=dt.date(year, 1, 1),
                                   month__lte=dt.date(year, 12, 1))
                   .values("agency_id", "energy_type")
                   .annotate(q=Sum("quantity"),
                             nq=Sum("quantity", filter=Q(ncv__isnull=False)),
                             nk=Sum("kgce", filter=Q(ncv__isnull=False))))
        for row in grouped:
            k = coefficients.get(row["energy_type"], ZERO)
            nq, nk = row["nq"] or ZERO, row["nk"] or ZERO
            out[(year, row["agency_id"])] += _d(nk + (row["q"] - nq) * k)
    return out


def _region_rollup(root: Region, year: int, coefficients: dict[str, Decimal] | None
                   ) -> tuple[list[Row], Row]:
    """Rows for the root's child regions plus its own institutions (本级), from RegionYear."""
    years = _years(year)
    depth = _depth(root.path)
    children = {r.code: r for r in Region.objects.filter(parent=root)}
    alt = _alt_region_kgce(root, years, coefficients) if coefficients is not None else None
    # (year, key) -> figures; key "" is the root's own institutions.
    figures: dict[tuple[int, str], Figures] = defaultdict(Figures)
    for ry in RegionYear.objects.filter(year__in=years, stat_region__path__startswith=root.path
                                        ).values("year", "stat_region__path", "institutions",
                                                 "reporting", "energy_headcount",
                                                 "building_area", "kgce", "water",
                                                 "electricity", "cost"):
        path = ry["stat_region__path"]
        parts = [p for p in path.strip("/").split("/") if p]
        key = "" if len(parts) == depth else parts[depth]
        kgce = alt.get((ry["year"], path), ZERO) if alt is not None else _d(ry["kgce"])
        figures[(ry["year"], key)].add(Figures(
            kgce=kgce, water=_d(ry["water"]), electricity=_d(ry["electricity"]),
            cost=_d(ry["cost"], CENT), headcount=ry["energy_headcount"],
            area=_d(ry["building_area"], CENT),
            institutions=ry["institutions"], reporting=ry["reporting"]))
    rows: list[Row] = []
    own = Row(label=f"{root.name}本级", now=figures.get((year, ""), Figures()),
              last=figures.get((year - 1, "")), base=figures.get((BASELINE_YEAR, "")),
              own_code=root.code)
    if own.now.has_data or own.now.institutions:
        rows.append(own)
    for code, child in sorted(children.items()):
        rows.append(Row(label=child.name, now=figures.get((year, code), Figures()),
                        last=figures.get((year - 1, code)),
                        base=figures.get((BASELINE_YEAR, code)), region_code=code))
    return rows, _total(root.name, rows)


def _total(label: str, rows: list[Row]) -> Row:
    total = Row(label=f"{label}合计", now=Figures(), last=Figures(), base=Figures())
    for row in rows:
        total.now.add(row.now)
        if row.last and total.last:
            total.last.add(row.last)
        if row.base and total.base:
            total.base.add(row.base)
    return total


def _aggregate(qs: QuerySet[Any], key: str) -> dict[tuple[int, Any], Figures]:
    """AgencyYear grouped by year and `key`, counted like RegionYear: institutions on the
    register with a profile; headcount and area of the reporting ones only (a denominator
    without a numerator would flatter the ratio)."""
    reporting = Q(readings__gt=0)
    with_profile = Q(energy_headcount__isnull=False)
    out: dict[tuple[int, Any], Figures] = {}
    for row in qs.values("year", key).annotate(
            n_inst=Count("id", filter=with_profile & Q(on_register=True)),
            n_rep=Count("id", filter=reporting),
            hc=Sum("energy_headcount", filter=reporting & with_profile),
            ar=Sum("building_area", filter=reporting & with_profile),
            k=Sum("kgce"), w=Sum("water"), e=Sum("electricity"), c=Sum("cost")).order_by():
        out[(row["year"], row[key])] = Figures(
            kgce=_d(row["k"]), water=_d(row["w"]), electricity=_d(row["e"]),
            cost=_d(row["c"], CENT), headcount=row["hc"] or 0, area=_d(row["ar"], CENT),
            institutions=row["n_inst"], reporting=row["n_rep"])
    return out


def _top_agencies(agency_ids: set[int]) -> dict[int, tuple[int, str]]:
    """Each agency's department: the top of its Agency.parent chain (id, name)."""
    known: dict[int, tuple[int | None, str]] = {}
    pending = set(agency_ids)
    while pending:  # one query per level of the hierarchy, not per agency
        for pk, parent_id, name in Agency.objects.filter(pk__in=pending).values_list(
                "pk", "parent_id", "name"):
            known[pk] = (parent_id, name)
        pending = {p for p, _ in known.values() if p is not None and p not in known}
    out: dict[int, tuple[int, str]] = {}
    for pk in agency_ids:
        node, seen = pk, set()
        while known[node][0] is not None and node not in seen:  # a cycle stops the walk
            seen.add(node)
            node = known[node][0]  # type: ignore[assignment]
        out[pk] = (node, known[node][1])
    return out


def _agency_rollup(user: Any, root: Region, year: int, by: str, own_only: bool,
                   coefficients: dict[str, Decimal] | None) -> tuple[list[Row], Row, str]:
    """Rows of institutions, departments or types under `root`, from AgencyYear."""
    years = _years(year)
    qs = AgencyYear.objects.visible_to(user, Perm.VIEW_ENERGY).filter(year__in=years)
    if own_only or _depth(root.path) == 3:
        qs = qs.filter(stat_region=root)
    else:
        qs = qs.filter(agency__region__path__startswith=root.path)
    note = ""
    if by == "type":
        figures = _aggregate(qs, "type_code")
        keys = sorted({k for _, k in figures})
        rows = [Row(label=f"{k} {AGENCY_TYPES.get(k, '')}".strip(),
                    now=figures.get((year, k), Figures()), last=figures.get((year - 1, k)),
                    base=figures.get((BASELINE_YEAR, k))) for k in keys]
    else:
        per_agency = _aggregate(qs, "agency_id")
        if coefficients is not None:
            readings = Reading.objects.filter(agency_id__in={a for _, a in per_agency})
            for (y, agency_id), kgce in _alt_agency_kgce(readings, years, coefficients).items():
                if (y, agency_id) in per_agency:
                    per_agency[(y, agency_id)].kgce = kgce
        if by == "department":
            tops = _top_agencies({a for _, a in per_agency})
            folded: dict[tuple[int, int], Figures] = defaultdict(Figures)
            names: dict[int, str] = {}
            for (y, agency_id), fig in per_agency.items():
                top_id, top_name = tops[agency_id]
                folded[(y, top_id)].add(fig)
                names[top_id] = top_name
            rows = [Row(label=names[k], now=folded.get((year, k), Figures()),
                        last=folded.get((year - 1, k)), base=folded.get((BASELINE_YEAR, k)))
                    for k in sorted(names, key=lambda k: names[k])]
        else:
            names = dict(Agency.objects.filter(pk__in={a for _, a in per_agency})
                         .values_list("pk", "name"))
            rows = [Row(label=names[k], now=per_agency.get((year, k), Figures()),
                        last=per_agency.get((year - 1, k)),
                        base=per_agency.get((BASELINE_YEAR, k)), agency_id=k)
                    for k in sorted(names, key=lambda k: names[k])
                    if (year, k) in per_agency]
    if by == "type" and coefficients is not None:
        note = "按单位性质汇总使用默认折标系数（所选系数仅用于按区划、按部门和单位汇总）"
    return rows, _total(root.name, rows), note


def rollup(user: Any, root: Region, year: int, *, by: str = "region", own_only: bool = False,
           coefficient_set: CoefficientSet | None = None) -> Rollup:
    """The roll-up under `root` as `user` may see it. Region rows need a region grant
    covering the root (a bureau); anyone else gets the institutions their scope holds."""
    coefficients = coefficient_set.decimals() if coefficient_set is not None else None
    covered = sees_whole_region(user, Perm.VIEW_ENERGY, root)
    institutions_level = by == "region" and (own_only or not covered or
                                             _depth(root.path) >= 3)
    note = ""
    if by == "region" and not institutions_level:
        rows, total = _region_rollup(root, year, coefficients)
    else:
        rows, total, note = _agency_rollup(user, root, year, by, own_only, coefficients)
    rank_rows(rows)
    return Rollup(region=root, year=year, by=by, rows=rows, total=total,
                  institutions_level=institutions_level, coefficient_set=coefficient_set,
                  note=note)
