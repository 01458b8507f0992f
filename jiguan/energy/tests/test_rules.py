"""energy/rules.py: units, standard coal, indicators, targets, outliers, savings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from jiguan.energy import rules
from jiguan.energy.coefficients_data import GB2589_2008
from jiguan.energy.rules import RuleError


def test_electricity_converts_at_the_equivalent_value() -> None:
    assert rules.to_kgce("electricity", Decimal("1000"), GB2589_2008) == Decimal("122.9000")


def test_natural_gas_converts_at_1_2143() -> None:
    assert rules.to_kgce("natural_gas", Decimal("100"), GB2589_2008) == Decimal("121.4300")


def test_water_is_not_energy() -> None:
    assert rules.to_kgce("water_tap", Decimal("500"), GB2589_2008) == 0


def test_a_measured_calorific_value_overrides_the_table() -> None:
    # 1,000 m³ of gas measured at 35,000 kJ/m³: 1,000 x 35,000 / 29,307 kgce.
    value = rules.to_kgce("natural_gas", Decimal("1000"), GB2589_2008, Decimal("35000"))
    assert value.quantize(Decimal("0.01")) == Decimal("1194.25")
    with pytest.raises(RuleError, match="低位发热量"):
        rules.to_kgce("natural_gas", Decimal("1"), GB2589_2008, Decimal("0"))


def test_units_convert_explicitly() -> None:
    assert rules.to_canonical("electricity", Decimal("1.5"), "万kWh") == Decimal("15000.0")
    assert rules.to_canonical("coal", Decimal("2"), "吨") == Decimal("2000")
    assert rules.to_canonical("heat", Decimal("3"), "GJ") == Decimal("3000")
    assert rules.to_canonical("other", Decimal("1.2"), "tce") == Decimal("1200.0")


def test_litres_of_fuel_convert_by_a_configurable_density() -> None:
    assert rules.to_canonical("gasoline", Decimal("100"), "L") == Decimal("73.00")
    with override_settings(JIGUAN_ENERGY_DENSITIES={"gasoline": "0.75"}):
        assert rules.to_canonical("gasoline", Decimal("100"), "升") == Decimal("75.00")


def test_unknown_units_are_refused_with_the_accepted_ones() -> None:
    with pytest.raises(RuleError, match="计量单位“桶”无法识别"):
        rules.to_canonical("diesel", Decimal("1"), "桶")
    with pytest.raises(RuleError, match="无法识别"):
        rules.to_canonical("electricity", Decimal("1"), "L")


def test_energy_types_are_found_by_label_or_code() -> None:
    assert rules.energy_type("电力").code == "electricity"
    assert rules.energy_type("natural_gas").label == "天然气"
    with pytest.raises(RuleError, match="未知的能源品种“核能”"):
        rules.energy_type("核能")


def test_months_parse_in_the_usual_spellings() -> None:
    for text in ("2026-03", "2026/3", "202603", "2026年3月", "2026.03"):
        assert rules.parse_month(text) == dt.date(2026, 3, 1)
    with pytest.raises(RuleError, match="月份“March”"):
        rules.parse_month("March")
    with pytest.raises(RuleError):
        rules.parse_month("2026-13")
    with pytest.raises(RuleError, match="格式不正确"):  # a year past C's int: OverflowError
        rules.parse_month("99999999999999999999-1")


def test_future_months_and_the_month_not_yet_ended_are_refused() -> None:
    today = dt.date(2026, 11, 28)
    rules.check_month(dt.date(2026, 10, 1), today)
    with pytest.raises(RuleError, match="2026-11 尚未结束"):
        rules.check_month(dt.date(2026, 11, 1), today)
    with pytest.raises(RuleError, match="未来月份"):
        rules.check_month(dt.date(2026, 12, 1), today)
    rules.check_month(dt.date(2026, 11, 1), dt.date(2026, 12, 1))  # ended the day before


def test_negative_and_absurd_quantities_are_refused() -> None:
    with pytest.raises(RuleError, match="不能为负数"):
        rules.check_quantity("electricity", Decimal("-1"))
    with pytest.raises(RuleError, match="超过合理上限"):
        rules.check_quantity("electricity", Decimal("60000000"))
    rules.check_quantity("electricity", Decimal("2000000"))


def test_a_coefficient_set_needs_every_energy_type() -> None:
    values = {k: str(v) for k, v in GB2589_2008.items()}
    assert rules.validate_coefficients(values)["electricity"] == Decimal("0.1229")
    del values["coal"]
    values["diesel"] = "abc"
    with pytest.raises(RuleError) as exc:
        rules.validate_coefficients(values)
    assert "缺少“煤炭”" in str(exc.value) and "“柴油”的折标系数“abc”不是数字" in str(exc.value)


def test_the_default_set_in_force_is_picked_by_month() -> None:
    chain = [(1, dt.date(2008, 6, 1)), (2, dt.date(2021, 4, 1))]
    assert rules.pick_set(chain, dt.date(2021, 3, 1)) == 1
    assert rules.pick_set(chain, dt.date(2021, 4, 1)) == 2
    assert rules.pick_set(chain, dt.date(2001, 1, 1)) == 1
    assert rules.pick_set([], dt.date(2021, 4, 1)) is None


def test_indicators_divide_by_headcount_and_area() -> None:
    ind = rules.Indicators(kgce=Decimal("32956"), water=Decimal("2153"), cost=Decimal(0),
                           headcount=100, area=Decimal("1783.33"))
    assert ind.per_capita == Decimal("329.56")
    assert ind.water_per_capita == Decimal("21.53")
    assert ind.per_area == Decimal("18.48")
    assert rules.Indicators(Decimal(1), Decimal(1), Decimal(0), 0, Decimal(0)).per_capita is None


def test_targets_compare_against_the_baseline() -> None:
    assert rules.change_pct(Decimal("94"), Decimal("100")) == Decimal("-6.00")
    assert rules.target_value(Decimal("329.56"), Decimal("-6")) == Decimal("309.79")
    assert rules.meets_target(Decimal("309.79"), Decimal("329.56"), Decimal("-6")) is True
    assert rules.meets_target(Decimal("309.80"), Decimal("329.56"), Decimal("-6")) is False
    assert rules.meets_target(None, Decimal("1"), Decimal("-6")) is None


def test_targets_default_to_the_14th_plan_and_are_configurable() -> None:
    assert rules.default_targets()["per_capita"] == Decimal("-6")
    with override_settings(JIGUAN_ENERGY_TARGETS={"per_capita": "-8"}):
        assert rules.default_targets()["per_capita"] == Decimal("-8")
        assert rules.default_targets()["per_area"] == Decimal("-5")


def test_a_month_over_three_times_the_median_is_flagged() -> None:
    months = {dt.date(2025, m, 1): Decimal("1000") for m in range(1, 12)}
    months[dt.date(2025, 12, 1)] = Decimal("3001")
    assert rules.outlier_months(months) == [dt.date(2025, 12, 1)]
    months[dt.date(2025, 12, 1)] = Decimal("3000")
    assert rules.outlier_months(months) == []


def test_missing_months_and_jumps() -> None:
    assert rules.missing_months([1, 2, 4], 5) == [3, 5]
    assert rules.jumped(100, 131) is True
    assert rules.jumped(100, 130) is False
    assert rules.jumped(None, 100) is False


def test_contract_savings_follow_the_baseline_rate() -> None:
    s = rules.period_savings(baseline_total=Decimal("120000"), baseline_months=12,
                             actual=Decimal("50000"), period_months=6,
                             sharing_ratio=Decimal("70"))
    assert (s.baseline, s.saved, s.rate, s.provider_share) == (
        Decimal("60000.00"), Decimal("10000.00"), Decimal("16.67"), Decimal("7000.00"))
    with pytest.raises(RuleError):
        rules.period_savings(baseline_total=Decimal(1), baseline_months=0, actual=Decimal(0),
                             period_months=1)


def test_an_outsourcing_term_is_five_to_ten_years_by_date() -> None:
    d = dt.date
    assert rules.outsourcing_term_problem(d(2025, 3, 15), d(2035, 3, 14)) is None  # ten years
    assert rules.outsourcing_term_problem(d(2025, 1, 1), d(2035, 1, 1)) is None
    assert rules.outsourcing_term_problem(d(2025, 3, 15), d(2030, 3, 14)) is None  # five
    assert "当前约 4 年" in rules.outsourcing_term_problem(d(2025, 3, 15), d(2030, 2, 1))
    assert "当前约 10 年" in rules.outsourcing_term_problem(d(2025, 3, 15), d(2035, 3, 16))
    assert rules.add_years(d(2024, 2, 29), 5) == d(2029, 2, 28)
