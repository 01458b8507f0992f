"""What a user may see and do: read once from their grants, asked by every queryset.

Scope lives once per model on its QuerySet (`Model.objects.visible_to(user)`), built from
the same two facts: the region paths a user holds a permission in, and the agencies they
hold it at. An object outside the scope answers 404, exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from jiguan.access.roles import ROLE_PERMS, Perm, Role

# The grant's region and its ancestors' names, nearest first: the tree is province, city,
# county, township (Region.full_name reads the same names by query).
_REGION_NAMES = ("region__name", "region__parent__name", "region__parent__parent__name",
                 "region__parent__parent__parent__name")


def _role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


@dataclass(frozen=True)
class ScopeGrant:
    role: str
    region_id: int | None
    region_path: str | None
    agency_id: int | None
    agency_region_id: int | None
    agency_region_path: str | None
    label: str


@dataclass
class Scope:
    grants: list[ScopeGrant] = field(default_factory=list)
    active: bool = True

    @classmethod
    def for_user(cls, user: Any) -> Scope:
        """The user's active grants, read in one query on every request: their values only
        (no model instances, no ordering by the models' Meta), the region's name path up to
        the province joined in for the header's label. The model form of this query (three
        joined models, then a second query for the region's ancestors) took 2.4-2.7 ms of
        every page; this one ~0.6 (bench/README.md, session 10)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return cls(active=False)
        from jiguan.access.models import Grant

        rows = (Grant.objects.active().filter(user=user).order_by("pk")
                .values_list("role", "region_id", "region__path", "agency_id",
                             "agency__name", "agency__region_id", "agency__region__path",
                             *_REGION_NAMES))
        grants = []
        for role, region_id, path, agency_id, agency_name, agency_region_id, \
                agency_path, *names in rows:
            where = agency_name if agency_id else "".join(n for n in reversed(names) if n)
            grants.append(ScopeGrant(
                role=role, region_id=region_id, region_path=path, agency_id=agency_id,
                agency_region_id=agency_region_id, agency_region_path=agency_path,
                label=f"{_role_label(role)}：{where}"))
        return cls(grants=grants)

    def _with(self, perm: str) -> Iterable[ScopeGrant]:
        if not self.active:
            return []
        return [g for g in self.grants if perm in ROLE_PERMS.get(g.role, frozenset())]

    def roles(self) -> set[str]:
        return {g.role for g in self.grants} if self.active else set()

    def has(self, perm: str) -> bool:
        return any(True for _ in self._with(perm))

    def region_paths(self, perm: str) -> list[str]:
        return [g.region_path for g in self._with(perm) if g.region_path]

    def widest_region_id(self, perm: str) -> int | None:
        """The region of the widest region grant holding `perm` (shortest path), if any."""
        grants = [g for g in self._with(perm) if g.region_path]
        return min(grants, key=lambda g: len(g.region_path or "")).region_id if grants else None

    def agency_ids(self, perm: str) -> list[int]:
        return [g.agency_id for g in self._with(perm) if g.agency_id]

    def agency_region_ids(self, perm: str) -> list[int]:
        return [g.agency_region_id for g in self._with(perm) if g.agency_region_id]

    def covers(self, perm: str, *, region_path: str | None, agency_id: int | None) -> bool:
        """Does a grant with `perm` cover an object in this region / of this agency?"""
        for g in self._with(perm):
            if g.region_path and region_path and region_path.startswith(g.region_path):
                return True
            if g.agency_id and agency_id and g.agency_id == agency_id:
                return True
        return False

    def q(self, perm: str, *, region_path_field: str, agency_field: str | None) -> Q:
        """The filter for objects with a region path at `region_path_field` and (optionally)
        an agency id at `agency_field`. Empty scope -> matches nothing."""
        q = Q(pk__in=[])
        for path in self.region_paths(perm):
            q |= Q(**{f"{region_path_field}__startswith": path})
        agency_ids = self.agency_ids(perm)
        if agency_field and agency_ids:
            q |= Q(**{f"{agency_field}__in": agency_ids})
        return q

    @property
    def labels(self) -> list[str]:
        return [g.label for g in self.grants] if self.active else []

    @property
    def is_triad_admin(self) -> bool:
        return bool(self.roles() & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


def require(user: Any, perm: Perm | str, obj: Any = None) -> None:
    """403 unless the user holds `perm`, and (given an object) holds it where the object is.

    Objects expose `scope_region_path` and `scope_agency_id` (see ScopedModel)."""
    scope: Scope = user.scope
    if obj is None:
        ok = scope.has(perm)
    else:
        ok = scope.covers(perm, region_path=obj.scope_region_path,
                          agency_id=obj.scope_agency_id)
    if not ok:
        raise PermissionDenied(f"没有权限：{perm}")


def can(user: Any, perm: Perm | str, obj: Any = None) -> bool:
    try:
        require(user, perm, obj)
    except PermissionDenied:
        return False
    return True


# Scope facts for the few places that need one outside a QuerySet, each named once here (the
# QuerySets build on jiguan.core.scoping; `can`/`require` above answer for one object).


def holds(user: Any, perm: Perm | str) -> bool:
    """Does the user hold `perm` anywhere (a button, a tab, a menu item)?"""
    return can(user, perm)


def holds_role(user: Any, *roles: str) -> bool:
    """Does the user hold one of `roles` through an active grant?"""
    return bool(user.scope.roles() & set(roles))


def sees_regions(user: Any, perm: Perm | str) -> bool:
    """Does the user hold `perm` through a region grant (a bureau's view of its subtree), as
    opposed to only at their own agencies (a reporter's view)?"""
    return bool(user.scope.region_paths(perm))


def own_agency_ids(user: Any, perm: Perm | str = Perm.VIEW_ENERGY) -> list[int] | None:
    """The agencies a user without a region grant sees (an agency reporter's own); None for
    a user who sees regions."""
    if sees_regions(user, perm):
        return None
    return list(user.scope.agency_ids(perm))


def scope_root(user: Any, perm: Perm | str) -> Any:
    """The top of what the user sees with `perm`: the region of their widest region grant,
    else the region of their agency; 404 when they see none."""
    from django.http import Http404

    from jiguan.access.models import Region

    paths = sorted(user.scope.region_paths(perm), key=len)
    if paths:
        return Region.objects.get(path=paths[0])
    region = (Region.objects.filter(pk__in=user.scope.agency_region_ids(perm))
              .order_by("path").first())
    if region is None:
        raise Http404("没有可查看的区划")
    return region


def sees_whole_region(user: Any, perm: Perm | str, region: Any) -> bool:
    """Does a region grant with `perm` cover all of `region` (not only some agencies in it)?"""
    return user.scope.covers(perm, region_path=region.path, agency_id=None)



def can_at(user: Any, perm: Perm | str, *, region_path: str | None,
           agency_id: int | None) -> bool:
    """`can` for a place rather than an object: does a grant with `perm` cover this region
    path or this agency (an import row, an object not saved yet)?"""
    return bool(user.scope.covers(perm, region_path=region_path, agency_id=agency_id))
