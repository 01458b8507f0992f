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
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.core.models import BaseModel
from jiguan.energy.rules import ENERGY_TYPE_CHOICES
from jiguan.orgs.models import AGENCY_TYPE_CHOICES

NON_NEGATIVE = [MinValueValidator(Decimal("0"), message="不能为负数")]


class _AgencyScopedQuerySet(models.QuerySet[Any]):
    """Rows of one institution: a bureau sees its regions, a reporter its agency."""

    def visible_to(self, user: Any, perm: str = "view_energy") -> Any:
        return self.filter(user.scope.q(perm, region_path_field="agency__region__path",
                                        agency_field="agency_id"))


class _AgencyScoped(BaseModel):
    class Meta:
        abstract = True

    @property
    def scope_region_path(self) -> str:
        return self.agency.region.path  # type: ignore[attr-defined]

    @property
    def scope_agency_id(self) -> int:
        return self.agency_id  # type: ignore[attr-defined]

    @property
    def audit_region(self) -> Any:
        return self.agency.region  # type: ignore[attr-defined]


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


class InstitutionYearQuerySet(_AgencyScopedQuerySet):
    pass


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

    objects = InstitutionYearQuerySet.as_manager()

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


class ReadingQuerySet(_AgencyScopedQuerySet):
    pass


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

    objects = ReadingQuerySet.as_manager()

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
        indexes = [models.Index(fields=["stat_region", "month"]),
                   models.Index(fields=["month"])]

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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="energy_agencyyear_agency_year")]
        indexes = [models.Index(fields=["year", "stat_region"])]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"


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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stat_region", "year"],
                                               name="energy_regionyear_key")]
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.stat_region_id} {self.year}"


# ---------------------------------------------------------------- targets and quotas

class TargetPlanQuerySet(models.QuerySet["TargetPlan"]):
    def visible_to(self, user: Any, perm: str = "view_energy") -> TargetPlanQuerySet:
        q = user.scope.q(perm, region_path_field="region__path", agency_field="agency_id")
        q |= user.scope.q(perm, region_path_field="agency__region__path", agency_field=None)
        return self.filter(q)


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


class QuotaQuerySet(_AgencyScopedQuerySet):
    pass


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

    objects = QuotaQuerySet.as_manager()

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


class QuotaBreachQuerySet(_AgencyScopedQuerySet):
    pass


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

    objects = QuotaBreachQuerySet.as_manager()

    class Meta:
        verbose_name = "超定额"
        verbose_name_plural = "超定额"
        ordering = ["-year", "status", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind"],
                                               name="energy_breach_key")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年{self.get_kind_display()}超定额"


# ---------------------------------------------------------------- water, contracts, garbage

class WaterSavingStatus(models.TextChoices):
    PLANNED = "planned", "创建中"
    ACCEPTED = "accepted", "已认定"
    REVOKED = "revoked", "已撤销"


# The creation criteria of 水资源〔2013〕389号 (domain-rules.md §5.4).
WATER_CRITERIA: tuple[tuple[str, str], ...] = (
    ("tiered_metering", "水表分级计量"),
    ("fixtures_all_saving", "节水型器具使用率 100%，无跑冒滴漏"),
    ("named_manager", "明确用水管理责任人"),
    ("ledger", "用水记录和统计台账"),
    ("yearly_plan", "年度节水计划"),
    ("balance_test", "水平衡测试"),
)


class WaterSavingUnitQuerySet(_AgencyScopedQuerySet):
    pass


class WaterSavingUnit(_AgencyScoped):
    agency = models.OneToOneField("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                                  related_name="water_saving")
    status = models.CharField("状态", max_length=10, choices=WaterSavingStatus.choices,
                              default=WaterSavingStatus.PLANNED)
    tiered_metering = models.BooleanField("水表分级计量", default=False)
    fixtures_all_saving = models.BooleanField("节水型器具使用率 100%", default=False)
    named_manager = models.CharField("用水管理责任人", max_length=50, blank=True)
    ledger = models.BooleanField("用水记录和统计台账", default=False)
    yearly_plan = models.BooleanField("年度节水计划", default=False)
    balance_test = models.BooleanField("水平衡测试", default=False)
    balance_test_date = models.DateField("水平衡测试日期", null=True, blank=True)
    evidence = models.TextField("证明材料", blank=True, help_text="文件名、文号或存放位置")
    accepted_on = models.DateField("认定日期", null=True, blank=True)
    accepted_doc = models.CharField("认定文号", max_length=100, blank=True)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=300, blank=True)

    objects = WaterSavingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "节水型单位"
        verbose_name_plural = "节水型单位"
        ordering = ["agency_id"]

    def __str__(self) -> str:
        return f"{self.agency} 节水型单位"

    def criteria(self) -> list[tuple[str, str, bool]]:
        """(code, label, met) for every criterion."""
        return [(code, label, bool(getattr(self, code))) for code, label in WATER_CRITERIA]

    @property
    def criteria_met(self) -> bool:
        return all(met for _, _, met in self.criteria())


class ContractType(models.TextChoices):
    SHARED = "shared", "节能效益分享型"
    GUARANTEED = "guaranteed", "节能量保证型"
    OUTSOURCING = "outsourcing", "能源费用托管型"
    LEASE = "lease", "融资租赁型"
    HYBRID = "hybrid", "混合型"


class EnergyContractQuerySet(_AgencyScopedQuerySet):
    pass


class EnergyContract(_AgencyScoped):
    """An energy performance contract (合同能源管理, GB/T 24915) of one institution."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="energy_contracts")
    name = models.CharField("项目名称", max_length=100)
    contract_type = models.CharField("合同类型", max_length=12, choices=ContractType.choices)
    provider = models.CharField("节能服务公司", max_length=100)
    provider_credit_code = models.CharField("服务公司统一社会信用代码", max_length=18, blank=True)
    start_date = models.DateField("合同起始日期")
    end_date = models.DateField("合同终止日期")
    baseline_start = models.DateField("基准期起始月")
    baseline_end = models.DateField("基准期终止月")
    baseline_kgce = models.DecimalField("基准期能耗（kgce）", max_digits=16, decimal_places=2,
                                        null=True, blank=True, validators=NON_NEGATIVE,
                                        help_text="留空则按基准期读数计算")
    measurement = models.CharField("测量和验证方法", max_length=200,
                                   default="基期能耗-影响因素调整法")
    sharing_ratio = models.DecimalField("服务公司分享比例（%）", max_digits=5, decimal_places=2,
                                        null=True, blank=True,
                                        validators=[MinValueValidator(Decimal("0")),
                                                    MaxValueValidator(Decimal("100"))])
    guaranteed_kgce = models.DecimalField("保证节能量（kgce/年）", max_digits=16,
                                          decimal_places=2, null=True, blank=True,
                                          validators=NON_NEGATIVE)
    contract_amount = models.DecimalField("合同金额（元）", max_digits=14, decimal_places=2,
                                          null=True, blank=True, validators=NON_NEGATIVE)

    objects = EnergyContractQuerySet.as_manager()

    class Meta:
        verbose_name = "合同能源管理项目"
        verbose_name_plural = "合同能源管理项目"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class SortingSiteKind(models.TextChoices):
    INSTITUTION = "institution", "公共机构"
    COMPOUND = "compound", "居住小区"


class GarbageSortingSiteQuerySet(models.QuerySet["GarbageSortingSite"]):
    def visible_to(self, user: Any, perm: str = "view_energy") -> GarbageSortingSiteQuerySet:
        return self.filter(user.scope.q(perm, region_path_field="region__path",
                                        agency_field="agency_id"))


class GarbageSortingSite(BaseModel):
    """An institution or a residential compound that sorts its garbage, since when."""

    kind = models.CharField("类别", max_length=12, choices=SortingSiteKind.choices)
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey("access.Region", verbose_name="所在区划",
                               on_delete=models.PROTECT, related_name="+")
    since = models.DateField("开始分类日期")
    ended_on = models.DateField("停止日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = GarbageSortingSiteQuerySet.as_manager()

    class Meta:
        verbose_name = "垃圾分类"
        verbose_name_plural = "垃圾分类"
        ordering = ["region__path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="compound") | Q(agency__isnull=False),
                name="energy_sorting_institution_has_agency"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True)
                                   | Q(ended_on__gte=models.F("since")),
                                   name="energy_sorting_dates"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_region_path(self) -> str:
        return self.region.path

    @property
    def scope_agency_id(self) -> int | None:
        return self.agency_id

    @property
    def audit_region(self) -> Any:
        return self.region
