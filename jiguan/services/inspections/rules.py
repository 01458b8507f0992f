"""The pure rules of inspections, surveys and evaluations: an item's score, the
satisfaction figure, the weighted total, the grade and the payment it sets. Numbers come in
as arguments (the settings are read by the actions)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
PERIOD_RULE = "考核期格式应为“年-月”，如 2026-11"
GRADE_ORDER = ("excellent", "good", "pass", "fail")
GRADE_LABELS = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}
ONE = Decimal("0.1")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ScoreEntry:
    """One item's score as the inspector enters it: the defects found and, optionally, the
    score (left empty: the weight less the deduction per defect)."""

    item_id: int
    defects: int = 0
    score: Decimal | None = None
    note: str = ""


def period_problem(period: str) -> str | None:
    return None if PERIOD_RE.match(period or "") else PERIOD_RULE


def item_score(*, weight: Decimal, deduction: Decimal, defects: int,
               score: Decimal | None) -> Decimal:
    """The score given, or the weight less the deduction per defect (never below 0)."""
    if score is not None:
        return score
    return max(Decimal(0), weight - deduction * defects)


def score_problem(*, no: int, aspect: str, weight: Decimal, score: Decimal) -> str | None:
    if score > weight:
        return f"第 {no} 项“{aspect}”得分 {score} 超过该项分值 {weight}"
    if score < 0:
        return f"第 {no} 项“{aspect}”得分不能为负数"
    return None


def satisfaction_percent(mean: Decimal | float | None) -> Decimal | None:
    """A mean answer on the 1–5 scale as a 100-point score (5 = 100, 1 = 20)."""
    if mean is None:
        return None
    return (Decimal(str(mean)) * 20).quantize(ONE, ROUND_HALF_UP)


def weights_problem(weights: Mapping[str, int]) -> str | None:
    if set(weights) != {"inspection", "satisfaction"} or any(
            int(v) < 0 for v in weights.values()):
        return "评价权重应为 inspection、satisfaction 两项非负整数"
    if sum(int(v) for v in weights.values()) != 100:
        return "检查与满意度的权重之和应为 100"
    return None


def combine(inspection: Decimal | None, satisfaction: Decimal | None,
            weights: Mapping[str, int]) -> Decimal | None:
    """The weighted total; a missing part leaves the other alone at full weight (a period
    without a survey is graded on its inspections). None when neither exists."""
    if inspection is None and satisfaction is None:
        return None
    if satisfaction is None:
        return Decimal(inspection).quantize(ONE, ROUND_HALF_UP)  # type: ignore[arg-type]
    if inspection is None:
        return Decimal(satisfaction).quantize(ONE, ROUND_HALF_UP)
    total = (inspection * weights["inspection"] + satisfaction * weights["satisfaction"]) / 100
    return total.quantize(ONE, ROUND_HALF_UP)


def grade(total: Decimal, thresholds: Mapping[str, int | float | Decimal]) -> str:
    """优秀 at or above thresholds["excellent"], 良好 above "good", 合格 above "pass"."""
    for g in ("excellent", "good", "pass"):
        if total >= Decimal(str(thresholds[g])):
            return g
    return "fail"


def thresholds_problem(thresholds: Mapping[str, int | float | Decimal]) -> str | None:
    try:
        e, g, p = (Decimal(str(thresholds[k])) for k in ("excellent", "good", "pass"))
    except (KeyError, ArithmeticError, ValueError):
        return "等次分数线应为 excellent、good、pass 三项数字"
    if not 100 >= e > g > p >= 0:
        return "等次分数线应满足 100 ≥ 优秀 > 良好 > 合格 ≥ 0"
    return None


def payment(amount: Decimal, grade_: str, percents: Mapping[str, int | float | Decimal]
            ) -> tuple[Decimal, Decimal]:
    """The percentage paid for a grade and the amount: full, reduced, or withheld (0)."""
    percent = Decimal(str(percents[grade_])).quantize(ONE, ROUND_HALF_UP)
    return percent, (amount * percent / 100).quantize(CENT, ROUND_HALF_UP)


def describe_rule(percents: Mapping[str, int | float | Decimal]) -> str:
    parts = []
    for g in GRADE_ORDER:
        p = Decimal(str(percents[g]))
        text = f"{p:f}".rstrip("0").rstrip(".") if "." in f"{p:f}" else f"{p:f}"
        word = "全额支付" if p == 100 else ("暂停支付" if p == 0 else f"按 {text}% 支付")
        parts.append(f"{GRADE_LABELS[g]}{word}")
    return "；".join(parts)


SETTLEMENT_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a "YYYY-MM" period."""
    y, m = (int(x) for x in period.split("-"))
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def term_months(start: dt.date, end: dt.date) -> int:
    """Whole months of a contract's term, at least 1 (2026-03-01..2027-02-28 is 12)."""
    return max(1, round(((end - start).days + 1) / 30.4375))


def period_amount(price: Decimal, start: dt.date, end: dt.date, settlement: str) -> Decimal:
    """The contract's amount of one settlement period: the price spread evenly over the
    term's months, times the months of one settlement (never more than the price)."""
    share = price * SETTLEMENT_MONTHS.get(settlement, 1) / term_months(start, end)
    return min(price, share).quantize(CENT, ROUND_HALF_UP)


def contract_period_problem(period: str, start: dt.date, end: dt.date) -> str | None:
    first, last = period_bounds(period)
    if last < start or first > end:
        return f"考核期 {period} 不在合同服务期（{start} 至 {end}）内"
    return None
