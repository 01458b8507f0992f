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
    institutions and months (the API): one query for the history of them all."""
    if not items:
        return {}
    factor = entry_confirm_factor()
    first = min(i.month for i in items)
    history: dict[tuple[int, str], dict[dt.date, Decimal]] = defaultdict(dict)
    for agency_id, code, month, quantity in (
            Reading.objects.filter(agency_id__in={i.agency.pk for i in items},
                                   energy_type__in={i.energy_type for i in items},
                                   month__gte=first.replace(year=first.year - 1),
                                   month__lt=max(i.month for i in items))
            .values_list("agency_id", "energy_type", "month", "quantity")):
        history[(agency_id, code)][month] = quantity
    out: dict[int, str] = {}
    for index, item in enumerate(items):
        past = history.get((item.agency.pk, item.energy_type), {})
        year_ago = item.month.replace(year=item.month.year - 1)
        window = [q for m, q in past.items() if year_ago <= m < item.month]
        why = far_from_history(item.energy_type, item.quantity, past.get(year_ago),
                               Decimal(median(window)) if window else None, factor)
        if why is not None:
            out[index] = why
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
