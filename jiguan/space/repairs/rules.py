"""The repair rules as pure functions, with their sources (docs/space-leases-repairs.md).

* Kinds and the 15 % extension of a 大修: 中央国家机关办公用房维修管理办法(试行) [V-S]:
  大修 is full restoration including a small extension of at most 15 % of the original floor
  area; 中修 partial restoration; 日常维修 routine upkeep.
* 日常维修 by the using unit, 大中修 arranged by the bureau: 党政机关办公用房管理办法 第五章 [R].
* 楼堂馆所建设管理条例 第二十八条 [V-P]: 维修办公用房应当严格履行审批程序，执行维修标准，
  禁止超标准装修或者配置超标准的设施. The check-list's wording is ours [R].
* Approval thresholds by amount: a province's delegation, not a national rule: [R], setting
  ``JIGUAN_REPAIR_APPROVAL_THRESHOLDS`` (default: up to 50 万元 the bureau; up to 300 万元 the
  bureau's collective decision; above, the government of the same level).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings

from jiguan.space.repairs.models import ApprovalLevel, RepairKind

RULE_KINDS = "《中央国家机关办公用房维修管理办法（试行）》"
RULE_ART28 = "《楼堂馆所建设管理条例》第二十八条"
TEXT_ART28 = "维修办公用房应当严格履行审批程序，执行维修标准，禁止超标准装修或者配置超标准的设施"
MAX_EXTENSION_SHARE = Decimal("0.15")

TASK_BUREAU = "space.repair.bureau"
TASK_AGENCY = "space.repair.agency"


LEVEL_ORDER = (ApprovalLevel.BUREAU, ApprovalLevel.MEETING, ApprovalLevel.GOVERNMENT)

#: [R] (upper bound in 元, level): amounts up to each bound need at least that level; above
#: the last bound, the government of the same level.
DEFAULT_APPROVAL_THRESHOLDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal("500000"), ApprovalLevel.BUREAU),
    (Decimal("3000000"), ApprovalLevel.MEETING),
)

#: The check-list against over-standard decoration: every item must be confirmed [R].
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("materials", "不使用高档石材、名贵木材等高档装饰材料"),
    ("facilities", "不配置超标准的设施设备（豪华灯具、高档卫浴、高档家具等）"),
    ("area", "不借维修扩大办公室面积或增加超标准的办公用房"),
    ("function", "不改变办公用房的使用功能"),
    ("standard", "执行维修标准，装修档次不超过《党政机关办公用房建设标准》的规定"),
)


def approval_thresholds() -> tuple[tuple[Decimal, str], ...]:
    configured = getattr(settings, "JIGUAN_REPAIR_APPROVAL_THRESHOLDS", None)
    if not configured:
        return DEFAULT_APPROVAL_THRESHOLDS
    return tuple((Decimal(str(bound)), str(level)) for bound, level in configured)


def required_level(amount: Decimal,
                   thresholds: Sequence[tuple[Decimal, str]] | None = None) -> str:
    for bound, level in thresholds or approval_thresholds():
        if amount <= bound:
            return level
    return ApprovalLevel.GOVERNMENT


def wan(amount: Decimal) -> str:
    return f"{(amount / 10000).quantize(Decimal('0.01')):,} 万元"


def thresholds_text(thresholds: Sequence[tuple[Decimal, str]] | None = None) -> str:
    parts = [f"不超过{wan(bound)}：{ApprovalLevel(level).label}"
             for bound, level in thresholds or approval_thresholds()]
    parts.append(f"以上：{ApprovalLevel.GOVERNMENT.label}")
    return "；".join(parts)


def level_refusal(amount: Decimal, level: str,
                  thresholds: Sequence[tuple[Decimal, str]] | None = None) -> str | None:
    """The refusal when ``level`` is below what ``amount`` needs."""
    need = required_level(amount, thresholds)
    if LEVEL_ORDER.index(ApprovalLevel(level)) >= LEVEL_ORDER.index(ApprovalLevel(need)):
        return None
    return (f"预算 {wan(amount)}，须经“{ApprovalLevel(need).label}”"
            f"（审批权限：{thresholds_text(thresholds)}）")


def needs_approval(kind: str) -> bool:
    return kind != RepairKind.DAILY


def extension_refusal(kind: str, extension: Decimal, building_area: Decimal) -> str | None:
    if extension < 0:
        return "新增建筑面积不能为负数"
    if extension == 0:
        return None
    if kind != RepairKind.MAJOR:
        return (f"{RepairKind(kind).label}不得增加建筑面积；只有大修可少量扩建"
                f"（{RULE_KINDS}）")
    limit = (building_area * MAX_EXTENSION_SHARE).quantize(Decimal("0.01"))
    if extension > limit:
        return (f"大修新增建筑面积 {extension} m² 超过原建筑面积 {building_area} m² 的 15%"
                f"（{limit} m²）（{RULE_KINDS}）")
    return None


def checklist_refusal(confirmed: Iterable[str]) -> str | None:
    missing = [text for key, text in CHECKLIST if key not in set(confirmed)]
    if not missing:
        return None
    return (f"装修标准自查未通过，以下事项未确认：{'；'.join(missing)}。"
            f"{RULE_ART28}：{TEXT_ART28}。")


def parse_items(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Items, one a line: ``名称，金额（元）`` (a comma, a tab or spaces between). Returns the
    items and the row-numbered errors."""
    items: list[dict[str, str]] = []
    errors: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for sep in ("，", ",", "\t"):
            if sep in line:
                name, _, amount = line.rpartition(sep)
                break
        else:
            name, _, amount = line.rpartition(" ")
        name, amount = name.strip(), amount.strip().replace("元", "")
        try:
            value = Decimal(amount)
        except InvalidOperation:
            errors.append(f"第 {n} 行：金额“{amount}”不是数字（格式：名称，金额）")
            continue
        if not name:
            errors.append(f"第 {n} 行：缺少项目名称（格式：名称，金额）")
        elif not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
            errors.append(f"第 {n} 行：金额应大于 0")
        else:
            items.append({"name": name[:100], "amount": f"{value.quantize(Decimal('0.01'))}"})
    if not items and not errors:
        errors.append("请至少填写一个维修项目（每行一项：名称，金额）")
    return items, errors


def items_total(items: Iterable[dict[str, str]]) -> Decimal:
    return sum((Decimal(i["amount"]) for i in items), Decimal(0))


def over_budget_refusal(final_cost: Decimal, approved: Decimal) -> str | None:
    if final_cost <= approved:
        return None
    return (f"决算金额 {wan(final_cost)} 超过批准预算 {wan(approved)}：须先申请追加预算"
            "并经批准后再申请验收")
