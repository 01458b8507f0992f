"""/api/v1/internalaudit/coverage: the coverage figures, the roll-up and the units."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery
from jiguan.internalaudit.coverage import queries

router = Router(tags=["内部审计"])


class CoverageTallyOut(Schema):
    name: str
    units: int
    covered_any: int
    never: int
    covered: dict[str, int]
    shares: dict[str, Decimal | None]
    share_any: Decimal | None
    budget: Decimal
    budget_covered: Decimal
    share_funds: Decimal | None


class CoverageUnitOut(Schema):
    id: int
    name: str
    region_name: str
    last: dict[str, dt.date | None]
    covered: dict[str, bool]
    never: bool
    budget: Decimal | None


class CoverageOut(Schema):
    as_of: dt.date
    cycle_start: dt.date
    years: int
    budget_year: int | None
    total: CoverageTallyOut
    regions: list[CoverageTallyOut]
    units: list[CoverageUnitOut]
    units_count: int


def _tally(t: queries.Tally) -> dict[str, Any]:
    return {"name": t.name, "units": t.units, "covered_any": t.covered_any, "never": t.never,
            "covered": t.covered, "shares": t.shares, "share_any": t.share_any,
            "budget": t.budget, "budget_covered": t.budget_covered,
            "share_funds": t.share_funds}


@router.get("/coverage", response=CoverageOut)
def get_coverage(request: Any, region: IdQuery = None,
                 years: int | None = Query(None, ge=1, le=10), as_of: dt.date | None = None,
                 category: str = "", state: str = "", q: str = "",
                 offset: int = Query(0, ge=0, le=10_000_000),
                 limit: int = Query(500, ge=1, le=5000)) -> Any:
    """Units never audited come first; `offset`/`limit` page the units."""
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    result, form = queries.coverage_for(request.user, {
        "region": region or "", "years": years or "", "as_of": as_of or "",
        "category": category, "state": state, "q": q})
    if form.is_bound and not form.is_valid():
        raise ValidationError({k: v[0] for k, v in form.errors.items()})
    return {"as_of": result.as_of, "cycle_start": result.start, "years": result.years,
            "budget_year": result.budget_year, "total": _tally(result.total),
            "regions": [_tally(t) for t in result.regions],
            "units_count": len(result.rows),
            "units": [{"id": r.pk, "name": r.name, "region_name": r.region_name,
                       "last": r.last, "covered": r.covered, "never": r.never,
                       "budget": r.budget} for r in result.rows[offset:offset + limit]]}
