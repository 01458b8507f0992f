"""Coverage of internal audit (内部审计全覆盖): pure.

Source: 《审计署关于内部审计工作的规定》（2018）第十二条 and 《关于深化国有企业和国有资本
审计监督的若干意见》: internal audit should cover public funds, state assets and resources
and leaders' economic responsibility over a cycle; the cycle's length is a local setting
(settings.INTERNAL_AUDIT_CYCLE_YEARS, default 5 [R], "五年一轮")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

DEFAULT_CYCLE_YEARS = 5  # [R]


def cycle_start(as_of: dt.date, years: int) -> dt.date:
    """The first day of the cycle of `years` ending on `as_of` (Feb 29 → Feb 28)."""
    try:
        return as_of.replace(year=as_of.year - years) + dt.timedelta(days=1)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28) + dt.timedelta(days=1)


def covered(last: dt.date | None, start: dt.date) -> bool:
    return last is not None and last >= start


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """Percent with one decimal; None when there is nothing to share."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
