"""The training rules as pure functions: completion, the share of hours it needs, and who
counts as a leader (领导干部) in the per-bureau count.

Completion [R]: a trainee completes (结业) a course when the hours of the sessions attended
reach `required_share` of the course's hours. The share is set per course; the default
0.80 follows the usual rule of cadre training that absence may not exceed one fifth of the
hours (《干部教育培训工作条例》 practice; [R] = to be confirmed by the 综合处).

A leader (领导干部): a person of the register whose rank (orgs Person.rank, 职级) is any rank
of its level but the lowest — at province level 副处级 and above, at city level 副局(处)级
and above, at county level 副科级 and above, at township level 乡级副职 and above. The
lowest rank of each level (处级以下, 局(处)级以下, 科级以下, 乡级以下) is not a leader."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from jiguan.orgs.rules import RANKS

#: the rank codes that count as leaders: every rank of a level but its lowest
LEADER_RANKS: frozenset[str] = frozenset(
    rank.code for ranks in RANKS.values() for rank in ranks[:-1])

#: a course runs at most this many days [R]
MAX_DAYS = 60


def is_leader(rank: str) -> bool:
    return rank in LEADER_RANKS


def required_hours(hours: Decimal, share: Decimal) -> Decimal:
    return (Decimal(hours) * Decimal(share)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def completed(attended: Decimal, hours: Decimal, share: Decimal) -> bool:
    """Hours attended reach the required share of the course's hours."""
    return Decimal(attended) >= Decimal(hours) * Decimal(share)


def dates_problem(starts_on: dt.date, ends_on: dt.date) -> str | None:
    if ends_on < starts_on:
        return "结束日期不能早于开始日期"
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        return f"培训时间不能超过{MAX_DAYS}天"
    return None


def session_problem(on: dt.date, hours: Decimal, starts_on: dt.date, ends_on: dt.date,
                    planned: Decimal, booked: Decimal) -> dict[str, str]:
    """A session must fall within the course's dates, last 0.5 to 12 hours, and not take the
    sessions past the course's hours."""
    errors: dict[str, str] = {}
    if not starts_on <= on <= ends_on:
        errors["on"] = f"课次日期应在培训期间内（{starts_on} 至 {ends_on}）"
    if not Decimal("0.5") <= hours <= Decimal(12):
        errors["hours"] = "每个课次的学时应在 0.5 至 12 之间"
    elif booked + hours > planned:
        errors["hours"] = (f"各课次学时合计（{booked + hours}）不能超过培训学时（{planned}）")
    return errors
