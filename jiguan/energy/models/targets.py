"""Five-year targets, yearly quotas and their breaches (《公共机构节能条例》第十六、十七条)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet
from jiguan.energy.models.base import _AgencyScoped, _AgencyScopedQuerySet


class TargetPlanQuerySet(ScopedQuerySet["TargetPlan"]):
    """A region's plan or one institution's: seen by a grant over either."""

    scope_perm = Perm.VIEW_ENERGY
    region_path_field = ("region__path", "agency__region__path")
    agency_field = "agency_id"


class TargetPlan(BaseModel):
    """A five-year target against the baseline year, for a region's institutions or for
    one institution (the institution's own plan wins over its regions')."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    name = models.CharField("规划名称", max_length=60, default="“十四五”节能目标")
    baseline_year = models.PositiveSmallIntegerField("基准年", default=2020)
    end_year = models.PositiveSmallIntegerField("目标年", default=2025)
    per_capita_pct = models.DecimalField("人均综合能耗变化（%）", max_digits=5, decimal_places=2,
                                         validators=[MinValueValidator(Decimal("-100")),
                                                     MaxValueValidator(Decimal("100"))])
    per_area_pct = models.DecimalField("单位建筑面积能耗变化（%）", max_digits=5,
                                       decimal_places=2,
                                       validators=[MinValueValidator(Decimal("-100")),
                                                   MaxValueValidator(Decimal("100"))])
    water_per_capita_pct = models.DecimalField("人均用水量变化（%）", max_digits=5,
                                               decimal_places=2,
                                               validators=[MinValueValidator(Decimal("-100")),
                                                           MaxValueValidator(Decimal("100"))])

    objects = TargetPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "节能目标"
        verbose_name_plural = "节能目标"
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(agency__isnull=True))
                | (Q(region__isnull=True) & Q(agency__isnull=False)),
                name="energy_target_region_xor_agency"),
            models.UniqueConstraint(fields=["region", "end_year"],
                                    condition=Q(region__isnull=False),
                                    name="energy_target_region_end"),
            models.UniqueConstraint(fields=["agency", "end_year"],
                                    condition=Q(agency__isnull=False),
                                    name="energy_target_agency_end"),
        ]

    def __str__(self) -> str:
        return f"{self.agency or self.region} {self.name}"

    @property
    def scope_region_path(self) -> str:
        return self.agency.region.path if self.agency_id else self.region.path  # type: ignore[union-attr]

    @property
    def scope_agency_id(self) -> int | None:
        return self.agency_id

    @property
    def audit_region(self) -> Any:
        return self.agency.region if self.agency_id else self.region  # type: ignore[union-attr]


class Quota(_AgencyScoped):
    """A yearly consumption quota (能耗定额, 第十六条) of one institution."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="energy_quotas")
    year = models.PositiveSmallIntegerField("年度")
    kgce_quota = models.DecimalField("综合能耗定额（kgce）", max_digits=16, decimal_places=2,
                                     validators=[MinValueValidator(Decimal("0.01"),
                                                                   message="定额必须大于 0")])
    water_quota = models.DecimalField("用水定额（m³）", max_digits=14, decimal_places=2,
                                      null=True, blank=True,
                                      validators=[MinValueValidator(Decimal("0.01"),
                                                                    message="定额必须大于 0")])

    objects = _AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "能耗定额"
        verbose_name_plural = "能耗定额"
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="energy_quota_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年定额"


class BreachStatus(models.TextChoices):
    OPEN = "open", "待说明"
    EXPLAINED = "explained", "已说明"
    ACCEPTED = "accepted", "已认可"
    CLEARED = "cleared", "已消除"


class QuotaBreach(_AgencyScoped):
    """An institution over its quota (第十七条: it explains in writing to the bureau)."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="energy_breaches")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("定额类别", max_length=10,
                            choices=[("kgce", "综合能耗"), ("water", "用水")])
    quota = models.DecimalField("定额", max_digits=16, decimal_places=2)
    actual = models.DecimalField("实际", max_digits=18, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=BreachStatus.choices,
                              default=BreachStatus.OPEN)
    explanation = models.TextField("超定额说明", blank=True)
    explained_at = models.DateTimeField("说明时间", null=True, blank=True)
    reviewed_note = models.CharField("审核意见", max_length=300, blank=True)

    objects = _AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "超定额"
        verbose_name_plural = "超定额"
        ordering = ["-year", "status", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind"],
                                               name="energy_breach_key")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年{self.get_kind_display()}超定额"
