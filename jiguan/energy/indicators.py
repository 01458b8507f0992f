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

from jiguan.energy import rules
from jiguan.energy.models import AgencyYear, Reading
from jiguan.energy.rules import BASELINE_YEAR, ENERGY_TYPES, Indicators, change_pct
from jiguan.orgs.models import Agency

INDICATOR_KEYS = ("per_capita", "per_area", "water_per_capita")
INDICATOR_LABELS = {"per_capita": "人均综合能耗（kgce/人）",
                    "per_area": "单位建筑面积能耗（kgce/m²）",
                    "water_per_capita": "人均用水量（m³/人）"}
ZERO = Decimal(0)


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
