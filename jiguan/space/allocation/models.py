"""Allocation cases (调配申请) and the rooms a case gives (one row per room)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q

from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.space.register.models import POSITIVE, Room


class AllocationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    REVIEWED = "reviewed", "待审批"
    APPROVED = "approved", "已批准（待入驻）"
    ROUTED = "routed", "已转租用/建设"
    COMPLETED = "completed", "已完成"


#: Statuses in which the case waits for somebody.
OPEN_STATUSES = (AllocationStatus.SUBMITTED, AllocationStatus.RETURNED,
                 AllocationStatus.REVIEWED, AllocationStatus.APPROVED)


class Method(models.TextChoices):
    """The allocation methods, in the order the rules set (调剂 first)."""

    REALLOCATE = "reallocate", "调剂"
    EXCHANGE = "exchange", "置换"
    RENT = "rent", "租用"
    BUILD = "build", "建设"


class AllocationCaseQuerySet(ScopedQuerySet["AllocationCase"]):
    scope_perm = "view_space"
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class AllocationCase(ScopedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="申请单位", on_delete=models.PROTECT,
                               related_name="allocation_cases")
    reason = models.TextField("申请理由")
    people = models.ManyToManyField("orgs.Person", verbose_name="安排人员", blank=True,
                                    related_name="+")
    headcount = models.PositiveIntegerField("安排人数", default=0)
    standard_area = models.DecimalField("标准面积", max_digits=10, decimal_places=2,
                                        default=Decimal(0),
                                        help_text="按人员职级的人均办公室面积标准之和")
    requested_area = models.DecimalField("申请面积", max_digits=10, decimal_places=2,
                                         validators=POSITIVE)
    over_standard_reason = models.TextField("超出标准的理由", blank=True)
    status = models.CharField("状态", max_length=12, choices=AllocationStatus.choices,
                              default=AllocationStatus.SUBMITTED)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    method = models.CharField("配置方式", max_length=12, choices=Method.choices, blank=True)
    method_reason = models.TextField("未按顺序选择方式的理由", blank=True)
    review_note = models.TextField("审核意见", blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey("access.User", verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_by = models.ForeignKey("access.User", verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField("起始使用日期", null=True, blank=True)
    certificate_no = models.CharField("分配使用凭证编号", max_length=40, null=True, blank=True,
                                      unique=True,
                                      error_messages={"unique": "该凭证编号已被使用"})
    agreement_no = models.CharField("使用协议编号", max_length=40, null=True, blank=True,
                                    unique=True,
                                    error_messages={"unique": "该协议编号已被使用"})
    agreement_terms = models.TextField("使用协议条款", blank=True)
    route_note = models.TextField("租用/建设办理记录", blank=True,
                                  help_text="租用或建设的批准文件、去向（由租赁、建设登记办理）")
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    plan_ref = models.CharField("来源方案", max_length=60, blank=True,
                                help_text="由调配优化方案创建时，方案的编号")

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = AllocationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "用房调配申请"
        verbose_name_plural = "用房调配申请"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="alloc_case_status")]
        constraints = [
            models.CheckConstraint(
                name="alloc_approved_has_certificate",
                violation_error_message="已批准的调剂、置换须有分配使用凭证编号",
                condition=~Q(status__in=["approved", "completed"], method__in=["reallocate",
                                                                               "exchange"])
                | Q(certificate_no__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.agency} 用房调配申请（{self.pk}）"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def over_standard(self) -> bool:
        return self.requested_area > self.standard_area

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class AllocationRoom(models.Model):
    """A room proposed for (and, once approved, given by) a case, with its area then."""

    case = models.ForeignKey(AllocationCase, verbose_name="调配申请", on_delete=models.CASCADE,
                             related_name="rooms")
    room = models.ForeignKey(Room, verbose_name="房间", on_delete=models.PROTECT,
                             related_name="allocation_rows")
    usable_area = models.DecimalField("使用面积", max_digits=10, decimal_places=2)
    occupancy = models.ForeignKey("space.Occupancy", verbose_name="登记的使用", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "调配房间"
        verbose_name_plural = "调配房间"
        ordering = ["case_id", "room__building_id", "room__number"]
        constraints = [models.UniqueConstraint(fields=["case", "room"],
                                               name="alloc_room_once_per_case",
                                               violation_error_message="同一申请中房间不能重复")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.room_id}"
