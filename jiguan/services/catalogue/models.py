"""The guiding catalogue (指导性目录): categories and items, the catalogues the province
publishes and each city and county narrows, the reference prices per region, the negative
list of 第十条, and the supplier register with its eligibility (第八条)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet, holds


class ServiceCategory(BaseModel):
    code = models.CharField("类别代码", max_length=10, unique=True)
    name = models.CharField("服务类别", max_length=60)
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "服务类别"
        verbose_name_plural = "服务类别"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region(self) -> None:
        return None


class ServiceItem(BaseModel):
    category = models.ForeignKey(ServiceCategory, verbose_name="服务类别",
                                 on_delete=models.PROTECT, related_name="items")
    code = models.CharField("事项代码", max_length=10, unique=True)
    name = models.CharField("服务事项", max_length=100)
    unit = models.CharField("计量单位", max_length=10)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "服务事项"
        verbose_name_plural = "服务事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_region(self) -> None:
        return None


class NegativeEntry(BaseModel):
    """One line of the negative list (第十条): a purchase whose item or title falls on it is
    refused, citing the clause."""

    clause = models.CharField("项", max_length=4)
    text = models.CharField("内容", max_length=200)
    keywords = models.CharField("识别关键词（顿号分隔）", max_length=300, blank=True)
    verified = models.BooleanField("已核实", default=False)
    source = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "负面清单"
        verbose_name_plural = "负面清单"
        ordering = ["clause"]

    def __str__(self) -> str:
        return f"第十条{self.clause} {self.text}"

    @property
    def keyword_list(self) -> tuple[str, ...]:
        return tuple(k for k in self.keywords.split("、") if k)


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class PublicQuerySet(ScopedQuerySet[Any]):
    """Published documents (a catalogue, a reference price) are read by everyone holding
    the permission; a draft only within the region's scope."""

    scope_perm = Perm.VIEW_SERVICES
    region_path_field = "region__path"

    def scope_q(self, user: Any, perm: str) -> Q:
        q = super().scope_q(user, perm)
        if perm == Perm.VIEW_SERVICES and holds(user, perm):
            q |= self.public_q()
        return q

    def public_q(self) -> Q:
        return Q(status=CatalogueStatus.PUBLISHED)


class Catalogue(ScopedModel):
    """One region's catalogue of one year. The province's lists the items; a city's or
    county's is narrowed from the nearest published catalogue above it and holds a subset
    of its items (narrowing only removes)."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("目录名称", max_length=120)
    doc_no = models.CharField("发布文号", max_length=60, blank=True)
    parent = models.ForeignKey("self", verbose_name="上级目录", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    status = models.CharField("状态", max_length=10, choices=CatalogueStatus.choices,
                              default=CatalogueStatus.DRAFT)
    published_on = models.DateField("发布日期", null=True, blank=True)
    items = models.ManyToManyField(ServiceItem, verbose_name="服务事项", related_name="+",
                                   blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = "指导性目录"
        verbose_name_plural = "指导性目录"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(
            fields=["region", "year"], name="services_catalogue_region_year",
            violation_error_message="该区划该年度已有目录")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def is_published(self) -> bool:
        return self.status == CatalogueStatus.PUBLISHED


class PriceQuerySet(PublicQuerySet):
    def public_q(self) -> Q:
        return Q(pk__isnull=False)


class PriceRange(ScopedModel):
    """A reference price range (参考价格区间) of one item in one region and year; a region
    without its own reads the nearest one above it."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    item = models.ForeignKey(ServiceItem, verbose_name="服务事项", on_delete=models.PROTECT,
                             related_name="prices")
    year = models.PositiveSmallIntegerField("年度")
    low = models.DecimalField("参考价下限（元/单位）", max_digits=12, decimal_places=2,
                              validators=[MinValueValidator(0, message="价格不能为负数")])
    high = models.DecimalField("参考价上限（元/单位）", max_digits=12, decimal_places=2,
                               validators=[MinValueValidator(0, message="价格不能为负数")])
    note = models.CharField("说明", max_length=200, blank=True)

    objects = PriceQuerySet.as_manager()

    class Meta:
        verbose_name = "参考价格"
        verbose_name_plural = "参考价格"
        ordering = ["item__code", "region__path"]
        constraints = [
            models.UniqueConstraint(fields=["region", "item", "year"],
                                    name="services_price_region_item_year",
                                    violation_error_message="该区划该事项该年度已有参考价"),
            models.CheckConstraint(name="services_price_low_le_high",
                                   condition=Q(low__lte=models.F("high")),
                                   violation_error_message="参考价下限不能高于上限"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} {self.low}–{self.high} 元/{self.item.unit}"

    @property
    def audit_region(self) -> Any:
        return self.region


class SupplierKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    SOCIAL_ORG = "social_org", "社会组织（不含财政拨款保障的群团组织）"
    INSTITUTION_2 = "institution_2", "公益二类事业单位"
    INSTITUTION_BUSINESS = "institution_business", "生产经营类事业单位"
    COLLECTIVE = "collective", "农村集体经济组织"
    GRASSROOTS = "grassroots", "基层群众性自治组织"
    INDIVIDUAL = "individual", "具备条件的个人"
    INSTITUTION_1 = "institution_1", "公益一类事业单位"
    FUNDED_MASS_ORG = "funded_mass_org", "财政拨款保障的群团组织"


class SupplierQuerySet(ScopedQuerySet["Supplier"]):
    scope_perm = Perm.VIEW_SERVICES
    region_path_field = "region__path"

    def scope_q(self, user: Any, perm: str) -> Q:
        # The supplier register is shared by every buyer in the province (a supplier serves
        # many regions); writes are checked against the region that registered it.
        q = super().scope_q(user, perm)
        if perm == Perm.VIEW_SERVICES and holds(user, perm):
            q |= Q(pk__isnull=False)
        return q


class Supplier(ScopedModel):
    """承接主体: a supplier of services, with its kind (第八条 decides who may supply)."""

    name = models.CharField("供应商名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    kind = models.CharField("主体类型", max_length=20, choices=SupplierKind.choices)
    region = models.ForeignKey("access.Region", verbose_name="登记区划", on_delete=models.PROTECT,
                               related_name="+")
    contact = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        verbose_name = "服务供应商"
        verbose_name_plural = "服务供应商"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region(self) -> Any:
        return self.region
