"""An import that only adds readings brings the summaries up to date by adding the staged
rows' totals (summaries.add_staged) instead of rebuilding them from the readings: the
result must be exactly what a rebuild gives, whatever was stored before."""

from __future__ import annotations

from typing import Any

import pytest

from jiguan.conftest import Cast
from jiguan.core.models import ImportStatus
from jiguan.energy import summaries
from jiguan.energy.models import AgencyYear, Reading, RegionMonth, RegionYear
from jiguan.energy.tests.factories import profile, save
from jiguan.energy.tests.test_input_import import run, workbook

pytestmark = pytest.mark.django_db


def _tables() -> dict[str, Any]:
    """Every summary row, by its key, with every value (not the row ids)."""
    return {
        "agency_years": {
            (r.agency_id, r.year): (r.stat_region_id, r.type_code, r.kgce, r.water,
                                    r.electricity, r.cost, r.months_mask, r.readings,
                                    r.energy_headcount, r.building_area, r.on_register)
            for r in AgencyYear.objects.all()},
        "region_months": {
            (r.stat_region_id, r.month, r.energy_type): (
                r.quantity, r.ncv_quantity, r.ncv_kgce, r.kgce, r.cost, r.readings)
            for r in RegionMonth.objects.all()},
        "region_years": {
            (r.stat_region_id, r.year): (r.institutions, r.reporting, r.energy_headcount,
                                         r.building_area, r.kgce, r.water, r.electricity,
                                         r.cost)
            for r in RegionYear.objects.all()},
    }


@pytest.fixture
def staged_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []
    add = summaries.add_staged

    def counting() -> set[tuple[int, int]]:
        calls.append(True)
        return add()

    monkeypatch.setattr(summaries, "add_staged", counting)
    return calls


def _same_as_rebuild() -> dict[str, Any]:
    added = _tables()
    summaries.rebuild_all()
    rebuilt = _tables()
    for name in added:
        assert added[name] == rebuilt[name], name
    return added


def _stored_before(cast: Cast) -> None:
    """Earlier readings: Xihu has a profile and January's electricity; Hangzhou's agency
    has no profile and January's water."""
    profile(cast.xihu_agency, 2025, headcount=80, area="1500.5")
    save(cast.xihu_agency, "2025-01", {"electricity": 1000}, cost=800)
    save(cast.hangzhou_agency, "2025-01", {"water_tap": 50}, cost=120)


def test_added_months_update_the_summaries_as_a_rebuild_would(
        cast: Cast, staged_calls: list[bool]) -> None:
    _stored_before(cast)
    xihu, hz = cast.xihu_agency.credit_code, cast.hangzhou_agency.credit_code
    rows = [
        [xihu, "", "2025-01", "自来水", 35, "m³", 70.5, None],       # a new type in January
        [xihu, "", "2025-02", "电", 1.2, "万kWh", 9000.25, None],
        [xihu, "", "2025-03", "天然气", 800, "m³", 2800, 36000],     # a calorific value
        [hz, "", "2025-02", "柴油", 100, "L", 700, None],            # litres by density
        [hz, "", "2025-02", "电", 333.333, "kWh", 0.01, None],
        [hz, "", "2024-12", "电", 10, "kWh", 1, None],               # a new agency-year
    ]
    # February's 1.2 万kWh is 12x January's 1,000 kWh: far from its history, confirmed here
    # (the confirmation itself: test_import_unusual.py).
    job = run(cast.hangzhou, workbook(rows), confirm_warnings=True)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary == {"created": 6, "updated": 0, "unchanged": 0}
    assert staged_calls == [True]
    found = _same_as_rebuild()
    year = found["agency_years"][(cast.xihu_agency.pk, 2025)]
    assert year[6] == 0b111 and year[7] == 4  # Jan-Mar, four readings
    assert year[8] == 80  # the profile's headcount kept
    assert (cast.hangzhou_agency.pk, 2024) in found["agency_years"]
    assert Reading.objects.count() == 8


def test_an_import_that_changes_readings_rebuilds_them(
        cast: Cast, staged_calls: list[bool]) -> None:
    _stored_before(cast)
    xihu = cast.xihu_agency.credit_code
    rows = [
        [xihu, "", "2025-01", "电", 1200, "kWh", 900, None],          # changed
        [xihu, "", "2025-04", "电", 1300, "kWh", 950, None],          # new
    ]
    job = run(cast.xihu, workbook(rows))
    assert job.summary == {"created": 1, "updated": 1, "unchanged": 0}
    assert staged_calls == []
    _same_as_rebuild()


def test_a_reimport_changes_no_summary(cast: Cast, staged_calls: list[bool]) -> None:
    _stored_before(cast)
    data = workbook([[cast.xihu_agency.credit_code, "", "2025-05", "电", 10, "kWh", 1, None]])
    run(cast.xihu, data)
    before = _tables()
    job = run(cast.xihu, data)
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 1}
    assert _tables() == before
    _same_as_rebuild()


def test_an_agency_type_changed_since_is_taken_as_a_rebuild_takes_it(
        cast: Cast, staged_calls: list[bool]) -> None:
    """Without a profile an agency-year's type is the agency's current one."""
    from jiguan.orgs.models import Agency
    from jiguan.orgs.rules import AGENCY_TYPES

    save(cast.hangzhou_agency, "2025-01", {"water_tap": 50}, cost=120)
    other = next(code for code in AGENCY_TYPES if code != cast.hangzhou_agency.type_code)
    Agency.objects.filter(pk=cast.hangzhou_agency.pk).update(type_code=other)
    rows = [[cast.hangzhou_agency.credit_code, "", "2025-02", "电", 10, "kWh", 1, None]]
    run(cast.hangzhou, workbook(rows))
    assert staged_calls == [True]
    found = _same_as_rebuild()
    assert found["agency_years"][(cast.hangzhou_agency.pk, 2025)][1] == other
