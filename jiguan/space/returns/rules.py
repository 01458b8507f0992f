"""The rules of 腾退移交 as pure functions and constants (no ORM, no request).

Sources (domain-rules.md §2):

* 《党政机关办公用房管理办法》第十九条 [V-S]: an office of someone transferred or retired is
  taken back within 1 month of the paperwork; an office of a concurrent post is vacated
  within 2 months of the post ending. The dates come from
  :func:`jiguan.space.standards.rules.office_return_due` / ``concurrent_office_due``.
* 《机关事务管理条例》第二十二条 [V-P]: over-area space, and space vacated by new building,
  adjustment or abolition of an organ, is taken back by the government of the same level
  and reallocated (统一调剂使用). It sets no period: the period for these cases is the
  setting ``JIGUAN_RETURN_MONTHS`` (default 1 month, [R] — set by the province).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from jiguan.space.standards.rules import add_months, concurrent_office_due, office_return_due

TASK_KIND = "space.return"


RULE_ART19 = ("《党政机关办公用房管理办法》第十九条：工作人员调离或退休的，应在办理手续后 1 个月内"
              "腾退办公用房；因兼职另行安排的办公室，应在兼职结束后 2 个月内腾退。")


RULE_ART22 = ("《机关事务管理条例》第二十二条：超过核定面积的办公用房，以及因新建、调整、撤销"
              "机构腾退的办公用房，由本级人民政府及时收回，统一调剂使用。")


RULE_TEXT: Mapping[str, str] = {
    "over_standard": RULE_ART22,
    "person_left": RULE_ART19,
    "concurrent_ended": RULE_ART19,
    "abolished": RULE_ART22,
    "vacated": RULE_ART22,
    "reallocation": RULE_ART22,
}


#: [R] months to hand back space for which the rules set no period (条例第二十二条 says
#: "及时"); overridden by the setting JIGUAN_RETURN_MONTHS.
DEFAULT_RETURN_MONTHS = 1


#: Reasons whose completion ends one person's seat (the room stays with the agency: the
#: original unit takes the office back, 条例第二十二条); the others hand rooms to the bureau.
PERSON_REASONS = frozenset({"person_left", "concurrent_ended"})


def due_date(*, reason: str, event_date: date, months: int = DEFAULT_RETURN_MONTHS) -> date:
    """The last day to vacate: 1 month after leaving, 2 months after a concurrent post ends
    (第十九条), else ``months`` after the event (条例第二十二条 "及时", configurable)."""
    if reason == "person_left":
        return office_return_due(event_date)
    if reason == "concurrent_ended":
        return concurrent_office_due(event_date)
    if months < 0:
        raise ValueError("腾退期限月数不能为负数")
    try:
        return add_months(event_date, months)
    except ValueError:
        return date.max


def configured_months() -> int:
    """The setting JIGUAN_RETURN_MONTHS (an int ≥ 0), read lazily."""
    from django.conf import settings

    value = getattr(settings, "JIGUAN_RETURN_MONTHS", DEFAULT_RETURN_MONTHS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("JIGUAN_RETURN_MONTHS 应为不小于 0 的整数")
    return value
