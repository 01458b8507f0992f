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

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, Self, TypeVar

from django.db import models
from django.http import Http404

from jiguan.core.models import BaseModel

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M], Generic[M]):
    """Rows a user may see: region grants by path prefix, agency grants by agency id.

    A genuine special case (a building seen by an agency through its occupancies) overrides
    `scope_q` and adds to `super().scope_q(...)`, asking the scope through the functions
    below, never through `user.scope`."""

    #: the permission that reads these rows (a `Perm` value)
    scope_perm: ClassVar[str] = "view_orgs"
    #: the lookup(s) of the row's region path (None: rows are seen by agency only); a row
    #: matching any of them is seen
    region_path_field: ClassVar[str | tuple[str, ...] | None] = "region__path"
    #: the lookup of the row's agency id (None: rows are seen by region only)
    agency_field: ClassVar[str | None] = None
    #: the lookup of the row's region id that an agency grant sees (the agency's own
    #: region), for region-like rows
    agency_region_field: ClassVar[str | None] = None
    #: the filter joins a to-many relation: rows are made distinct
    scope_distinct: ClassVar[bool] = False

    def scope_q(self, user: Any, perm: str) -> models.Q:
        """The filter of the rows `user` sees with `perm` (matches nothing for no grant)."""
        q = models.Q(pk__in=[])
        fields = self.region_path_field
        for field in (fields,) if isinstance(fields, str) else (fields or ()):
            for path in region_paths(user, perm):
                q |= models.Q(**{f"{field}__startswith": path})
        if self.agency_field:
            ids = agency_ids(user, perm)
            if ids:
                q |= models.Q(**{f"{self.agency_field}__in": ids})
        if self.agency_region_field:
            ids = agency_region_ids(user, perm)
            if ids:
                q |= models.Q(**{f"{self.agency_region_field}__in": ids})
        return q

    def visible_to(self, user: Any, perm: str | None = None) -> Self:
        rows = self.filter(self.scope_q(user, perm or self.scope_perm))
        return rows.distinct() if self.scope_distinct else rows


def visible_or_404(queryset: Any, user: Any, perm: str | None = None, **lookup: Any) -> Any:
    """The object `lookup` names among those `user` may see, or 404 (outside the scope
    answers exactly as missing)."""
    try:
        return queryset.visible_to(user, perm).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# The facts of a user's scope, for the QuerySets above and for the few places outside a
# QuerySet that need one (the navigation, the landing figures, the export permission).
# core imports no app: `user.scope` is an `access.scope.Scope` by duck type. Domain apps ask
# `jiguan.access.scope` (require, can, scope_root, own_agency_ids ...), never `user.scope`.


def _scope(user: Any) -> Any:
    return user.scope


def holds(user: Any, perm: str) -> bool:
    """Does the user hold `perm` anywhere (a menu item, a figure, a panel, an export)?"""
    return bool(_scope(user).has(perm))


def holds_role(user: Any, roles: Iterable[str]) -> bool:
    """Does the user hold one of `roles` (an active grant of that role)?"""
    return bool(_scope(user).roles() & set(roles))


def region_paths(user: Any, perm: str) -> list[str]:
    """The region paths the user's region grants with `perm` cover (each a subtree)."""
    return list(_scope(user).region_paths(perm))


def agency_ids(user: Any, perm: str) -> list[int]:
    """The agencies the user's agency grants with `perm` are at."""
    return list(_scope(user).agency_ids(perm))


def agency_region_ids(user: Any, perm: str) -> list[int]:
    """The regions of the agencies the user's agency grants with `perm` are at."""
    return list(_scope(user).agency_region_ids(perm))


def widest_region_id(user: Any, perm: str) -> int | None:
    """The region of the user's widest region grant holding `perm` (None without one)."""
    return _scope(user).widest_region_id(perm)


def covers(user: Any, perm: str, *, region_path: str | None, agency_id: int | None) -> bool:
    """Does a grant with `perm` cover this region path or this agency (an import row)?"""
    return bool(_scope(user).covers(perm, region_path=region_path, agency_id=agency_id))


def role_grants(user: Any) -> list[Any]:
    """The user's active grants (role, region_path, agency_id ...), for a filter by role."""
    scope = _scope(user)
    return list(scope.grants) if scope.active else []


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
