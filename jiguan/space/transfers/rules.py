"""The rules of asset transfer (资产移交调账), as pure functions and constants.

Sources (domain-rules.md §2.2, §3):
- 《党政机关办公用房管理办法》第五条: title of office space is registered to the bureau of the
  same level (统一权属); the using unit may not dispose of it itself.
- 《行政事业性国有资产管理条例》第三十条: assets are kept on the books (不得形成账外资产);
  第三十四条: 盘点对账.
- 《机关事务管理条例》第二十一条: 统一权属登记.
"""

from __future__ import annotations

from decimal import Decimal

TASK_KIND = "space.transfer"

RULE_TITLE = "《党政机关办公用房管理办法》第五条：办公用房统一登记在本级机关事务管理部门名下"


def net_value(original: Decimal, depreciation: Decimal) -> Decimal:
    """账面净值 = 原值 − 累计折旧. Raises ValueError (Chinese) when impossible."""
    if original < 0:
        raise ValueError("账面原值不能为负数")
    if depreciation < 0:
        raise ValueError("累计折旧不能为负数")
    if depreciation > original:
        raise ValueError(f"累计折旧（{depreciation} 元）不能大于账面原值（{original} 元）")
    return original - depreciation
