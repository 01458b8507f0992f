"""The renting rules as pure functions, with their sources (docs/space-leases-repairs.md).

* 《机关事务管理条例》（国务院令第621号）第二十三条 [V-P]: "未经本级人民政府批准，不得租用
  办公用房" and "政府各部门不得出租、出借办公用房或者改变办公用房使用功能".
* 《党政机关办公用房管理办法》 (2017), 租用: the lease contract is filed with the bureau [R].
* The days before the end of a lease at which the reminder to-do is raised are a bureau's
  practice, not a rule: [R], setting ``JIGUAN_LEASE_REMINDER_DAYS`` (default 60).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models

RULE_ART23 = "《机关事务管理条例》第二十三条"
TEXT_NEEDS_APPROVAL = "未经本级人民政府批准，不得租用办公用房"
TEXT_NO_LETTING = "政府各部门不得出租、出借办公用房或者改变办公用房使用功能"

#: [R] days before a lease ends at which its reminder to-do is raised (a bureau's practice).
DEFAULT_REMINDER_DAYS = 60

TASK_REVIEW = "space.lease.review"
TASK_RETURNED = "space.lease.returned"
TASK_EXPIRY = "space.lease.expiry"


class Direction(models.TextChoices):
    """What the applicant asks to do. Only 租用 (renting space in) may be registered."""

    RENT_IN = "rent_in", "租用（本单位租入办公用房）"
    LET = "let", "出租（将办公用房租给他人）"
    LEND = "lend", "出借（将办公用房借给他人）"


def reminder_days() -> int:
    return int(getattr(settings, "JIGUAN_LEASE_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def direction_refusal(direction: str) -> str | None:
    """The refusal of 出租 / 出借 with the rule cited; None for 租用."""
    if direction == Direction.RENT_IN:
        return None
    label = "出租" if direction == Direction.LET else "出借"
    return f"不得{label}办公用房：{RULE_ART23}规定“{TEXT_NO_LETTING}”。"


def approval_errors(*, doc_no: str, date: dt.date | None, body: str, region_name: str,
                    start_date: dt.date | None, today: dt.date) -> dict[str, str]:
    """The recorded approval of the government of the same level: its document number, date
    and body, the body being the government of the lessee's region."""
    errors: dict[str, str] = {}
    cite = f"（{RULE_ART23}：{TEXT_NEEDS_APPROVAL}）"
    if not doc_no.strip():
        errors["approval_doc_no"] = f"请填写本级人民政府的批准文号{cite}"
    if date is None:
        errors["approval_date"] = f"请填写本级人民政府的批准日期{cite}"
    elif date > today:
        errors["approval_date"] = f"批准日期（{date:%Y-%m-%d}）不能晚于今天"
    elif start_date is not None and date > start_date:
        errors["approval_date"] = (f"批准日期（{date:%Y-%m-%d}）晚于租期开始日期"
                                   f"（{start_date:%Y-%m-%d}）：须先批准后租用{cite}")
    body = body.strip()
    if not body:
        errors["approval_body"] = f"请填写批准机关{cite}"
    elif "政府" not in body or region_name not in body:
        errors["approval_body"] = (f"批准机关应为本级人民政府（{region_name}人民政府），"
                                   f"“{body}”不是{cite}")
    return errors


def term_errors(*, area: Decimal | None, annual_rent: Decimal | None,
                start_date: dt.date | None, end_date: dt.date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if area is not None and area <= 0:
        errors["area"] = "租用面积必须大于 0"
    if annual_rent is not None and annual_rent < 0:
        errors["annual_rent"] = "年租金不能为负数"
    if start_date and end_date and end_date <= start_date:
        errors["end_date"] = (f"租期结束日期（{end_date:%Y-%m-%d}）应晚于开始日期"
                              f"（{start_date:%Y-%m-%d}）")
    return errors


def reminder_due(end_date: dt.date, today: dt.date, days: int) -> bool:
    """Is a lease ending on ``end_date`` within its reminder window (and not yet ended)?"""
    return today <= end_date <= today + dt.timedelta(days=days)
