"""How numbers are shown: one table of quantities (decimals, unit, Excel number format),
used by the page filters (``{{ value|num:"area" }}``, ``{{ value|qty:"area" }}``) and by the
workbook writer (``ExportColumn(kind=...)``), so that a figure reads the same on a page and
in its export: thousands separators, fixed decimals, the unit in the column header.

Large totals change unit: energy is kept in kgce and shown in 吨标准煤 (``tce``, ÷1,000),
money is kept in 元 and shown in 万元 (``wan``, ÷10,000) where a page sums many agencies."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DASH = "—"


@dataclass(frozen=True)
class Quantity:
    label: str  # what it is, for the docs
    decimals: int
    unit: str  # shown after a value and in a column header ("" = none)
    divisor: int = 1  # stored value ÷ divisor = shown value

    @property
    def excel(self) -> str:
        """The Excel number format: grouped, with the same decimals as the page."""
        return "#,##0" + ("." + "0" * self.decimals if self.decimals else "")


QUANTITIES: dict[str, Quantity] = {
    "count": Quantity("件数、人数、家数", 0, ""),
    "people": Quantity("人数", 0, "人"),
    "area": Quantity("面积", 2, "m²"),
    "money": Quantity("金额（元）", 2, "元"),
    "wan": Quantity("金额（万元，存储为元）", 2, "万元", 10_000),
    "kgce": Quantity("能耗（千克标准煤）", 2, "kgce"),
    "tce": Quantity("能耗（吨标准煤，存储为 kgce）", 2, "吨标准煤", 1_000),
    "percent": Quantity("百分比", 1, "%"),
    "per_capita": Quantity("人均能耗", 2, "kgce/人"),
    "per_area": Quantity("单位面积能耗", 2, "kgce/m²"),
    "water": Quantity("用水量", 2, "m³"),
    "water_per_capita": Quantity("人均用水量", 2, "m³/人"),
    "quantity": Quantity("实物量（单位随品种）", 2, ""),
    "points": Quantity("考核分数", 2, "分"),
}


def _number(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return number


def format_number(value: object, kind: str) -> str:
    """``1234.5`` as ``"1,234.50"`` for an area; ``—`` for a missing or non-numeric value.
    Raises KeyError for an unknown kind (a template typo must not pass unseen)."""
    quantity = QUANTITIES[kind]
    number = _number(value)
    if number is None:
        return DASH
    if quantity.divisor != 1:
        number = number / quantity.divisor
    places = Decimal(1).scaleb(-quantity.decimals)
    rounded = number.quantize(places, rounding=ROUND_HALF_UP)  # 四舍五入
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.00"
    return f"{rounded:,.{quantity.decimals}f}"


def format_quantity(value: object, kind: str) -> str:
    """:func:`format_number` with the unit: ``"1,234.50 m²"``, ``"12.5%"``."""
    text = format_number(value, kind)
    unit = QUANTITIES[kind].unit
    if text == DASH or not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def header(label: str, kind: str) -> str:
    """A column header with its unit: ``"建筑面积（m²）"`` (unchanged without a unit, or
    when the label already ends with a bracketed unit)."""
    unit = QUANTITIES[kind].unit
    if not unit or label.endswith(("）", ")")):
        return label
    return f"{label}（{unit}）"
