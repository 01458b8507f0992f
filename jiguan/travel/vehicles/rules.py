"""The rules of one standard, as pure functions (no ORM): which standard applies, whether a
vehicle is within its caps, whether the establishment has room, when a vehicle is due for
replacement. Sources: 《党政机关公务用车管理办法》（中办发〔2017〕71号）; 《党政机关厉行节约
反对浪费条例》（2025年修订）第二十九条; 机关事务管理条例 第二十四至二十六条."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

ESTABLISHMENT_RULE = "《党政机关公务用车管理办法》第六条：公务用车实行编制管理"
REPLACEMENT_RULE = ("《党政机关厉行节约反对浪费条例》第二十九条：严格按照规定年限更新公务用车，"
                    "达到更新年限仍能继续使用的应当继续使用，不得因领导干部职务晋升、交流等原因提前更新")
DOMESTIC_RULE = "《党政机关公务用车管理办法》：公务用车应当配备使用国产汽车"


class StandardLike(Protocol):
    category: str
    new_energy: bool
    price_cap: Decimal | None
    displacement_cap: Decimal | None
    service_life_years: int
    effective_from: dt.date
    source: str


@dataclass(frozen=True)
class CapBreach:
    field: str
    message: str


def standard_in_force(standards: Iterable[StandardLike], *, category: str, new_energy: bool,
                      on: dt.date) -> StandardLike | None:
    """The standard for a vehicle of `category` bought on `on`: a row for the category
    itself before a row for every category; among those the latest in force on `on`."""
    best: StandardLike | None = None
    for s in standards:
        if s.new_energy != new_energy or s.effective_from > on:
            continue
        if s.category not in ("", category):
            continue
        if best is None:
            best = s
            continue
        if (s.category == category) != (best.category == category):
            if s.category == category:
                best = s
            continue
        if s.effective_from > best.effective_from:
            best = s
    return best


def yuan(value: Decimal) -> str:
    return f"{value:,.2f} 元"


def cap_breaches(standard: StandardLike | None, *, price: Decimal | None,
                 displacement: Decimal | None) -> list[CapBreach]:
    """What of a vehicle exceeds the standard (each with the rule it breaks)."""
    if standard is None:
        return []
    out: list[CapBreach] = []
    if standard.price_cap is not None and price is not None and price > standard.price_cap:
        out.append(CapBreach("price", f"购置价格 {yuan(price)} 超过配备标准上限 "
                                      f"{yuan(standard.price_cap)}（{standard.source}）"))
    if (standard.displacement_cap is not None and displacement is not None
            and displacement > standard.displacement_cap):
        out.append(CapBreach("displacement",
                             f"排气量 {displacement} 升超过配备标准上限 "
                             f"{standard.displacement_cap} 升（{standard.source}）"))
    return out


def establishment_refusal(*, holder: str, category_label: str, quota: int | None,
                          held: int) -> str | None:
    """Why one more vehicle does not fit the establishment (None when it fits)."""
    if quota is None:
        return f"{holder}未核定{category_label}编制，不能登记车辆（{ESTABLISHMENT_RULE}）"
    if held >= quota:
        return (f"{holder}{category_label}编制 {quota} 辆，已有 {held} 辆，超出编制不能登记"
                f"（{ESTABLISHMENT_RULE}）")
    return None


def replacement_due(purchase_date: dt.date, service_life_years: int) -> dt.date:
    """The day a vehicle reaches its service life (due for replacement from then on)."""
    year = purchase_date.year + service_life_years
    try:
        return purchase_date.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 3, 1)


def disposal_refusal(*, reason: str, purchase_date: dt.date, service_life_years: int,
                     on: dt.date) -> str | None:
    """Why a vehicle may not be disposed of (replaced) on `on`; None when it may. A wreck may
    go at any age; a change of leader never makes a vehicle due."""
    due = replacement_due(purchase_date, service_life_years)
    if reason == "leader_change":
        return f"不得因领导干部职务变动更新公务用车（{REPLACEMENT_RULE}）"
    if reason == "service_life" and on < due:
        return (f"该车 {due:%Y年%m月%d日} 才达到 {service_life_years} 年使用年限，"
                f"未到年限不得更新（{REPLACEMENT_RULE}）")
    return None
