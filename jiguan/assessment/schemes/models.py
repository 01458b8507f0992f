"""A year's assessment scheme (考核方案): its indicator groups, indicators and scoring rules,
its timetable, and the bureaus it assesses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet, region_paths


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    PUBLISHED = "published", "自评与审核中"
    RESULTS = "results", "结果已公布（申诉期）"
    CLOSED = "closed", "已定稿"


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", "数据计算"
    EVIDENCE = "evidence", "自评举证"
    MANUAL = "manual", "直接评分"
    BONUS = "bonus", "加分项"
    PENALTY = "penalty", "扣分项"


class RuleKind(models.TextChoices):
    LINEAR = "linear", "区间线性"
    THRESHOLD = "threshold", "分档"
    RANK = "rank", "组内排名"


SCORED_BY_DATA = (IndicatorKind.COMPUTED,)
ADJUSTMENTS = (IndicatorKind.BONUS, IndicatorKind.PENALTY)


def ancestor_paths(path: str) -> list[str]:
    """"/330000/330100/" -> ["/330000/", "/330000/330100/"]."""
    codes = [c for c in path.strip("/").split("/") if c]
    return ["/" + "/".join(codes[:i]) + "/" for i in range(1, len(codes) + 1)]


class SchemeQuerySet(ScopedQuerySet["Scheme"]):
    """A scheme is seen by the assessing bureau's subtree and by the bureaus below it: a
    city reads the province's scheme it is assessed under."""

    scope_perm = Perm.VIEW_ASSESSMENT

    def scope_q(self, user: Any, perm: str) -> models.Q:
        q = super().scope_q(user, perm)
        above = {a for path in region_paths(user, perm) for a in ancestor_paths(path)}
        if above:
            q |= models.Q(region__path__in=sorted(above))
        return q


class Scheme(ScopedModel):
    region = models.ForeignKey("access.Region", verbose_name="考核单位（区划）",
                               on_delete=models.PROTECT, related_name="assessment_schemes")
    year = models.PositiveSmallIntegerField("考核年度")
    title = models.CharField("方案名称", max_length=100)
    status = models.CharField("状态", max_length=10, choices=SchemeStatus.choices,
                              default=SchemeStatus.DRAFT)
    self_eval_due = models.DateField("自评截止日期")
    review_due = models.DateField("审核截止日期")
    appeal_days = models.PositiveSmallIntegerField("申诉期限（日）", default=10)
    bonus_cap = models.DecimalField("加分上限", max_digits=6, decimal_places=2,
                                    default=Decimal(5))
    penalty_cap = models.DecimalField("扣分上限", max_digits=6, decimal_places=2,
                                      default=Decimal(10))
    note = models.TextField("说明", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    results_at = models.DateTimeField("结果公布时间", null=True, blank=True)
    appeal_due = models.DateField("申诉截止日期", null=True, blank=True)
    closed_at = models.DateTimeField("定稿时间", null=True, blank=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"],
                                               name="assessment_scheme_region_year",
                                               violation_error_message="该区划该年度已有考核方案")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == SchemeStatus.DRAFT


class Group(BaseModel):
    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="groups")
    name = models.CharField("指标组", max_length=50)
    weight = models.DecimalField("权重（%）", max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "指标组"
        verbose_name_plural = "指标组"
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"],
                                               name="assessment_group_name",
                                               violation_error_message="方案中已有同名指标组")]

    def __str__(self) -> str:
        return self.name


class Indicator(BaseModel):
    """One indicator. Within its group the weights are points summing to 100; a bonus or
    penalty item has no group and its weight is the most it can add or take away."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="indicators")
    group = models.ForeignKey(Group, verbose_name="指标组", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标名称", max_length=100)
    kind = models.CharField("指标类型", max_length=10, choices=IndicatorKind.choices)
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    criteria = models.TextField("评分标准", blank=True)
    measure = models.CharField("数据来源", max_length=60, blank=True)
    rule = models.CharField("计分规则", max_length=10, choices=RuleKind.choices, blank=True)
    floor = models.DecimalField("起评值", max_digits=14, decimal_places=2, null=True,
                                blank=True)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    steps = models.CharField("分档", max_length=200, blank=True,
                             help_text="如 “95:100, 80:60”：达到 95 得满分，达到 80 得 60%")
    last_share = models.DecimalField("末位得分比例（%）", max_digits=5, decimal_places=2,
                                     null=True, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["scheme", "group__order", "group_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_adjustment(self) -> bool:
        return self.kind in ADJUSTMENTS
