"""The yearly statistical report (年度统计报表) of 《公共机构能源资源消费统计调查制度》,
due by 31 March for the year before (《公共机构节能条例》第十五条; domain-rules.md §5.2).

``collect`` reads a scope's year in a fixed number of queries, whatever the number of
institutions: the readings aggregated per (institution, type) in one GROUP BY, the profiles
in one query, the months reported from the AgencyYear summary, the institutions and their
parent chain (for the department) in a few batched queries. ``yearly_workbook`` writes it
as the official tables (基层表: 基本信息, 消费状况; 综合表: 部门汇总, 行政区域汇总,
分类汇总); ``yearly_jobs`` builds a large scope's workbook in the task worker.

Standard coal: with the default chain, an institution's kgce is the sum of its readings'
stored kgce (each converted by the default set in force in its month). With any other set,
it is recomputed per type: measured-NCV readings keep their own kgce, the rest is
quantity x the set's coefficient (the same formula as RegionMonth's docstring).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.energy.models import AgencyYear, CoefficientSet, InstitutionYear, Reading
from jiguan.energy.rules import ENERGY_TYPES, WATER_TYPES, Indicators
from jiguan.energy.summaries import stat_path
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import AGENCY_TYPES

FULL_YEAR = 12
ALL_MONTHS = (1 << FULL_YEAR) - 1
BATCH = 500
# Above this many institutions the workbook is built by the task worker: a province's
# 40,000 take tens of seconds, longer than a request should wait. JIGUAN_ENERGY_YEARLY_SYNC_LIMIT.
DEFAULT_SYNC_LIMIT = 3000

# [R] The 2025 revision of the forms (国管局, 2025-11-10) has not been obtained yet
# (domain-rules.md §5.2): 表号 and 批准文号 are placeholders to confirm against it.
FORM_AUTHORITY = "国家机关事务管理局"
FORM_NUMBER = "〔待核对〕"
FORM_APPROVAL = "〔待与2025年修订的统计调查制度核对〕"


def deadline(year: int) -> dt.date:
    """The report on `year` is due by 31 March of the next year (第十五条)."""
    return dt.date(year + 1, 3, 31)


# ---------------------------------------------------------------- the data

@dataclass
class Institution:
    """One row of the base tables (基层表)."""

    agency_id: int
    seq: int = 0                   # 序号 in the base tables
    name: str = ""
    credit_code: str = ""
    type_code: str = ""
    region_code: str = ""
    region_name: str = ""
    stat_code: str = ""
    department: str = ""
    department_id: int = 0
    department_code: str = ""
    has_profile: bool = False
    on_register: bool = False
    area: Decimal = Decimal(0)
    headcount: int = 0
    authorized: int = 0
    months: int = 0
    quantity: dict[str, Decimal] = field(default_factory=dict)
    cost: dict[str, Decimal] = field(default_factory=dict)
    kgce: Decimal = Decimal(0)

    @property
    def water(self) -> Decimal:
        return sum((self.quantity.get(t, Decimal(0)) for t in WATER_TYPES), Decimal(0))

    @property
    def total_cost(self) -> Decimal:
        return sum(self.cost.values(), Decimal(0))

    @property
    def type_label(self) -> str:
        return AGENCY_TYPES.get(self.type_code, "")

    def indicators(self) -> Indicators | None:
        if not self.has_profile:
            return None
        return Indicators(kgce=self.kgce, water=self.water, cost=self.total_cost,
                          headcount=self.headcount, area=self.area)


@dataclass
class Totals:
    """A row of a summary table (综合表): sums over institutions. The indicators divide the
    consumption of the institutions with a profile by their own headcount and area, so an
    institution without 基本信息 cannot inflate a per-capita figure."""

    code: str
    label: str
    level: int = 0                 # 0 = a row; 1 = a subtotal above its rows
    institutions: int = 0
    complete: int = 0
    area: Decimal = Decimal(0)
    headcount: int = 0
    authorized: int = 0
    quantity: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    cost: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    kgce: Decimal = Decimal(0)
    water: Decimal = Decimal(0)
    profiled_kgce: Decimal = Decimal(0)
    profiled_water: Decimal = Decimal(0)

    def add(self, row: Institution) -> None:
        self.institutions += 1
        self.complete += row.months == FULL_YEAR
        self.area += row.area
        self.headcount += row.headcount
        self.authorized += row.authorized
        for t, q in row.quantity.items():
            self.quantity[t] += q
        for t, c in row.cost.items():
            self.cost[t] += c
        self.kgce += row.kgce
        self.water += row.water
        if row.has_profile:
            self.profiled_kgce += row.kgce
            self.profiled_water += row.water

    def merge(self, other: Totals) -> Totals:
        """Add a group's totals (subtotals and the grand total are sums of groups, so each
        institution is added once per table, not once per level)."""
        self.institutions += other.institutions
        self.complete += other.complete
        self.area += other.area
        self.headcount += other.headcount
        self.authorized += other.authorized
        for t, q in other.quantity.items():
            self.quantity[t] += q
        for t, c in other.cost.items():
            self.cost[t] += c
        self.kgce += other.kgce
        self.water += other.water
        self.profiled_kgce += other.profiled_kgce
        self.profiled_water += other.profiled_water
        return self

    @property
    def total_cost(self) -> Decimal:
        return sum(self.cost.values(), Decimal(0))

    # The total row of a base table reads these like an institution's.
    seq = ""
    has_profile = True
    months = None

    def indicators(self) -> Indicators:
        return Indicators(kgce=self.profiled_kgce, water=self.profiled_water,
                          cost=self.total_cost, headcount=self.headcount, area=self.area)


@dataclass
class Report:
    year: int
    scope_label: str
    coefficient_label: str
    institutions: list[Institution]
    by_department: list[Totals]
    by_region: list[Totals]
    by_type: list[Totals]
    total: Totals

    @property
    def expected(self) -> int:
        """Institutions the survey expects: on the register with a profile for the year."""
        return sum(1 for i in self.institutions if i.has_profile and i.on_register)

    @property
    def complete(self) -> int:
        return sum(1 for i in self.institutions
                   if i.has_profile and i.on_register and i.months == FULL_YEAR)


def _in_scope(rows: Any, user: Any, region: Region | None) -> Any:
    """Rows of institutions the user sees, within `region` when given."""
    rows = rows.visible_to(user, Perm.VIEW_ENERGY)
    return rows.filter(agency__region__path__startswith=region.path) if region else rows


def collect(*, user: Any, year: int, region: Region | None = None,
            coefficient_set: CoefficientSet | None = None, scope_label: str = "") -> Report:
    """The scope's year: every institution with readings or a profile in `year` that the
    user may see (within `region` when given), and the three summaries."""
    rows: dict[int, Institution] = {}
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    readings = (_in_scope(Reading.objects, user, region)
                .filter(month__gte=first, month__lte=last)
                .values("agency_id", "energy_type")
                .annotate(q=Sum("quantity"), c=Sum("cost"), k=Sum("kgce"),
                          nq=Sum("quantity", filter=Q(ncv__isnull=False)),
                          nk=Sum("kgce", filter=Q(ncv__isnull=False)))
                .order_by())
    coefficients = coefficient_set.decimals() if coefficient_set is not None else None
    for r in readings.iterator(chunk_size=5000):
        row = rows.setdefault(r["agency_id"], Institution(r["agency_id"]))
        t = r["energy_type"]
        row.quantity[t] = r["q"] or Decimal(0)
        row.cost[t] = r["c"] or Decimal(0)
        if coefficients is None:
            row.kgce += r["k"] or Decimal(0)
        elif ENERGY_TYPES[t].energy:
            measured_q, measured_k = r["nq"] or Decimal(0), r["nk"] or Decimal(0)
            row.kgce += measured_k + (row.quantity[t] - measured_q) * coefficients.get(
                t, Decimal(0))
    profiles = (_in_scope(InstitutionYear.objects, user, region).filter(year=year)
                .values_list("agency_id", "type_code", "on_register", "building_area",
                             "energy_headcount", "authorized_headcount").order_by())
    for agency_id, type_code, on_register, area, headcount, authorized in profiles.iterator():
        row = rows.setdefault(agency_id, Institution(agency_id))
        row.has_profile, row.type_code, row.on_register = True, type_code, on_register
        row.area, row.headcount, row.authorized = area, headcount, authorized
    masks = (_in_scope(AgencyYear.objects, user, region).filter(year=year)
             .values_list("agency_id", "months_mask").order_by())
    for agency_id, mask in masks.iterator():
        if agency_id in rows:
            rows[agency_id].months = bin(mask).count("1")
    _fill_agencies(rows)
    for row in rows.values():
        row.kgce = row.kgce.quantize(Decimal("0.001"))
    institutions = sorted(rows.values(), key=lambda i: (i.stat_code, i.region_code,
                                                        i.department, i.name, i.agency_id))
    for seq, row in enumerate(institutions, start=1):
        row.seq = seq
    label = (f"{coefficient_set.name}（{coefficient_set.code}）" if coefficient_set
             else "默认折标系数（按读数所属月份适用的默认系数）")
    by_type = _by_type(institutions)
    total = Totals("", "合计")
    for group in by_type:
        if not group.level:
            total.merge(group)
    return Report(year=year, scope_label=scope_label, coefficient_label=label,
                  institutions=institutions, by_department=_by_department(institutions),
                  by_region=_by_region(institutions), by_type=by_type, total=total)


def completeness(*, user: Any, year: int, region: Region | None = None) -> tuple[int, int, int]:
    """(institutions in scope, complete, expected) from the AgencyYear summary: one query,
    fast at province scale. Expected = on the register with a profile for the year."""
    expected = Q(energy_headcount__isnull=False, on_register=True)
    row = (_in_scope(AgencyYear.objects, user, region).filter(year=year)
           .aggregate(n=Count("id"), expected=Count("id", filter=expected),
                      complete=Count("id", filter=expected & Q(months_mask=ALL_MONTHS))))
    return row["n"], row["complete"], row["expected"]


def sync_limit() -> int:
    return int(getattr(settings, "JIGUAN_ENERGY_YEARLY_SYNC_LIMIT", DEFAULT_SYNC_LIMIT))


def _fill_agencies(rows: dict[int, Institution]) -> None:
    """Names, codes, regions and the department (the top of the parent chain) of every
    row, in batches of ids: a few queries for 40,000 institutions, not one each."""
    info: dict[int, tuple[str, str, str, int | None, str, str, str]] = {}
    wanted = set(rows)
    while wanted:
        ids = sorted(wanted)
        wanted = set()
        for start in range(0, len(ids), BATCH):
            for pk, name, credit, type_code, parent, code, path, rname in (
                    Agency.objects.filter(pk__in=ids[start:start + BATCH]).values_list(
                        "pk", "name", "credit_code", "type_code", "parent_id",
                        "region__code", "region__path", "region__name")):
                info[pk] = (name, credit, type_code, parent, code, path, rname)
                if parent is not None and parent not in info:
                    wanted.add(parent)
        wanted -= set(info)

    def top(pk: int) -> int:
        seen: set[int] = set()
        while (parent := info[pk][3]) is not None and parent in info and parent not in seen:
            seen.add(pk)
            pk = parent
        return pk

    for pk, row in rows.items():
        name, credit, type_code, _, code, path, rname = info[pk]
        row.name, row.credit_code, row.region_code, row.region_name = name, credit, code, rname
        row.type_code = row.type_code or type_code
        row.stat_code = stat_path(path).strip("/").split("/")[-1]
        row.department_id = top(pk)
        row.department, row.department_code = info[row.department_id][:2]


def _by_department(rows: Iterable[Institution]) -> list[Totals]:
    """Keyed by the department's id: two departments may share a name, never a code."""
    out: dict[int, Totals] = {}
    for row in rows:
        out.setdefault(row.department_id, Totals(row.department_code, row.department)).add(row)
    return sorted(out.values(), key=lambda t: (t.label, t.code))


def _by_type(rows: Iterable[Institution]) -> list[Totals]:
    """01, 02 (subtotal of 021-026) with its sub-codes, 03: the form's order."""
    out = {code: Totals(code, label) for code, label in AGENCY_TYPES.items()}
    for row in rows:
        out.setdefault(row.type_code, Totals(row.type_code, row.type_label)).add(row)
    public = Totals("02", "事业单位（小计）", level=1)
    for code, group in out.items():
        if code.startswith("02"):
            public.merge(group)
    result: list[Totals] = []
    for code in sorted(out):
        if code.startswith("02") and not any(t is public for t in result):
            result.append(public)
        result.append(out[code])
    return result


def _by_region(rows: Sequence[Institution]) -> list[Totals]:
    """Each city as a subtotal followed by its statistical regions (市本级 and counties);
    province-level institutions (省本级) first."""
    codes = {r.stat_code for r in rows}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes).only(
        "code", "name", "path", "parent_id")}
    city_codes = {c: regions[c].path.strip("/").split("/")[1] for c in codes
                  if c in regions and regions[c].path.count("/") > 2}
    cities = {r.code: r for r in Region.objects.filter(code__in=set(city_codes.values()))
              .only("code", "name")}
    leaf: dict[str, Totals] = {}
    for row in rows:
        if row.stat_code not in leaf:
            region, city = regions.get(row.stat_code), city_codes.get(row.stat_code)
            name = ("省本级" if region is None or city is None
                    else "市本级" if row.stat_code == city else region.name)
            leaf[row.stat_code] = Totals(row.stat_code, name)
        leaf[row.stat_code].add(row)
    subtotal: dict[str, Totals] = {}
    for code, group in leaf.items():
        city = city_codes.get(code)
        if city is not None:
            city_name = cities[city].name if city in cities else city
            subtotal.setdefault(city, Totals(city, f"{city_name}（小计）", level=1)).merge(group)
    result = [t for code, t in sorted(leaf.items()) if code not in city_codes]
    for city in sorted(subtotal):
        result.append(subtotal[city])
        result += [leaf[c] for c in sorted(leaf) if city_codes.get(c) == city]
    return result
