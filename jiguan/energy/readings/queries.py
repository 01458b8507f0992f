"""Reads of an institution's readings history (the month entry page's comparisons)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from statistics import median
from typing import Any

from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.access.scope import own_agency_ids
from jiguan.energy.models import AgencyYear, Reading
from jiguan.energy.readings.actions import ReadingIn
from jiguan.energy.rules import entry_confirm_factor, far_from_history, last_finished_month
from jiguan.orgs.models import Agency


def recent_medians(agency: Agency, month: dt.date, types: list[str]) -> dict[str, Decimal]:
    """The median quantity of each type over the 12 months before ``month``."""
    start = month.replace(year=month.year - 1)
    found: dict[str, list[Decimal]] = defaultdict(list)
    for code, quantity in (Reading.objects.filter(agency=agency, energy_type__in=types,
                                                  month__gte=start, month__lt=month)
                           .values_list("energy_type", "quantity")):
        found[code].append(quantity)
    return {code: Decimal(median(values)) for code, values in found.items()}


def needing_confirmation(items: list[ReadingIn], last_year: dict[str, Decimal | None]
                         ) -> dict[str, str]:
    """{type: why} for the items far from the institution's own history."""
    if not items:
        return {}
    medians = recent_medians(items[0].agency, items[0].month, [i.energy_type for i in items])
    factor = entry_confirm_factor()
    out: dict[str, str] = {}
    for item in items:
        why = far_from_history(item.energy_type, item.quantity, last_year.get(item.energy_type),
                               medians.get(item.energy_type), factor)
        if why is not None:
            out[item.energy_type] = why
    return out


def unusual_readings(items: Sequence[ReadingIn]) -> dict[int, str]:
    """{index: why} for the items far from their institution's own history, by the rule the
    month page applies (rules.far_from_history with JIGUAN_ENERGY_ENTRY_CONFIRM_FACTOR:
    last year's same month, or the median of the 12 months before), for a batch of many
    institutions and months (the API)."""
    return unusual_quantities([(i.agency.pk, i.energy_type, i.month, i.quantity)
                               for i in items])


#: Items per history query of :func:`unusual_quantities`.
HISTORY_BATCH = 2000


def unusual_quantities(items: Sequence[tuple[int, str, dt.date, Decimal]]) -> dict[int, str]:
    """{index: why} for (agency id, type code, month, canonical quantity) items far from
    their institution's own history (see :func:`unusual_readings`): one query for the
    history of each batch of HISTORY_BATCH items (the API's batch, an import's rows)."""
    factor = entry_confirm_factor()
    out: dict[int, str] = {}
    for start in range(0, len(items), HISTORY_BATCH):
        batch = items[start:start + HISTORY_BATCH]
        first = min(i[2] for i in batch)
        history: dict[tuple[int, str], dict[dt.date, Decimal]] = defaultdict(dict)
        for agency_id, code, month, quantity in (
                Reading.objects.filter(agency_id__in={i[0] for i in batch},
                                       energy_type__in={i[1] for i in batch},
                                       month__gte=first.replace(year=first.year - 1),
                                       month__lt=max(i[2] for i in batch))
                .values_list("agency_id", "energy_type", "month", "quantity")):
            history[(agency_id, code)][month] = quantity
        for offset, (agency_id, code, month, quantity) in enumerate(batch):
            past = history.get((agency_id, code), {})
            year_ago = month.replace(year=month.year - 1)
            window = [q for m, q in past.items() if year_ago <= m < month]
            why = far_from_history(code, quantity, past.get(year_ago),
                                   Decimal(median(window)) if window else None, factor)
            if why is not None:
                out[start + offset] = why
    return out


def unreported_last_month(user: Any) -> int | None:
    """How many of the reporter's own institutions have not reported the month that last
    ended (None for a bureau user: its late institutions are on 报送进度)."""
    agency_ids = own_agency_ids(user, Perm.REPORT_ENERGY)
    if not agency_ids:
        return None
    month = last_finished_month(timezone.localdate())
    bit = 1 << (month.month - 1)
    reported = {a for a, mask in AgencyYear.objects.filter(
        year=month.year, agency_id__in=agency_ids, readings__gt=0)
        .values_list("agency_id", "months_mask") if mask & bit}
    return len(set(agency_ids) - reported)
