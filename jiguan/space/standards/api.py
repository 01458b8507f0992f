"""/api/v1/space/standards/: the office-area standard per person, as the checks apply it."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.types import AuthedRequest
from jiguan.space.standards import rules

router = Router(tags=["办公用房"])


class StandardRowOut(Schema):
    organ_level: str
    organ_level_label: str
    rank: str
    rank_label: str
    area: str
    standard: str
    document: str
    rule: str


@router.get("/standards/", response=list[StandardRowOut])
def standards(request: AuthedRequest, on: dt.date | None = None,
              sub_provincial: bool = False) -> Any:
    """The office-area limits per person (m² of usable area) in force on a date: the same
    numbers the compliance checks use, for other systems to ask."""
    require(request.user, Perm.VIEW_SPACE)
    try:
        return rules.standards_table(on=on, sub_provincial=sub_provincial,
                                     township_limits=rules.configured_township_limits())
    except ValueError as exc:
        raise ValidationError({"on": str(exc)}) from exc
