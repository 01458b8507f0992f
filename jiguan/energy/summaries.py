"""Summary tables kept current as readings arrive (design.md "Speed": a county x month
summary answers a yearly roll-up in milliseconds; a full scan of 10 M readings takes
seconds).

``refresh(keys)`` runs inside the transaction that wrote the readings or profiles, so the
summaries never disagree with the facts they summarise: it deletes and rebuilds
- AgencyYear for every (agency, year) touched,
- RegionMonth for every (statistical region, month) touched,
- RegionYear for every (statistical region, year) touched (from AgencyYear).
Each step is a GROUP BY over the touched keys only, driven by the readings' indexes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Case, Count, Max, Q, Sum, Value, When

from jiguan.access.models import Region
from jiguan.core.db.batches import batched
from jiguan.core.db.bulk import create_temp_table, drop_temp_table, write_rows
from jiguan.energy import stage_sql
from jiguan.energy.models import AgencyYear, InstitutionYear, Reading, RegionMonth, RegionYear
from jiguan.energy.rules import TYPE_CODES, WATER_TYPES
from jiguan.orgs.models import Agency

T = TypeVar("T")
TYPE_INDEX = {code: i for i, code in enumerate(TYPE_CODES)}
CHUNK = 2000
ZERO = Decimal(0)
# Summary rows are written as tuples through jiguan.core.db.bulk (one COPY / executemany):
# Django's bulk_create compiles statements of 999 parameters on SQLite, 4 s for 40,000 rows.
AGENCY_YEAR_FIELDS = ("agency", "stat_region", "year", "type_code", "kgce", "water",
                      "electricity", "cost", "months_mask", "readings", "energy_headcount",
                      "building_area", "on_register")
REGION_MONTH_FIELDS = ("stat_region", "month", "energy_type", "quantity", "ncv_quantity",
                       "ncv_kgce", "kgce", "cost", "readings")
REGION_YEAR_FIELDS = ("stat_region", "year", "institutions", "reporting", "energy_headcount",
                      "building_area", "kgce", "water", "electricity", "cost")


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    return batched(items, size)


def stat_path(region_path: str) -> str:
    """The statistical region's path for an institution in `region_path`: its county, or
    the city / province itself (市本级 / 省本级)."""
    parts = [p for p in region_path.strip("/").split("/") if p]
    return "/" + "/".join(parts[:3]) + "/"


def stat_region_id(agency: Agency) -> int:
    """The id of the agency's statistical region. One indexed query, deliberately not
    cached across requests: a rebuilt region tree (tests, a reload) gets new ids, and a
    stale id would file readings under the wrong region. Bulk callers cache per batch."""
    return int(Region.objects.only("id").get(path=stat_path(agency.region.path)).pk)


@dataclass
class Touched:
    """What a write changed: the summaries to rebuild."""

    agency_years: set[tuple[int, int]] = field(default_factory=set)
    region_months: set[tuple[int, dt.date]] = field(default_factory=set)
    #: The write only added readings, all of them in the staging table
    #: (jiguan.energy.stage_sql): the summaries add the staged totals instead of rebuilding.
    staged: bool = False

    def add_reading(self, agency_id: int, stat_region_id: int, month: dt.date) -> None:
        self.agency_years.add((agency_id, month.year))
        self.region_months.add((stat_region_id, month))

    def add_profile(self, agency_id: int, year: int) -> None:
        self.agency_years.add((agency_id, year))

    def update(self, other: Touched) -> None:
        self.agency_years |= other.agency_years
        self.region_months |= other.region_months

    def __bool__(self) -> bool:
        return bool(self.agency_years or self.region_months)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 1)


def refresh(touched: Touched) -> None:
    """Rebuild the summaries of `touched` (call inside the writing transaction)."""
    if not connection.in_atomic_block:
        raise RuntimeError("summaries.refresh() must run inside the write's transaction")
    region_years: set[tuple[int, int]] = {(r, m.year) for r, m in touched.region_months}
    if touched.staged:
        region_years |= add_staged()
        _refresh_all_region_years(region_years)
        return
    by_year: dict[int, set[int]] = defaultdict(set)
    for agency_id, year in touched.agency_years:
        by_year[year].add(agency_id)
    for year, agency_ids in by_year.items():
        region_years |= _refresh_agency_years(year, agency_ids)
    by_month: dict[dt.date, set[int]] = defaultdict(set)
    for region_id, month in touched.region_months:
        by_month[month].add(region_id)
    for month, region_ids in by_month.items():
        _refresh_region_months(month, region_ids)
    _refresh_all_region_years(region_years)


def _refresh_all_region_years(region_years: set[tuple[int, int]]) -> None:
    ry_by_year: dict[int, set[int]] = defaultdict(set)
    for region_id, year in region_years:
        ry_by_year[year].add(region_id)
    for year, region_ids in ry_by_year.items():
        _refresh_region_years(year, region_ids)


def add_staged() -> set[tuple[int, int]]:
    """Add the staged new readings (jiguan.energy.stage_sql) to AgencyYear and RegionMonth:
    one GROUP BY over just those rows each, upserted onto the stored totals (a new
    agency-year takes its profile as ``_refresh_agency_years`` does). Exact only when the
    staged rows are all the change: no stored reading of theirs was altered. Returns the
    (region, year) pairs whose RegionYear must follow, before and after."""
    quote = connection.ops.quote_name
    stage, fixed = stage_sql.stage(), stage_sql.fixed
    ay, rm = quote(AgencyYear._meta.db_table), quote(RegionMonth._meta.db_table)
    profile, agency = quote(InstitutionYear._meta.db_table), quote(Agency._meta.db_table)
    water = ", ".join(str(TYPE_INDEX[code]) for code in WATER_TYPES)
    type_sql, type_params = stage_sql.choice("s.type", TYPE_CODES)
    # The staged rows' totals per agency-year, once (one pass over the stage): read for the
    # regions before and after, and upserted.
    totals = quote(stage_sql.STAGE_AGENCY_YEARS)
    create_temp_table(stage_sql.STAGE_AGENCY_YEARS, stage_sql.STAGE_AGENCY_YEAR_COLUMNS)
    ay_regions = (f"SELECT DISTINCT y.stat_region_id, y.year FROM {totals} t "  # noqa: S608
                  f"JOIN {ay} y ON y.agency_id = t.agency AND y.year = t.year")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {totals} SELECT s.agency, s.month / 12, MAX(s.stat), "  # noqa: S608
            f"SUM(s.kgce), SUM(CASE WHEN s.type IN ({water}) THEN s.q ELSE 0 END), "
            f"SUM(CASE WHEN s.type = {TYPE_INDEX['electricity']} THEN s.q ELSE 0 END), "
            "SUM(s.c), SUM(DISTINCT 1 << (s.month %% 12)), COUNT(*) "
            f"FROM {stage} s GROUP BY s.agency, s.month / 12", [])
        cursor.execute(ay_regions, [])
        before = set(cursor.fetchall())
        cursor.execute(
            f"INSERT INTO {ay} (agency_id, stat_region_id, year, type_code, kgce, water, "  # noqa: S608
            "electricity, cost, months_mask, readings, energy_headcount, building_area, "
            "on_register) "
            f"SELECT t.agency, COALESCE(p.stat_region_id, t.stat), t.year, "
            f"COALESCE(p.type_code, a.type_code), {fixed('t.k', 3)}, {fixed('t.w', 3)}, "
            f"{fixed('t.el', 3)}, {fixed('t.c', 2)}, t.mask, t.n, p.energy_headcount, "
            f"p.building_area, COALESCE(p.on_register, %s) FROM {totals} t "
            f"JOIN {agency} a ON a.id = t.agency "
            f"LEFT JOIN {profile} p ON p.agency_id = t.agency AND p.year = t.year "
            "WHERE true "  # SQLite: the WHERE tells its parser the upsert clause follows
            "ON CONFLICT (agency_id, year) DO UPDATE SET "
            f"kgce = {ay}.kgce + excluded.kgce, water = {ay}.water + excluded.water, "
            f"electricity = {ay}.electricity + excluded.electricity, "
            f"cost = {ay}.cost + excluded.cost, "
            f"months_mask = {ay}.months_mask | excluded.months_mask, "
            f"readings = {ay}.readings + excluded.readings, "
            # Without a profile the type is the agency's current one, as a rebuild takes it.
            f"type_code = CASE WHEN {ay}.energy_headcount IS NOT NULL THEN {ay}.type_code "
            "ELSE excluded.type_code END, "
            # The region of an agency-year without a profile is its readings' MAX, as in
            # _refresh_agency_years; with a profile, the profile's.
            f"stat_region_id = CASE WHEN {ay}.energy_headcount IS NOT NULL "
            f"THEN {ay}.stat_region_id "
            f"ELSE {stage_sql.greatest(f'{ay}.stat_region_id', 'excluded.stat_region_id')} END",
            [True])
        cursor.execute(ay_regions, [])
        after = set(cursor.fetchall())
        cursor.execute(
            f"INSERT INTO {rm} (stat_region_id, month, energy_type, quantity, ncv_quantity, "  # noqa: S608
            "ncv_kgce, kgce, cost, readings) "
            f"SELECT s.stat, {stage_sql.month_date('s.month')}, {type_sql}, "
            f"{fixed('SUM(s.q)', 3)}, "
            f"{fixed('SUM(CASE WHEN s.n >= 0 THEN s.q ELSE 0 END)', 3)}, "
            f"{fixed('SUM(CASE WHEN s.n >= 0 THEN s.kgce ELSE 0 END)', 3)}, "
            f"{fixed('SUM(s.kgce)', 3)}, {fixed('SUM(s.c)', 2)}, COUNT(*) "
            f"FROM {stage} s WHERE true GROUP BY s.stat, s.month, s.type "
            "ON CONFLICT (stat_region_id, month, energy_type) DO UPDATE SET "
            f"quantity = {rm}.quantity + excluded.quantity, "
            f"ncv_quantity = {rm}.ncv_quantity + excluded.ncv_quantity, "
            f"ncv_kgce = {rm}.ncv_kgce + excluded.ncv_kgce, kgce = {rm}.kgce + excluded.kgce, "
            f"cost = {rm}.cost + excluded.cost, readings = {rm}.readings + excluded.readings",
            type_params)
    drop_temp_table(stage_sql.STAGE_AGENCY_YEARS)
    return {(int(r), int(y)) for r, y in before | after}


def _months_mask(year: int) -> Sum:
    """OR of 1 << (month - 1) over a group's readings: each month maps to its own power of
    two, so the SUM of the DISTINCT values is the bit mask (portable SQL, no bit operators)."""
    return Sum(Case(*[When(month=dt.date(year, m, 1), then=Value(1 << (m - 1)))
                      for m in range(1, 13)], default=Value(0)), distinct=True)


def _refresh_agency_years(year: int, agency_ids: set[int]) -> set[tuple[int, int]]:
    """Rebuild AgencyYear of `agency_ids` in `year`; returns the (region, year) touched.

    Per slice of agencies: one GROUP BY over their readings of the year (totals, the months
    mask, the statistical region), one read of their profiles, plain tuples throughout;
    no model instance per agency except the summary rows written."""
    first, last = _year_range(year)
    touched_regions: set[tuple[int, int]] = set()
    for batch in chunks(sorted(agency_ids), 5000):
        old = AgencyYear.objects.filter(year=year, agency_id__in=batch)
        touched_regions |= {(r, year) for r in old.values_list("stat_region_id", flat=True)}
        old.delete()
        totals = {
            row["agency_id"]: row for row in Reading.objects.filter(
                agency_id__in=batch, month__gte=first, month__lte=last)
            .values("agency_id").annotate(
                kgce_sum=Sum("kgce"), cost_sum=Sum("cost"), n=Count("id"),
                water_sum=Sum("quantity", filter=Q(energy_type__in=WATER_TYPES)),
                elec_sum=Sum("quantity", filter=Q(energy_type="electricity")),
                mask=_months_mask(year), region=Max("stat_region_id"))
        }
        profiles = {row[0]: row for row in InstitutionYear.objects.filter(
            year=year, agency_id__in=batch).values_list(
            "agency_id", "stat_region_id", "type_code", "energy_headcount", "building_area",
            "on_register")}
        type_codes = dict(Agency.objects.filter(pk__in=set(totals) - set(profiles))
                          .values_list("pk", "type_code"))
        rows = []
        for agency_id in set(totals) | set(profiles):
            total = totals.get(agency_id, {})
            profile = profiles.get(agency_id)
            region_id = profile[1] if profile else total["region"]
            touched_regions.add((region_id, year))
            rows.append((
                agency_id, region_id, year, profile[2] if profile else type_codes[agency_id],
                total.get("kgce_sum") or ZERO, total.get("water_sum") or ZERO,
                total.get("elec_sum") or ZERO, total.get("cost_sum") or ZERO,
                total.get("mask") or 0, total.get("n") or 0,
                profile[3] if profile else None, profile[4] if profile else None,
                profile[5] if profile else True))
        write_rows(AgencyYear, AGENCY_YEAR_FIELDS, rows)
    return touched_regions


def _refresh_region_months(month: dt.date, region_ids: set[int]) -> None:
    for batch in chunks(sorted(region_ids)):
        RegionMonth.objects.filter(month=month, stat_region_id__in=batch).delete()
        grouped = Reading.objects.filter(month=month, stat_region_id__in=batch).values(
            "stat_region_id", "energy_type").annotate(
            q=Sum("quantity"), k=Sum("kgce"), c=Sum("cost"), n=Count("id"),
            nq=Sum("quantity", filter=Q(ncv__isnull=False)),
            nk=Sum("kgce", filter=Q(ncv__isnull=False)))
        write_rows(RegionMonth, REGION_MONTH_FIELDS, [
            (row["stat_region_id"], month, row["energy_type"], row["q"] or ZERO,
             row["nq"] or ZERO, row["nk"] or ZERO, row["k"] or ZERO, row["c"] or ZERO,
             row["n"]) for row in grouped])


def _refresh_region_years(year: int, region_ids: set[int]) -> None:
    for batch in chunks(sorted(region_ids)):
        RegionYear.objects.filter(year=year, stat_region_id__in=batch).delete()
        base = AgencyYear.objects.filter(year=year, stat_region_id__in=batch)
        reporting = Q(readings__gt=0)
        with_profile = Q(energy_headcount__isnull=False)
        grouped = base.values("stat_region_id").annotate(
            institutions=Count("id", filter=with_profile & Q(on_register=True)),
            reporting_n=Count("id", filter=reporting),
            headcount=Sum("energy_headcount", filter=reporting & with_profile),
            area=Sum("building_area", filter=reporting & with_profile),
            k=Sum("kgce"), w=Sum("water"), e=Sum("electricity"), c=Sum("cost"))
        write_rows(RegionYear, REGION_YEAR_FIELDS, [
            (row["stat_region_id"], year, row["institutions"], row["reporting_n"],
             row["headcount"] or 0, row["area"] or ZERO, row["k"] or ZERO, row["w"] or ZERO,
             row["e"] or ZERO, row["c"] or ZERO) for row in grouped])


def rebuild_all(years: Iterable[int] | None = None) -> dict[str, Any]:
    """Rebuild every summary (after a bulk load or a change of default coefficients)."""
    years = sorted(set(years) if years is not None else {
        m.year for m in Reading.objects.dates("month", "year")} | set(
        InstitutionYear.objects.values_list("year", flat=True)))
    touched = Touched()
    for year in years:
        first, last = _year_range(year)
        agency_ids = set(Reading.objects.filter(month__gte=first, month__lte=last)
                         .values_list("agency_id", flat=True).distinct())
        agency_ids |= set(InstitutionYear.objects.filter(year=year)
                          .values_list("agency_id", flat=True))
        touched.agency_years |= {(a, year) for a in agency_ids}
        touched.region_months |= set(
            Reading.objects.filter(month__gte=first, month__lte=last)
            .values_list("stat_region_id", "month").distinct())
    refresh(touched)
    return {"years": years, "agency_years": len(touched.agency_years),
            "region_months": len(touched.region_months)}
