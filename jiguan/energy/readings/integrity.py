"""Orphan checks for the readings table, whose keys are not database constraints (ADR 0006).

Each check is one anti-join; a healthy database answers zero everywhere. Run by
``manage.py energy_integrity`` (from cron, or after any manual SQL) and by the tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models

from jiguan.access.models import Region
from jiguan.energy.models import CoefficientSet, Reading
from jiguan.orgs.models import Agency

CHECKS: tuple[tuple[str, str, type[models.Model]], ...] = (
    ("agency", "单位", Agency),
    ("stat_region", "统计区划", Region),
    ("coefficient_set", "折算系数", CoefficientSet),
    ("created_by", "创建人", get_user_model()),
    ("updated_by", "最后修改人", get_user_model()),
)


def orphans() -> dict[str, int]:
    """{field: readings whose key points at no row} for every key of a reading."""
    out: dict[str, int] = {}
    for field, _label, target in CHECKS:
        column = f"{field}_id"
        out[field] = (Reading.objects.exclude(**{f"{column}__isnull": True})
                      .exclude(**{f"{column}__in": target._default_manager.values("pk")})
                      .count())
    return out


def labels() -> dict[str, str]:
    return {field: label for field, label, _ in CHECKS}
