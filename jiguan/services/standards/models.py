"""Service standards (服务标准): versioned standards per service category, their scored
items, and the pilot units (试点单位) that run them."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class CheckMethod(models.TextChoices):
    ONSITE = "onsite", "现场查看"
    MEASURE = "measure", "测量检测"
    RECORD = "record", "查阅记录"
    SURVEY = "survey", "满意度调查"


class Frequency(models.TextChoices):
    DAILY = "daily", "每日"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    EVENT = "event", "每次服务"


class ServiceStandard(BaseModel):
    """One version of one standard. A new version is a new row (with copies of the items):
    the inspections scored on an older version keep pointing at its items, unchanged."""

    code = models.CharField("标准编号", max_length=40)
    title = models.CharField("标准名称", max_length=120)
    version = models.CharField("版本", max_length=20)
    effective_from = models.DateField("实施日期")
    category = models.ForeignKey("services.ServiceCategory", verbose_name="服务类别",
                                 on_delete=models.PROTECT, related_name="standards")
    source = models.CharField("编制依据", max_length=400)
    previous = models.ForeignKey("self", verbose_name="上一版本", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "服务标准"
        verbose_name_plural = "服务标准"
        ordering = ["category__order", "code", "-effective_from"]
        constraints = [models.UniqueConstraint(
            fields=["code", "version"], name="services_standard_code_version",
            violation_error_message="该标准编号已有此版本")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}（{self.version}版）"

    @property
    def audit_region(self) -> None:
        return None

    @property
    def total_weight(self) -> Any:
        return sum((i.weight for i in self.items.all()), start=0)


class StandardItem(BaseModel):
    standard = models.ForeignKey(ServiceStandard, verbose_name="标准", on_delete=models.PROTECT,
                                 related_name="items")
    no = models.PositiveSmallIntegerField("序号")
    aspect = models.CharField("项目", max_length=40)
    requirement = models.CharField("服务要求", max_length=400)
    method = models.CharField("检查方式", max_length=10, choices=CheckMethod.choices)
    frequency = models.CharField("检查频次", max_length=10, choices=Frequency.choices)
    weight = models.DecimalField("分值", max_digits=5, decimal_places=1,
                                 validators=[MinValueValidator(0, message="分值不能为负数")])
    deduction = models.DecimalField("每处扣分", max_digits=5, decimal_places=1,
                                    validators=[MinValueValidator(0, message="扣分不能为负数")])
    source = models.CharField("来源", max_length=300)
    ours = models.BooleanField("本平台拟定", default=False)

    class Meta:
        verbose_name = "标准条款"
        verbose_name_plural = "标准条款"
        ordering = ["standard", "no"]
        constraints = [models.UniqueConstraint(fields=["standard", "no"],
                                               name="services_standard_item_no",
                                               violation_error_message="序号重复")]

    def __str__(self) -> str:
        return f"{self.no}. {self.aspect}"


class PilotQuerySet(ScopedQuerySet["PilotUnit"]):
    scope_perm = Perm.VIEW_SERVICES
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class PilotUnit(ScopedModel):
    """An agency that runs a standard since a date (试点单位, as the Jiaxing pilot)."""

    standard_code = models.CharField("标准编号", max_length=40)
    agency = models.ForeignKey("orgs.Agency", verbose_name="试点单位", on_delete=models.PROTECT,
                               related_name="+")
    since = models.DateField("试点起始日期")
    note = models.CharField("说明", max_length=200, blank=True)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = "试点单位"
        verbose_name_plural = "试点单位"
        ordering = ["standard_code", "since"]
        constraints = [models.UniqueConstraint(fields=["standard_code", "agency"],
                                               name="services_pilot_unique",
                                               violation_error_message="该单位已是此标准的试点单位")]

    def __str__(self) -> str:
        return f"{self.agency} {self.standard_code}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region
