"""The pure rules of a legality review: the review period in working days and the outcome
of the item-by-item opinions.

Source of the default period: 《重大行政决策程序暂行条例》（国务院令第713号）第二十六条第二款
"送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日" — the platform gives the
reviewer 7 working days (settings JIGUAN_GOVERNANCE_REVIEW_DAYS) [R]."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import chinese_calendar
from django.conf import settings

REVIEW_DAYS_DEFAULT = 7
REVIEW_DAYS_SOURCE = ("《重大行政决策程序暂行条例》第二十六条第二款：送请合法性审查，"
                      "应当保证必要的审查时间，一般不少于7个工作日")
# The standard review items of 条例第二十七条 (a reviewer may add others).
STANDARD_ITEMS = (
    "决策事项是否符合法定权限",
    "决策草案的形成是否履行相关法定程序",
    "决策草案内容是否符合有关法律、法规、规章和国家政策的规定",
)


def review_days() -> int:
    return int(getattr(settings, "JIGUAN_GOVERNANCE_REVIEW_DAYS", REVIEW_DAYS_DEFAULT))


def is_workday(day: dt.date) -> bool:
    """A working day by the `chinese-calendar` tables (调休 Saturdays work, statutory
    holidays rest); beyond the years the tables cover, Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the day of submission not counted)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def outcome(verdicts: Iterable[str]) -> str | None:
    """passed when every item is 合法 or 修改后合法, failed when one is 不合法; None without
    any opinion (a review is not concluded on nothing)."""
    values = list(verdicts)
    if not values:
        return None
    return "failed" if "unlawful" in values else "passed"
