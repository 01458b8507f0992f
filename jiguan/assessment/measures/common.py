"""What the measures share: percentages, the date a year is read up to, list addresses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """``part`` over ``whole`` in %, two decimals (``whole`` is not 0)."""
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def read_until(year: int, today: dt.date | None = None) -> dt.date:
    """The last day of ``year`` the platform can know: the year's end, or today while the
    year runs."""
    return min(year_end(year), today or timezone.localdate())


def list_url(name: str, **params: Any) -> str:
    """A module's list with its filters (empty ones left out)."""
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")
