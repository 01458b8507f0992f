"""The yearly inventory (清查盘点, 第六条) and the yearly report (第七条): logic and actions.

Flow. A bureau opens a campaign (year, a region in its scope, a deadline). Every ACTIVE
agency of that region's subtree with at least one current room allocation takes part (an
agency using no room has nothing to declare): it gets a CampaignAgency row and a to-do. The
agency downloads its pre-filled workbook, corrects it and uploads it; the upload is its
declaration. The bureau compares the declaration with the register, then confirms it or
sends it back with a reason (the agency gets a new to-do). Confirming records the
declaration as confirmed; it does NOT rewrite the register: the differences stay listed
(账实相符 on the reconciliation report) until the bureau fixes the register through the
ordinary register pages. Closing the campaign (every agency confirmed, or forced with a
reason) freezes the register into SnapshotRoom rows, from which the yearly report is built.

Area tolerance. ``settings.JIGUAN_INVENTORY_AREA_TOLERANCE`` is either an absolute value in
m² ("0.5") or a percentage of the registered area ("2%"). The default is 0.5 m² absolute:
a room's usable area is measured, not estimated, and a relative tolerance would hide whole
square metres in large rooms. Differences strictly beyond the tolerance are reported. The
same tolerance compares a building's certificate area with its registered area (账证相符).

Every write runs in one transaction with its audit row; an upload with any bad row writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm, Role
from jiguan.audit.events import register as register_events
from jiguan.audit.record import record
from jiguan.core.excel import (
    SpreadsheetError,
    cell_decimal,
    cell_int,
    cell_str,
    iter_records,
    read_rows,
)
from jiguan.orgs.models import Agency, AgencyStatus
from jiguan.space.inventory_excel import DECLARATION_COLUMNS
from jiguan.space.inventory_models import (
    Campaign,
    CampaignAgency,
    CampaignStatus,
    SnapshotRoom,
    SubmissionStatus,
)
from jiguan.space.models import (
    Building,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
    UseClass,
)
from jiguan.todo.actions import task_create, tasks_close_for_subject

TASK_KIND = "space.inventory"
DEFAULT_TOLERANCE = "0.5"
MAX_DECLARATION_ROWS = 5000
CENT = Decimal("0.01")

register_events({
    "space.inventory.opened": "发起办公用房清查",
    "space.inventory.submitted": "上传清查填报",
    "space.inventory.confirmed": "确认清查填报",
    "space.inventory.returned": "退回清查填报",
    "space.inventory.closed": "关闭清查并冻结年度快照",
})

_USE_CLASS_BY_TEXT: dict[str, str] = {
    **{label: code for code, label in UseClass.choices},
    **{str(code): str(code) for code, _ in UseClass.choices},
}
_NAME_SPLIT = re.compile(r"[、,，;；/\s]+")


# ---------------------------------------------------------------- tolerance

@dataclass(frozen=True)
class Tolerance:
    """An absolute tolerance in m², or (``percent`` set) a share of the registered area."""

    value: Decimal
    percent: bool = False

    def limit(self, registered: Decimal) -> Decimal:
        return abs(registered) * self.value / 100 if self.percent else self.value

    def exceeded(self, registered: Decimal, other: Decimal) -> bool:
        return abs(other - registered) > self.limit(registered)

    def __str__(self) -> str:
        return f"{self.value.normalize():f}%" if self.percent else f"{self.value.normalize():f} m²"


def area_tolerance() -> Tolerance:
    raw = str(getattr(settings, "JIGUAN_INVENTORY_AREA_TOLERANCE", DEFAULT_TOLERANCE)).strip()
    percent = raw.endswith("%")
    try:
        value = Decimal(raw.removesuffix("%").strip())
    except ArithmeticError:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise ImproperlyConfigured(
            "JIGUAN_INVENTORY_AREA_TOLERANCE must be a non-negative number of m² (\"0.5\") "
            "or a percentage (\"2%\")")
    return Tolerance(value, percent)


# ---------------------------------------------------------------- the register as rows

def _names(occupants: Iterable[Occupant]) -> list[str]:
    return sorted({o.person.name for o in occupants})


def _current_occupants() -> Prefetch[Any]:
    return Prefetch("occupants", to_attr="current_occupants",
                    queryset=Occupant.objects.filter(end_date__isnull=True)
                    .select_related("person", "person__agency", "concurrent_post"))


def register_rows(agency: Agency) -> list[dict[str, Any]]:
    """The agency's sub-ledger (分台账): the rooms allocated to it now, as declaration rows."""
    rooms = (Room.objects.filter(occupancies__agency=agency, occupancies__end_date__isnull=True)
             .select_related("building", "floor").prefetch_related(_current_occupants())
             .order_by("building__code", "floor__number", "number"))
    return [{
        "room_id": r.pk,
        "building_code": r.building.code,
        "building_name": r.building.name,
        "floor": r.floor.number,
        "room_number": r.number,
        "use_class": r.use_class,
        "use_class_label": r.get_use_class_display(),
        "usable_area": r.usable_area,
        "occupants": _names(r.current_occupants),  # type: ignore[attr-defined]
    } for r in rooms]


def workbook_title(ca: CampaignAgency) -> str:
    return (f"{ca.campaign.year}年度办公用房清查填报表　{ca.agency.name}"
            f"（{ca.agency.credit_code}）　截止日期：{ca.campaign.deadline:%Y-%m-%d}")


# ---------------------------------------------------------------- opening a campaign

def participants(region: Region) -> QuerySet[Agency]:
    """ACTIVE agencies of the region's subtree that currently use at least one room."""
    # A subquery, not `occupancies__end_date__isnull=True`: that becomes a LEFT JOIN and
    # would also match agencies with no occupancy at all.
    using = Occupancy.objects.filter(end_date__isnull=True).values("agency_id")
    return (Agency.objects.active().filter(region__path__startswith=region.path, pk__in=using)
            .select_related("region").order_by("region__code", "name"))


def agency_url(ca: CampaignAgency) -> str:
    return reverse("space_inventory:agency_detail", args=[ca.pk])


def _agency_task(ca: CampaignAgency, *, title: str, detail: str, actor: Any) -> None:
    task_create(kind=TASK_KIND, title=title, detail=detail,
                assignee_role=Role.AGENCY_REPORTER, region=ca.agency.region, agency=ca.agency,
                subject=ca, subject_url=agency_url(ca), due_date=ca.campaign.deadline,
                actor=actor)


@transaction.atomic
def campaign_open(*, year: int, region: Region, deadline: dt.date, note: str = "",
                  actor: Any) -> Campaign:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not actor.scope.covers(Perm.CHANGE_SPACE, region_path=region.path, agency_id=None):
        errors["region"] = "所选清查范围不在您的权限范围内"
    if not (2000 <= year <= today.year + 1):
        errors["year"] = f"清查年度应在 2000 至 {today.year + 1} 之间"
    if deadline < today:
        errors["deadline"] = f"填报截止日期（{deadline:%Y-%m-%d}）不能早于今天"
    if "region" not in errors and Campaign.objects.filter(
            year=year, region=region, status=CampaignStatus.OPEN).exists():
        errors["year"] = f"{year}年度{region.name}已有进行中的清查，请先关闭后再发起"
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(year=year, region=region, deadline=deadline, note=note,
                        created_by=actor, updated_by=actor)
    campaign.full_clean()
    campaign.save()
    agencies = list(participants(region))
    for agency in agencies:
        ca = CampaignAgency.objects.create(campaign=campaign, agency=agency, created_by=actor,
                                           updated_by=actor)
        _agency_task(ca, title=f"{year}年度办公用房清查：请核对并上传本单位填报表",
                     detail=f"请在{deadline:%Y-%m-%d}前下载预填的填报表，按实际使用情况核对修改后上传。",
                     actor=actor)
    record(actor=actor, event="space.inventory.opened", target=campaign,
           changes={"year": [None, year], "region": [None, region.name],
                    "deadline": [None, deadline], "agencies": [None, len(agencies)]})
    return campaign


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


# ---------------------------------------------------------------- the progress board

@dataclass
class BoardRow:
    code: str
    name: str
    drill: bool
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def pending(self) -> int:
        return self.count(SubmissionStatus.PENDING)

    @property
    def submitted(self) -> int:
        return self.count(SubmissionStatus.SUBMITTED)

    @property
    def returned(self) -> int:
        return self.count(SubmissionStatus.RETURNED)

    @property
    def confirmed(self) -> int:
        return self.count(SubmissionStatus.CONFIRMED)


def board(rows: Iterable[CampaignAgency], region: Region) -> tuple[list[BoardRow], BoardRow]:
    """Counts per status for each child region of ``region`` that has agencies (plus 本级 for
    agencies of ``region`` itself), and the total. ``rows`` need ``agency__region``."""
    depth = len(region.path.strip("/").split("/"))
    children = {r.code: r for r in Region.objects.filter(parent=region)}
    per: dict[str, BoardRow] = {}
    total = BoardRow(code="", name="合计", drill=False, counts=defaultdict(int))
    for ca in rows:
        parts = ca.agency.region.path.strip("/").split("/")
        if not ca.agency.region.path.startswith(region.path):
            continue
        if len(parts) > depth and parts[depth] in children:
            child = children[parts[depth]]
            row = per.setdefault(child.code, BoardRow(child.code, child.name, True,
                                                      defaultdict(int)))
        else:
            row = per.setdefault("", BoardRow("", f"{region.name}（本级）", False,
                                              defaultdict(int)))
        row.counts[ca.status] += 1
        total.counts[ca.status] += 1
    return sorted(per.values(), key=lambda r: (r.code != "", r.code)), total


# ---------------------------------------------------------------- reconciliation

ACCOUNT_BOOKS = "账账相符"
ACCOUNT_REALITY = "账实相符"
ACCOUNT_CERTIFICATE = "账证相符"


@dataclass(frozen=True)
class Mismatch:
    check_label: str
    kind_label: str
    region_name: str
    building_code: str
    building_name: str
    room_number: str
    agency_name: str
    detail: str
    url: str = ""


def _room_mismatch(kind: str, room: Room, agency_name: str, detail: str) -> Mismatch:
    return Mismatch(ACCOUNT_BOOKS, kind, room.building.region.name, room.building.code,
                    room.building.name, room.number, agency_name, detail,
                    reverse("space:room_detail", args=[room.pk]))


def reconcile_books(region: Region) -> list[Mismatch]:
    """账账相符: each agency's sub-ledger against the master ledger of the region.

    A room cannot be allocated to two agencies at once (a database constraint), so the
    checks are: people sitting in a room allocated to an agency that is not theirs (unless
    their concurrent post is at that agency), rooms with people but no allocation, and
    rooms still allocated to archived (merged or abolished) agencies."""
    out: list[Mismatch] = []
    rooms = (Room.objects.filter(building__region__path__startswith=region.path)
             .select_related("building", "building__region")
             .prefetch_related(_current_occupants(),
                               Prefetch("occupancies", to_attr="current_allocation",
                                        queryset=Occupancy.objects.filter(end_date__isnull=True)
                                        .select_related("agency")))
             .order_by("building__code", "number"))
    for room in rooms:
        allocation = room.current_allocation  # type: ignore[attr-defined]
        people = room.current_occupants  # type: ignore[attr-defined]
        agency = allocation[0].agency if allocation else None
        if agency is None:
            if people:
                out.append(_room_mismatch(
                    "房间有使用人但未分配使用单位", room, "",
                    "使用人：" + "、".join(_names(people)) + "；台账中该房间没有使用单位"))
            continue
        if agency.status != AgencyStatus.ACTIVE:
            out.append(_room_mismatch(
                "已撤销或合并的单位仍占用房间", room, agency.name,
                f"单位状态：{agency.get_status_display()}"
                f"（{agency.status_date or '—'}），房间应收回或重新分配"))
        for o in people:
            if o.person.agency_id == agency.pk:
                continue
            if o.concurrent_post is not None and o.concurrent_post.agency_id == agency.pk:
                continue
            out.append(_room_mismatch(
                "使用人所在单位与房间使用单位不一致", room, agency.name,
                f"使用人 {o.person.name} 属于{o.person.agency.name}，房间分配给{agency.name}"))
    return out


def reconcile_reality(campaign: Campaign, rows: Iterable[CampaignAgency] | None = None
                      ) -> list[Mismatch]:
    """账实相符: the confirmed declarations against the register as it is now."""
    out: list[Mismatch] = []
    tol = area_tolerance()
    if rows is None:
        rows = campaign.agencies.select_related("agency", "agency__region")
    for ca in rows:
        if ca.status != SubmissionStatus.CONFIRMED:
            continue
        for d in differences(ca.agency, ca.declaration, tol):
            out.append(Mismatch(ACCOUNT_REALITY, d["label"], ca.agency.region.name,
                                d["building_code"], d["building_name"], d["room_number"],
                                ca.agency.name,
                                f"台账：{d['registered']}；申报：{d['declared']}"
                                + (f"；{d['detail']}" if d["detail"] else ""),
                                agency_url(ca)))
    return out


def reconcile_certificates(region: Region) -> list[Mismatch]:
    """账证相符: the register against the title certificates.

    Buildings registered (已登记) or unregistered without a 不动产权证号 (a 权属备案 building
    is excused: filing is the legal substitute), a certificate area differing from the
    registered building area beyond the tolerance, and a building area smaller than the sum
    of its rooms' usable areas."""
    out: list[Mismatch] = []
    tol = area_tolerance()
    buildings = (Building.objects.filter(region__path__startswith=region.path)
                 .select_related("region").annotate(rooms_area=Sum("rooms__usable_area"))
                 .order_by("region__code", "code"))
    for b in buildings:
        url = reverse("space:building_detail", args=[b.pk])

        def add(kind: str, detail: str, b: Building = b, url: str = url) -> None:
            out.append(Mismatch(ACCOUNT_CERTIFICATE, kind, b.region.name, b.code, b.name, "",
                                "", detail, url))

        if not b.property_cert_no and b.registration_status != RegistrationStatus.FILED:
            add("无不动产权证号", f"登记状态：{b.get_registration_status_display()}，"
                                  "台账中没有不动产权证号")
        if b.cert_building_area is not None and tol.exceeded(b.cert_building_area,
                                                             b.building_area):
            add("证载建筑面积与台账不一致",
                f"证载 {b.cert_building_area} m²，台账 {b.building_area} m²，"
                f"相差 {b.building_area - b.cert_building_area:+} m²，超出容差 {tol}")
        rooms_area = b.rooms_area or Decimal(0)  # type: ignore[attr-defined]
        if b.building_area < rooms_area:
            add("建筑面积小于房间使用面积之和",
                f"建筑面积 {b.building_area} m²，房间使用面积合计 {rooms_area} m²")
    return out


def reconcile(campaign: Campaign) -> dict[str, list[Mismatch]]:
    return {
        ACCOUNT_BOOKS: reconcile_books(campaign.region),
        ACCOUNT_REALITY: reconcile_reality(campaign),
        ACCOUNT_CERTIFICATE: reconcile_certificates(campaign.region),
    }


# ---------------------------------------------------------------- closing and the snapshot

def snapshot_rows(campaign: Campaign) -> list[SnapshotRoom]:
    """The register of the campaign's region as plain values (every room, allocated or not)."""
    rooms = (Room.objects.filter(building__region__path__startswith=campaign.region.path)
             .select_related("building", "building__region", "floor")
             .prefetch_related(_current_occupants(),
                               Prefetch("occupancies", to_attr="current_allocation",
                                        queryset=Occupancy.objects.filter(end_date__isnull=True)
                                        .select_related("agency")))
             .order_by("building__region__code", "building__code", "floor__number", "number"))
    out: list[SnapshotRoom] = []
    for r in rooms:
        allocation = r.current_allocation  # type: ignore[attr-defined]
        agency = allocation[0].agency if allocation else None
        out.append(SnapshotRoom(
            campaign=campaign, region_code=r.building.region.code,
            region_name=r.building.region.name, building_code=r.building.code,
            building_name=r.building.name, floor=r.floor.number, room_number=r.number,
            use_class=r.use_class, use_class_label=r.get_use_class_display(),
            usable_area=r.usable_area,
            agency_credit_code=agency.credit_code if agency else "",
            agency_name=agency.name if agency else "",
            occupant_count=len(r.current_occupants),  # type: ignore[attr-defined]
        ))
    return out


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: Any, force: bool = False,
                   reason: str = "") -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("region").get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError("本次清查已关闭")
    reason = reason.strip()
    unconfirmed = list(campaign.agencies.exclude(status=SubmissionStatus.CONFIRMED)
                       .select_related("agency").order_by("agency__name"))
    if unconfirmed and not force:
        names = "、".join(ca.agency.name for ca in unconfirmed[:5])
        more = f"等 {len(unconfirmed)} 家" if len(unconfirmed) > 5 else ""
        raise ValidationError(f"尚有单位未确认（{names}{more}），不能关闭；"
                              "如需强制关闭，请勾选“强制关闭”并填写原因")
    if force and not reason:
        raise ValidationError({"reason": "强制关闭须填写原因"})
    rows = snapshot_rows(campaign)
    SnapshotRoom.objects.bulk_create(rows, batch_size=1000)
    for ca in campaign.agencies.all():
        tasks_close_for_subject(subject=ca, kind=TASK_KIND, actor=actor, note="清查已关闭")
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.forced = bool(force and unconfirmed)
    campaign.close_reason = reason[:300] if campaign.forced else ""
    campaign.updated_by = actor
    campaign.full_clean()
    campaign.save()
    record(actor=actor, event="space.inventory.closed", target=campaign,
           changes={"status": ["进行中", "已关闭"], "snapshot_rooms": [None, len(rows)],
                    "unconfirmed": [None, len(unconfirmed)]},
           extra={"forced": campaign.forced, "reason": campaign.close_reason})
    return campaign
