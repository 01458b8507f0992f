"""The yearly audit plan (年度审计计划), its projects, their steps and findings, and the
units' budgets the fund coverage is measured against."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.internalaudit.leaders.models import LeaderTerm


class AuditKind(models.TextChoices):
    BUDGET = "budget", "预算执行审计"
    SPECIAL_FUNDS = "special_funds", "专项资金审计"
    STATE_ASSETS = "state_assets", "国有资产和资源审计"
    ECONOMIC = "economic", "经济责任审计"


class AuditCategory(models.TextChoices):
    """The three things internal audit must cover (全覆盖)."""

    FUNDS = "funds", "公共资金"
    ASSETS = "assets", "国有资产和资源"
    LEADERS = "leaders", "领导干部经济责任"


class Stage(models.TextChoices):
    PLANNED = "planned", "待启动"
    NOTICE = "notice", "通知"
    FIELDWORK = "fieldwork", "实施"
    COMMENTS = "comments", "征求意见"
    REPORT = "report", "报告"
    RECTIFICATION = "rectification", "整改"
    CLOSED = "closed", "已结项"


class FindingKind(models.TextChoices):
    MISUSE = "misuse", "违规使用资金"
    LOSS = "loss", "损失浪费"
    ACCOUNTING = "accounting", "会计核算不规范"
    ASSETS = "assets", "资产管理不规范"
    CONTROL = "control", "内部控制缺陷"
    OTHER = "other", "其他问题"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    REPORTED = "reported", "已报整改"
    CLOSED = "closed", "已销号"


class AuditPlanQuerySet(ScopedQuerySet["AuditPlan"]):
    scope_perm = Perm.INTERNAL_AUDIT_VIEW
    region_path_field = "region__path"


class AuditPlan(ScopedModel):
    """A bureau's audit plan for one year."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="internal_audit_plans")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("计划名称", max_length=100)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = AuditPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "年度审计计划"
        verbose_name_plural = "年度审计计划"
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"],
                                               name="internalaudit_plan_region_year",
                                               violation_error_message="该区划该年度已有审计计划")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.region


class AuditProjectQuerySet(ScopedQuerySet["AuditProject"]):
    scope_perm = Perm.INTERNAL_AUDIT_VIEW
    region_path_field = "unit__region__path"
    agency_field = "unit_id"


class AuditProject(ScopedModel):
    """One audit of one unit (审计项目)."""

    plan = models.ForeignKey(AuditPlan, verbose_name="年度计划", on_delete=models.PROTECT,
                             related_name="projects")
    code = models.CharField("项目编号", max_length=30, unique=True)
    name = models.CharField("项目名称", max_length=150)
    kind = models.CharField("审计类型", max_length=15, choices=AuditKind.choices)
    category = models.CharField("覆盖类别", max_length=10, choices=AuditCategory.choices,
                                editable=False)
    unit = models.ForeignKey("orgs.Agency", verbose_name="被审计单位", on_delete=models.PROTECT,
                             related_name="internal_audits")
    leader_term = models.ForeignKey(LeaderTerm, verbose_name="被审计领导干部", null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="projects")
    period_start = models.DateField("审计期间起")
    period_end = models.DateField("审计期间止")
    team_leader = models.CharField("审计组长", max_length=50)
    team_members = models.CharField("审计组成员", max_length=200, blank=True)
    funds_amount = models.DecimalField("审计资金额（元）", max_digits=16, decimal_places=2,
                                       default=0)
    stage = models.CharField("阶段", max_length=15, choices=Stage.choices,
                             default=Stage.PLANNED)
    report_no = models.CharField("审计报告文号", max_length=60, blank=True)
    report_summary = models.TextField("审计报告摘要", blank=True)
    report_date = models.DateField("报告日期", null=True, blank=True)
    closed_date = models.DateField("结项日期", null=True, blank=True)

    scope_region_path_attr = "unit.region.path"
    scope_agency_id_attr = "unit_id"
    objects = AuditProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "审计项目"
        verbose_name_plural = "审计项目"
        ordering = ["-plan__year", "code"]
        indexes = [models.Index(fields=["unit", "category", "report_date"],
                                name="internalaudit_coverage")]
        constraints = [
            models.CheckConstraint(
                name="internalaudit_period_in_order",
                violation_error_message="审计期间止不能早于审计期间起",
                condition=Q(period_end__gte=models.F("period_start"))),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_region(self) -> Any:
        return self.unit.region


class ProjectStep(BaseModel):
    """One step a project went through, with its date and document (通知书、报告等)."""

    project = models.ForeignKey(AuditProject, verbose_name="审计项目", on_delete=models.CASCADE,
                                related_name="steps")
    stage = models.CharField("阶段", max_length=15, choices=Stage.choices)
    date = models.DateField("日期")
    document_no = models.CharField("文书文号", max_length=60, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "审计步骤"
        verbose_name_plural = "审计步骤"
        ordering = ["project_id", "date", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"],
                                               name="internalaudit_step_once")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_stage_display()}"

    @property
    def audit_region(self) -> Any:
        return self.project.unit.region


class AuditFindingQuerySet(ScopedQuerySet["Finding"]):
    scope_perm = Perm.INTERNAL_AUDIT_VIEW
    region_path_field = "project__unit__region__path"
    agency_field = "project__unit_id"


class Finding(ScopedModel):
    """A problem the audit found (审计发现问题) and its rectification (整改)."""

    project = models.ForeignKey(AuditProject, verbose_name="审计项目", on_delete=models.PROTECT,
                                related_name="findings")
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("问题类型", max_length=15, choices=FindingKind.choices)
    title = models.CharField("问题", max_length=200)
    amount = models.DecimalField("涉及金额（元）", max_digits=16, decimal_places=2, default=0)
    status = models.CharField("整改状态", max_length=10, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN)
    due_date = models.DateField("整改期限", null=True, blank=True)
    measures = models.TextField("整改措施", blank=True)
    evidence = models.TextField("整改佐证材料", blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)

    scope_region_path_attr = "project.unit.region.path"
    scope_agency_id_attr = "project.unit_id"
    objects = AuditFindingQuerySet.as_manager()

    class Meta:
        verbose_name = "审计发现问题"
        verbose_name_plural = "审计发现问题"
        ordering = ["project_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["project", "seq"], name="internalaudit_finding_seq"),
            models.CheckConstraint(name="internalaudit_finding_amount_not_negative",
                                   violation_error_message="涉及金额不能为负数",
                                   condition=Q(amount__gte=0)),
            models.CheckConstraint(name="internalaudit_closed_needs_evidence",
                                   violation_error_message="销号须有整改佐证材料",
                                   condition=~Q(status="closed") | ~Q(evidence="")),
        ]

    def __str__(self) -> str:
        return f"{self.project.code}-{self.seq} {self.title}"

    @property
    def audit_region(self) -> Any:
        return self.project.unit.region


class UnitBudgetQuerySet(ScopedQuerySet["UnitBudget"]):
    scope_perm = Perm.INTERNAL_AUDIT_VIEW
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class UnitBudget(ScopedModel):
    """A unit's yearly budget (部门预算支出), the denominator of the fund coverage."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="internal_audit_budgets")
    year = models.PositiveIntegerField("年度")
    amount = models.DecimalField("预算支出（元）", max_digits=16, decimal_places=2)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = UnitBudgetQuerySet.as_manager()

    class Meta:
        verbose_name = "单位预算"
        verbose_name_plural = "单位预算"
        ordering = ["agency_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="internalaudit_budget_year",
                                    violation_error_message="该单位该年度已有预算"),
            models.CheckConstraint(name="internalaudit_budget_not_negative",
                                   violation_error_message="预算支出不能为负数",
                                   condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region
