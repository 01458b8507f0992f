"""Every write of the research topics: one transaction with its audit row. A report is a
document (jiguan.core.files refuses anything else, in Chinese); a member is a person of
the register the actor sees, or an outside partner by name and organisation; a use links a
rule, a plan target or a decision the actor sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Perm
from jiguan.audit.record import diff, record, snapshot
from jiguan.core.files import FileKind, store_upload
from jiguan.governance.decisions.models import Decision
from jiguan.governance.library.models import Rule
from jiguan.guidance.plans.models import Target
from jiguan.guidance.research.models import (
    Award,
    Member,
    Milestone,
    Report,
    Topic,
    TopicStatus,
    Use,
    UseKind,
)
from jiguan.orgs.models import Person

TOPIC_FIELDS = ("year", "title", "division", "status", "summary", "findings")


@transaction.atomic
def topic_create(*, region: Region, data: Mapping[str, Any], actor: Any) -> Topic:
    if region.level not in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY):
        raise ValidationError("调研课题由省、市、县机关事务管理部门牵头")
    topic = Topic(region=region, created_by=actor, updated_by=actor)
    for name in TOPIC_FIELDS:
        if data.get(name) is not None:
            setattr(topic, name, data[name])
    topic.title = (topic.title or "").strip()
    _check_topic(topic)
    topic.full_clean()
    topic.save()
    record(actor=actor, event="guidance.research.created", target=topic, region=region,
           changes={k: [None, v] for k, v in snapshot(topic, TOPIC_FIELDS).items()})
    return topic


def _check_topic(topic: Topic) -> None:
    if not topic.title:
        raise ValidationError({"title": "请填写课题名称"})
    if topic.year is None or not (2000 <= topic.year <= 2100):
        raise ValidationError({"year": "年度应在 2000 年至 2100 年之间"})
    same = Topic.objects.filter(region=topic.region, year=topic.year, title=topic.title)
    if same.exclude(pk=topic.pk).exists():
        raise ValidationError({"title": f"{topic.year} 年已有课题“{topic.title}”"})


@transaction.atomic
def topic_update(*, topic: Topic, data: Mapping[str, Any], actor: Any) -> Topic:
    topic = Topic.objects.select_for_update().select_related("region").get(pk=topic.pk)
    before = snapshot(topic, TOPIC_FIELDS)
    for name in TOPIC_FIELDS:
        if name in data and data[name] is not None:
            setattr(topic, name, data[name])
    topic.title = (topic.title or "").strip()
    _check_topic(topic)
    if topic.status == TopicStatus.DONE and not topic.reports.exists():
        raise ValidationError({"status": "课题结题前须上传调研报告"})
    topic.updated_by = actor
    topic.full_clean()
    topic.save()
    record(actor=actor, event="guidance.research.updated", target=topic, region=topic.region,
           changes=diff(before, snapshot(topic, TOPIC_FIELDS)))
    return topic


@transaction.atomic
def member_add(*, topic: Topic, person: Any = None, name: str = "", organisation: str = "",
               role: str = "member", actor: Any) -> Member:
    """A person of the register (seen by the actor) or an outside partner by name and
    organisation."""
    name, organisation = (name or "").strip(), (organisation or "").strip()
    if person is not None:
        if not Person.objects.visible_to(actor, Perm.VIEW_ORGS).filter(pk=person.pk).exists():
            raise ValidationError({"person": "所选人员不在本地区在册人员中"})
        name, organisation = person.name, person.agency.name
    elif not name or not organisation:
        raise ValidationError({"name": "请选择在册人员，或填写外部成员的姓名和所在单位"})
    if topic.members.filter(name=name, organisation=organisation).exists():
        raise ValidationError({"name": f"{name}（{organisation}）已在课题组中"})
    member = Member(topic=topic, person=person, name=name, organisation=organisation,
                    role=role or "member", created_by=actor, updated_by=actor)
    member.full_clean()
    member.save()
    record(actor=actor, event="guidance.research.member_added", target=topic,
           region=topic.region, changes={"课题组成员": [None, str(member)]},
           extra={"role": member.get_role_display(), "external": member.is_external})
    return member


@transaction.atomic
def milestone_add(*, topic: Topic, title: str, due: dt.date, actor: Any) -> Milestone:
    if not (title or "").strip():
        raise ValidationError({"title": "请填写节点名称"})
    if due is None:
        raise ValidationError({"due": "请填写计划完成日期"})
    if abs(due.year - topic.year) > 1:
        raise ValidationError({"due": f"计划完成日期应在 {topic.year} 年前后"})
    milestone = Milestone(topic=topic, title=title.strip(), due=due, created_by=actor,
                          updated_by=actor)
    milestone.full_clean()
    milestone.save()
    record(actor=actor, event="guidance.research.milestone_added", target=topic,
           region=topic.region, changes={"节点": [None, f"{milestone.title} {due:%Y-%m-%d}"]})
    return milestone


@transaction.atomic
def milestone_done(*, milestone: Milestone, done_on: dt.date, actor: Any) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("topic__region").get(
        pk=milestone.pk)
    if done_on is None:
        raise ValidationError({"done_on": "请填写实际完成日期"})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "实际完成日期不能晚于今天"})
    old = milestone.done_on
    milestone.done_on, milestone.updated_by = done_on, actor
    milestone.save(update_fields=["done_on", "updated_by", "updated_at"])
    record(actor=actor, event="guidance.research.milestone_done", target=milestone.topic,
           region=milestone.topic.region,
           changes={f"{milestone.title}完成日期": [old, done_on]})
    return milestone


@transaction.atomic
def report_add(*, topic: Topic, title: str, upload: UploadedFile, actor: Any) -> Report:
    """A report is a document (PDF, Word ...): anything else is refused by the file store."""
    if upload is None:
        raise ValidationError({"file": "请选择报告文件"})
    stored = store_upload(upload, kinds=(FileKind.DOCUMENT,), actor=actor)
    report = Report(topic=topic, title=(title or "").strip() or stored.name, file=stored,
                    created_by=actor, updated_by=actor)
    report.full_clean()
    report.save()
    record(actor=actor, event="guidance.research.report_added", target=topic,
           region=topic.region, changes={"调研报告": [None, report.title]},
           extra={"file": stored.name, "size": stored.size})
    return report


@transaction.atomic
def award_add(*, topic: Topic, data: Mapping[str, Any], actor: Any) -> Award:
    award = Award(topic=topic, created_by=actor, updated_by=actor)
    for name in ("level", "rank", "year", "body", "name"):
        if data.get(name) is not None:
            setattr(award, name, data[name])
    award.body = (award.body or "").strip()
    if not award.body:
        raise ValidationError({"body": "请填写评奖机构"})
    if award.year is None or award.year < topic.year or award.year > topic.year + 5:
        raise ValidationError({"year": f"获奖年度应在课题年度（{topic.year} 年）至其后五年内"})
    award.full_clean()
    award.save()
    record(actor=actor, event="guidance.research.award_added", target=topic,
           region=topic.region, changes={"获奖": [None, f"{award} {award.body}"]})
    return award


MODELS: dict[str, Any] = {UseKind.RULE: Rule, UseKind.TARGET: Target,
                         UseKind.DECISION: Decision}


@transaction.atomic
def use_add(*, topic: Topic, kind: str, link_id: int | None, note: str = "",
            actor: Any) -> Use:
    """Link the topic to where its findings were used: a rule of the library, a plan
    target or a decision, which must be one the actor sees."""
    if kind not in MODELS:
        raise ValidationError({"kind": "请选择有效的转化类型"})
    label = UseKind(kind).label
    obj = (MODELS[kind].objects.visible_to(actor).filter(pk=link_id).first()
           if link_id else None)
    if obj is None:
        raise ValidationError({"link": f"所选{label}不存在或不在您的查看范围内"})
    if topic.uses.filter(kind=kind, **{f"{kind}_id": obj.pk}).exists():
        raise ValidationError({"link": f"该{label}已登记为成果转化"})
    use = Use(topic=topic, kind=kind, note=(note or "").strip(), created_by=actor,
              updated_by=actor)
    setattr(use, kind, obj)
    use.full_clean()
    use.save()
    record(actor=actor, event="guidance.research.use_added", target=topic,
           region=topic.region, changes={"成果转化": [None, str(use)]})
    return use
