"""Three service standards as data (catering, office cleaning, greening), after the Jiaxing
standardisation pilot (domain-rules.md, the seed: Jiaxing piloted standards for catering,
office cleaning and greening).

The codes are internal numbers of this platform (JG-FW-…): the Jiaxing pilot's own documents
were not seen. Each item names where its requirement comes from: a public national standard
or rule, summarised (not quoted), marked 〔待核实〕 until checked against the text; items with
`ours=True` are this platform's own (scoring detail the public sources do not give). The
weights of each standard add up to 100; a deduction is per defect found, never more than the
item's weight in total.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

GB31654 = "GB 31654-2021《食品安全国家标准 餐饮服务通用卫生规范》"
SAMR_2018 = "《餐饮服务食品安全操作规范》（市场监管总局公告2018年第12号）"
GB20647 = "GB/T 20647.9-2006《社区服务指南 第9部分：物业服务》"
CJJT287 = "CJJ/T 287-2018《园林绿化养护标准》"
SORTING = "《浙江省生活垃圾管理条例》（2021）"
UNVERIFIED = "〔待核实〕"
OURS = "本平台拟定"


class ItemRow(NamedTuple):
    aspect: str
    requirement: str
    method: str
    frequency: str
    weight: str
    deduction: str
    source: str
    ours: bool = False


class StandardRow(NamedTuple):
    code: str
    title: str
    category_code: str
    source: str
    items: tuple[ItemRow, ...]


EFFECTIVE = dt.date(2024, 1, 1)
VERSION = "2024"

STANDARDS: tuple[StandardRow, ...] = (
    StandardRow("JG-FW-CY-01", "机关职工食堂餐饮服务规范", "07",
                f"{GB31654}；{SAMR_2018}；嘉兴机关事务服务标准化试点（餐饮）", (
        ItemRow("从业人员健康", "从业人员持有效健康证明上岗，每日晨检并记录", "record", "daily",
                "10", "5", f"{GB31654} 人员健康管理{UNVERIFIED}"),
        ItemRow("个人卫生", "工作时穿戴清洁的工作衣帽，专间操作佩戴口罩，不佩戴饰物", "onsite",
                "daily", "8", "2", f"{GB31654} 人员卫生{UNVERIFIED}"),
        ItemRow("原料进货查验", "食品原料进货查验并留存票证，建立进货台账", "record", "weekly",
                "10", "5", f"{SAMR_2018} 进货查验{UNVERIFIED}"),
        ItemRow("生熟分开", "生熟食品、原料与半成品分开存放加工，容器工具标识明确", "onsite",
                "daily", "12", "4", f"{GB31654} 加工制作{UNVERIFIED}"),
        ItemRow("餐用具消毒", "餐用具清洗消毒后存放于保洁设施，消毒记录完整", "record", "daily",
                "12", "4", f"{GB31654} 清洗消毒{UNVERIFIED}"),
        ItemRow("食品留样", "每餐次食品成品留样，每个品种不少于125克，冷藏存放48小时以上",
                "record", "daily", "10", "5", f"{SAMR_2018} 食品留样{UNVERIFIED}"),
        ItemRow("就餐环境", "就餐区地面、桌椅干净无油污，无蚊蝇", "onsite", "daily", "10", "2",
                f"{GB31654} 场所卫生{UNVERIFIED}"),
        ItemRow("厉行节约", "按需供餐、提示适量取餐，餐厨垃圾分类并计量", "onsite", "weekly",
                "8", "2", f"{SORTING}；《反食品浪费法》（2021）{UNVERIFIED}"),
        ItemRow("供餐准时", "按约定时间开餐，菜品数量、品种符合当日菜单", "onsite", "daily",
                "10", "2", OURS, True),
        ItemRow("就餐满意度", "就餐人员满意度调查得分折算", "survey", "quarterly", "10", "0",
                OURS, True),
    )),
    StandardRow("JG-FW-BJ-01", "机关办公区域保洁服务规范", "03",
                f"{GB20647}；嘉兴机关事务服务标准化试点（保洁）", (
        ItemRow("地面", "办公区、走廊、大厅地面无垃圾、无污渍、无积水", "onsite", "daily", "15",
                "2", f"{GB20647} 保洁服务{UNVERIFIED}"),
        ItemRow("卫生间", "卫生间无异味，便器无污垢，纸巾、洗手液及时补充", "onsite", "daily",
                "20", "3", f"{GB20647} 保洁服务{UNVERIFIED}"),
        ItemRow("门窗玻璃", "门窗、玻璃、扶手无明显灰尘和手印", "onsite", "weekly", "10", "2",
                f"{GB20647} 保洁服务{UNVERIFIED}"),
        ItemRow("垃圾分类", "垃圾按四分类收集，日产日清，容器外观清洁", "onsite", "daily", "15",
                "3", f"{SORTING}{UNVERIFIED}"),
        ItemRow("会议室", "会前会后及时清洁，桌面、茶具洁净", "onsite", "event", "10", "2",
                OURS, True),
        ItemRow("作业记录", "保洁作业和巡查记录完整，问题整改可追溯", "record", "monthly", "10",
                "2", f"{GB20647} 服务记录{UNVERIFIED}"),
        ItemRow("人员着装与保密", "保洁人员统一着装、持证上岗，不翻阅文件资料", "onsite",
                "weekly", "10", "5", OURS, True),
        ItemRow("使用满意度", "办公人员满意度调查得分折算", "survey", "quarterly", "10", "0",
                OURS, True),
    )),
    StandardRow("JG-FW-LH-01", "机关庭院绿化养护服务规范", "05",
                f"{CJJT287}；嘉兴机关事务服务标准化试点（绿化）", (
        ItemRow("乔灌木修剪", "乔木、灌木适时修剪，树形整齐，无枯枝死杈", "onsite", "monthly",
                "15", "3", f"{CJJT287} 整形修剪{UNVERIFIED}"),
        ItemRow("草坪", "草坪平整，高度适宜，无明显杂草和斑秃", "measure", "monthly", "15", "3",
                f"{CJJT287} 草坪养护{UNVERIFIED}"),
        ItemRow("浇灌与排水", "适时浇灌，绿地无积水，植物无失水萎蔫", "onsite", "weekly", "15",
                "3", f"{CJJT287} 灌溉与排水{UNVERIFIED}"),
        ItemRow("病虫害防治", "病虫害及时防治，优先生物和物理防治，用药记录完整", "record",
                "monthly", "15", "5", f"{CJJT287} 有害生物防治{UNVERIFIED}"),
        ItemRow("补植", "缺株、死株及时补植，补植品种规格与原设计一致", "onsite", "quarterly",
                "10", "3", f"{CJJT287} 补植{UNVERIFIED}"),
        ItemRow("绿地保洁", "绿地内无垃圾杂物，枯枝落叶及时清理", "onsite", "weekly", "10", "2",
                OURS, True),
        ItemRow("作业安全", "修剪、喷药作业设置警示，避开上下班高峰", "onsite", "event", "10",
                "5", OURS, True),
        ItemRow("环境满意度", "办公人员满意度调查得分折算", "survey", "quarterly", "10", "0",
                OURS, True),
    )),
)


def seed_standards(category_model: Any, standard_model: Any, item_model: Any) -> int:
    """Insert the three standards when the table is empty (the first migration)."""
    if standard_model.objects.exists():
        return 0
    made = 0
    for row in STANDARDS:
        category = category_model.objects.get(code=row.category_code)
        s = standard_model.objects.create(code=row.code, title=row.title, version=VERSION,
                                          effective_from=EFFECTIVE, category=category,
                                          source=row.source)
        item_model.objects.bulk_create(
            item_model(standard=s, no=n, aspect=i.aspect, requirement=i.requirement,
                       method=i.method, frequency=i.frequency, weight=Decimal(i.weight),
                       deduction=Decimal(i.deduction), source=i.source, ours=i.ours)
            for n, i in enumerate(row.items, start=1))
        made += 1
    return made
