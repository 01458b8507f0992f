"""/api/v1/energy/: the completeness board (read, chase) through the same queries and
actions as the pages. Out of scope 404, missing permission 403, refused input 422 in
Chinese."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import own_agency_ids, require, scope_root
from jiguan.core.types import AuthedRequest
from jiguan.energy import rules
from jiguan.energy.quality import actions
from jiguan.energy.quality.queries import board

router = Router(tags=["公共机构节能"])

RegionQuery = Annotated[str, Query("", max_length=12)]


class CompletenessRowOut(Schema):
    region_code: str | None
    label: str
    expected: int
    reported: int
    missing: int
    share: float | None


class LateOut(Schema):
    id: int
    name: str
    region_code: str


class CompletenessOut(Schema):
    region_code: str
    month: str
    total: CompletenessRowOut
    regions: list[CompletenessRowOut]
    late: list[LateOut]


class ChaseIn(Schema):
    region_code: str = Field(max_length=12)
    month: str = Field(max_length=10)


class ChaseOut(Schema):
    created: int
    already_open: int
    missing: int


def _month(text: str) -> dt.date:
    try:
        month = rules.parse_month(text)
        rules.check_month(month, timezone.localdate())
    except rules.RuleError as exc:
        raise ValidationError({"month": str(exc)}) from None
    return month


def _row(r: Any) -> dict[str, Any]:
    return {"region_code": r.region.code if r.region else None, "label": r.label,
            "expected": r.expected, "reported": r.reported, "missing": r.missing,
            "share": r.share}


@router.get("/completeness", response=CompletenessOut)
def completeness(request: AuthedRequest, region: RegionQuery = "",
                 month: Annotated[str, Query("", max_length=10)] = "") -> Any:
    """Expected, reported and late institutions of a region for a month (default: the
    last finished month)."""
    require(request.user, Perm.VIEW_ENERGY)
    area = (get_object_or_404(Region.objects.visible_to(request.user, Perm.VIEW_ENERGY),
                              code=region) if region
            else scope_root(request.user, Perm.VIEW_ENERGY))
    when = _month(month) if month else (timezone.localdate().replace(day=1)
                                        - dt.timedelta(days=1)).replace(day=1)
    total, lines, late = board(area, when, own_agency_ids(request.user, Perm.VIEW_ENERGY))
    return {"region_code": area.code, "month": f"{when:%Y-%m}", "total": _row(total),
            "regions": [_row(r) for r in lines],
            "late": [{"id": a.pk, "name": a.name, "region_code": a.region.code}
                     for a in late]}


@router.post("/completeness/chase", response=ChaseOut)
def chase_late(request: AuthedRequest, payload: ChaseIn) -> Any:
    """To-dos for the region's institutions that have not reported the month (never two
    open ones for the same institution and month)."""
    area: Region = get_object_or_404(Region.objects.visible_to(request.user, Perm.VIEW_ENERGY),
                                     code=payload.region_code.strip())
    require(request.user, Perm.MANAGE_ENERGY, area)
    return actions.chase_late_reporters(region=area, month=_month(payload.month),
                                      actor=request.user)
