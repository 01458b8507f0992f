"""The energy demo: what it seeds, that the same seed gives the same data, that a second
run adds nothing, and that its raw fast path agrees with the real engine (conversion,
summaries, quota breaches)."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Max, Min, Sum
from django.test import override_settings

from jiguan.energy import demo, rules, summaries
from jiguan.energy.models import (
    AgencyYear,
    EnergyContract,
    GarbageSortingSite,
    InstitutionYear,
    Quota,
    QuotaBreach,
    Reading,
    RegionMonth,
    RegionYear,
    TargetPlan,
    WaterSavingUnit,
)
from jiguan.energy.readings.actions import Converter
from jiguan.orgs import demo as orgs_demo
from jiguan.orgs.models import Agency
from jiguan.todo.models import Task

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def seeded(db: None) -> demo.EnergyDemoResult:
    orgs_demo.load(orgs_demo.generate("small", 3, agencies=60, people=300))
    return demo.load(seed=1, today=TODAY)


def _summary_rows() -> dict[str, list[tuple[Any, ...]]]:
    return {
        "agency_year": sorted(AgencyYear.objects.values_list(
            "agency_id", "year", "stat_region_id", "kgce", "water", "electricity", "cost",
            "months_mask", "readings", "energy_headcount", "building_area")),
        "region_month": sorted(RegionMonth.objects.values_list(
            "stat_region_id", "month", "energy_type", "quantity", "kgce", "cost", "readings")),
        "region_year": sorted(RegionYear.objects.values_list(
            "stat_region_id", "year", "institutions", "reporting", "energy_headcount",
            "building_area", "kgce", "water", "cost")),
    }


def test_it_seeds_a_profile_a_year_and_monthly_readings_up_to_last_month(
        seeded: demo.EnergyDemoResult) -> None:
    agencies = Agency.objects.active().count()
    assert seeded.profiles == InstitutionYear.objects.count() == agencies * (2026 - 2020 + 1)
    assert seeded.readings == Reading.objects.count() > agencies * 70
    span = Reading.objects.aggregate(first=Min("month"), last=Max("month"))
    assert span == {"first": dt.date(2020, 1, 1), "last": dt.date(2026, 10, 1)}
    types = set(Reading.objects.values_list("energy_type", flat=True).distinct())
    assert {"electricity", "water_tap", "natural_gas"} <= types <= set(rules.ENERGY_TYPES)


def test_its_readings_leave_gaps_late_reporters_and_revisions_to_find(
        seeded: demo.EnergyDemoResult) -> None:
    reporting = set(Reading.objects.values_list("agency_id", flat=True).distinct())
    last_month = set(Reading.objects.filter(month=dt.date(2026, 10, 1))
                     .values_list("agency_id", flat=True).distinct())
    assert len(last_month) < len(reporting)          # late reporters for the chase
    full_year = (1 << 12) - 1
    assert AgencyYear.objects.filter(year=2024, readings__gt=0).exclude(
        months_mask=full_year).exists()               # missing months for the board
    assert Reading.objects.filter(revisions__gt=0).exists()


def test_some_months_are_outliers_by_the_rule(seeded: demo.EnergyDemoResult) -> None:
    series: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for agency_id, month, quantity in Reading.objects.filter(
            energy_type="electricity").values_list("agency_id", "month", "quantity"):
        series[agency_id][month] = quantity
    flagged = sum(len(rules.outlier_months(values)) for values in series.values())
    assert 0 < flagged < len(series) * 3


def test_every_reading_is_converted_as_readings_save_would(
        seeded: demo.EnergyDemoResult) -> None:
    converter = Converter()
    for r in Reading.objects.all():
        kgce, set_id = converter.kgce(r.energy_type, r.quantity, r.month, r.ncv)
        assert (r.kgce, r.coefficient_set_id) == (kgce, set_id), r
    litres = Reading.objects.filter(energy_type="gasoline").first()
    assert litres is not None and litres.entered_unit == "L"
    assert litres.quantity == litres.entered_quantity * rules.densities()["gasoline"]


def test_its_summaries_equal_a_fresh_rebuild_and_the_readings(
        seeded: demo.EnergyDemoResult) -> None:
    before = _summary_rows()
    with transaction.atomic():
        summaries.rebuild_all()
    assert _summary_rows() == before
    # SQLite sums decimals as floats: compare to the cent.
    by_year = {row["month__year"]: rules.q2(row["k"]) for row in Reading.objects.values(
        "month__year").annotate(k=Sum("kgce"))}
    assert {y: rules.q2(k) for y, k in RegionYear.objects.values_list("year").annotate(
        k=Sum("kgce"))} == by_year


def test_breached_quotas_open_breaches_with_a_todo(seeded: demo.EnergyDemoResult) -> None:
    assert seeded.quotas == Quota.objects.count() >= 4
    assert seeded.breaches == QuotaBreach.objects.count() > 0
    assert Quota.objects.count() > QuotaBreach.objects.values("agency", "year").distinct().count()
    breach = QuotaBreach.objects.first()
    assert breach is not None and breach.actual > breach.quota
    assert Task.objects.filter(kind="energy.quota_breach").count() == seeded.breaches


def test_it_seeds_the_programs(seeded: demo.EnergyDemoResult) -> None:
    plan = TargetPlan.objects.get()
    assert plan.region is not None and plan.region.parent_id is None
    assert (plan.per_capita_pct, plan.per_area_pct, plan.water_per_capita_pct) == (
        Decimal("-6"), Decimal("-5"), Decimal("-6"))
    accepted = WaterSavingUnit.objects.filter(status="accepted")
    assert accepted.exists() and all(u.criteria_met for u in accepted)
    assert EnergyContract.objects.count() == seeded.contracts == 3
    assert GarbageSortingSite.objects.filter(kind="compound").exists()
    assert GarbageSortingSite.objects.filter(kind="institution").count() == (
        seeded.sorting_sites - GarbageSortingSite.objects.filter(kind="compound").count())


def test_a_contract_institution_uses_less_after_its_contract_starts(
        seeded: demo.EnergyDemoResult) -> None:
    contract = EnergyContract.objects.order_by("start_date").first()
    assert contract is not None
    year = {y.year: y.kgce for y in AgencyYear.objects.filter(agency=contract.agency)}
    before, after = contract.start_date.year - 1, contract.start_date.year + 1
    assert year[after] < year[before]


def test_the_same_seed_gives_the_same_readings(seeded: demo.EnergyDemoResult) -> None:
    insts = demo.institutions(list(Agency.objects.active().select_related("region")
                                   .order_by("pk")))
    last = dt.date(2026, 10, 1)
    first = list(demo.reading_rows(insts, 1, last))
    assert first == list(demo.reading_rows(insts, 1, last))
    assert first != list(demo.reading_rows(insts, 2, last))
    stored = sorted(Reading.objects.values_list("agency_id", "month", "energy_type",
                                                "entered_quantity"))
    generated = sorted((r.agency_id, r.month, r.energy_type, Decimal(r.entered_milli) / 1000)
                       for r in first)
    # Generated without the contracts' savings, so compare the institutions without one.
    contracted = set(EnergyContract.objects.values_list("agency_id", flat=True))
    assert [s[:3] for s in stored] == [g[:3] for g in generated]
    assert [s for s in stored if s[0] not in contracted] == [
        g for g in generated if g[0] not in contracted]


def test_running_the_command_twice_adds_nothing(db: None) -> None:
    orgs_demo.load(orgs_demo.generate("small", 3, agencies=30, people=100))
    call_command("energy_demo", "--seed", "1", stdout=io.StringIO())
    counts = {m.__name__: m.objects.count() for m in (Reading, InstitutionYear, Quota,
                                                       WaterSavingUnit, TargetPlan)}
    out = io.StringIO()
    call_command("energy_demo", "--seed", "1", stdout=out)
    assert "已有能源资源消费数据" in out.getvalue()
    assert {m.__name__: m.objects.count() for m in (Reading, InstitutionYear, Quota,
                                                     WaterSavingUnit, TargetPlan)} == counts


def test_the_command_refuses_production(db: None) -> None:
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="生产环境"):
        call_command("energy_demo")


def test_the_command_asks_for_agencies_first(db: None) -> None:
    with pytest.raises(CommandError, match=r"manage\.py demo"):
        call_command("energy_demo")


def test_the_province_scale_refuses_a_small_register(db: None) -> None:
    orgs_demo.load(orgs_demo.generate("small", 3, agencies=30, people=100))
    with pytest.raises(CommandError, match=r"demo --scale province"):
        call_command("energy_demo", "--scale", "province")
    assert not Reading.objects.exists()


def test_region_month_counts_match_the_readings(seeded: demo.EnergyDemoResult) -> None:
    counted = dict(Reading.objects.values_list("month").annotate(n=Count("id")))
    summed = dict(RegionMonth.objects.values_list("month").annotate(n=Sum("readings")))
    assert summed == counted


def test_it_gives_back_the_sqlite_page_cache_it_borrowed(db: None) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    orgs_demo.load(orgs_demo.generate("small", 3, agencies=10, people=50))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        demo.load(seed=1, today=TODAY)
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before != -demo.SQLITE_CACHE_KIB
