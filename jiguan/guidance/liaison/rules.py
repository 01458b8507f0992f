"""The liaison's rules as pure functions."""

from __future__ import annotations

import datetime as dt

#: the regions a provincial leader liaises with: city and county bureaus
LIAISED_LEVELS = ("city", "county")


def region_problem(level: str, name: str) -> str | None:
    """Liaison is with city and county bureaus, not the province itself."""
    if level not in LIAISED_LEVELS:
        return f"联系指导的对象应为市、县（市、区）机关事务部门：{name}不是"
    return None


def visit_date_problem(visited_on: dt.date, today: dt.date) -> str | None:
    if visited_on > today:
        return "走访日期不能晚于今天"
    return None


def answer_date_problem(answered_on: dt.date, visited_on: dt.date, today: dt.date) -> str | None:
    if answered_on < visited_on:
        return f"答复日期不能早于走访日期（{visited_on}）"
    if answered_on > today:
        return "答复日期不能晚于今天"
    return None
