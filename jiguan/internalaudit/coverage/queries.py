"""Coverage of internal audit (全覆盖): for every unit, when each category was last audited
(the date of the audit report), whether that falls in the cycle, and the shares of units and
of funds (the units' budgets) covered, with a roll-up by region.

Province scale (40,000 agencies): the last dates come from ONE grouped query over the units
(LEFT JOIN of the projects, MAX per category with FILTER), the budgets from one more; the
rest is arithmetic in Python over plain tuples. bench/bench_internalaudit.py measures it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Q

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import scope_root
from jiguan.internalaudit.coverage import rules
from jiguan.internalaudit.coverage.forms import CoverageFilterForm
from jiguan.internalaudit.projects.models import AuditCategory, UnitBudget
from jiguan.orgs.models import Agency

CATEGORIES = tuple(AuditCategory.values)


def cycle_years() -> int:
    return int(getattr(settings, "INTERNAL_AUDIT_CYCLE_YEARS", rules.DEFAULT_CYCLE_YEARS))


@dataclass
class UnitRow:
    pk: int
    name: str
    region_name: str
    region_path: str
    last: dict[str, dt.date | None]
    budget: Decimal | None
    covered: dict[str, bool] = field(default_factory=dict)

    @property
    def last_any(self) -> dt.date | None:
        dates = [d for d in self.last.values() if d is not None]
        return max(dates) if dates else None

    @property
    def never(self) -> bool:
        return self.last_any is None

    @property
    def covered_any(self) -> bool:
        return any(self.covered.values())

    @property
    def last_funds(self) -> dt.date | None:
        return self.last["funds"]

    @property
    def last_assets(self) -> dt.date | None:
        return self.last["assets"]

    @property
    def last_leaders(self) -> dt.date | None:
        return self.last["leaders"]


@dataclass
class Tally:
    name: str
    path: str
    units: int = 0
    covered: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    covered_any: int = 0
    never: int = 0
    budget: Decimal = Decimal(0)
    budget_covered: Decimal = Decimal(0)

    def add(self, row: UnitRow) -> None:
        self.units += 1
        for cat in CATEGORIES:
            self.covered[cat] += row.covered[cat]
        self.covered_any += row.covered_any
        self.never += row.never
        if row.budget is not None:
            self.budget += row.budget
            if row.covered["funds"]:
                self.budget_covered += row.budget

    @property
    def share_any(self) -> Decimal | None:
        return rules.share(self.covered_any, self.units)

    @property
    def shares(self) -> dict[str, Decimal | None]:
        return {cat: rules.share(n, self.units) for cat, n in self.covered.items()}

    @property
    def share_funds(self) -> Decimal | None:
        """资金覆盖率: the budgets of units whose public funds were audited in the cycle."""
        return rules.share(self.budget_covered, self.budget)


@dataclass
class Coverage:
    rows: list[UnitRow]
    total: Tally
    regions: list[Tally]
    start: dt.date
    as_of: dt.date
    years: int
    budget_year: int | None


def unit_last_dates(units: Any) -> list[tuple[Any, ...]]:
    """(pk, name, region name, region path, last funds, last assets, last leaders) of every
    unit: one grouped query."""
    reported = Q(internal_audits__report_date__isnull=False)
    annotations = {
        f"last_{cat}": Max("internal_audits__report_date",
                           filter=reported & Q(internal_audits__category=cat))
        for cat in CATEGORIES}
    return list(units.order_by().values_list("pk", "name", "region__name", "region__path")
                .annotate(**annotations)
                .values_list("pk", "name", "region__name", "region__path",
                             *annotations.keys()))


def budget_year_for(units: Any, as_of: dt.date) -> int | None:
    return (UnitBudget.objects.filter(agency__in=units.values("pk"), year__lte=as_of.year)
            .aggregate(y=Max("year"))["y"])


def compute(units: Any, *, as_of: dt.date, years: int, root: Region | None) -> Coverage:
    start = rules.cycle_start(as_of, years)
    budget_year = budget_year_for(units, as_of)
    budgets: dict[int, Decimal] = {}
    if budget_year is not None:
        budgets = dict(UnitBudget.objects.filter(agency__in=units.values("pk"), year=budget_year)
                       .values_list("agency_id", "amount"))
    rows: list[UnitRow] = []
    for pk, name, region_name, path, *lasts in unit_last_dates(units):
        last = dict(zip(CATEGORIES, lasts, strict=True))
        # A report after the as-of date is not yet known on that date.
        last = {c: (d if d is not None and d <= as_of else None) for c, d in last.items()}
        row = UnitRow(pk, name, region_name, path, last, budgets.get(pk))
        row.covered = {c: rules.covered(d, start) for c, d in last.items()}
        rows.append(row)
    rows.sort(key=lambda r: (not r.never, r.last_any or dt.date.min, r.region_path, r.name))
    total = Tally("合计", root.path if root else "")
    for row in rows:
        total.add(row)
    return Coverage(rows, total, rollup(rows, root), start, as_of, years, budget_year)


def rollup(rows: list[UnitRow], root: Region | None) -> list[Tally]:
    """Tallies by the regions one level below `root` (units of the root itself apart)."""
    depth = len(root.path.strip("/").split("/")) if root else 0
    codes: dict[str, Tally] = {}
    for row in rows:
        parts = row.region_path.strip("/").split("/")
        code = parts[depth] if len(parts) > depth else (parts[-1] if parts else "")
        tally = codes.get(code)
        if tally is None:
            tally = codes[code] = Tally(code, "")
        tally.add(row)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    paths = dict(Region.objects.filter(code__in=codes).values_list("code", "path"))
    out = []
    for code, tally in sorted(codes.items()):
        tally.name = names.get(code, code) + ("（本级）" if root and code == root.code else "")
        tally.path = paths.get(code, "")
        out.append(tally)
    return out


def coverage_for(user: Any, params: Mapping[str, Any] | None,
                 today: dt.date | None = None) -> tuple[Coverage, CoverageFilterForm]:
    form = CoverageFilterForm(params or None,
                              regions=Region.objects.visible_to(user, Perm.INTERNAL_AUDIT_VIEW))
    units = Agency.objects.visible_to(user, Perm.INTERNAL_AUDIT_VIEW).active()
    root = scope_root(user, Perm.INTERNAL_AUDIT_VIEW)
    as_of = today or dt.date.today()
    years = cycle_years()
    category, state, text = "", "", ""
    if form.is_valid():
        d = form.cleaned_data
        if d.get("region"):
            root = d["region"]
            units = units.filter(region__path__startswith=root.path)
        years = d.get("years") or years
        as_of = d.get("as_of") or as_of
        category, state, text = d.get("category") or "", d.get("state") or "", d.get("q") or ""
    elif form.is_bound:
        units = units.none()
    if text.strip():
        units = units.filter(name__contains=text.strip())
    result = compute(units, as_of=as_of, years=years, root=root)
    if state:
        result.rows = [r for r in result.rows if _matches(r, state, category)]
    return result, form


def _matches(row: UnitRow, state: str, category: str) -> bool:
    covered = row.covered[category] if category else row.covered_any
    last = row.last[category] if category else row.last_any
    if state == "never":
        return last is None
    if state == "uncovered":
        return not covered
    return covered
