"""The official rules of planning and construction, as pure functions and constants.

Sources (docs/space-projects-transfers.md, /work/shared/docs/domain-rules.md §2, §3):
- 《机关团体建设楼堂馆所管理条例》(国务院令第688号): building or buying office space needs the
  approval of its 项目建议书, 可行性研究报告 and 初步设计; the money comes from the budget
  only (no borrowing, donations or levies).
- 《党政机关办公用房管理办法》 funding rule (domain-rules.md §2.2 "Funding", [V-O]): money
  for office space comes only from the government budget; 赞助/捐款, 集资/摊派, borrowing
  from other units, contractor 垫资 and 专项资金 are forbidden.
- 《机关事务管理条例》第二十一条: offices are built centrally (统一建设) to the 建设标准.
- The area: the 2014 建设标准's approved area (核定面积) of the agencies to be housed, by
  jiguan.space.standards.rules.approved_area (no number here).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

TASK_KIND = "space.project"

RULE_FUNDING = ("《机关团体建设楼堂馆所管理条例》及《党政机关办公用房管理办法》："
                "办公用房建设资金只能来源于财政预算，不得以赞助、捐款、集资、摊派、借款、"
                "施工单位垫资或挪用专项资金等方式筹措")
RULE_APPROVAL = ("《机关团体建设楼堂馆所管理条例》：建设项目须经项目建议书、可行性研究报告、"
                 "初步设计批复")
RULE_AREA = ("《党政机关办公用房建设标准》（发改投资〔2014〕2674号）："
             "建设规模不得超过入驻单位核定面积")

#: The only fund source a project may record.
ALLOWED_FUND_SOURCES = frozenset({"budget"})

#: The documents each step needs: submitting for review needs the proposal's approval;
#: starting construction needs all three.
SUBMIT_NEEDS = ("proposal",)
START_NEEDS = ("proposal", "feasibility", "design")


def fund_source_refusal(source: str, label: str) -> str | None:
    """The Chinese refusal for a forbidden fund source, or None when it is allowed."""
    if source in ALLOWED_FUND_SOURCES:
        return None
    return f"资金来源“{label}”不允许：{RULE_FUNDING}"


def funding_shortfall(total: Decimal, needed: Decimal) -> Decimal:
    """How much of ``needed`` the budget funding does not cover (0 when covered)."""
    return max(needed - total, Decimal(0))


def missing_documents(have: Iterable[str], needed: Iterable[str]) -> list[str]:
    got = set(have)
    return [k for k in needed if k not in got]


def area_excess(area: Decimal, approved: Decimal) -> Decimal:
    """How far ``area`` exceeds the agencies' approved area (0 when within)."""
    return max(area - approved, Decimal(0))
