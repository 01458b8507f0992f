"""Rule-of-law measures, read from the governance module: the rules library (rules past
their validity, governance/library/queries.past_validity) and the major contracts' filing
states (governance/contracts/queries.filing_q: the register's 逾期 filter)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from jiguan.assessment.measures.common import list_url, read_until, share
from jiguan.assessment.measures.registry import Measure, Reading, register
from jiguan.governance.contracts.forms import LATE
from jiguan.governance.contracts.models import Contract, ContractStatus
from jiguan.governance.contracts.queries import filing_q
from jiguan.governance.library.models import Rule
from jiguan.governance.library.queries import past_validity

RULES_NOTE = ("本地区（含下级）制度库中现行有效、但有效期至早于统计截止日"
              "（年末，年度未结束时为当日）的制度件数：有效期已届满而未宣布失效、修订或废止")
CONTRACTS_NOTE = ("本年度签订的重大合同（含补充协议）中逾期备案（逾期后备案，"
                  "或已过备案期限仍未备案）的比例")


def rules_past_validity(region: Any, year: int) -> Reading:
    """Rules of the region's libraries still in force after their validity ended."""
    until = read_until(year)
    rules = Rule.objects.filter(region__path__startswith=region.path)
    rows = rules.aggregate(dated=Count("pk", filter=Q(valid_until__isnull=False)))
    lapsed = past_validity(rules, until).count()
    url = list_url("governance:rule_list", region=region.pk, lapsed_by=f"{until:%Y-%m-%d}")
    inputs = (("统计截止日", f"{until:%Y-%m-%d}"), ("设有效期的制度", f"{rows['dated']:,} 件"),
              ("届满未清理", f"{lapsed:,} 件"))
    if not rows["dated"]:
        return Reading(None, inputs, url, missing="本地区制度库中没有设有效期的制度")
    return Reading(Decimal(lapsed), inputs, url)


def late_contract_filings(region: Any, year: int) -> Reading:
    """Contracts signed in ``year`` whose filing was late, over all signed that year, in %."""
    today = timezone.localdate()
    rows = Contract.objects.filter(agency__region__path__startswith=region.path,
                                   signed_on__year=year).exclude(
        status=ContractStatus.DRAFT).aggregate(
        signed=Count("pk"), late=Count("pk", filter=filing_q(LATE, today)))
    signed, late = rows["signed"] or 0, rows["late"] or 0
    url = list_url("governance:contract_list", region=region.pk, year=year, filing=LATE)
    inputs = (("本年度签订合同", f"{signed:,} 份"), ("逾期备案", f"{late:,} 份"))
    if not signed:
        return Reading(None, inputs, url, missing=f"{year} 年没有签订的合同")
    return Reading(share(late, signed), inputs, url)


register(Measure("governance.rules_past_validity", "有效期届满未清理的制度", "件", False,
                 rules_past_validity, module="依法行政", note=RULES_NOTE))
register(Measure("governance.late_contract_filings", "重大合同逾期备案率", "%", False,
                 late_contract_filings, module="依法行政", note=CONTRACTS_NOTE))
