"""Queries of the quality topic: who is expected to report and who is late (the
completeness board and the chase, 报送进度、催报), and the data quality (数据质量) of a
region's reporting year: what a bureau should look at before the numbers go into the
yearly report.

Expected to report: institutions on the public-institution register (名录库) with a
profile for the month's year, or, before the year's profiles are in, for the year before.

Data quality issues:

- outlier months: a month above 3x the institution's median month for the type
  (rules.outlier_months; flagged, never refused: a new canteen can triple the gas bill);
- missing months: months up to the last finished one without any reading (the AgencyYear
  mask, no reading scan);
- repeated submissions: a reading submitted again with other values (Reading.revisions);
- jumps: building area or energy headcount moving more than 30 % year on year
  (rules.jumped, JIGUAN_ENERGY_JUMP_SHARE);
- no profile: on the register last year (or reporting this year) without this year's
  基本信息, so it drops out of the per-capita and per-m² indicators.

Work is done per batch of institutions (``issues_for``), so a county (hundreds of
institutions) is one batch and the province page is paginated by institution.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.energy import rules
from jiguan.energy.models import AgencyYear, InstitutionYear, Reading
from jiguan.energy.rules import ENERGY_TYPES
from jiguan.orgs.models import Agency, AgencyStatus
from jiguan.todo.models import Task

KINDS: dict[str, str] = {
    "outlier": "异常月份",
    "missing": "缺报月份",
    "revised": "重复报送",
    "jump": "面积或人数突变",
    "no_profile": "缺少基本信息",
}
BATCH = 200


@dataclass(frozen=True)
class Issue:
    agency: Agency
    kind: str
    detail: str
    month: dt.date | None = None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def last_month(year: int, today: dt.date, upto: int | None = None) -> int:
    """The last month of `year` that should be in: the last finished one (or `upto`)."""
    if year < today.year:
        finished = 12
    elif year == today.year:
        finished = today.month - 1
    else:
        finished = 0
    return min(finished, upto) if upto else finished


def institution_ids(region: Region, year: int, only: Iterable[int] | None = None) -> list[int]:
    """Who the check covers: institutions with a summary for the year, and those on last
    year's register (they should have reported this year too)."""
    have = AgencyYear.objects.filter(year=year, agency__region__path__startswith=region.path)
    expected = InstitutionYear.objects.filter(
        year=year - 1, on_register=True, agency__region__path__startswith=region.path)
    ids = set(have.values_list("agency_id", flat=True)) | set(
        expected.values_list("agency_id", flat=True))
    if only is not None:
        ids &= set(only)
    return sorted(ids)


def issues_for(agency_ids: Sequence[int], year: int, upto: int) -> list[Issue]:
    """Every issue of these institutions in `year`, months 1..`upto` for missing months."""
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids).select_related(
        "region")}
    summaries = {a.agency_id: a for a in AgencyYear.objects.filter(
        year=year, agency_id__in=agency_ids)}
    profiles: dict[tuple[int, int], InstitutionYear] = {
        (p.agency_id, p.year): p for p in InstitutionYear.objects.filter(
            year__in=[year - 1, year], agency_id__in=agency_ids)}
    series: dict[tuple[int, str], dict[dt.date, Decimal]] = defaultdict(dict)
    revised: dict[int, list[str]] = defaultdict(list)
    readings = Reading.objects.filter(agency_id__in=agency_ids,
                                      month__gte=dt.date(year, 1, 1),
                                      month__lte=dt.date(year, 12, 1))
    for agency_id, type_code, month, quantity, revisions in readings.values_list(
            "agency_id", "energy_type", "month", "quantity", "revisions"):
        series[(agency_id, type_code)][month] = quantity
        if revisions:
            revised[agency_id].append(
                f"{month:%Y-%m} {ENERGY_TYPES[type_code].label}（{revisions} 次）")
    out: list[Issue] = []
    for agency_id in agency_ids:
        agency = agencies.get(agency_id)
        if agency is None:
            continue
        out += _outliers(agency, series)
        summary = summaries.get(agency_id)
        mask = summary.months_mask if summary else 0
        missing = rules.missing_months([m for m in range(1, 13) if mask & (1 << (m - 1))],
                                       upto)
        if missing:
            months = "、".join(f"{m}月" for m in missing)
            out.append(Issue(agency, "missing", f"{year}年{months}未报送",
                             dt.date(year, missing[0], 1)))
        if revised.get(agency_id):
            out.append(Issue(agency, "revised", "；".join(revised[agency_id][:12])))
        out += _jumps(agency, year, profiles)
        if (agency_id, year) not in profiles:
            out.append(Issue(agency, "no_profile",
                             f"缺少{year}年基本信息（建筑面积、用能人数），"
                             "人均和单位面积指标无法计算"))
    return out


def _outliers(agency: Agency, series: dict[tuple[int, str], dict[dt.date, Decimal]]
              ) -> list[Issue]:
    out = []
    factor = rules.outlier_factor()
    for (agency_id, type_code), values in series.items():
        if agency_id != agency.pk:
            continue
        t = ENERGY_TYPES[type_code]
        for month in rules.outlier_months(values, factor):
            out.append(Issue(agency, "outlier",
                             f"{month:%Y-%m} {t.label} {values[month]:,} {t.unit}，"
                             f"超过本单位当年月度中位数的 {factor} 倍", month))
    return out


def _jumps(agency: Agency, year: int, profiles: dict[tuple[int, int], InstitutionYear]
           ) -> list[Issue]:
    before, now = profiles.get((agency.pk, year - 1)), profiles.get((agency.pk, year))
    if before is None or now is None:
        return []
    out = []
    share = rules.jump_share()
    for label, old, new, unit in (
            ("建筑面积", before.building_area, now.building_area, "m²"),
            ("用能人数", before.energy_headcount, now.energy_headcount, "人")):
        if rules.jumped(old, new, share):
            out.append(Issue(agency, "jump", f"{label}由 {old} {unit} 变为 {new} {unit}"
                                             f"（超过 {share * 100:.0f}%）"))
    return out


def iter_issues(region: Region, year: int, upto: int, only: Iterable[int] | None = None,
                kind: str = "") -> Iterator[Issue]:
    """All issues of a region, batch by batch (for the export: no row cap)."""
    ids = institution_ids(region, year, only)
    for start in range(0, len(ids), BATCH):
        for issue in issues_for(ids[start:start + BATCH], year, upto):
            if not kind or issue.kind == kind:
                yield issue


def counts(region: Region, year: int, upto: int, only: Iterable[int] | None = None
           ) -> dict[str, int]:
    """Institutions with a missing month, and revised readings, over the whole region
    (from the summaries and one indexed count; outliers need the batches)."""
    qs = AgencyYear.objects.filter(year=year, agency__region__path__startswith=region.path)
    revised = Reading.objects.filter(
        agency__region__path__startswith=region.path, revisions__gt=0,
        month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1))
    if only is not None:
        ids = list(only)
        qs, revised = qs.filter(agency_id__in=ids), revised.filter(agency_id__in=ids)
    full = (1 << upto) - 1
    reported = {a for a, mask in qs.values_list("agency_id", "months_mask")
                if mask & full == full}
    total = len(institution_ids(region, year, only))
    return {"institutions": total, "missing": total - len(reported),
            "revised": revised.values("agency_id").distinct().count()}


# --- completeness and chasing -------------------------------------------------------------

KIND_PREFIX = "energy.missing."


def task_kind(month: dt.date) -> str:
    return f"{KIND_PREFIX}{month:%Y-%m}"


def expected_agencies(region: Region, year: int) -> Any:
    """The institutions in `region`'s subtree expected to report in `year`."""
    profiles = InstitutionYear.objects.filter(agency__region__path__startswith=region.path,
                                              year__lte=year, on_register=True)
    latest = profiles.values("agency_id").annotate(y=Max("year"))
    ids = {row["agency_id"] for row in latest if row["y"] >= year - 1}
    return Agency.objects.filter(pk__in=ids, status=AgencyStatus.ACTIVE)


def missing_for(region: Region, month: dt.date) -> Any:
    """Expected institutions with no reading for `month` (a QuerySet of Agency)."""
    bit = 1 << (month.month - 1)
    reported = {a for a, mask in AgencyYear.objects.filter(
        year=month.year, agency__region__path__startswith=region.path, readings__gt=0)
        .values_list("agency_id", "months_mask") if mask & bit}
    return expected_agencies(region, month.year).exclude(pk__in=reported)


def open_chases(years: Iterable[int]) -> Any:
    """The open chase to-dos of institutions for months of the years."""
    return Task.objects.open().filter(
        kind__startswith=KIND_PREFIX, subject_type="orgs.agency").filter(
        Q(*[Q(kind__startswith=f"{KIND_PREFIX}{y}-") for y in set(years)], _connector=Q.OR))


def any_open_for_years(years: Iterable[int]) -> bool:
    return bool(set(years)) and open_chases(years).exists()


@dataclass
class BoardRow:
    region: Region | None
    label: str
    expected: int = 0
    reported: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def share(self) -> float | None:
        return round(self.reported * 100 / self.expected, 1) if self.expected else None


#: The one definition of the year's two counts, shown on every page that shows them (the
#: dashboard's KPI card and 报送进度): the same as RegionYear.institutions / .reporting.
YEAR_COUNT_DEFINITIONS = ("报送单位：本年至少报送过一个月读数的单位；"
                          "名录库：本年基本信息列入公共机构名录库的单位。")


@dataclass(frozen=True)
class YearCounts:
    year: int
    register: int   # 名录库: on the register with the year's profile
    reporting: int  # 报送单位: at least one month's reading in the year


def year_counts(user: Any, region: Region, year: int) -> YearCounts:
    """名录库 and 报送单位 of `year` under `region`, among the institutions `user` sees:
    one aggregate over the AgencyYear summary (no reading scan)."""
    row = (AgencyYear.objects.visible_to(user, Perm.VIEW_ENERGY)
           .filter(year=year, agency__region__path__startswith=region.path)
           .aggregate(register=Count("id", filter=Q(energy_headcount__isnull=False,
                                                    on_register=True)),
                      reporting=Count("id", filter=Q(readings__gt=0))))
    return YearCounts(year, row["register"], row["reporting"])


def board(region: Region, month: dt.date, only: list[int] | None = None
          ) -> tuple[BoardRow, list[BoardRow], list[Any]]:
    """The region's total, its child regions (本级 for institutions of the region itself)
    and the expected institutions that have not reported `month`."""
    expected = expected_agencies(region, month.year)
    if only is not None:
        expected = expected.filter(pk__in=only)
    rows = list(expected.values_list("pk", "region__path"))
    bit = 1 << (month.month - 1)
    reported = {a for a, mask in AgencyYear.objects.filter(
        year=month.year, agency_id__in=[pk for pk, _ in rows]).values_list(
        "agency_id", "months_mask") if mask & bit}
    children = list(Region.objects.filter(parent=region).order_by("code"))
    by_path = {c.path: BoardRow(c, c.name) for c in children}
    own = BoardRow(None, f"{region.name}本级")
    total = BoardRow(region, f"{region.name}合计")
    for pk, path in rows:
        child_path = "/".join(path.split("/")[:region.path.count("/") + 1]) + "/"
        row = by_path.get(child_path, own)
        for r in (row, total):
            r.expected += 1
            r.reported += pk in reported
    lines = [r for r in [own, *by_path.values()] if r.expected]
    missing = list(expected.exclude(pk__in=reported).select_related("region")
                   .in_register_order())
    return total, lines, missing
