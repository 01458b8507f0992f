"""Reads of the standards shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from jiguan.access.roles import Perm
from jiguan.services.standards.models import PilotUnit, ServiceStandard


def standards() -> Any:
    return ServiceStandard.objects.select_related("category").prefetch_related("items")


def versions(standard: ServiceStandard) -> Any:
    return ServiceStandard.objects.filter(code=standard.code).order_by("-effective_from")


def pilots(user: Any, standard: ServiceStandard) -> Any:
    return (PilotUnit.objects.visible_to(user, Perm.VIEW_SERVICES)
            .filter(standard_code=standard.code).select_related("agency", "agency__region"))
