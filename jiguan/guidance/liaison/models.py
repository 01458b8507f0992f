"""Liaison (联系指导): which provincial leader liaises with which city and county bureaus in a
year, the leader's visits (调研指导) with their topics, and the issues a bureau raised on a
visit, each followed to its answer.

An assignment and a visit are seen by the liaised (visited) bureau's region and above; the
province sees them all."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class AssignmentQuerySet(ScopedQuerySet["Assignment"]):
    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = "region__path"
    agency_field = None


class Assignment(ScopedModel):
    """A leader liaising with the bureau of `region` for `year`: a user of the platform or a
    named person (name and post)."""

    year = models.PositiveSmallIntegerField("年度")
    leader_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="联系领导（用户）",
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    leader_name = models.CharField("联系领导", max_length=50)
    leader_post = models.CharField("职务", max_length=100, blank=True)
    region = models.ForeignKey("access.Region", verbose_name="联系单位（区划）",
                               on_delete=models.PROTECT, related_name="+")
    note = models.CharField("备注", max_length=300, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "联系指导安排"
        verbose_name_plural = "联系指导安排"
        ordering = ["-year", "region__path", "leader_name"]
        constraints = [models.UniqueConstraint(fields=["year", "region", "leader_name"],
                                               name="guidance_assignment_once")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.leader_name} 联系 {self.region}"

    @property
    def audit_region(self) -> Any:
        return self.region


class VisitQuerySet(ScopedQuerySet["Visit"]):
    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = "region__path"
    agency_field = None


class Visit(ScopedModel):
    """A leader's visit to a bureau: date, topics, and the issues raised (VisitIssue)."""

    region = models.ForeignKey("access.Region", verbose_name="走访单位（区划）",
                               on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("走访日期")
    assignment = models.ForeignKey(Assignment, verbose_name="联系指导安排", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="visits")
    leader_name = models.CharField("带队领导", max_length=50)
    topics = models.TextField("调研指导内容")
    note = models.TextField("情况记录", blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "走访"
        verbose_name_plural = "走访"
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.leader_name} 赴{self.region}"

    @property
    def audit_region(self) -> Any:
        return self.region


class IssueStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"


class VisitIssue(BaseModel):
    """An issue the bureau raised on a visit (反映的问题), followed to its answer."""

    visit = models.ForeignKey(Visit, verbose_name="走访", on_delete=models.CASCADE,
                              related_name="issues")
    seq = models.PositiveSmallIntegerField("序号")
    text = models.TextField("反映的问题")
    status = models.CharField("办理情况", max_length=8, choices=IssueStatus.choices,
                              default=IssueStatus.OPEN)
    answer = models.TextField("答复内容", blank=True)
    answered_by = models.CharField("答复人", max_length=50, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = "走访反映问题"
        verbose_name_plural = "走访反映问题"
        ordering = ["visit", "seq"]
        constraints = [models.UniqueConstraint(fields=["visit", "seq"],
                                               name="guidance_visit_issue_seq")]

    def __str__(self) -> str:
        return f"第{self.seq}项：{self.text[:40]}"
