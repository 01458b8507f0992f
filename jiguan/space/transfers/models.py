"""Transfer batches (移交批次) and their items (one building each)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from jiguan.access.roles import Perm
from jiguan.core.scoping import ScopedModel, ScopedQuerySet

NON_NEGATIVE = [MinValueValidator(Decimal("0"), message="不能为负数")]


class TransferStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    AGENCY = "agency", "待单位确认"
    FINANCE = "finance", "待财务确认"
    RETURNED = "returned", "已退回"
    CONFIRMED = "confirmed", "已调账"


class TransferBatchQuerySet(ScopedQuerySet["TransferBatch"]):
    scope_perm = Perm.VIEW_SPACE
    region_path_field = "region__path"
    agency_field = "agency_id"


class TransferBatch(ScopedModel):
    number = models.CharField("批次号", max_length=30, unique=True,
                              error_messages={"unique": "批次号已被使用"})
    region = models.ForeignKey("access.Region", verbose_name="接收区划", on_delete=models.PROTECT,
                               related_name="space_transfers")
    agency = models.ForeignKey("orgs.Agency", verbose_name="移交单位", on_delete=models.PROTECT,
                               related_name="space_transfers")
    transfer_date = models.DateField("移交基准日")
    note = models.CharField("说明", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=TransferStatus.choices,
                              default=TransferStatus.DRAFT)
    agency_confirmed_at = models.DateTimeField("单位确认时间", null=True, blank=True)
    agency_confirmed_by = models.ForeignKey("access.User", verbose_name="单位确认人", null=True,
                                            blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    voucher_no = models.CharField("记账凭证号", max_length=60, blank=True)
    booked_on = models.DateField("调账日期", null=True, blank=True)
    finance_confirmed_at = models.DateTimeField("财务确认时间", null=True, blank=True)
    finance_confirmed_by = models.ForeignKey("access.User", verbose_name="财务确认人", null=True,
                                             blank=True, on_delete=models.PROTECT,
                                             related_name="+")
    return_reason = models.CharField("退回原因", max_length=300, blank=True)

    scope_region_path_attr = "region.path"
    scope_agency_id_attr = "agency_id"

    objects = TransferBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "资产移交批次"
        verbose_name_plural = "资产移交批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.agency}"

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def editable(self) -> bool:
        return self.status in (TransferStatus.DRAFT, TransferStatus.RETURNED)


class TransferItemQuerySet(ScopedQuerySet["TransferItem"]):
    scope_perm = Perm.VIEW_SPACE
    region_path_field = "batch__region__path"
    agency_field = "batch__agency_id"


class TransferItem(models.Model):
    batch = models.ForeignKey(TransferBatch, verbose_name="移交批次", on_delete=models.CASCADE,
                              related_name="items")
    building = models.ForeignKey("space.Building", verbose_name="房产", on_delete=models.PROTECT,
                                 related_name="transfer_items")
    original_value = models.DecimalField("账面原值（元）", max_digits=14, decimal_places=2,
                                         validators=NON_NEGATIVE)
    depreciation = models.DecimalField("累计折旧（元）", max_digits=14, decimal_places=2,
                                       default=Decimal(0), validators=NON_NEGATIVE)
    book_value = models.DecimalField("账面净值（元）", max_digits=14, decimal_places=2,
                                     validators=NON_NEGATIVE)
    from_card_no = models.CharField("移出单位资产卡片号", max_length=60, blank=True)
    new_card_no = models.CharField("接收资产卡片号", max_length=60, blank=True)

    objects = TransferItemQuerySet.as_manager()

    class Meta:
        verbose_name = "移交房产"
        verbose_name_plural = "移交房产"
        ordering = ["batch_id", "building__code"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "building"], name="transfer_building_once",
                                    violation_error_message="该房产已在本批次中"),
            models.CheckConstraint(name="transfer_book_value_is_net",
                                   violation_error_message="账面净值应等于原值减累计折旧",
                                   condition=Q(book_value=F("original_value") - F("depreciation"))),
        ]

    def __str__(self) -> str:
        return f"{self.batch.number} {self.building}"
