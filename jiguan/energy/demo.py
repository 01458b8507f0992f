"""Deterministic demo energy data for the demo agencies: profiles, monthly readings with a
seasonal shape, and the problems every energy page should have something to show for
(outliers, missing months, late reporters, revised readings, quotas breached), plus a
province target plan, water-saving units, energy performance contracts and garbage sorting.

Demo seeding, like the orgs and space demos, writes straight to the tables and writes no
audit rows: readings go in with one raw ``executemany`` per batch (SQLite) or ``COPY``
(PostgreSQL), because ``readings_save`` builds model instances and would take minutes at
province scale (design.md "Speed"). What the real engine computes is then computed by it:
the summaries by ``summaries.rebuild_all`` and the quota breaches (with their to-dos) by
``targets_actions.sync_breaches``.

``reading_rows`` is pure (no database): same seed and institutions, same rows. Each
institution draws from its own generator seeded by the demo seed and its credit code, so
its readings do not depend on which other institutions are loaded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.energy import rules, summaries
from jiguan.energy.models import (
    ContractType,
    EnergyContract,
    GarbageSortingSite,
    InstitutionYear,
    Quota,
    Reading,
    SortingSiteKind,
    Source,
    TargetPlan,
    WaterSavingStatus,
    WaterSavingUnit,
)
from jiguan.energy.readings.actions import Converter
from jiguan.energy.targets import actions as targets_actions
from jiguan.orgs.models import Agency

FIRST_YEAR = rules.BASELINE_YEAR
BATCH = 50_000

# Shares of institutions and months (why: each one feeds a page that would be empty without).
NEVER_REPORTS = 0.03      # on the register, no readings at all: the chase list
JOINS_LATE = 0.03         # first readings in 2022: missing months in earlier years
LATE_LAST_MONTH = 0.12    # has not reported the last finished month yet: late reporters
MISSING_MONTH = 0.005     # a month skipped now and then: the completeness board
OUTLIER = 0.002           # a month at 4x the usual: the outlier list (flagged, not refused)
REVISED = 0.005           # sent twice: the revision counter
AREA_JUMP = 0.01          # building area up 50 % one year: the jump check

# Monthly shape: summer cooling and winter heating in Zhejiang (index 0 = January).
ELECTRICITY_SHAPE = (1.20, 1.05, 0.90, 0.85, 0.90, 1.10, 1.35, 1.40, 1.10, 0.90, 0.90, 1.15)
GAS_SHAPE = (1.60, 1.40, 1.10, 0.80, 0.60, 0.50, 0.50, 0.50, 0.60, 0.80, 1.10, 1.50)
WATER_SHAPE = (0.90, 0.80, 0.95, 1.00, 1.05, 1.10, 1.15, 1.15, 1.05, 1.00, 0.95, 0.90)
FLAT = (1.0,) * 12


@dataclass(frozen=True)
class TypePlan:
    """How one energy type is generated: per person per month in the entered unit."""

    code: str
    share: float                     # share of institutions that use it
    per_person: float                # entered units per person per month
    shape: tuple[float, ...]
    unit: str                        # the unit the demo reporter types
    price: float                     # yuan per entered unit


TYPES: tuple[TypePlan, ...] = (
    TypePlan("electricity", 1.00, 150.0, ELECTRICITY_SHAPE, "kWh", 0.78),
    TypePlan("water_tap", 1.00, 1.8, WATER_SHAPE, "m³", 4.1),
    TypePlan("natural_gas", 0.65, 5.0, GAS_SHAPE, "m³", 3.6),
    TypePlan("gasoline", 0.20, 2.5, FLAT, "L", 7.9),
    TypePlan("diesel", 0.08, 1.5, FLAT, "L", 7.6),
    TypePlan("heat", 0.04, 0.25, GAS_SHAPE, "GJ", 95.0),
)


class Institution(NamedTuple):
    """What the generator needs of an agency (plain values, no ORM)."""

    pk: int
    key: str            # credit code: seeds the institution's own generator
    stat_region_id: int
    headcount: int
    level: str


class ReadingRow(NamedTuple):
    agency_id: int
    stat_region_id: int
    month: dt.date
    energy_type: str
    quantity_milli: int           # canonical unit, thousandths
    entered_milli: int
    entered_unit: str
    cost_cents: int
    revisions: int


@dataclass
class EnergyDemoResult:
    profiles: int = 0
    readings: int = 0
    quotas: int = 0
    breaches: int = 0
    water_units: int = 0
    contracts: int = 0
    sorting_sites: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
    return out


def _milli_factor(plan: TypePlan) -> int:
    """Thousandths of the canonical unit per entered unit (litres by the configured
    density: the same explicit conversion rules.to_canonical applies)."""
    factor = rules.to_canonical(plan.code, Decimal(1), plan.unit) * 1000
    if factor != factor.to_integral_value():
        raise ValueError(f"{plan.code}: {plan.unit} does not convert to whole thousandths")
    return int(factor)


def reading_rows(institutions: Sequence[Institution], seed: int, last: dt.date,
                 savings: dict[int, tuple[dt.date, float]] | None = None,
                 first: dt.date | None = None) -> Iterator[ReadingRow]:
    """Every demo reading, institution by institution, month by month (pure). `first`
    (default January 2020) starts later: the benchmarks add one new month this way."""
    savings = savings or {}
    all_months = months(first or dt.date(FIRST_YEAR, 1, 1), last)
    factors = {p.code: _milli_factor(p) for p in TYPES}
    for inst in institutions:
        rng = random.Random(f"{seed}:{inst.key}")  # noqa: S311  (demo data, not security)
        kind = rng.random()
        if kind < NEVER_REPORTS:
            continue
        start = dt.date(2022, 1, 1) if kind < NEVER_REPORTS + JOINS_LATE else all_months[0]
        late = rng.random() < LATE_LAST_MONTH
        used = [p for p in TYPES if p.share >= 1 or rng.random() < p.share]
        scale = {p.code: p.per_person * inst.headcount * rng.uniform(0.6, 1.5) for p in used}
        # A yearly drift per institution: most save a little each year, some do not.
        drift = rng.uniform(-0.035, 0.012)
        contract = savings.get(inst.pk)
        for month in all_months:
            if month < start or (late and month == last) or rng.random() < MISSING_MONTH:
                continue
            trend = (1 + drift) ** (month.year - FIRST_YEAR)
            if contract and month >= contract[0]:
                trend *= 1 - contract[1]
            for plan in used:
                value = scale[plan.code] * plan.shape[month.month - 1] * trend
                value *= rng.uniform(0.9, 1.1)
                if rng.random() < OUTLIER:
                    value *= 4
                entered = max(1, round(value))
                revisions = 1 if rng.random() < REVISED else 0
                yield ReadingRow(inst.pk, inst.stat_region_id, month, plan.code,
                                 entered * factors[plan.code], entered * 1000, plan.unit,
                                 round(entered * plan.price * 100), revisions)


def _round_half_even(numerator: int, denominator: int) -> int:
    q, r = divmod(numerator, denominator)
    if 2 * r > denominator or (2 * r == denominator and q % 2):
        q += 1
    return q


def _text(value: int, places: int) -> str:
    unit = 10 ** places
    return f"{value // unit}.{value % unit:0{places}d}"


class _Writer:
    """Raw batched inserts (executemany on SQLite, COPY on PostgreSQL) of plain tuples."""

    def __init__(self, model: Any, names: Sequence[str]) -> None:
        meta = model._meta
        fields = [meta.get_field(n) for n in names]
        missing = [f.name for f in meta.concrete_fields
                   if f not in fields and not f.primary_key and not f.null]
        if missing:  # a column added later: the demo must say what it should hold
            raise RuntimeError(f"energy demo: no value for {model.__name__}.{missing}")
        self.table = meta.db_table
        self.columns = [f.column for f in fields]
        self.count = 0

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        cols = ", ".join(quote(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                # Table and columns come from the model's meta, quoted: no user text.
                sql = f"INSERT INTO {quote(self.table)} ({cols}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)
        self.count += len(rows)


READING_COLUMNS = ("created_at", "updated_at", "created_by", "updated_by", "agency",
                   "stat_region", "month", "energy_type", "quantity", "entered_quantity",
                   "entered_unit", "cost", "ncv", "kgce", "coefficient_set", "source",
                   "revisions")
PROFILE_COLUMNS = ("created_at", "updated_at", "created_by", "updated_by", "agency",
                   "stat_region", "year", "type_code", "on_register", "building_area",
                   "energy_headcount", "authorized_headcount")


def _now() -> Any:
    now = timezone.now()
    return now if connection.vendor == "postgresql" else \
        connection.ops.adapt_datetimefield_value(now)


def write_readings(rows: Iterator[ReadingRow]) -> int:
    """Convert to standard coal exactly as Converter does (quantity x the default set in
    force in the month, rounded half-even to 0.001 kgce) and insert in batches."""
    converter = Converter()
    ratios: dict[tuple[dt.date, str], tuple[int, int, int | None]] = {}
    writer = _Writer(Reading, READING_COLUMNS)
    now = _now()
    batch: list[tuple[Any, ...]] = []
    month_text: dict[dt.date, str] = {}
    for r in rows:
        key = (r.month, r.energy_type)
        if key not in ratios:
            set_id = converter.set_for(r.month)
            coefficient = (converter.sets[set_id].get(r.energy_type, Decimal(0))
                           if set_id is not None and rules.ENERGY_TYPES[r.energy_type].energy
                           else Decimal(0))
            num, den = coefficient.as_integer_ratio()
            ratios[key] = (num, den, set_id)
            month_text[r.month] = r.month.isoformat()
        num, den, set_id = ratios[key]
        kgce = _round_half_even(r.quantity_milli * num, den)
        batch.append((now, now, None, None, r.agency_id, r.stat_region_id,
                      month_text[r.month], r.energy_type, _text(r.quantity_milli, 3),
                      _text(r.entered_milli, 3), r.entered_unit, _text(r.cost_cents, 2), None,
                      _text(kgce, 3), set_id, Source.IMPORT if r.revisions else Source.PAGE,
                      r.revisions))
        if len(batch) >= BATCH:
            writer.write(batch)
            batch = []
    writer.write(batch)
    return writer.count


def institutions(agencies: Sequence[Agency]) -> list[Institution]:
    out = []
    for a in agencies:
        headcount = a.energy_headcount or a.actual_headcount or a.authorized_headcount or 20
        out.append(Institution(a.pk, a.credit_code, summaries.stat_region_id(a),
                               max(5, headcount), a.level))
    return out


def write_profiles(agencies: Sequence[Agency], insts: Sequence[Institution], seed: int,
                   this_year: int) -> int:
    """One profile a year from 2020; headcount moves a little, an area jumps now and then."""
    writer = _Writer(InstitutionYear, PROFILE_COLUMNS)
    now = _now()
    batch: list[tuple[Any, ...]] = []
    for agency, inst in zip(agencies, insts, strict=True):
        rng = random.Random(f"{seed}:profile:{inst.key}")  # noqa: S311
        area = inst.headcount * rng.uniform(14, 24)
        on_register = rng.random() > 0.05
        for year in range(FIRST_YEAR, this_year + 1):
            headcount = max(5, round(inst.headcount * rng.uniform(0.97, 1.03)))
            if rng.random() < AREA_JUMP:
                area *= 1.5
            batch.append((now, now, None, None, inst.pk, inst.stat_region_id, year,
                          agency.type_code, on_register, f"{area:.2f}", headcount,
                          agency.authorized_headcount))
        if len(batch) >= BATCH:
            writer.write(batch)
            batch = []
    writer.write(batch)
    return writer.count


def _programs(rng: random.Random, agencies: Sequence[Agency], today: dt.date,
              result: EnergyDemoResult) -> dict[int, tuple[dt.date, float]]:
    """Target plan, water-saving units, contracts, sorting sites. Returns the contracts'
    institutions with their start month and the share they save from then on."""
    province = Region.objects.filter(parent__isnull=True).first()
    if province is not None:
        TargetPlan.objects.create(region=province, per_capita_pct=Decimal("-6"),
                                  per_area_pct=Decimal("-5"), water_per_capita_pct=Decimal("-6"))
    units = []
    for a in agencies:
        draw = rng.random()
        accepted_share = 0.6 if a.level == "province" else 0.15
        if draw < accepted_share:
            units.append(WaterSavingUnit(
                agency=a, status=WaterSavingStatus.ACCEPTED, tiered_metering=True,
                fixtures_all_saving=True, named_manager=f"{a.name[:6]}后勤科", ledger=True,
                yearly_plan=True, balance_test=True,
                balance_test_date=dt.date(rng.randint(2018, 2023), rng.randint(1, 12), 1),
                evidence="水平衡测试报告、节水器具台账、用水统计台账",
                accepted_on=dt.date(rng.randint(2019, 2024), rng.randint(1, 12), 15),
                accepted_doc=f"浙节水办〔{rng.randint(2019, 2024)}〕{rng.randint(1, 60)}号"))
        elif draw < accepted_share + 0.08:
            units.append(WaterSavingUnit(
                agency=a, status=WaterSavingStatus.PLANNED, tiered_metering=rng.random() < 0.5,
                fixtures_all_saving=rng.random() < 0.5, named_manager="", ledger=True,
                yearly_plan=rng.random() < 0.5))
    WaterSavingUnit.objects.bulk_create(units, batch_size=2000)
    result.water_units = len(units)

    contract_at: dict[int, tuple[dt.date, float]] = {}
    big = sorted(agencies, key=lambda a: (-(a.actual_headcount or 0), a.pk))[:3]
    specs = [(ContractType.SHARED, "照明及空调系统节能改造", dt.date(2022, 1, 1), 6, 0.18),
             (ContractType.GUARANTEED, "锅炉房及热水系统节能改造", dt.date(2023, 1, 1), 5, 0.12),
             (ContractType.OUTSOURCING, "能源费用托管", dt.date(2021, 7, 1), 8, 0.10)]
    for agency, (kind, name, start, years, saves) in zip(big, specs, strict=False):
        if start > today:
            continue
        base_start = dt.date(start.year - 1, 1, 1)
        EnergyContract.objects.create(
            agency=agency, name=f"{agency.name}{name}", contract_type=kind,
            provider="浙江绿能节能服务有限公司" if kind != ContractType.OUTSOURCING
            else "杭州节源能源管理有限公司",
            start_date=start, end_date=start.replace(year=start.year + years) - dt.timedelta(1),
            baseline_start=base_start, baseline_end=base_start.replace(month=12),
            sharing_ratio=Decimal("70") if kind == ContractType.SHARED else None,
            guaranteed_kgce=Decimal("50000") if kind == ContractType.GUARANTEED else None,
            contract_amount=Decimal(rng.randint(80, 400) * 10000))
        contract_at[agency.pk] = (start, saves)
    result.contracts = len(contract_at)

    sites = []
    for a in agencies:
        if rng.random() < 0.3:
            sites.append(GarbageSortingSite(
                kind=SortingSiteKind.INSTITUTION, agency=a, name=a.name, region=a.region,
                since=dt.date(rng.randint(2018, 2023), rng.randint(1, 12), 1)))
    counties = list(Region.objects.filter(level="county").order_by("code")[:12])
    for i, county in enumerate(counties):
        sites.append(GarbageSortingSite(
            kind=SortingSiteKind.COMPOUND, name=f"{county.name}{'东南西北'[i % 4]}苑小区",
            region=county, since=dt.date(2019 + i % 4, 1 + i % 12, 1),
            note="机关宿舍小区" if i % 2 else ""))
    GarbageSortingSite.objects.bulk_create(sites, batch_size=2000)
    result.sorting_sites = len(sites)
    return contract_at


def _quotas(rng: random.Random, agencies: Sequence[Agency], this_year: int,
            result: EnergyDemoResult) -> None:
    """Quotas for last year and this year for a few institutions, a third set below what
    they used (breached); the real breach check then opens the breaches and their to-dos."""
    from jiguan.energy.models import AgencyYear

    ids = [a.pk for a in agencies]
    chosen = sorted(rng.sample(ids, min(len(ids), max(4, min(200, len(ids) // 20)))))
    totals = {(y.agency_id, y.year): y for y in AgencyYear.objects.filter(
        agency_id__in=chosen, year__in=(this_year - 1, this_year), readings__gt=0)}
    rows = []
    for i, ((agency_id, year), total) in enumerate(sorted(totals.items())):
        breached = i % 3 == 0
        factor = Decimal("0.92") if breached else Decimal("1.25")
        rows.append(Quota(agency_id=agency_id, year=year,
                          kgce_quota=max(Decimal(1), (total.kgce * factor).quantize(Decimal(1))),
                          water_quota=(total.water * Decimal("1.2")).quantize(Decimal(1))
                          if total.water else None))
    Quota.objects.bulk_create(rows)
    result.quotas = len(rows)
    counts = targets_actions.sync_breaches({(q.agency_id, q.year) for q in rows}, actor=None)
    result.breaches = counts["opened"]


def is_seeded() -> bool:
    return Reading.objects.exists() or InstitutionYear.objects.exists()


# SQLite page cache while seeding (KiB). The whole load is one transaction, so until it
# commits every page lives in the WAL; with the default 2 MB cache the summaries rebuild
# re-read them from the WAL file page by page (200 GB of reads at province scale).
SQLITE_CACHE_KIB = 2_000_000


def load(seed: int = 1, today: dt.date | None = None,
         progress: Any = None) -> EnergyDemoResult:
    """Seed every active agency (run on an empty energy module; see the command)."""
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        return _load(seed, today, progress)
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


@transaction.atomic
def _load(seed: int, today: dt.date | None, progress: Any) -> EnergyDemoResult:
    import time

    today = today or timezone.localdate()
    result = EnergyDemoResult()
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        result.seconds[name] = round(now - clock, 2)
        clock = now
        if progress is not None:
            progress(f"{name}: {result.seconds[name]} s")

    agencies = list(Agency.objects.active().select_related("region").order_by("pk"))
    insts = institutions(agencies)
    rng = random.Random(seed)  # noqa: S311
    contract_at = _programs(rng, agencies, today, result)
    lap("programs")
    result.profiles = write_profiles(agencies, insts, seed, today.year)
    lap("profiles")
    result.readings = write_readings(reading_rows(insts, seed, rules.last_finished_month(today),
                                                  contract_at))
    lap("readings")
    summaries.rebuild_all()
    lap("summaries")
    _quotas(rng, agencies, today.year, result)
    lap("quotas")
    return result
