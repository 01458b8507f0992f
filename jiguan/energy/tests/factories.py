"""Helpers for energy tests: save readings and profiles through the actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jiguan.energy.models import Source
from jiguan.energy.readings import actions
from jiguan.orgs.models import Agency


def save(agency: Agency, month: str, values: dict[str, Any], *, actor: Any = None,
         cost: Decimal | int = 0, today: dt.date | None = None,
         source: str = Source.PAGE) -> actions.SaveResult:
    """Save one month of readings {type: quantity} (canonical units) for an agency."""
    items = [actions.prepare_reading(agency=agency, month=month, energy_type=t, quantity=q,
                                     cost=cost, today=today or dt.date(2026, 11, 28))
             for t, q in values.items()]
    return actions.readings_save(items=items, actor=actor, source=source)


def profile(agency: Agency, year: int, *, headcount: int = 100, area: str = "2000",
            actor: Any = None, on_register: bool = True) -> Any:
    return actions.profile_save(agency=agency, year=year, actor=actor,
                                data={"energy_headcount": headcount,
                                      "building_area": Decimal(area),
                                      "on_register": on_register})
