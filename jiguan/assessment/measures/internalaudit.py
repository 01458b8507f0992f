"""Internal-audit measures, read from the internal-audit module's coverage
(internalaudit/coverage/queries.compute: the same figures as its 全覆盖 page)."""

from __future__ import annotations

from typing import Any

from jiguan.assessment.measures.common import list_url, share, year_end
from jiguan.assessment.measures.registry import Measure, Reading, register
from jiguan.internalaudit.coverage.queries import compute, cycle_years
from jiguan.orgs.models import Agency

NOTE = ("截至年末，本地区（含下级）在册单位中，审计周期内（默认 5 年）任一类别审计报告已出具的"
        "单位所占比例（内部审计“全覆盖”页的单位覆盖率）")


def audit_coverage(region: Any, year: int) -> Reading:
    """Units of the region audited (any category, report dated) in the cycle ending at
    the end of ``year``, over all active units, in %."""
    as_of, years = year_end(year), cycle_years()
    units = Agency.objects.filter(region__path__startswith=region.path).active()
    total = compute(units, as_of=as_of, years=years, root=region).total
    url = list_url("internalaudit:coverage", region=region.pk, as_of=f"{as_of:%Y-%m-%d}",
                   years=years)
    inputs = (("审计周期", f"{years} 年（{as_of.year - years + 1} 至 {as_of.year}）"),
              ("在册单位", f"{total.units:,} 家"), ("周期内已审计", f"{total.covered_any:,} 家"))
    if not total.units:
        return Reading(None, inputs, url, missing="本地区没有在册单位")
    return Reading(share(total.covered_any, total.units), inputs, url)


register(Measure("internalaudit.audit_coverage", "内部审计覆盖率", "%", True, audit_coverage,
                 module="内部审计", note=NOTE))
