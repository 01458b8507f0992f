"""Water-saving units, energy performance contracts and garbage sorting sites."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet
from jiguan.energy.models.base import NON_NEGATIVE, _AgencyScoped, _AgencyScopedQuerySet


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

    objects = _AgencyScopedQuerySet.as_manager()

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

    objects = _AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "合同能源管理项目"
        verbose_name_plural = "合同能源管理项目"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class SortingSiteKind(models.TextChoices):
    INSTITUTION = "institution", "公共机构"
    COMPOUND = "compound", "居住小区"


class GarbageSortingSiteQuerySet(ScopedQuerySet["GarbageSortingSite"]):
    scope_perm = Perm.VIEW_ENERGY
    region_path_field = "region__path"
    agency_field = "agency_id"


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
