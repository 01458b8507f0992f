"""The readings import is the one write of readings that does not go through
`readings_save` (raw SQL, docs/architecture-energy.md "The one bulk exception"): the same
rows entered through the action give the same readings and the same summaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiguan.conftest import Cast
from jiguan.core.models import ImportStatus
from jiguan.energy.models import AgencyYear, Reading, RegionMonth, RegionYear
from jiguan.energy.readings import actions
from jiguan.energy.tests.test_input_import import run, workbook

pytestmark = pytest.mark.django_db

READING_FIELDS = ("agency_id", "stat_region_id", "month", "energy_type", "quantity",
                  "entered_quantity", "entered_unit", "cost", "ncv", "kgce",
                  "coefficient_set_id")
AGENCY_YEAR_FIELDS = ("agency_id", "stat_region_id", "year", "kgce", "water", "electricity",
                      "cost", "months_mask", "readings")
REGION_MONTH_FIELDS = ("stat_region_id", "month", "energy_type", "quantity", "kgce", "cost",
                       "readings")
REGION_YEAR_FIELDS = ("stat_region_id", "year", "kgce", "water", "electricity", "cost")

# (agency attribute of the cast, month, type as typed, quantity, unit, cost, measured NCV)
ROWS = [
    ("xihu_agency", "2025-01", "电", "12000", "kWh", "9600", None),
    ("xihu_agency", "2025-01", "自来水", "350", "吨", "1200", None),
    ("xihu_agency", "2025-02", "电", "1.2", "万kWh", "9000", None),
    ("hangzhou_agency", "2025-01", "柴油", "100", "L", "700", None),
    ("hangzhou_agency", "2025-01", "天然气", "800", "m³", "2800", "36000"),
]


def _state() -> dict[str, list[tuple[Any, ...]]]:
    return {
        "readings": sorted(Reading.objects.values_list(*READING_FIELDS)),
        "agency_years": sorted(AgencyYear.objects.values_list(*AGENCY_YEAR_FIELDS)),
        "region_months": sorted(RegionMonth.objects.filter(readings__gt=0)
                                .values_list(*REGION_MONTH_FIELDS)),
        "region_years": sorted(RegionYear.objects.exclude(kgce=0)
                               .values_list(*REGION_YEAR_FIELDS)),
    }


def _clear() -> None:
    Reading.objects.all().delete()
    AgencyYear.objects.all().delete()
    RegionMonth.objects.all().delete()
    RegionYear.objects.all().delete()


def test_the_import_writes_what_the_action_writes(cast: Cast) -> None:
    sheet = [[getattr(cast, a).credit_code, "", month, kind, float(q), unit, float(cost),
              float(ncv) if ncv else None] for a, month, kind, q, unit, cost, ncv in ROWS]
    job = run(cast.hangzhou, workbook(sheet))
    assert job.status == ImportStatus.DONE, job.errors
    imported = _state()
    assert len(imported["readings"]) == len(ROWS)

    _clear()
    items = [actions.prepare_reading(agency=getattr(cast, a), month=month, energy_type=kind,
                                     quantity=q, unit=unit, cost=cost, ncv=ncv,
                                     today=dt.date(2026, 11, 28))
             for a, month, kind, q, unit, cost, ncv in ROWS]
    actions.readings_save(items=items, actor=cast.hangzhou)
    assert _state() == imported
