"""A bureau's assessment under a scheme: its scores per indicator (the computed value and
its inputs kept as computed, the self-evaluation with evidence, the review), the total,
the rank, and appeals."""

from __future__ import annotations

from django.db import models

from jiguan.access.roles import Perm
from jiguan.assessment.schemes.models import Indicator, Scheme
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class AssessmentStatus(models.TextChoices):
    SELF_EVAL = "self_eval", "自评中"
    SUBMITTED = "submitted", "待审核"
    REVIEWED = "reviewed", "已审核"
    PUBLISHED = "published", "已公布"
    FINAL = "final", "已定稿"


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    scope_perm = Perm.VIEW_ASSESSMENT
    region_path_field = ("region__path", "scheme__region__path")


class Assessment(ScopedModel):
    """A bureau (a region's 机关事务局) assessed under a scheme: seen by the bureau's own
    subtree and by the assessing bureau."""

    scope_region_path_attr = "region.path"

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.PROTECT,
                               related_name="assessments")
    region = models.ForeignKey("access.Region", verbose_name="被考核单位（区划）",
                               on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField("状态", max_length=10, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.SELF_EVAL)
    submitted_at = models.DateTimeField("自评提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核完成时间", null=True, blank=True)
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("排名", null=True, blank=True)
    group_scores = models.JSONField("分组得分", default=dict, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["scheme", "rank", "region__code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "region"],
                                               name="assessment_scheme_region")]

    def __str__(self) -> str:
        return f"{self.region} {self.scheme.year} 年度考核"


class Score(BaseModel):
    assessment = models.ForeignKey(Assessment, verbose_name="年度考核", on_delete=models.CASCADE,
                                   related_name="scores")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT,
                                  related_name="scores")
    value = models.DecimalField("计算值", max_digits=14, decimal_places=2, null=True,
                                blank=True)
    reading = models.JSONField("计算依据", default=dict, blank=True)
    computed_score = models.DecimalField("计算得分", max_digits=6, decimal_places=2, null=True,
                                         blank=True)
    formula = models.CharField("计算过程", max_length=300, blank=True)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    self_score = models.DecimalField("自评分", max_digits=6, decimal_places=2, null=True,
                                     blank=True)
    self_note = models.TextField("自评说明", blank=True)
    review_score = models.DecimalField("审核分", max_digits=6, decimal_places=2, null=True,
                                       blank=True)
    review_note = models.TextField("审核意见", blank=True)
    final_score = models.DecimalField("最终得分", max_digits=6, decimal_places=2, null=True,
                                      blank=True)

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        ordering = ["assessment", "indicator__group__order", "indicator__group_id",
                    "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"],
                                               name="assessment_score_indicator")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator}"


class Evidence(BaseModel):
    score = models.ForeignKey(Score, verbose_name="指标得分", on_delete=models.CASCADE,
                              related_name="evidence")
    file = models.ForeignKey("core.StoredFile", verbose_name="文件", on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        verbose_name = "自评材料"
        verbose_name_plural = "自评材料"
        ordering = ["score", "pk"]

    def __str__(self) -> str:
        return str(self.file)


class AppealStatus(models.TextChoices):
    OPEN = "open", "待答复"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉不成立"


class Appeal(BaseModel):
    score = models.OneToOneField(Score, verbose_name="指标得分", on_delete=models.CASCADE,
                                 related_name="appeal")
    reason = models.TextField("申诉理由")
    status = models.CharField("状态", max_length=10, choices=AppealStatus.choices,
                              default=AppealStatus.OPEN)
    answer = models.TextField("答复", blank=True)
    score_before = models.DecimalField("申诉前得分", max_digits=6, decimal_places=2, null=True,
                                       blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "考核申诉"
        verbose_name_plural = "考核申诉"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.score} 申诉"
