"""Verified savings of an energy performance contract (合同能源管理), from the readings.

The baseline is the contract's entered baseline consumption, or the sum of the
institution's readings (kgce) in the baseline months. Each contract year and each month
since the start is compared with the baseline's monthly rate through
rules.period_savings. Only months with readings count, on both sides: a month nobody
reported is unknown, not a month of zero consumption, and counting it would show savings
that never happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from jiguan.energy import rules
from jiguan.energy.models import ContractType, EnergyContract, Reading


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_kgce(agency_id: int, start: dt.date, end: dt.date) -> dict[dt.date, Decimal]:
    """kgce per month of one institution, first-of-month keys, months with readings only."""
    rows = (Reading.objects.filter(agency_id=agency_id, month__gte=start, month__lte=end)
            .order_by().values("month").annotate(k=Sum("kgce")))
    return {r["month"]: r["k"] or Decimal(0) for r in rows}


@dataclass(frozen=True)
class Baseline:
    total: Decimal | None      # kgce over `months`
    months: int
    computed: bool             # from readings (True) or entered on the contract
    problem: str = ""


def baseline(contract: EnergyContract) -> Baseline:
    start, end = contract.baseline_start.replace(day=1), contract.baseline_end.replace(day=1)
    months = rules.months_between(start, end)
    if contract.baseline_kgce is not None:
        return Baseline(contract.baseline_kgce, months, computed=False)
    readings = monthly_kgce(contract.agency_id, start, end)
    if not readings:
        return Baseline(None, 0, computed=True,
                        problem="基准期没有能耗读数，请在合同中填写基准期能耗")
    return Baseline(sum(readings.values(), Decimal(0)), len(readings), computed=True)


@dataclass(frozen=True)
class PeriodRow:
    label: str
    start: dt.date
    end: dt.date
    months: int               # months of the period so far
    reported: int             # of those, months with readings
    savings: rules.Savings | None
    guarantee: Decimal | None = None  # guaranteed kgce for the reported months
    guarantee_met: bool | None = None


@dataclass(frozen=True)
class ContractSavings:
    baseline: Baseline
    years: list[PeriodRow]
    months: list[PeriodRow]

    @property
    def total_saved(self) -> Decimal:
        return sum((r.savings.saved for r in self.years if r.savings), Decimal(0))

    @property
    def total_provider_share(self) -> Decimal:
        return sum((r.savings.provider_share or Decimal(0) for r in self.years if r.savings),
                   Decimal(0))


def _period(contract: EnergyContract, base: Baseline, label: str, start: dt.date,
            end: dt.date, readings: dict[dt.date, Decimal]) -> PeriodRow:
    months = rules.months_between(start, end)
    values = [v for m, v in readings.items() if start <= m <= end]
    if base.total is None or not values:
        return PeriodRow(label, start, end, months, len(values), None)
    ratio = contract.sharing_ratio if contract.contract_type == ContractType.SHARED else None
    savings = rules.period_savings(baseline_total=base.total, baseline_months=base.months,
                                   actual=sum(values, Decimal(0)), period_months=len(values),
                                   sharing_ratio=ratio)
    guarantee = met = None
    if contract.contract_type == ContractType.GUARANTEED and contract.guaranteed_kgce is not None:
        # The guarantee is yearly: a part year owes its share of it.
        guarantee = rules.q2(contract.guaranteed_kgce * len(values) / 12)
        met = savings.saved >= guarantee
    return PeriodRow(label, start, end, months, len(values), savings, guarantee, met)


def contract_savings(contract: EnergyContract, today: dt.date | None = None
                     ) -> ContractSavings:
    """The baseline, and the verified savings of each contract year and month up to the
    current month (or the contract's end)."""
    today = today or timezone.localdate()
    base = baseline(contract)
    first = contract.start_date.replace(day=1)
    last = min(contract.end_date.replace(day=1), today.replace(day=1))
    if last < first:
        return ContractSavings(base, [], [])
    readings = monthly_kgce(contract.agency_id, first, last)
    years: list[PeriodRow] = []
    n = 0
    while add_months(first, 12 * n) <= last:
        start = add_months(first, 12 * n)
        end = min(add_months(start, 11), last)
        years.append(_period(contract, base, f"第 {n + 1} 合同年", start, end, readings))
        n += 1
    months: list[PeriodRow] = []
    m = first
    while m <= last:
        months.append(_period(contract, base, f"{m:%Y-%m}", m, m, readings))
        m = add_months(m, 1)
    return ContractSavings(base, years, months)
