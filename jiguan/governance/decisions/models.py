"""Major administrative decisions (重大行政决策): the yearly catalogue of decision items,
the decision cases, their steps (公众参与, 专家论证, 风险评估, 合法性审查, 集体讨论决定, then
公布, 归档 and 决策后评估), the collective discussion with every opinion, and the documents
that make up the archive (决策档案).

Source: 《重大行政决策程序暂行条例》（国务院令第713号，2019-09-01 施行）. The legality
review itself is the shared review tool (jiguan/governance/reviews), keyed by
("decision", Decision.pk)."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class DecisionKind(models.TextChoices):
    CONSTRUCTION = "construction", "重大建设项目"
    BUSINESS = "business", "重大业务项目"
    POLICY = "policy", "重大政策措施"
    OTHER = "other", "其他"


class CatalogueQuerySet(ScopedQuerySet["CatalogueItem"]):
    scope_perm = Perm.VIEW_DECISIONS
    region_path_field = "region__path"
    agency_field = None


class CatalogueItem(ScopedModel):
    """One item of a region's yearly catalogue of decision items (决策事项目录)."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveSmallIntegerField("序号")
    title = models.CharField("决策事项", max_length=200)
    kind = models.CharField("类型", max_length=12, choices=DecisionKind.choices)
    sponsor = models.CharField("承办单位", max_length=100)
    planned = models.CharField("计划完成时间", max_length=40, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "决策事项目录"
        verbose_name_plural = "决策事项目录"
        ordering = ["-year", "region__path", "seq"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "seq"],
                                               name="governance_catalogue_seq")]

    def __str__(self) -> str:
        return f"{self.year}年第{self.seq}项：{self.title}"

    @property
    def audit_region(self) -> Any:
        return self.region


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "决策草案拟订中"
    DECIDED = "decided", "已作出决定"
    PUBLISHED = "published", "已公布"
    ARCHIVED = "archived", "已归档"
    EVALUATED = "evaluated", "已完成决策后评估"


class DecisionResult(models.TextChoices):
    ADOPT = "adopt", "同意"
    REJECT = "reject", "不同意"
    DEFER = "defer", "暂缓"


class DecisionQuerySet(ScopedQuerySet["Decision"]):
    scope_perm = Perm.VIEW_DECISIONS
    region_path_field = "agency__region__path"
    agency_field = None


class Decision(ScopedModel):
    """A decision case: what is decided, by which agency, and where it stands."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="决策机关", on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField("决策事项名称", max_length=200)
    kind = models.CharField("类型", max_length=12, choices=DecisionKind.choices)
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2, null=True,
                                 blank=True)
    catalogue_item = models.ForeignKey(CatalogueItem, verbose_name="目录事项", null=True,
                                       blank=True, on_delete=models.PROTECT,
                                       related_name="decisions")
    sponsor = models.CharField("承办单位", max_length=100)
    summary = models.TextField("决策草案要点", blank=True)
    status = models.CharField("状态", max_length=10, choices=DecisionStatus.choices,
                              default=DecisionStatus.DRAFT)
    # the chief's decision (行政首长在集体讨论的基础上作出决定)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.CharField("作出决定的行政首长", max_length=50, blank=True)
    result = models.CharField("决定", max_length=10, choices=DecisionResult.choices,
                              blank=True)
    decision_text = models.TextField("决定内容", blank=True)
    evaluate_on = models.DateField("决策后评估日期", null=True, blank=True)

    objects = DecisionQuerySet.as_manager()
    scope_region_path_attr = "agency.region.path"

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class StepKind(models.TextChoices):
    """The steps in the order of the 条例 (the archive is ordered by them)."""

    PARTICIPATION = "participation", "公众参与"
    EXPERTS = "experts", "专家论证"
    RISK = "risk", "风险评估"
    LEGALITY = "legality", "合法性审查"
    DISCUSSION = "discussion", "集体讨论决定"
    PUBLICATION = "publication", "决策公布"
    ARCHIVE = "archive", "决策归档"
    EVALUATION = "evaluation", "决策后评估"


STEP_ORDER = {k: i for i, k in enumerate(StepKind.values, start=1)}


class StepStatus(models.TextChoices):
    DONE = "done", "已办理"
    NOT_APPLICABLE = "na", "不适用"


class DecisionStep(BaseModel):
    """One recorded step (date, people, outcome), or a step marked not applicable with the
    reason. 合法性审查 and 集体讨论决定 are recorded by their own actions."""

    decision = models.ForeignKey(Decision, verbose_name="决策", on_delete=models.CASCADE,
                                 related_name="steps")
    kind = models.CharField("环节", max_length=14, choices=StepKind.choices)
    status = models.CharField("办理情况", max_length=4, choices=StepStatus.choices)
    on = models.DateField("日期", null=True, blank=True)
    people = models.CharField("参加人员", max_length=300, blank=True)
    outcome = models.TextField("结果", blank=True)
    reason = models.CharField("不适用的理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "决策环节"
        verbose_name_plural = "决策环节"
        ordering = ["decision", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "kind"],
                                               name="governance_decision_step")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_status_display()}"


class Discussion(BaseModel):
    """The collective discussion (集体讨论) of the draft at a meeting of the deciding body."""

    decision = models.ForeignKey(Decision, verbose_name="决策", on_delete=models.CASCADE,
                                 related_name="discussions")
    meeting = models.CharField("会议名称", max_length=100,
                               help_text="如：局长办公会议、局党组会议")
    held_on = models.DateField("会议日期")
    chair = models.CharField("主持人", max_length=50)
    attendees = models.CharField("出席人员", max_length=500,
                                 help_text="以“、”分隔")
    absent = models.CharField("缺席人员", max_length=300, blank=True)
    note = models.TextField("会议记录", blank=True)

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["decision", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.held_on}）"


class Position(models.TextChoices):
    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    RESERVED = "reserved", "保留意见"


class DiscussionOpinion(BaseModel):
    """One member's opinion at the discussion; kept as spoken (不同意见如实载明), never
    edited or deleted."""

    discussion = models.ForeignKey(Discussion, verbose_name="集体讨论", on_delete=models.CASCADE,
                                   related_name="opinions")
    seq = models.PositiveSmallIntegerField("发言顺序")
    speaker = models.CharField("发言人", max_length=50)
    position = models.CharField("意见", max_length=10, choices=Position.choices)
    text = models.TextField("发言要点", blank=True)

    class Meta:
        verbose_name = "讨论意见"
        verbose_name_plural = "讨论意见"
        ordering = ["discussion", "seq"]
        constraints = [models.UniqueConstraint(fields=["discussion", "seq"],
                                               name="governance_discussion_opinion_seq")]

    def __str__(self) -> str:
        return f"{self.speaker}：{self.get_position_display()}"


class DecisionDocument(BaseModel):
    """A document of one step (征求意见稿, 论证报告, 风险评估报告, 会议纪要, 公布文本 …);
    the archive lists them by step, then in the order they were added."""

    decision = models.ForeignKey(Decision, verbose_name="决策", on_delete=models.CASCADE,
                                 related_name="documents")
    step = models.CharField("环节", max_length=14, choices=StepKind.choices)
    title = models.CharField("材料名称", max_length=200)
    file = models.ForeignKey("core.StoredFile", verbose_name="文件", on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        verbose_name = "决策材料"
        verbose_name_plural = "决策材料"
        ordering = ["decision", "pk"]

    def __str__(self) -> str:
        return self.title
