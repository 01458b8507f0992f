"""Construction projects (建设项目), their approval documents, budget funding and the rooms
they will create. Foreign keys to orgs and to the register are strings: a topic's models
import no other topic's models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.scoping import ScopedModel, ScopedQuerySet

POSITIVE = [MinValueValidator(Decimal("0.01"), message="必须大于 0")]


class ProjectKind(models.TextChoices):
    NEW = "new", "新建"
    PURCHASE = "purchase", "购置"
    EXTEND = "extend", "扩建"


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批准立项"
    BUILDING = "building", "在建"
    COMPLETED = "completed", "已竣工"


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", "项目建议书批复"
    FEASIBILITY = "feasibility", "可行性研究报告批复"
    DESIGN = "design", "初步设计批复"


class FundSource(models.TextChoices):
    """What a project's money may be said to come from; only BUDGET is allowed
    (rules.ALLOWED_FUND_SOURCES): the others are listed to be refused with the rule."""

    BUDGET = "budget", "财政预算资金"
    DONATION = "donation", "赞助、捐款"
    LEVY = "levy", "集资、摊派"
    LOAN = "loan", "向其他单位借款"
    CONTRACTOR = "contractor", "施工单位垫资"
    EARMARKED = "earmarked", "挪用专项资金"


class ProjectQuerySet(ScopedQuerySet["Project"]):
    scope_perm = Perm.VIEW_SPACE
    region_path_field = "region__path"
    agency_field = "agencies__id"

    def visible_to(self, user: Any, perm: str | None = None) -> ProjectQuerySet:
        # The agencies join may repeat a project: one row each.
        return super().visible_to(user, perm).distinct()


class Project(ScopedModel):
    code = models.CharField("项目编号", max_length=30, unique=True,
                            error_messages={"unique": "项目编号已被使用"})
    name = models.CharField("项目名称", max_length=100)
    kind = models.CharField("建设方式", max_length=10, choices=ProjectKind.choices)
    region = models.ForeignKey("access.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="space_projects")
    agencies = models.ManyToManyField("orgs.Agency", verbose_name="拟入驻单位",
                                      related_name="space_projects")
    building_type = models.CharField("建筑类型", max_length=10,
                                     choices=[("multi", "多层"), ("high", "高层")],
                                     default="multi")
    address = models.CharField("建设地点", max_length=200, blank=True)
    planned_area = models.DecimalField("规划建筑面积", max_digits=12, decimal_places=2,
                                       validators=POSITIVE)
    planned_amount = models.DecimalField("投资估算（元）", max_digits=14, decimal_places=2,
                                         validators=POSITIVE)
    reason = models.TextField("建设理由", blank=True)
    status = models.CharField("状态", max_length=10, choices=ProjectStatus.choices,
                              default=ProjectStatus.DRAFT)
    submitted_at = models.DateTimeField("报审时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey("access.User", verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("竣工日期", null=True, blank=True)
    actual_area = models.DecimalField("竣工建筑面积", max_digits=12, decimal_places=2,
                                      null=True, blank=True)
    final_cost = models.DecimalField("竣工决算（元）", max_digits=14, decimal_places=2,
                                     null=True, blank=True)
    building = models.ForeignKey("space.Building", verbose_name="竣工房产", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")

    scope_region_path_attr = "region.path"
    scope_agency_id_attr = None

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "建设项目"
        verbose_name_plural = "建设项目"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def editable(self) -> bool:
        """Documents, funding and rooms may change while the project is not under review
        and not completed."""
        return self.status not in (ProjectStatus.SUBMITTED, ProjectStatus.COMPLETED)


class ProjectDocument(models.Model):
    project = models.ForeignKey(Project, verbose_name="建设项目", on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField("批复类别", max_length=12, choices=DocumentKind.choices)
    number = models.CharField("批复文号", max_length=60)
    issued_on = models.DateField("批复日期")
    approved_area = models.DecimalField("批复建筑面积", max_digits=12, decimal_places=2,
                                        validators=POSITIVE)
    approved_amount = models.DecimalField("批复投资（元）", max_digits=14, decimal_places=2,
                                          validators=POSITIVE)

    class Meta:
        verbose_name = "项目批复"
        verbose_name_plural = "项目批复"
        ordering = ["project_id", "issued_on"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"],
                                               name="project_document_once_per_kind",
                                               violation_error_message="该类批复已登记")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ProjectFunding(models.Model):
    project = models.ForeignKey(Project, verbose_name="建设项目", on_delete=models.CASCADE,
                                related_name="funding")
    source = models.CharField("资金来源", max_length=12, choices=FundSource.choices)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2,
                                 validators=POSITIVE)
    document = models.CharField("预算文件", max_length=100, blank=True)

    class Meta:
        verbose_name = "项目资金"
        verbose_name_plural = "项目资金"
        ordering = ["project_id", "id"]
        constraints = [models.CheckConstraint(name="project_funding_budget_only",
                                              violation_error_message="资金只能来源于财政预算",
                                              condition=Q(source="budget"))]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class ProjectRoom(models.Model):
    """A room the project will create in the register on completion."""

    project = models.ForeignKey(Project, verbose_name="建设项目", on_delete=models.CASCADE,
                                related_name="rooms")
    floor = models.SmallIntegerField("楼层")
    number = models.CharField("房间号", max_length=20)
    use_class = models.CharField("用途分类", max_length=12)
    subtype = models.CharField("具体用途", max_length=30, blank=True)
    usable_area = models.DecimalField("使用面积", max_digits=10, decimal_places=2,
                                      validators=POSITIVE)

    class Meta:
        verbose_name = "项目房间"
        verbose_name_plural = "项目房间"
        ordering = ["project_id", "floor", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"],
                                               name="project_room_number_once",
                                               violation_error_message="房间号重复")]

    def __str__(self) -> str:
        return self.number
