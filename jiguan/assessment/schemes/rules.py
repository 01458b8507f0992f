"""Scoring rules as data: an indicator's rule turns a value into a share of its points.
Pure functions (no database), so the same inputs always give the same score.

- 区间线性 (linear): nothing at the floor or worse, everything at the target or better,
  in proportion between. For a measure where less is better (an over-standard area) the
  target lies below the floor.
- 分档 (threshold): "95:100, 80:60" gives all points from 95, 60 % from 80, else nothing
  (for less-is-better measures: at or below each bound).
- 组内排名 (rank): the best of the bureaus assessed gets all points, the last gets the
  indicator's ``last_share`` %, the others in proportion to their place; equal values share
  a place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class RuleError(ValueError):
    """A rule's parameters that cannot score (the Chinese message names the field)."""


@dataclass(frozen=True)
class Outcome:
    score: Decimal
    formula: str


def points(weight: Decimal, share: Decimal) -> Decimal:
    return (weight * share).quantize(CENT, ROUND_HALF_UP)


def parse_steps(text: str) -> list[tuple[Decimal, Decimal]]:
    """"95:100, 80:60" -> [(95, 100), (80, 60)] (bound, % of the points)."""
    steps = []
    for part in text.replace("，", ",").replace("：", ":").split(","):
        part = part.strip()
        if not part:
            continue
        bound, _, pct = part.partition(":")
        try:
            b, p = Decimal(bound.strip()), Decimal(pct.strip())
        except ArithmeticError as exc:
            raise RuleError(f"分档“{part}”应写作“界值:得分比例”，如 95:100") from exc
        if not pct.strip() or not (ZERO <= p <= HUNDRED):
            raise RuleError(f"分档“{part}”的得分比例应在 0 至 100 之间")
        steps.append((b, p))
    if not steps:
        raise RuleError("分档规则至少需要一档，如 95:100, 80:60")
    return steps


def check(rule: str, *, higher_is_better: bool, floor: Decimal | None,
          target: Decimal | None, steps: str, last_share: Decimal | None) -> dict[str, str]:
    """The problems of a rule's parameters, by field (empty: it can score)."""
    errors: dict[str, str] = {}
    if rule == "linear":
        if floor is None:
            errors["floor"] = "区间线性规则须填起评值"
        if target is None:
            errors["target"] = "区间线性规则须填目标值"
        if floor is not None and target is not None:
            if higher_is_better and target <= floor:
                errors["target"] = f"该指标越大越好，目标值须高于起评值（{floor}）"
            elif not higher_is_better and target >= floor:
                errors["target"] = f"该指标越小越好，目标值须低于起评值（{floor}）"
    elif rule == "threshold":
        try:
            parse_steps(steps)
        except RuleError as exc:
            errors["steps"] = str(exc)
    elif rule == "rank":
        if last_share is None or not (ZERO <= last_share <= HUNDRED):
            errors["last_share"] = "组内排名规则须填末位得分比例（0 至 100）"
    else:
        errors["rule"] = "数据计算指标须选择计分规则"
    return errors


def linear(value: Decimal, weight: Decimal, floor: Decimal, target: Decimal) -> Outcome:
    share = (value - floor) / (target - floor)  # sign handles less-is-better (target < floor)
    share = min(max(share, ZERO), ONE)
    score = points(weight, share)
    return Outcome(score, f"{weight} × 限定于[0,1]（({value} − {floor}) ÷ ({target} − {floor})）"
                          f" = {score}")


def threshold(value: Decimal, weight: Decimal, steps: Sequence[tuple[Decimal, Decimal]],
              higher_is_better: bool) -> Outcome:
    ordered = sorted(steps, key=lambda s: s[0], reverse=higher_is_better)
    for bound, pct in ordered:
        if (value >= bound) if higher_is_better else (value <= bound):
            score = points(weight, pct / HUNDRED)
            sign = "≥" if higher_is_better else "≤"
            return Outcome(score, f"{value} {sign} {bound}，得 {weight} × {pct}% = {score}")
    return Outcome(ZERO, f"{value} 未达最低一档，得 0")


def rank_places(values: Sequence[Decimal | None], higher_is_better: bool) -> list[int | None]:
    """Competition places (1, 1, 3 ...) of ``values``; None has no place."""
    places: list[int | None] = []
    for v in values:
        if v is None:
            places.append(None)
            continue
        better = sum(1 for w in values if w is not None
                     and ((w > v) if higher_is_better else (w < v)))
        places.append(better + 1)
    return places


def rank(place: int, count: int, weight: Decimal, last_share: Decimal) -> Outcome:
    if count <= 1:
        share = ONE
    else:
        share = ONE - (Decimal(place - 1) / Decimal(count - 1)) * (ONE - last_share / HUNDRED)
    score = points(weight, share)
    pct = (share * HUNDRED).quantize(CENT)
    return Outcome(score, f"第 {place} 名／{count}，得 {weight} × {pct}% = {score}")


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """1, 2, 2, 4 ... for totals in any order (higher is better)."""
    return [1 + sum(1 for t in totals if t > v) for v in totals]
