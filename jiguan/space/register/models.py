"""The office-space register: buildings, floors, rooms, and who uses them.

Areas are in m². Usable area (使用面积) and building area (建筑面积) are kept apart: the
2014 standard's per-person limits are usable area.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core import scoping
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet

POSITIVE = [MinValueValidator(Decimal("0.01"), message="面积必须大于 0")]


NON_NEGATIVE = [MinValueValidator(Decimal("0"), message="不能为负数")]


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    UNREGISTERED = "unregistered", "未登记"
    FILED = "filed", "权属备案"


class BuildingUse(models.TextChoices):
    OFFICE = "office", "办公"
    TECHNICAL = "technical", "技术业务"


class BuildingType(models.TextChoices):
    MULTI = "multi", "多层"
    HIGH = "high", "高层"


class Structure(models.TextChoices):
    FRAME = "frame", "钢筋混凝土"
    MASONRY = "masonry", "砖混"
    STEEL = "steel", "钢结构"
    OTHER = "other", "其他"


class UseClass(models.TextChoices):
    """The 2014 standard's classes (第十条); 技术业务用房 is not office space."""

    OFFICE = "office", "办公室"
    SERVICE = "service", "服务用房"
    EQUIPMENT = "equipment", "设备用房"
    ANCILLARY = "ancillary", "附属用房"
    TECHNICAL = "technical", "技术业务用房"


# Subtypes of the 2014 standard, per class (domain-rules.md §1.1).
SUBTYPES: dict[str, tuple[str, ...]] = {
    UseClass.SERVICE: ("会议室", "接待室", "档案室", "图书资料室", "机关信息网络用房", "机要保密室",
                       "文印室", "收发室", "医务室", "值班室", "储藏室", "物业及工勤人员用房",
                       "开水间", "卫生间"),
    UseClass.EQUIPMENT: ("变配电室", "水泵房", "水箱间", "中水处理间", "锅炉房", "空调机房",
                         "通信机房", "电梯机房", "建筑智能化系统设备用房"),
    UseClass.ANCILLARY: ("食堂", "汽车库", "自行车库", "电动车库", "警卫用房", "人防设施"),
    UseClass.TECHNICAL: ("审讯室", "审判庭", "来访接待", "应急指挥", "政务服务大厅", "其他"),
    UseClass.OFFICE: (),
}


class BuildingQuerySet(ScopedQuerySet["Building"]):
    """A bureau sees the buildings of its regions; an agency reporter sees the buildings
    where its agency uses a room (through its current occupancies)."""

    scope_perm = Perm.VIEW_SPACE
    region_path_field = "region__path"

    def scope_q(self, user: Any, perm: str) -> Q:
        # A subquery, not a join: joining rooms and occupancies multiplied every building
        # by its rooms before a DISTINCT (a region's buildings x ~60 rooms each).
        q = super().scope_q(user, perm)
        ids = scoping.agency_ids(user, perm)
        if ids:
            q |= Q(pk__in=Occupancy.objects.filter(
                agency_id__in=ids, end_date__isnull=True).values("room__building_id"))
        return q


class Building(BaseModel):
    code = models.CharField("房产编号", max_length=30, unique=True,
                            help_text="全省唯一编号，导入时与房间号一起识别房间")
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    # No index of its own: the (region, code) index serves every lookup by region and gives
    # the building list its order (space 0011).
    region = models.ForeignKey("access.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="buildings", db_index=False)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    property_cert_no = models.CharField("不动产权证号", max_length=60, blank=True)
    land_cert_no = models.CharField("土地证号", max_length=60, blank=True)
    cert_issued_on = models.DateField("发证日期", null=True, blank=True)
    owner = models.CharField("权利人", max_length=100, blank=True)
    registration_status = models.CharField("登记状态", max_length=15,
                                           choices=RegistrationStatus.choices,
                                           default=RegistrationStatus.UNREGISTERED)
    filing_reason = models.CharField("备案原因", max_length=200, blank=True)
    land_area = models.DecimalField("土地面积", max_digits=12, decimal_places=2, null=True,
                                    blank=True, validators=NON_NEGATIVE)
    building_area = models.DecimalField("建筑面积", max_digits=12, decimal_places=2,
                                        validators=POSITIVE)
    cert_building_area = models.DecimalField("证载建筑面积", max_digits=12, decimal_places=2,
                                             null=True, blank=True, validators=POSITIVE)
    floors_above = models.PositiveSmallIntegerField("地上层数", default=1)
    floors_below = models.PositiveSmallIntegerField("地下层数", default=0)
    year_built = models.PositiveSmallIntegerField("建成年份", null=True, blank=True)
    structure = models.CharField("结构", max_length=10, choices=Structure.choices,
                                 default=Structure.FRAME)
    building_type = models.CharField("建筑类型", max_length=10, choices=BuildingType.choices,
                                     default=BuildingType.MULTI)
    book_value = models.DecimalField("账面价值（元）", max_digits=14, decimal_places=2, null=True,
                                     blank=True, validators=NON_NEGATIVE)
    asset_card_no = models.CharField("资产卡片号", max_length=60, blank=True)
    use = models.CharField("用途", max_length=10, choices=BuildingUse.choices,
                           default=BuildingUse.OFFICE)

    objects = BuildingQuerySet.as_manager()

    class Meta:
        verbose_name = "房产"
        verbose_name_plural = "房产"
        ordering = ["region__code", "code"]
        indexes = [
            # The list's order (region code, then building code): the page is read region
            # by region from this index instead of sorting the buildings in scope, and the
            # per-row room totals are computed for the page's rows only (bench/README.md,
            # session 9).
            models.Index(fields=["region", "code"], name="building_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                name="building_filing_needs_reason",
                violation_error_message="权属备案须填写原因",
                condition=~Q(registration_status=RegistrationStatus.FILED) | ~Q(filing_reason=""),
            ),
            models.CheckConstraint(name="building_has_floors",
                                   violation_error_message="地上层数至少为 1",
                                   condition=Q(floors_above__gte=1)),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_region_path(self) -> str:
        return self.region.path

    @property
    def scope_agency_id(self) -> None:
        return None

    @property
    def audit_region(self) -> Any:
        return self.region

    def has_floor(self, number: int) -> bool:
        return (1 <= number <= self.floors_above) or (-self.floors_below <= number <= -1)


class Floor(BaseModel):
    building = models.ForeignKey(Building, verbose_name="房产", on_delete=models.PROTECT,
                                 related_name="floors")
    number = models.SmallIntegerField("楼层", help_text="地上为正数，地下为负数（-1 为地下一层）")

    class Meta:
        verbose_name = "楼层"
        verbose_name_plural = "楼层"
        ordering = ["building_id", "number"]
        constraints = [models.UniqueConstraint(fields=["building", "number"],
                                               name="floor_unique_in_building",
                                               violation_error_message="该楼层已存在"),
                       models.CheckConstraint(name="floor_not_zero",
                                              violation_error_message="楼层不能为 0",
                                              condition=~Q(number=0))]

    def __str__(self) -> str:
        return f"{self.building} {self.label}"

    @property
    def label(self) -> str:
        return f"地下{-self.number}层" if self.number < 0 else f"{self.number}层"


class RoomQuerySet(ScopedQuerySet["Room"]):
    """A bureau sees the rooms of its regions; an agency reporter the rooms its agency uses."""

    scope_perm = Perm.VIEW_SPACE

    def scope_q(self, user: Any, perm: str) -> Q:
        # The region part is a subquery on the buildings, not a join through building and
        # region: with `building_id IN (...)` the database reads a page of rooms from the
        # (building, number) index in order instead of sorting every room in scope (a
        # province's first page of 979,381 rooms: 380 -> 5 ms, bench/README.md). The
        # agency part is a subquery too: no DISTINCT over the rooms (see BuildingQuerySet).
        q = Q(pk__in=[])
        paths = scoping.region_paths(user, perm)
        if paths:
            where = Q(pk__in=[])
            for path in paths:
                where |= Q(region__path__startswith=path)
            q |= Q(building_id__in=Building.objects.filter(where).values("id"))
        ids = scoping.agency_ids(user, perm)
        if ids:
            q |= Q(pk__in=Occupancy.objects.filter(
                agency_id__in=ids, end_date__isnull=True).values("room_id"))
        return q


class Room(BaseModel):
    # The building is also reachable through the floor; it is kept on the room so that the
    # natural key (building, number) can be a database constraint and scope filters need no
    # join. actions.floor_for only ever gives a room a floor of its own building.
    # No index of its own: the (building, number) unique index serves every lookup by
    # building and gives the lists their order (space 0009).
    building = models.ForeignKey(Building, verbose_name="房产", on_delete=models.PROTECT,
                                 related_name="rooms", db_index=False)
    floor = models.ForeignKey(Floor, verbose_name="楼层", on_delete=models.PROTECT,
                              related_name="rooms")
    number = models.CharField("房间号", max_length=20)
    use_class = models.CharField("用途分类", max_length=12, choices=UseClass.choices)
    subtype = models.CharField("具体用途", max_length=30, blank=True)
    usable_area = models.DecimalField("使用面积", max_digits=10, decimal_places=2,
                                      validators=POSITIVE)
    building_area = models.DecimalField("建筑面积", max_digits=10, decimal_places=2, null=True,
                                        blank=True, validators=POSITIVE)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = "房间"
        verbose_name_plural = "房间"
        ordering = ["building_id", "floor__number", "number"]
        constraints = [models.UniqueConstraint(fields=["building", "number"],
                                               name="room_number_unique_in_building",
                                               violation_error_message="同一房产内房间号不能重复")]
        indexes = [models.Index(fields=["use_class"])]

    def __str__(self) -> str:
        return f"{self.building.name} {self.number}"

    @property
    def scope_region_path(self) -> str:
        return self.building.region.path

    @property
    def scope_agency_id(self) -> None:
        return None

    @property
    def audit_region(self) -> Any:
        return self.building.region


class Occupancy(BaseModel):
    """An agency's use of a room (the agency's 分台账; all of them: the bureau's 总台账)."""

    room = models.ForeignKey(Room, verbose_name="房间", on_delete=models.PROTECT,
                             related_name="occupancies")
    agency = models.ForeignKey("orgs.Agency", verbose_name="使用单位", on_delete=models.PROTECT,
                               related_name="occupancies")
    start_date = models.DateField("起始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "单位使用"
        verbose_name_plural = "单位使用"
        ordering = ["room_id", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["room"], condition=Q(end_date__isnull=True),
                                    name="occupancy_one_current_agency_per_room",
                                    violation_error_message="该房间已有使用单位，请先结束原使用"),
            models.CheckConstraint(name="occupancy_dates_in_order",
                                   violation_error_message="结束日期不能早于起始日期",
                                   condition=Q(end_date__isnull=True)
                                   | Q(end_date__gte=models.F("start_date"))),
        ]

    def __str__(self) -> str:
        return f"{self.agency} 使用 {self.room}"

    @property
    def audit_region(self) -> Any:
        return self.room.building.region


class Occupant(BaseModel):
    """A person's office: who sits in which office room, from when to when."""

    room = models.ForeignKey(Room, verbose_name="办公室", on_delete=models.PROTECT,
                             related_name="occupants")
    person = models.ForeignKey("orgs.Person", verbose_name="人员", on_delete=models.PROTECT,
                               related_name="offices")
    concurrent_post = models.ForeignKey("orgs.ConcurrentPost", verbose_name="因兼职配备",
                                        null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="offices")
    start_date = models.DateField("起始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "办公室使用人"
        verbose_name_plural = "办公室使用人"
        ordering = ["room_id", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["room", "person"], condition=Q(end_date__isnull=True),
                                    name="occupant_once_per_room",
                                    violation_error_message="该人员已在此办公室"),
            models.CheckConstraint(name="occupant_dates_in_order",
                                   violation_error_message="结束日期不能早于起始日期",
                                   condition=Q(end_date__isnull=True)
                                   | Q(end_date__gte=models.F("start_date"))),
        ]
        indexes = [models.Index(fields=["person", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.room}"

    @property
    def audit_region(self) -> Any:
        return self.room.building.region


def person_office_limit(person: Any) -> Decimal | None:
    """The office-area limit of a person (m², the standard in force today), or None for a
    rank the standard does not know at the agency's level (no verdict rather than a wrong
    one)."""
    from jiguan.space.standards import rules

    agency = person.agency
    try:
        return rules.office_limit(organ_level=agency.level, rank=person.rank,
                                  sub_provincial=agency.region.in_sub_provincial_city,
                                  township_limits=rules.configured_township_limits())
    except ValueError:
        return None
