"""Major contracts (重大合同): the register, their review before signing (through the shared
legality review, governance.reviews), filing (备案) with the bureau, and performance
(milestones, payments, supplementary agreements, disputes, closure).

A supplementary agreement (补充协议) is a Contract row whose `parent` is the contract it
changes: it is registered, reviewed, signed and filed exactly like the contract (the review
tool names it as a contract), and its amount is the contract's new total."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class ContractKind(models.TextChoices):
    CONSTRUCTION = "construction", "建设工程"
    PROCUREMENT = "procurement", "采购"
    LEASE = "lease", "租赁"
    SERVICE = "service", "服务"
    COOPERATION = "cooperation", "合作"
    OTHER = "other", "其他"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "拟签订"
    SIGNED = "signed", "履行中"
    CLOSED = "closed", "已终结"


class FilingState(models.TextChoices):
    """Where a signed contract stands with its filing (derived; a filter of the register)."""

    NOT_DUE = "not_due", "未签订"
    PENDING = "pending", "待备案"
    OVERDUE = "overdue", "逾期未备案"
    FILED = "filed", "按期备案"
    FILED_LATE = "filed_late", "逾期备案"


class ContractQuerySet(ScopedQuerySet["Contract"]):
    """A bureau sees the contracts of the agencies in its region subtree; an agency its own."""

    scope_perm = Perm.VIEW_CONTRACTS
    region_path_field = "agency__region__path"
    agency_field = "agency_id"

    def originals(self) -> ContractQuerySet:
        return self.filter(parent__isnull=True)


class Contract(ScopedModel):
    """One major contract (or one supplementary agreement to it: `parent`)."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="签约单位", on_delete=models.PROTECT,
                               related_name="+")
    parent = models.ForeignKey("self", verbose_name="原合同", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="changes")
    title = models.CharField("合同名称", max_length=200)
    number = models.CharField("合同编号", max_length=60, blank=True)
    counterparty = models.CharField("相对方名称", max_length=200)
    counterparty_code = models.CharField("相对方统一社会信用代码", max_length=18)
    kind = models.CharField("合同类别", max_length=12, choices=ContractKind.choices)
    amount = models.DecimalField("合同金额（元）", max_digits=16, decimal_places=2)
    starts_on = models.DateField("履行期限自")
    ends_on = models.DateField("履行期限至")
    decision = models.ForeignKey("governance.Decision", verbose_name="所依据的重大决策",
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="contracts")
    # the decision as text: contracts registered before decisions were cases, and a
    # decision outside the platform (a government's decision, an older one)
    decision_ref = models.CharField("所依据的决策（文字）", max_length=200, blank=True,
                                    help_text="平台外的决策名称或文号（如有）")
    review_required = models.BooleanField("须经合法性审查", default=False)
    status = models.CharField("状态", max_length=10, choices=ContractStatus.choices,
                              default=ContractStatus.DRAFT)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    filing_due = models.DateField("备案期限", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filing_region = models.ForeignKey("access.Region", verbose_name="备案机关（区划）",
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    filing_number = models.CharField("备案号", max_length=40, blank=True)
    closed_on = models.DateField("终结日期", null=True, blank=True)
    closing_note = models.CharField("终结说明", max_length=300, blank=True)

    search_fields = ("title", "number", "counterparty", "counterparty_code")
    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "重大合同"
        verbose_name_plural = "重大合同"
        ordering = ["-signed_on", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="governance_contract_amount_positive",
                                              violation_error_message="合同金额应大于零")]
        indexes = [models.Index(fields=["agency", "status"]),
                   models.Index(fields=["status", "filing_due"]),
                   models.Index(fields=["status", "ends_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.agency.region

    @property
    def is_change(self) -> bool:
        return self.parent_id is not None

    @property
    def filed_late(self) -> bool:
        return bool(self.filed_on and self.filing_due and self.filed_on > self.filing_due)


class ContractAttachment(BaseModel):
    """A document kept with a contract (the text, the signed original): .docx or .pdf."""

    contract = models.ForeignKey(Contract, verbose_name="合同", on_delete=models.CASCADE,
                                 related_name="attachments")
    file = models.ForeignKey("core.StoredFile", verbose_name="文件", on_delete=models.PROTECT,
                             related_name="+")
    caption = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "合同附件"
        verbose_name_plural = "合同附件"
        ordering = ["contract", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.file_id)


class Milestone(BaseModel):
    """A performance milestone (履行节点): what is due and when it was done."""

    contract = models.ForeignKey(Contract, verbose_name="合同", on_delete=models.CASCADE,
                                 related_name="milestones")
    title = models.CharField("履行节点", max_length=200)
    due_on = models.DateField("计划日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "履行节点"
        verbose_name_plural = "履行节点"
        ordering = ["contract", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Payment(BaseModel):
    """A payment made under the contract (合同支付)."""

    contract = models.ForeignKey(Contract, verbose_name="合同", on_delete=models.CASCADE,
                                 related_name="payments")
    paid_on = models.DateField("支付日期")
    amount = models.DecimalField("支付金额（元）", max_digits=16, decimal_places=2)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "合同支付"
        verbose_name_plural = "合同支付"
        ordering = ["contract", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="governance_payment_amount_positive",
                                              violation_error_message="支付金额应大于零")]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class DisputeKind(models.TextChoices):
    NEGOTIATION = "negotiation", "协商"
    MEDIATION = "mediation", "调解"
    ARBITRATION = "arbitration", "仲裁"
    LITIGATION = "litigation", "诉讼"


class Dispute(BaseModel):
    """A dispute under the contract (合同纠纷) and how it was resolved."""

    contract = models.ForeignKey(Contract, verbose_name="合同", on_delete=models.CASCADE,
                                 related_name="disputes")
    raised_on = models.DateField("发生日期")
    kind = models.CharField("解决方式", max_length=12, choices=DisputeKind.choices)
    summary = models.TextField("纠纷情况")
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    outcome = models.CharField("处理结果", max_length=300, blank=True)

    class Meta:
        verbose_name = "合同纠纷"
        verbose_name_plural = "合同纠纷"
        ordering = ["contract", "raised_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.raised_on}"
