"""Meetings (工作会议): the yearly provincial work conference (全省机关事务工作会议) and other
meetings a bureau organises: the bureaus invited and who attended from each, the materials,
and the decisions (决定事项) each with a responsible bureau, a due date and its follow-up.

A meeting is seen by the organiser's region, every invited bureau's region and every bureau
responsible for one of its decisions; a decision by the meeting's organiser and its responsible
bureau."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class MeetingKind(models.TextChoices):
    CONFERENCE = "conference", "年度工作会议"
    SPECIAL = "special", "专题会议"
    SYMPOSIUM = "symposium", "座谈会"
    ONSITE = "onsite", "现场推进会"
    OTHER = "other", "其他会议"


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = ("region__path", "invitations__region__path",
                         "decisions__responsible__path")
    agency_field = None
    scope_distinct = True


class Meeting(ScopedModel):
    """One meeting organised by the bureau of `region`."""

    region = models.ForeignKey("access.Region", verbose_name="主办区划", on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField("会议类型", max_length=12, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("会议地点", max_length=200)
    note = models.TextField("会议概况", blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.region


class Invitation(BaseModel):
    """A bureau (by its region) invited to the meeting."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE,
                                related_name="invitations")
    region = models.ForeignKey("access.Region", verbose_name="参会单位（区划）",
                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "参会单位"
        verbose_name_plural = "参会单位"
        ordering = ["meeting", "region__path"]
        constraints = [models.UniqueConstraint(fields=["meeting", "region"],
                                               name="guidance_invitation_once")]

    def __str__(self) -> str:
        return str(self.region)


class Attendee(BaseModel):
    """Someone who attended for an invited bureau: a person of the register, or a name and
    position typed in (a guest, someone not in the register)."""

    invitation = models.ForeignKey(Invitation, verbose_name="参会单位", on_delete=models.CASCADE,
                                   related_name="attendees")
    person = models.ForeignKey("orgs.Person", verbose_name="人员名册中的人员", null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)

    class Meta:
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"
        ordering = ["invitation", "pk"]

    def __str__(self) -> str:
        return self.name


class Material(BaseModel):
    """A meeting document (讲话稿, 工作报告, 会议纪要 …), stored in core.files."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE,
                                related_name="materials")
    title = models.CharField("材料名称", max_length=200)
    file = models.ForeignKey("core.StoredFile", verbose_name="文件", on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        verbose_name = "会议材料"
        verbose_name_plural = "会议材料"
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title


class DecisionStatus(models.TextChoices):
    OPEN = "open", "落实中"
    DONE = "done", "已完成"


class MeetingDecisionQuerySet(ScopedQuerySet["MeetingDecision"]):
    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = ("meeting__region__path", "responsible__path")
    agency_field = None

    def overdue(self, today: dt.date) -> MeetingDecisionQuerySet:
        return self.filter(status=DecisionStatus.OPEN, due_on__lt=today)


class MeetingDecision(ScopedModel):
    """A decision of the meeting (决定事项), to be carried out by the responsible bureau."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE,
                                related_name="decisions")
    seq = models.PositiveSmallIntegerField("序号")
    text = models.TextField("决定事项")
    responsible = models.ForeignKey("access.Region", verbose_name="责任单位（区划）",
                                    on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("完成时限")
    status = models.CharField("落实情况", max_length=6, choices=DecisionStatus.choices,
                              default=DecisionStatus.OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)

    objects = MeetingDecisionQuerySet.as_manager()
    scope_region_path_attr = "responsible.path"

    class Meta:
        verbose_name = "会议决定事项"
        verbose_name_plural = "会议决定事项"
        ordering = ["meeting", "seq"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seq"],
                                               name="guidance_meeting_decision_seq")]

    def __str__(self) -> str:
        return f"第{self.seq}项：{self.text[:40]}"

    @property
    def audit_region(self) -> Any:
        return self.responsible

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return (self.status == DecisionStatus.OPEN
                and self.due_on < (today or dt.date.today()))


class ProgressNote(BaseModel):
    """A follow-up note on a decision (进展情况), in the order written."""

    decision = models.ForeignKey(MeetingDecision, verbose_name="决定事项",
                                 on_delete=models.CASCADE, related_name="notes")
    on = models.DateField("日期")
    text = models.TextField("进展情况")

    class Meta:
        verbose_name = "落实进展"
        verbose_name_plural = "落实进展"
        ordering = ["decision", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.on}：{self.text[:40]}"
