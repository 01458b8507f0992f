"""An agency's declaration in the yearly inventory (see jiguan.space.inventory): reading the
uploaded workbook, its differences with the register, submit / confirm / return."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.audit.record import record
from jiguan.core.excel import (
    SpreadsheetError,
    cell_decimal,
    cell_int,
    cell_str,
    iter_records,
    read_rows,
)
from jiguan.orgs.models import Agency
from jiguan.space.inventory_common import (
    _NAME_SPLIT,
    _USE_CLASS_BY_TEXT,
    CENT,
    MAX_DECLARATION_ROWS,
    TASK_KIND,
    Tolerance,
    _agency_task,
    area_tolerance,
    register_rows,
)
from jiguan.space.inventory_excel import DECLARATION_COLUMNS
from jiguan.space.inventory_models import (
    CampaignAgency,
    SubmissionStatus,
)
from jiguan.space.models import Building, Occupancy, Room, UseClass
from jiguan.todo.actions import tasks_close_for_subject

# ---------------------------------------------------------------- reading a declaration

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
        use_class = _USE_CLASS_BY_TEXT.get(use_text)
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
        occupants = sorted({name for name in _NAME_SPLIT.split(
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


# ---------------------------------------------------------------- differences

DIFF_LABELS: dict[str, str] = {
    "room_added": "新增房间（台账中没有）",
    "room_removed": "减少房间（台账有、申报无）",
    "area_changed": "使用面积变化超出容差",
    "floor_changed": "楼层不一致",
    "use_class_changed": "用途分类不一致",
    "occupant_moved": "使用人调整房间",
    "occupant_added": "新增使用人",
    "occupant_removed": "减少使用人",
}


def _use_label(code: str | None) -> str:
    return dict(UseClass.choices).get(code or "", code or "")


def _diff(kind: str, row: Mapping[str, Any], registered: str, declared: str,
          detail: str) -> dict[str, Any]:
    return {"kind": kind, "label": DIFF_LABELS[kind], "building_code": row["building_code"],
            "building_name": row["building_name"], "room_number": row["room_number"],
            "registered": registered, "declared": declared, "detail": detail,
            "room_id": row.get("room_id")}


def differences(agency: Agency, declared: Sequence[Mapping[str, Any]],
                tolerance: Tolerance | None = None) -> list[dict[str, Any]]:
    """The declaration against the agency's current sub-ledger in the register."""
    tol = tolerance or area_tolerance()
    reg = {(r["building_code"], r["room_number"]): r for r in register_rows(agency)}
    dec = {(r["building_code"], r["room_number"]): r for r in declared}
    out: list[dict[str, Any]] = []
    added_people: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    removed_people: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for key, d in dec.items():
        r = reg.get(key)
        if r is None:
            out.append(_diff("room_added", d, "—",
                             f"{d['floor']}层，{_use_label(d['use_class'])}，{d['usable_area']} m²",
                             f"申报了台账中没有的房间 {d['building_name']} {d['room_number']}"))
            for name in d["occupants"]:
                added_people[name].append(d)
            continue
        declared_area = Decimal(d["usable_area"])
        if tol.exceeded(r["usable_area"], declared_area):
            delta = declared_area - r["usable_area"]
            out.append(_diff("area_changed", r, f"{r['usable_area']} m²", f"{declared_area} m²",
                             f"相差 {delta:+} m²，超出容差 {tol}"))
        if d["floor"] != r["floor"]:
            out.append(_diff("floor_changed", r, f"{r['floor']}层", f"{d['floor']}层", ""))
        if d["use_class"] != r["use_class"]:
            out.append(_diff("use_class_changed", r, _use_label(r["use_class"]),
                             _use_label(d["use_class"]), ""))
        for name in sorted(set(d["occupants"]) - set(r["occupants"])):
            added_people[name].append(r)
        for name in sorted(set(r["occupants"]) - set(d["occupants"])):
            removed_people[name].append(r)
    for key, r in reg.items():
        if key not in dec:
            out.append(_diff("room_removed", r,
                             f"{r['floor']}层，{r['use_class_label']}，{r['usable_area']} m²", "—",
                             f"台账登记本单位使用 {r['building_name']} {r['room_number']}，"
                             "申报中没有"))
            for name in r["occupants"]:
                removed_people[name].append(r)
    for name in sorted(set(added_people) | set(removed_people)):
        to_rooms, from_rooms = added_people.get(name, []), removed_people.get(name, [])
        while to_rooms and from_rooms:
            src, dst = from_rooms.pop(0), to_rooms.pop(0)
            out.append(_diff("occupant_moved", dst, f"{src['building_name']} {src['room_number']}",
                             f"{dst['building_name']} {dst['room_number']}",
                             f"{name} 从 {src['room_number']} 调整到 {dst['room_number']}"))
        for dst in to_rooms:
            out.append(_diff("occupant_added", dst, "—", name, f"申报新增使用人 {name}"))
        for src in from_rooms:
            out.append(_diff("occupant_removed", src, name, "—", f"申报中已无使用人 {name}"))
    order = list(DIFF_LABELS)
    out.sort(key=lambda x: (x["building_code"], x["room_number"], order.index(x["kind"])))
    return out


# ---------------------------------------------------------------- submit / confirm / return

def _check_open(ca: CampaignAgency) -> None:
    if not ca.campaign.is_open:
        raise ValidationError("本次清查已关闭，不能再修改")


@transaction.atomic
def declaration_submit(*, ca: CampaignAgency, rows: list[dict[str, Any]], filename: str,
                       actor: Any) -> CampaignAgency:
    ca = CampaignAgency.objects.select_for_update().select_related(
        "campaign", "agency", "agency__region").get(pk=ca.pk)
    _check_open(ca)
    if ca.status == SubmissionStatus.CONFIRMED:
        raise ValidationError("本单位的填报已确认，不能再上传")
    before = ca.get_status_display()
    ca.declaration = rows
    ca.differences = differences(ca.agency, rows)
    ca.filename = filename[:255]
    ca.status = SubmissionStatus.SUBMITTED
    ca.submitted_at = timezone.now()
    ca.submitted_by = actor
    ca.updated_by = actor
    ca.save()
    tasks_close_for_subject(subject=ca, kind=TASK_KIND, actor=actor, note="已上传清查填报表")
    record(actor=actor, event="space.inventory.submitted", target=ca,
           changes={"status": [before, ca.get_status_display()], "rows": [None, len(rows)],
                    "differences": [None, len(ca.differences)]},
           extra={"filename": filename})
    return ca


def declaration_upload(*, ca: CampaignAgency, data: bytes, filename: str,
                       actor: Any) -> CampaignAgency:
    """Check the whole file first (outside the transaction), then store it in one."""
    _check_open(ca)
    if ca.status == SubmissionStatus.CONFIRMED:
        raise ValidationError("本单位的填报已确认，不能再上传")
    rows = parse_declaration(ca, data, filename)
    return declaration_submit(ca=ca, rows=rows, filename=filename, actor=actor)


@transaction.atomic
def declaration_confirm(*, ca: CampaignAgency, actor: Any) -> CampaignAgency:
    ca = CampaignAgency.objects.select_for_update().select_related(
        "campaign", "agency", "agency__region").get(pk=ca.pk)
    _check_open(ca)
    if ca.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(f"只能确认已提交的填报（当前：{ca.get_status_display()}）")
    ca.differences = differences(ca.agency, ca.declaration)
    ca.status = SubmissionStatus.CONFIRMED
    ca.reviewed_at = timezone.now()
    ca.reviewed_by = actor
    ca.updated_by = actor
    ca.save()
    record(actor=actor, event="space.inventory.confirmed", target=ca,
           changes={"status": ["已提交", "已确认"],
                    "differences": [None, len(ca.differences)]})
    return ca


@transaction.atomic
def declaration_return(*, ca: CampaignAgency, reason: str, actor: Any) -> CampaignAgency:
    ca = CampaignAgency.objects.select_for_update().select_related(
        "campaign", "agency", "agency__region").get(pk=ca.pk)
    _check_open(ca)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    if ca.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(f"只能退回已提交的填报（当前：{ca.get_status_display()}）")
    ca.status = SubmissionStatus.RETURNED
    ca.return_reason = reason[:300]
    ca.reviewed_at = timezone.now()
    ca.reviewed_by = actor
    ca.updated_by = actor
    ca.save()
    _agency_task(ca, title=f"{ca.campaign.year}年度办公用房清查：填报被退回，请修改后重新上传",
                 detail=f"退回原因：{ca.return_reason}", actor=actor)
    record(actor=actor, event="space.inventory.returned", target=ca,
           changes={"status": ["已提交", "已退回"], "return_reason": [None, ca.return_reason]})
    return ca
