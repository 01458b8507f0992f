"""One standard (一个标准): the platforms (pools), the versioned equipment standards, the
establishment (编制) and the vehicle ledger (公务用车管理台账)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class VehicleCategory(models.TextChoices):
    CONFIDENTIAL = "confidential", "机要通信用车"
    EMERGENCY = "emergency", "应急保障用车"
    ENFORCEMENT = "enforcement", "执法执勤用车"
    SPECIAL = "special", "特种专业技术用车"
    OTHER = "other", "其他公务用车"


class Body(models.TextChoices):
    SALOON = "saloon", "轿车"
    SMALL_BUS = "small_bus", "其他小型客车"
    MEDIUM_BUS = "medium_bus", "中型客车"
    LARGE_BUS = "large_bus", "大型客车"
    SPECIAL = "special", "专用车"


class VehicleStatus(models.TextChoices):
    IN_SERVICE = "in_service", "在用"
    REPAIR = "repair", "维修"
    SUSPENDED = "suspended", "停用"
    DISPOSED = "disposed", "已处置"


class DisposalReason(models.TextChoices):
    SERVICE_LIFE = "service_life", "达到使用年限更新"
    WRECKED = "wrecked", "事故损毁无法修复"
    LEADER_CHANGE = "leader_change", "领导职务变动"


class PlatformQuerySet(ScopedQuerySet["Platform"]):
    scope_perm = Perm.VIEW_TRAVEL
    region_path_field = "region__path"
    agency_field = None


class Platform(ScopedModel):
    """A bureau's vehicle pool on the one platform (统一平台): province, city or county."""

    region = models.OneToOneField("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                                  related_name="travel_platform")
    name = models.CharField("平台名称", max_length=100)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = "用车平台"
        verbose_name_plural = "用车平台"
        ordering = ["region__path"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region(self) -> Any:
        return self.region


class VehicleStandard(BaseModel):
    """One version of one equipment standard (配备标准): the row in force for a vehicle is
    the latest `effective_from` on or before its purchase date, for its category (or every
    category) and its new-energy flag."""

    category = models.CharField("车辆类别", max_length=15, choices=VehicleCategory.choices,
                                blank=True, help_text="空白表示适用于所有类别")
    new_energy = models.BooleanField("新能源", default=False)
    price_cap = models.DecimalField("价格上限（元）", max_digits=12, decimal_places=2,
                                    null=True, blank=True)
    displacement_cap = models.DecimalField("排气量上限（升）", max_digits=3, decimal_places=1,
                                           null=True, blank=True)
    service_life_years = models.PositiveSmallIntegerField("使用年限（年）", default=8)
    effective_from = models.DateField("施行日期")
    verified = models.BooleanField("已核实", default=False)
    source = models.CharField("依据", max_length=300)

    class Meta:
        verbose_name = "配备标准"
        verbose_name_plural = "配备标准"
        ordering = ["category", "new_energy", "-effective_from"]
        constraints = [models.UniqueConstraint(
            fields=["category", "new_energy", "effective_from"], name="travel_standard_version",
            violation_error_message="该类别在同一施行日期已有标准")]

    def __str__(self) -> str:
        label = self.get_category_display() or "所有类别"
        return f"{label}{'（新能源）' if self.new_energy else ''} {self.effective_from}"

    @property
    def audit_region(self) -> None:
        return None


class EstablishmentQuerySet(ScopedQuerySet["Establishment"]):
    scope_perm = Perm.VIEW_TRAVEL
    region_path_field = "region__path"
    agency_field = "agency_id"


class Establishment(ScopedModel):
    """编制: how many vehicles of a category an agency or a platform may hold."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    platform = models.ForeignKey(Platform, verbose_name="平台", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="establishments")
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="vehicle_establishments")
    category = models.CharField("车辆类别", max_length=15, choices=VehicleCategory.choices)
    quota = models.PositiveIntegerField("编制数（辆）")
    approval_doc = models.CharField("核定文号", max_length=100, blank=True)

    scope_agency_id_attr = "agency_id"
    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = "车辆编制"
        verbose_name_plural = "车辆编制"
        ordering = ["region__path", "category"]
        constraints = [
            models.CheckConstraint(
                name="travel_establishment_one_holder",
                violation_error_message="编制须且只能属于一个单位或一个平台",
                condition=(Q(platform__isnull=True, agency__isnull=False)
                           | Q(platform__isnull=False, agency__isnull=True))),
            models.UniqueConstraint(fields=["platform", "category"],
                                    name="travel_establishment_platform",
                                    violation_error_message="该平台此类别已核定编制"),
            models.UniqueConstraint(fields=["agency", "category"],
                                    name="travel_establishment_agency",
                                    violation_error_message="该单位此类别已核定编制"),
        ]

    def __str__(self) -> str:
        return f"{self.holder} {self.get_category_display()} {self.quota} 辆"

    @property
    def holder(self) -> Any:
        return self.platform or self.agency

    @property
    def audit_region(self) -> Any:
        return self.region


class VehicleQuerySet(ScopedQuerySet["Vehicle"]):
    scope_perm = Perm.VIEW_TRAVEL
    region_path_field = "region__path"
    agency_field = "agency_id"

    def active(self) -> VehicleQuerySet:
        return self.exclude(status=VehicleStatus.DISPOSED)


class Vehicle(ScopedModel):
    """One line of the vehicle ledger (台账). A vehicle belongs to a platform's pool or, for
    the categories kept by an agency (机要通信, 执法执勤 ...), to one agency."""

    plate = models.CharField("车牌号", max_length=12, unique=True)
    category = models.CharField("车辆类别", max_length=15, choices=VehicleCategory.choices)
    body = models.CharField("车身", max_length=12, choices=Body.choices, default=Body.SALOON)
    make = models.CharField("品牌型号", max_length=60)
    domestic = models.BooleanField("国产", default=True)
    new_energy = models.BooleanField("新能源", default=False)
    price = models.DecimalField("购置价格（元）", max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(0, message="价格不能为负数")])
    displacement = models.DecimalField("排气量（升）", max_digits=3, decimal_places=1,
                                       null=True, blank=True)
    battery_kwh = models.DecimalField("电池容量（kWh）", max_digits=6, decimal_places=1,
                                      null=True, blank=True)
    tank_litres = models.DecimalField("油箱容积（升）", max_digits=5, decimal_places=1,
                                      null=True, blank=True)
    seats = models.PositiveSmallIntegerField("座位数（不含驾驶员）", default=4)
    purchase_date = models.DateField("购置日期")
    odometer_km = models.PositiveIntegerField("里程表读数（km）", default=0)
    insurer = models.CharField("定点保险", max_length=100, blank=True)
    garage = models.CharField("定点维修", max_length=100, blank=True)
    filling_station = models.CharField("定点加油（充电）", max_length=100, blank=True)
    status = models.CharField("状态", max_length=12, choices=VehicleStatus.choices,
                              default=VehicleStatus.IN_SERVICE)
    disposed_on = models.DateField("处置日期", null=True, blank=True)
    disposal_reason = models.CharField("处置原因", max_length=15, blank=True,
                                       choices=DisposalReason.choices)
    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    platform = models.ForeignKey(Platform, verbose_name="所属平台", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="vehicles")
    agency = models.ForeignKey("orgs.Agency", verbose_name="所属单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="vehicles")
    import_job_id = models.IntegerField("导入批次", null=True, blank=True, editable=False)

    scope_agency_id_attr = "agency_id"
    objects = VehicleQuerySet.as_manager()

    class Meta:
        verbose_name = "公务用车"
        verbose_name_plural = "公务用车"
        ordering = ["region__path", "plate"]
        constraints = [models.CheckConstraint(
            name="travel_vehicle_one_holder",
            violation_error_message="车辆须且只能属于一个单位或一个平台",
            condition=(Q(platform__isnull=True, agency__isnull=False)
                       | Q(platform__isnull=False, agency__isnull=True)))]
        indexes = [models.Index(fields=["platform", "status"], name="travel_vehicle_pool")]

    def __str__(self) -> str:
        return self.plate

    @property
    def holder(self) -> Any:
        return self.platform or self.agency

    @property
    def audit_region(self) -> Any:
        return self.region

    def age_years(self, on: dt.date) -> int:
        years = on.year - self.purchase_date.year
        if (on.month, on.day) < (self.purchase_date.month, self.purchase_date.day):
            years -= 1
        return years
