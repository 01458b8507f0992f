"""Shared pieces of the yearly inventory (see jiguan.space.inventory): constants, the area
tolerance, the register as rows, the participants and their to-dos."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.orgs.models import Agency
from jiguan.space.inventory_models import (
    CampaignAgency,
)
from jiguan.space.models import Occupancy, Occupant, Room, UseClass
from jiguan.todo.actions import task_create

TASK_KIND = "space.inventory"
DEFAULT_TOLERANCE = "0.5"
MAX_DECLARATION_ROWS = 5000
CENT = Decimal("0.01")


_USE_CLASS_BY_TEXT: dict[str, str] = {
    **{label: code for code, label in UseClass.choices},
    **{str(code): str(code) for code, _ in UseClass.choices},
}
_NAME_SPLIT = re.compile(r"[、,，;；/\s]+")


# ---------------------------------------------------------------- tolerance

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


# ---------------------------------------------------------------- the register as rows

def _names(occupants: Iterable[Occupant]) -> list[str]:
    return sorted({o.person.name for o in occupants})


def _current_occupants() -> Prefetch[Any]:
    return Prefetch("occupants", to_attr="current_occupants",
                    queryset=Occupant.objects.filter(end_date__isnull=True)
                    .select_related("person", "person__agency", "concurrent_post"))


def register_rows(agency: Agency) -> list[dict[str, Any]]:
    """The agency's sub-ledger (分台账): the rooms allocated to it now, as declaration rows."""
    rooms = (Room.objects.filter(occupancies__agency=agency, occupancies__end_date__isnull=True)
             .select_related("building", "floor").prefetch_related(_current_occupants())
             .order_by("building__code", "floor__number", "number"))
    return [{
        "room_id": r.pk,
        "building_code": r.building.code,
        "building_name": r.building.name,
        "floor": r.floor.number,
        "room_number": r.number,
        "use_class": r.use_class,
        "use_class_label": r.get_use_class_display(),
        "usable_area": r.usable_area,
        "occupants": _names(r.current_occupants),  # type: ignore[attr-defined]
    } for r in rooms]


def workbook_title(ca: CampaignAgency) -> str:
    return (f"{ca.campaign.year}年度办公用房清查填报表　{ca.agency.name}"
            f"（{ca.agency.credit_code}）　截止日期：{ca.campaign.deadline:%Y-%m-%d}")



def participants(region: Region) -> QuerySet[Agency]:
    """ACTIVE agencies of the region's subtree that currently use at least one room."""
    # A subquery, not `occupancies__end_date__isnull=True`: that becomes a LEFT JOIN and
    # would also match agencies with no occupancy at all.
    using = Occupancy.objects.filter(end_date__isnull=True).values("agency_id")
    return (Agency.objects.active().filter(region__path__startswith=region.path, pk__in=using)
            .select_related("region").order_by("region__code", "name"))


def agency_url(ca: CampaignAgency) -> str:
    return reverse("space_inventory:agency_detail", args=[ca.pk])


def _agency_task(ca: CampaignAgency, *, title: str, detail: str, actor: Any) -> None:
    task_create(kind=TASK_KIND, title=title, detail=detail,
                assignee_role=Role.AGENCY_REPORTER, region=ca.agency.region, agency=ca.agency,
                subject=ca, subject_url=agency_url(ca), due_date=ca.campaign.deadline,
                actor=actor)
