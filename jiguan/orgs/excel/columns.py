"""The columns of the agency and person imports and the cell helpers they share (see
jiguan.orgs.excel)."""

from __future__ import annotations

import re

from jiguan.core.excel import Column, Record, cell_str
from jiguan.core.imports.pipeline import Importer, RowError
from jiguan.orgs import rules

LEVEL_CHOICES = tuple(rules.LEVEL_LABELS.values())
TYPE_CHOICES = tuple(f"{code} {label}" for code, label in rules.AGENCY_TYPES.items())
RANK_CHOICES = tuple(dict.fromkeys(r.label for ranks in rules.RANKS.values() for r in ranks))
HEADCOUNTS = ("authorized_headcount", "actual_headcount", "energy_headcount")
_CODE_PREFIX = re.compile(r"^\s*(\d{1,3})(?:\s|$)")

AGENCY_COLUMNS = [
    Column("name", "单位名称", required=True, example="浙江省示例厅", width=28,
           synonyms=("机构名称", "单位全称", "单位名", "机构全称")),
    Column("credit_code", "统一社会信用代码", aliases=("信用代码", "社会信用代码"),
           required=True, example="11330000002500009H", width=22,
           help="18位，按文本填写；已登记的单位按此代码更新"),
    Column("region_code", "行政区划代码", aliases=("区划代码",), required=True,
           synonyms=("区划", "所在地区代码", "行政区划", "地区代码", "所属区划"),
           example="330000", help="6位区划代码，如 330000（浙江省）、330106（西湖区）"),
    Column("level", "单位层级", required=True, choices=LEVEL_CHOICES, example="省级",
           synonyms=("层级", "单位级别", "行政级别", "机构层级")),
    Column("type_code", "单位性质", choices=TYPE_CHOICES, example="01 国家机关", width=22,
           synonyms=("单位类型", "机构性质", "机构类型"),
           help="留空：新单位为“01 国家机关”，已有单位不变"),
    Column("parent_credit_code", "上级单位信用代码", width=22,
           help="上级单位须已登记，或在本表中列于本单位之前"),
    Column("authorized_headcount", "编制数", example=50, help="非负整数",
           synonyms=("人员编制", "编制人数", "核定编制", "核定编制数")),
    Column("actual_headcount", "实有人数", example=45, help="非负整数",
           synonyms=("在岗人数", "实际人数", "现有人数", "在编人数")),
    Column("energy_headcount", "用能人数", example=48, help="非负整数，可空",
           synonyms=("用能人口",)),
]

PERSON_COLUMNS = [
    Column("agency_credit_code", "单位信用代码",
           aliases=("单位统一社会信用代码", "统一社会信用代码", "信用代码"), required=True,
           example="11330000002500009H", width=22),
    Column("name", "姓名", required=True, example="张三", synonyms=("人员姓名", "名字")),
    Column("staff_no", "人员编号", example="001", synonyms=("工号", "编号", "职工编号"),
           help="单位内部编号，可空；已有同名人员时须填写，用于识别同一人"),
    Column("post", "职务", example="处长", width=20, synonyms=("职位", "岗位", "现任职务")),
    Column("rank", "职级", required=True, choices=RANK_CHOICES, example="正处级",
           synonyms=("职务级别", "级别", "职务职级"),
           help="须为所在单位层级的职级"),
]


def code_of(value: object) -> str:
    """A credit code cell as stored: full-width folded, no spaces, upper case."""
    return rules.normalize_credit_code(cell_str(value))


def parse_type(text: str) -> str | None:
    """"01 国家机关", "01", "国家机关" or "1" -> "01"."""
    found = rules.parse_agency_type(text)
    if found is None and (match := _CODE_PREFIX.match(text)):
        found = rules.parse_agency_type(match.group(1))
    return found


def text_of(record: Record, field_name: str, limit: int, label: str,
            errors: list[RowError], importer: Importer, *, required: bool = False) -> str:
    value = cell_str(record.values.get(field_name))
    if required and not value:
        errors.append(importer.error(record, field_name, f"{label}不能为空"))
    elif len(value) > limit:
        errors.append(importer.error(record, field_name, f"{label}不能超过{limit}个字"))
    return value
