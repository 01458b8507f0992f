"""Purchases (购买项目) of logistics services and their contracts (《政府购买服务管理办法》
（财政部令第102号）第十四、二十三、二十四条): a buyer agency, the catalogue items it buys with
their quantities, the budget that pays (先有预算后购买), the procurement method, the supplier,
and the contract with its price, term, publication and payment rule per evaluation grade."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class ProcurementMethod(models.TextChoices):
    OPEN_TENDER = "open_tender", "公开招标"
    INVITED_TENDER = "invited_tender", "邀请招标"
    NEGOTIATION = "negotiation", "竞争性谈判"
    CONSULTATION = "consultation", "竞争性磋商"
    SINGLE_SOURCE = "single_source", "单一来源"
    INQUIRY = "inquiry", "询价"
    FRAMEWORK = "framework", "框架协议"


class PurchaseStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    PROCURED = "procured", "已采购"
    CONTRACTED = "contracted", "已签合同"
    IN_SERVICE = "in_service", "服务中"
    EVALUATED = "evaluated", "已评价"
    CLOSED = "closed", "已关闭"


class Grade(models.TextChoices):
    """The grade of a period's evaluation (绩效评价等级); part 4 (evaluations) sets it, the
    contract's payment rule turns it into the period's payment."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Settlement(models.TextChoices):
    """How often the contract is settled (one evaluation period each)."""

    MONTH = "month", "按月"
    QUARTER = "quarter", "按季度"
    HALF = "half", "按半年"
    YEAR = "year", "按年"


class PurchaseQuerySet(ScopedQuerySet["Purchase"]):
    scope_perm: ClassVar[str] = "view_services"
    region_path_field: ClassVar[str | None] = "agency__region__path"
    agency_field: ClassVar[str | None] = "agency_id"


class Purchase(ScopedModel):
    """购买项目: one buyer agency buys catalogue items in one year from one supplier."""

    scope_region_path_attr: ClassVar[str | None] = "agency.region.path"
    scope_agency_id_attr: ClassVar[str | None] = "agency_id"

    agency = models.ForeignKey("orgs.Agency", verbose_name="购买主体", on_delete=models.PROTECT,
                               related_name="service_purchases")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("项目名称", max_length=120)
    category = models.ForeignKey("services.ServiceCategory", verbose_name="服务类别",
                                 on_delete=models.PROTECT, related_name="+")
    budget_line = models.CharField("预算项目", max_length=120)
    budget_amount = models.DecimalField("预算金额（元）", max_digits=14, decimal_places=2,
                                        validators=[MinValueValidator(Decimal("0.01"))])
    method = models.CharField("采购方式", max_length=20, choices=ProcurementMethod.choices)
    status = models.CharField("状态", max_length=12, choices=PurchaseStatus.choices,
                              default=PurchaseStatus.PLANNED)
    supplier = models.ForeignKey("services.Supplier", verbose_name="承接主体", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="purchases")
    procured_on = models.DateField("采购完成日期", null=True, blank=True)
    service_started_on = models.DateField("服务开始日期", null=True, blank=True)
    evaluated_note = models.CharField("评价说明", max_length=300, blank=True)
    closed_note = models.CharField("关闭说明", max_length=300, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = "购买项目"
        verbose_name_plural = "购买项目"
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class PurchaseLine(BaseModel):
    """One catalogue item of a purchase, with its quantity in the item's unit."""

    purchase = models.ForeignKey(Purchase, verbose_name="购买项目", on_delete=models.CASCADE,
                                 related_name="lines")
    item = models.ForeignKey("services.ServiceItem", verbose_name="服务事项",
                             on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField("数量", max_digits=14, decimal_places=2,
                                   validators=[MinValueValidator(Decimal("0.01"))])
    unit_price = models.DecimalField("单价（元/单位）", max_digits=12, decimal_places=2,
                                     null=True, blank=True,
                                     validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        verbose_name = "购买事项"
        verbose_name_plural = "购买事项"
        ordering = ["item__code"]
        constraints = [models.UniqueConstraint(
            fields=["purchase", "item"], name="services_purchase_line_item",
            violation_error_message="同一项目中服务事项不能重复")]

    def __str__(self) -> str:
        return f"{self.item.name} × {self.quantity} {self.item.unit}"

    @property
    def audit_region(self) -> Any:
        return self.purchase.agency.region


class Contract(BaseModel):
    """The purchase's written contract (第二十三、二十四条): price, term (≤ 1 year; ≤ 3 years
    for a stable, budget-secured item with the reason recorded), its public announcement,
    and the payment of each period by the period's evaluation grade."""

    purchase = models.OneToOneField(Purchase, verbose_name="购买项目", on_delete=models.CASCADE,
                                    related_name="contract")
    contract_no = models.CharField("合同编号", max_length=60)
    price = models.DecimalField("合同金额（元）", max_digits=14, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01"))])
    signed_on = models.DateField("签订日期")
    start_date = models.DateField("服务期开始")
    end_date = models.DateField("服务期结束")
    long_term_reason = models.CharField("超过一年的理由（第二十四条）", max_length=300,
                                        blank=True)
    published_on = models.DateField("合同公告日期", null=True, blank=True)
    settlement = models.CharField("结算周期", max_length=10, choices=Settlement.choices,
                                  default=Settlement.QUARTER)
    # The payment rule: the share of a period's amount paid at each grade (100 = full,
    # 0 = withheld, between = reduced by the difference).
    pay_excellent = models.DecimalField("优秀支付比例（%）", max_digits=5, decimal_places=2,
                                        default=Decimal(100), validators=[
                                            MinValueValidator(0), MaxValueValidator(100)])
    pay_good = models.DecimalField("良好支付比例（%）", max_digits=5, decimal_places=2,
                                   default=Decimal(100), validators=[
                                       MinValueValidator(0), MaxValueValidator(100)])
    pay_pass = models.DecimalField("合格支付比例（%）", max_digits=5, decimal_places=2,
                                   default=Decimal(90), validators=[
                                       MinValueValidator(0), MaxValueValidator(100)])
    pay_fail = models.DecimalField("不合格支付比例（%）", max_digits=5, decimal_places=2,
                                   default=Decimal(0), validators=[
                                       MinValueValidator(0), MaxValueValidator(100)])
    #: the end date a reminder to-do was raised for (an extended contract gets a new one)
    reminded_for = models.DateField("已提醒的到期日", null=True, blank=True)

    class Meta:
        verbose_name = "购买服务合同"
        verbose_name_plural = "购买服务合同"
        ordering = ["end_date", "pk"]
        constraints = [
            models.CheckConstraint(name="services_contract_ends_after_start",
                                   condition=Q(end_date__gt=models.F("start_date")),
                                   violation_error_message="服务期结束日期应晚于开始日期"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_no}（{self.purchase.title}）"

    @property
    def audit_region(self) -> Any:
        return self.purchase.agency.region

    def pay_share(self, grade: str) -> Decimal:
        """The percentage of a period's amount paid at `grade` (0–100)."""
        return {Grade.EXCELLENT: self.pay_excellent, Grade.GOOD: self.pay_good,
                Grade.PASS: self.pay_pass, Grade.FAIL: self.pay_fail}[Grade(grade)]
