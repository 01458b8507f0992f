"""Saving readings and profiles: conversion, idempotence, audit, and the summary tables
rebuilt in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.energy import summaries
from jiguan.energy.models import AgencyYear, CoefficientSet, Reading, RegionMonth, RegionYear
from jiguan.energy.readings import actions
from jiguan.energy.rules import RuleError
from jiguan.energy.tests.factories import profile, save


def test_built_in_coefficient_sets_name_their_source(db: None) -> None:
    sets = CoefficientSet.objects.all()
    assert {s.code for s in sets} >= {"GB2589-2008", "GB2589-2020", "SH-EQUIV-PRIMARY"}
    assert all("GB/T 2589" in s.source or "等价值" in s.source for s in sets)


def test_a_reading_is_converted_by_the_default_set_of_its_month(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-03", {"electricity": 10000, "natural_gas": 100})
    r = Reading.objects.get(agency=cast.xihu_agency, energy_type="electricity")
    assert r.kgce == Decimal("1229.000")
    assert r.coefficient_set is not None and r.coefficient_set.code == "GB2589-2020"
    old = save(cast.xihu_agency, "2020-03", {"electricity": 10000})
    assert old.created == 1
    assert Reading.objects.get(month=dt.date(2020, 3, 1)).coefficient_set.code == "GB2589-2008"


def test_saving_the_same_month_again_writes_nothing(cast: Cast) -> None:
    first = save(cast.xihu_agency, "2025-03", {"electricity": 10000, "water_tap": 300})
    again = save(cast.xihu_agency, "2025-03", {"electricity": 10000, "water_tap": 300})
    changed = save(cast.xihu_agency, "2025-03", {"electricity": 12000, "water_tap": 300})
    assert first.as_dict() == {"created": 2, "updated": 0, "unchanged": 0}
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 2}
    assert changed.as_dict() == {"created": 0, "updated": 1, "unchanged": 1}
    r = Reading.objects.get(energy_type="electricity")
    assert r.revisions == 1 and r.quantity == Decimal("12000.000")


def test_every_save_is_audited_with_its_changes(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-03", {"electricity": 10000})
    save(cast.xihu_agency, "2025-03", {"electricity": 12000})
    event = AuditEvent.objects.filter(event_type="energy.readings.saved").order_by("-id")[0]
    assert event.target_id == str(cast.xihu_agency.pk)
    assert event.changes == {"2025-03 电": ["10000.000 kWh", "12000.000 kWh"]}
    assert event.region_path == cast.xihu_agency.region.path


def test_summaries_follow_the_readings(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025, headcount=50, area="1000")
    save(cast.xihu_agency, "2025-01", {"electricity": 10000, "water_tap": 100}, cost=500)
    save(cast.xihu_agency, "2025-02", {"electricity": 5000})
    ay = AgencyYear.objects.get(agency=cast.xihu_agency, year=2025)
    assert (ay.kgce, ay.water, ay.electricity) == (
        Decimal("1843.500"), Decimal("100.000"), Decimal("15000.000"))
    assert ay.months_mask == 0b11 and ay.readings == 3 and ay.energy_headcount == 50
    assert ay.cost == Decimal("1000.00")
    xihu_id = summaries.stat_region_id(cast.xihu_agency)
    ry = RegionYear.objects.get(stat_region_id=xihu_id, year=2025)
    assert (ry.kgce, ry.energy_headcount, ry.institutions, ry.reporting) == (
        Decimal("1843.500"), 50, 1, 1)
    rm = RegionMonth.objects.get(stat_region_id=xihu_id, month=dt.date(2025, 1, 1),
                                 energy_type="electricity")
    assert rm.quantity == Decimal("10000.000") and rm.kgce == Decimal("1229.000")
    save(cast.xihu_agency, "2025-02", {"electricity": 0})
    assert AgencyYear.objects.get(agency=cast.xihu_agency, year=2025).kgce == Decimal("1229.000")
    assert RegionYear.objects.get(stat_region_id=xihu_id, year=2025).kgce == Decimal("1229.000")


def test_city_level_institutions_count_as_the_city_itself(cast: Cast) -> None:
    save(cast.hangzhou_agency, "2025-01", {"electricity": 1000})
    assert Reading.objects.get().stat_region.code == "330100"
    save(cast.province_agency, "2025-01", {"electricity": 1000})
    assert Reading.objects.get(agency=cast.province_agency).stat_region.code == "330000"


def test_rebuild_all_gives_the_same_summaries(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    save(cast.xihu_agency, "2025-01", {"electricity": 10000, "water_tap": 100})
    save(cast.ningbo_agency, "2025-05", {"natural_gas": 70})
    before = sorted(AgencyYear.objects.values_list("agency_id", "kgce", "months_mask"))
    before_ry = sorted(RegionYear.objects.values_list("stat_region_id", "kgce"))
    with transaction.atomic():
        AgencyYear.objects.all().delete()
        RegionYear.objects.all().delete()
        summaries.rebuild_all()
    assert sorted(AgencyYear.objects.values_list("agency_id", "kgce", "months_mask")) == before
    assert sorted(RegionYear.objects.values_list("stat_region_id", "kgce")) == before_ry


def test_bad_readings_are_refused_by_field(cast: Cast) -> None:
    today = dt.date(2026, 11, 28)
    cases = [
        ({"month": "2026-12", "energy_type": "电", "quantity": 1}, "未来月份"),
        ({"month": "2026-01", "energy_type": "电", "quantity": -5}, "不能为负数"),
        ({"month": "2026-01", "energy_type": "电", "quantity": "abc"}, "不是数字"),
        ({"month": "2026-01", "energy_type": "电", "quantity": 1, "unit": "桶"}, "无法识别"),
        ({"month": "2026-01", "energy_type": "核能", "quantity": 1}, "未知的能源品种"),
        ({"month": "2026-01", "energy_type": "水", "quantity": 1, "ncv": 100}, "不适用"),
        ({"month": "2026-01", "energy_type": "电", "quantity": 1, "cost": -1}, "费用不能为负数"),
        ({"month": "2026-01", "energy_type": "电", "quantity": "NaN"}, "不是数字"),
    ]
    for kwargs, message in cases:
        with pytest.raises(RuleError, match=message):
            actions.prepare_reading(agency=cast.xihu_agency, today=today, **kwargs)


def test_a_coefficient_set_without_a_source_is_refused(cast: Cast) -> None:
    from jiguan.energy.coefficients_data import GB2589_2008

    data = {"code": "X", "name": "X", "source": " ", "effective_from": dt.date(2024, 1, 1),
            "values": {k: str(v) for k, v in GB2589_2008.items()}}
    with pytest.raises(ValidationError) as exc:
        actions.coefficient_set_create(data=data, actor=None)
    assert "必须注明来源" in str(exc.value.message_dict["source"])
    assert not CoefficientSet.objects.filter(code="X").exists()


def test_a_new_default_set_reconverts_the_readings_it_covers(cast: Cast) -> None:
    from jiguan.energy.coefficients_data import GB2589_2008

    save(cast.xihu_agency, "2023-06", {"electricity": 1000})
    save(cast.xihu_agency, "2025-06", {"electricity": 1000})
    values = {k: str(v) for k, v in GB2589_2008.items()} | {"electricity": "0.3"}
    with transaction.atomic():
        actions.coefficient_set_create(
            data={"code": "ZJ-2025", "name": "浙江 2025", "source": "某省通知",
                  "effective_from": dt.date(2025, 1, 1), "is_default": True,
                  "values": values}, actor=None)
    assert Reading.objects.get(month=dt.date(2025, 6, 1)).kgce == Decimal("300.000")
    assert Reading.objects.get(month=dt.date(2023, 6, 1)).kgce == Decimal("122.900")
    assert AgencyYear.objects.get(year=2025).kgce == Decimal("300.000")


def test_a_failed_save_leaves_nothing_behind(cast: Cast) -> None:
    item = actions.prepare_reading(agency=cast.xihu_agency, month="2025-01",
                                   energy_type="电", quantity=1, today=dt.date(2026, 1, 1))
    with pytest.raises(ValueError, match="twice"):
        actions.readings_save(items=[item, item], actor=None)
    assert not Reading.objects.exists() and not AgencyYear.objects.exists()
