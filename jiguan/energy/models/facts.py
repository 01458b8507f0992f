"""Public-institution energy and water (公共机构节约能源资源).

Facts: monthly readings per institution and energy type. Summaries kept current in the
same transaction as the readings (jiguan.energy.summaries): AgencyYear per institution and
year, RegionMonth per statistical region, month and type, RegionYear per statistical region
and year. The statistical region (``stat_region``) of an institution is its county, or its
city / the province for city- and province-level institutions whose region is the city or
the province itself (市本级, 省本级); township institutions count in their county.

Quantities are in the canonical unit of their type (jiguan.energy.rules.ENERGY_TYPES);
standard coal in kgce; money in yuan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet
from jiguan.energy.models.base import NON_NEGATIVE, _AgencyScoped, _AgencyScopedQuerySet
from jiguan.energy.rules import ENERGY_TYPE_CHOICES
from jiguan.orgs.models import AGENCY_TYPE_CHOICES


class CoefficientSetQuerySet(models.QuerySet["CoefficientSet"]):
    def defaults(self) -> CoefficientSetQuerySet:
        return self.filter(is_default=True)


class CoefficientSet(BaseModel):
    """A versioned table of standard-coal coefficients (kgce per canonical unit) with the
    document it comes from. Default sets form the chain readings are converted with (the
    one in force in the reading's month); any set can be chosen for a report."""

    code = models.CharField("编号", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    source = models.CharField("依据文件", max_length=300)
    effective_from = models.DateField("施行日期")
    is_default = models.BooleanField("默认折算", default=False,
                                     help_text="默认系数按月份生效日期折算所有读数")
    values = models.JSONField("折标系数", default=dict)
    note = models.TextField("说明", blank=True)

    objects = CoefficientSetQuerySet.as_manager()

    class Meta:
        verbose_name = "折标系数"
        verbose_name_plural = "折标系数"
        ordering = ["-is_default", "-effective_from", "code"]
        constraints = [models.CheckConstraint(condition=~Q(source=""),
                                              name="energy_coefficientset_source_required")]

    def __str__(self) -> str:
        return self.name

    def decimals(self) -> dict[str, Decimal]:
        return {k: Decimal(str(v)) for k, v in self.values.items()}


class InstitutionYear(_AgencyScoped):
    """The institution's profile for one statistical year (公共机构基本信息)."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="energy_profiles")
    stat_region = models.ForeignKey("access.Region", verbose_name="统计区划",
                                    on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    type_code = models.CharField("单位性质", max_length=3, choices=AGENCY_TYPE_CHOICES)
    on_register = models.BooleanField("列入公共机构名录库", default=True)
    building_area = models.DecimalField("建筑面积（m²）", max_digits=12, decimal_places=2,
                                        validators=NON_NEGATIVE,
                                        help_text="仅办公区建筑面积，不含住宅和宿舍")
    energy_headcount = models.PositiveIntegerField("用能人数", help_text="含编外人员")
    authorized_headcount = models.PositiveIntegerField("编制人数", default=0)

    objects = _AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公共机构基本信息"
        verbose_name_plural = "公共机构基本信息"
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="energy_profile_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年"


class Source(models.TextChoices):
    PAGE = "page", "页面填报"
    IMPORT = "import", "Excel 导入"
    API = "api", "接口上报"


class Reading(_AgencyScoped):
    """One institution's consumption of one type in one month (quantity and cost).

    The fact table that grows without bound (10 M rows at province scale), so it carries
    only the indexes its queries use: every insert pays for each one. The unique key
    (agency, month, type) serves lookups by agency, (stat_region, month) the summaries'
    refresh, (month) the reconversion; the foreign keys to the coefficient set and to the
    users get no index of their own (nothing looks readings up by them).

    No foreign key of a reading is a database constraint (ADR 0006): PostgreSQL checks a
    deferred constraint row by row at COMMIT (15 s of a 1 M-row import for five of them,
    more than the whole raw load), dropping one for a load locks the referenced table
    (agencies, users) against every reader, and a fact table distributed by region (Citus,
    design.md's scale path) cannot reference local tables anyway. Every writer resolves
    the agency, region and set from the database in its own transaction; agencies,
    regions, users and sets are never deleted (archived; the ORM's PROTECT still refuses);
    ``manage.py energy_integrity`` counts orphans, and a test runs it."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="energy_readings", db_index=False,
                               db_constraint=False)
    stat_region = models.ForeignKey("access.Region", verbose_name="统计区划",
                                    on_delete=models.PROTECT, related_name="+",
                                    db_index=False, db_constraint=False)
    month = models.DateField("月份", help_text="该月 1 日")
    energy_type = models.CharField("品种", max_length=12, choices=ENERGY_TYPE_CHOICES)
    quantity = models.DecimalField("用量", max_digits=16, decimal_places=3,
                                   validators=NON_NEGATIVE)
    entered_quantity = models.DecimalField("填报用量", max_digits=16, decimal_places=3)
    entered_unit = models.CharField("填报单位", max_length=12)
    cost = models.DecimalField("费用（元）", max_digits=14, decimal_places=2,
                               validators=NON_NEGATIVE, default=Decimal(0))
    ncv = models.DecimalField("实测低位发热量（kJ/单位）", max_digits=12, decimal_places=2,
                              null=True, blank=True, validators=NON_NEGATIVE)
    kgce = models.DecimalField("折标准煤（kgce）", max_digits=18, decimal_places=3)
    coefficient_set = models.ForeignKey(CoefficientSet, verbose_name="折算系数",
                                        on_delete=models.PROTECT, related_name="+",
                                        null=True, blank=True, db_index=False,
                                        db_constraint=False)
    source = models.CharField("来源", max_length=8, choices=Source.choices, default=Source.PAGE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+",
                                   db_index=False, db_constraint=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="最后修改人",
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", db_index=False, db_constraint=False)
    revisions = models.PositiveIntegerField("修改次数", default=0,
                                            help_text="同一单位同月同品种再次报送的次数")

    objects = _AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "能源资源消费"
        verbose_name_plural = "能源资源消费"
        ordering = ["-month", "agency_id", "energy_type"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "month", "energy_type"],
                                    name="energy_reading_agency_month_type"),
            models.CheckConstraint(condition=Q(quantity__gte=0) & Q(cost__gte=0),
                                   name="energy_reading_non_negative"),
        ]
        # (month DESC, agency, type) is the readings list's order, read from the index
        # instead of sorting a province's ~260,000 readings of the latest month by the
        # agency's name for each page (1.4 s on SQLite, 0.2-0.4 s on PostgreSQL at province
        # scale; bench/README.md session 10); it serves the reconversion's month ranges as
        # the (month) index did.
        indexes = [models.Index(fields=["stat_region", "month"]),
                   models.Index(fields=["-month", "agency", "energy_type"],
                                name="energy_reading_list_order")]

    def __str__(self) -> str:
        return f"{self.agency} {self.month:%Y-%m} {self.get_energy_type_display()}"


class AgencyYear(models.Model):
    """Summary: one institution's year (default coefficients), kept current by
    jiguan.energy.summaries in the transaction that writes its readings."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")
    stat_region = models.ForeignKey("access.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    type_code = models.CharField(max_length=3)
    kgce = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    water = models.DecimalField(max_digits=18, decimal_places=3, default=Decimal(0))
    electricity = models.DecimalField(max_digits=18, decimal_places=3, default=Decimal(0))
    cost = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal(0))
    # Bit m-1 set when month m has a reading (completeness without touching readings).
    months_mask = models.PositiveIntegerField(default=0)
    readings = models.PositiveIntegerField(default=0)
    energy_headcount = models.PositiveIntegerField(null=True)
    building_area = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    on_register = models.BooleanField(default=True)

    objects = _AgencyScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="energy_agencyyear_agency_year")]
        indexes = [models.Index(fields=["year", "stat_region"])]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"


class RegionSummaryQuerySet(ScopedQuerySet[Any]):
    """A statistical region's totals: seen through a region grant over it (an agency grant
    does not show its region's totals, which hold other institutions)."""

    scope_perm = Perm.VIEW_ENERGY
    region_path_field = "stat_region__path"


class RegionMonth(models.Model):
    """Summary: one statistical region's month per type. Keeps quantities, so a report
    can convert with any coefficient set: kgce = ncv_kgce + (quantity - ncv_quantity) x k."""

    stat_region = models.ForeignKey("access.Region", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    energy_type = models.CharField(max_length=12)
    quantity = models.DecimalField(max_digits=22, decimal_places=3, default=Decimal(0))
    ncv_quantity = models.DecimalField(max_digits=22, decimal_places=3, default=Decimal(0))
    ncv_kgce = models.DecimalField(max_digits=22, decimal_places=3, default=Decimal(0))
    kgce = models.DecimalField(max_digits=22, decimal_places=3, default=Decimal(0))
    cost = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal(0))
    readings = models.PositiveIntegerField(default=0)

    objects = RegionSummaryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stat_region", "month", "energy_type"],
                                               name="energy_regionmonth_key")]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.stat_region_id} {self.month:%Y-%m} {self.energy_type}"


class RegionYear(models.Model):
    """Summary: one statistical region's year: totals and the denominators (institutions
    on the register with a profile, their headcount and area)."""

    stat_region = models.ForeignKey("access.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    institutions = models.PositiveIntegerField(default=0)
    reporting = models.PositiveIntegerField(default=0)
    energy_headcount = models.PositiveIntegerField(default=0)
    building_area = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))
    kgce = models.DecimalField(max_digits=22, decimal_places=3, default=Decimal(0))
    water = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    electricity = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    cost = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal(0))

    objects = RegionSummaryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stat_region", "year"],
                                               name="energy_regionyear_key")]
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.stat_region_id} {self.year}"
