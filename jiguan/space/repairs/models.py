"""Repairs and renovations (维修改造) of the buildings of the register."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models

from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class RepairKind(models.TextChoices):
    DAILY = "daily", "日常维修"
    MEDIUM = "medium", "中修"
    MAJOR = "major", "大修"


class ApprovalLevel(models.TextChoices):
    BUREAU = "bureau", "机关事务管理部门审批"
    MEETING = "meeting", "机关事务管理部门集体研究审批"
    GOVERNMENT = "government", "报本级人民政府审批"


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审批"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批准待实施"
    IN_PROGRESS = "in_progress", "实施中"
    BUDGET_REVIEW = "budget_review", "追加预算待审批"
    ACCEPTANCE = "acceptance", "待验收"
    ACCEPTED = "accepted", "已验收"


#: Who the repair waits for in each status (the to-do's role): the bureau or the agency.
BUREAU_WAITS = frozenset({RepairStatus.SUBMITTED, RepairStatus.BUDGET_REVIEW,
                          RepairStatus.ACCEPTANCE})
AGENCY_WAITS = frozenset({RepairStatus.RETURNED, RepairStatus.APPROVED,
                          RepairStatus.IN_PROGRESS})


class RepairQuerySet(ScopedQuerySet["Repair"]):
    scope_perm: ClassVar[str] = "view_space"
    region_path_field: ClassVar[str | None] = "agency__region__path"
    agency_field: ClassVar[str | None] = "agency_id"


class Repair(ScopedModel):
    scope_region_path_attr: ClassVar[str | None] = "agency.region.path"
    scope_agency_id_attr: ClassVar[str | None] = "agency_id"

    agency = models.ForeignKey("orgs.Agency", verbose_name="申请单位", on_delete=models.PROTECT,
                               related_name="repairs")
    building = models.ForeignKey("space.Building", verbose_name="房产", on_delete=models.PROTECT,
                                 related_name="repairs")
    kind = models.CharField("维修类别", max_length=10, choices=RepairKind.choices)
    title = models.CharField("项目名称", max_length=100)
    reason = models.CharField("维修理由", max_length=500)
    # [{"name": str, "amount": "123.45"}]
    items = models.JSONField("维修项目", default=list)
    budget = models.DecimalField("预算（元）", max_digits=14, decimal_places=2)
    extension_area = models.DecimalField("新增建筑面积", max_digits=10, decimal_places=2,
                                         default=Decimal(0))
    checklist = models.JSONField("装修标准自查", default=list, blank=True)
    status = models.CharField("状态", max_length=15, choices=RepairStatus.choices,
                              default=RepairStatus.SUBMITTED)
    approved_budget = models.DecimalField("批准预算（元）", max_digits=14, decimal_places=2,
                                          null=True, blank=True)
    approval_level = models.CharField("审批层级", max_length=12, blank=True,
                                      choices=ApprovalLevel.choices)
    approval_doc_no = models.CharField("批复文号", max_length=60, blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_by = models.ForeignKey("access.User", verbose_name="审批人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    progress_note = models.CharField("进度说明", max_length=300, blank=True)
    requested_budget = models.DecimalField("申请追加后的预算（元）", max_digits=14,
                                           decimal_places=2, null=True, blank=True)
    increase_reason = models.CharField("追加预算理由", max_length=300, blank=True)
    budget_rounds = models.PositiveSmallIntegerField("追加预算次数", default=0)
    final_cost = models.DecimalField("决算金额（元）", max_digits=14, decimal_places=2, null=True,
                                     blank=True)
    finished_on = models.DateField("完工日期", null=True, blank=True)
    acceptance_note = models.CharField("验收意见", max_length=300, blank=True)
    accepted_at = models.DateTimeField("验收时间", null=True, blank=True)
    accepted_by = models.ForeignKey("access.User", verbose_name="验收人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = RepairQuerySet.as_manager()

    class Meta:
        verbose_name = "维修改造"
        verbose_name_plural = "维修改造"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="repair_progress_percent",
                                   violation_error_message="进度应在 0 至 100 之间",
                                   condition=models.Q(progress__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.building}{self.get_kind_display()}：{self.title}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region
