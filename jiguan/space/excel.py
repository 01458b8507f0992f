"""Spreadsheet import and export of the office-space register: buildings (房产登记) and rooms
(房间台账, with the agency using each room and the people seated in it).

The pipeline (reading, preview, duplicates, one transaction) lives in jiguan.core.imports;
here are only the columns, the row checks and the upsert through space.actions. Every check
the actions make is also made in ``clean_row`` (floors, areas, dates, the building's total),
so a file is judged completely before anything is written, and the bulk path below writes
nothing the actions would have refused.

A blank optional cell means "not given": a new record gets the default, an existing one
keeps its value. Re-importing the same file changes nothing and writes no audit rows. An
export starts with the import columns under the same headers, so an exported file imports
back without changes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from array import array
from collections.abc import Container, Hashable, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any, NamedTuple, cast

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Prefetch
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.excel import (
    Column,
    ExportColumn,
    Record,
    cell_date,
    cell_decimal,
    cell_int,
    cell_str,
)
from jiguan.core.imports import Cleaned, Importer, Progress, RowError, RowStore, register
from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.orgs.rules import normalize_credit_code
from jiguan.space import actions
from jiguan.space.models import (
    SUBTYPES,
    Building,
    BuildingType,
    BuildingUse,
    Floor,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
    Structure,
    UseClass,
)
from jiguan.space.tasks import refresh_after_commit

_CHUNK = 500  # values per IN (...) query: well under every database's parameter limit
CENT = Decimal("0.01")
#: Jobs larger than this, made only of new rooms without agency or people, take the bulk path.
BULK_MIN_ROWS = 5000
BULK_BATCH = 10_000
BULK_CACHE_KB = 128 * 1024  # SQLite page cache while bulk writing (see _write_rows)
#: Cells parsed once per distinct value (floors, areas): the parsed values are shared by
#: every row, and parsing is skipped. At most this many values per column are remembered.
_CACHE_SIZE = 100_000
_CACHEABLE = frozenset({str, int, float})  # not bool: True == 1 would share 1's entry
_UNSET = object()
_NOBODY: tuple[Person, ...] = ()
_BAD = object()
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


# ---------------------------------------------------------------- parsing helpers


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
_NAME_WITH_NO = re.compile(r"^(.+?)\s*[(（]\s*(.+?)\s*[)）]$")


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


_PERSON_FIELDS = ("id", "name", "staff_no", "status", "agency")


def _match_seated(seated: Sequence[Person], entry: str) -> Person | None:
    """The one person already seated who answers to ``entry`` ("张三" or "张三（007）")."""
    if not seated:
        return None
    with_no = _NAME_WITH_NO.match(entry)
    if with_no:
        name, staff_no = with_no.groups()
        found = [p for p in seated if p.name == name and p.staff_no == staff_no]
    else:
        found = [p for p in seated if p.name == entry]
    return found[0] if len(found) == 1 else None


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return str(field.column)


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = sorted(set(values) - {"", None})
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _short(label: str) -> str:
    """"建筑面积（㎡）" -> "建筑面积": the column's name inside a sentence."""
    return label.split("（", 1)[0]


def _m2(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "")


class _Base(Importer):
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
        raw = record.values.get(name)
        cache = self._numbers.get(name)
        if cache is None:
            cache = self._numbers[name] = {}
        found = cache.get(raw) if type(raw) in _CACHEABLE else None
        if found is None:
            found = self._judge_decimal(raw, max_digits=max_digits, positive=positive,
                                        required=required)
            if type(raw) in _CACHEABLE and len(cache) < _CACHE_SIZE:
                cache[raw] = found
        value, message = found
        if message:
            errors.append(self.error(record, name, self._name(name) + message))
        return value

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


# ---------------------------------------------------------------- buildings


class _RoomStats(NamedTuple):
    total: Decimal
    lowest: int
    highest: int


@register
class BuildingImporter(_Base):
    kind = "space.building"
    label = "房产登记"
    columns = BUILDING_COLUMNS
    template_example = {c.field: c.example for c in BUILDING_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_SPACE)
    key_label = "房产编号"
    instructions = (
        "按房产编号识别房产：已登记的房产更新，未登记的新增；内容相同的行不做修改。",
        "只能导入您权限范围内区划的房产；空白单元格表示不修改该项。",
    )
    field_map = {"region": "region_code"}

    def prepare(self, records: Sequence[Record]) -> None:
        codes = {cell_str(r.values.get("code")) for r in records}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.existing: dict[str, Building] = {}
        for chunk in _chunks(codes):
            qs = Building.objects.filter(code__in=chunk).select_related("region")
            self.existing.update({b.code: b for b in qs})
        self.stats: dict[int, _RoomStats] = {}
        ids = [b.pk for b in self.existing.values()]
        for chunk in _chunks(ids):
            rows = (Room.objects.filter(building_id__in=chunk).order_by().values("building_id")
                    .annotate(total=models.Sum("usable_area"), lowest=models.Min("floor__number"),
                              highest=models.Max("floor__number"))
                    .values_list("building_id", "total", "lowest", "highest"))
            self.stats.update({pk: _RoomStats(total, low, high) for pk, total, low, high in rows})
        self.today = dt.date.today()

    def _covers(self, region: Region) -> bool:
        return bool(self.user.scope.covers(Perm.CHANGE_SPACE, region_path=region.path,
                                           agency_id=None))

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        values = record.values
        code = self._text(record, "code", 30, errors, required=True)
        existing = self.existing.get(code) if code else None
        if existing is not None and not self._covers(existing.region):
            errors.append(err(record, "code", "该房产编号已登记在您权限范围外的房产"))
        data: dict[str, Any] = {"code": code}
        name = self._text(record, "name", 100, errors, required=True)
        data["name"] = name
        region_code = cell_str(values.get("region_code"))
        region = self.regions.get(region_code)
        if not region_code:
            errors.append(err(record, "region_code", "行政区划代码不能为空"))
        elif region is None:
            errors.append(err(record, "region_code", f"行政区划代码“{region_code}”不存在"))
        elif not self._covers(region):
            errors.append(err(record, "region_code",
                              f"区划“{region.name}（{region_code}）”不在您的权限范围内"))
        data["region"] = region
        for field_name, limit in (("address", 200), ("property_cert_no", 60),
                                  ("land_cert_no", 60), ("owner", 100), ("filing_reason", 200),
                                  ("asset_card_no", 60)):
            text = self._text(record, field_name, limit, errors)
            if text:
                data[field_name] = text
        issued = self._date(record, "cert_issued_on", errors)
        if issued is not None:
            if issued > self.today:
                errors.append(err(record, "cert_issued_on", "发证日期不能晚于今天"))
            elif issued.year < EARLIEST_CERT_YEAR:
                errors.append(err(record, "cert_issued_on",
                                  f"发证日期不能早于 {EARLIEST_CERT_YEAR} 年"))
            data["cert_issued_on"] = issued
        for field_name, choices in (("registration_status", RegistrationStatus),
                                    ("structure", Structure), ("building_type", BuildingType),
                                    ("use", BuildingUse)):
            choice = self._choice(record, field_name, choices, errors)
            if choice is not None:
                data[field_name] = choice
        if data.get("registration_status") == RegistrationStatus.FILED and not (
                data.get("filing_reason") or (existing and existing.filing_reason)):
            errors.append(err(record, "filing_reason", "登记状态为“权属备案”时须填写备案原因"))
        for field_name, digits, positive in (("land_area", 12, False),
                                             ("building_area", 12, True),
                                             ("cert_building_area", 12, True),
                                             ("book_value", 14, False)):
            number = self._decimal(record, field_name, errors, max_digits=digits,
                                   positive=positive, required=field_name == "building_area")
            if number is not None:
                data[field_name] = number
        for field_name, low, high in (("floors_above", 1, MAX_FLOORS_ABOVE),
                                      ("floors_below", 0, MAX_FLOORS_BELOW),
                                      ("year_built", 1900, self.today.year + 5)):
            whole = self._int(record, field_name, errors, low=low, high=high)
            if whole is not None:
                data[field_name] = whole
        if not errors:
            errors.extend(self._cross_checks(record, data, existing))
        if errors:
            return None, errors
        return {"row": record.row_number, "code": code, "existing": existing, "data": data}, []

    def _cross_checks(self, record: Record, data: dict[str, Any],
                      existing: Building | None) -> list[RowError]:
        """What the actions check across fields, on the values the row will leave."""
        errors: list[RowError] = []

        def final(name: str) -> Any:
            return data[name] if name in data else getattr(existing, name, None)

        issued, built = final("cert_issued_on"), final("year_built")
        if issued and built and issued.year < built - 5:
            errors.append(self.error(record, "cert_issued_on",
                                     f"发证日期（{issued.year}年）早于建成年份（{built}年）过多，"
                                     "请核对"))
        stats = self.stats.get(existing.pk) if existing is not None else None
        if stats is not None:
            if stats.total and final("building_area") < stats.total:
                errors.append(self.error(record, "building_area", "建筑面积不能小于各房间"
                                         f"使用面积之和（{_m2(stats.total)} m²）"))
            above, below = final("floors_above") or 1, final("floors_below") or 0
            if stats.highest is not None and stats.highest > above:
                errors.append(self.error(record, "floors_above",
                                         f"已有房间位于 {stats.highest} 层，地上层数不能少于 "
                                         f"{stats.highest}"))
            if stats.lowest is not None and stats.lowest < 0 and -stats.lowest > below:
                errors.append(self.error(record, "floors_below",
                                         f"已有房间位于地下 {-stats.lowest} 层，地下层数不能少于 "
                                         f"{-stats.lowest}"))
        return errors

    def key(self, cleaned: Cleaned) -> Hashable:
        return str(cleaned["code"])

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        summary = {"created": 0, "updated": 0, "unchanged": 0}
        for done, row in enumerate(rows, start=1):
            try:
                existing: Building | None = row["existing"]
                if existing is None:
                    actions.building_create(data=row["data"], actor=actor)
                    summary["created"] += 1
                elif actions.building_update(building=existing, data=row["data"], actor=actor):
                    summary["updated"] += 1
                else:
                    summary["unchanged"] += 1
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, self.field_map) from exc
            progress(done)
        return summary


# ---------------------------------------------------------------- rooms


class _ExistingRoom(NamedTuple):
    id: int
    floor: int
    usable_area: Decimal
    use_class: str
    subtype: str
    building_area: Decimal | None


class RoomRow(NamedTuple):
    """One cleaned room row, as ``clean_row`` gives it and as iterating a :class:`_RoomRows`
    gives it back; the store keeps the rows column by column, not as these tuples."""

    row: int
    key: tuple[int, str]  # (building id, room number): the natural key
    building: Building
    floor: int
    room_id: int | None
    number: str
    use_class: str
    subtype: str | None  # None: keep the room's subtype
    usable_area: Decimal
    building_area: Decimal | None  # None: keep the room's building area
    agency: Agency | None
    start_date: dt.date | None
    people: tuple[Person, ...]
    unchanged: bool  # an existing room the row leaves exactly as it is (no agency given)

    @property
    def data(self) -> dict[str, Any]:
        """The room's fields as space.actions take them."""
        data: dict[str, Any] = {"number": self.number, "use_class": self.use_class,
                                "usable_area": self.usable_area}
        if self.subtype is not None:
            data["subtype"] = self.subtype
        if self.building_area is not None:
            data["building_area"] = self.building_area
        return data



class _RoomRows(RowStore):
    """The cleaned rows of a room import, one list or array per column rather than one
    RoomRow per row: a million-row file keeps ~70 bytes a row between the check and the
    write instead of ~400 (the tuple, its key tuple, the row's own strings and ints).
    Buildings, choices, Decimals and room numbers are shared objects (numbers and subtypes
    through a table of distinct strings); row numbers, floors and room ids are machine ints;
    the agency, start date and people are kept only for the rows naming an agency.

    Duplicates: the importer's ``seen_area`` (building id -> room number -> usable area) is
    the index of keys; a repeated key is not kept, the first row of a key is found again by
    one pass when the check names it. Iterating gives RoomRow tuples, one at a time."""

    def __init__(self, importer: RoomImporter) -> None:
        self._seen = importer.seen_area
        self._strings: dict[str, str] = {}
        self.row = array("q")
        self.building: list[Building] = []
        self.floor = array("h")
        self.room_id = array("q")  # 0: a new room
        self.number: list[str] = []
        self.use_class: list[str] = []
        self.subtype: list[str | None] = []
        self.usable_area: list[Decimal] = []
        self.building_area: list[Decimal | None] = []
        self.unchanged = bytearray()
        self.use: dict[int, tuple[Agency, dt.date | None, tuple[Person, ...]]] = {}

    def _shared(self, text: str) -> str:
        found = self._strings.get(text)
        if found is None:
            found = text
            if len(self._strings) < _CACHE_SIZE:
                self._strings[text] = text
        return found

    def add(self, key: Hashable, cleaned: Cleaned, row_number: int) -> bool:
        row = cast(RoomRow, cleaned)
        building_id = row.key[0]
        seen = self._seen.get(building_id)
        if seen is None:
            seen = self._seen[building_id] = {}
        number = self._shared(row.number)
        if number in seen:
            seen[number] = row.usable_area
            return False
        seen[number] = row.usable_area
        self.append(row, number)
        return True

    def append(self, row: RoomRow, number: str | None = None) -> None:
        if row.agency is not None:
            self.use[len(self.row)] = (row.agency, row.start_date, row.people)
        self.row.append(row.row)
        self.building.append(row.building)
        self.floor.append(row.floor)
        self.room_id.append(row.room_id or 0)
        self.number.append(number if number is not None else row.number)
        self.use_class.append(row.use_class)
        self.subtype.append(None if row.subtype is None else self._shared(row.subtype))
        self.usable_area.append(row.usable_area)
        self.building_area.append(row.building_area)
        self.unchanged.append(row.unchanged)

    def first_rows(self, keys: Iterable[Hashable]) -> dict[Hashable, int]:
        wanted = set(keys)
        found: dict[Hashable, int] = {}
        for i, (building, number) in enumerate(zip(self.building, self.number, strict=True)):
            key = (building.id, number)
            if key in wanted and key not in found:
                found[key] = self.row[i]
        return found

    def finish(self) -> None:
        self._strings = {}
        self._seen = {}  # the importer's seen_area: dropped by its checked()

    def drop(self, keys: Container[Hashable]) -> None:
        keep = [i for i, (building, number) in enumerate(zip(self.building, self.number,
                                                            strict=True))
                if (building.id, number) not in keys]
        use = {new: self.use[old] for new, old in enumerate(keep) if old in self.use}
        for name in ("row", "floor", "room_id"):
            column = getattr(self, name)
            setattr(self, name, array(column.typecode, [column[i] for i in keep]))
        for name in ("building", "number", "use_class", "subtype", "usable_area",
                     "building_area"):
            column = getattr(self, name)
            setattr(self, name, [column[i] for i in keep])
        self.unchanged = bytearray(self.unchanged[i] for i in keep)
        self.use = use

    def __len__(self) -> int:
        return len(self.row)

    def result(self) -> Any:
        return self

    def __iter__(self) -> Iterator[RoomRow]:
        use = self.use
        for i, row in enumerate(self.row):
            building = self.building[i]
            number = self.number[i]
            agency, start_date, people = use.get(i, (None, None, _NOBODY))
            yield RoomRow(row, (building.id, number), building, self.floor[i],
                          self.room_id[i] or None, number, self.use_class[i], self.subtype[i],
                          self.usable_area[i], self.building_area[i], agency, start_date,
                          people, bool(self.unchanged[i]))

    def unchanged_count(self) -> int:
        return self.unchanged.count(1)

    def only_new_rooms(self) -> bool:
        """Whether every row to write is a new room without agency (the bulk path)."""
        if any(not self.unchanged[i] for i in self.use):
            return False
        return all(unchanged or not room_id
                   for room_id, unchanged in zip(self.room_id, self.unchanged, strict=True))

    def building_ids(self) -> set[int]:
        return {b.id for b in set(self.building)}

    def floor_keys(self) -> set[tuple[int, int]]:
        """(building id, floor number) of the rows to write."""
        return {(b.id, f) for b, f, unchanged in zip(self.building, self.floor, self.unchanged,
                                                     strict=True) if not unchanged}

    def new_rooms(self) -> Iterator[tuple[int, int, str, str, str | None, Decimal,
                                          Decimal | None]]:
        """building id, floor, number, use class, subtype, areas of the rows to write."""
        for b, f, number, use_class, subtype, usable, area, unchanged in zip(
                self.building, self.floor, self.number, self.use_class, self.subtype,
                self.usable_area, self.building_area, self.unchanged, strict=True):
            if not unchanged:
                yield b.id, f, number, use_class, subtype, usable, area


_ROOM_FIELDS = ("id", "building_id", "number", "floor__number", "usable_area", "use_class",
                "subtype", "building_area")


def _blank(value: object) -> bool:
    """An empty cell as calamine or the CSV reader gives it (other blanks take the long way)."""
    return value is None or value == ""


@register
class RoomImporter(_Base):
    """Rooms by (房产编号, 房间号), optionally with the agency using each and its people.

    Audit: the row-by-row path writes the actions' events (room created/updated, agency
    allocated, person seated). The bulk path (a large job of new rooms only, without agency
    or people, more than BULK_MIN_ROWS rows) writes them in batches (see _bulk_create);
    their audit record is the one ``core.import.confirmed`` event of the job (kind, file
    name, counts), written in the same transaction, plus each room's ``created_by`` and
    ``created_at``. A row that leaves an existing room exactly as it is writes nothing.

    Streaming: ``prepare`` gets the file a chunk at a time and loads only the buildings (with
    their rooms, allocations and people) and agencies it has not loaded yet.
    """

    kind = "space.room"
    label = "房间台账"
    columns = ROOM_COLUMNS
    template_example = {c.field: c.example for c in ROOM_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_SPACE)
    key_label = "房间号"
    streaming = True
    depends_on = ("access.Region", "access.Grant", "orgs.Agency", "orgs.Person",
                  "space.Building", "space.Floor", "space.Room", "space.Occupancy",
                  "space.Occupant")
    instructions = (
        "按“房产编号 + 房间号”识别房间：已登记的房间更新，未登记的新增；内容相同的行不做修改。",
        "房产须已登记且在您的权限范围内；楼层须在该房产的地上/地下层数之内。",
        "填写使用单位信用代码时，登记该单位为房间的当前使用单位（原使用单位在起始日期前一天结束）。",
        "使用人须为该使用单位的在职人员，多人用“、”分隔；未列出的现有使用人不会被腾退。",
    )
    field_map = {"floor": "floor", "number": "number", "usable_area": "usable_area",
                 "building_area": "building_area", "use_class": "use_class",
                 "subtype": "subtype", "start_date": "start_date", "agency": "agency_credit_code",
                 "person": "occupants", "concurrent_post": "occupants",
                 "building": "building_code"}

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.today = dt.date.today()
        self.buildings: dict[str, Building] = {}
        self.rooms: dict[tuple[int, str], _ExistingRoom] = {}
        self.totals: dict[int, Decimal] = {}
        self.current: dict[int, tuple[int, dt.date]] = {}
        self.agencies: dict[str, Agency] = {}
        self.by_name: dict[tuple[int, str], list[Person]] = {}
        self.by_staff_no: dict[tuple[int, str], Person] = {}
        # Who sits in each existing room now: listing them again is no change, even for
        # someone seated for a concurrent post (not a person of the room's agency).
        self.seated: dict[int, list[Person]] = {}
        # Usable area of each room as the rows so far would leave it (the actions' check),
        # per building id then room number; kept by the row store (_RoomRows.add).
        self.seen_area: dict[int, dict[str, Decimal]] = {}
        self._codes: set[str] = set()
        self._agency_codes: set[str] = set()
        self._seat_agencies: set[int] = set()
        self._building_ids: list[int] = []
        self._with_use = False  # allocations of the loaded buildings are loaded
        self._with_seats = False  # and who sits in their rooms
        self._floors: dict[object, object] = {}
        self._regions: dict[int, Region] = {}

    def prepare(self, records: Sequence[Record]) -> None:
        scope = self.user.scope
        codes: set[str] = set()
        agency_codes: set[str] = set()
        seat_codes: set[str] = set()
        for r in records:
            values = r.values
            codes.add(cell_str(values.get("building_code")))
            agency_code = values.get("agency_credit_code")
            if not _blank(agency_code):
                code = normalize_credit_code(cell_str(agency_code))
                agency_codes.add(code)
                if cell_str(values.get("occupants")):
                    seat_codes.add(code)
        new_ids: list[int] = []
        if codes - self._codes and not self._regions:
            self._regions = {r.pk: r for r in Region.objects.all()}
        for chunk in _chunks(codes - self._codes):
            for b in Building.objects.filter(code__in=chunk):
                # One Region object per region (select_related would make one per building).
                region = self._regions.get(b.region_id)
                if region is None:
                    continue
                b.region = region
                if scope.covers(Perm.CHANGE_SPACE, region_path=region.path, agency_id=None):
                    self.buildings[b.code] = b
                    new_ids.append(b.pk)
        self._codes |= codes
        for chunk in _chunks(new_ids):
            rooms = Room.objects.filter(building_id__in=chunk).values_list(*_ROOM_FIELDS)
            for pk, building_id, number, floor, area, use_class, subtype, room_area in (
                    rooms.iterator(2000)):
                self.rooms[(building_id, number)] = _ExistingRoom(
                    pk, floor, area, use_class, subtype, room_area)
                self.totals[building_id] = self.totals.get(building_id, Decimal(0)) + area
        self._building_ids.extend(new_ids)
        # Allocations and seats: once the file names an agency (or people), for every
        # building loaded so far, then for each building as it is loaded.
        agency_codes -= {""}
        if agency_codes and not self._with_use:
            self._with_use = True
            new_ids = self._building_ids
        if self._with_use:
            for chunk in _chunks(new_ids):
                self.current.update({
                    room_id: (agency_id, start) for room_id, agency_id, start in
                    Occupancy.objects.filter(room__building_id__in=chunk, end_date__isnull=True)
                    .values_list("room_id", "agency_id", "start_date").iterator(2000)})
        visible = Agency.objects.visible_to(self.user, Perm.CHANGE_SPACE)
        for chunk in _chunks(agency_codes - self._agency_codes):
            qs = visible.filter(credit_code__in=chunk).select_related("region")
            self.agencies.update({a.credit_code: a for a in qs})
        self._agency_codes |= agency_codes
        seat_ids = {self.agencies[c].pk for c in seat_codes if c in self.agencies}
        for chunk in _chunks(seat_ids - self._seat_agencies):
            people = Person.objects.filter(agency_id__in=chunk).only(*_PERSON_FIELDS)
            for person in people.order_by("pk").iterator(2000):
                self.by_name.setdefault((person.agency_id, person.name), []).append(person)
                if person.staff_no:
                    self.by_staff_no[(person.agency_id, person.staff_no)] = person
        self._seat_agencies |= seat_ids
        if seat_ids and not self._with_seats:
            self._with_seats = True
            new_ids = self._building_ids
        if self._with_seats:
            for chunk in _chunks(new_ids):
                occupants = (Occupant.objects.filter(room__building_id__in=chunk,
                                                     end_date__isnull=True)
                             .select_related("person").only("room", *(
                                 f"person__{f}" for f in _PERSON_FIELDS)))
                for occupant in occupants.iterator(2000):
                    self.seated.setdefault(occupant.room_id, []).append(occupant.person)

    def clean_row(self, record: Record) -> tuple[RoomRow | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        values = record.values
        building_code = cell_str(values.get("building_code"))
        building = self.buildings.get(building_code)
        if building is None:
            if not building_code:
                errors.append(err(record, "building_code", "房产编号不能为空"))
            else:
                errors.append(err(record, "building_code",
                                  f"房产编号“{building_code}”不存在或不在您的权限范围内"))
        floor = self._floor(record, building, errors)
        number = self._text(record, "number", 20, errors, required=True)
        use_class = self._choice(record, "use_class", UseClass, errors, required=True)
        subtype = self._text(record, "subtype", 30, errors)
        if subtype and use_class and (problem := subtype_problem(use_class, subtype)):
            errors.append(err(record, "subtype", problem))
        usable = self._decimal(record, "usable_area", errors, max_digits=10, positive=True,
                               required=True)
        room_area = self._decimal(record, "building_area", errors, max_digits=10,
                                  positive=True)
        if usable is not None and room_area is not None and usable > room_area:
            errors.append(err(record, "usable_area", "房间使用面积不能大于其建筑面积"))
        if usable is not None and building is not None and usable > building.building_area:
            errors.append(err(record, "usable_area",
                              f"房间使用面积（{_m2(usable)} m²）不能大于房产建筑面积"
                              f"（{_m2(building.building_area)} m²）"))
        key = (building.id, number) if building is not None else None
        existing = self.rooms.get(key) if key is not None else None
        if (_blank(values.get("agency_credit_code")) and _blank(values.get("start_date"))
                and _blank(values.get("occupants"))):
            agency, start_date, people = None, None, _NOBODY  # the common case, checked quickly
        else:
            agency, start_date, seated = self._use(record, building, existing, errors)
            people = tuple(seated)
        if errors:
            return None, errors
        assert building is not None and floor is not None and usable is not None
        assert use_class is not None and key is not None
        # The building's total usable area after this row (a room listed twice counts once).
        seen = self.seen_area.get(key[0])
        before = seen.get(number) if seen is not None else None
        if before is None:
            before = existing.usable_area if existing is not None else Decimal(0)
        building_id = key[0]
        total = self.totals.get(building_id, Decimal(0)) - before + usable
        if total > building.building_area:
            return None, [err(record, "usable_area",
                              f"该房产各房间使用面积合计（{_m2(total)} m²）将超过建筑面积"
                              f"（{_m2(building.building_area)} m²）")]
        self.totals[building_id] = total  # seen_area: set by _RoomRows.add
        keep_subtype = bool(not subtype and existing is not None
                            and existing.use_class == use_class)
        unchanged = (existing is not None and agency is None and existing.floor == floor
                     and existing.usable_area == usable and existing.use_class == use_class
                     and (keep_subtype or existing.subtype == subtype)
                     and (room_area is None or existing.building_area == room_area))
        return RoomRow(record.row_number, key, building, floor,
                       existing.id if existing is not None else None, number, use_class,
                       None if keep_subtype else subtype, usable, room_area, agency,
                       start_date, people, unchanged), []

    def _floor(self, record: Record, building: Building | None,
               errors: list[RowError]) -> int | None:
        raw = record.values.get("floor")
        # Parsed once per distinct cell value (a file has a few dozen floors).
        cacheable = type(raw) in _CACHEABLE
        found = self._floors.get(raw, _UNSET) if cacheable else _UNSET
        if found is _UNSET:
            try:
                found = parse_floor(raw)
            except ValueError:
                found = _BAD
            if cacheable and len(self._floors) < _CACHE_SIZE:
                self._floors[raw] = found
        if found is _BAD:
            errors.append(self.error(record, "floor", f"楼层“{cell_str(raw)}”无效，应为整数，"
                                                      "地下为负数（如 3、-1、B1、地下1层）"))
            return None
        floor = cast(int | None, found)
        if floor is None:
            errors.append(self.error(record, "floor", "楼层不能为空"))
        elif floor == 0:
            errors.append(self.error(record, "floor", "楼层不能为 0（地下一层为 -1）"))
        elif building is not None and not building.has_floor(floor):
            below = f"、地下 {building.floors_below} 层" if building.floors_below else ""
            errors.append(self.error(record, "floor", f"楼层 {floor} 不存在：该房产地上 "
                                                      f"{building.floors_above} 层{below}"))
        else:
            return floor
        return None

    def _use(self, record: Record, building: Building | None, existing: _ExistingRoom | None,
             errors: list[RowError]) -> tuple[Agency | None, dt.date | None, list[Person]]:
        """The agency using the room, from when, and the people seated in it."""
        err = self.error
        values = record.values
        code = normalize_credit_code(cell_str(values.get("agency_credit_code")))
        start_date = self._date(record, "start_date", errors)
        people_text = cell_str(values.get("occupants"))
        if not code:
            if start_date is not None:
                errors.append(err(record, "start_date", "填写使用起始日期时须填写使用单位信用代码"))
            if people_text:
                errors.append(err(record, "occupants", "填写使用人时须填写使用单位信用代码"))
            return None, None, []
        agency = self.agencies.get(code)
        if agency is None:
            errors.append(err(record, "agency_credit_code",
                              f"单位“{code}”未登记或不在您的权限范围内"))
            return None, None, []
        if agency.is_archived:
            errors.append(err(record, "agency_credit_code",
                              f"{agency.name}已{agency.get_status_display()}，不能分配用房"))
        current = self.current.get(existing.id) if existing is not None else None
        if current is not None and current[0] != agency.pk:
            since = current[1]
            if (start_date or self.today) <= since:
                errors.append(err(record, "start_date", f"该房间现有其他使用单位（自 {since} 起），"
                                                        "使用起始日期须晚于该日期"))
        people: list[Person] = []
        if people_text and building is not None and not self.user.scope.covers(
                Perm.CHANGE_OCCUPANTS, region_path=building.region.path, agency_id=agency.pk):
            errors.append(err(record, "occupants", "您没有安排该单位人员办公室的权限"))
        elif people_text:
            same_agency = current is not None and current[0] == agency.pk
            seated = self.seated.get(existing.id, []) if existing and same_agency else []
            for entry in split_people(people_text):
                person = (_match_seated(seated, entry)
                          or self._person(record, agency, entry, errors))
                if person is not None and person not in people:
                    people.append(person)
        return agency, start_date, people

    def _person(self, record: Record, agency: Agency, entry: str,
                errors: list[RowError]) -> Person | None:
        with_no = _NAME_WITH_NO.match(entry)
        person: Person | None
        if with_no:
            name, staff_no = with_no.groups()
            person = self.by_staff_no.get((agency.pk, staff_no))
            if person is None or person.name != name:
                errors.append(self.error(record, "occupants",
                                         f"{agency.name}没有人员编号为“{staff_no}”的“{name}”"))
                return None
        else:
            namesakes = self.by_name.get((agency.pk, entry), [])
            serving = [p for p in namesakes if p.status == PersonStatus.SERVING]
            if len(serving) > 1:
                errors.append(self.error(record, "occupants",
                                         f"{agency.name}有{len(serving)}名名为“{entry}”的在职人员，"
                                         f"请写成“{entry}（人员编号）”以区分"))
                return None
            candidates = serving or namesakes
            person = candidates[0] if candidates else None
            if person is None:
                errors.append(self.error(record, "occupants",
                                         f"使用人“{entry}”不是{agency.name}的人员"))
                return None
        if person.status != PersonStatus.SERVING:
            errors.append(self.error(record, "occupants",
                                     f"{person.name}已{person.get_status_display()}，不能安排办公室"))
            return None
        return person

    def key(self, cleaned: RoomRow) -> Hashable:
        return cleaned.key

    def row_store(self) -> RowStore:
        return _RoomRows(self)

    def checked(self) -> None:
        # Applying needs the rows only (they hold the buildings, agencies and people they
        # name): every lookup goes before the rows are written.
        self.seen_area = {}
        self.totals = {}
        self.buildings = {}
        self.rooms = {}
        self.current = {}
        self.agencies = {}
        self.by_name = {}
        self.by_staff_no = {}
        self.seated = {}
        self._codes = set()
        self._agency_codes = set()
        self._seat_agencies = set()
        self._building_ids = []
        self._floors = {}
        self._numbers = {}

    def apply(self, rows: Any, actor: Any, progress: Progress) -> dict[str, int]:
        """``rows``: the :class:`_RoomRows` of the check (or any iterable of RoomRow)."""
        if not isinstance(rows, _RoomRows):
            store = _RoomRows(self)
            for row in rows:
                store.append(row)
            rows = store
        unchanged = rows.unchanged_count()
        summary = {"created": 0, "updated": 0, "unchanged": unchanged}
        if len(rows) - unchanged > BULK_MIN_ROWS and rows.only_new_rooms():
            building_ids = rows.building_ids()
            summary["created"] = self._bulk_create(
                rows, building_ids, actor, lambda done: progress(unchanged + done))
            # The bulk path bypasses the actions, so it queues the compliance refresh of
            # every county it touched itself (once each, after the commit).
            paths: set[str] = set()
            for chunk in _chunks(building_ids):
                paths.update(Building.objects.filter(pk__in=chunk)
                             .values_list("region__path", flat=True))
            for path in sorted(paths):
                refresh_after_commit(path, actor)
            return summary
        todo = (row for row in rows if not row.unchanged)
        for done, row in enumerate(todo, start=unchanged + 1):
            try:
                summary[self._apply_row(row, actor)] += 1
            except ValidationError as exc:
                raise self.rejected(row.row, exc, self.field_map) from exc
            progress(done)
        return summary

    def _apply_row(self, row: RoomRow, actor: Any) -> str:
        building = row.building
        if row.room_id is None:
            room = actions.room_create(building=building, floor_number=row.floor,
                                       data=row.data, actor=actor)
            outcome = "created"
        else:
            room = Room.objects.select_related("building__region", "floor").get(
                pk=row.room_id)
            changed = actions.room_update(room=room, data=row.data,
                                          floor_number=row.floor, actor=actor)
            outcome = "updated" if changed else "unchanged"
        agency = row.agency
        if agency is None:
            return outcome
        seat_from = self.today
        current = Occupancy.objects.filter(room=room, end_date__isnull=True).first()
        if current is None or current.agency_id != agency.pk:
            seat_from = row.start_date or self.today
            actions.occupancy_start(room=room, agency=agency, start_date=seat_from, actor=actor)
            outcome = "updated" if outcome == "unchanged" else outcome
        seated = set(Occupant.objects.filter(room=room, end_date__isnull=True)
                     .values_list("person_id", flat=True))
        for person in row.people:
            if person.pk not in seated:
                actions.occupant_start(room=room, person=person, start_date=seat_from,
                                       actor=actor)
                outcome = "updated" if outcome == "unchanged" else outcome
        return outcome

    def _floor_ids(self, building_ids: Iterable[int]) -> dict[tuple[int, int], int]:
        """(building id, floor number) -> floor id. Plain SQL: a million-room file has
        hundreds of thousands of floors, and the ORM's per-row conversions cost seconds."""
        found: dict[tuple[int, int], int] = {}
        quote = connection.ops.quote_name
        table = quote(Floor._meta.db_table)
        building, number = quote(_column(Floor, "building")), quote(_column(Floor, "number"))
        with connection.cursor() as cursor:
            for chunk in _chunks(building_ids):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT {building}, {number}, id FROM {table} "  # noqa: S608
                               f"WHERE {building} IN ({marks})", chunk)
                found.update({(b, n): pk for b, n, pk in cursor.fetchall()})
        return found

    def _bulk_create(self, rows: _RoomRows, building_ids: set[int], actor: Any,
                     progress: Progress) -> int:
        """New rooms only: every check of room_create was made in clean_row. The missing
        floors, then the rooms, go in with :func:`_write_rows` (``executemany`` in batches on
        SQLite, one ``COPY`` on PostgreSQL) rather than ``bulk_create``, which spends most
        of its time preparing every value of every field and, on SQLite, splits each batch
        into statements of ~90 rows: at a million rooms that alone was several times the
        cost of writing them. The values are the ones the model would write (the cleaned
        Decimals, the same timestamp for created/updated, the actor), and the database's
        constraints (unique number per building, foreign keys) still apply.

        Audit: no per-row events. The job's ``core.import.confirmed`` event (kind, file name,
        counts, actor), written in the same transaction, plus each room's ``created_by`` and
        ``created_at``, are the record of a bulk creation.
        """
        floors = self._floor_ids(building_ids)
        wanted = sorted(rows.floor_keys() - floors.keys())
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        actor_id = actor.pk if actor is not None else None
        if wanted:
            _write_rows(Floor, ("created_at", "updated_at", "created_by", "updated_by",
                                "building", "number"),
                        ((now, now, actor_id, actor_id, b, n) for b, n in wanted))
            del wanted
            floors = self._floor_ids(building_ids)
        head = (now, now, actor_id, actor_id)
        values = ((*head, b, floors[(b, f)], number, use_class, subtype or "", usable, area)
                  for b, f, number, use_class, subtype, usable, area in rows.new_rooms())
        _write_rows(Room, ("created_at", "updated_at", "created_by", "updated_by", "building",
                           "floor", "number", "use_class", "subtype", "usable_area",
                           "building_area"), values, progress)
        return len(rows) - rows.unchanged_count()


def _write_rows(model: type[models.Model], names: Sequence[str],
                rows: Iterable[tuple[Any, ...]], progress: Progress | None = None) -> None:
    """Insert ``rows`` (values in the order of the fields ``names``, as Python values) into
    the model's table: one ``COPY`` on PostgreSQL, parameterised ``executemany`` in batches
    of BULK_BATCH elsewhere. Identifiers come from the model's metadata, values go as
    parameters: nothing from the file reaches the SQL text."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in names)
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for done, row in enumerate(rows, start=1):
                    copy.write_row(row)
                    if progress is not None and done % BULK_BATCH == 0:
                        progress(done)
        else:
            sql = (f"INSERT INTO {table} ({columns}) "  # noqa: S608
                   f"VALUES ({', '.join(['%s'] * len(names))})")
            source = iter(rows)
            # A page cache large enough for the table's indexes while they grow: with
            # SQLite's default (2 MB) a million rooms take about twice as long.
            cursor.execute("PRAGMA cache_size")
            (cache_size,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KB:d}")
            try:
                while batch := list(islice(source, BULK_BATCH)):
                    cursor.executemany(sql, batch)
                    done += len(batch)
                    if progress is not None:
                        progress(done)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size):d}")
    if progress is not None and done:
        progress(done)


# ---------------------------------------------------------------- exports


def _current_occupancy(room: Room) -> Occupancy | None:
    cached = getattr(room, "current_occupancies", None)
    if cached is None:
        found: Occupancy | None = (room.occupancies.filter(end_date__isnull=True)
                                   .select_related("agency").first())
        return found
    return cached[0] if cached else None


def _current_people(room: Room) -> str:
    cached = getattr(room, "current_occupants", None)
    if cached is None:
        cached = list(room.occupants.filter(end_date__isnull=True).select_related("person"))
    names = sorted((o.person.name, o.person.staff_no) for o in cached)
    return "、".join(f"{name}（{no}）" if no else name for name, no in names)


def _agency_attr(room: Room, attr: str) -> object:
    occupancy = _current_occupancy(room)
    if occupancy is None:
        return None
    return occupancy.start_date if attr == "start_date" else getattr(occupancy.agency, attr)


def building_export_rows(buildings: models.QuerySet[Building]) -> Iterator[Building]:
    """The buildings as BUILDING_EXPORT_COLUMNS read them, streamed."""
    return buildings.select_related("region").iterator(chunk_size=2000)


def room_export_rows(rooms: models.QuerySet[Room]) -> Iterator[Room]:
    """The rooms with their current agency and people prefetched, streamed (2,000 a time):
    ROOM_EXPORT_COLUMNS then make no query per row."""
    return (rooms.select_related("building", "building__region", "floor")
            .prefetch_related(
                Prefetch("occupancies", to_attr="current_occupancies",
                         queryset=Occupancy.objects.filter(end_date__isnull=True)
                         .select_related("agency")),
                Prefetch("occupants", to_attr="current_occupants",
                         queryset=Occupant.objects.filter(end_date__isnull=True)
                         .select_related("person")))
            .iterator(chunk_size=2000))


# Export rows from building_export_rows() / room_export_rows(), in this column order: the
# import columns first under the same headers (the file imports back), then extras.
BUILDING_EXPORT_COLUMNS = [
    ExportColumn("房产编号", lambda b: b.code, 18),
    ExportColumn("名称", lambda b: b.name, 24),
    ExportColumn("地址", lambda b: b.address, 28),
    ExportColumn("行政区划代码", lambda b: b.region.code),
    ExportColumn("不动产权证号", lambda b: b.property_cert_no, 22),
    ExportColumn("土地证号", lambda b: b.land_cert_no, 20),
    ExportColumn("发证日期", lambda b: b.cert_issued_on),
    ExportColumn("权利人", lambda b: b.owner, 24),
    ExportColumn("登记状态", lambda b: b.get_registration_status_display()),
    ExportColumn("备案原因", lambda b: b.filing_reason, 24),
    ExportColumn("土地面积（㎡）", lambda b: b.land_area),
    ExportColumn("建筑面积（㎡）", lambda b: b.building_area),
    ExportColumn("证载建筑面积（㎡）", lambda b: b.cert_building_area),
    ExportColumn("地上层数", lambda b: b.floors_above),
    ExportColumn("地下层数", lambda b: b.floors_below),
    ExportColumn("建成年份", lambda b: b.year_built),
    ExportColumn("结构", lambda b: b.get_structure_display()),
    ExportColumn("建筑类型", lambda b: b.get_building_type_display()),
    ExportColumn("账面价值（元）", lambda b: b.book_value),
    ExportColumn("资产卡片号", lambda b: b.asset_card_no, 18),
    ExportColumn("用途", lambda b: b.get_use_display()),
    ExportColumn("区划名称", lambda b: b.region.name),
]

ROOM_EXPORT_COLUMNS = [
    ExportColumn("房产编号", lambda r: r.building.code, 18),
    ExportColumn("楼层", lambda r: r.floor.number),
    ExportColumn("房间号", lambda r: r.number),
    ExportColumn("用途分类", lambda r: r.get_use_class_display()),
    ExportColumn("具体用途", lambda r: r.subtype, 18),
    ExportColumn("使用面积（㎡）", lambda r: r.usable_area),
    ExportColumn("建筑面积（㎡）", lambda r: r.building_area),
    ExportColumn("使用单位信用代码", lambda r: _agency_attr(r, "credit_code"), 22),
    ExportColumn("使用起始日期", lambda r: _agency_attr(r, "start_date")),
    ExportColumn("使用人", _current_people, 24),
    ExportColumn("房产名称", lambda r: r.building.name, 24),
    ExportColumn("区划名称", lambda r: r.building.region.name),
    ExportColumn("楼层名称", lambda r: r.floor.label),
    ExportColumn("当前使用单位名称", lambda r: _agency_attr(r, "name"), 28),
]
