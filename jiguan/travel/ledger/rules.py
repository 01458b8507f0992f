"""The rules of one ledger, as pure functions: the charge of a trip by the rates, and the
reconciliation. Source: 机关事务管理条例 第二十六条（单车核算）; the rates are each
bureau's own [R]."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

CENT = Decimal("0.01")


class RateLike(Protocol):
    per_km: Decimal
    per_hour: Decimal
    per_trip: Decimal
    effective_from: dt.date


def rate_in_force(rates: Iterable[RateLike], on: dt.date) -> RateLike | None:
    best = None
    for r in rates:
        if r.effective_from <= on and (best is None or r.effective_from > best.effective_from):
            best = r
    return best


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    return (Decimal((end - start).total_seconds()) / 3600).quantize(CENT, ROUND_HALF_UP)


def service_charge(rate: RateLike | None, *, km: int, hours: Decimal) -> Decimal:
    if rate is None:
        return Decimal("0.00")
    amount = rate.per_km * km + rate.per_hour * hours + rate.per_trip
    return amount.quantize(CENT, ROUND_HALF_UP)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
