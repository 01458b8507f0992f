"""One ledger (一本账): per-vehicle accounting entries (单车核算), the rates agencies are
charged by, the charge of each trip, and the monthly statements per agency."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.travel.trips.models import Trip
from jiguan.travel.vehicles.models import Platform, Vehicle


class CostKind(models.TextChoices):
    FUEL = "fuel", "燃油费"
    CHARGING = "charging", "充电费"
    MAINTENANCE = "maintenance", "维修保养费"
    INSURANCE = "insurance", "保险费"
    TOLL = "toll", "通行费"
    PARKING = "parking", "停车费"
    DEPRECIATION = "depreciation", "折旧"


class Rate(BaseModel):
    """A platform's charging rates, versioned by `effective_from` [R]: set by each bureau."""

    platform = models.ForeignKey(Platform, verbose_name="平台", on_delete=models.PROTECT,
                                 related_name="rates")
    per_km = models.DecimalField("每公里（元）", max_digits=8, decimal_places=2, default=0)
    per_hour = models.DecimalField("每小时（元）", max_digits=8, decimal_places=2, default=0)
    per_trip = models.DecimalField("每趟（元）", max_digits=8, decimal_places=2, default=0)
    effective_from = models.DateField("施行日期")
    source = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "收费标准"
        verbose_name_plural = "收费标准"
        ordering = ["platform_id", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["platform", "effective_from"],
                                               name="travel_rate_version",
                                               violation_error_message="该平台同一日期已有收费标准")]

    def __str__(self) -> str:
        return f"{self.platform} {self.effective_from}"

    @property
    def audit_region(self) -> Any:
        return self.platform.region


class CostEntryQuerySet(ScopedQuerySet["CostEntry"]):
    scope_perm = Perm.VIEW_TRAVEL
    region_path_field = "vehicle__region__path"
    agency_field = "vehicle__agency_id"


class CostEntry(ScopedModel):
    """One cost of one vehicle, tied to a trip where it has one."""

    vehicle = models.ForeignKey(Vehicle, verbose_name="车辆", on_delete=models.PROTECT,
                                related_name="cost_entries")
    trip = models.ForeignKey(Trip, verbose_name="行程", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="cost_entries")
    kind = models.CharField("费用类别", max_length=15, choices=CostKind.choices)
    date = models.DateField("日期")
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)

    scope_region_path_attr = "vehicle.region.path"
    scope_agency_id_attr = "vehicle.agency_id"
    objects = CostEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "单车核算记录"
        verbose_name_plural = "单车核算记录"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["vehicle", "date"], name="travel_cost_vehicle"),
                   models.Index(fields=["date"], name="travel_cost_date")]

    def __str__(self) -> str:
        return f"{self.vehicle} {self.get_kind_display()} {self.amount}"

    @property
    def audit_region(self) -> Any:
        return self.vehicle.region


class ChargeQuerySet(ScopedQuerySet["Charge"]):
    scope_perm = Perm.VIEW_TRAVEL
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class Charge(ScopedModel):
    """What an agency is charged for one closed trip, by the rate in force that day."""

    trip = models.OneToOneField(Trip, verbose_name="行程", on_delete=models.PROTECT,
                                related_name="charge")
    agency = models.ForeignKey("orgs.Agency", verbose_name="用车单位", on_delete=models.PROTECT,
                               related_name="+")
    vehicle = models.ForeignKey(Vehicle, verbose_name="车辆", on_delete=models.PROTECT,
                                related_name="+")
    month = models.DateField("所属月份")
    rate = models.ForeignKey(Rate, verbose_name="收费标准", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    km = models.PositiveIntegerField("里程（km）")
    hours = models.DecimalField("时长（小时）", max_digits=8, decimal_places=2)
    service = models.DecimalField("服务费（元）", max_digits=12, decimal_places=2)
    costs = models.DecimalField("代垫费用（元）", max_digits=12, decimal_places=2)
    amount = models.DecimalField("应收合计（元）", max_digits=12, decimal_places=2)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = ChargeQuerySet.as_manager()

    class Meta:
        verbose_name = "用车收费"
        verbose_name_plural = "用车收费"
        ordering = ["-month", "agency_id"]
        indexes = [models.Index(fields=["month", "agency"], name="travel_charge_month")]

    def __str__(self) -> str:
        return f"{self.trip} {self.amount}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class StatementQuerySet(ScopedQuerySet["Statement"]):
    scope_perm = Perm.VIEW_TRAVEL
    region_path_field = "agency__region__path"
    agency_field = "agency_id"


class Statement(ScopedModel):
    """The monthly statement of one agency as issued; the page compares it with the charges
    and the vehicle entries as they are now, and shows any difference."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="用车单位", on_delete=models.PROTECT,
                               related_name="+")
    month = models.DateField("月份")
    trips = models.PositiveIntegerField("行程数")
    km = models.PositiveIntegerField("里程（km）")
    amount = models.DecimalField("应收合计（元）", max_digits=14, decimal_places=2)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = "月度结算单"
        verbose_name_plural = "月度结算单"
        ordering = ["-month", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "month"],
                                               name="travel_statement_month",
                                               violation_error_message="该单位该月已出结算单")]

    def __str__(self) -> str:
        return f"{self.agency} {self.month:%Y-%m}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region
