"""The rules of public-institution energy and water statistics, as pure functions.

No ORM here: unit conversion, standard-coal conversion (GB/T 2589), the indicators of the
statistical system, targets against the 2020 baseline, the outlier rule and the savings of
an energy performance contract. Sources and confidence: domain-rules.md §5. Values marked
[R] there are unverified and are settings (``JIGUAN_ENERGY_*``), read through the
functions below, never constants buried in callers.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

from jiguan.energy.coefficients_data import KJ_PER_KGCE


class RuleError(ValueError):
    """Input the rules cannot accept; the message is Chinese and names the field."""


@dataclass(frozen=True)
class EnergyType:
    code: str
    label: str
    unit: str                        # the canonical unit readings are stored in
    units: Mapping[str, Decimal]     # accepted unit -> factor to the canonical unit
    energy: bool = True              # water is a resource, not energy: no kgce
    liquid: bool = False             # litres convert to kg by a density


def _units(**pairs: str) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in pairs.items()}


# The 《公共机构能源资源消费统计调查制度》 types (domain-rules.md §5.2), in form order.
ENERGY_TYPES: dict[str, EnergyType] = {t.code: t for t in (
    EnergyType("electricity", "电", "kWh",
               {"kWh": Decimal(1), "千瓦时": Decimal(1), "度": Decimal(1),
                "万kWh": Decimal(10000), "万千瓦时": Decimal(10000), "MWh": Decimal(1000)}),
    EnergyType("water_tap", "自来水", "m³",
               {"m³": Decimal(1), "m3": Decimal(1), "立方米": Decimal(1), "吨": Decimal(1),
                "t": Decimal(1), "万m³": Decimal(10000), "万吨": Decimal(10000)}, energy=False),
    EnergyType("water_well", "自备井水", "m³",
               {"m³": Decimal(1), "m3": Decimal(1), "立方米": Decimal(1), "吨": Decimal(1),
                "t": Decimal(1), "万m³": Decimal(10000), "万吨": Decimal(10000)}, energy=False),
    EnergyType("coal", "煤炭", "kg", _units(kg="1", 千克="1", 公斤="1", t="1000", 吨="1000")),
    EnergyType("natural_gas", "天然气", "m³",
               _units(**{"m³": "1", "m3": "1", "立方米": "1", "万m³": "10000",
                         "万立方米": "10000"})),
    EnergyType("lpg", "液化石油气", "kg", _units(kg="1", 千克="1", 公斤="1", t="1000", 吨="1000"),
               liquid=True),
    EnergyType("town_gas", "人工煤气", "m³",
               _units(**{"m³": "1", "m3": "1", "立方米": "1", "万m³": "10000"})),
    EnergyType("gasoline", "汽油", "kg", _units(kg="1", 千克="1", 公斤="1", t="1000", 吨="1000"),
               liquid=True),
    EnergyType("diesel", "柴油", "kg", _units(kg="1", 千克="1", 公斤="1", t="1000", 吨="1000"),
               liquid=True),
    EnergyType("kerosene", "煤油", "kg", _units(kg="1", 千克="1", 公斤="1", t="1000", 吨="1000"),
               liquid=True),
    EnergyType("heat", "热力", "MJ", _units(MJ="1", 兆焦="1", GJ="1000", 吉焦="1000")),
    EnergyType("other", "其他能源", "kgce",
               _units(kgce="1", 千克标准煤="1", tce="1000", 吨标准煤="1000")),
)}
ENERGY_TYPE_CHOICES = [(t.code, t.label) for t in ENERGY_TYPES.values()]
#: The energy types in a fixed order: a type is stored as its index in compact rows and
#: in the bulk SQL of the summaries.
TYPE_CODES: tuple[str, ...] = tuple(ENERGY_TYPES)
WATER_TYPES = ("water_tap", "water_well")
LITRE_UNITS = {"L": Decimal(1), "升": Decimal(1), "l": Decimal(1)}

# Litres to kg ([R]: typical densities, kg/L). Override with JIGUAN_ENERGY_DENSITIES.
DEFAULT_DENSITIES: dict[str, Decimal] = {
    "gasoline": Decimal("0.73"),
    "diesel": Decimal("0.84"),
    "kerosene": Decimal("0.80"),
    "lpg": Decimal("0.54"),
}

# Absurd monthly quantities (canonical unit): refused as typing errors. A province's
# biggest hospital uses ~2 million kWh a month; ten times that is not a reading.
DEFAULT_MONTHLY_CAPS: dict[str, Decimal] = {
    "electricity": Decimal("50000000"),
    "water_tap": Decimal("5000000"),
    "water_well": Decimal("5000000"),
    "coal": Decimal("50000000"),
    "natural_gas": Decimal("20000000"),
    "lpg": Decimal("5000000"),
    "town_gas": Decimal("20000000"),
    "gasoline": Decimal("5000000"),
    "diesel": Decimal("5000000"),
    "kerosene": Decimal("5000000"),
    "heat": Decimal("5000000000"),
    "other": Decimal("50000000"),
}

# National public-institution figures quoted by 国管局 ([V-S ×3]): reference lines.
NATIONAL_FIGURES: dict[int, dict[str, Decimal]] = {
    2018: {"per_area": Decimal("19.29"), "per_capita": Decimal("341.57"),
           "water_per_capita": Decimal("23.04")},
    2020: {"per_area": Decimal("18.48"), "per_capita": Decimal("329.56"),
           "water_per_capita": Decimal("21.53")},
    2022: {"per_area": Decimal("18.03"), "per_capita": Decimal("321.27"),
           "water_per_capita": Decimal("20.99")},
}
BASELINE_YEAR = 2020

# 十四五 reductions against 2020 ([V-S ×3]), percent; per region/institution in the DB.
DEFAULT_TARGETS: dict[str, Decimal] = {
    "per_capita": Decimal("-6"),
    "per_area": Decimal("-5"),
    "water_per_capita": Decimal("-6"),
}
TARGET_LABELS = {"per_capita": "人均综合能耗", "per_area": "单位建筑面积能耗",
                 "water_per_capita": "人均用水量"}

# A month above this multiple of the institution's median month for the type is flagged.
DEFAULT_OUTLIER_FACTOR = Decimal("3")
# A building area or headcount that moves more than this share from one year to the next.
DEFAULT_JUMP_SHARE = Decimal("0.3")


def densities() -> dict[str, Decimal]:
    configured = getattr(settings, "JIGUAN_ENERGY_DENSITIES", None) or {}
    return {**DEFAULT_DENSITIES, **{k: Decimal(str(v)) for k, v in configured.items()}}


def monthly_caps() -> dict[str, Decimal]:
    configured = getattr(settings, "JIGUAN_ENERGY_MONTHLY_CAPS", None) or {}
    return {**DEFAULT_MONTHLY_CAPS, **{k: Decimal(str(v)) for k, v in configured.items()}}


def default_targets() -> dict[str, Decimal]:
    configured = getattr(settings, "JIGUAN_ENERGY_TARGETS", None) or {}
    return {**DEFAULT_TARGETS, **{k: Decimal(str(v)) for k, v in configured.items()}}


def outlier_factor() -> Decimal:
    return Decimal(str(getattr(settings, "JIGUAN_ENERGY_OUTLIER_FACTOR", DEFAULT_OUTLIER_FACTOR)))


def jump_share() -> Decimal:
    return Decimal(str(getattr(settings, "JIGUAN_ENERGY_JUMP_SHARE", DEFAULT_JUMP_SHARE)))


# ---------------------------------------------------------------- types, units, months

_TYPE_LOOKUP: dict[str, str] = {}
for _t in ENERGY_TYPES.values():
    _TYPE_LOOKUP[_t.code] = _t.code
    _TYPE_LOOKUP[_t.label] = _t.code
_TYPE_LOOKUP.update({"电力": "electricity", "水": "water_tap", "用水": "water_tap",
                     "井水": "water_well", "原煤": "coal", "燃气": "natural_gas",
                     "液化气": "lpg", "LPG": "lpg", "煤气": "town_gas", "热": "heat",
                     "其他": "other"})


def energy_type(value: str) -> EnergyType:
    code = _TYPE_LOOKUP.get(str(value).strip())
    if code is None:
        labels = "、".join(t.label for t in ENERGY_TYPES.values())
        raise RuleError(f"未知的能源品种“{value}”，可填：{labels}")
    return ENERGY_TYPES[code]


def to_canonical(type_code: str, quantity: Decimal, unit: str | None) -> Decimal:
    """The quantity in the type's canonical unit. Litres of a liquid fuel become kg by the
    configured density; every other unit is an explicit factor of ENERGY_TYPES."""
    t = ENERGY_TYPES[type_code]
    unit = (unit or t.unit).strip()
    if unit in t.units:
        return quantity * t.units[unit]
    if t.liquid and unit in LITRE_UNITS:
        return quantity * densities()[type_code]
    accepted = list(t.units) + (["L", "升"] if t.liquid else [])
    raise RuleError(f"{t.label}的计量单位“{unit}”无法识别，可填：{'、'.join(accepted)}")


def parse_month(value: object) -> dt.date:
    """'2026-03', '2026/3', '202603', '2026年3月', a date: the first of that month."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value).strip().replace("年", "-").replace("月", "").replace("/", "-")
    text = text.replace(".", "-")
    try:
        if "-" in text:
            year_s, month_s = text.split("-")[:2]
            year, month = int(year_s), int(month_s)
        elif len(text) == 6 and text.isdigit():
            year, month = int(text[:4]), int(text[4:])
        else:
            raise ValueError(text)
        return dt.date(year, month, 1)
    except (ValueError, TypeError, OverflowError):  # a 20-digit year overflows C int
        raise RuleError(f"月份“{value}”格式不正确，应为 2026-03") from None


def check_month(month: dt.date, today: dt.date) -> None:
    """Readings are for finished or current months, not the future, and not before 2000."""
    if month > today.replace(day=1):
        raise RuleError(f"月份 {month:%Y-%m} 晚于本月，不能填报未来月份")
    if month.year < 2000:
        raise RuleError(f"月份 {month:%Y-%m} 早于 2000 年")


def last_finished_month(today: dt.date) -> dt.date:
    """The first day of the month before `today`'s: the latest month that has ended."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def check_quantity(type_code: str, quantity: Decimal) -> None:
    t = ENERGY_TYPES[type_code]
    if quantity < 0:
        raise RuleError(f"{t.label}用量不能为负数")
    cap = monthly_caps()[type_code]
    if quantity > cap:
        raise RuleError(f"{t.label}月用量 {quantity:,} {t.unit} 超过合理上限 "
                        f"{cap:,} {t.unit}，请核对单位")


# ---------------------------------------------------------------- standard coal

def validate_coefficients(values: Mapping[str, object]) -> dict[str, Decimal]:
    """A complete coefficient set: every energy type with a non-negative number (water 0)."""
    out: dict[str, Decimal] = {}
    errors: list[str] = []
    for code, t in ENERGY_TYPES.items():
        raw = values.get(code)
        if raw in (None, ""):
            if not t.energy:
                out[code] = Decimal(0)
                continue
            errors.append(f"缺少“{t.label}”的折标系数")
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors.append(f"“{t.label}”的折标系数“{raw}”不是数字")
            continue
        if not value.is_finite() or value < 0 or value > 100:
            errors.append(f"“{t.label}”的折标系数应在 0 至 100 kgce/{t.unit} 之间")
            continue
        if t.energy and value == 0:
            errors.append(f"“{t.label}”的折标系数不能为 0")
            continue
        out[code] = value
    unknown = sorted(set(values) - set(ENERGY_TYPES))
    if unknown:
        errors.append(f"未知的能源品种：{'、'.join(unknown)}")
    if errors:
        raise RuleError("；".join(errors))
    return out


def to_kgce(type_code: str, quantity: Decimal, coefficients: Mapping[str, Decimal],
            measured_ncv: Decimal | None = None) -> Decimal:
    """Standard coal (kgce) of a canonical quantity. A measured low calorific value (kJ per
    canonical unit) overrides the table, as GB/T 2589 requires; water gives 0."""
    t = ENERGY_TYPES[type_code]
    if not t.energy:
        return Decimal(0)
    if measured_ncv is not None:
        if measured_ncv <= 0:
            raise RuleError(f"{t.label}的实测低位发热量必须大于 0")
        return quantity * measured_ncv / KJ_PER_KGCE
    return quantity * coefficients[type_code]


def pick_set(sets: Iterable[tuple[int, dt.date]], month: dt.date) -> int | None:
    """Of (id, effective_from) default sets, the one in force in `month`: the latest that
    took effect on or before the month's last day; before every set, the earliest."""
    ordered = sorted(sets, key=lambda s: s[1])
    if not ordered:
        return None
    month_end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
    chosen = ordered[0][0]
    for set_id, start in ordered:
        if start <= month_end:
            chosen = set_id
    return chosen


# ---------------------------------------------------------------- indicators

def q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """numerator / denominator, or None when the denominator is missing or zero."""
    if numerator is None or not denominator:
        return None
    return q2(Decimal(numerator) / Decimal(denominator))


@dataclass(frozen=True)
class Indicators:
    kgce: Decimal
    water: Decimal
    cost: Decimal
    headcount: int
    area: Decimal

    @property
    def per_capita(self) -> Decimal | None:
        return ratio(self.kgce, self.headcount)

    @property
    def per_area(self) -> Decimal | None:
        return ratio(self.kgce, self.area)

    @property
    def water_per_capita(self) -> Decimal | None:
        return ratio(self.water, self.headcount)

    def value(self, key: str) -> Decimal | None:
        return {"per_capita": self.per_capita, "per_area": self.per_area,
                "water_per_capita": self.water_per_capita}[key]


def change_pct(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """Percent change from `base` to `current` (-6.00 = fell 6 %)."""
    if current is None or base is None or base == 0:
        return None
    return q2((current - base) / base * 100)


def target_value(baseline: Decimal | None, reduction_pct: Decimal) -> Decimal | None:
    """The value a -6 % target allows for a 2020 baseline."""
    if baseline is None:
        return None
    return q2(baseline * (100 + reduction_pct) / 100)


def meets_target(current: Decimal | None, baseline: Decimal | None,
                 reduction_pct: Decimal) -> bool | None:
    allowed = target_value(baseline, reduction_pct)
    if current is None or allowed is None:
        return None
    return current <= allowed


# ---------------------------------------------------------------- data quality

def outlier_months(values: Mapping[dt.date, Decimal], factor: Decimal | None = None
                   ) -> list[dt.date]:
    """Months above `factor` times the median of the institution's months for one type.
    Flagged for a look, never refused: a new canteen can triple the gas bill."""
    factor = outlier_factor() if factor is None else factor
    positives = [v for v in values.values() if v > 0]
    if len(positives) < 3:
        return []
    median = Decimal(str(statistics.median(positives)))
    return sorted(m for m, v in values.items() if median > 0 and v > median * factor)


def missing_months(reported: Iterable[int], upto: int) -> list[int]:
    """Months 1..upto of a year with no reading."""
    have = set(reported)
    return [m for m in range(1, upto + 1) if m not in have]


def jumped(previous: Decimal | int | None, current: Decimal | int | None,
           share: Decimal | None = None) -> bool:
    """Did an area or headcount move by more than `share` year on year?"""
    share = jump_share() if share is None else share
    if not previous or current is None:
        return False
    return abs(Decimal(current) - Decimal(previous)) / Decimal(previous) > share


# ---------------------------------------------------------------- energy performance contracts

# 能源费用托管: generally 5 to 10 years ([V-O], 广东省财政厅 2025-02-28); configurable.
DEFAULT_OUTSOURCING_YEARS = (5, 10)


def outsourcing_years() -> tuple[int, int]:
    low, high = getattr(settings, "JIGUAN_ENERGY_OUTSOURCING_YEARS", DEFAULT_OUTSOURCING_YEARS)
    return int(low), int(high)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def outsourcing_term_problem(start: dt.date, end: dt.date) -> str | None:
    """能源费用托管: a term of `low` to `high` years (5 to 10 by default), judged on dates:
    2025-03-15 to 2035-03-14 is ten years; a contract may name the anniversary as its last
    day (2025-01-01 to 2035-01-01)."""
    low, high = outsourcing_years()
    if add_years(start, low) - dt.timedelta(days=1) <= end <= add_years(start, high):
        return None
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    shown = f"约 {years} 年" if years > 0 else "不足 1 年"
    return f"能源费用托管型合同期限应为 {low} 至 {high} 年，当前{shown}"


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end`, both first-of-month, inclusive."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Savings:
    baseline: Decimal      # what the period would have used at the baseline rate
    actual: Decimal
    saved: Decimal
    rate: Decimal | None   # saved / baseline, percent
    provider_share: Decimal | None = None


def period_savings(*, baseline_total: Decimal, baseline_months: int, actual: Decimal,
                   period_months: int, adjustment: Decimal = Decimal(0),
                   sharing_ratio: Decimal | None = None) -> Savings:
    """Verified savings of one period (GB/T 24915 基期能耗-影响因素调整): the baseline's
    monthly rate times the period's months, plus an agreed adjustment, minus the actual
    consumption; a shared-savings contract gives the provider `sharing_ratio` percent."""
    if baseline_months <= 0 or period_months <= 0:
        raise RuleError("基准期和核定期的月数必须大于 0")
    expected = baseline_total / baseline_months * period_months + adjustment
    saved = expected - actual
    share = q2(saved * sharing_ratio / 100) if sharing_ratio is not None and saved > 0 else None
    return Savings(baseline=q2(expected), actual=q2(actual), saved=q2(saved),
                   rate=q2(saved / expected * 100) if expected else None,
                   provider_share=share)
