"""The reference data of this topic, loaded by the data migration (0003_asset_classes) and
read by nothing else at run time: the GB/T 14885 fixed-asset class tree (the classes units
of an administration actually hold) and the configuration standards per class.

Source of the class tree: GB/T 14885-2010 《固定资产分类与代码》, whose six top classes
(土地、房屋及构筑物；通用设备；专用设备；文物和陈列品；图书、档案；家具、用具、装具及动植物)
are the ones 《行政事业单位国有资产管理信息系统》 and the units' asset cards use. The 2022
edition (GB/T 14885-2022 《固定资产等资产基础分类与代码》, 门类 1-9 including 无形资产) regroups
them; switching is a data change here. Confidence, per row (docs/assets.md):
- level 1 (one digit): high — the six classes of the 2010 edition;
- level 2 (three digits): medium — names as in the standard, codes from memory of it;
- level 3 (five digits) and the two seven-digit leaves: low — the common subclasses agencies
  hold, codes reconstructed, to be checked against the standard text [R].
"""

from __future__ import annotations

# (code, name, unit, confidence); the parent is the code minus its last two digits (the top
# class for a three-digit code).
CLASSES: tuple[tuple[str, str, str, str], ...] = (
    ("1", "土地、房屋及构筑物", "", "high"),
    ("101", "土地", "平方米", "medium"),
    ("102", "房屋", "平方米", "medium"),
    ("10201", "办公用房", "平方米", "low"),
    ("10202", "业务用房", "平方米", "low"),
    ("10203", "宿舍及生活用房", "平方米", "low"),
    ("103", "构筑物", "座", "medium"),
    ("2", "通用设备", "", "high"),
    ("201", "计算机设备及软件", "台", "medium"),
    ("20101", "计算机设备", "台", "low"),
    ("2010104", "台式计算机", "台", "low"),
    ("2010105", "便携式计算机", "台", "low"),
    ("20102", "网络设备", "台", "low"),
    ("20106", "输入输出设备（打印机、扫描仪）", "台", "low"),
    ("202", "办公设备", "台", "medium"),
    ("20201", "复印机", "台", "low"),
    ("20202", "投影仪", "台", "low"),
    ("20204", "多功能一体机", "台", "low"),
    ("20206", "碎纸机", "台", "low"),
    ("203", "车辆", "辆", "medium"),
    ("20301", "载客汽车", "辆", "low"),
    ("20302", "载货汽车", "辆", "low"),
    ("20310", "摩托车", "辆", "low"),
    ("204", "图书档案设备", "台", "medium"),
    ("206", "电气设备（空调机等）", "台", "medium"),
    ("20601", "空调机", "台", "low"),
    ("207", "通信设备", "台", "medium"),
    ("208", "广播、电视、电影设备", "台", "medium"),
    ("3", "专用设备", "", "high"),
    ("301", "探矿、采矿、选矿和造块设备", "台", "medium"),
    ("320", "医疗设备", "台", "medium"),
    ("322", "安全生产设备", "台", "medium"),
    ("325", "公安专用设备", "台", "medium"),
    ("4", "文物和陈列品", "件", "high"),
    ("401", "文物", "件", "medium"),
    ("402", "陈列品", "件", "medium"),
    ("5", "图书、档案", "册", "high"),
    ("501", "图书", "册", "medium"),
    ("502", "档案", "卷", "medium"),
    ("6", "家具、用具、装具及动植物", "", "high"),
    ("601", "家具用具", "件", "medium"),
    ("60101", "床类", "张", "low"),
    ("60102", "台、桌类（办公桌）", "张", "low"),
    ("60103", "椅凳类（办公椅）", "把", "low"),
    ("60104", "沙发类", "套", "low"),
    ("60105", "柜类（文件柜）", "组", "low"),
    ("602", "被服装具", "件", "medium"),
    ("603", "特种用途动物", "只", "medium"),
    ("604", "特种用途植物", "株", "medium"),
)

# The top classes whose cards are register buildings and land (one card per building,
# linked to the office-space register instead of typed twice).
BUILDING_CODE = "102"

# The configuration standards: (class code, per person, highest unit price in yuan, shortest
# service life in years, source, verified?). Central-agency figures from 《中央行政单位通用办公
# 设备家具配置标准》 (财资〔2016〕27号) as remembered, not read here: every value is [R].
SRC = "《中央行政单位通用办公设备家具配置标准》（财资〔2016〕27号）"
STANDARDS: tuple[tuple[str, str | None, str | None, int | None, str, bool], ...] = (
    ("2010104", "1", "5000", 6, SRC, False),
    ("2010105", "1", "7000", 6, SRC, False),
    ("20106", "0.5", "2000", 6, SRC, False),
    ("20201", None, "25000", 6, SRC, False),
    ("20204", None, "25000", 6, SRC, False),
    ("20601", "1", "5000", 8, SRC, False),
    ("60102", "1", "3000", 15, SRC, False),
    ("60103", "1", "800", 15, SRC, False),
    ("60104", "0.2", "5000", 15, SRC, False),
    ("60105", "2", "1500", 15, SRC, False),
)


def parent_code(code: str) -> str | None:
    if len(code) == 1:
        return None
    if len(code) == 3:
        return code[:1]
    return code[:-2]
