"""The reconciliation of the yearly inventory (账账 / 账实 / 账证相符): see
jiguan.space.inventory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.orgs.models import AgencyStatus
from jiguan.space.inventory_common import (
    _current_occupants,
    _names,
    agency_url,
    area_tolerance,
)
from jiguan.space.inventory_declarations import (
    differences,
)
from jiguan.space.inventory_models import (
    Campaign,
    CampaignAgency,
    SubmissionStatus,
)
from jiguan.space.models import Building, Occupancy, RegistrationStatus, Room

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
