"""The purchases' rules as pure functions (no ORM). Source: 《政府购买服务管理办法》
（财政部令第102号）第十四条 (in the catalogue and budgeted first: 先有预算后购买), 第二十三条
(a written contract, announced publicly), 第二十四条 (a term of up to one year; up to three
years for stable, continuous items whose funding and price are steady and whose budget is
secured)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from jiguan.services.catalogue.rules import ORDER_102

BUDGET_RULE = f"{ORDER_102}第十四条：购买服务项目应在指导性目录内且已安排预算（先有预算后购买）"
TERM_RULE = (f"{ORDER_102}第二十四条：合同履行期限一般不超过1年；在预算保障的前提下，"
             "对于购买内容相对固定、连续性强、经费来源稳定、价格变化幅度小的服务项目，"
             "可以签订履行期限不超过3年的政府购买服务合同")
PUBLISH_RULE = f"{ORDER_102}第二十三条：政府购买服务合同应当依法予以公告"

TASK_EXPIRY = "services.contract_expiry"
DEFAULT_REMINDER_DAYS = 60
DEFAULT_YEAR_SCALE = Decimal(200_000_000)  # the seed: about ¥200 M a year province-wide
MIN_REASON_CHARS = 10

#: methods that are competitive (every method but 单一来源)
COMPETITIVE = frozenset({"open_tender", "invited_tender", "negotiation", "consultation",
                         "inquiry", "framework"})

#: the order of the status; each step moves one place on
STEPS = ("planned", "procured", "contracted", "in_service", "evaluated", "closed")


def reminder_days() -> int:
    return int(getattr(settings, "JIGUAN_SERVICES_CONTRACT_REMINDER_DAYS",
                       DEFAULT_REMINDER_DAYS))


def year_scale() -> Decimal:
    return Decimal(str(getattr(settings, "JIGUAN_SERVICES_YEAR_SCALE", DEFAULT_YEAR_SCALE)))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_errors(*, start: dt.date | None, end: dt.date | None,
                reason: str) -> dict[str, str]:
    """The contract term's problems by field: the end after the start; up to one year
    (the end before the same day a year on); up to three years only with the reason of
    第二十四条 recorded; never longer."""
    if start is None or end is None:
        return {}
    if end <= start:
        return {"end_date": "服务期结束日期应晚于开始日期"}
    if end >= add_years(start, 3):
        return {"end_date": f"合同履行期限超过3年，不得签订：{TERM_RULE}"}
    if end >= add_years(start, 1) and len(reason.strip()) < MIN_REASON_CHARS:
        return {"long_term_reason": (
            f"合同履行期限超过1年，须说明理由（不少于{MIN_REASON_CHARS}字，写明内容固定、"
            f"经费来源稳定且预算已保障）：{TERM_RULE}")}
    return {}


def is_long_term(start: dt.date, end: dt.date) -> bool:
    return end >= add_years(start, 1)


def pay_mode(share: Decimal) -> str:
    """full / reduced / withheld for a paid percentage."""
    if share >= 100:
        return "full"
    if share <= 0:
        return "withheld"
    return "reduced"


PAY_MODE_LABELS = {"full": "全额支付", "reduced": "扣减支付", "withheld": "暂停支付"}


def pay_label(share: Decimal) -> str:
    mode = pay_mode(share)
    if mode == "reduced":
        return f"扣减 {_plain(Decimal(100) - share)}%（支付 {_plain(share)}%）"
    return PAY_MODE_LABELS[mode]


def _plain(value: Decimal) -> str:
    """15.00 → "15", 12.50 → "12.5"."""
    return f"{value.normalize():f}"


def period_payment(amount: Decimal, share: Decimal) -> Decimal:
    """The payment of a period's `amount` at a paid percentage, to the fen."""
    return (amount * share / Decimal(100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}


def period_count(start: dt.date, end: dt.date, settlement: str) -> int:
    """How many settlement periods the term holds (a started period counts)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    size = 12 // PERIODS_PER_YEAR[settlement]
    return max(1, -(-months // size))


def pay_rule_errors(shares: dict[str, Decimal | None]) -> dict[str, str]:
    """A better grade never pays less than a worse one."""
    order = ["pay_excellent", "pay_good", "pay_pass", "pay_fail"]
    values = [shares.get(k) for k in order]
    errors: dict[str, str] = {}
    for better, worse, key in zip(values, values[1:], order[1:], strict=False):
        if better is not None and worse is not None and worse > better:
            errors[key] = "较低等级的支付比例不能高于较高等级"
    return errors


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent, or None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"),
                                                            rounding=ROUND_HALF_UP)


def concentration(amounts: Iterable[Decimal], top: int = 5) -> dict[str, Decimal | None]:
    """Suppliers' concentration from each supplier's amount: the top-`top` share (%) and the
    Herfindahl–Hirschman index (sum of squared shares in percent, 0–10000)."""
    values = sorted((Decimal(a) for a in amounts if a), reverse=True)
    total = sum(values, Decimal(0))
    if not total:
        return {"top_share": None, "hhi": None}
    top_share = share(sum(values[:top], Decimal(0)), total)
    hhi = sum(((v * 100 / total) ** 2 for v in values), Decimal(0))
    return {"top_share": top_share, "hhi": hhi.quantize(Decimal(1), rounding=ROUND_HALF_UP)}


def buyer_refusal_text(agency_name: str, type_label: str, refusal: str) -> str:
    return f"{agency_name}（单位性质：{type_label}）不能作为购买主体。{refusal}"
