"""The Excel import of monthly readings (能源资源消费) covering many institutions at once,
through the core's import pipeline (jiguan.core.imports.pipeline): kind ``energy.reading``.

One row per institution, month and energy type (the long layout); the natural key is that
triple, so a re-imported file changes nothing. Every check of ``actions.prepare_reading``
is made here too, with the same Chinese messages, but as plain functions on cell values:
each distinct cell text (a month, a type, a unit, a number, a credit code) is judged once
and remembered, and a checked row is a handful of integers, not a model instance. A file
of a million rows is judged in one pass with bounded memory (jiguan.energy.readings.excel.store).

Writing (``apply``, jiguan.energy.readings.excel.write): new readings are staged as integers
and inserted with one ``INSERT ... SELECT``, changed ones updated with ``bulk_update``; then,
once for the whole job, ``actions.after_readings_change`` brings the summaries up to date
(adding the new rows' totals when nothing stored changed, ADR 0007; rebuilding otherwise),
re-checks quotas and closes the answered to-dos, and one ``energy.readings.imported`` audit
row names the counts (beside the core's ``core.import.confirmed``), all in the import's
single transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.core.excel import Column, Record, cell_decimal, cell_str
from jiguan.core.excel.column_checks import CACHE_SIZE, KEYABLE, verdicts
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports.pipeline import (
    CheckSink,
    Importer,
    ImportPlan,
    Progress,
    RowError,
    RowStore,
    RowWarning,
    register,
)
from jiguan.energy import rules
from jiguan.energy.models import CoefficientSet
from jiguan.energy.readings import actions
from jiguan.energy.readings.excel.check import check_reading_chunk
from jiguan.energy.readings.excel.store import (
    ReadingRows,
    Row,
    from_fixed,
    month_date,
    month_index,
    row_key,
    to_fixed,
)
from jiguan.energy.readings.excel.write import write_readings
from jiguan.energy.readings.queries import unusual_quantities
from jiguan.energy.rules import ENERGY_TYPES, TYPE_CODES, RuleError
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import normalize_credit_code

_CHUNK = 2000
# The same limit as the page and the API (actions.prepare_reading).
MAX_NCV = actions.MAX_NCV

# Every unit any type accepts, for the template's dropdown (a type refuses the others).
ALL_UNITS: tuple[str, ...] = tuple(dict.fromkeys(
    [u for t in ENERGY_TYPES.values() for u in t.units] + ["L", "升"]))

READING_COLUMNS = [
    Column("credit_code", "统一社会信用代码", aliases=("信用代码", "社会信用代码"),
           example="11330000002482008X", width=22,
           help="18 位统一社会信用代码；不填时按单位名称匹配（名称须在权限范围内唯一）"),
    Column("agency_name", "单位名称", aliases=("机构名称", "公共机构名称"),
           example="浙江省机关事务管理局", width=28),
    Column("month", "月份", aliases=("统计月份", "年月", "所属月份"), required=True,
           example="2026-03", help="如 2026-03、2026/3、202603、2026年3月", width=10),
    Column("energy_type", "能源品种", aliases=("品种", "能源种类", "能源类型"), required=True,
           choices=tuple(t.label for t in ENERGY_TYPES.values()), example="电", width=12),
    Column("quantity", "用量", aliases=("消费量", "实物量", "数量"), required=True,
           example=12000, width=14),
    Column("unit", "计量单位", aliases=("单位（计量）",), choices=ALL_UNITS, example="kWh",
           help="不填按该品种的标准单位；液体燃料可填升（L），按配置的密度折算为千克", width=10),
    Column("cost", "费用（元）", aliases=("费用", "金额", "金额（元）"), example=9600, width=14),
    Column("ncv", "实测低位发热量", aliases=("低位发热量", "实测热值"),
           help="kJ/计量单位；填写时按实测值折标准煤", width=14),
]


def _judge_month(raw: object, today: dt.date) -> tuple[Any, str]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "月份不能为空"
    try:
        month = rules.parse_month(raw if isinstance(raw, dt.date) else cell_str(raw))
        rules.check_month(month, today)
    except RuleError as exc:
        return None, str(exc)
    return month_index(month), ""


def _judge_type(raw: object) -> tuple[Any, str]:
    text = cell_str(raw)
    if not text:
        return None, "能源品种不能为空"
    try:
        return TYPE_CODES.index(rules.energy_type(text).code), ""
    except RuleError as exc:
        return None, str(exc)


def _judge_unit(key: tuple[int, str]) -> tuple[Any, str]:
    """The factor from the entered unit to the type's canonical one (a density for litres)."""
    type_idx, text = key
    code = TYPE_CODES[type_idx]
    try:
        return (rules.to_canonical(code, Decimal(1), text or None),
                text or ENERGY_TYPES[code].unit), ""
    except RuleError as exc:
        return None, str(exc)


def _judge_number(raw: object) -> tuple[Any, str]:
    try:
        value = cell_decimal(raw)
    except ValueError:
        return None, "应为数字"
    if value is not None and value and value.adjusted() > actions.MAX_DIGITS:
        return None, "超出合理范围，请核对"
    return value, ""


def _judge_code(raw: object) -> tuple[Any, str]:
    return normalize_credit_code(cell_str(raw)), ""


class _Cache:
    """A per-column memo of judged cell values (value, message), bounded."""

    def __init__(self, judge: Callable[[Any], tuple[Any, str]]) -> None:
        self.judge = judge
        self.seen: dict[Any, tuple[Any, str]] = {}

    def __call__(self, raw: Any) -> tuple[Any, str]:
        if type(raw) not in KEYABLE and not isinstance(raw, tuple):
            return self.judge(raw)
        found = self.seen.get(raw)
        if found is None:
            found = self.judge(raw)
            if len(self.seen) < CACHE_SIZE:
                self.seen[raw] = found
        return found


@register
class ReadingImporter(Importer):
    """Readings by (institution, month, type): new ones added, changed ones updated, equal
    ones left alone. An institution must be one the user reports for (REPORT_ENERGY)."""

    kind = "energy.reading"
    label = "能源资源消费"
    columns = READING_COLUMNS
    template_example = {c.field: c.example for c in READING_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.REPORT_ENERGY)
    key_label = "单位、月份、能源品种"
    streaming = True
    # What checking a row reads. Not the readings: whether a row is new, changed or
    # unchanged is decided when writing (and COUNT/MAX over 10 M readings costs seconds).
    depends_on = ("access.Region", "access.Grant", "orgs.Agency", "energy.CoefficientSet")
    instructions = (
        "每行为一个单位一个月一种能源的用量；同一单位、月份、能源品种已有数据的更新，内容相同的不做修改。",
        "单位按统一社会信用代码识别，未填代码时按单位名称（须在您的权限范围内唯一）。",
        "月份不能晚于本月；用量不能为负数，超过合理上限的请核对单位；液体燃料可按升填报。",
        "文件中任何一行有误时不写入任何数据，请按错误清单修改后重新上传。",
    )

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.today = timezone.localdate()
        self.caps = {TYPE_CODES.index(k): v for k, v in rules.monthly_caps().items()}
        # Without a default coefficient set no energy reading can be converted to kgce.
        self.has_coefficients = CoefficientSet.objects.defaults().exists()
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        self._codes_seen: set[str] = set()
        self._names_seen: set[str] = set()
        today = self.today
        self._month = _Cache(lambda raw: _judge_month(raw, today))
        self._type = _Cache(_judge_type)
        self._unit = _Cache(_judge_unit)
        self._number = _Cache(_judge_number)
        self._code = _Cache(_judge_code)
        self._code_text: dict[object, str] = {}
        # The column-wise check's verdicts by cell value (jiguan.energy.readings.excel.check).
        self._verdict_agency: dict[object, int | None] = {}
        self._verdict_month: dict[object, int | None] = {}
        self._verdict_type_unit: dict[object, Any] = {}  # by (type cell, unit cell)

    # ------------------------------------------------------------------ lookups

    def prepare(self, records: Sequence[Record]) -> None:
        """Load the records' institutions (see ``_load``)."""
        self._load([r.values.get("credit_code") for r in records],
                   [r.values.get("agency_name") for r in records])

    def prepare_chunk(self, chunk: RecordChunk) -> None:
        self._load(*chunk.columns(("credit_code", "agency_name")))

    def _load(self, code_cells: Sequence[object], name_cells: Sequence[object]) -> None:
        """Load the institutions the cells name (by credit code, or by name where no code
        is given) that the user reports for, in a few queries."""
        normalized = verdicts(code_cells, self._code_text, lambda raw: self._code(raw)[0])
        codes = set(normalized)
        names: set[str] = set()
        if "" in codes:  # rows without a code name their institution
            codes.discard("")
            names = {cell_str(raw) for raw, code in zip(name_cells, normalized, strict=True)
                     if not code} - {""}
        visible = Agency.objects.visible_to(self.user, Perm.REPORT_ENERGY)
        new_codes = sorted(codes - self._codes_seen)
        for start in range(0, len(new_codes), _CHUNK):
            chunk = new_codes[start:start + _CHUNK]
            self.by_code.update(visible.filter(credit_code__in=chunk)
                                .values_list("credit_code", "pk"))
        self._codes_seen |= codes
        new_names = sorted(names - self._names_seen)
        for start in range(0, len(new_names), _CHUNK):
            chunk = new_names[start:start + _CHUNK]
            for name, pk in visible.filter(name__in=chunk).values_list("name", "pk"):
                self.by_name.setdefault(name, []).append(pk)
        self._names_seen |= names

    # ------------------------------------------------------------------ checking

    def check_chunk(self, chunk: RecordChunk, sink: CheckSink) -> None:
        """The plain rows a column at a time, the others by ``clean_row``
        (jiguan.energy.readings.excel.check)."""
        check_reading_chunk(self, chunk, sink)

    def clean_row(self, record: Record) -> tuple[Row | None, list[RowError]]:
        values = record.values
        errors: list[RowError] = []
        agency_id = self._agency(record, errors)
        month, message = self._month(values.get("month"))
        if message:
            errors.append(self.error(record, "month", message))
        type_idx, message = self._type(values.get("energy_type"))
        if message:
            errors.append(self.error(record, "energy_type", message))
            return None, errors
        t = ENERGY_TYPES[TYPE_CODES[type_idx]]
        unit, message = self._unit((type_idx, cell_str(values.get("unit"))))
        if message:
            errors.append(self.error(record, "unit", message))
        entered, message = self._number(values.get("quantity"))
        if message or entered is None:
            errors.append(self.error(record, "quantity",
                                     f"{t.label}用量{message or '不能为空'}"))
        elif entered < 0:
            errors.append(self.error(record, "quantity", f"{t.label}用量不能为负数"))
            entered = None
        quantity = None
        if entered is not None and unit is not None:
            quantity = entered * unit[0]
            if quantity > self.caps[type_idx]:
                cap = self.caps[type_idx]
                errors.append(self.error(record, "quantity",
                                         f"{t.label}月用量 {quantity:,} {t.unit} 超过合理上限 "
                                         f"{cap:,} {t.unit}，请核对单位"))
        cost = self._cost(record, t, errors)
        ncv = self._ncv(record, t, errors)
        if t.energy and ncv is None and not self.has_coefficients:
            errors.append(self.error(record, "energy_type", "尚未配置默认折标系数，无法折算标准煤"))
        if errors or agency_id is None or quantity is None or unit is None:
            return None, errors
        assert entered is not None
        return (row_key(agency_id, month, type_idx), agency_id, month, type_idx,
                to_fixed(quantity, 3), to_fixed(entered, 3), unit[1],
                to_fixed(cost, 2), -1 if ncv is None else to_fixed(ncv, 2)), []

    def _agency(self, record: Record, errors: list[RowError]) -> int | None:
        values = record.values
        code = self._code(values.get("credit_code"))[0]
        if code:
            found = self.by_code.get(code)
            if found is None:
                errors.append(self.error(record, "credit_code",
                                         f"统一社会信用代码“{code}”不存在或不在您的权限范围内"))
            return found
        name = cell_str(values.get("agency_name"))
        if not name:
            errors.append(self.error(record, "credit_code", "统一社会信用代码和单位名称不能都为空"))
            return None
        ids = self.by_name.get(name, [])
        if len(ids) == 1:
            return ids[0]
        message = (f"单位名称“{name}”对应多个单位，请填写统一社会信用代码" if ids
                   else f"单位名称“{name}”不存在或不在您的权限范围内")
        errors.append(self.error(record, "agency_name", message))
        return None

    def _cost(self, record: Record, t: rules.EnergyType, errors: list[RowError]) -> Decimal:
        cost, message = self._number(record.values.get("cost"))
        if message:
            errors.append(self.error(record, "cost", f"{t.label}费用{message}"))
        elif cost is not None and cost < 0:
            errors.append(self.error(record, "cost", f"{t.label}费用不能为负数"))
        elif cost is not None and cost > actions.MAX_COST:
            errors.append(self.error(record, "cost",
                                     f"{t.label}费用超过 {actions.MAX_COST:,} 元，请核对"))
        return cost if cost is not None and not message else Decimal(0)

    def _ncv(self, record: Record, t: rules.EnergyType, errors: list[RowError]
             ) -> Decimal | None:
        ncv, message = self._number(record.values.get("ncv"))
        if message:
            errors.append(self.error(record, "ncv", f"实测低位发热量{message}"))
            return None
        if ncv is None:
            return None
        if not t.energy or t.code == "other":
            errors.append(self.error(record, "ncv", f"{t.label}不适用实测低位发热量"))
        elif ncv >= MAX_NCV:
            errors.append(self.error(record, "ncv", "实测低位发热量过大，请核对单位"))
        elif ncv.quantize(Decimal("0.01")) <= 0:
            errors.append(self.error(record, "ncv", "实测低位发热量必须大于 0（保留两位小数）"))
        return ncv

    def key(self, cleaned: Row) -> Hashable:
        return cleaned[0]

    def key_column(self, cleaned: Row) -> str:
        return self.key_label

    def row_store(self) -> RowStore:
        return ReadingRows()  # type: ignore[return-value]

    def checked(self) -> None:
        # Only the check needs these; the instance may wait with its rows until applied.
        self.by_name = {}
        self._number.seen = {}
        self._code.seen = {}
        self._verdict_agency, self._verdict_month, self._verdict_type_unit = {}, {}, {}
        self._code_text = {}

    # ------------------------------------------------------------------ writing

    def plan(self, rows: Any) -> ImportPlan | None:
        """The rows far from their institution's own history (the rule of the month page
        and the API's ``confirm_unusual``): the import waits until the user confirms them.
        Whether a row is new or changed is decided when writing, so no counts."""
        assert isinstance(rows, ReadingRows)
        items = [(a, TYPE_CODES[t], month_date(m), from_fixed(q, 3))
                 for a, m, t, q in zip(rows.agency, rows.month, rows.type, rows.quantity,
                                       strict=True)]
        unusual = unusual_quantities(items)
        if not unusual:
            return None
        names = dict(Agency.objects.filter(pk__in={items[i][0] for i in unusual})
                     .values_list("pk", "name"))
        return ImportPlan(counted=False, warnings=[
            RowWarning(rows.row[i], f"{names.get(items[i][0], '')} {items[i][2]:%Y年%m月}："
                                    f"{why}")
            for i, why in unusual.items()])

    def apply(self, rows: Any, actor: Any, progress: Progress) -> dict[str, int]:
        # ``rows`` is the ReadingRows store that row_store() made (RowStore.result()).
        assert isinstance(rows, ReadingRows)
        return write_readings(rows, actor=actor, user=self.user, progress=progress)
