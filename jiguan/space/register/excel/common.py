"""Shared pieces of the register's spreadsheet import and export (see
jiguan.space.register.excel): limits, the import columns, the cell parsers and the
importers' base."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db import models

from jiguan.core.db.batches import lookup_batches
from jiguan.core.excel import Column, Record, cell_date, cell_decimal, cell_int, cell_str
from jiguan.core.imports.pipeline import Importer, RowError
from jiguan.orgs.models import Person
from jiguan.space.register.models import (
    SUBTYPES,
    BuildingType,
    BuildingUse,
    RegistrationStatus,
    Structure,
    UseClass,
)

_CHUNK = 500  # values per IN (...) query: well under every database's parameter limit


CENT = Decimal("0.01")


#: Cells parsed once per distinct value (floors, areas): the parsed values are shared by
#: every row, and parsing is skipped. At most this many values per column are remembered.
CACHE_SIZE = 100_000


CACHEABLE = frozenset({str, int, float})  # not bool: True == 1 would share 1's entry


UNSET = object()


NOBODY: tuple[Person, ...] = ()


BAD = object()


EARLIEST_CERT_YEAR = 1949


MAX_FLOORS_ABOVE = 200


MAX_FLOORS_BELOW = 20


_LIMITS = {digits: Decimal(10) ** (digits - 2) for digits in (10, 12, 14)}


def _labels(choices: type[models.TextChoices]) -> tuple[str, ...]:
    return tuple(str(label) for label in choices.labels)


BUILDING_COLUMNS = [
    Column("code", "房产编号", required=True, example="FC-330106-0001", width=18,
           help="全省唯一；已登记的房产按此编号更新"),
    Column("name", "名称", aliases=("房产名称",), required=True, example="西湖区行政中心1号楼",
           width=24),
    Column("address", "地址", example="杭州市西湖区示例路1号", width=28),
    Column("region_code", "行政区划代码", aliases=("区划代码",), required=True,
           example="330106", help="6位区划代码，须在您的权限范围内"),
    Column("property_cert_no", "不动产权证号", width=22),
    Column("land_cert_no", "土地证号", width=20),
    Column("cert_issued_on", "发证日期", example="2015-06-01",
           help="格式如 2015-06-01；不能晚于今天，不能早于 1949 年"),
    Column("owner", "权利人", example="杭州市西湖区机关事务管理局", width=24),
    Column("registration_status", "登记状态", choices=_labels(RegistrationStatus),
           example="已登记", help="留空：新房产为“未登记”，已有房产不变"),
    Column("filing_reason", "备案原因", width=24, help="登记状态为“权属备案”时必填"),
    Column("land_area", "土地面积（㎡）", aliases=("土地面积",), example=3000),
    Column("building_area", "建筑面积（㎡）", aliases=("建筑面积",), required=True,
           example=12000, help="须大于 0，且不小于各房间使用面积之和"),
    Column("cert_building_area", "证载建筑面积（㎡）", aliases=("证载建筑面积",)),
    Column("floors_above", "地上层数", example=8, help="至少为 1；留空：新房产为 1"),
    Column("floors_below", "地下层数", example=1, help="留空：新房产为 0"),
    Column("year_built", "建成年份", example=2010),
    Column("structure", "结构", choices=_labels(Structure), example="钢筋混凝土"),
    Column("building_type", "建筑类型", choices=_labels(BuildingType), example="高层"),
    Column("book_value", "账面价值（元）", aliases=("账面价值",), example=56000000),
    Column("asset_card_no", "资产卡片号", width=18),
    Column("use", "用途", choices=_labels(BuildingUse), example="办公",
           help="办公 或 技术业务；留空：新房产为“办公”"),
]


ROOM_COLUMNS = [
    Column("building_code", "房产编号", required=True, example="FC-330106-0001", width=18,
           help="房产须已登记且在您的权限范围内"),
    Column("floor", "楼层", required=True, example=3,
           help="整数，地下为负数；也可写 3层、B1、地下1层"),
    Column("number", "房间号", required=True, example="301",
           help="同一房产内唯一；按“房产编号 + 房间号”识别房间"),
    Column("use_class", "用途分类", required=True, choices=_labels(UseClass), example="办公室"),
    Column("subtype", "具体用途", width=18,
           help="服务、设备、附属、技术业务用房须为《党政机关办公用房建设标准》中的具体用途"),
    Column("usable_area", "使用面积（㎡）", aliases=("使用面积",), required=True, example=18,
           help="须大于 0"),
    Column("building_area", "建筑面积（㎡）", aliases=("建筑面积",)),
    Column("agency_credit_code", "使用单位信用代码",
           aliases=("使用单位统一社会信用代码", "使用单位代码"), width=22,
           help="可空；填写则登记（或保持）该单位为房间的当前使用单位"),
    Column("start_date", "使用起始日期",
           help="可空，留空为导入当天；房间已由该单位使用时不修改原起始日期"),
    Column("occupants", "使用人", width=24,
           help="可空；该单位在职人员姓名，多人用“、”分隔；同名人员写成“姓名（人员编号）”。"
                "未列出的现有使用人不会被腾退"),
]


_CHOICE_TABLES: dict[type[models.TextChoices], dict[str, str]] = {}


def parse_choice(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for a Chinese label or the value itself; ``None`` when neither."""
    table = _CHOICE_TABLES.get(choices)
    if table is None:
        table = {}
        for value, label in choices.choices:
            table[str(value)] = table[unicodedata.normalize("NFKC", str(label))] = str(value)
        _CHOICE_TABLES[choices] = table
    found = table.get(text)
    return found if found is not None else table.get(unicodedata.normalize("NFKC", text).strip())


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


_FLOOR_BELOW = re.compile(r"(?:地下|负|B|-)(.+?)(?:层|楼|F)?")


_FLOOR_ABOVE = re.compile(r"(?:地上|第)?(.+?)(?:层|楼|F)?")


def _small_number(text: str) -> int | None:
    """"12" or a Chinese numeral up to 九十九 ("十二", "二十") -> int."""
    if re.fullmatch(r"\d{1,3}", text):
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def parse_floor(value: object) -> int | None:
    """A floor cell as a number: 3, "3", "3层", "第3层", "3F" -> 3; -1, "B1", "地下1层",
    "地下一层", "负一层" -> -1. ``None`` when blank; raises ``ValueError`` when unreadable."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return cell_int(value)
        except ValueError:
            raise ValueError("楼层无效") from None
    text = unicodedata.normalize("NFKC", cell_str(value)).upper().replace(" ", "")
    if not text:
        return None
    for pattern, sign in ((_FLOOR_BELOW, -1), (_FLOOR_ABOVE, 1)):
        found = pattern.fullmatch(text)
        if found and (number := _small_number(found.group(1))) is not None:
            return sign * number
    raise ValueError("楼层无效")


_PEOPLE_SEPARATORS = re.compile(r"[、,，;；\n]+")


NAME_WITH_NO = re.compile(r"^(.+?)\s*[(（]\s*(.+?)\s*[)）]$")


def split_people(text: str) -> list[str]:
    """"张三、李四（007）" -> ["张三", "李四（007）"] (duplicates dropped, order kept)."""
    entries = (part.strip() for part in _PEOPLE_SEPARATORS.split(text))
    return list(dict.fromkeys(e for e in entries if e))


def subtype_problem(use_class: str, subtype: str) -> str | None:
    """Why ``subtype`` is not a subtype of ``use_class`` in the 2014 standard, or ``None``."""
    allowed = SUBTYPES.get(use_class, ())
    if subtype and allowed and subtype not in allowed:
        return (f"“{subtype}”不是{UseClass(use_class).label}的具体用途，可选："
                + "、".join(allowed))
    return None


PERSON_FIELDS = ("id", "name", "staff_no", "status", "agency")


def match_seated(seated: Sequence[Person], entry: str) -> Person | None:
    """The one person already seated who answers to ``entry`` ("张三" or "张三（007）")."""
    if not seated:
        return None
    with_no = NAME_WITH_NO.match(entry)
    if with_no:
        name, staff_no = with_no.groups()
        found = [p for p in seated if p.name == name and p.staff_no == staff_no]
    else:
        found = [p for p in seated if p.name == entry]
    return found[0] if len(found) == 1 else None


def column_name(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return str(field.column)


def chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    return lookup_batches(values, _CHUNK)


def _short(label: str) -> str:
    """"建筑面积（㎡）" -> "建筑面积": the column's name inside a sentence."""
    return label.split("（", 1)[0]


def m2(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "")


class SpaceImporter(Importer):
    """Cell readers shared by both importers; each appends its own Chinese error. Labels are
    looked up only when a message needs one: these run for every cell of a large file."""

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        # field -> cell value -> (the number, or None, and the error message, or "")
        self._numbers: dict[str, dict[object, tuple[Decimal | None, str]]] = {}

    def _name(self, name: str) -> str:
        return _short(self.column_label(name))

    def _text(self, record: Record, name: str, limit: int, errors: list[RowError], *,
              required: bool = False) -> str:
        value = cell_str(record.values.get(name))
        if required and not value:
            errors.append(self.error(record, name, f"{self._name(name)}不能为空"))
        elif len(value) > limit:
            errors.append(self.error(record, name, f"{self._name(name)}不能超过{limit}个字"))
        return value

    def _decimal(self, record: Record, name: str, errors: list[RowError], *, max_digits: int,
                 positive: bool, required: bool = False) -> Decimal | None:
        """The cell as an amount with at most two decimals. Each distinct cell value of a
        column is judged once (a field is always read with the same options)."""
        value, message = self._number(name, record.values.get(name), max_digits=max_digits,
                                      positive=positive, required=required)
        if message:
            errors.append(self.error(record, name, self._name(name) + message))
        return value

    def _number(self, name: str, raw: object, *, max_digits: int, positive: bool,
                required: bool) -> tuple[Decimal | None, str]:
        """:meth:`_decimal`'s verdict on one cell: the amount, or why not (cached)."""
        cache = self._numbers.get(name)
        if cache is None:
            cache = self._numbers[name] = {}
        found = cache.get(raw) if type(raw) in CACHEABLE else None
        if found is None:
            found = self._judge_decimal(raw, max_digits=max_digits, positive=positive,
                                        required=required)
            if type(raw) in CACHEABLE and len(cache) < CACHE_SIZE:
                cache[raw] = found
        return found

    @staticmethod
    def _judge_decimal(raw: object, *, max_digits: int, positive: bool,
                       required: bool) -> tuple[Decimal | None, str]:
        try:
            value = cell_decimal(raw)
        except ValueError:
            return None, "应为数字"
        if value is None:
            return None, "不能为空" if required else ""
        if positive and value <= 0:
            return None, "须大于 0"
        if value < 0:
            return None, "不能为负数"
        if value >= _LIMITS[max_digits]:
            return None, "过大，请核对"
        if (fixed := value.quantize(CENT)) != value:
            return None, "最多保留两位小数"
        return fixed, ""

    def _int(self, record: Record, name: str, errors: list[RowError], *, low: int,
             high: int) -> int | None:
        try:
            value = cell_int(record.values.get(name))
        except ValueError:
            errors.append(self.error(record, name, f"{self._name(name)}应为整数"))
            return None
        if value is not None and not low <= value <= high:
            errors.append(self.error(record, name,
                                     f"{self._name(name)}应在 {low} 至 {high} 之间"))
            return None
        return value

    def _date(self, record: Record, name: str, errors: list[RowError]) -> dt.date | None:
        try:
            return cell_date(record.values.get(name))
        except ValueError:
            errors.append(self.error(record, name,
                                     f"{self._name(name)}应为日期，格式如 2024-01-02"))
            return None

    def _choice(self, record: Record, name: str, choices: type[models.TextChoices],
                errors: list[RowError], *, required: bool = False) -> str | None:
        text = cell_str(record.values.get(name))
        if not text:
            if required:
                errors.append(self.error(record, name, f"{self._name(name)}不能为空"))
            return None
        value = parse_choice(choices, text)
        if value is None:
            errors.append(self.error(record, name, f"{self._name(name)}“{text}”无效，可选："
                                                   + "、".join(_labels(choices))))
        return value
