"""The guiding catalogue (指导性目录) and the negative list (负面清单) as data, with sources
(docs: /work/shared/docs/domain-rules.md §6).

The seven categories follow 《四川省省级机关后勤社会化服务管理标准》（川机管发〔2015〕53号）,
the one published catalogue with standards and prices domain-rules.md records [V-S]; the
items under them and their units are ours ([R]: to be confirmed against the province's own
catalogue). The negative list is 《政府购买服务管理办法》（财政部令第102号）第十条, items ①③⑤
verified [V-S], the rest [R].
"""

from __future__ import annotations

from typing import Any, NamedTuple

SICHUAN_2015 = "《四川省省级机关后勤社会化服务管理标准》（川机管发〔2015〕53号）"
ORDER_102 = "《政府购买服务管理办法》（财政部令第102号）"
OURS = "本平台拟定〔待核实〕"


class ItemRow(NamedTuple):
    code: str
    name: str
    unit: str


class CategoryRow(NamedTuple):
    code: str
    name: str
    source: str
    items: tuple[ItemRow, ...]


UNITS = ("m²", "人·月", "餐", "场", "次", "台·年", "项·年", "株·年", "人次")

CATEGORIES: tuple[CategoryRow, ...] = (
    CategoryRow("01", "房屋日常维护", SICHUAN_2015, (
        ItemRow("0101", "房屋日常巡查与小修", "m²"),
        ItemRow("0102", "门窗、五金及水电零星维修", "次"),
    )),
    CategoryRow("02", "公用设施设备", SICHUAN_2015, (
        ItemRow("0201", "电梯运行维护", "台·年"),
        ItemRow("0202", "中央空调运行维护", "项·年"),
        ItemRow("0203", "给排水及配电设施运行维护", "项·年"),
    )),
    CategoryRow("03", "环境卫生", SICHUAN_2015, (
        ItemRow("0301", "办公区域保洁", "m²"),
        ItemRow("0302", "公共区域保洁", "m²"),
        ItemRow("0303", "垃圾分类收集与清运", "项·年"),
    )),
    CategoryRow("04", "秩序维护", SICHUAN_2015, (
        ItemRow("0401", "门岗值守与访客登记", "人·月"),
        ItemRow("0402", "安全巡逻与消防控制室值守", "人·月"),
    )),
    CategoryRow("05", "绿化", SICHUAN_2015, (
        ItemRow("0501", "绿地养护", "m²"),
        ItemRow("0502", "室内绿植租摆", "株·年"),
    )),
    CategoryRow("06", "会议服务", SICHUAN_2015, (
        ItemRow("0601", "会议保障服务", "场"),
    )),
    CategoryRow("07", "职工食堂", SICHUAN_2015, (
        ItemRow("0701", "职工食堂餐饮服务（工作餐）", "餐"),
        ItemRow("0702", "食堂后厨运营管理", "人·月"),
    )),
)


class NegativeRow(NamedTuple):
    clause: str
    text: str
    keywords: tuple[str, ...]
    verified: bool


# 第十条 negative list. Keywords find an item or a purchase title that falls on it.
NEGATIVE_LIST: tuple[NegativeRow, ...] = (
    NegativeRow("①", "不属于政府职责范围的服务事项", (), False),
    NegativeRow("②", "应当由政府直接履职的事项", ("行政审批", "行政执法", "行政处罚"), False),
    NegativeRow("③", "政府采购法律、行政法规规定的货物和工程，以及将工程和服务打包的项目",
                ("工程", "改造", "装修", "新建", "扩建", "设备采购", "货物采购"), True),
    NegativeRow("④", "融资行为", ("融资", "贷款", "借款"), False),
    NegativeRow("⑤", "购买主体的人员招、聘用，以劳务派遣方式用工，以及设置公益性岗位等事项",
                ("劳务派遣", "招聘", "聘用", "公益性岗位", "派遣用工"), True),
    NegativeRow("⑥", "法律、行政法规以及国务院规定的其他不得作为政府购买服务内容的事项",
                (), False),
)


def seed_catalogue(category_model: Any, item_model: Any, negative_model: Any) -> int:
    """Insert the categories, items and the negative list when the tables are empty (the
    first migration; tests after a flush)."""
    made = 0
    if not category_model.objects.exists():
        for order, cat in enumerate(CATEGORIES, start=1):
            c = category_model.objects.create(code=cat.code, name=cat.name, order=order,
                                              source=cat.source)
            item_model.objects.bulk_create(
                item_model(category=c, code=i.code, name=i.name, unit=i.unit, source=OURS)
                for i in cat.items)
            made += 1 + len(cat.items)
    if not negative_model.objects.exists():
        negative_model.objects.bulk_create(
            negative_model(clause=n.clause, text=n.text, keywords="、".join(n.keywords),
                           verified=n.verified, source=f"{ORDER_102}第十条")
            for n in NEGATIVE_LIST)
        made += len(NEGATIVE_LIST)
    return made
