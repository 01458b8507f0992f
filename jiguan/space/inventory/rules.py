"""Rules of the yearly inventory (the flow: jiguan/space/inventory/actions.py): its
constants, the area tolerance and the title of an agency's workbook. No query here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from jiguan.space.inventory.models import CampaignAgency
from jiguan.space.register.models import UseClass

TASK_KIND = "space.inventory"


DEFAULT_TOLERANCE = "0.5"


MAX_DECLARATION_ROWS = 5000


CENT = Decimal("0.01")


USE_CLASS_BY_TEXT: dict[str, str] = {
    **{label: code for code, label in UseClass.choices},
    **{str(code): str(code) for code, _ in UseClass.choices},
}


NAME_SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class Tolerance:
    """An absolute tolerance in m², or (``percent`` set) a share of the registered area."""

    value: Decimal
    percent: bool = False

    def limit(self, registered: Decimal) -> Decimal:
        return abs(registered) * self.value / 100 if self.percent else self.value

    def exceeded(self, registered: Decimal, other: Decimal) -> bool:
        return abs(other - registered) > self.limit(registered)

    def __str__(self) -> str:
        return f"{self.value.normalize():f}%" if self.percent else f"{self.value.normalize():f} m²"


def area_tolerance() -> Tolerance:
    raw = str(getattr(settings, "JIGUAN_INVENTORY_AREA_TOLERANCE", DEFAULT_TOLERANCE)).strip()
    percent = raw.endswith("%")
    try:
        value = Decimal(raw.removesuffix("%").strip())
    except ArithmeticError:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise ImproperlyConfigured(
            "JIGUAN_INVENTORY_AREA_TOLERANCE must be a non-negative number of m² (\"0.5\") "
            "or a percentage (\"2%\")")
    return Tolerance(value, percent)


def workbook_title(ca: CampaignAgency) -> str:
    return (f"{ca.campaign.year}年度办公用房清查填报表　{ca.agency.name}"
            f"（{ca.agency.credit_code}）　截止日期：{ca.campaign.deadline:%Y-%m-%d}")
