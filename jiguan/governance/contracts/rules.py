"""The pure rules of major contracts: which contracts need a legality review before signing
(a threshold by kind), the filing deadline after signing, the ending notice, and the money
checks. Every figure is configurable in settings; the defaults and their sources:

- Review thresholds (JIGUAN_GOVERNANCE_CONTRACT_REVIEW_THRESHOLDS, a JSON object of kind ->
  元): construction 4,000,000, procurement 2,000,000 and service 1,000,000 follow the
  tendering limits of 《必须招标的工程项目规定》（国家发展改革委令第16号，2018）第五条
  (施工 400 万元、货物 200 万元、服务 100 万元) [R]: no provincial text fixing the review
  threshold of a bureau's contracts was found; lease and other 1,000,000 [R]; cooperation 0
  (every cooperation agreement is reviewed: it usually commits state assets or rights) [R].
- Filing (JIGUAN_GOVERNANCE_CONTRACT_FILING_DAYS, default 30, calendar days unless
  JIGUAN_GOVERNANCE_CONTRACT_FILING_WORKING_DAYS) [R]; domain-rules.md §2 only says that a
  租赁合同 is filed with the bureau.
- A contract ending within JIGUAN_GOVERNANCE_CONTRACT_ENDING_DAYS (default 60, issue 13)
  becomes a to-do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from jiguan.governance.reviews.rules import add_working_days

DEFAULT_THRESHOLDS: dict[str, Decimal] = {
    "construction": Decimal("4000000"),
    "procurement": Decimal("2000000"),
    "service": Decimal("1000000"),
    "lease": Decimal("1000000"),
    "cooperation": Decimal("0"),
    "other": Decimal("1000000"),
}
THRESHOLD_SOURCE = ("参照《必须招标的工程项目规定》（国家发展改革委令第16号）第五条的招标限额"
                    "（施工 400 万元、货物 200 万元、服务 100 万元）；租赁、其他 100 万元，"
                    "合作协议一律审查 [R]")
FILING_SOURCE = "签订后 30 日内报机关事务管理局备案 [R]"
SIGN_RULE = "重大合同应当在签订前经合法性审查通过（issue 13）"


def thresholds() -> dict[str, Decimal]:
    out = dict(DEFAULT_THRESHOLDS)
    for kind, value in (getattr(settings, "JIGUAN_GOVERNANCE_CONTRACT_REVIEW_THRESHOLDS", None)
                        or {}).items():
        out[kind] = Decimal(str(value))
    return out


def needs_review(kind: str, amount: Decimal) -> bool:
    """A contract of `kind` for `amount` needs a legality review before signing (the
    threshold is reached: amount >= threshold)."""
    limit = thresholds().get(kind, DEFAULT_THRESHOLDS["other"])
    return amount >= limit


def filing_days() -> int:
    return int(getattr(settings, "JIGUAN_GOVERNANCE_CONTRACT_FILING_DAYS", 30))


def filing_working_days() -> bool:
    return bool(getattr(settings, "JIGUAN_GOVERNANCE_CONTRACT_FILING_WORKING_DAYS", False))


def ending_days() -> int:
    return int(getattr(settings, "JIGUAN_GOVERNANCE_CONTRACT_ENDING_DAYS", 60))


def filing_due(signed_on: dt.date, days: int | None = None,
               working: bool | None = None) -> dt.date:
    """The last day to file a contract signed on `signed_on` (the signing day not counted)."""
    days = filing_days() if days is None else days
    working = filing_working_days() if working is None else working
    if not working:
        return signed_on + dt.timedelta(days=days)
    return add_working_days(signed_on, days)  # the review tool's calendar (chinese-calendar)


def filing_period_text() -> str:
    return f"签订后 {filing_days()} 个{'工作日' if filing_working_days() else '自然日'}内"


def term_problem(starts_on: dt.date | None, ends_on: dt.date | None) -> str | None:
    if starts_on and ends_on and ends_on < starts_on:
        return "履行期限截止日期不能早于起始日期"
    return None


def decision_problem(*, decision_region_path: str, contract_region_path: str,
                     adopted: bool) -> str | None:
    """Why a decision case cannot be the one a contract follows from, or None.

    The decision must be adopted (决定：同意) and be taken by an agency of the contract's
    region or of a region above it (an agency's contract may follow from its own decision,
    or from its city's or province's; never from a neighbour's or a subordinate's)."""
    if not contract_region_path.startswith(decision_region_path):
        return "所依据的决策应为本区划或上级区划机关作出的决策"
    if not adopted:
        return "所依据的决策尚未作出同意的决定"
    return None
