"""Reads of the yearly inventory: the register as an agency's rows, the participants, the
progress board, a declaration's differences from the register and the reconciliation
(账账、账实、账证相符); the scoped fetches the pages and the API share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.core.types import AuthedRequest
from jiguan.orgs.models import Agency, AgencyStatus
from jiguan.space.inventory.models import Campaign, CampaignAgency, SubmissionStatus
from jiguan.space.inventory.rules import Tolerance, area_tolerance
from jiguan.space.register.models import (
    Building,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
    UseClass,
)


def _names(occupants: Iterable[Occupant]) -> list[str]:
    return sorted({o.person.name for o in occupants})


def current_occupants_prefetch() -> Prefetch[Any]:
    return Prefetch("occupants", to_attr="current_occupants",
                    queryset=Occupant.objects.filter(end_date__isnull=True)
                    .select_related("person", "person__agency", "concurrent_post"))


def register_rows(agency: Agency) -> list[dict[str, Any]]:
    """The agency's sub-ledger (分台账): the rooms allocated to it now, as declaration rows."""
    rooms = (Room.objects.filter(occupancies__agency=agency, occupancies__end_date__isnull=True)
             .select_related("building", "floor").prefetch_related(current_occupants_prefetch())
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


def participants(region: Region) -> QuerySet[Agency]:
    """ACTIVE agencies of the region's subtree that currently use at least one room."""
    # A subquery, not `occupancies__end_date__isnull=True`: that becomes a LEFT JOIN and
    # would also match agencies with no occupancy at all.
    using = Occupancy.objects.filter(end_date__isnull=True).values("agency_id")
    return (Agency.objects.active().filter(region__path__startswith=region.path, pk__in=using)
            .select_related("region").order_by("region__code", "name"))


def agency_url(ca: CampaignAgency) -> str:
    return reverse("space_inventory:agency_detail", args=[ca.pk])


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
             .prefetch_related(current_occupants_prefetch(),
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


def campaigns_for(user: Any) -> Any:
    return Campaign.objects.visible_to(user).select_related("region")


def campaign_agency_or_404(request: AuthedRequest, pk: int) -> CampaignAgency:
    return get_object_or_404(CampaignAgency.objects.visible_to(request.user).select_related(
        "campaign", "campaign__region", "agency", "agency__region", "submitted_by",
        "reviewed_by"), pk=pk)
