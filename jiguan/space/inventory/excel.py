"""The workbooks of the yearly inventory: an agency's pre-filled declaration and the parsing
of the one it uploads back (errors named by sheet row), the reconciliation columns and the
yearly report (统计上报)."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import xlsxwriter
from django.conf import settings
from django.utils import timezone

from jiguan.core.excel import (
    Column,
    ExportColumn,
    SpreadsheetError,
    cell_decimal,
    cell_int,
    cell_str,
    iter_records,
    read_rows,
    write_text,
)
from jiguan.space.inventory.models import CampaignAgency
from jiguan.space.inventory.rules import CENT, MAX_DECLARATION_ROWS, NAME_SPLIT, USE_CLASS_BY_TEXT
from jiguan.space.register.models import Building, Occupancy, Room, UseClass


class DeclarationError(Exception):
    """An upload refused as a whole; ``messages`` are Chinese, each naming its row."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _label(field_name: str) -> str:
    return next(c.label for c in DECLARATION_COLUMNS if c.field == field_name)


def parse_declaration(ca: CampaignAgency, data: bytes, filename: str) -> list[dict[str, Any]]:
    """Read and check an uploaded workbook; every problem is collected, none is written."""
    try:
        sheet = read_rows(data, filename, max_bytes=settings.JIGUAN_IMPORT_MAX_BYTES)
        table = iter_records(sheet, DECLARATION_COLUMNS)
    except SpreadsheetError as exc:
        raise DeclarationError([exc.message]) from None
    if not table.records:
        raise DeclarationError(["表头下方没有数据行：请至少填报一个本单位使用的房间"])
    if len(table.records) > MAX_DECLARATION_ROWS:
        raise DeclarationError([f"数据行过多（{len(table.records)} 行），单次上限为 "
                                f"{MAX_DECLARATION_ROWS} 行"])
    codes = {cell_str(r.values.get("building_code")) for r in table.records}
    # Only buildings inside the campaign's region exist for this declaration: a building
    # elsewhere answers "unknown", so an upload reveals nothing outside the scope.
    scope_path = ca.campaign.region.path
    in_scope = Building.objects.filter(code__in=codes, region__path__startswith=scope_path)
    buildings = {b.code: b for b in in_scope}
    rooms = {(r.building_id, r.number): r for r in Room.objects.filter(building__in=in_scope)}
    allocated = {o.room_id: o.agency for o in Occupancy.objects.filter(
        room__building__in=in_scope, end_date__isnull=True).select_related("agency")}

    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    rows: list[dict[str, Any]] = []
    for record_ in table.records:
        n = record_.row_number
        values = record_.values

        def bad(field_name: str, message: str, n: int = n) -> None:
            errors.append(f"第 {n} 行【{_label(field_name)}】{message}")

        code = cell_str(values.get("building_code"))
        number = cell_str(values.get("room_number"))
        building = buildings.get(code)
        if not code:
            bad("building_code", "不能为空")
        elif building is None:
            bad("building_code", f"房产编号“{code}”不在房产台账中，请核对或与机关事务管理局联系")
        if not number:
            bad("room_number", "不能为空")
        try:
            floor = cell_int(values.get("floor"))
        except ValueError:
            bad("floor", "应为整数")
            floor = None
        else:
            if floor is None:
                bad("floor", "不能为空")
            elif floor == 0:
                bad("floor", "不能为 0（地下一层填 -1）")
            elif building is not None and not building.has_floor(floor):
                below = f"、地下 {building.floors_below} 层" if building.floors_below else ""
                bad("floor", f"楼层 {floor} 不存在：该房产地上 {building.floors_above} 层{below}")
        use_text = cell_str(values.get("use_class"))
        use_class = USE_CLASS_BY_TEXT.get(use_text)
        if not use_text:
            bad("use_class", "不能为空")
        elif use_class is None:
            bad("use_class", f"“{use_text}”无效，应为：" + "、".join(
                label for _, label in UseClass.choices))
        try:
            area = cell_decimal(values.get("usable_area"))
        except ValueError:
            bad("usable_area", "应为数字")
            area = None
        else:
            if area is None:
                bad("usable_area", "不能为空")
            elif area < 0:
                bad("usable_area", f"不能为负数（{area}）")
                area = None
            elif area == 0:
                bad("usable_area", "必须大于 0")
                area = None
            else:
                area = area.quantize(CENT, rounding=ROUND_HALF_UP)
                if area >= Decimal("100000000"):
                    bad("usable_area", "数值过大")
                elif building is not None and area > building.building_area:
                    bad("usable_area", f"{area} m² 大于所在房产的建筑面积"
                                       f"（{building.building_area} m²）")
        if building is not None and number:
            key = (code, number)
            if key in seen:
                bad("room_number", f"房间 {code} {number} 与第 {seen[key]} 行重复")
            else:
                seen[key] = n
            room = rooms.get((building.pk, number))
            if room is not None:
                holder = allocated.get(room.pk)
                if holder is None:
                    bad("room_number", f"房间 {building.name} {number} 在台账中未分配给本单位"
                                       "（未分配使用单位），请与机关事务管理局核实后再填报")
                elif holder.pk != ca.agency_id:
                    bad("room_number", f"房间 {building.name} {number} 在台账中已分配给"
                                       "其他单位，请与机关事务管理局核实后再填报")
        occupants = sorted({name for name in NAME_SPLIT.split(
            cell_str(values.get("occupants"))) if name})
        rows.append({
            "row": n, "building_code": code,
            "building_name": building.name if building else cell_str(values.get("building_name")),
            "floor": floor, "room_number": number, "use_class": use_class,
            "usable_area": str(area) if area is not None else None,
            "occupants": occupants, "note": cell_str(values.get("note"))[:200],
        })
    if errors:
        raise DeclarationError(errors)
    return rows


USE_CLASS_LABELS: tuple[str, ...] = tuple(label for _, label in UseClass.choices)


DECLARATION_SHEET = "清查填报"


DECLARATION_GUIDE_SHEET = "填写说明"


#: The upload reads exactly these headers; the pre-filled download writes them.
DECLARATION_COLUMNS: list[Column] = [
    Column("building_code", "房产编号", required=True, width=16,
           help="与房产台账一致，请勿修改；新增房间须填写所在房产的编号"),
    Column("building_name", "房产名称", width=24, help="仅供核对，上传时不读取"),
    Column("floor", "楼层", required=True, width=8,
           help="整数：地上为正数，地下为负数（-1 为地下一层）"),
    Column("room_number", "房间号", required=True, width=10),
    Column("use_class", "用途分类", required=True, choices=USE_CLASS_LABELS, width=14),
    Column("usable_area", "使用面积（m²）", aliases=("使用面积",), required=True, width=14,
           help="按实测填写，大于 0，最多两位小数"),
    Column("occupants", "使用人", width=30, help="在该房间办公的人员姓名，多人用“、”分隔"),
    Column("note", "备注", width=30, help="情况说明（如房间新增、拆分、改变用途的原因）"),
]


def declaration_workbook(*, title: str, rows: Iterable[dict[str, Any]]) -> bytes:
    """The agency's pre-filled workbook: a title in row 1, the headers in row 2, one row per
    room it uses in the register, a drop-down for 用途分类 and a guide sheet."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet(DECLARATION_SHEET)
    guide = wb.add_worksheet(DECLARATION_GUIDE_SHEET)
    bold_title = wb.add_format({"bold": True, "font_size": 13})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                              "font_color": "#C00000"})
    text = wb.add_format({"num_format": "@"})
    number = wb.add_format({"num_format": "0.00"})
    write_text(ws, 0, 0, title, bold_title)
    for col, column in enumerate(DECLARATION_COLUMNS):
        ws.set_column(col, col, column.width)
        ws.write_string(1, col, column.label, required if column.required else header)
    use_col = [c.field for c in DECLARATION_COLUMNS].index("use_class")
    ws.data_validation(2, use_col, 9999, use_col, {
        "validate": "list", "source": list(USE_CLASS_LABELS), "error_title": "输入值无效",
        "error_message": "请从下拉列表中选择：" + "、".join(USE_CLASS_LABELS)})
    row = 1
    for row, item in enumerate(rows, start=2):
        write_text(ws, row, 0, item["building_code"], text)
        write_text(ws, row, 1, item["building_name"], text)
        ws.write_number(row, 2, item["floor"])
        write_text(ws, row, 3, item["room_number"], text)
        write_text(ws, row, 4, item["use_class_label"], text)
        ws.write_number(row, 5, float(item["usable_area"]), number)
        write_text(ws, row, 6, "、".join(item["occupants"]), text)
    # Text format on the code columns for rows the agency adds below.
    for col in (0, 3, 6, 7):
        ws.set_column(col, col, DECLARATION_COLUMNS[col].width, text)
    ws.freeze_panes(2, 0)
    notes = (
        "1. 本表已按机关事务管理局房产台账预填本单位正在使用的房间，请逐间核对并按实际情况修改。",
        "2. 请勿修改第 2 行表头。房产编号、楼层、房间号、用途分类、使用面积为必填。",
        "3. 实际使用但表中没有的房间，请在表末新增一行；已不再使用的房间，请删除整行。",
        "4. 只能填报分配给本单位使用的房间；分配给其他单位的房间请勿填写。",
        "5. 使用人填写在该房间办公的人员姓名，多人用“、”分隔；无人办公的房间留空。",
        "6. 上传后由机关事务管理局审核；被退回时请按退回原因修改后重新上传。",
    )
    guide.write_string(0, 0, DECLARATION_GUIDE_SHEET, bold_title)
    for i, note in enumerate(notes, start=1):
        guide.write_string(i, 0, note)
    start = len(notes) + 2
    for col, label in enumerate(("列名", "是否必填", "可选值", "说明")):
        guide.write_string(start, col, label, header)
    for i, column in enumerate(DECLARATION_COLUMNS, start=start + 1):
        guide.write_string(i, 0, column.label)
        guide.write_string(i, 1, "必填" if column.required else "选填")
        guide.write_string(i, 2, "、".join(column.choices) or "—")
        guide.write_string(i, 3, column.help or "—")
    guide.set_column(0, 0, 18)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 3, 50)
    ws.activate()
    wb.close()
    return buffer.getvalue()


def reconciliation_columns() -> list[ExportColumn]:
    return [
        ExportColumn("核对项", lambda m: m.check_label, 10),
        ExportColumn("问题类型", lambda m: m.kind_label, 26),
        ExportColumn("区划", lambda m: m.region_name, 14),
        ExportColumn("房产编号", lambda m: m.building_code, 16),
        ExportColumn("房产名称", lambda m: m.building_name, 24),
        ExportColumn("房间号", lambda m: m.room_number, 10),
        ExportColumn("单位", lambda m: m.agency_name, 24),
        ExportColumn("说明", lambda m: m.detail, 60),
    ]


SUMMARY_SHEET = "汇总"


DETAIL_SHEET = "房间明细"


README_SHEET = "填报说明"


SUMMARY_HEADER_ROW = 3  # 0-based: title, subtitle, blank, headers


DETAIL_HEADER_ROW = 0


_CLASS_ORDER: tuple[str, ...] = tuple(code for code, _ in UseClass.choices)


#: (header, meaning) of every column of sheet 1, in order.
SUMMARY_SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("区划代码", "房产所在行政区划的 12 位以内统计用区划代码；最后一行“合计”为全部区划之和"),
    ("区划名称", "房产所在行政区划名称"),
    ("房产数", "该区划内登记的房产（楼栋）数"),
    ("房间数", "该区划内房产的房间数（含未分配使用单位的房间）"),
    ("使用面积合计（m²）", "各房间使用面积之和"),
    *((f"{label}面积（m²）", f"用途分类为“{label}”的房间使用面积之和")
      for _, label in UseClass.choices),
    ("办公室使用人数", "用途分类为“办公室”的房间在关闭清查时的在用使用人人数之和"),
    ("人均办公室面积（m²）", "办公室面积 ÷ 办公室使用人数，保留两位小数；无使用人时留空"),
)


#: (header, meaning) of every column of sheet 2, in order.
DETAIL_SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("区划代码", "房产所在行政区划代码"),
    ("区划名称", "房产所在行政区划名称"),
    ("房产编号", "全省唯一的房产编号"),
    ("房产名称", "房产名称"),
    ("楼层", "整数，地上为正数，地下为负数（-1 为地下一层）"),
    ("房间号", "房产内唯一的房间号"),
    ("用途分类", "《党政机关办公用房建设标准》（2014）分类：" + "、".join(USE_CLASS_LABELS)),
    ("使用面积（m²）", "房间使用面积，两位小数"),
    ("使用单位", "关闭清查时登记的使用单位名称；未分配的房间留空"),
    ("使用单位统一社会信用代码", "18 位统一社会信用代码；未分配的房间留空"),
    ("使用人数", "关闭清查时在该房间办公的人数"),
)


@dataclass
class _RegionTotals:
    code: str
    name: str
    buildings: set[str] = field(default_factory=set)
    rooms: int = 0
    area: Decimal = Decimal(0)
    by_class: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    office_people: int = 0

    def add(self, room: Any) -> None:
        self.buildings.add(room.building_code)
        self.rooms += 1
        self.area += room.usable_area
        self.by_class[room.use_class] += room.usable_area
        if room.use_class == UseClass.OFFICE:
            self.office_people += room.occupant_count

    def merge(self, other: _RegionTotals) -> None:
        self.buildings |= other.buildings
        self.rooms += other.rooms
        self.area += other.area
        for k, v in other.by_class.items():
            self.by_class[k] += v
        self.office_people += other.office_people

    def per_person(self) -> Decimal | None:
        if not self.office_people:
            return None
        return (self.by_class[UseClass.OFFICE] / self.office_people).quantize(Decimal("0.01"))

    def cells(self) -> list[object]:
        return [self.code, self.name, len(self.buildings), self.rooms, self.area,
                *(self.by_class[c] for c in _CLASS_ORDER), self.office_people,
                self.per_person()]


def summarize(rooms: Iterable[Any]) -> tuple[list[_RegionTotals], _RegionTotals]:
    """Totals per region code (sorted) and the grand total, from snapshot rows."""
    per: dict[str, _RegionTotals] = {}
    for room in rooms:
        totals = per.setdefault(room.region_code, _RegionTotals(room.region_code,
                                                                room.region_name))
        totals.add(room)
    grand = _RegionTotals("合计", "")
    for totals in per.values():
        grand.merge(totals)
    return [per[k] for k in sorted(per)], grand


def _put(ws: Any, row: int, col: int, value: object, fmt: dict[str, Any]) -> None:
    if value is None or value == "":
        return
    if isinstance(value, Decimal):
        ws.write_number(row, col, float(value), fmt["area"])
    elif isinstance(value, int):
        ws.write_number(row, col, value)
    else:
        write_text(ws, row, col, str(value), fmt["text"])


def yearly_report(*, campaign: Any, rooms: Sequence[Any],
                  generated_at: dt.datetime | None = None) -> bytes:
    """The workbook reported to the level above (第七条): 汇总, 房间明细, 填报说明."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title_fmt = wb.add_format({"bold": True, "font_size": 14})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                            "text_wrap": True})
    bold = wb.add_format({"bold": True})
    fmt = {"area": wb.add_format({"num_format": "0.00"}),
           "text": wb.add_format({"num_format": "@"})}
    when = timezone.localtime(generated_at or timezone.now()).strftime("%Y-%m-%d %H:%M")
    closed = (timezone.localtime(campaign.closed_at).strftime("%Y-%m-%d %H:%M")
              if campaign.closed_at else "—")

    summary = wb.add_worksheet(SUMMARY_SHEET)
    summary.write_string(
        0, 0, f"{campaign.year}年度{campaign.region.name}党政机关办公用房统计汇总表", title_fmt)
    subtitle = (f"清查范围：{campaign.region.full_name}（{campaign.region.code}）　"
                f"清查关闭：{closed}　生成时间：{when}")
    if campaign.forced:
        subtitle += f"　强制关闭原因：{campaign.close_reason}"
    summary.write_string(1, 0, subtitle)
    for col, (label, _) in enumerate(SUMMARY_SHEET_COLUMNS):
        summary.write_string(SUMMARY_HEADER_ROW, col, label, header)
        summary.set_column(col, col, 14)
    per_region, grand = summarize(rooms)
    row = SUMMARY_HEADER_ROW
    for row, totals in enumerate(per_region, start=SUMMARY_HEADER_ROW + 1):
        for col, value in enumerate(totals.cells()):
            _put(summary, row, col, value, fmt)
    row += 1
    for col, value in enumerate(grand.cells()):
        _put(summary, row, col, value, fmt)
    summary.set_row(row, None, bold)
    summary.freeze_panes(SUMMARY_HEADER_ROW + 1, 2)

    detail = wb.add_worksheet(DETAIL_SHEET)
    widths = (10, 12, 16, 24, 6, 10, 14, 12, 28, 22, 8)
    for col, (label, _) in enumerate(DETAIL_SHEET_COLUMNS):
        detail.write_string(DETAIL_HEADER_ROW, col, label, header)
        detail.set_column(col, col, widths[col])
    for row, r in enumerate(rooms, start=DETAIL_HEADER_ROW + 1):
        cells: list[object] = [r.region_code, r.region_name, r.building_code, r.building_name,
                               r.floor, r.room_number, r.use_class_label, r.usable_area,
                               r.agency_name, r.agency_credit_code, r.occupant_count]
        for col, value in enumerate(cells):
            _put(detail, row, col, value, fmt)
    detail.freeze_panes(DETAIL_HEADER_ROW + 1, 0)

    readme = wb.add_worksheet(README_SHEET)
    readme.write_string(0, 0, README_SHEET, title_fmt)
    lines = (
        f"本工作簿为 {campaign.year} 年度办公用房清查关闭时冻结的台账快照，"
        "依据《党政机关办公用房管理办法》第七条向上一级机关事务管理部门报送。",
        "面积单位均为平方米（m²），为使用面积；技术业务用房不属于办公用房，单独列示。",
        "“汇总”表按房产所在区划汇总，最后一行为合计；“房间明细”表每行一个房间。",
    )
    for i, line in enumerate(lines, start=1):
        readme.write_string(i, 0, line)
    row = len(lines) + 2
    for col, label in enumerate(("工作表", "列名", "说明")):
        readme.write_string(row, col, label, header)
    for sheet, columns in ((SUMMARY_SHEET, SUMMARY_SHEET_COLUMNS),
                           (DETAIL_SHEET, DETAIL_SHEET_COLUMNS)):
        for label, meaning in columns:
            row += 1
            readme.write_string(row, 0, sheet)
            readme.write_string(row, 1, label)
            readme.write_string(row, 2, meaning)
    readme.set_column(0, 0, 10)
    readme.set_column(1, 1, 24)
    readme.set_column(2, 2, 80)
    summary.activate()
    wb.close()
    return buffer.getvalue()
