"""The reference prices' and the suppliers' export columns and importers (core.imports
pipeline: preview, row-numbered Chinese errors, one atomic confirm; every row goes through
catalogue.actions)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.columns import Column, ExportColumn
from jiguan.core.imports.pipeline import Cleaned, Importer, Progress, RowError, register
from jiguan.orgs.rules import credit_code_problem, normalize_credit_code
from jiguan.services.catalogue import actions
from jiguan.services.catalogue.forms import YEAR_MAX, YEAR_MIN
from jiguan.services.catalogue.models import ServiceItem, Supplier, SupplierKind
from jiguan.services.catalogue.rules import supplier_refusal

PRICE_EXPORT_COLUMNS = [
    ExportColumn("年度", lambda p: p.year, 8),
    ExportColumn("区划代码", lambda p: p.region.code, 10),
    ExportColumn("区划", lambda p: p.region.name, 14),
    ExportColumn("服务类别", lambda p: p.item.category.name, 14),
    ExportColumn("事项代码", lambda p: p.item.code, 10),
    ExportColumn("服务事项", lambda p: p.item.name, 26),
    ExportColumn("计量单位", lambda p: p.item.unit, 8),
    ExportColumn("参考价下限（元/单位）", lambda p: p.low, 16, kind="money"),
    ExportColumn("参考价上限（元/单位）", lambda p: p.high, 16, kind="money"),
    ExportColumn("说明", lambda p: p.note, 24),
]

SUPPLIER_EXPORT_COLUMNS = [
    ExportColumn("供应商名称", lambda s: s.name, 30),
    ExportColumn("统一社会信用代码", lambda s: s.credit_code, 22),
    ExportColumn("主体类型", lambda s: s.get_kind_display(), 20),
    ExportColumn("登记区划", lambda s: s.region.name, 14),
    ExportColumn("联系人", lambda s: s.contact, 10),
    ExportColumn("联系电话", lambda s: s.phone, 14),
]

PRICE_COLUMNS = [
    Column("year", "年度", required=True, example="2026"),
    Column("region", "区划代码", required=True, help="6 位行政区划代码", example="330106"),
    Column("item", "事项代码", required=True, help="指导性目录中的事项代码", example="0301"),
    Column("low", "参考价下限", aliases=("参考价下限（元/单位）", "下限"), required=True,
           example="3.5"),
    Column("high", "参考价上限", aliases=("参考价上限（元/单位）", "上限"), required=True,
           example="6"),
    Column("note", "说明", example="含耗材"),
]


def _decimal(importer: Importer, record: Record, name: str,
             errors: list[RowError]) -> Decimal | None:
    text = cell_str(record.values.get(name)).replace(",", "")
    if not text:
        errors.append(importer.error(record, name, "不能为空"))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(importer.error(record, name, f"“{text}”不是数字"))
        return None
    if not value.is_finite() or value < 0 or value >= Decimal("1e10"):
        errors.append(importer.error(record, name, f"“{text}”超出范围（应为非负数）"))
        return None
    return value.quantize(Decimal("0.01"))


@register
class PriceImporter(Importer):
    kind = "services.price"
    label = "服务参考价格"
    columns = PRICE_COLUMNS
    template_example = {c.field: c.example for c in PRICE_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_SERVICES)
    key_label = "年度、区划代码、事项代码"
    depends_on = ("services.PriceRange", "services.ServiceItem", "access.Grant")
    instructions = (
        "按“年度 + 区划 + 事项”新增或修改参考价格区间；区划须在您的权限范围内。",
        "下限不能高于上限；负面清单上的事项不能定价。任何一行有错整批不导入。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        self.regions = {r.code: r for r in
                        Region.objects.visible_to(self.user, Perm.MANAGE_SERVICES)}
        self.items = {i.code: i for i in ServiceItem.objects.all()}

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        v = record.values
        year_text = cell_str(v.get("year"))
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not YEAR_MIN <= year <= YEAR_MAX:
            errors.append(self.error(record, "year", f"年度应为 {YEAR_MIN}–{YEAR_MAX} 的整数"))
        region = self.regions.get(cell_str(v.get("region")))
        if region is None:
            errors.append(self.error(record, "region",
                                     f"区划代码“{cell_str(v.get('region'))}”不在您的权限范围内"))
        item = self.items.get(cell_str(v.get("item")))
        if item is None:
            errors.append(self.error(record, "item",
                                     f"事项代码“{cell_str(v.get('item'))}”不在指导性目录中"))
        low = _decimal(self, record, "low", errors)
        high = _decimal(self, record, "high", errors)
        if low is not None and high is not None and low > high:
            errors.append(self.error(record, "high", "参考价上限不能低于下限"))
        if errors:
            return None, errors
        return {"row": record.row_number, "region": region, "item": item, "year": year,
                "low": low, "high": high, "note": cell_str(v.get("note"))[:200]}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        return (cleaned["year"], cleaned["region"].code, cleaned["item"].code)

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        done = 0
        for row in rows:
            if row["row"] in self.skip_rows:
                continue
            try:
                actions.price_set(region=row["region"], item=row["item"], year=row["year"],
                                  low=row["low"], high=row["high"], note=row["note"],
                                  actor=actor)
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {}) from exc
            done += 1
            progress(done)
        return {"created": done, "updated": 0, "unchanged": 0}


SUPPLIER_COLUMNS = [
    Column("name", "供应商名称", required=True, example="嘉兴市某物业服务有限公司"),
    Column("credit_code", "统一社会信用代码", required=True, example="91330400MA2B3C4D5E"),
    Column("kind", "主体类型", required=True, choices=tuple(SupplierKind.labels),
           example="企业"),
    Column("region", "登记区划代码", required=True, example="330400"),
    Column("contact", "联系人", example="王经理"),
    Column("phone", "联系电话", example="0573-82000000"),
]


@register
class SupplierImporter(Importer):
    kind = "services.supplier"
    label = "服务供应商"
    columns = SUPPLIER_COLUMNS
    template_example = {c.field: c.example for c in SUPPLIER_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_SERVICES)
    key_label = "统一社会信用代码"
    depends_on = ("services.Supplier", "access.Grant")
    instructions = (
        "按统一社会信用代码新增供应商；已登记的代码报错。",
        "公益一类事业单位和财政拨款保障的群团组织不得承接（财政部令第102号第八条）。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        self.regions = {r.code: r for r in
                        Region.objects.visible_to(self.user, Perm.MANAGE_SERVICES)}
        self.kinds = {label: value for value, label in SupplierKind.choices}
        codes = [cell_str(r.values.get("credit_code")).upper() for r in records]
        self.existing = set(Supplier.objects.filter(credit_code__in=codes)
                            .values_list("credit_code", flat=True))

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        v = record.values
        name = cell_str(v.get("name"))
        if not name:
            errors.append(self.error(record, "name", "供应商名称不能为空"))
        elif len(name) > 120:
            errors.append(self.error(record, "name", "供应商名称不能超过 120 字"))
        code = normalize_credit_code(cell_str(v.get("credit_code")))
        problem = credit_code_problem(code)
        if problem:
            errors.append(self.error(record, "credit_code", problem))
        elif code in self.existing:
            errors.append(self.error(record, "credit_code", f"统一社会信用代码 {code} 已登记"))
        kind = self.kinds.get(cell_str(v.get("kind")))
        if kind is None:
            errors.append(self.error(record, "kind",
                                     f"主体类型应为：{'、'.join(SupplierKind.labels)}"))
        else:
            refusal = supplier_refusal(kind)
            if refusal:
                errors.append(self.error(record, "kind", refusal))
        region = self.regions.get(cell_str(v.get("region")))
        if region is None:
            errors.append(self.error(record, "region",
                                     f"区划代码“{cell_str(v.get('region'))}”不在您的权限范围内"))
        if errors:
            return None, errors
        return {"row": record.row_number, "region": region,
                "data": {"name": name, "credit_code": code, "kind": kind,
                         "contact": cell_str(v.get("contact"))[:40],
                         "phone": cell_str(v.get("phone"))[:30]}}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        return cleaned["data"]["credit_code"]

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        done = 0
        for row in rows:
            if row["row"] in self.skip_rows:
                continue
            try:
                actions.supplier_register(data=row["data"], region=row["region"], actor=actor)
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {}) from exc
            done += 1
            progress(done)
        return {"created": done, "updated": 0, "unchanged": 0}
