"""Policy research (调查研究): the yearly topics of a region's bureau, their teams (people of
the register and outside partners), milestones, reports, awards, and where the findings
were used (a rule of the library, a plan target, a decision)."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", "已立项"
    ACTIVE = "active", "研究中"
    DONE = "done", "已结题"
    DROPPED = "dropped", "已撤销"


class MemberRole(models.TextChoices):
    LEAD = "lead", "课题负责人"
    MEMBER = "member", "课题组成员"
    ADVISER = "adviser", "顾问"


class AwardLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"


class AwardRank(models.TextChoices):
    SPECIAL = "special", "特等奖"
    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"
    MERIT = "merit", "优秀奖"


class UseKind(models.TextChoices):
    RULE = "rule", "制度文件"
    TARGET = "target", "规划指标"
    DECISION = "decision", "重大行政决策"


class TopicQuerySet(ScopedQuerySet["Topic"]):
    """A topic is seen by its lead region's subtree."""

    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = "region__path"


class Topic(ScopedModel):
    region = models.ForeignKey("access.Region", verbose_name="牵头区划", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("课题名称", max_length=200)
    division = models.CharField("牵头处室", max_length=100, blank=True)
    status = models.CharField("状态", max_length=10, choices=TopicStatus.choices,
                              default=TopicStatus.PROPOSED)
    summary = models.TextField("研究内容", blank=True)
    findings = models.TextField("主要成果", blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = "调研课题"
        verbose_name_plural = "调研课题"
        ordering = ["-year", "region__code", "title"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "title"],
                                               name="guidance_topic_title",
                                               violation_error_message="该年度已有同名课题")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.region


class Member(BaseModel):
    """A team member: a person of the orgs register, or an outside partner (a university,
    the research society) by name and organisation."""

    topic = models.ForeignKey(Topic, verbose_name="课题", on_delete=models.CASCADE,
                              related_name="members")
    person = models.ForeignKey("orgs.Person", verbose_name="在册人员", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=50)
    organisation = models.CharField("所在单位", max_length=100)
    role = models.CharField("分工", max_length=10, choices=MemberRole.choices,
                            default=MemberRole.MEMBER)

    class Meta:
        verbose_name = "课题组成员"
        verbose_name_plural = "课题组成员"
        ordering = ["topic", "role", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"

    @property
    def is_external(self) -> bool:
        return self.person_id is None


class Milestone(BaseModel):
    topic = models.ForeignKey(Topic, verbose_name="课题", on_delete=models.CASCADE,
                              related_name="milestones")
    title = models.CharField("节点", max_length=100)
    due = models.DateField("计划完成日期")
    done_on = models.DateField("实际完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "课题节点"
        verbose_name_plural = "课题节点"
        ordering = ["topic", "due", "pk"]

    def __str__(self) -> str:
        return self.title


class Report(BaseModel):
    topic = models.ForeignKey(Topic, verbose_name="课题", on_delete=models.CASCADE,
                              related_name="reports")
    title = models.CharField("报告名称", max_length=200)
    file = models.ForeignKey("core.StoredFile", verbose_name="文件", on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        verbose_name = "调研报告"
        verbose_name_plural = "调研报告"
        ordering = ["topic", "pk"]

    def __str__(self) -> str:
        return self.title


class Award(BaseModel):
    topic = models.ForeignKey(Topic, verbose_name="课题", on_delete=models.CASCADE,
                              related_name="awards")
    level = models.CharField("级别", max_length=10, choices=AwardLevel.choices)
    rank = models.CharField("等次", max_length=10, choices=AwardRank.choices)
    year = models.PositiveSmallIntegerField("获奖年度")
    body = models.CharField("评奖机构", max_length=100)
    name = models.CharField("奖项名称", max_length=100, blank=True)

    class Meta:
        verbose_name = "调研成果获奖"
        verbose_name_plural = "调研成果获奖"
        ordering = ["topic", "-year", "pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_rank_display()}（{self.year}）"


class Use(BaseModel):
    """Where a topic's findings were used: exactly one of a rule, a plan target or a
    decision."""

    topic = models.ForeignKey(Topic, verbose_name="课题", on_delete=models.CASCADE,
                              related_name="uses")
    kind = models.CharField("转化类型", max_length=10, choices=UseKind.choices)
    rule = models.ForeignKey("governance.Rule", verbose_name="制度文件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey("guidance.Target", verbose_name="规划指标", null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey("governance.Decision", verbose_name="重大行政决策", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "成果转化"
        verbose_name_plural = "成果转化"
        ordering = ["topic", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.linked}"

    @property
    def linked(self) -> Any:
        return {UseKind.RULE: self.rule, UseKind.TARGET: self.target,
                UseKind.DECISION: self.decision}.get(self.kind)  # type: ignore[call-overload]
