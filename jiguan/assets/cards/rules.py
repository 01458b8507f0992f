"""The rules of the units' state assets as pure functions and settings reads.

Sources: 《行政事业性国有资产管理条例》 (国务院令第738号, in force 2021-04-01): 配置 within
the standards (第十二条: 超标准配置 is not allowed without cause), 处置 (调拨、出售、置换、
对外捐赠、报废、报损) and 出租、出借 with the approval of the competent department and the
finance department by the limits they set (第二十七至三十二条, summarised in domain-rules.md
§3); 《党政机关办公用房管理办法》第五条 (the using unit may not dispose of office space
itself) and 《机关事务管理条例》第二十三条 ("不得出租、出借办公用房"). The value limits that
decide who approves are the province's own and configurable (settings
JIGUAN_ASSETS_DISPOSAL_LIMITS / JIGUAN_ASSETS_LEASE_LIMITS); the defaults are [R]."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from jiguan.assets.cards.data import BUILDING_CODE
from jiguan.assets.cards.models import LEASE_KINDS, Level

# Defaults [R]: a unit decides a disposal of less than 50万元 original value itself (and
# files it); from 50万元 the bureau of its level approves; from 200万元 the provincial bureau
# too. Renting or lending out: from 10万元 the bureau, from 100万元 the province.
DISPOSAL_LIMITS: dict[str, Decimal] = {Level.BUREAU: Decimal("500000"),
                                       Level.PROVINCE: Decimal("2000000")}
LEASE_LIMITS: dict[str, Decimal] = {Level.BUREAU: Decimal("100000"),
                                    Level.PROVINCE: Decimal("1000000")}
LEVEL_ORDER = (Level.BUREAU, Level.PROVINCE)

TASK_APPROVE = "assets.matter_approve"
TASK_EXECUTE = "assets.matter_execute"


def _limits(name: str, default: dict[str, Decimal]) -> dict[str, Decimal]:
    raw: Any = getattr(settings, name, None) or {}
    out = dict(default)
    for key, value in raw.items():
        if key in default:
            try:
                out[key] = Decimal(str(value))
            except InvalidOperation:
                continue
    return out


def limits(kind: str) -> dict[str, Decimal]:
    if kind in LEASE_KINDS:
        return _limits("JIGUAN_ASSETS_LEASE_LIMITS", LEASE_LIMITS)
    return _limits("JIGUAN_ASSETS_DISPOSAL_LIMITS", DISPOSAL_LIMITS)


def is_building_class(code: str) -> bool:
    return code.startswith(BUILDING_CODE)


def levels_for(kind: str, value: Decimal, *, has_building: bool = False) -> list[str]:
    """The approval levels a matter of `value` needs, lowest first (empty: the unit decides
    itself). Disposing of a building always needs the bureau at least (办公用房管理办法第五条:
    the using unit may not dispose of office space itself)."""
    lim = limits(kind)
    levels: list[str] = [lv for lv in LEVEL_ORDER if value >= lim[lv]]
    if has_building and Level.BUREAU not in levels:
        levels.insert(0, Level.BUREAU)
    return levels


def over_standard(*, held: int, adding: int, per_person: Decimal | None, headcount: int,
                  unit_price: Decimal | None, max_price: Decimal | None) -> list[str]:
    """Why a configuration goes beyond the class's standard ([] when it does not): more
    items than per person × headcount, or a unit price above the ceiling."""
    why = []
    if per_person is not None:
        cap = int(per_person * max(headcount, 0))
        if held + adding > cap:
            why.append(f"配置后共 {held + adding} 件，超过标准 {cap} 件"
                       f"（每人 {per_person.normalize():f} 件 × {headcount} 人）")
    if max_price is not None and unit_price is not None and unit_price > max_price:
        why.append(f"单价 {unit_price:,.2f} 元超过标准上限 {max_price:,.2f} 元")
    return why
