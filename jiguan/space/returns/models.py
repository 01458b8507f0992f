"""Return cases (腾退移交) and the rooms each gives back."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.space.register.models import Occupancy, Occupant, Room


class ReturnReason(models.TextChoices):
    OVER_STANDARD = "over_standard", "超标准使用"
    PERSON_LEFT = "person_left", "人员调离或退休"
    CONCURRENT_ENDED = "concurrent_ended", "兼职结束"
    ABOLISHED = "abolished", "机构撤销或合并"
    VACATED = "vacated", "闲置或已腾空"
    REALLOCATION = "reallocation", "统一调剂"


class ReturnStatus(models.TextChoices):
    OPEN = "open", "待腾退"
    SUBMITTED = "submitted", "待接收"
    COMPLETED = "completed", "已接收"
    CANCELLED = "cancelled", "已撤销"


OPEN_STATUSES = (ReturnStatus.OPEN, ReturnStatus.SUBMITTED)


class ReturnCaseQuerySet(ScopedQuerySet["ReturnCase"]):
    scope_perm = "view_space"
    region_path_field = "agency__region__path"
    agency_field = "agency_id"

    def open(self) -> ReturnCaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class ReturnCase(ScopedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="腾退单位", on_delete=models.PROTECT,
                               related_name="return_cases")
    reason = models.CharField("腾退原因", max_length=20, choices=ReturnReason.choices)
    detail = models.TextField("情况说明", blank=True)
    person = models.ForeignKey("orgs.Person", verbose_name="相关人员", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    event_date = models.DateField("起算日期", help_text="调离退休、兼职结束、撤销或发现之日")
    due_date = models.DateField("腾退期限")
    status = models.CharField("状态", max_length=12, choices=ReturnStatus.choices,
                              default=ReturnStatus.OPEN)
    finding = models.ForeignKey("space.Finding", verbose_name="来源问题", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    plan_ref = models.CharField("来源方案", max_length=60, blank=True)
    reported_at = models.DateTimeField("报告腾退时间", null=True, blank=True)
    report_note = models.TextField("腾退说明", blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    completed_at = models.DateTimeField("接收时间", null=True, blank=True)
    completed_on = models.DateField("接收日期", null=True, blank=True)
    cancel_reason = models.CharField("撤销原因", max_length=300, blank=True)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = ReturnCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "用房腾退移交"
        verbose_name_plural = "用房腾退移交"
        ordering = ["status", "due_date", "-id"]
        indexes = [models.Index(fields=["status", "due_date"], name="return_status_due")]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_reason_display()}腾退（{self.pk}）"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, today: Any) -> bool:
        return self.is_open and self.due_date < today

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class ReturnRoom(models.Model):
    """A room a case gives back: the agency's occupancy of it, or (for a person's office) the
    person's seat in it."""

    case = models.ForeignKey(ReturnCase, verbose_name="腾退移交", on_delete=models.CASCADE,
                             related_name="rooms")
    room = models.ForeignKey(Room, verbose_name="房间", on_delete=models.PROTECT,
                             related_name="return_rows")
    occupancy = models.ForeignKey(Occupancy, verbose_name="单位使用", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    occupant = models.ForeignKey(Occupant, verbose_name="人员使用", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    usable_area = models.DecimalField("使用面积", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "腾退房间"
        verbose_name_plural = "腾退房间"
        ordering = ["case_id", "room__building_id", "room__number"]
        constraints = [models.UniqueConstraint(fields=["case", "room"],
                                               name="return_room_once_per_case",
                                               violation_error_message="同一腾退中房间不能重复")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.room_id}"
