"""Shared parts of the energy models: rows of one institution, scoped by its region."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet

NON_NEGATIVE = [MinValueValidator(Decimal("0"), message="不能为负数")]


class _AgencyScopedQuerySet(ScopedQuerySet[Any]):
    """Rows of one institution: a bureau sees its regions, a reporter its agency."""

    scope_perm = Perm.VIEW_ENERGY
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class _AgencyScoped(BaseModel):
    class Meta:
        abstract = True

    @property
    def scope_region_path(self) -> str:
        return self.agency.region.path  # type: ignore[attr-defined]

    @property
    def scope_agency_id(self) -> int:
        return self.agency_id  # type: ignore[attr-defined]

    @property
    def audit_region(self) -> Any:
        return self.agency.region  # type: ignore[attr-defined]
