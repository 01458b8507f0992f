"""What part of the province an energy user sees, for the pages and the API of every topic:
the regions they may pick, the top region of their view, an agency reporter's own
institutions, and a region as an object for ``scope.require``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from jiguan.access.models import Region
from jiguan.access.roles import Perm


def regions(user: Any, perm: str = Perm.VIEW_ENERGY) -> Any:
    return Region.objects.visible_to(user, perm)


def scope_root(user: Any, perm: str = Perm.VIEW_ENERGY) -> Region:
    """The top of what the user sees: the widest region grant, else the agency's region."""
    paths = sorted(user.scope.region_paths(perm), key=len)
    if paths:
        return Region.objects.get(path=paths[0])
    region_ids = user.scope.agency_region_ids(perm)
    region = Region.objects.filter(pk__in=region_ids).order_by("path").first()
    if region is None:
        raise Http404("没有可查看的区划")
    return region


def own_agencies(user: Any) -> list[int] | None:
    """Institutions a user without a region grant may see (an agency reporter's own)."""
    if user.scope.region_paths(Perm.VIEW_ENERGY):
        return None
    return list(user.scope.agency_ids(Perm.VIEW_ENERGY))


@dataclass(frozen=True)
class RegionScope:
    """A region as an object for scope.require (the bureau's own subtree)."""

    scope_region_path: str
    scope_agency_id: int | None = None
