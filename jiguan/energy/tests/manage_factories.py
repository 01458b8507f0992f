"""Objects of the management part for its tests and scope-matrix entries."""

from __future__ import annotations

from decimal import Decimal

from jiguan.access.models import Region
from jiguan.energy.models import BreachStatus, QuotaBreach, TargetPlan
from jiguan.energy.targets import actions as quotas
from jiguan.energy.tests.factories import save
from jiguan.orgs.models import Agency

EXPLANATION = "新建食堂投入使用，用电量增加较多。"


def make_breach(agency: Agency, status: str = BreachStatus.OPEN) -> QuotaBreach:
    """An institution 229 kgce over its 2025 quota (optionally already explained)."""
    existing = QuotaBreach.objects.filter(agency=agency, year=2025, kind="kgce").first()
    if existing is not None:
        return existing
    quotas.quota_set(agency=agency, year=2025, actor=None,
                     data={"kgce_quota": Decimal("1000")})
    save(agency, "2025-03", {"electricity": 10000})
    breach = QuotaBreach.objects.get(agency=agency, year=2025, kind="kgce")
    if status == BreachStatus.EXPLAINED:
        quotas.breach_explain(breach=breach, explanation=EXPLANATION, actor=None)
    return breach


def make_plan(region_code: str) -> TargetPlan:
    plan, _ = TargetPlan.objects.get_or_create(
        region=Region.objects.get(code=region_code), end_year=2025,
        defaults={"per_capita_pct": Decimal("-6"), "per_area_pct": Decimal("-5"),
                  "water_per_capita_pct": Decimal("-6")})
    return plan
