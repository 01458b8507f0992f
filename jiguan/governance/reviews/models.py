"""Legality reviews (合法性审查) by a bureau's legal-affairs office (法规处), shared by the
major decisions (decisions) and the major contracts (contracts).

A review names its subject by a small generic key (`subject_kind`, `subject_id`) plus the
subject's region and agency (copied at submission, for scope and the reviewer's to-do): the
review tool imports neither subject module, and a subject may be reviewed several times
(a draft sent back as 不合法 is amended and submitted again: `round` 1, 2 …)."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class SubjectKind(models.TextChoices):
    DECISION = "decision", "重大行政决策"
    CONTRACT = "contract", "重大合同"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "审查中"
    PASSED = "passed", "审查通过"
    FAILED = "failed", "审查未通过"


class Verdict(models.TextChoices):
    LAWFUL = "lawful", "合法"
    UNLAWFUL = "unlawful", "不合法"
    LAWFUL_IF_AMENDED = "amend", "修改后合法"


class ReviewQuerySet(ScopedQuerySet["Review"]):
    scope_perm = Perm.VIEW_REVIEWS
    region_path_field = "region__path"
    agency_field = None

    def for_subject(self, kind: str, subject_id: int) -> ReviewQuerySet:
        return self.filter(subject_kind=kind, subject_id=subject_id)

    def pending(self) -> ReviewQuerySet:
        return self.filter(status=ReviewStatus.PENDING)


class Review(ScopedModel):
    """One submission of a subject for legality review and its outcome."""

    subject_kind = models.CharField("审查对象类型", max_length=10, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField("审查对象编号")
    subject_title = models.CharField("审查对象", max_length=200)
    subject_url = models.CharField("审查对象页面", max_length=200, blank=True)
    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    agency = models.ForeignKey("orgs.Agency", verbose_name="送审单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField("送审次数", default=1)
    submitted_on = models.DateField("送审日期")
    due_on = models.DateField("审查期限")
    note = models.TextField("送审说明", blank=True)
    status = models.CharField("审查结论", max_length=10, choices=ReviewStatus.choices,
                              default=ReviewStatus.PENDING)
    concluded_on = models.DateField("出具意见日期", null=True, blank=True)
    reviewer = models.ForeignKey("access.User", verbose_name="审查人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("综合审查意见", blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "合法性审查"
        verbose_name_plural = "合法性审查"
        ordering = ["-submitted_on", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["subject_kind", "subject_id", "round"], name="governance_review_round")]
        indexes = [models.Index(fields=["subject_kind", "subject_id"]),
                   models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"合法性审查：{self.subject_title}（第{self.round}次送审）"

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def passed(self) -> bool:
        return self.status == ReviewStatus.PASSED


class ReviewMaterial(BaseModel):
    """One item of the submission's materials (决策草案, 起草说明, 依据, 程序说明 …), with its
    file where one was uploaded."""

    review = models.ForeignKey(Review, verbose_name="审查", on_delete=models.CASCADE,
                               related_name="materials")
    seq = models.PositiveSmallIntegerField("序号")
    title = models.CharField("材料名称", max_length=200)
    file = models.ForeignKey("core.StoredFile", verbose_name="文件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "送审材料"
        verbose_name_plural = "送审材料"
        ordering = ["review", "seq"]
        constraints = [models.UniqueConstraint(fields=["review", "seq"],
                                               name="governance_review_material_seq")]

    def __str__(self) -> str:
        return self.title


class ReviewOpinion(BaseModel):
    """The reviewer's opinion on one item (审查事项), citing library rules."""

    review = models.ForeignKey(Review, verbose_name="审查", on_delete=models.CASCADE,
                               related_name="opinions")
    seq = models.PositiveSmallIntegerField("序号")
    item = models.CharField("审查事项", max_length=200)
    verdict = models.CharField("意见", max_length=10, choices=Verdict.choices)
    reasoning = models.TextField("理由", blank=True)
    rules = models.ManyToManyField("governance.Rule", verbose_name="依据（制度库）", blank=True,
                                   related_name="review_opinions")
    articles = models.CharField("条款", max_length=200, blank=True,
                                help_text="如：第五条、第十二条第二款")

    class Meta:
        verbose_name = "审查意见"
        verbose_name_plural = "审查意见"
        ordering = ["review", "seq"]
        constraints = [models.UniqueConstraint(fields=["review", "seq"],
                                               name="governance_review_opinion_seq")]

    def __str__(self) -> str:
        return f"{self.item}：{self.get_verdict_display()}"
