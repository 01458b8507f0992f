"""The standards' rules as pure functions (no ORM): a standard's weights add up to 100, a
deduction never exceeds its item's weight, an item's score is its weight less the
deductions (never below zero, never above the weight), and a version in force is frozen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

FULL_MARKS = Decimal(100)
FROZEN_RULE = "已实施的标准版本不能修改，请发布新版本（已按旧版本评分的检查不受影响）"


def weight_problem(weights: Iterable[Decimal]) -> str | None:
    total = sum(weights, start=Decimal(0))
    if total != FULL_MARKS:
        return f"各条款分值合计应为 100 分，当前为 {total} 分"
    return None


def deduction_problem(weight: Decimal, deduction: Decimal) -> str | None:
    if deduction > weight:
        return f"每处扣分（{deduction}）不能超过该条款分值（{weight}）"
    return None


def item_score(weight: Decimal, deduction: Decimal, defects: int) -> Decimal:
    """The item's score after `defects` defects: weight less deduction per defect, >= 0."""
    if defects < 0:
        raise ValueError("defects must not be negative")
    return max(Decimal(0), weight - deduction * defects)


def score_problem(weight: Decimal, score: Decimal) -> str | None:
    """A score given by hand must lie within 0 and the item's weight."""
    if score < 0:
        return "得分不能为负数"
    if score > weight:
        return f"得分（{score}）不能超过该条款分值（{weight}）"
    return None


def frozen(effective_from: dt.date, today: dt.date) -> bool:
    """A version is frozen from its effective date on."""
    return effective_from <= today


def version_problem(previous_effective: dt.date, new_effective: dt.date) -> str | None:
    if new_effective <= previous_effective:
        return f"新版本的实施日期应晚于上一版本（{previous_effective:%Y-%m-%d}）"
    return None
