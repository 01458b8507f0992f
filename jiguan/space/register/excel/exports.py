"""The export columns and rows of buildings and rooms: see jiguan.space.register.excel."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch

from jiguan.core.excel import ExportColumn
from jiguan.space.register.models import Building, Occupancy, Occupant, Room


def _current_occupancy(room: Room) -> Occupancy | None:
    cached = getattr(room, "current_occupancies", None)
    if cached is None:
        found: Occupancy | None = (room.occupancies.filter(end_date__isnull=True)
                                   .select_related("agency").first())
        return found
    return cached[0] if cached else None


def _current_people(room: Room) -> str:
    cached = getattr(room, "current_occupants", None)
    if cached is None:
        cached = list(room.occupants.filter(end_date__isnull=True).select_related("person"))
    names = sorted((o.person.name, o.person.staff_no) for o in cached)
    return "、".join(f"{name}（{no}）" if no else name for name, no in names)


def _agency_attr(room: Room, attr: str) -> object:
    occupancy = _current_occupancy(room)
    if occupancy is None:
        return None
    return occupancy.start_date if attr == "start_date" else getattr(occupancy.agency, attr)


def building_export_rows(buildings: models.QuerySet[Building]) -> models.QuerySet[Building]:
    """The buildings as BUILDING_EXPORT_COLUMNS read them (an export iterates it 2,000 at
    a time: core.exports.jobs.ExportSpec)."""
    return buildings.select_related("region")


def room_export_rows(rooms: models.QuerySet[Room]) -> models.QuerySet[Room]:
    """The rooms with their current agency and people prefetched (an export iterates it
    2,000 at a time, prefetching per batch): ROOM_EXPORT_COLUMNS then make no query per
    row."""
    return (rooms.select_related("building", "building__region", "floor")
            .prefetch_related(
                Prefetch("occupancies", to_attr="current_occupancies",
                         queryset=Occupancy.objects.filter(end_date__isnull=True)
                         .select_related("agency")),
                Prefetch("occupants", to_attr="current_occupants",
                         queryset=Occupant.objects.filter(end_date__isnull=True)
                         .select_related("person"))))


# Export rows from building_export_rows() / room_export_rows(), in this column order: the
# import columns first under the same headers (the file imports back), then extras.
BUILDING_EXPORT_COLUMNS = [
    ExportColumn("房产编号", lambda b: b.code, 18),
    ExportColumn("名称", lambda b: b.name, 24),
    ExportColumn("地址", lambda b: b.address, 28),
    ExportColumn("行政区划代码", lambda b: b.region.code),
    ExportColumn("不动产权证号", lambda b: b.property_cert_no, 22),
    ExportColumn("土地证号", lambda b: b.land_cert_no, 20),
    ExportColumn("发证日期", lambda b: b.cert_issued_on),
    ExportColumn("权利人", lambda b: b.owner, 24),
    ExportColumn("登记状态", lambda b: b.get_registration_status_display()),
    ExportColumn("备案原因", lambda b: b.filing_reason, 24),
    ExportColumn("土地面积（㎡）", lambda b: b.land_area),
    ExportColumn("建筑面积（㎡）", lambda b: b.building_area),
    ExportColumn("证载建筑面积（㎡）", lambda b: b.cert_building_area),
    ExportColumn("地上层数", lambda b: b.floors_above),
    ExportColumn("地下层数", lambda b: b.floors_below),
    ExportColumn("建成年份", lambda b: b.year_built),
    ExportColumn("结构", lambda b: b.get_structure_display()),
    ExportColumn("建筑类型", lambda b: b.get_building_type_display()),
    ExportColumn("账面价值（元）", lambda b: b.book_value),
    ExportColumn("资产卡片号", lambda b: b.asset_card_no, 18),
    ExportColumn("用途", lambda b: b.get_use_display()),
    ExportColumn("区划名称", lambda b: b.region.name),
]


ROOM_EXPORT_COLUMNS = [
    ExportColumn("房产编号", lambda r: r.building.code, 18),
    ExportColumn("楼层", lambda r: r.floor.number),
    ExportColumn("房间号", lambda r: r.number),
    ExportColumn("用途分类", lambda r: r.get_use_class_display()),
    ExportColumn("具体用途", lambda r: r.subtype, 18),
    ExportColumn("使用面积（㎡）", lambda r: r.usable_area),
    ExportColumn("建筑面积（㎡）", lambda r: r.building_area),
    ExportColumn("使用单位信用代码", lambda r: _agency_attr(r, "credit_code"), 22),
    ExportColumn("使用起始日期", lambda r: _agency_attr(r, "start_date")),
    ExportColumn("使用人", _current_people, 24),
    ExportColumn("房产名称", lambda r: r.building.name, 24),
    ExportColumn("区划名称", lambda r: r.building.region.name),
    ExportColumn("楼层名称", lambda r: r.floor.label),
    ExportColumn("当前使用单位名称", lambda r: _agency_attr(r, "name"), 28),
]
