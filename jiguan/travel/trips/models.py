"""One platform (一个平台): drivers, trip requests and their dispatch slips (派车单)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleCategory


class DriverQuerySet(ScopedQuerySet["Driver"]):
    scope_perm = Perm.VIEW_TRAVEL
    region_path_field = "platform__region__path"
    agency_field = None


class Driver(ScopedModel):
    platform = models.ForeignKey(Platform, verbose_name="所属平台", on_delete=models.PROTECT,
                                 related_name="drivers")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    licence_class = models.CharField("准驾车型", max_length=10, default="C1")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="driver")
    active = models.BooleanField("在岗", default=True)

    scope_region_path_attr = "platform.region.path"
    objects = DriverQuerySet.as_manager()

    class Meta:
        verbose_name = "驾驶员"
        verbose_name_plural = "驾驶员"
        ordering = ["platform_id", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region(self) -> Any:
        return self.platform.region


class TripStatus(models.TextChoices):
    SUBMITTED = "submitted", "待单位审批"
    APPROVED = "approved", "待派车"
    REJECTED = "rejected", "未批准"
    DISPATCHED = "dispatched", "已派车"
    CLOSED = "closed", "已回场"
    CANCELLED = "cancelled", "已取消"


# The statuses in which a trip holds its vehicle and driver for its window.
BUSY = (TripStatus.DISPATCHED,)


class TripQuerySet(ScopedQuerySet["Trip"]):
    scope_perm = Perm.VIEW_TRAVEL
    # The requesting agency, the bureaus over it, and the bureaus over the platform that
    # handles the trip (a request passed up or sideways).
    region_path_field = ("agency__region__path", "platform__region__path")
    agency_field = "agency_id"

    def busy_between(self, start: Any, end: Any) -> TripQuerySet:
        return self.filter(status__in=BUSY, start_at__lt=end, end_at__gt=start)


class Trip(ScopedModel):
    """A request for a vehicle (用车申请) and, once dispatched, its slip (派车单)."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="用车单位", on_delete=models.PROTECT,
                               related_name="trips")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人",
                                  on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Platform, verbose_name="承办平台", on_delete=models.PROTECT,
                                 related_name="trips")
    passengers = models.PositiveSmallIntegerField("乘车人数")
    passenger_names = models.CharField("乘车人", max_length=200, blank=True)
    start_at = models.DateTimeField("用车开始")
    end_at = models.DateTimeField("用车结束")
    origin = models.CharField("出发地", max_length=100)
    destinations = models.CharField("目的地", max_length=300)
    purpose = models.CharField("事由", max_length=300)
    category = models.CharField("车辆类别", max_length=15, choices=VehicleCategory.choices,
                                default=VehicleCategory.OTHER)
    urgent = models.BooleanField("紧急", default=False,
                                 help_text="节假日用车须为紧急公务")
    status = models.CharField("状态", max_length=12, choices=TripStatus.choices,
                              default=TripStatus.SUBMITTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    vehicle = models.ForeignKey(Vehicle, verbose_name="车辆", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="trips")
    driver = models.ForeignKey(Driver, verbose_name="驾驶员", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="trips")
    slip_no = models.CharField("派车单号", max_length=30, null=True, blank=True, unique=True)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调度员",
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    dispatched_at = models.DateTimeField("派车时间", null=True, blank=True)
    odometer_start = models.PositiveIntegerField("出车里程（km）", null=True, blank=True)
    odometer_end = models.PositiveIntegerField("回场里程（km）", null=True, blank=True)
    actual_start = models.DateTimeField("实际出车", null=True, blank=True)
    actual_end = models.DateTimeField("实际回场", null=True, blank=True)
    fuel_litres = models.DecimalField("加油（升）", max_digits=6, decimal_places=2, null=True,
                                      blank=True)
    charge_kwh = models.DecimalField("充电（kWh）", max_digits=7, decimal_places=2, null=True,
                                     blank=True)
    energy_cost = models.DecimalField("油（电）费（元）", max_digits=10, decimal_places=2,
                                      default=0)
    tolls = models.DecimalField("通行费（元）", max_digits=10, decimal_places=2, default=0)
    parking = models.DecimalField("停车费（元）", max_digits=10, decimal_places=2, default=0)
    rating = models.PositiveSmallIntegerField("服务评价", null=True, blank=True)
    rating_note = models.CharField("评价意见", max_length=200, blank=True)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = "用车申请"
        verbose_name_plural = "用车申请"
        ordering = ["-start_at", "-pk"]
        constraints = [models.CheckConstraint(name="travel_trip_window",
                                              violation_error_message="用车结束须晚于开始",
                                              condition=Q(end_at__gt=models.F("start_at")))]
        indexes = [
            # The free-vehicle search reads only the trips that hold a vehicle now.
            models.Index(fields=["vehicle", "start_at", "end_at"], name="travel_trip_vbusy",
                         condition=Q(status="dispatched")),
            models.Index(fields=["driver", "start_at", "end_at"], name="travel_trip_dbusy",
                         condition=Q(status="dispatched")),
            models.Index(fields=["platform", "status", "start_at"], name="travel_trip_queue"),
            models.Index(fields=["agency", "start_at"], name="travel_trip_agency"),
        ]

    def __str__(self) -> str:
        return self.slip_no or f"用车申请 {self.pk}"

    @property
    def audit_region(self) -> Any:
        return self.agency.region

    @property
    def distance_km(self) -> int | None:
        if self.odometer_start is None or self.odometer_end is None:
            return None
        return self.odometer_end - self.odometer_start

    @property
    def is_open(self) -> bool:
        return self.status in (TripStatus.SUBMITTED, TripStatus.APPROVED, TripStatus.DISPATCHED)
