"""The official rules as pure functions: standards, caps, establishment, service life,
holidays, execution checks, charges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jiguan.travel.ledger import rules as ledger_rules
from jiguan.travel.trips import rules as trip_rules
from jiguan.travel.vehicles import rules
from jiguan.travel.vehicles.data import DEFAULT_STANDARDS, StandardRow


class Std:
    def __init__(self, row: StandardRow, on: dt.date) -> None:
        self.category = row.category
        self.new_energy = row.new_energy
        self.price_cap = row.price_cap
        self.displacement_cap = row.displacement_cap
        self.service_life_years = row.service_life_years
        self.effective_from = on
        self.source = row.source


STANDARDS = [Std(r, dt.date(2017, 12, 5)) for r in DEFAULT_STANDARDS]


def test_confidential_cap_is_120000_and_1_6_litres() -> None:
    s = rules.standard_in_force(STANDARDS, category="confidential", new_energy=False,
                                on=dt.date(2020, 1, 1))
    assert s is not None and s.price_cap == Decimal("120000")
    assert s.displacement_cap == Decimal("1.6")
    breaches = rules.cap_breaches(s, price=Decimal("120000.01"), displacement=Decimal("1.6"))
    assert [b.field for b in breaches] == ["price"]
    assert "中办发〔2017〕71号" in breaches[0].message
    assert rules.cap_breaches(s, price=Decimal("120000"), displacement=Decimal("1.7"))[0].field \
        == "displacement"


def test_new_energy_saloon_cap_for_any_category() -> None:
    for category in ("other", "emergency", "confidential"):
        s = rules.standard_in_force(STANDARDS, category=category, new_energy=True,
                                    on=dt.date(2020, 1, 1))
        assert s is not None and s.price_cap == Decimal("180000")


def test_a_later_version_applies_only_from_its_date() -> None:
    newer = Std(DEFAULT_STANDARDS[0], dt.date(2025, 1, 1))
    newer.price_cap = Decimal("100000")
    found = rules.standard_in_force([*STANDARDS, newer], category="confidential",
                                    new_energy=False, on=dt.date(2024, 12, 31))
    assert found is not None and found.price_cap == Decimal("120000")
    found = rules.standard_in_force([*STANDARDS, newer], category="confidential",
                                    new_energy=False, on=dt.date(2025, 1, 1))
    assert found is not None and found.price_cap == Decimal("100000")
    assert rules.standard_in_force(STANDARDS, category="other", new_energy=False,
                                   on=dt.date(2010, 1, 1)) is None


def test_establishment() -> None:
    assert rules.establishment_refusal(holder="某局", category_label="机要通信用车", quota=None,
                                       held=0) is not None
    assert rules.establishment_refusal(holder="某局", category_label="x", quota=2, held=1) is None
    msg = rules.establishment_refusal(holder="某局", category_label="x", quota=2, held=2)
    assert msg is not None and "第六条" in msg


def test_service_life_and_no_early_replacement() -> None:
    bought = dt.date(2016, 2, 29)
    assert rules.replacement_due(bought, 8) == dt.date(2024, 2, 29)
    assert rules.replacement_due(dt.date(2017, 2, 28), 8) == dt.date(2025, 2, 28)
    assert rules.replacement_due(dt.date(2016, 2, 29), 9) == dt.date(2025, 3, 1)
    kw = {"purchase_date": dt.date(2020, 5, 1), "service_life_years": 8}
    assert rules.disposal_refusal(reason="service_life", on=dt.date(2028, 4, 30), **kw)
    assert rules.disposal_refusal(reason="service_life", on=dt.date(2028, 5, 1), **kw) is None
    # A change of leader never makes a vehicle due, not even after its service life.
    assert "职务" in (rules.disposal_refusal(reason="leader_change", on=dt.date(2030, 1, 1),
                                            **kw) or "")
    assert rules.disposal_refusal(reason="wrecked", on=dt.date(2021, 1, 1), **kw) is None


def test_holidays_from_the_chinese_calendar() -> None:
    assert trip_rules.is_rest_day(dt.date(2026, 10, 1))       # National Day
    assert not trip_rules.is_rest_day(dt.date(2026, 6, 9))    # a Tuesday
    assert trip_rules.is_rest_day(dt.date(2026, 6, 13))       # a Saturday
    # 2026-09-20 is a Sunday made a working day (调休) for the National Day holiday.
    assert not trip_rules.is_rest_day(dt.date(2026, 9, 20))
    # Beyond the tables: weekends only.
    assert trip_rules.is_rest_day(dt.date(2099, 1, 3)) and not trip_rules.is_rest_day(
        dt.date(2099, 1, 5))
    assert trip_rules.holiday_problem(dt.date(2026, 10, 1), dt.date(2026, 10, 1), urgent=True) \
        is None
    msg = trip_rules.holiday_problem(dt.date(2026, 9, 30), dt.date(2026, 10, 2), urgent=False)
    assert msg is not None and "10月01日" in msg and "紧急" in msg


def test_execution_checks() -> None:
    assert trip_rules.odometer_problem(last=100, start=99, end=120)[0] == "odometer_start"  # type: ignore[index]
    assert trip_rules.odometer_problem(last=100, start=100, end=99)[0] == "odometer_end"  # type: ignore[index]
    assert trip_rules.odometer_problem(last=100, start=100, end=100) is None
    assert trip_rules.fuel_problem(litres=Decimal("51"), tank=Decimal("50"), kwh=None,
                                   battery=None) is not None
    assert trip_rules.fuel_problem(litres=Decimal("50"), tank=Decimal("50"), kwh=None,
                                   battery=None) is None
    assert trip_rules.fuel_problem(litres=Decimal("5"), tank=None, kwh=None,
                                   battery=Decimal("50"))[0] == "fuel_litres"  # type: ignore[index]
    start, end = dt.datetime(2026, 6, 9, 9), dt.datetime(2026, 6, 9, 12)
    assert trip_rules.execution_window_problem(
        start_at=start, end_at=end, actual_start=start,
        actual_end=end + dt.timedelta(minutes=1))[0] == "actual_end"  # type: ignore[index]
    assert trip_rules.seats_problem(5, 4) is not None and trip_rules.seats_problem(4, 4) is None
    assert trip_rules.window_problem(end, start) is not None
    assert trip_rules.window_problem(start, start + dt.timedelta(days=16)) is not None


def test_charge_by_rates() -> None:
    class R:
        per_km, per_hour, per_trip = Decimal("1.20"), Decimal("20"), Decimal("10")
        effective_from = dt.date(2020, 1, 1)

    hours = ledger_rules.hours_between(dt.datetime(2026, 1, 1, 9), dt.datetime(2026, 1, 1, 11, 30))
    assert hours == Decimal("2.50")
    assert ledger_rules.service_charge(R(), km=25, hours=hours) == Decimal("90.00")
    assert ledger_rules.service_charge(None, km=25, hours=hours) == Decimal("0.00")
    assert ledger_rules.rate_in_force([R()], dt.date(2019, 12, 31)) is None
    assert ledger_rules.next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
