"""Scope in one place: the QuerySet every scoped model's manager is built from.

A scoped model says once, on its QuerySet, where its region path and its agency are and
which permission reads it; every view, API, export and service then asks
`Model.objects.visible_to(user)` (or `visible_or_404`) and never reads `user.scope`.
core imports no other app: `user.scope` is used by duck type (access.scope.Scope).

    class TripQuerySet(ScopedQuerySet["Trip"]):
        scope_perm = Perm.VIEW_TRAVEL
        region_path_field = "agency__region__path"
        agency_field = "agency_id"

    class Trip(ScopedModel):
        scope_region_path_attr = "agency.region.path"
        scope_agency_id_attr = "agency_id"
        objects = TripQuerySet.as_manager()
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.db import models
from django.http import Http404

from jiguan.core.models import BaseModel

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M], Generic[M]):
    """Rows a user may see: region grants by path prefix, agency grants by agency id."""

    #: the permission that reads these rows (a `Perm` value)
    scope_perm: ClassVar[str] = "view_orgs"
    #: the lookup of the row's region path (None: rows are seen by agency only)
    region_path_field: ClassVar[str | None] = "region__path"
    #: the lookup of the row's agency id (None: rows are seen by region only)
    agency_field: ClassVar[str | None] = None

    def visible_to(self, user: Any, perm: str | None = None) -> ScopedQuerySet[M]:
        scope = user.scope
        perm = perm or self.scope_perm
        q = models.Q(pk__in=[])
        if self.region_path_field:
            for path in scope.region_paths(perm):
                q |= models.Q(**{f"{self.region_path_field}__startswith": path})
        if self.agency_field:
            agency_ids = scope.agency_ids(perm)
            if agency_ids:
                q |= models.Q(**{f"{self.agency_field}__in": agency_ids})
        return self.filter(q)


def visible_or_404(queryset: Any, user: Any, perm: str | None = None, **lookup: Any) -> Any:
    """The object `lookup` names among those `user` may see, or 404 (outside the scope
    answers exactly as missing)."""
    try:
        return queryset.visible_to(user, perm).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def _walk(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


class ScopedModel(BaseModel):
    """A model whose single objects answer `scope_region_path` and `scope_agency_id` (what
    `access.scope.require(user, perm, obj)` asks) from two dotted attribute paths."""

    scope_region_path_attr: ClassVar[str | None] = "region.path"
    scope_agency_id_attr: ClassVar[str | None] = None

    class Meta:
        abstract = True

    @property
    def scope_region_path(self) -> str | None:
        attr = self.scope_region_path_attr
        return _walk(self, attr) if attr else None

    @property
    def scope_agency_id(self) -> int | None:
        attr = self.scope_agency_id_attr
        return _walk(self, attr) if attr else None
