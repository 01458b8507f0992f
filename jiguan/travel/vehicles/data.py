"""The equipment standards of official vehicles as data, with their source
(docs: /work/shared/docs/domain-rules.md §4.1). Loaded into `VehicleStandard` rows by the
app's first migration; a new version is a new row with a later `effective_from` (the bureau
adds it on the standards page), so a vehicle is judged by the standard in force when bought.

`verified=False` marks the values domain-rules.md gives as [R] (unverified): they are shown
as such on the page and must be confirmed against the province's own 车改方案.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

RULE_2017 = "《党政机关公务用车管理办法》（中办发〔2017〕71号）"


class StandardRow(NamedTuple):
    category: str          # "" = every category
    new_energy: bool
    price_cap: Decimal | None       # 元; None = set by the sector with 财政 (no general cap)
    displacement_cap: Decimal | None  # L; None = no engine cap
    service_life_years: int
    verified: bool
    source: str


EFFECTIVE_2017 = dt.date(2017, 12, 5)
# Service life: 8 years [R] (2011-era rules; 厉行节约条例 2025 第二十九条: replace strictly by
# the set service life, never earlier for a leader's promotion or transfer).
SERVICE_LIFE_YEARS = 8

DEFAULT_STANDARDS: tuple[StandardRow, ...] = (
    StandardRow("confidential", False, Decimal("120000"), Decimal("1.6"), SERVICE_LIFE_YEARS,
                True, f"{RULE_2017}：机要通信用车 不超过12万元、排气量1.6升（含）以下"),
    StandardRow("", True, Decimal("180000"), None, SERVICE_LIFE_YEARS,
                True, f"{RULE_2017}：新能源轿车 不超过18万元"),
    StandardRow("emergency", False, Decimal("180000"), Decimal("1.8"), SERVICE_LIFE_YEARS,
                False, f"{RULE_2017}：应急保障用车 不超过18万元、1.8升（含）以下〔待核实〕"),
    StandardRow("enforcement", False, Decimal("180000"), Decimal("1.8"), SERVICE_LIFE_YEARS,
                False, f"{RULE_2017}：执法执勤用车 不超过18万元、1.8升（含）以下〔待核实〕"),
    StandardRow("other", False, Decimal("180000"), Decimal("1.8"), SERVICE_LIFE_YEARS,
                False, f"{RULE_2017}：其他按照规定配备的公务用车 "
                       "不超过18万元、1.8升（含）以下〔待核实〕"),
    StandardRow("special", False, None, None, SERVICE_LIFE_YEARS,
                False, f"{RULE_2017}：特种专业技术用车 由行业主管部门会同财政部门确定〔待核实〕"),
)


def seed_standards(model: Any) -> int:
    """Insert the default standards when the table has none (the first migration; tests
    after a flush). `model` is the VehicleStandard model, historical or current."""
    if model.objects.exists():
        return 0
    rows = model.objects.bulk_create(
        model(category=row.category, new_energy=row.new_energy, price_cap=row.price_cap,
              displacement_cap=row.displacement_cap, service_life_years=row.service_life_years,
              effective_from=EFFECTIVE_2017, verified=row.verified, source=row.source)
        for row in DEFAULT_STANDARDS)
    return len(rows)
