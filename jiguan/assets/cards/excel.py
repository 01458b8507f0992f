"""Excel of the units' state assets: the card list's export columns, the card importer (the
units' asset registers through core's pipeline: preview, row-numbered errors, a confirmation
for rows beyond the configuration standard, one atomic confirm through cards.actions) and
the yearly asset report workbook."""

from __future__ import annotations

import io
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db.models import Sum

from jiguan.access.roles import Perm
from jiguan.assets.cards import actions, rules
from jiguan.assets.cards.models import AssetCard, AssetClass, CardStatus, ConfigStandard
from jiguan.assets.cards.queries import Report, ReportRow
from jiguan.core.excel import Record, cell_date, cell_decimal, cell_int, cell_str, write_text
from jiguan.core.excel.columns import Column, ExportColumn
from jiguan.core.imports.pipeline import (
    Cleaned,
    Importer,
    ImportPlan,
    Progress,
    RowWarning,
    register,
)
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building, Room

CARD_EXPORT_COLUMNS = [
    ExportColumn("资产卡片号", lambda c: c.card_no, 16),
    ExportColumn("分类代码", lambda c: c.asset_class.code, 10),
    ExportColumn("资产分类", lambda c: c.asset_class.name, 16),
    ExportColumn("资产名称", lambda c: c.name, 24),
    ExportColumn("数量", lambda c: c.quantity, 8, kind="count"),
    ExportColumn("原值", lambda c: c.value, 16, kind="money"),
    ExportColumn("取得日期", lambda c: c.acquired_on, 12),
    ExportColumn("使用单位", lambda c: c.agency.name, 24),
    ExportColumn("区划", lambda c: c.agency.region.name, 12),
    ExportColumn("房产编号", lambda c: c.building.code if c.building_id else "", 12),
    ExportColumn("存放地点", lambda c: c.location, 20),
    ExportColumn("状态", lambda c: c.get_status_display(), 8),
    ExportColumn("超标准配置理由", lambda c: c.over_standard_reason, 20),
    ExportColumn("处置日期", lambda c: c.disposed_on, 12),
]

CARD_COLUMNS = [
    Column("card_no", "资产卡片号", aliases=("卡片号", "卡片编号"), required=True,
           example="ZC-2024-0001"),
    Column("class_code", "资产分类代码", aliases=("分类代码",), required=True,
           help="GB/T 14885 分类代码（见平台“资产分类”页）", example="2010104"),
    Column("name", "资产名称", help="房屋类可空白，取办公用房台账的房产名称", example="台式计算机"),
    Column("quantity", "数量", help="空白为 1", example="1"),
    Column("value", "原值", aliases=("原值（元）", "账面原值"), required=True, example="4800"),
    Column("acquired_on", "取得日期", aliases=("入账日期",), required=True, example="2024-03-15"),
    Column("agency", "使用单位信用代码", aliases=("单位信用代码",), required=True,
           example="11330000000000001X"),
    Column("building", "房产编号", help="办公用房台账的房产编号；房屋类资产必填", example=""),
    Column("room", "房间号", example=""),
    Column("location_note", "存放地点", help="不在办公用房台账中的地点", example=""),
    Column("status", "状态", choices=("在用", "闲置"), help="空白为在用", example="在用"),
    Column("over_standard_reason", "超标准配置理由", example=""),
]


@register
class CardImporter(Importer):
    kind = "assets.card"
    label = "资产卡片"
    columns = CARD_COLUMNS
    template_example = {c.field: c.example for c in CARD_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.KEEP_ASSET_CARDS)
    key_label = "使用单位信用代码 + 资产卡片号"
    depends_on = ("assets.AssetCard", "assets.AssetClass", "assets.ConfigStandard",
                  "orgs.Agency", "space.Building", "space.Room", "access.Grant")
    instructions = (
        "按“使用单位 + 资产卡片号”新增资产卡片；已有的卡片号报错（修改请在卡片页面进行）。",
        "资产分类代码须是平台分类表中的代码；房屋类资产须填写办公用房台账的房产编号。",
        "超出配置标准的行在预览中列出，须确认后才能导入；任何一行不合格整批不导入。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        codes = {cell_str(r.values.get("agency")).upper() for r in records}
        self.agencies = {a.credit_code: a for a in Agency.objects.visible_to(
            self.user, Perm.KEEP_ASSET_CARDS).filter(credit_code__in=codes)
            .select_related("region")}
        self.classes = {c.code: c for c in AssetClass.objects.all()}
        self.standards = {s.asset_class_id: s for s in ConfigStandard.objects.all()}
        wanted = {cell_str(r.values.get("building")) for r in records} - {""}
        self.buildings = {b.code: b for b in Building.objects.visible_to(
            self.user, Perm.VIEW_SPACE).filter(code__in=wanted)}
        self.rooms = {(r.building.code, r.number): r for r in Room.objects.filter(
            building__in=self.buildings.values()).select_related("building")}
        self.existing = set(AssetCard.objects.filter(agency__in=self.agencies.values())
                            .values_list("agency_id", "card_no"))
        self.held = {(a, c): n for a, c, n in AssetCard.objects.filter(
            agency__in=self.agencies.values()).exclude(status=CardStatus.DISPOSED)
            .values("agency_id", "asset_class_id").annotate(n=Sum("quantity"))
            .values_list("agency_id", "asset_class_id", "n")}
        self.statuses = {"": CardStatus.IN_USE, "在用": CardStatus.IN_USE,
                         "闲置": CardStatus.IDLE}

    def _value(self, record: Record, name: str, errors: list[Any], conv: Any) -> Any:
        try:
            return conv(record.values.get(name))
        except ValueError as exc:
            errors.append(self.error(record, name, f"“{cell_str(record.values.get(name))}”"
                                                   f"{exc}"))
            return None

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[Any]]:
        errors: list[Any] = []
        v = record.values
        card_no = cell_str(v.get("card_no"))[:40]
        if not card_no:
            errors.append(self.error(record, "card_no", "资产卡片号不能为空"))
        code = cell_str(v.get("class_code"))
        asset_class = self.classes.get(code)
        if asset_class is None:
            errors.append(self.error(record, "class_code",
                                     f"资产分类代码“{code}”不存在（见资产分类页）" if code
                                     else "资产分类代码不能为空"))
        agency = self.agencies.get(cell_str(v.get("agency")).upper())
        if agency is None:
            errors.append(self.error(record, "agency", "使用单位不存在或不在您的权限范围内"))
        elif (agency.pk, card_no) in self.existing:
            errors.append(self.error(record, "card_no", f"{agency.name}已有资产卡片号“{card_no}”"))
        value = self._value(record, "value", errors, cell_decimal)
        if value is None and not any(e.column == "原值" for e in errors):
            errors.append(self.error(record, "value", "原值不能为空"))
        elif value is not None and (value < 0 or value >= Decimal("1e14")):
            errors.append(self.error(record, "value", "原值应为不小于零的金额"))
        quantity = self._value(record, "quantity", errors, cell_int)
        if quantity is not None and quantity < 1:
            errors.append(self.error(record, "quantity", "数量至少为 1"))
        acquired = self._value(record, "acquired_on", errors, cell_date)
        if acquired is None and not any(e.column == "取得日期" for e in errors):
            errors.append(self.error(record, "acquired_on", "取得日期不能为空"))
        bcode = cell_str(v.get("building"))
        building = self.buildings.get(bcode) if bcode else None
        if bcode and building is None:
            errors.append(self.error(record, "building",
                                     f"房产编号“{bcode}”不存在或不在您的权限范围内"))
        rnum = cell_str(v.get("room"))
        room = None
        if rnum:
            room = self.rooms.get((bcode, rnum)) if building else None
            if building is not None and room is None:
                errors.append(self.error(record, "room", f"{building.name}没有房间“{rnum}”"))
            elif not bcode:
                errors.append(self.error(record, "building", "填写房间号时须填写房产编号"))
        status = self.statuses.get(cell_str(v.get("status")))
        if status is None:
            errors.append(self.error(record, "status", "状态应为：在用、闲置"))
        if asset_class is not None and rules.is_building_class(asset_class.code) and not bcode:
            errors.append(self.error(record, "building", "房屋类资产须填写办公用房台账的房产编号"))
        if errors:
            return None, errors
        assert agency is not None and asset_class is not None
        qty = quantity or 1
        reason = cell_str(v.get("over_standard_reason"))[:300]
        warning = ""
        std = self.standards.get(asset_class.pk)
        key = (agency.pk, asset_class.pk)
        held = self.held.get(key, 0)
        self.held[key] = held + qty
        if std is not None and not reason:
            why = rules.over_standard(held=held, adding=qty, per_person=std.per_person,
                                      headcount=agency.actual_headcount or 0,
                                      unit_price=value / qty if value is not None else None,
                                      max_price=std.max_unit_price)
            warning = "；".join(why)
        return {"row": record.row_number, "warning": warning, "data": {
            "card_no": card_no, "asset_class": asset_class, "name": cell_str(v.get("name"))[:100],
            "quantity": qty, "value": value, "acquired_on": acquired, "agency": agency,
            "building": building, "room": room,
            "location_note": cell_str(v.get("location_note"))[:100],
            "over_standard_reason": reason}, "status": status}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        return (cleaned["data"]["agency"].pk, cleaned["data"]["card_no"])

    def plan(self, rows: Any) -> ImportPlan | None:
        return ImportPlan(created=len(rows), warnings=[
            RowWarning(r["row"], f"{r['data']['agency'].name} {r['data']['card_no']}：超出配置标准"
                                 f"（{r['warning']}），未填写超标准配置理由")
            for r in rows if r["warning"]])

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        created = 0
        for row in rows:
            if row["row"] in self.skip_rows:
                continue
            try:
                card = actions.card_create(data=row["data"], actor=actor, check_standard=False)
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {"asset_class": "class_code"}) from exc
            update: dict[str, Any] = {}
            if row["status"] != CardStatus.IN_USE:
                update["status"] = row["status"]
            if self.job_id:
                update["import_job_id"] = self.job_id
            if update:
                AssetCard.objects.filter(pk=card.pk).update(**update)
            created += 1
            progress(created)
        return {"created": created, "updated": 0, "unchanged": 0}


def report_workbook(report: Report) -> bytes:
    """The yearly asset report (资产年报) as a workbook: by region, by unit, and a note."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00"})
    count = wb.add_format({"num_format": "#,##0"})
    title = wb.add_format({"bold": True, "font_size": 14})
    heads = ["资产数量", "年末原值（元）", *(f"{name}（元）" for _, name in report.classes),
             "本年新增（元）", "本年处置（元）"]

    def sheet(name: str, first: list[str], rows: list[ReportRow], lead: Any) -> None:
        ws = wb.add_worksheet(name)
        write_text(ws, 0, 0, f"{report.year} 年度行政事业性国有资产年报：{name}", title)
        for col, text in enumerate([*first, *heads]):
            write_text(ws, 2, col, text, bold)
            ws.set_column(col, col, 18)
        r = 3
        for row in [*rows, report.total]:
            col = 0
            for text in lead(row):
                write_text(ws, r, col, text)
                col += 1
            ws.write_number(r, col, row.count, count)
            ws.write_number(r, col + 1, float(row.value), money)
            for i, (code, _) in enumerate(report.classes):
                ws.write_number(r, col + 2 + i, float(row.by_class.get(code, 0)), money)
            ws.write_number(r, col + 2 + len(report.classes), float(row.added), money)
            ws.write_number(r, col + 3 + len(report.classes), float(row.disposed), money)
            r += 1
        ws.freeze_panes(3, len(first))

    sheet("按地区汇总", ["地区"], report.regions, lambda row: [row.label])
    sheet("按单位", ["单位", "区划"], report.units, lambda row: [row.label, row.region])
    note = wb.add_worksheet("说明")
    for i, line in enumerate((
            "依据《行政事业性国有资产管理条例》（国务院令第738号）第四十五条：各单位每年报告资产管理情况。",
            "年末原值：取得日期不晚于当年12月31日、且当年末尚未处置的资产卡片原值合计，"
            "按 GB/T 14885 门类分列。",
            "本年新增：当年取得的资产原值；本年处置：当年执行处置的资产原值。",
            "按地区汇总为各设区市（省级单位单列为全省）所属单位之和。")):
        write_text(note, i, 0, line)
    note.set_column(0, 0, 100)
    wb.close()
    return buffer.getvalue()
