"""The lease register (租赁登记): one row per lease of office space an agency rents in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class LeaseStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    ACTIVE = "active", "在租"
    ENDED = "ended", "已终止"


class LeaseQuerySet(ScopedQuerySet["Lease"]):
    scope_perm: ClassVar[str] = "view_space"
    region_path_field: ClassVar[str | None] = "agency__region__path"
    agency_field: ClassVar[str | None] = "agency_id"


class Lease(ScopedModel):
    scope_region_path_attr: ClassVar[str | None] = "agency.region.path"
    scope_agency_id_attr: ClassVar[str | None] = "agency_id"

    agency = models.ForeignKey("orgs.Agency", verbose_name="承租单位", on_delete=models.PROTECT,
                               related_name="leases")
    status = models.CharField("状态", max_length=10, choices=LeaseStatus.choices,
                              default=LeaseStatus.SUBMITTED)
    lessor = models.CharField("出租方", max_length=100)
    premises = models.CharField("房屋坐落", max_length=200)
    area = models.DecimalField("租用面积", max_digits=10, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0.01"))])
    annual_rent = models.DecimalField("年租金（元）", max_digits=14, decimal_places=2,
                                      validators=[MinValueValidator(Decimal("0"))])
    start_date = models.DateField("租期开始")
    end_date = models.DateField("租期结束")
    purpose = models.CharField("租用理由", max_length=300)
    contract_no = models.CharField("合同编号", max_length=60, blank=True)
    approval_doc_no = models.CharField("批准文号", max_length=60)
    approval_date = models.DateField("批准日期")
    approval_body = models.CharField("批准机关", max_length=100)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    reviewed_at = models.DateTimeField("登记时间", null=True, blank=True)
    reviewed_by = models.ForeignKey("access.User", verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=300, blank=True)
    #: the end date a reminder to-do was raised for (a renewed lease gets a new one)
    reminded_for = models.DateField("已提醒的到期日", null=True, blank=True)

    objects = LeaseQuerySet.as_manager()

    class Meta:
        verbose_name = "租用办公用房"
        verbose_name_plural = "租用办公用房"
        ordering = ["status", "end_date", "pk"]
        constraints = [
            models.CheckConstraint(name="lease_term_ends_after_start",
                                   violation_error_message="租期结束日期应晚于开始日期",
                                   condition=models.Q(end_date__gt=models.F("start_date"))),
        ]

    def __str__(self) -> str:
        return f"{self.agency}租用{self.premises}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region

    @property
    def days_left(self) -> int | None:
        if self.status != LeaseStatus.ACTIVE:
            return None
        return (self.end_date - timezone.localdate()).days
