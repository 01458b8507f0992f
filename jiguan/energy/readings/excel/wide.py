"""The wide layout of the readings import (能源资源消费（按品种分列）): kind
``energy.reading_wide``.

The agencies' own statistical forms have one row per institution and month and a column
per energy type, usually with the unit in the header ("电（kWh）", "电（万kWh）",
"自来水（吨）", "汽油（升）"), and optionally a cost column per type ("电费（元）",
"电费用（元）", "电 金额（元）"). The core's header matcher hands every header it cannot
name to :func:`claim_header` (``Column.claim``), which gives the header a field of its own
("wide:" + the header as written); :func:`parse_header` reads the type and unit from it and
checks the unit with ``rules.to_canonical``, as the long layout checks its 计量单位 column.

Each wide row becomes one long row per energy type it fills, checked by
:class:`~jiguan.energy.readings.excel.importer.ReadingImporter`'s own ``clean_row`` (so the rules
and messages are the long layout's), with the errors named by the wide column's header.
A blank cell means "not reported": nothing is written for that type. The checked rows go
to the same row store and writer as the long layout (``ReadingRows``, ``write_readings``):
idempotent by institution + month + type, one transaction, one audit row.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Container, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jiguan.core.excel import Column, Record, SpreadsheetError, cell_str
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports.pipeline import CheckSink, RowError, RowStore, register
from jiguan.energy import rules
from jiguan.energy.readings.excel.importer import READING_COLUMNS, ReadingImporter
from jiguan.energy.readings.excel.store import ReadingRows, Row, row_key
from jiguan.energy.rules import ENERGY_TYPES, LITRE_UNITS, RuleError

#: The prefix of the field a wide header's cells go to: "wide:电（万kWh）".
FIELD_PREFIX = "wide:"

_OPEN, _CLOSE = "（(［[【〔", "）)］]】〕"
_BRACKETED = re.compile(
    rf"^(?P<name>.*?)[{re.escape(_OPEN)}](?P<unit>[^{re.escape(_OPEN + _CLOSE)}]*)"
    rf"[{re.escape(_CLOSE)}]\s*$", re.S)
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_COST_SUFFIXES = ("费用", "金额", "费")
_QUANTITY_SUFFIXES = ("消费量", "消耗量", "实物量", "用量", "量")
#: Computed columns of the forms (totals, standard coal): the system computes them itself.
_DERIVED_WORDS = ("合计", "小计", "总计", "总量", "折标", "标准煤", "标煤", "能耗")
_NCV_WORDS = ("发热量", "热值")
_ENERGY_UNITS = frozenset({u for t in ENERGY_TYPES.values() for u in t.units} | set(LITRE_UNITS))

MSG_NO_TYPE_COLUMN = ("表头中没有能源品种列：按品种分列的表格每个品种一列，"
                      "如“电（kWh）”“自来水（吨）”“天然气（m³）”；"
                      "每行一个品种的表格请选择“能源资源消费”导入")
MSG_NOTHING_FILLED = "本行未填写任何能源品种的用量（未报送的品种留空，但每行至少填写一个品种）"
MSG_COST_UNIT = "费用应以元为单位"
MSG_NCV = "按品种分列的表格不能导入实测低位发热量，请改用“能源资源消费”（每行一个品种）导入"


@dataclass(frozen=True)
class WideHeader:
    """What a wide header says: its energy type, whether it holds costs, its unit as the
    long layout's 计量单位 takes it ("" = the type's standard unit), or why it cannot be
    read (``problem``, naming the header; then ``type_code`` may be "")."""

    text: str
    type_code: str
    cost: bool = False
    unit: str = ""
    problem: str = ""

    @property
    def field(self) -> str:
        return FIELD_PREFIX + self.text


def _clean_name(raw: str) -> str:
    name = _SPACES.sub("", unicodedata.normalize("NFKC", raw))
    return name.lstrip("*").rstrip(":")


def _clean_unit(raw: str) -> str:
    unit = _SPACES.sub("", raw)
    for lead in ("单位：", "单位:"):
        unit = unit.removeprefix(lead)
    return unit


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def _energy_type(name: str) -> rules.EnergyType:
    """The type a header's name means: "电", "电力", "用电量", "天然气用量"…"""
    candidates = [name]
    bare = _strip_suffix(name, _QUANTITY_SUFFIXES)
    if bare is not None:
        candidates += [bare, bare.removeprefix("用")]
    for candidate in candidates:
        try:
            return rules.energy_type(candidate)
        except RuleError:
            continue
    return rules.energy_type(name)  # raises with the message naming what was written


def _accepted_unit(code: str, unit: str) -> tuple[str, str]:
    """The unit as ``rules.to_canonical`` accepts it (as written, else its NFKC form:
    "ｋＷｈ" is kWh), or the reason it does not."""
    problem = ""
    for candidate in dict.fromkeys((unit, unicodedata.normalize("NFKC", unit))):
        try:
            rules.to_canonical(code, Decimal(1), candidate or None)
        except RuleError as exc:
            problem = problem or str(exc)  # the message names the unit as written
            continue
        return candidate, ""
    return "", problem


@lru_cache(maxsize=4096)
def parse_header(text: str) -> WideHeader | None:
    """The energy column a header names, or None for a column the wide layout ignores
    ("序号", "备注", "建筑面积（m²）", totals and standard-coal columns)."""
    found = _BRACKETED.match(text)
    name = _clean_name(found["name"] if found else text)
    unit = _clean_unit(found["unit"]) if found else ""
    if not name or name.startswith("总") or any(w in name for w in _DERIVED_WORDS):
        return None
    if any(w in name for w in _NCV_WORDS):
        return WideHeader(text, "", problem=f"表头“{text}”：{MSG_NCV}")
    bare = _strip_suffix(name, _COST_SUFFIXES)
    cost = bare is not None or unit in ("元", "万元")
    try:
        t = _energy_type(bare or name)
    except RuleError as exc:
        if cost or unit in _ENERGY_UNITS:
            return WideHeader(text, "", cost, unit, f"表头“{text}”：{exc}")
        return None
    if cost:
        problem = "" if unit in ("", "元") else f"表头“{text}”：{MSG_COST_UNIT}"
        return WideHeader(text, t.code, True, "", problem)
    accepted, message = _accepted_unit(t.code, unit)
    return WideHeader(text, t.code, False, accepted,
                      f"表头“{text}”：{message}" if message else "")


#: Longer header cells are not energy columns (and are not parsed or cached).
MAX_HEADER = 60


def claim_header(text: str) -> str | None:
    """``Column.claim`` of the wide layout: the field of a header naming an energy column."""
    if len(text) > MAX_HEADER:
        return None
    header = parse_header(text)
    return None if header is None else header.field


def _quantity_label(t: rules.EnergyType) -> str:
    """The template's quantity header of a type: "电（kWh）"."""
    return f"{t.label}（{t.unit}）"


def _cost_label(t: rules.EnergyType) -> str:
    """The template's cost header of a type: "电费（元）"."""
    return f"{t.label}费（元）"


def _type_columns() -> list[Column]:
    units_help = {code: "、".join([*t.units, *(["升"] if t.liquid else [])])
                  for code, t in ENERGY_TYPES.items()}
    columns: list[Column] = []
    for code, t in ENERGY_TYPES.items():
        quantity, cost = _quantity_label(t), _cost_label(t)
        columns.append(Column(FIELD_PREFIX + quantity, quantity, claim=claim_header, width=12,
                              help=f"用量；括号中的单位可改为：{units_help[code]}；"
                                   "留空表示未报送"))
        columns.append(Column(FIELD_PREFIX + cost, cost, claim=claim_header, width=12,
                              help="可不填；只填费用不填用量的会被拒收"))
    return columns


WIDE_COLUMNS: list[Column] = [*READING_COLUMNS[:3], *_type_columns()]

_EXAMPLE: dict[str, object] = {
    **{c.field: c.example for c in READING_COLUMNS[:3]},
    FIELD_PREFIX + "电（kWh）": 12000, FIELD_PREFIX + "电费（元）": 9600,
    FIELD_PREFIX + "自来水（m³）": 350, FIELD_PREFIX + "自来水费（元）": 1200,
    FIELD_PREFIX + "天然气（m³）": 800, FIELD_PREFIX + "天然气费（元）": 2800,
}


@dataclass
class _Group:
    """The columns of one energy type in a sheet (usually one of each)."""

    code: str
    quantity: list[WideHeader] = field(default_factory=list)
    cost: list[WideHeader] = field(default_factory=list)


@dataclass
class _Layout:
    groups: list[_Group]
    bad: list[WideHeader]


class WideReadingRows(ReadingRows):
    """``ReadingRows`` that also knows each reading's sheet row, so that its length (the
    "rows checked" the import page shows) counts the sheet's rows, not the readings."""

    def __init__(self) -> None:
        super().__init__()
        self.sheet_row = array("l")

    def add(self, key: Hashable, cleaned: Row, row_number: int) -> bool:
        if not super().add(key, cleaned, row_number):
            return False
        self.sheet_row.append(row_number)
        return True

    def drop(self, keys: Container[Hashable]) -> None:
        kept = (n for i, n in enumerate(self.sheet_row)
                if row_key(self.agency[i], self.month[i], self.type[i]) not in keys)
        self.sheet_row = array("l", kept)
        super().drop(keys)

    def __len__(self) -> int:
        return len(set(self.sheet_row))


@register
class WideReadingImporter(ReadingImporter):
    """Readings from a sheet with a column per energy type: each filled cell is one
    reading, checked and written exactly as a row of the long layout (``energy.reading``)."""

    kind = "energy.reading_wide"
    label = "能源资源消费（按品种分列）"
    columns = WIDE_COLUMNS
    template_example = _EXAMPLE
    instructions = (
        "每行为一个单位一个月，每个能源品种一列（如“电（kWh）”“自来水（吨）”“汽油（升）”），"
        "可另有费用列（如“电费（元）”）；每行一个品种的表格请用“能源资源消费”导入。",
        "计量单位写在表头括号中，可用的单位同页面填报（如 万kWh、吨、升）；表头不写单位时按该品种的"
        "标准单位。合计、折标准煤等计算列不导入。",
        "空白单元格表示该品种未报送，不会写入也不会清除已有数据；用量为 0 请填 0。",
        "同一单位、月份、能源品种已有数据的更新，内容相同的不做修改；任何一行有误时不写入任何数据。",
    )

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self._layouts: dict[tuple[tuple[str, int], ...], _Layout] = {}
        #: The header each long field is named by while a wide row's type is checked.
        self._labels: dict[str, str] = {}

    # ------------------------------------------------------------------ the sheet's columns

    def _layout(self, positions: dict[str, int]) -> _Layout:
        key = tuple(sorted(positions.items(), key=lambda item: item[1]))
        found = self._layouts.get(key)
        if found is None:
            found = self._layouts[key] = _make_layout(key)
        return found

    def prepare_chunk(self, chunk: RecordChunk) -> None:
        self._layout(chunk.positions)  # a sheet without a type column fails here, once
        super().prepare_chunk(chunk)

    # ------------------------------------------------------------------ checking

    def error(self, record: Record, field_name: str, message: str) -> RowError:
        label = self._labels.get(field_name)
        if label is None:
            return super().error(record, field_name, message)
        return RowError(record.row_number, label, message)

    def check_chunk(self, chunk: RecordChunk, sink: CheckSink) -> None:
        """Every wide row as its long rows; the readings of a row go to the store together,
        or none of them when any cell of the row is wrong."""
        layout = self._layout(chunk.positions)
        store, repeat, label = sink.store, sink.repeat, self.key_label
        for index in range(len(chunk)):
            record = chunk.record(index)
            cleaned, errors = self.clean_wide(record, layout)
            if errors:
                sink.errors.extend(errors)
                continue
            kept = None
            for row in cleaned:
                if store.add(row[0], row, record.row_number):
                    kept = row[0] if kept is None else kept
                else:
                    repeat(row[0], record.row_number, label)
            if kept is not None and sink.wants_preview:
                sink.kept(kept, _preview(record, layout))  # once per sheet row

    def clean_wide(self, record: Record, layout: _Layout) -> tuple[list[Row], list[RowError]]:
        """The long rows of one wide row (one per energy type it fills), or its errors."""
        values, number = record.values, record.row_number
        errors: list[RowError] = []
        cleaned: list[Row] = []
        filled = False
        unreadable: set[str] = set()  # types whose quantity is in an unreadable column
        for header in layout.bad:
            if cell_str(values.get(header.field)):
                filled = True
                errors.append(RowError(number, header.text, header.problem))
                if not header.cost:
                    unreadable.add(header.type_code)
        for group in layout.groups:
            quantity = [h for h in group.quantity if cell_str(values.get(h.field))]
            cost = [h for h in group.cost if cell_str(values.get(h.field))]
            if not quantity and not cost:
                continue  # not reported
            filled = True
            if not quantity and group.code in unreadable:
                continue  # its quantity's header is named above
            errors.extend(RowError(number, h.text, _twice(quantity[0], group, "用量"))
                          for h in quantity[1:])
            errors.extend(RowError(number, h.text, _twice(cost[0], group, "费用"))
                          for h in cost[1:])
            row, row_errors = self._clean_type(record, group, quantity, cost)
            errors.extend(row_errors)
            if row is not None:
                cleaned.append(row)
        if not filled:
            errors.append(RowError(number, "", MSG_NOTHING_FILLED))
        if errors:
            # The institution's and the month's errors come once per type: name them once.
            return [], list(dict.fromkeys(errors))
        return cleaned, []

    def _clean_type(self, record: Record, group: _Group, quantity: list[WideHeader],
                    cost: list[WideHeader]) -> tuple[Row | None, list[RowError]]:
        """One type of a wide row, as a long row through ``ReadingImporter.clean_row``."""
        values = record.values
        q = quantity[0] if quantity else None
        c = cost[0] if cost else None
        named = (q or (group.quantity[0] if group.quantity else None) or c)
        assert named is not None
        self._labels = {"energy_type": named.text, "quantity": named.text,
                        "unit": named.text, "cost": (c or named).text, "ncv": named.text}
        long = Record(record.row_number, {
            "credit_code": values.get("credit_code"),
            "agency_name": values.get("agency_name"),
            "month": values.get("month"),
            "energy_type": ENERGY_TYPES[group.code].label,
            "quantity": values.get(q.field) if q is not None else None,
            "unit": q.unit if q is not None else "",
            "cost": values.get(c.field) if c is not None else None,
            "ncv": None,
        })
        try:
            return self.clean_row(long)
        finally:
            self._labels = {}

    def row_store(self) -> RowStore:
        return WideReadingRows()  # type: ignore[return-value]

    def checked(self) -> None:
        super().checked()
        self._layouts = {}


def _preview(record: Record, layout: _Layout) -> Record:
    """The row as the preview shows it, under the template's columns: a quantity in
    another unit than the column's is shown with its unit ("1.2 万kWh" under "电（kWh）")."""
    values = {name: record.values.get(name) for name in ("credit_code", "agency_name", "month")}
    for group in layout.groups:
        t = ENERGY_TYPES[group.code]
        for header in group.quantity:
            text = cell_str(record.values.get(header.field))
            if text:
                unit = header.unit or t.unit
                values[FIELD_PREFIX + _quantity_label(t)] = (
                    text if unit == t.unit else f"{text} {unit}")
                break
        for header in group.cost:
            text = cell_str(record.values.get(header.field))
            if text:
                values[FIELD_PREFIX + _cost_label(t)] = text
                break
    return Record(record.row_number, values)


def _twice(first: WideHeader, group: _Group, what: str) -> str:
    label = ENERGY_TYPES[group.code].label
    return f"与“{first.text}”列重复（都是{label}的{what}），请只填写其中一列"


def _make_layout(positions: tuple[tuple[str, int], ...]) -> _Layout:
    """The sheet's energy columns by type (in column order) and its unreadable headers."""
    groups: dict[str, _Group] = {}
    bad: list[WideHeader] = []
    for name, _pos in positions:
        if not name.startswith(FIELD_PREFIX):
            continue
        header = parse_header(name.removeprefix(FIELD_PREFIX))
        if header is None:  # claimed by another importer's rule: not ours
            continue
        if header.problem:
            bad.append(header)
            continue
        group = groups.setdefault(header.type_code, _Group(header.type_code))
        (group.cost if header.cost else group.quantity).append(header)
    if not groups:
        names = "、".join(f"“{h.text}”" for h in bad)
        unreadable = f"（无法识别的表头：{names}）" if names else ""
        raise SpreadsheetError(MSG_NO_TYPE_COLUMN + unreadable)
    return _Layout(list(groups.values()), bad)
