"""The entity list's export columns and the entity importer (core.imports pipeline:
preview, row-numbered errors, one atomic confirm; every row goes through entities.actions)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.assets.entities import actions
from jiguan.assets.entities.forms import parse_codes
from jiguan.assets.entities.models import Entity, EntityKind
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.columns import Column, ExportColumn
from jiguan.core.imports.pipeline import Cleaned, Importer, Progress, RowError, register
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import credit_code_problem
from jiguan.space.register.models import Building

ENTITY_EXPORT_COLUMNS = [
    ExportColumn("名称", lambda e: e.name, 28),
    ExportColumn("统一社会信用代码", lambda e: e.credit_code, 22),
    ExportColumn("类型", lambda e: e.get_kind_display(), 10),
    ExportColumn("原主管单位", lambda e: e.agency.name, 24),
    ExportColumn("所在区划", lambda e: e.region.name, 12),
    ExportColumn("房产编号", lambda e: "、".join(b.code for b in e.buildings.all()), 20),
    ExportColumn("资产账面价值", lambda e: e.book_value, 16, kind="money"),
    ExportColumn("职工人数", lambda e: e.staff_count, 10, kind="people"),
    ExportColumn("上年营业收入", lambda e: e.revenue_last_year, 16, kind="money"),
    ExportColumn("批次", lambda e: str(e.batch) if e.batch_id else "", 20),
    ExportColumn("路径", lambda e: e.get_route_display(), 8),
    ExportColumn("当前环节", lambda e: e.get_current_step_display(), 10),
    ExportColumn("状态", lambda e: e.get_status_display(), 10),
    ExportColumn("现持有方", lambda e: e.holder, 16),
    ExportColumn("办结日期", lambda e: e.closed_on, 12),
]

ENTITY_COLUMNS = [
    Column("name", "名称", required=True, example="省机关第一招待所"),
    Column("credit_code", "统一社会信用代码", aliases=("信用代码",), required=True,
           example="12330000MB0000001X"),
    Column("kind", "类型", required=True, choices=tuple(EntityKind.labels), example="招待所"),
    Column("agency", "原主管单位信用代码", aliases=("主管单位信用代码",), required=True,
           example="11330000000000001X"),
    Column("region", "所在区划代码", help="空白取原主管单位所在区划", example="330106"),
    Column("buildings", "房产编号", help="办公用房台账的房产编号，多个以逗号分隔", example=""),
    Column("book_value", "资产账面价值", aliases=("账面价值",), required=True, example="12500000"),
    Column("staff_count", "职工人数", required=True, example="46"),
    Column("revenue_last_year", "上年营业收入", aliases=("营业收入",), required=True,
           example="8300000"),
]


@register
class EntityImporter(Importer):
    kind = "assets.entity"
    label = "经营性单位"
    columns = ENTITY_COLUMNS
    template_example = {c.field: c.example for c in ENTITY_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_ASSETS)
    key_label = "统一社会信用代码"
    depends_on = ("assets.Entity", "orgs.Agency", "space.Building", "access.Grant")
    instructions = (
        "按统一社会信用代码新增经营性单位；已登记的代码报错（修改请在单位页面进行）。",
        "原主管单位、区划和房产须在您的权限范围内；任何一行不合格整批不导入。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        codes = [cell_str(r.values.get("agency")).upper() for r in records]
        self.agencies = {a.credit_code: a for a in Agency.objects.visible_to(
            self.user, Perm.MANAGE_ASSETS).filter(credit_code__in=codes).select_related("region")}
        self.regions = {r.code: r for r in Region.objects.visible_to(self.user, Perm.MANAGE_ASSETS)}
        own = [cell_str(r.values.get("credit_code")).upper() for r in records]
        self.existing = set(Entity.objects.filter(credit_code__in=own)
                            .values_list("credit_code", flat=True))
        wanted = [c for r in records for c in parse_codes(cell_str(r.values.get("buildings")))]
        self.buildings = {b.code: b for b in Building.objects.visible_to(
            self.user, Perm.VIEW_SPACE).filter(code__in=wanted)}
        self.kinds = {label: value for value, label in EntityKind.choices}

    def _number(self, record: Record, name: str, errors: list[RowError]) -> Decimal | None:
        text = cell_str(record.values.get(name))
        if not text:
            errors.append(self.error(record, name, "不能为空"))
            return None
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            errors.append(self.error(record, name, f"“{text}”不是数字"))
            return None
        if not value.is_finite() or value < 0 or value >= Decimal("1e14"):
            errors.append(self.error(record, name, f"“{text}”超出范围（应为不小于零的数）"))
            return None
        return value

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        v = record.values
        data: dict[str, Any] = {"name": cell_str(v.get("name"))[:100]}
        if not data["name"]:
            errors.append(self.error(record, "name", "名称不能为空"))
        code = cell_str(v.get("credit_code")).upper()
        problem = credit_code_problem(code)
        if problem:
            errors.append(self.error(record, "credit_code", problem))
        elif code in self.existing:
            errors.append(self.error(record, "credit_code", f"统一社会信用代码“{code}”已登记"))
        data["credit_code"] = code
        data["kind"] = self.kinds.get(cell_str(v.get("kind")))
        if data["kind"] is None:
            errors.append(self.error(record, "kind", f"类型应为：{'、'.join(EntityKind.labels)}"))
        agency = self.agencies.get(cell_str(v.get("agency")).upper())
        if agency is None:
            errors.append(self.error(record, "agency", "原主管单位不存在或不在您的权限范围内"))
        data["agency"] = agency
        region_code = cell_str(v.get("region"))
        if region_code:
            data["region"] = self.regions.get(region_code)
            if data["region"] is None:
                errors.append(self.error(record, "region",
                                         f"区划代码“{region_code}”不存在或不在您的权限范围内"))
        codes = parse_codes(cell_str(v.get("buildings")))
        missing = [c for c in codes if c not in self.buildings]
        if missing:
            errors.append(self.error(record, "buildings",
                                     f"房产编号不存在或不在您的权限范围内：{'、'.join(missing)}"))
        for name in ("book_value", "revenue_last_year"):
            data[name] = self._number(record, name, errors)
        staff = self._number(record, "staff_count", errors)
        if staff is not None and staff != int(staff):
            errors.append(self.error(record, "staff_count", "职工人数应为整数"))
        data["staff_count"] = int(staff) if staff is not None else None
        if errors:
            return None, errors
        return {"row": record.row_number, "data": data, "buildings": codes}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        return cleaned["data"]["credit_code"]

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        created = 0
        for row in rows:
            if row["row"] in self.skip_rows:
                continue
            try:
                entity = actions.entity_create(
                    data=row["data"], buildings=[self.buildings[c] for c in row["buildings"]],
                    actor=actor)
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {}) from exc
            if self.job_id:
                Entity.objects.filter(pk=entity.pk).update(import_job_id=self.job_id)
            created += 1
            progress(created)
        return {"created": created, "updated": 0, "unchanged": 0}
