"""The office-space register: buildings, floors, rooms, and who uses them.

Areas are in m². Usable area (使用面积) and building area (建筑面积) are kept apart: the
2014 standard's per-person limits are usable area.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core import scoping
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet
from jiguan.space.register.models import Building, Room


class FindingKind(models.TextChoices):
    OVER_STANDARD = "over_standard", "超标准使用"
    UNAPPROVED_SECOND_OFFICE = "unapproved_second_office", "未经批准配备第二处办公室"
    THIRD_OFFICE = "third_office", "配备三处以上办公室"
    LEFT_NOT_VACATED = "left_not_vacated", "调离退休未腾退"
    CONCURRENT_NOT_VACATED = "concurrent_not_vacated", "兼职结束未腾退"
    USE_AGAINST_CLASS = "use_against_class", "改变使用功能"
    AGENCY_OVER_APPROVED = "agency_over_approved", "单位超核定面积"
    VACANT = "vacant", "闲置"
    TITLE_NOT_BUREAU = "title_not_bureau", "权属未登记在机关事务管理部门"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    FIXED = "fixed", "已整改"
    VERIFIED = "verified", "已核验"


#: Statuses of a finding the data still shows.
ACTIVE_FINDING_STATUSES = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)


def under_region(path: str) -> Q:
    """The findings of the region at `path` and below. A county's by its county code (the
    same rows: the code is copied from the path), which the finding_list_county index leads
    with: with the path's LIKE the databases walked the province's findings in the list's
    order and filtered them (a county's first page 48-141 ms on PostgreSQL, its last page
    0.5 s; bench/README.md, session 9); a LIKE next to the equality made PostgreSQL
    misjudge the rows (one) and join all the county's before sorting them."""
    codes = path.strip("/").split("/")
    if len(codes) == COUNTY_DEPTH:
        return Q(county_code=codes[-1])
    return Q(region_path__startswith=path)


#: Codes in a county's region path (/province/city/county/).
COUNTY_DEPTH = 3


class FindingQuerySet(ScopedQuerySet["Finding"]):
    """A bureau sees the findings of its regions; an agency reporter its agency's."""

    scope_perm = Perm.VIEW_SPACE
    region_path_field = "region_path"
    agency_field = "agency_id"

    def scope_q(self, user: Any, perm: str) -> Q:
        q = Q(pk__in=[])
        for path in scoping.region_paths(user, perm):
            q |= under_region(path)
        ids = scoping.agency_ids(user, perm)
        if ids:
            q |= Q(agency_id__in=ids)
        return q

    def active(self) -> FindingQuerySet:
        return self.filter(status__in=ACTIVE_FINDING_STATUSES)


class Finding(BaseModel):
    """One breach of the office-space rules, identified by a natural ``key``
    (``"over_standard:room:123"``); the recompute creates, closes and reopens findings."""

    kind = models.CharField("问题类型", max_length=30, choices=FindingKind.choices)
    key = models.CharField("识别键", max_length=80, unique=True)
    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    # Copies of the region's path and of its city / county codes: the roll-ups are one
    # GROUP BY on an indexed column.
    region_path = models.CharField("区划路径", max_length=120, db_index=True)
    city_code = models.CharField("市级区划代码", max_length=12, blank=True)
    county_code = models.CharField("县级区划代码", max_length=12, blank=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="space_findings")
    building = models.ForeignKey(Building, verbose_name="房产", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="findings")
    room = models.ForeignKey(Room, verbose_name="房间", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="findings")
    person = models.ForeignKey("orgs.Person", verbose_name="人员", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="space_findings")
    measure = models.DecimalField("数值", max_digits=12, decimal_places=2, default=Decimal(0),
                                  help_text="超标面积（m²）、办公室处数或闲置面积等")
    detail = models.TextField("情况说明")
    status = models.CharField("整改状态", max_length=12, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN)
    first_seen_at = models.DateTimeField("首次发现")
    last_seen_at = models.DateTimeField("最近发现")
    resolved_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    verified_by = models.ForeignKey("access.User", verbose_name="核验人", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    reopen_count = models.PositiveIntegerField("复发次数", default=0)
    due_date = models.DateField("整改期限", null=True, blank=True)
    note = models.TextField("整改说明", blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "规范使用问题"
        verbose_name_plural = "规范使用问题"
        ordering = ["region_path", "kind", "id"]
        indexes = [
            models.Index(fields=["city_code", "status", "kind", "measure"],
                         name="finding_rollup_city"),
            models.Index(fields=["county_code", "status", "kind", "measure"],
                         name="finding_rollup_county"),
            models.Index(fields=["agency", "status"], name="finding_agency_status"),
            # The findings list's order (queries.findings_for, the largest first): a page
            # is read from this index instead of sorting every finding in scope.
            models.Index(fields=["-measure", "region_path", "kind", "id"],
                         name="finding_list_order"),
            # The same order within a county (queries.findings_for adds the county code to a
            # county user's or a county filter's region path).
            models.Index(fields=["county_code", "-measure", "region_path", "kind", "id"],
                         name="finding_list_county"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject_label}"

    @property
    def subject_label(self) -> str:
        if self.kind == FindingKind.AGENCY_OVER_APPROVED and self.agency_id:
            return str(self.agency)
        if self.person_id:
            return str(self.person)
        if self.room_id:
            return str(self.room)
        if self.building_id:
            return str(self.building)
        return self.key

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_FINDING_STATUSES

    @property
    def scope_region_path(self) -> str:
        return self.region_path

    @property
    def scope_agency_id(self) -> int | None:
        return self.agency_id

    @property
    def audit_region(self) -> Any:
        return self.region


class ComplianceTally(models.Model):
    """Office rooms per region, written by each recompute: the roll-up's denominators
    without counting a million rooms per page view."""

    region = models.OneToOneField("access.Region", verbose_name="区划", on_delete=models.CASCADE,
                                  related_name="+")
    region_path = models.CharField("区划路径", max_length=120)
    city_code = models.CharField("市级区划代码", max_length=12, blank=True, db_index=True)
    county_code = models.CharField("县级区划代码", max_length=12, blank=True, db_index=True)
    office_rooms = models.PositiveIntegerField("办公室间数", default=0)
    office_area = models.DecimalField("办公室使用面积", max_digits=14, decimal_places=2,
                                      default=Decimal(0))
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "规范使用统计"
        verbose_name_plural = "规范使用统计"

    def __str__(self) -> str:
        return f"{self.region_path}：{self.office_rooms}"
