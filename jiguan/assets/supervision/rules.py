"""The financial supervision's rules as pure functions: the balance check, the indicators
and the warnings they raise, and whether a major matter needs the bureau's acknowledgement.

国有资本保值增值率 (the state capital maintenance and appreciation ratio), per
《企业国有资本保值增值结果确认暂行办法》(国务院国资委令第9号, 2004) art. 6 [R: the formula
as that measure states it; the platform's reading of it]:

    保值增值率 = (期末所有者权益 − 本期客观增加因素 + 本期客观减少因素) / 期初所有者权益 × 100%

where the objective increases (客观增加因素) are capital the owner put in during the period
(国家直接或追加投资、无偿划入 …) and the objective decreases (客观减少因素) are capital taken
out (减资、无偿划出、上缴国有资本收益 …): the ratio measures what the management added, not
what the owner moved. The holdings are wholly owned by the group, so the owner's equity is
the state capital [R]. Over 100% the capital grew (增值), at 100% it was kept (保值), below
it was not (未保值). Without an opening equity above zero the ratio is not computed.

资产负债率 = 负债总额 / 资产总额 × 100%; 营业利润率 = 利润总额 / 营业收入 × 100%.

The thresholds (settings JIGUAN_ASSETS_*, see config/settings.py) are the bureau's choice,
not a published rule [R]."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _setting(name: str, default: str) -> Decimal:
    return Decimal(str(getattr(settings, name, default)))


def balance_tolerance() -> Decimal:
    """How far (元) assets may differ from liabilities plus equity (rounding in the
    statement's own figures)."""
    return _setting("JIGUAN_ASSETS_BALANCE_TOLERANCE", "1")


def matter_threshold() -> Decimal:
    """A major matter at or above this amount (元) needs the bureau's acknowledgement."""
    return _setting("JIGUAN_ASSETS_MAJOR_MATTER_AMOUNT", "5000000")


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def balance_error(total_assets: Decimal, liabilities: Decimal, equity: Decimal,
                  tolerance: Decimal | None = None) -> str | None:
    """Why the balance sheet does not balance (资产总额 ≠ 负债总额 + 所有者权益), or None."""
    allowed = balance_tolerance() if tolerance is None else tolerance
    gap = total_assets - (liabilities + equity)
    if abs(gap) > allowed:
        return (f"资产负债表不平衡：资产总额 {_yuan(total_assets)} 元，负债总额与所有者权益合计 "
                f"{_yuan(liabilities + equity)} 元，相差 {_yuan(gap)} 元（允许误差 "
                f"{_yuan(allowed)} 元）")
    return None


def _ratio(num: Decimal, den: Decimal) -> Decimal:
    return (num / den * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def maintenance_ratio(equity_end: Decimal, equity_start: Decimal | None,
                      injected: Decimal = Decimal(0),
                      withdrawn: Decimal = Decimal(0)) -> Decimal | None:
    """国有资本保值增值率 in percent (see the module's docstring), or None without an opening
    equity above zero."""
    if equity_start is None or equity_start <= 0:
        return None
    return _ratio(equity_end - injected + withdrawn, equity_start)


def debt_ratio(total_assets: Decimal, liabilities: Decimal) -> Decimal | None:
    return _ratio(liabilities, total_assets) if total_assets > 0 else None


def profit_margin(revenue: Decimal, profit: Decimal) -> Decimal | None:
    return _ratio(profit, revenue) if revenue > 0 else None


@dataclass(frozen=True)
class Thresholds:
    maintenance_min: Decimal  # 保值增值率 below this (%) warns
    debt_max: Decimal  # 资产负债率 above this (%) warns
    margin_min: Decimal  # 营业利润率 below this (%) warns


def thresholds() -> Thresholds:
    return Thresholds(maintenance_min=_setting("JIGUAN_ASSETS_MAINTENANCE_MIN", "100"),
                      debt_max=_setting("JIGUAN_ASSETS_DEBT_RATIO_MAX", "70"),
                      margin_min=_setting("JIGUAN_ASSETS_PROFIT_MARGIN_MIN", "0"))


def warnings_for(maintenance: Decimal | None, debt: Decimal | None, margin: Decimal | None,
                 profit: Decimal, limits: Thresholds | None = None) -> list[str]:
    """The warnings a statement's indicators raise, in Chinese, for the warnings list and
    the bureau's to-do."""
    t = limits or thresholds()
    out: list[str] = []
    if maintenance is not None and maintenance < t.maintenance_min:
        out.append(f"国有资本保值增值率 {maintenance}% 低于 {t.maintenance_min}%（未保值）")
    if debt is not None and debt > t.debt_max:
        out.append(f"资产负债率 {debt}% 高于警戒线 {t.debt_max}%")
    if margin is not None and margin < t.margin_min:
        out.append(f"营业利润率 {margin}% 低于 {t.margin_min}%")
    elif margin is None and profit < 0:
        out.append("本期亏损且无营业收入")
    return out


def needs_acknowledgement(amount: Decimal, threshold: Decimal | None = None) -> bool:
    return amount >= (matter_threshold() if threshold is None else threshold)
