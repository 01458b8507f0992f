"""State assets of the bureau's own units (行政事业性国有资产, 《行政事业性国有资产管理条例》
国务院令第738号): the GB/T 14885 fixed-asset class tree, configuration standards per class,
asset cards, and the disposal / renting-out / lending-out matters with their approvals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet

NON_NEGATIVE = [MinValueValidator(Decimal(0), message="不能为负数")]


class Confidence(models.TextChoices):
    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低（待核实）"


class AssetClass(models.Model):
    """One node of the GB/T 14885 class tree (reference data, read by everyone; loaded by
    the data migration from cards/data.py)."""

    code = models.CharField("分类代码", max_length=12, unique=True)
    name = models.CharField("分类名称", max_length=60)
    parent = models.ForeignKey("self", verbose_name="上级分类", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    level = models.PositiveSmallIntegerField("层级")
    unit = models.CharField("计量单位", max_length=10, blank=True)
    confidence = models.CharField("代码可信度", max_length=8, choices=Confidence.choices,
                                  default=Confidence.MEDIUM)

    class Meta:
        verbose_name = "资产分类"
        verbose_name_plural = "资产分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def top_code(self) -> str:
        return self.code[:1]


class ConfigStandard(BaseModel):
    """The configuration standard of one class (配置标准): how many per person, the highest
    unit price and the shortest service life, with its source; `unverified` marks a value
    not seen in the source text ([R])."""

    asset_class = models.OneToOneField(AssetClass, verbose_name="资产分类",
                                       on_delete=models.PROTECT, related_name="standard")
    per_person = models.DecimalField("每人配置数量上限", max_digits=6, decimal_places=2,
                                     null=True, blank=True, validators=NON_NEGATIVE)
    max_unit_price = models.DecimalField("单价上限（元）", max_digits=12, decimal_places=2,
                                         null=True, blank=True, validators=NON_NEGATIVE)
    min_years = models.PositiveSmallIntegerField("最低使用年限（年）", null=True, blank=True)
    source = models.CharField("依据", max_length=200)
    unverified = models.BooleanField("待核实 [R]", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "资产配置标准"
        verbose_name_plural = "资产配置标准"
        ordering = ["asset_class__code"]

    def __str__(self) -> str:
        return f"{self.asset_class.name}配置标准"


class CardStatus(models.TextChoices):
    IN_USE = "in_use", "在用"
    IDLE = "idle", "闲置"
    RENTED = "rented", "出租"
    LENT = "lent", "出借"
    DISPOSED = "disposed", "已处置"


class CardQuerySet(ScopedQuerySet["AssetCard"]):
    """A bureau sees the cards of the units in its regions; a unit its own."""

    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class AssetCard(ScopedModel):
    card_no = models.CharField("资产卡片号", max_length=40)
    asset_class = models.ForeignKey(AssetClass, verbose_name="资产分类", on_delete=models.PROTECT,
                                    related_name="cards")
    name = models.CharField("资产名称", max_length=100)
    quantity = models.PositiveIntegerField("数量", default=1, validators=[MinValueValidator(1)])
    value = models.DecimalField("原值（元）", max_digits=16, decimal_places=2,
                                validators=NON_NEGATIVE)
    acquired_on = models.DateField("取得日期")
    agency = models.ForeignKey("orgs.Agency", verbose_name="使用单位", on_delete=models.PROTECT,
                               related_name="asset_cards")
    building = models.ForeignKey("space.Building", verbose_name="存放房产", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="asset_cards")
    room = models.ForeignKey("space.Room", verbose_name="存放房间", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="asset_cards")
    location_note = models.CharField("存放地点（台账外）", max_length=100, blank=True)
    status = models.CharField("状态", max_length=10, choices=CardStatus.choices,
                              default=CardStatus.IN_USE)
    over_standard_reason = models.CharField("超标准配置理由", max_length=300, blank=True)
    disposed_on = models.DateField("处置日期", null=True, blank=True)
    import_job_id = models.IntegerField("导入批次", null=True, blank=True, editable=False)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = "资产卡片"
        verbose_name_plural = "资产卡片"
        ordering = ["agency_id", "card_no"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "card_no"], name="assets_card_no_once",
                                    violation_error_message="该单位已有此资产卡片号"),
            models.CheckConstraint(name="assets_card_value_non_negative",
                                   condition=models.Q(value__gte=0),
                                   violation_error_message="原值不能为负数"),
        ]
        indexes = [models.Index(fields=["agency", "status"]),
                   models.Index(fields=["acquired_on"])]

    def __str__(self) -> str:
        return f"{self.card_no} {self.name}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region

    @property
    def location(self) -> str:
        if self.room is not None:
            return f"{self.room.building.name} {self.room.number}"
        if self.building is not None:
            return self.building.name
        return self.location_note


class MatterKind(models.TextChoices):
    TRANSFER = "transfer", "无偿调拨（划转）"
    SALE = "sale", "出售"
    SWAP = "swap", "置换"
    DONATION = "donation", "对外捐赠"
    SCRAP = "scrap", "报废"
    LOSS = "loss", "报损"
    RENT = "rent", "出租"
    LEND = "lend", "出借"


LEASE_KINDS = (MatterKind.RENT, MatterKind.LEND)


class MatterStatus(models.TextChoices):
    APPROVING = "approving", "审批中"
    APPROVED = "approved", "待执行"
    REJECTED = "rejected", "未批准"
    DONE = "done", "已办结"
    RETURNED = "returned", "已收回"


OPEN_STATUSES = (MatterStatus.APPROVING, MatterStatus.APPROVED)


class MatterQuerySet(ScopedQuerySet["Matter"]):
    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class Matter(ScopedModel):
    """A disposal (处置) or a renting or lending out (出租、出借) of one or more cards of one
    unit, with the approvals its value needs."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="asset_matters")
    kind = models.CharField("事项", max_length=10, choices=MatterKind.choices)
    reason = models.CharField("理由", max_length=300)
    counterparty = models.CharField("接收方（承租方、借用方）", max_length=100, blank=True)
    total_value = models.DecimalField("资产原值合计（元）", max_digits=16, decimal_places=2,
                                      default=Decimal(0))
    start_date = models.DateField("出租出借起始日", null=True, blank=True)
    end_date = models.DateField("出租出借截止日", null=True, blank=True)
    income = models.DecimalField("租金或处置收入（元）", max_digits=16, decimal_places=2,
                                 null=True, blank=True, validators=NON_NEGATIVE)
    status = models.CharField("状态", max_length=10, choices=MatterStatus.choices,
                              default=MatterStatus.APPROVING)
    done_on = models.DateField("执行日期", null=True, blank=True)
    document = models.CharField("文件（批复或合同编号）", max_length=100, blank=True)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = "资产处置和出租出借事项"
        verbose_name_plural = "资产处置和出租出借事项"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="assets_matter_lease_dates",
                                   condition=models.Q(end_date__isnull=True)
                                   | models.Q(start_date__isnull=True)
                                   | models.Q(end_date__gte=models.F("start_date")),
                                   violation_error_message="截止日不能早于起始日"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.get_kind_display()}（第{self.pk}号）"

    @property
    def audit_region(self) -> Any:
        return self.agency.region

    @property
    def is_lease(self) -> bool:
        return self.kind in LEASE_KINDS


class MatterItem(models.Model):
    matter = models.ForeignKey(Matter, verbose_name="事项", on_delete=models.CASCADE,
                               related_name="items")
    card = models.ForeignKey(AssetCard, verbose_name="资产卡片", on_delete=models.PROTECT,
                             related_name="matter_items")
    value = models.DecimalField("原值（元）", max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = "事项资产"
        verbose_name_plural = "事项资产"
        ordering = ["matter_id", "card__card_no"]
        constraints = [models.UniqueConstraint(fields=["matter", "card"],
                                               name="assets_matter_card_once")]

    def __str__(self) -> str:
        return f"{self.matter_id}: {self.card_id}"


class Level(models.TextChoices):
    BUREAU = "bureau", "本级机关事务管理局"
    PROVINCE = "province", "省机关事务管理局"


class Decision(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "同意"
    REJECTED = "rejected", "不同意"


class Approval(models.Model):
    """One level of a matter's approval, in order; each pending one is a to-do."""

    matter = models.ForeignKey(Matter, verbose_name="事项", on_delete=models.CASCADE,
                               related_name="approvals")
    order = models.PositiveSmallIntegerField("顺序")
    level = models.CharField("审批层级", max_length=10, choices=Level.choices)
    region = models.ForeignKey("access.Region", verbose_name="审批机关所在区划",
                               on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("审批意见", max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    note = models.CharField("意见说明", max_length=300, blank=True)
    decided_by = models.ForeignKey("access.User", verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "处置审批"
        verbose_name_plural = "处置审批"
        ordering = ["matter_id", "order"]
        constraints = [models.UniqueConstraint(fields=["matter", "order"],
                                               name="assets_approval_order_once")]

    def __str__(self) -> str:
        return f"{self.get_level_display()}：{self.get_decision_display()}"
