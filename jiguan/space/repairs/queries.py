"""Reads of 维修改造: the filtered list (page, export and API), one repair or 404, the
buildings an applicant may choose, and a building's repair history (its page's panel)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building
from jiguan.space.repairs.forms import RepairFilterForm
from jiguan.space.repairs.models import Repair


def applicant_agencies(user: Any) -> Any:
    """Active agencies the user may file a repair application for."""
    return (Agency.objects.visible_to(user, Perm.APPLY_SPACE).active()
            .select_related("region").order_by("region__code", "name"))


def applicant_buildings(user: Any) -> Any:
    return Building.objects.visible_to(user).select_related("region").order_by("region__code",
                                                                                "code")


def repairs_for(user: Any, params: Any) -> tuple[Any, RepairFilterForm]:
    form = RepairFilterForm(params or None,
                            regions=Region.objects.visible_to(user, Perm.VIEW_SPACE))
    qs = Repair.objects.visible_to(user).select_related("agency", "agency__region", "building")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(title__icontains=d["q"])
        for name in ("kind", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
        if d.get("building"):
            qs = qs.filter(building_id=d["building"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-created_at", "-pk"), form


def repair_or_404(user: Any, pk: int) -> Repair:
    return visible_or_404(Repair.objects.select_related(
        "agency", "agency__region", "building", "approved_by", "accepted_by"), user, pk=pk)


def repair_url(repair: Repair) -> str:
    return reverse("space_repairs:repair_detail", args=[repair.pk])


def building_repairs(user: Any, building: Building) -> dict[str, Any] | None:
    """The building page's panel: the repairs of the building the user may see."""
    repairs = list(Repair.objects.visible_to(user).filter(building=building)
                   .select_related("agency").order_by("-created_at", "-pk")[:50])
    return {"repairs": repairs, "building": building}
