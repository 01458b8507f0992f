"""The agency importer (单位名录): its row check (``clean_row``, which words every error),
the same check a column at a time for the common rows, and the set-based write; see
jiguan.orgs.excel for the columns and jiguan.core.imports.upsert for the shared machinery."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, NamedTuple

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can_at
from jiguan.core.excel import Record, cell_int, cell_str
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports.pipeline import (
    CheckSink,
    Importer,
    ImportPlan,
    Progress,
    RowError,
    clean_rows,
    register,
)
from jiguan.core.imports.upsert import BAD, ColumnRows, judge_columns, touched_url, without_gc
from jiguan.core.models import ImportJob
from jiguan.orgs import rules
from jiguan.orgs.excel.agency_write import AgencyWriter, load_existing
from jiguan.orgs.excel.columns import (
    AGENCY_COLUMNS,
    HEADCOUNTS,
    LEVEL_CHOICES,
    TYPE_CHOICES,
    code_of,
    parse_type,
    text_of,
)

#: The fields of a cleaned agency row (a tuple in this order; None: keep / the default).
ROW_FIELDS = ("name", "credit_code", "region_id", "level", "type_code", "parent_code",
              "authorized_headcount", "actual_headcount", "energy_headcount")
_CHECKED = ("name", "credit_code", "region_code", "level", "type_code", "parent_credit_code",
            *HEADCOUNTS)
_NAME_LIMIT = 100


class ExistingAgency(NamedTuple):
    """An agency of the register as the import compares it (ids, not objects)."""

    id: int
    name: str
    region_id: int
    level: str
    type_code: str
    parent_id: int | None
    authorized_headcount: int
    actual_headcount: int
    energy_headcount: int | None


@register
class AgencyImporter(Importer):
    kind = "orgs.agency"
    label = "单位名录"
    columns = AGENCY_COLUMNS
    template_example = {c.field: c.example for c in AGENCY_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_AGENCY)
    key_label = "统一社会信用代码"
    streaming = True
    depends_on = ("access.Region", "access.Grant", "orgs.Agency")
    instructions = (
        "按统一社会信用代码识别单位：已登记的单位更新，未登记的新增；内容相同的行不做修改。",
        "只能导入您权限范围内区划的单位。",
    )
    field_map = {"region": "region_code", "parent": "parent_credit_code"}

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.regions: dict[str, Region] = {}
        self.region_by_id: dict[int, Region] = {}
        self.existing: dict[str, ExistingAgency] = {}
        self.seen: set[str] = set()
        self._loaded: set[str] = set()
        self._code_of: dict[object, str] = {}  # credit code cell -> code, seen by _load
        self._verdicts: list[dict[object, Any]] = [{} for _ in _CHECKED]

    # -- lookups
    def prepare(self, records: Sequence[Record]) -> None:
        self._load([r.values.get(f) for r in records
                    for f in ("credit_code", "parent_credit_code")])

    def prepare_chunk(self, chunk: RecordChunk) -> None:
        codes, parents = chunk.columns(("credit_code", "parent_credit_code"))
        self._load([*codes, *parents])

    def _load(self, cells: Sequence[object]) -> None:
        if not self.regions:
            self.region_by_id = {r.pk: r for r in Region.objects.all()}
            self.regions = {r.code: r for r in self.region_by_id.values()}
        distinct = set(cells)
        found = dict(zip(distinct, map(code_of, distinct), strict=True))
        if len(self._code_of) < 200_000:
            self._code_of.update(found)
        codes = set(found.values()) - self._loaded
        self.existing.update(load_existing(codes))
        self._loaded |= codes

    def _covers(self, perm: str, region: Region, agency_id: int | None = None) -> bool:
        return can_at(self.user, perm, region_path=region.path, agency_id=agency_id)

    # -- the row check, as the user reads it
    def clean_row(self, record: Record) -> tuple[tuple[Any, ...] | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        values = record.values
        name = text_of(record, "name", _NAME_LIMIT, "单位名称", errors, self, required=True)
        code = code_of(values.get("credit_code"))
        if not code:
            errors.append(err(record, "credit_code", "统一社会信用代码不能为空"))
        elif problem := rules.credit_code_problem(code):
            errors.append(err(record, "credit_code", problem))
        else:
            self.seen.add(code)
            existing = self.existing.get(code)
            if existing and not self._covers(Perm.CHANGE_AGENCY,
                                             self.region_by_id[existing.region_id],
                                             existing.id):
                errors.append(err(record, "credit_code", "该信用代码已登记在您权限范围外的单位"))
        region_code = cell_str(values.get("region_code"))
        region = self.regions.get(region_code)
        if not region_code:
            errors.append(err(record, "region_code", "行政区划代码不能为空"))
        elif region is None:
            errors.append(err(record, "region_code", f"行政区划代码“{region_code}”不存在"))
        elif not self._covers(Perm.CHANGE_AGENCY, region):
            errors.append(err(record, "region_code",
                              f"区划“{region.name}（{region_code}）”不在您的权限范围内"))
        level_text = cell_str(values.get("level"))
        level = rules.parse_level(level_text)
        if not level_text:
            errors.append(err(record, "level", "单位层级不能为空"))
        elif level is None:
            errors.append(err(record, "level", f"单位层级“{level_text}”无效，可选："
                                               + "、".join(LEVEL_CHOICES)))
        elif region is not None and region.level == "township" and level != "township":
            errors.append(err(record, "level", "乡级区划下的单位只能是乡级"))
        type_text = cell_str(values.get("type_code"))
        type_code = None
        if type_text:
            type_code = parse_type(type_text)
            if type_code is None:
                errors.append(err(record, "type_code", f"单位性质“{type_text}”无效，可选："
                                                       + "、".join(TYPE_CHOICES)))
        numbers: list[int | None] = []
        for field_name in HEADCOUNTS:
            label = self.column_label(field_name)
            number = None
            try:
                number = cell_int(values.get(field_name))
            except ValueError:
                errors.append(err(record, field_name, f"{label}应为整数"))
            else:
                if problem := rules.headcount_problem(number, label):
                    errors.append(err(record, field_name, problem))
            numbers.append(number)
        parent_code = code_of(values.get("parent_credit_code"))
        if parent_code:
            parent = self.existing.get(parent_code)
            if parent_code == code:
                errors.append(err(record, "parent_credit_code", "上级单位不能是本单位"))
            elif parent_code not in self.seen and (parent is None or not self._covers(
                    Perm.VIEW_ORGS, self.region_by_id[parent.region_id], parent.id)):
                errors.append(err(record, "parent_credit_code",
                                  f"上级单位“{parent_code}”不存在或不在您的权限范围内"
                                  "（须已登记，或在本表中列于本单位之前）"))
        if errors:
            return None, errors
        assert region is not None
        return (name, code, region.pk, level, type_code, parent_code, *numbers), []

    # -- the same check, a column at a time
    def check_chunk(self, chunk: RecordChunk, sink: CheckSink) -> None:
        store = sink.store
        if not isinstance(store, ColumnRows) or chunk.rows is None:
            clean_rows(self, chunk, sink, range(len(chunk)))
            return
        judged, good = judge_columns(chunk.columns(_CHECKED), [
            (None if i in (0, 1) else known, decide) for i, (known, decide) in enumerate(zip(
                self._verdicts, (_name, self._code, self._region, _level, _type, _parent,
                                 _count, _count, _count), strict=True))])
        names, codes, regions, levels, types, parents, authorized, actual, energy = judged
        existing, seen, numbers = self.existing, self.seen, chunk.numbers
        wants_preview = sink.wants_preview
        start = 0

        def flush(end: int) -> None:
            if end <= start:
                return
            part = slice(start, end)
            for i in store.extend(codes[part], numbers[part], [
                    names[part], codes[part], regions[part], levels[part], types[part],
                    parents[part], authorized[part], actual[part], energy[part]]):
                sink.repeat(codes[start + i], numbers[start + i], self.key_label)

        for i, ok in enumerate(good):
            code = codes[i]
            if ok:
                region_id = regions[i]
                parent = parents[i]
                found = existing.get(code)
                ok = ((found is None or self._may_change(found))
                      and (levels[i] == "township"
                           or self.region_by_id[region_id].level != "township")
                      and (not parent or (parent != code and (
                          parent in seen or self._may_view(existing.get(parent))))))
            if not ok:
                flush(i)
                start = i + 1
                clean_rows(self, chunk, sink, (i,))
                continue
            seen.add(code)
            if wants_preview:
                sink.kept(code, chunk.record(i))
                wants_preview = sink.wants_preview
        flush(len(good))

    def _may_change(self, found: ExistingAgency) -> bool:
        return self._covers(Perm.CHANGE_AGENCY, self.region_by_id[found.region_id], found.id)

    def _may_view(self, found: ExistingAgency | None) -> bool:
        return found is not None and self._covers(
            Perm.VIEW_ORGS, self.region_by_id[found.region_id], found.id)

    def _code(self, cell: object) -> object:
        code = self._code_of.get(cell) if type(cell) is str else None
        if code is None:
            code = code_of(cell)
        return code if rules.credit_code_valid(code) else BAD

    def _region(self, cell: object) -> object:
        region = self.regions.get(cell_str(cell))
        if region is None or not self._covers(Perm.CHANGE_AGENCY, region):
            return BAD
        return region.pk

    def key(self, cleaned: tuple[Any, ...]) -> Hashable:
        return cleaned[1]

    def row_store(self) -> ColumnRows:
        return ColumnRows(ROW_FIELDS, self.key)

    def checked(self) -> None:
        self._verdicts = [{} for _ in _CHECKED]
        self.seen = set()
        self._loaded = set()
        self._code_of = {}

    def plan(self, rows: Any) -> ImportPlan:
        from jiguan.orgs.excel.agency_plan import agency_plan

        with without_gc():
            return agency_plan(self, self._store(rows))

    def touched_url(self, job: ImportJob) -> str:
        return touched_url(job, "orgs:agency_list")

    def _store(self, rows: Any) -> ColumnRows:
        if isinstance(rows, ColumnRows):
            return rows
        store = self.row_store()
        for number, row in enumerate(rows, start=1):
            store.add(self.key(row), row, number)
        return store

    def apply(self, rows: Any, actor: Any, progress: Progress) -> dict[str, int]:
        with without_gc():
            return AgencyWriter(self, self._store(rows), actor).write(progress)


def _name(cell: object) -> object:
    text = cell_str(cell)
    return text if 0 < len(text) <= _NAME_LIMIT else BAD


def _level(cell: object) -> object:
    return rules.parse_level(cell_str(cell)) or BAD


def _type(cell: object) -> object:
    text = cell_str(cell)
    if not text:
        return None
    return parse_type(text) or BAD


def _parent(cell: object) -> object:
    return code_of(cell)


def _count(cell: object) -> object:
    try:
        number = cell_int(cell)
    except ValueError:
        return BAD
    return BAD if number is not None and number < 0 else number

