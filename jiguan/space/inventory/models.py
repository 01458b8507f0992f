"""The yearly inventory (清查盘点, 第六条) and its frozen snapshot (统计上报, 第七条).

A bureau opens a :class:`Campaign` for a year over a region; each participating agency gets
a :class:`CampaignAgency` row holding its uploaded declaration (the rooms it uses, their
areas and occupants) and the review state. Closing the campaign copies the register into
:class:`SnapshotRoom` rows made of plain values (no foreign keys to the register), so later
edits of the register never change a closed year.

Foreign keys to the register and to orgs are strings: the inventory's models import no
other topic's models.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet


class CampaignStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已关闭"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "未提交"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    CONFIRMED = "confirmed", "已确认"


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    """A bureau sees the campaigns of its regions; anyone else sees the campaigns that
    include an agency row visible to them (an agency reporter: its own agency's)."""

    scope_perm = Perm.VIEW_SPACE
    region_path_field = ("region__path", "agencies__agency__region__path")
    agency_field = "agencies__agency_id"
    scope_distinct = True


class Campaign(BaseModel):
    year = models.PositiveSmallIntegerField("清查年度")
    region = models.ForeignKey("access.Region", verbose_name="清查范围", on_delete=models.PROTECT,
                               related_name="inventory_campaigns")
    deadline = models.DateField("填报截止日期")
    status = models.CharField("状态", max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.OPEN)
    note = models.CharField("说明", max_length=300, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    forced = models.BooleanField("强制关闭", default=False)
    close_reason = models.CharField("强制关闭原因", max_length=300, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "清查盘点"
        verbose_name_plural = "清查盘点"
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region"],
                                    condition=Q(status=CampaignStatus.OPEN),
                                    name="inventory_one_open_campaign_per_year_region",
                                    violation_error_message="该年度、该范围已有进行中的清查"),
            models.CheckConstraint(name="inventory_forced_close_needs_reason",
                                   violation_error_message="强制关闭须填写原因",
                                   condition=Q(forced=False) | ~Q(close_reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度{self.region}办公用房清查"

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def scope_region_path(self) -> str:
        return self.region.path

    @property
    def scope_agency_id(self) -> None:
        return None

    @property
    def audit_region(self) -> Any:
        return self.region


class CampaignAgencyQuerySet(ScopedQuerySet["CampaignAgency"]):
    scope_perm = Perm.VIEW_SPACE
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class CampaignAgency(BaseModel):
    """One agency in one campaign: its declaration (分台账 as it reports it) and review."""

    campaign = models.ForeignKey(Campaign, verbose_name="清查", on_delete=models.PROTECT,
                                 related_name="agencies")
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="inventory_rows")
    status = models.CharField("填报状态", max_length=10, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.PENDING)
    # [{"building_code", "building_name", "floor", "room_number", "use_class",
    #   "usable_area" (str), "occupants": [names], "note", "row"}]
    declaration = models.JSONField("申报内容", default=list, blank=True)
    # The differences against the register when it was uploaded (see inventory.differences).
    differences = models.JSONField("与台账差异", default=list, blank=True)
    filename = models.CharField("上传文件名", max_length=255, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey("access.User", verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey("access.User", verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = CampaignAgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "清查单位"
        verbose_name_plural = "清查单位"
        ordering = ["campaign_id", "agency__region__code", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "agency"],
                                               name="inventory_agency_once_per_campaign",
                                               violation_error_message="该单位已在本次清查中")]

    def __str__(self) -> str:
        return f"{self.campaign}：{self.agency}"

    @property
    def scope_region_path(self) -> str:
        return self.agency.region.path

    @property
    def scope_agency_id(self) -> int:
        return self.agency_id

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class SnapshotRoom(BaseModel):
    """One room of the register as it stood when the campaign closed. Plain values only."""

    campaign = models.ForeignKey(Campaign, verbose_name="清查", on_delete=models.PROTECT,
                                 related_name="snapshot_rooms")
    region_code = models.CharField("区划代码", max_length=12)
    region_name = models.CharField("区划名称", max_length=50)
    building_code = models.CharField("房产编号", max_length=30)
    building_name = models.CharField("房产名称", max_length=100)
    floor = models.SmallIntegerField("楼层")
    room_number = models.CharField("房间号", max_length=20)
    use_class = models.CharField("用途分类", max_length=12)
    use_class_label = models.CharField("用途分类名称", max_length=20)
    usable_area = models.DecimalField("使用面积", max_digits=10, decimal_places=2)
    agency_credit_code = models.CharField("使用单位统一社会信用代码", max_length=18, blank=True)
    agency_name = models.CharField("使用单位", max_length=100, blank=True)
    occupant_count = models.PositiveIntegerField("使用人数", default=0)

    class Meta:
        verbose_name = "清查快照房间"
        verbose_name_plural = "清查快照房间"
        ordering = ["campaign_id", "region_code", "building_code", "floor", "room_number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "building_code", "room_number"],
                                               name="inventory_snapshot_room_once")]

    def __str__(self) -> str:
        return f"{self.building_name} {self.room_number}"
