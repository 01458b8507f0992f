"""The rules library (制度库): the rules a bureau keeps, their articles, relations,
attachments, and the yearly clean-up campaign (规范性文件清理)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import (
    ScopedModel,
    ScopedQuerySet,
    agency_region_ids,
    region_paths,
)


class RuleKind(BaseModel):
    """A kind of rule (地方性法规, 政府规章, 行政规范性文件 …): a list the province edits."""

    name = models.CharField("类别", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    has_validity = models.BooleanField("设有效期", default=False,
                                       help_text="行政规范性文件设有效期（浙江）")

    class Meta:
        verbose_name = "制度类别"
        verbose_name_plural = "制度类别"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RuleSubject(BaseModel):
    """A subject (办公用房, 公务用车 …): a list the province edits."""

    name = models.CharField("主题", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "制度主题"
        verbose_name_plural = "制度主题"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RuleStatus(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修订"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "失效"


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


class RuleQuerySet(ScopedQuerySet["Rule"]):
    """A bureau sees its own library and those below it (the province every bureau's, a
    city its counties'), and reads the libraries above it (the rules it must apply); an
    agency reads its region's library and those above."""

    scope_perm = Perm.VIEW_RULES
    region_path_field = "region__path"
    agency_field = None
    agency_region_field = "region_id"

    def scope_q(self, user: Any, perm: str) -> Q:
        q = super().scope_q(user, perm)
        paths = list(region_paths(user, perm))
        ids = agency_region_ids(user, perm)
        if ids:
            paths += list(Region.objects.filter(pk__in=ids).values_list("path", flat=True))
        above = {a for path in paths for a in _ancestor_paths(path)}
        if above:
            q |= Q(region__path__in=sorted(above))
        return q

    def in_force(self) -> RuleQuerySet:
        return self.filter(status=RuleStatus.IN_FORCE)


class Rule(ScopedModel):
    """One rule (制度文件) in a bureau's library."""

    region = models.ForeignKey("access.Region", verbose_name="所属区划", on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField("标题", max_length=200)
    issuer = models.CharField("发文机关", max_length=200,
                              help_text="联合发文的各机关以“、”分隔")
    number = models.CharField("文号", max_length=60, blank=True)
    issuer_code = models.CharField("发文字号（机关代字）", max_length=40, blank=True)
    year = models.PositiveSmallIntegerField("文号年份", null=True, blank=True)
    serial = models.PositiveIntegerField("文号序号", null=True, blank=True)
    kind = models.ForeignKey(RuleKind, verbose_name="类别", on_delete=models.PROTECT,
                             related_name="rules")
    subject = models.ForeignKey(RuleSubject, verbose_name="主题", on_delete=models.PROTECT,
                                related_name="rules")
    issued_on = models.DateField("发布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    provisional = models.BooleanField("暂行/试行", default=False)
    status = models.CharField("状态", max_length=10, choices=RuleStatus.choices,
                              default=RuleStatus.IN_FORCE)
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    status_doc = models.CharField("变更依据文件", max_length=200, blank=True)
    text_note = models.CharField("正文说明", max_length=200, blank=True,
                                 help_text="如：正文未收录")
    source_note = models.CharField("信息来源", max_length=300, blank=True)

    search_fields = ("title", "number", "issuer")
    scope_region_path_attr = "region.path"

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = "制度文件"
        verbose_name_plural = "制度文件"
        ordering = ["-issued_on", "title"]
        constraints = [models.UniqueConstraint(
            fields=["region", "number"], condition=~Q(number=""),
            name="governance_rule_number_per_region",
            violation_error_message="本区划已登记该文号")]
        indexes = [models.Index(fields=["region", "status"]),
                   models.Index(fields=["number"]),
                   # the register's order: an unselective search walks it and stops at
                   # the page (queries.searched)
                   models.Index(F("issued_on").desc(), "title", "id",
                                name="governance_rule_register")]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    @property
    def audit_region(self) -> Any:
        return self.region


class RuleArticle(BaseModel):
    """One article (第一条 …) of a rule's text."""

    rule = models.ForeignKey(Rule, verbose_name="制度", on_delete=models.CASCADE,
                             related_name="articles")
    seq = models.PositiveIntegerField("序号")
    label = models.CharField("条号", max_length=20)
    chapter = models.CharField("章", max_length=100, blank=True)
    text = models.TextField("条文")

    search_fields = ("text",)

    class Meta:
        verbose_name = "条文"
        verbose_name_plural = "条文"
        ordering = ["rule", "seq"]
        constraints = [models.UniqueConstraint(fields=["rule", "seq"],
                                               name="governance_article_seq")]

    def __str__(self) -> str:
        return f"{self.rule.title} {self.label}"


class RelationKind(models.TextChoices):
    REPLACES = "replaces", "替代"
    AMENDS = "amends", "修订"
    REPEALS = "repeals", "废止"
    BASED_ON = "based_on", "制定依据（上位法）"


class RuleRelation(BaseModel):
    """`source` replaces / amends / repeals / is based on `target` (a rule of the library)
    or `target_title` (a document outside it, such as a national law)."""

    source = models.ForeignKey(Rule, verbose_name="本文件", on_delete=models.CASCADE,
                               related_name="relations")
    kind = models.CharField("关系", max_length=10, choices=RelationKind.choices)
    target = models.ForeignKey(Rule, verbose_name="对象文件", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="related_from")
    target_title = models.CharField("库外文件", max_length=200, blank=True)

    class Meta:
        verbose_name = "文件关系"
        verbose_name_plural = "文件关系"
        ordering = ["source", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target or self.target_title}"


class RuleAttachment(BaseModel):
    """A PDF kept with a rule (the signed original, a scan)."""

    rule = models.ForeignKey(Rule, verbose_name="制度", on_delete=models.CASCADE,
                             related_name="attachments")
    # core.files keeps the name, size, SHA-256 and bytes (migration 0006 moved the bytes
    # this table used to hold)
    file = models.ForeignKey("core.StoredFile", verbose_name="文件", null=True,
                             on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["rule", "pk"]

    def __str__(self) -> str:
        return self.file.name if self.file is not None else ""


class CampaignStatus(models.TextChoices):
    OPEN = "open", "清理中"
    APPLIED = "applied", "已公布结果"


class CleanupDecision(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "需修订"
    REPEAL = "repeal", "废止"
    EXPIRE = "expire", "宣布失效"


class CampaignQuerySet(ScopedQuerySet["CleanupCampaign"]):
    scope_perm = Perm.VIEW_RULES
    region_path_field = "region__path"
    agency_field = None


class CleanupCampaign(ScopedModel):
    """A bureau's yearly clean-up of its rules (规范性文件清理)."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.OPEN)
    result_doc = models.CharField("清理结果公布文件", max_length=200, blank=True)
    applied_on = models.DateField("公布日期", null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件清理"
        verbose_name_plural = "规范性文件清理"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"],
                                               name="governance_campaign_year",
                                               violation_error_message="本区划该年度已开展清理")]

    def __str__(self) -> str:
        return f"{self.year}年规范性文件清理"

    @property
    def audit_region(self) -> Any:
        return self.region


class CleanupItem(BaseModel):
    campaign = models.ForeignKey(CleanupCampaign, verbose_name="清理", on_delete=models.CASCADE,
                                 related_name="items")
    rule = models.ForeignKey(Rule, verbose_name="制度", on_delete=models.PROTECT,
                             related_name="cleanup_items")
    decision = models.CharField("清理意见", max_length=10, choices=CleanupDecision.choices,
                                blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "清理事项"
        verbose_name_plural = "清理事项"
        ordering = ["campaign", "rule__title"]
        constraints = [models.UniqueConstraint(fields=["campaign", "rule"],
                                               name="governance_cleanup_rule")]
