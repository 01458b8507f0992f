"""Spreadsheet import and export of agencies (单位名录) and people (人员名册).

The pipeline (reading, preview, duplicates, one transaction) lives in jiguan.core.imports;
here are only the columns, the row checks and the upsert through orgs.actions. An export
starts with the import columns under the same headers, so an exported file imports back.

A blank optional cell means "not given": a new record gets the default, an existing one
keeps its value. Re-importing the same file therefore changes nothing and writes no audit
rows (the actions write only when something differs).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.batches import lookup_batches
from jiguan.core.excel import Column, ExportColumn, Record, cell_int, cell_str
from jiguan.core.imports import Cleaned, Importer, Progress, RowError, register
from jiguan.orgs import rules
from jiguan.orgs.actions import agency_create, agency_update, person_create, person_update
from jiguan.orgs.models import Agency, Person

LEVEL_CHOICES = tuple(rules.LEVEL_LABELS.values())
TYPE_CHOICES = tuple(f"{code} {label}" for code, label in rules.AGENCY_TYPES.items())
RANK_CHOICES = tuple(dict.fromkeys(r.label for ranks in rules.RANKS.values() for r in ranks))
HEADCOUNTS = ("authorized_headcount", "actual_headcount", "energy_headcount")
_CHUNK = 500  # values per IN (...) query: well under every database's parameter limit
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


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    return lookup_batches(values, _CHUNK)


def _code(value: object) -> str:
    return rules.normalize_credit_code(cell_str(value))


def parse_type(text: str) -> str | None:
    """"01 国家机关", "01", "国家机关" or "1" -> "01"."""
    found = rules.parse_agency_type(text)
    if found is None and (match := _CODE_PREFIX.match(text)):
        found = rules.parse_agency_type(match.group(1))
    return found


def _text(record: Record, field_name: str, limit: int, label: str,
          errors: list[RowError], importer: Importer, *, required: bool = False) -> str:
    value = cell_str(record.values.get(field_name))
    if required and not value:
        errors.append(importer.error(record, field_name, f"{label}不能为空"))
    elif len(value) > limit:
        errors.append(importer.error(record, field_name, f"{label}不能超过{limit}个字"))
    return value


@register
class AgencyImporter(Importer):
    kind = "orgs.agency"
    label = "单位名录"
    columns = AGENCY_COLUMNS
    template_example = {c.field: c.example for c in AGENCY_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_AGENCY)
    key_label = "统一社会信用代码"
    instructions = (
        "按统一社会信用代码识别单位：已登记的单位更新，未登记的新增；内容相同的行不做修改。",
        "只能导入您权限范围内区划的单位。",
    )
    field_map = {"region": "region_code", "parent": "parent_credit_code"}

    def prepare(self, records: Sequence[Record]) -> None:
        codes = {_code(r.values.get(f)) for r in records
                 for f in ("credit_code", "parent_credit_code")}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.existing: dict[str, Agency] = {}
        for chunk in _chunks(codes):
            qs = Agency.objects.filter(credit_code__in=chunk).select_related("region", "parent")
            self.existing.update({a.credit_code: a for a in qs})
        self.seen: set[str] = set()

    def _covers(self, perm: str, region: Region, agency: Agency | None = None) -> bool:
        return bool(self.user.scope.covers(perm, region_path=region.path,
                                           agency_id=agency.pk if agency else None))

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        values = record.values
        name = _text(record, "name", 100, "单位名称", errors, self, required=True)
        code = _code(values.get("credit_code"))
        if not code:
            errors.append(err(record, "credit_code", "统一社会信用代码不能为空"))
        elif problem := rules.credit_code_problem(code):
            errors.append(err(record, "credit_code", problem))
        else:
            self.seen.add(code)
            existing = self.existing.get(code)
            if existing and not self._covers(Perm.CHANGE_AGENCY, existing.region, existing):
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
        cleaned: Cleaned = {"row": record.row_number, "name": name, "credit_code": code,
                            "region": region, "level": level}
        type_text = cell_str(values.get("type_code"))
        if type_text:
            cleaned["type_code"] = parse_type(type_text)
            if cleaned["type_code"] is None:
                errors.append(err(record, "type_code", f"单位性质“{type_text}”无效，可选："
                                                       + "、".join(TYPE_CHOICES)))
        for field_name in HEADCOUNTS:
            label = self.column_label(field_name)
            try:
                number = cell_int(values.get(field_name))
            except ValueError:
                errors.append(err(record, field_name, f"{label}应为整数"))
                continue
            if problem := rules.headcount_problem(number, label):
                errors.append(err(record, field_name, problem))
            elif number is not None:
                cleaned[field_name] = number
        parent_code = _code(values.get("parent_credit_code"))
        if parent_code:
            parent = self.existing.get(parent_code)
            if parent_code == code:
                errors.append(err(record, "parent_credit_code", "上级单位不能是本单位"))
            elif parent_code not in self.seen and (
                    parent is None or not self._covers(Perm.VIEW_ORGS, parent.region, parent)):
                errors.append(err(record, "parent_credit_code",
                                  f"上级单位“{parent_code}”不存在或不在您的权限范围内"
                                  "（须已登记，或在本表中列于本单位之前）"))
            cleaned["parent_credit_code"] = parent_code
        return (None, errors) if errors else (cleaned, [])

    def key(self, cleaned: Cleaned) -> Hashable:
        return str(cleaned["credit_code"])

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        summary = {"created": 0, "updated": 0, "unchanged": 0}
        by_code = dict(self.existing)
        fields = ("name", "credit_code", "region", "level", "type_code", *HEADCOUNTS)
        for done, row in enumerate(rows, start=1):
            data = {k: row[k] for k in fields if k in row}
            try:
                if row.get("parent_credit_code"):
                    data["parent"] = by_code[row["parent_credit_code"]]
                agency = by_code.get(row["credit_code"])
                if agency is None:
                    by_code[row["credit_code"]] = agency_create(data=data, actor=actor)
                    summary["created"] += 1
                elif agency_update(agency=agency, data=data, actor=actor):
                    summary["updated"] += 1
                else:
                    summary["unchanged"] += 1
            except KeyError:
                raise self.rejected(row["row"], ValidationError(
                    {"parent_credit_code": "上级单位未能导入"}), self.field_map) from None
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, self.field_map) from exc
            progress(done)
        return summary


@register
class PersonImporter(Importer):
    kind = "orgs.person"
    label = "人员名册"
    columns = PERSON_COLUMNS
    template_example = {c.field: c.example for c in PERSON_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_PERSON)
    key_label = "人员编号"
    instructions = (
        "按“单位信用代码 + 人员编号”识别人员；未填人员编号时按“单位信用代码 + 姓名”识别。",
        "单位须已登记且在您的权限范围内；职级须属于该单位的层级。",
    )
    field_map = {"agency": "agency_credit_code"}

    def prepare(self, records: Sequence[Record]) -> None:
        codes = {_code(r.values.get("agency_credit_code")) for r in records}
        self.agencies: dict[str, Agency] = {}
        visible = Agency.objects.visible_to(self.user, Perm.CHANGE_PERSON)
        for chunk in _chunks(codes):
            qs = visible.filter(credit_code__in=chunk).select_related("region")
            self.agencies.update({a.credit_code: a for a in qs})
        self.by_staff_no: dict[tuple[int, str], Person] = {}
        self.by_name: dict[tuple[int, str], list[Person]] = {}
        for person in Person.objects.filter(agency__in=list(self.agencies.values())):
            if person.staff_no:
                self.by_staff_no[(person.agency_id, person.staff_no)] = person
            self.by_name.setdefault((person.agency_id, person.name), []).append(person)

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        code = _code(record.values.get("agency_credit_code"))
        agency = self.agencies.get(code)
        if not code:
            errors.append(err(record, "agency_credit_code", "单位信用代码不能为空"))
        elif agency is None:
            errors.append(err(record, "agency_credit_code",
                              f"单位“{code}”未登记或不在您的权限范围内"))
        elif agency.is_archived:
            errors.append(err(record, "agency_credit_code",
                              f"单位“{agency.name}”已撤并，不能导入在职人员"))
        name = _text(record, "name", 50, "姓名", errors, self, required=True)
        staff_no = _text(record, "staff_no", 30, "人员编号", errors, self)
        post = _text(record, "post", 100, "职务", errors, self)
        rank_text = _text(record, "rank", 30, "职级", errors, self, required=True)
        rank = None
        if agency is not None and rank_text:
            rank = rules.parse_rank(agency.level, rank_text)
            if rank is None:
                allowed = "、".join(r.label for r in rules.ranks_for_level(agency.level))
                errors.append(err(record, "rank", f"职级“{rank_text}”不属于"
                                  f"{rules.level_label(agency.level)}机关，可选：{allowed}"))
        person = None
        if agency is not None and staff_no:
            person = self.by_staff_no.get((agency.pk, staff_no))
        elif agency is not None and name:
            namesakes = self.by_name.get((agency.pk, name), [])
            if len(namesakes) > 1:
                errors.append(err(record, "staff_no", f"该单位有{len(namesakes)}名名为“{name}”"
                                                      "的人员，请填写人员编号以区分"))
            person = namesakes[0] if namesakes else None
        if errors:
            return None, errors
        return {"row": record.row_number, "agency": agency, "name": name, "staff_no": staff_no,
                "post": post, "rank": rank, "person": person}, []

    def key_column(self, cleaned: Cleaned) -> str:
        return "人员编号" if cleaned["staff_no"] else "姓名"

    def key(self, cleaned: Cleaned) -> Hashable:
        agency_id = cleaned["agency"].pk
        if cleaned["staff_no"]:
            return (agency_id, "staff_no", cleaned["staff_no"])
        return (agency_id, "name", cleaned["name"])

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        summary = {"created": 0, "updated": 0, "unchanged": 0}
        for done, row in enumerate(rows, start=1):
            data: dict[str, Any] = {"name": row["name"], "rank": row["rank"]}
            data.update({k: row[k] for k in ("staff_no", "post") if row[k]})
            try:
                if row["person"] is None:
                    person_create(data={**data, "agency": row["agency"]}, actor=actor)
                    summary["created"] += 1
                elif person_update(person=row["person"], data=data, actor=actor):
                    summary["updated"] += 1
                else:
                    summary["unchanged"] += 1
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, self.field_map) from exc
            progress(done)
        return summary


def _parent_code(agency: Agency) -> str:
    return agency.parent.credit_code if agency.parent_id and agency.parent else ""


# Export with select_related("region", "parent") / ("agency"), in that column order.
AGENCY_EXPORT_COLUMNS = [
    ExportColumn("单位名称", lambda a: a.name, 28),
    ExportColumn("统一社会信用代码", lambda a: a.credit_code, 22),
    ExportColumn("行政区划代码", lambda a: a.region.code),
    ExportColumn("单位层级", lambda a: a.get_level_display()),
    ExportColumn("单位性质", lambda a: a.get_type_code_display(), 22),
    ExportColumn("上级单位信用代码", _parent_code, 22),
    ExportColumn("编制数", lambda a: a.authorized_headcount),
    ExportColumn("实有人数", lambda a: a.actual_headcount),
    ExportColumn("用能人数", lambda a: a.energy_headcount),
    ExportColumn("所在区划名称", lambda a: a.region.name),
    ExportColumn("上级单位名称", lambda a: a.parent.name if a.parent_id and a.parent else "", 28),
    ExportColumn("状态", lambda a: a.get_status_display()),
    ExportColumn("状态变更日期", lambda a: a.status_date),
]

PERSON_EXPORT_COLUMNS = [
    ExportColumn("单位信用代码", lambda p: p.agency.credit_code, 22),
    ExportColumn("姓名", lambda p: p.name),
    ExportColumn("人员编号", lambda p: p.staff_no),
    ExportColumn("职务", lambda p: p.post, 20),
    ExportColumn("职级", lambda p: p.rank_label),
    ExportColumn("单位名称", lambda p: p.agency.name, 28),
    ExportColumn("状态", lambda p: p.get_status_display()),
    ExportColumn("状态变更日期", lambda p: p.status_date),
]
