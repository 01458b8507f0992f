"""Official coefficient tables, as data with their source (domain-rules.md §5.3).

Each built-in set names its document and effective date. Values marked [R] in the research
notes are unverified; they are data here, so a bureau corrects them by adding a set with its
own source (管理 → 折标系数), never by editing code.

Units are the canonical units of jiguan.energy.rules.ENERGY_TYPES: kgce per kWh, per m³,
per kg, per MJ; "other" is reported in kgce already (factor 1); water is not energy (0).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

# 1 kgce = 29 307 kJ (7 000 kcal) low calorific value (GB/T 2589).
KJ_PER_KGCE = Decimal("29307")

GB2589_SOURCE = "GB/T 2589《综合能耗计算通则》附录A 各种能源折标准煤参考系数"

# GB/T 2589-2008 Appendix A, the values public-institution statistics conventionally use
# (electricity at its 当量值). 煤炭 takes the 原煤 row; 人工煤气 the low end of 焦炉煤气
# ([R]: the 2008 table gives a range).
GB2589_2008: dict[str, Decimal] = {
    "electricity": Decimal("0.1229"),
    "water_tap": Decimal("0"),
    "water_well": Decimal("0"),
    "coal": Decimal("0.7143"),
    "natural_gas": Decimal("1.2143"),
    "lpg": Decimal("1.7143"),
    "town_gas": Decimal("0.5714"),
    "gasoline": Decimal("1.4714"),
    "diesel": Decimal("1.4571"),
    "kerosene": Decimal("1.4714"),
    "heat": Decimal("0.03412"),
    "other": Decimal("1"),
}

BUILT_IN_SETS: list[dict[str, object]] = [
    {
        "code": "GB2589-2008",
        "name": "GB/T 2589-2008 附录A（电力当量值）",
        "source": GB2589_SOURCE.replace("GB/T 2589", "GB/T 2589-2008"),
        "effective_from": dt.date(2008, 6, 1),
        "is_default": True,
        "values": GB2589_2008,
        "note": "公共机构能源资源消费统计惯用：电力当量值 0.1229 kgce/kWh，天然气 1.2143 kgce/m³。",
    },
    {
        "code": "GB2589-2020",
        "name": "GB/T 2589-2020 附录A（电力当量值）",
        "source": GB2589_SOURCE.replace("GB/T 2589", "GB/T 2589-2020"),
        "effective_from": dt.date(2021, 4, 1),
        "is_default": True,
        # [R] The 2020 Appendix A is believed to keep the solid and liquid fuel values.
        "values": GB2589_2008,
        "note": "2020 版附录A 数值沿用 2008 版（待核实 [R]）；自 2021-04-01 起实施。",
    },
    {
        "code": "SH-EQUIV-PRIMARY",
        "name": "电力等价值（示例：0.28078 kgce/kWh）",
        "source": "地方建筑能耗标准电力等价值（上海示例值，按上年度全国火电供电标准煤耗，[R]）",
        "effective_from": dt.date(2008, 6, 1),
        "is_default": False,
        "values": {**GB2589_2008, "electricity": Decimal("0.28078")},
        "note": "地区要求按等价值折算时选用；每年按上年度供电煤耗更新。",
    },
]


def seed_builtin_sets(model: Any) -> None:
    """Create or refresh the built-in sets (``model`` is CoefficientSet, or its historical
    version inside a migration). Also called after a test flush empties the table."""
    for data in BUILT_IN_SETS:
        values = {k: str(v) for k, v in data["values"].items()}  # type: ignore[attr-defined]
        model.objects.update_or_create(
            code=data["code"],
            defaults={"name": data["name"], "source": data["source"],
                      "effective_from": data["effective_from"],
                      "is_default": data["is_default"], "values": values,
                      "note": data["note"]})
