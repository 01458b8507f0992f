"""The progress of a plan target, as pure functions.

Progress of a year is the share of the way from the baseline value to the target value
that the year's value has covered; the expected share is the share of the plan period
elapsed since the baseline year. A target is off track (进度滞后) when its latest progress
is below the expected share by more than a margin.

[R] The margin is not given by any rule we hold: 10 percentage points by default,
``JIGUAN_GUIDANCE_OFF_TRACK_MARGIN`` in the settings (documented in docs/guidance.md)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
DEFAULT_OFF_TRACK_MARGIN = Decimal(10)
HIGHER = "higher"
LOWER = "lower"


def off_track_margin() -> Decimal:
    return Decimal(str(getattr(settings, "JIGUAN_GUIDANCE_OFF_TRACK_MARGIN",
                               DEFAULT_OFF_TRACK_MARGIN)))


def target_problem(baseline: Decimal | None, target: Decimal | None,
                   direction: str) -> str:
    """Why a target value does not fit its direction ("" when it does)."""
    if baseline is None or target is None:
        return ""
    if direction == HIGHER and target <= baseline:
        return "该指标越高越好，目标值应高于基准值"
    if direction == LOWER and target >= baseline:
        return "该指标越低越好，目标值应低于基准值"
    return ""


def share(baseline: Decimal, target: Decimal, value: Decimal | None) -> Decimal | None:
    """The share (%) of the way from ``baseline`` to ``target`` covered by ``value``: 0 at
    the baseline, 100 at the target, above 100 past it, negative when it moved away."""
    if value is None or target == baseline:
        return None
    return ((value - baseline) * HUNDRED / (target - baseline)).quantize(CENT)


def expected_share(baseline_year: int, end_year: int, year: int) -> Decimal:
    """The share (%) of the period from the baseline year to the end year elapsed by
    ``year`` (a straight line: 2023 in a 2020-based plan ending 2025 is 60 %)."""
    span = end_year - baseline_year
    if span <= 0:
        return HUNDRED
    done = min(max(year - baseline_year, 0), span)
    return (Decimal(done) * HUNDRED / span).quantize(CENT)


def is_off_track(progress: Decimal | None, expected: Decimal,
                 margin: Decimal | None = None) -> bool:
    """Progress below the expected share by more than the margin (no value: not judged)."""
    if progress is None:
        return False
    return progress < expected - (off_track_margin() if margin is None else margin)


def period_problem(start_year: int | None, end_year: int | None,
                   baseline_year: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, year in (("start_year", start_year), ("end_year", end_year),
                       ("baseline_year", baseline_year)):
        if year is not None and not (2000 <= year <= 2100):
            errors[name] = "年度应在 2000 年至 2100 年之间"
    if errors or start_year is None or end_year is None:
        return errors
    if end_year < start_year:
        errors["end_year"] = "终止年度不能早于起始年度"
    elif end_year - start_year > 9:
        errors["end_year"] = "规划期不能超过 10 年"
    if baseline_year is not None and baseline_year >= end_year:
        errors["baseline_year"] = "基准年度应早于终止年度"
    return errors
