"""The meetings' rules as pure functions: dates in order, a bureau within the organiser's
region, and when a decision is overdue."""

from __future__ import annotations

import datetime as dt

#: a meeting lasts at most this many days [R: 综合处 practice, the yearly conference is 1-2 days]
MAX_DAYS = 7


def dates_problem(starts_on: dt.date, ends_on: dt.date) -> str | None:
    if ends_on < starts_on:
        return "结束日期不能早于开始日期"
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        return f"会议会期不能超过{MAX_DAYS}天"
    return None


def within(path: str, organiser_path: str) -> bool:
    """Is a bureau (region path) the organiser's own or one below it?"""
    return path.startswith(organiser_path)


def overdue(status: str, due_on: dt.date, today: dt.date) -> bool:
    """An open decision past its due date (完成时限) is overdue."""
    return status == "open" and due_on < today
