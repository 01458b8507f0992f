"""The transfer's rules as pure functions: each route's ordered steps, the planned dates of
the steps within a batch, the order check and what each step must record.

Source: the seed (../shared/seed/README.md: 62 training centres, guesthouses, hotels and
other operating entities decoupled from the agencies, transferred or closed and taken over
by 浙勤集团) and the national practice of 党政机关和事业单位经营性国有资产集中统一监管 (the
route names 划转、撤销、合并、移交). The step lists per route and the even spread of the
planned dates are this platform's design, not a published rule [R]: they are data here,
changed in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from jiguan.assets.entities.models import EntityStatus, Route, StepKind

# The steps of each route, in order. A dissolved entity signs no agreement (nothing is
# handed over as a going concern); every route ends with 关闭 (the case is closed).
ROUTE_STEPS: dict[str, tuple[str, ...]] = {
    Route.TRANSFER: (StepKind.AUDIT, StepKind.APPRAISAL, StepKind.PLACEMENT,
                     StepKind.AGREEMENT, StepKind.REGISTRATION, StepKind.BUILDINGS,
                     StepKind.CLOSED),
    Route.DISSOLVE: (StepKind.AUDIT, StepKind.APPRAISAL, StepKind.PLACEMENT,
                     StepKind.REGISTRATION, StepKind.BUILDINGS, StepKind.CLOSED),
    Route.MERGE: (StepKind.AUDIT, StepKind.APPRAISAL, StepKind.PLACEMENT, StepKind.AGREEMENT,
                  StepKind.REGISTRATION, StepKind.BUILDINGS, StepKind.CLOSED),
    Route.HANDOVER: (StepKind.AUDIT, StepKind.APPRAISAL, StepKind.PLACEMENT,
                     StepKind.AGREEMENT, StepKind.REGISTRATION, StepKind.BUILDINGS,
                     StepKind.CLOSED),
}

# The status an entity has once its route is closed.
FINAL_STATUS: dict[str, str] = {
    Route.TRANSFER: EntityStatus.HOLDING,
    Route.DISSOLVE: EntityStatus.DISSOLVED,
    Route.MERGE: EntityStatus.MERGED,
    Route.HANDOVER: EntityStatus.HANDED_OVER,
}

# Routes whose entity needs a named receiver (the holder that takes it over).
NEEDS_RECEIVER = (Route.MERGE, Route.HANDOVER)


def steps_of(route: str) -> tuple[str, ...]:
    return ROUTE_STEPS[route]


def planned_dates(start: dt.date, deadline: dt.date, count: int) -> list[dt.date]:
    """The planned dates of `count` steps spread evenly over the batch, the last on the
    deadline."""
    if count <= 0:
        return []
    span = (deadline - start).days
    return [start + dt.timedelta(days=round(span * (i + 1) / count)) for i in range(count)]


def first_open(done: Sequence[bool]) -> int | None:
    """The index of the first step not done (None when all are)."""
    for i, d in enumerate(done):
        if not d:
            return i
    return None


def order_error(kinds: Sequence[str], done: Sequence[bool], index: int) -> str | None:
    """Why step `index` cannot be done now: a step before it is open, or it is done."""
    if done[index]:
        return f"“{StepKind(kinds[index]).label}”已完成"
    first = first_open(done)
    if first is not None and first < index:
        return f"请先完成“{StepKind(kinds[first]).label}”环节，环节须按顺序办理"
    return None


def appraisal_error(value: Decimal | None) -> str | None:
    if value is None:
        return "资产评估须填写评估价值"
    if value < 0:
        return "评估价值不能小于零"
    return None


def placement_error(placed: int | None, retired: int | None, other: int | None,
                    staff: int) -> str | None:
    """The placed, retired and otherwise settled staff must add up to the staff count."""
    if placed is None or retired is None or other is None:
        return "人员安置须填写安置、退休和其他方式人数"
    if min(placed, retired, other) < 0:
        return "人数不能小于零"
    total = placed + retired + other
    if total != staff:
        return f"安置、退休和其他方式人数合计 {total} 人，与职工人数 {staff} 人不符"
    return None
