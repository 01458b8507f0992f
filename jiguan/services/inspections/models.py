"""Inspections, satisfaction surveys and evaluations (检查 · 满意度 · 绩效评价).

An inspection scores one supplier's service at one site (an agency, and the place within
it) against one version of a standard, item by item. A survey asks the served staff of a
site how satisfied they are, one answer per person. A period's evaluation combines both
into a grade, which sets the period's payment and, for 不合格, opens a rectification."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.services.purchases.models import Grade

__all__ = ["Grade"]  # the grades are the contract's (purchases), re-exported here


class SiteQuerySet(ScopedQuerySet[Any]):
    """Rows at a site: seen by region grants over the site's agency and by its agency."""

    scope_perm = Perm.VIEW_SERVICES
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class SiteModel(ScopedModel):
    """What every row at a site has: the supplier, the served agency, the period."""

    supplier = models.ForeignKey("services.Supplier", verbose_name="服务供应商",
                                 on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("orgs.Agency", verbose_name="服务单位（场所）",
                               on_delete=models.PROTECT, related_name="+")
    period = models.CharField("考核期", max_length=7, help_text="年-月，如 2026-11")

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"

    class Meta:
        abstract = True

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", "评分中"
    SUBMITTED = "submitted", "已提交"


class Inspection(SiteModel):
    standard = models.ForeignKey("services.ServiceStandard", verbose_name="服务标准（版本）",
                                 on_delete=models.PROTECT, related_name="inspections")
    place = models.CharField("检查地点", max_length=80, help_text="如：机关食堂、办公楼 A 座")
    inspected_on = models.DateField("检查日期")
    inspector = models.ForeignKey("access.User", verbose_name="检查人", on_delete=models.PROTECT,
                                  related_name="+")
    status = models.CharField("状态", max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.DRAFT)
    total = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    full_marks = models.DecimalField("满分", max_digits=5, decimal_places=1, default=100)
    note = models.CharField("检查意见", max_length=400, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "服务检查"
        verbose_name_plural = "服务检查"
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["supplier", "period"]),
                   models.Index(fields=["agency", "period"])]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.agency} {self.place} {self.inspected_on}"

    @property
    def percent(self) -> Any:
        """The total on a 100-point scale (a standard's weights add up to 100)."""
        if self.total is None or not self.full_marks:
            return None
        return self.total * 100 / self.full_marks


class InspectionScore(BaseModel):
    inspection = models.ForeignKey(Inspection, verbose_name="检查", on_delete=models.CASCADE,
                                   related_name="scores")
    item = models.ForeignKey("services.StandardItem", verbose_name="标准条款",
                             on_delete=models.PROTECT, related_name="+")
    defects = models.PositiveSmallIntegerField("问题数", default=0)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    note = models.CharField("问题描述", max_length=300, blank=True)

    class Meta:
        verbose_name = "检查评分"
        verbose_name_plural = "检查评分"
        ordering = ["inspection", "item__no"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"],
                                               name="services_score_once",
                                               violation_error_message="该条款已评分")]

    def __str__(self) -> str:
        return f"{self.item}：{self.score}"


class Survey(SiteModel):
    title = models.CharField("问卷名称", max_length=120)
    public = models.BooleanField("免登录作答", default=True,
                                 help_text="勾选后，服务对象凭个人作答码免登录作答；"
                                           "不勾选则须登录，每个账号答一次")
    closes_on = models.DateField("截止日期")
    closed = models.BooleanField("已结束", default=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "满意度调查"
        verbose_name_plural = "满意度调查"
        ordering = ["-period", "-pk"]

    def __str__(self) -> str:
        return self.title


class SurveyItem(BaseModel):
    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE,
                               related_name="items")
    no = models.PositiveSmallIntegerField("序号")
    text = models.CharField("题目", max_length=200)

    class Meta:
        verbose_name = "问卷题目"
        verbose_name_plural = "问卷题目"
        ordering = ["survey", "no"]
        constraints = [models.UniqueConstraint(fields=["survey", "no"],
                                               name="services_survey_item_no")]

    def __str__(self) -> str:
        return f"{self.no}. {self.text}"


class SurveyCode(models.Model):
    """A respondent's one-time code (作答码), handed out by the bureau."""

    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE,
                               related_name="codes")
    code = models.CharField("作答码", max_length=12)
    used_at = models.DateTimeField("作答时间", null=True, blank=True)

    class Meta:
        verbose_name = "作答码"
        verbose_name_plural = "作答码"
        ordering = ["survey", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"],
                                               name="services_survey_code")]

    def __str__(self) -> str:
        return self.code


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE,
                               related_name="responses")
    code = models.OneToOneField(SurveyCode, verbose_name="作答码", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="response")
    user = models.ForeignKey("access.User", verbose_name="作答账号", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    comment = models.CharField("意见建议", max_length=400, blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "问卷答卷"
        verbose_name_plural = "问卷答卷"
        constraints = [models.UniqueConstraint(
            fields=["survey", "user"], name="services_survey_user_once",
            violation_error_message="该问卷已作答，不能重复提交")]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, verbose_name="答卷", on_delete=models.CASCADE,
                                 related_name="answers")
    item = models.ForeignKey(SurveyItem, verbose_name="题目", on_delete=models.PROTECT,
                             related_name="answers")
    score = models.PositiveSmallIntegerField("评分（1–5）")

    class Meta:
        verbose_name = "问卷回答"
        verbose_name_plural = "问卷回答"
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="services_answer_once"),
            models.CheckConstraint(name="services_answer_1_5",
                                   condition=models.Q(score__gte=1, score__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class EvaluationStatus(models.TextChoices):
    EVALUATED = "evaluated", "已评价"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"


class Evaluation(SiteModel):
    """A period's performance evaluation (绩效评价) of a supplier at a site, and the payment
    it sets. The figures are copied at evaluation time: a later inspection or a changed
    setting never changes an evaluation already made."""

    contract = models.ForeignKey("services.Contract", verbose_name="购买服务合同", null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="evaluations")
    inspection_score = models.DecimalField("检查得分", max_digits=5, decimal_places=1,
                                           null=True, blank=True)
    inspection_count = models.PositiveIntegerField("检查次数", default=0)
    satisfaction_score = models.DecimalField("满意度得分", max_digits=5, decimal_places=1,
                                             null=True, blank=True)
    response_count = models.PositiveIntegerField("答卷数", default=0)
    inspection_weight = models.PositiveSmallIntegerField("检查权重（%）")
    satisfaction_weight = models.PositiveSmallIntegerField("满意度权重（%）")
    total = models.DecimalField("综合得分", max_digits=5, decimal_places=1)
    grade = models.CharField("等次", max_length=10, choices=Grade.choices)
    amount = models.DecimalField("本期合同金额（元）", max_digits=14, decimal_places=2)
    pay_percent = models.DecimalField("支付比例（%）", max_digits=5, decimal_places=1)
    payable = models.DecimalField("本期应付金额（元）", max_digits=14, decimal_places=2)
    pay_rule = models.CharField("支付规则", max_length=200)
    status = models.CharField("状态", max_length=12, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.EVALUATED)
    rectification_note = models.CharField("整改情况", max_length=400, blank=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "绩效评价"
        verbose_name_plural = "绩效评价"
        ordering = ["-period", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["supplier", "agency", "period"], name="services_evaluation_once",
            violation_error_message="该供应商在该单位本考核期已评价")]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.agency} {self.period} {self.get_grade_display()}"


class InspectionPhoto(BaseModel):
    """A defect photo of an inspection (an image in core's file store), of one item or of
    the inspection as a whole."""

    inspection = models.ForeignKey(Inspection, verbose_name="检查", on_delete=models.CASCADE,
                                   related_name="photos")
    item = models.ForeignKey("services.StandardItem", verbose_name="标准条款", null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey("core.StoredFile", verbose_name="照片", on_delete=models.PROTECT,
                             related_name="+")
    caption = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "检查照片"
        verbose_name_plural = "检查照片"
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.file.name
