"""The five-year plan (发展规划): a plan of a region with its targets, the yearly values
reported for targets the platform does not hold, and the mid-term review."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class SourceKind(models.TextChoices):
    COMPUTED = "computed", "平台数据计算"
    REPORTED = "reported", "逐年填报"


class Conclusion(models.TextChoices):
    AHEAD = "ahead", "超前完成进度"
    ON_TRACK = "on_track", "符合进度要求"
    BEHIND = "behind", "滞后于进度"
    ADJUST = "adjust", "建议调整目标"


class PlanQuerySet(ScopedQuerySet["Plan"]):
    """A plan is seen by its region's subtree: a city its own and its counties' plans, the
    province every plan."""

    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = "region__path"


class Plan(ScopedModel):
    region = models.ForeignKey("access.Region", verbose_name="规划区划", on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField("规划期", max_length=20, help_text="如：十四五")
    title = models.CharField("规划名称", max_length=200)
    start_year = models.PositiveSmallIntegerField("起始年度")
    end_year = models.PositiveSmallIntegerField("终止年度")
    baseline_year = models.PositiveSmallIntegerField("基准年度",
                                                     help_text="通常为规划期前一年")
    note = models.TextField("说明", blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "发展规划"
        verbose_name_plural = "发展规划"
        ordering = ["-start_year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "start_year"],
                                               name="guidance_plan_region_start",
                                               violation_error_message="该区划该规划期已有规划")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def period(self) -> str:
        return f"{self.start_year}—{self.end_year}"


class TargetQuerySet(ScopedQuerySet["Target"]):
    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = "plan__region__path"


class Target(ScopedModel):
    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE,
                             related_name="targets")
    indicator = models.CharField("指标", max_length=100)
    unit = models.CharField("单位", max_length=20, blank=True)
    baseline_year = models.PositiveSmallIntegerField("基准年度")
    baseline_value = models.DecimalField("基准值", max_digits=16, decimal_places=2)
    target_value = models.DecimalField("目标值", max_digits=16, decimal_places=2)
    direction = models.CharField("方向", max_length=6, choices=Direction.choices,
                                 default=Direction.HIGHER)
    division = models.CharField("责任处室", max_length=100, blank=True)
    source = models.CharField("数据来源", max_length=10, choices=SourceKind.choices,
                              default=SourceKind.REPORTED)
    measure = models.CharField("平台数据指标", max_length=60, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    note = models.CharField("说明", max_length=300, blank=True)

    objects = TargetQuerySet.as_manager()
    scope_region_path_attr = "plan.region.path"

    class Meta:
        verbose_name = "规划指标"
        verbose_name_plural = "规划指标"
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"],
                                               name="guidance_target_indicator",
                                               violation_error_message="规划中已有同名指标")]

    def __str__(self) -> str:
        return self.indicator

    @property
    def audit_region(self) -> Any:
        return self.plan.region

    @property
    def is_computed(self) -> bool:
        return self.source == SourceKind.COMPUTED


class TargetValue(BaseModel):
    """A reported target's value for one year (computed targets have none)."""

    target = models.ForeignKey(Target, verbose_name="规划指标", on_delete=models.CASCADE,
                               related_name="values")
    year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("完成值", max_digits=16, decimal_places=2)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "规划指标年度完成值"
        verbose_name_plural = "规划指标年度完成值"
        ordering = ["target", "year"]
        constraints = [models.UniqueConstraint(fields=["target", "year"],
                                               name="guidance_target_value_year",
                                               violation_error_message="该年度已填报完成值")]

    def __str__(self) -> str:
        return f"{self.target} {self.year}"


class Review(BaseModel):
    """The plan's mid-term review (中期评估): one per plan."""

    plan = models.OneToOneField(Plan, verbose_name="规划", on_delete=models.CASCADE,
                                related_name="review")
    reviewed_on = models.DateField("评估日期")
    text = models.TextField("评估意见")

    class Meta:
        verbose_name = "规划中期评估"
        verbose_name_plural = "规划中期评估"

    def __str__(self) -> str:
        return f"{self.plan} 中期评估"


class ReviewItem(BaseModel):
    review = models.ForeignKey(Review, verbose_name="中期评估", on_delete=models.CASCADE,
                               related_name="items")
    target = models.ForeignKey(Target, verbose_name="规划指标", on_delete=models.CASCADE,
                               related_name="review_items")
    conclusion = models.CharField("评估结论", max_length=10, choices=Conclusion.choices)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "中期评估结论"
        verbose_name_plural = "中期评估结论"
        ordering = ["review", "target__order", "target_id"]
        constraints = [models.UniqueConstraint(fields=["review", "target"],
                                               name="guidance_review_item_target")]

    def __str__(self) -> str:
        return f"{self.target}：{self.get_conclusion_display()}"
