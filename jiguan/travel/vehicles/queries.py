"""Reads of one standard shared by the pages, the API and the exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from jiguan.access.models import Region
from jiguan.travel.vehicles import rules
from jiguan.travel.vehicles.data import SERVICE_LIFE_YEARS
from jiguan.travel.vehicles.forms import VehicleFilterForm
from jiguan.travel.vehicles.models import (
    Establishment,
    Vehicle,
    VehicleStandard,
    VehicleStatus,
)


def vehicles_for(user: Any, params: Any) -> tuple[Any, VehicleFilterForm]:
    form = VehicleFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Vehicle.objects.visible_to(user).select_related("region", "platform", "agency")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(plate__icontains=d["q"]) | Q(make__icontains=d["q"]))
        for name in ("category", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("new_energy") in ("0", "1"):
            qs = qs.filter(new_energy=d["new_energy"] == "1")
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
        if d.get("due"):
            qs = qs.filter(pk__in=[v.pk for v in due_for_replacement(qs)])
    elif form.is_bound:
        qs = qs.none()
    return qs, form


def service_lives() -> list[VehicleStandard]:
    return list(VehicleStandard.objects.all())


def replacement_date(vehicle: Vehicle, standards: list[VehicleStandard]) -> dt.date:
    s = rules.standard_in_force(standards, category=vehicle.category,
                                new_energy=vehicle.new_energy, on=vehicle.purchase_date)
    life = s.service_life_years if s else SERVICE_LIFE_YEARS
    return rules.replacement_due(vehicle.purchase_date, life)


def due_for_replacement(qs: Any, on: dt.date | None = None) -> list[Vehicle]:
    on = on or dt.date.today()
    standards = service_lives()
    # A vehicle younger than the shortest service life cannot be due: only older ones are read.
    shortest = min((s.service_life_years for s in standards), default=SERVICE_LIFE_YEARS)
    oldest = rules.replacement_due(on, -shortest)
    return [v for v in qs.exclude(status=VehicleStatus.DISPOSED)
            .filter(purchase_date__lte=oldest)
            if replacement_date(v, standards) <= on]


def establishment_rows(user: Any) -> list[dict[str, Any]]:
    """Each establishment in scope with the vehicles held against it."""
    rows = []
    for est in (Establishment.objects.visible_to(user)
                .select_related("platform", "agency", "region")):
        held = Vehicle.objects.active().filter(
            category=est.category, platform=est.platform, agency=est.agency).count()
        rows.append({"est": est, "held": held, "free": est.quota - held})
    return rows
