"""The catalogue's rules as pure functions (no ORM). Source: 《政府购买服务管理办法》
（财政部令第102号）, effective 2020-03-01: 第五–八条 (who buys, who supplies), 第十条 (the
negative list), 第十一条 (the guiding catalogue, lower levels compile theirs as the province
decides), 第十四条 (in the catalogue and budgeted first)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

ORDER_102 = "《政府购买服务管理办法》（财政部令第102号）"
SUPPLIER_RULE = (f"{ORDER_102}第八条：公益一类事业单位、使用事业编制且由财政拨款保障的群团组织，"
                 "不作为政府购买服务的购买主体和承接主体")
BUYER_RULE = (f"{ORDER_102}第五、六、八条：购买主体为各级国家机关"
              "（党的机关、政协机关、民主党派机关、承担行政职能的事业单位和"
              "使用行政编制的群团组织机关参照执行）；公益一类事业单位不得作为购买主体")
NARROW_RULE = (f"{ORDER_102}第十一条：下级目录在上级指导性目录范围内编制，"
               "只能删减事项，不能增加")

# Supplier kinds that may not supply (第八条).
INELIGIBLE_SUPPLIERS = frozenset({"institution_1", "funded_mass_org"})
# Buyer classes that may buy (第五、六条); "organ" is the default of a 国家机关 agency.
BUYER_CLASSES = {
    "organ": "国家机关（党的机关、人大、政府、政协、法院、检察院、民主党派机关）",
    "admin_institution": "承担行政职能的事业单位",
    "admin_mass_org": "使用行政编制的群团组织机关",
    "institution_1": "公益一类事业单位",
    "other_institution": "其他事业单位",
    "other": "其他单位",
}
ELIGIBLE_BUYERS = frozenset({"organ", "admin_institution", "admin_mass_org"})


class NegativeLike(Protocol):
    clause: str
    text: str

    @property
    def keyword_list(self) -> tuple[str, ...]: ...


def negative_hit(text: str, entries: Iterable[NegativeLike]) -> NegativeLike | None:
    """The negative-list entry whose keyword `text` contains, or None."""
    for entry in entries:
        for word in entry.keyword_list:
            if word and word in text:
                return entry
    return None


def negative_refusal(name: str, entry: NegativeLike) -> str:
    return (f"“{name}”属于政府购买服务负面清单，不得购买："
            f"{ORDER_102}第十条{entry.clause}（{entry.text}）")


def narrowing_refusal(parent_codes: Iterable[str], chosen_codes: Iterable[str]) -> str | None:
    """A narrowed catalogue may only keep items of the catalogue above it."""
    extra = sorted(set(chosen_codes) - set(parent_codes))
    if extra:
        return f"上级目录中没有事项 {'、'.join(extra)}，{NARROW_RULE}"
    return None


def supplier_refusal(kind: str) -> str | None:
    if kind in INELIGIBLE_SUPPLIERS:
        return f"该类主体不得承接政府购买服务：{SUPPLIER_RULE}"
    return None


def buyer_refusal(buyer_class: str) -> str | None:
    if buyer_class not in ELIGIBLE_BUYERS:
        label = BUYER_CLASSES.get(buyer_class, buyer_class)
        return f"“{label}”不得作为购买主体：{BUYER_RULE}"
    return None


def default_buyer_class(agency_type_code: str) -> str:
    """An agency's buyer class from its 单位性质: a 国家机关 is an organ; a 事业单位 or a
    社会团体 must say which class it is (公益一类 or not) before it buys."""
    return "organ" if agency_type_code == "01" else ""


def price_position(price: Decimal, low: Decimal, high: Decimal) -> str:
    """Where a unit price lies against the reference range: below, within or above."""
    if price < low:
        return "below"
    if price > high:
        return "above"
    return "within"


PRICE_POSITION_LABELS = {"below": "低于参考价", "within": "在参考价区间内", "above": "高于参考价"}


def ancestor_paths(path: str) -> list[str]:
    """A region path and every path above it, nearest first ("/33/3301/330106/" →
    ["/33/3301/330106/", "/33/3301/", "/33/"])."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(len(parts), 0, -1)]
