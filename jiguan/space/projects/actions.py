"""Every write of planning and construction: one transaction, one audit row, and the to-dos
of the waiting steps (rules.TASK_KIND). The rules that refuse a write are checked here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.core.numbers import format_quantity
from jiguan.orgs.models import Agency, AgencyStatus
from jiguan.space.projects import rules
from jiguan.space.projects.models import (
    DocumentKind,
    FundSource,
    Project,
    ProjectDocument,
    ProjectFunding,
    ProjectRoom,
    ProjectStatus,
)
from jiguan.space.projects.queries import (
    approved_total,
    can_review,
    funding_total,
    project_url,
    reviewer_of,
)
from jiguan.space.register import actions as register
from jiguan.space.register.models import Building, BuildingUse, RegistrationStatus
from jiguan.todo.actions import task_create, tasks_close_for_subject

PROJECT_FIELDS = ("code", "name", "kind", "region", "building_type", "address",
                  "planned_area", "planned_amount", "reason")


def _lock(project: Project) -> Project:
    locked: Project = Project.objects.select_for_update().select_related("region").get(
        pk=project.pk)
    return locked


def _need(project: Project, *states: str, what: str) -> None:
    if project.status not in states:
        raise ValidationError(f"项目当前为“{project.get_status_display()}”，不能{what}")


def _resolve_agencies(codes: Sequence[str], region: Any, actor: Any) -> list[Agency]:
    found = {a.credit_code: a for a in Agency.objects.visible_to(actor, Perm.VIEW_SPACE)
             .filter(credit_code__in=codes).select_related("region")}
    errors = []
    for code in codes:
        agency = found.get(code)
        if agency is None:
            errors.append(f"统一社会信用代码为 {code} 的单位不存在或不在您的权限范围内")
        elif not agency.region.path.startswith(region.path):
            errors.append(f"{agency.name}不在项目所在区划（{region.name}）内")
        elif agency.status != AgencyStatus.ACTIVE:
            errors.append(f"{agency.name}{agency.get_status_display()}，不能入驻")
    if errors:
        raise ValidationError({"agencies": errors})
    return [found[c] for c in codes]


def _bureau_task(project: Project, *, title: str, detail: str, actor: Any) -> None:
    task_create(kind=rules.TASK_KIND, title=title, detail=detail,
                assignee_role=Role.BUREAU_STAFF, region=project.region, subject=project,
                subject_url=project_url(project), actor=actor)


@transaction.atomic
def project_create(*, data: Mapping[str, Any], actor: Any) -> Project:
    region = data["region"]
    if not can_at(actor, Perm.CHANGE_SPACE, region_path=region.path, agency_id=None):
        raise ValidationError({"region": "所选区划不在您的权限范围内"})
    if Project.objects.filter(code=data["code"]).exists():
        raise ValidationError({"code": f"项目编号 {data['code']} 已被使用"})
    agencies = _resolve_agencies(data["agencies"], region, actor)
    project = Project(created_by=actor, updated_by=actor,
                      **{k: data[k] for k in PROJECT_FIELDS if k in data})
    project.full_clean()
    project.save()
    project.agencies.set(agencies)
    _bureau_task(project, title=f"建设项目待报审：{project.name}",
                 detail="请登记项目建议书批复和财政预算资金后报上级机关事务管理部门审核。",
                 actor=actor)
    record(actor=actor, event="space.project.created", target=project,
           changes={"code": [None, project.code], "name": [None, project.name],
                    "kind": [None, project.get_kind_display()],
                    "planned_area": [None, project.planned_area],
                    "planned_amount": [None, project.planned_amount],
                    "agencies": [None, "、".join(a.name for a in agencies)]})
    return project


@transaction.atomic
def project_update(*, project: Project, data: Mapping[str, Any], actor: Any) -> Project:
    project = _lock(project)
    _need(project, ProjectStatus.DRAFT, ProjectStatus.RETURNED, what="修改")
    region = data.get("region", project.region)
    if not can_at(actor, Perm.CHANGE_SPACE, region_path=region.path, agency_id=None):
        raise ValidationError({"region": "所选区划不在您的权限范围内"})
    code = data.get("code", project.code)
    if Project.objects.filter(code=code).exclude(pk=project.pk).exists():
        raise ValidationError({"code": f"项目编号 {code} 已被使用"})
    before = {k: str(getattr(project, k)) for k in PROJECT_FIELDS}
    before["agencies"] = "、".join(
        project.agencies.order_by("name").values_list("name", flat=True))
    agencies = (_resolve_agencies(data["agencies"], region, actor) if "agencies" in data
                else list(project.agencies.all()))
    for k in PROJECT_FIELDS:
        if k in data:
            setattr(project, k, data[k])
    project.updated_by = actor
    project.full_clean()
    project.save()
    project.agencies.set(agencies)
    after = {k: str(getattr(project, k)) for k in PROJECT_FIELDS}
    after["agencies"] = "、".join(sorted(a.name for a in agencies))
    changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    record(actor=actor, event="space.project.updated", target=project, changes=changes)
    return project


@transaction.atomic
def document_save(*, project: Project, data: Mapping[str, Any], actor: Any) -> ProjectDocument:
    """Record (or correct) one approval document; one per kind."""
    project = _lock(project)
    if not project.editable:
        raise ValidationError(f"项目当前为“{project.get_status_display()}”，不能登记批复")
    if data["issued_on"] > timezone.localdate():
        raise ValidationError({"issued_on": "批复日期不能晚于今天"})
    doc = ProjectDocument.objects.filter(project=project, kind=data["kind"]).first()
    old = (None if doc is None else
           f"{doc.number} {doc.issued_on} {doc.approved_area} m² {doc.approved_amount} 元")
    doc = doc or ProjectDocument(project=project, kind=data["kind"])
    for k in ("number", "issued_on", "approved_area", "approved_amount"):
        setattr(doc, k, data[k])
    doc.full_clean()
    doc.save()
    new = f"{doc.number} {doc.issued_on} {doc.approved_area} m² {doc.approved_amount} 元"
    record(actor=actor, event="space.project.document", target=project,
           changes={doc.get_kind_display(): [old, new]})
    return doc


@transaction.atomic
def funding_add(*, project: Project, source: str, amount: Decimal, document: str = "",
                actor: Any) -> ProjectFunding:
    project = _lock(project)
    if not project.editable:
        raise ValidationError(f"项目当前为“{project.get_status_display()}”，不能登记资金")
    label = dict(FundSource.choices).get(source)
    if label is None:
        raise ValidationError({"source": f"资金来源“{source}”无效"})
    refusal = rules.fund_source_refusal(source, label)
    if refusal:
        raise ValidationError({"source": refusal})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "金额必须大于 0"})
    funding = ProjectFunding(project=project, source=source, amount=amount, document=document)
    funding.full_clean()
    funding.save()
    record(actor=actor, event="space.project.funded", target=project,
           changes={"funding": [None, f"{label} {amount} 元 {document}".strip()]})
    return funding


@transaction.atomic
def rooms_set(*, project: Project, rows: Sequence[Mapping[str, Any]], actor: Any) -> int:
    """Replace the project's room schedule (the rooms completion will create)."""
    project = _lock(project)
    if not project.editable:
        raise ValidationError(f"项目当前为“{project.get_status_display()}”，不能修改房间清单")
    before = project.rooms.count()
    project.rooms.all().delete()
    ProjectRoom.objects.bulk_create([ProjectRoom(project=project, **dict(r)) for r in rows])
    total = sum((Decimal(r["usable_area"]) for r in rows), Decimal(0))
    record(actor=actor, event="space.project.rooms", target=project,
           changes={"rooms": [before, len(rows)], "usable_area": [None, total]})
    return len(rows)


def _check_area(project: Project, area: Decimal, field: str, what: str) -> None:
    approved = approved_total(project)
    excess = rules.area_excess(area, approved)
    if excess > 0:
        raise ValidationError({field: f"{what}（{area} m²）超过拟入驻单位核定面积合计"
                                      f"（{approved} m²）{excess} m²：{rules.RULE_AREA}"})


def _check_documents(project: Project, needed: Sequence[str], what: str) -> dict[str, Any]:
    docs = {d.kind: d for d in project.documents.all()}
    missing = rules.missing_documents(docs, needed)
    if missing:
        labels = "、".join(str(DocumentKind(k).label) for k in missing)
        raise ValidationError({"documents": f"{what}前须登记{labels}：{rules.RULE_APPROVAL}"})
    return docs


def _check_funding(project: Project, needed: Decimal) -> None:
    total = funding_total(project)
    short = rules.funding_shortfall(total, needed)
    if short > 0:
        raise ValidationError({"funding": f"财政预算资金合计 {total} 元，尚缺 {short} 元"
                                          f"（应不少于 {needed} 元）：{rules.RULE_FUNDING}"})


@transaction.atomic
def project_submit(*, project: Project, actor: Any) -> Project:
    project = _lock(project)
    _need(project, ProjectStatus.DRAFT, ProjectStatus.RETURNED, what="报审")
    if not project.agencies.exists():
        raise ValidationError({"agencies": "请至少登记一家拟入驻单位"})
    docs = _check_documents(project, rules.SUBMIT_NEEDS, "报审")
    proposal = docs["proposal"]
    if project.planned_area > proposal.approved_area:
        raise ValidationError({"planned_area": f"规划建筑面积（{project.planned_area} m²）"
                                               "超过项目建议书批复面积"
                                               f"（{proposal.approved_area} m²）"})
    _check_area(project, project.planned_area, "planned_area", "规划建筑面积")
    _check_funding(project, project.planned_amount)
    before = project.get_status_display()
    project.status = ProjectStatus.SUBMITTED
    project.submitted_at = timezone.now()
    project.return_reason = ""
    project.updated_by = actor
    project.save()
    tasks_close_for_subject(subject=project, kind=rules.TASK_KIND, actor=actor, note="已报审")
    role, region = reviewer_of(project.region)
    task_create(kind=rules.TASK_KIND, title=f"审核建设项目：{project.name}",
                detail=f"{project.region.name}报审的{project.get_kind_display()}项目，规划建筑面积 "
                       f"{format_quantity(project.planned_area, 'area')}，投资估算 "
                       f"{format_quantity(project.planned_amount, 'wan')}。",
                assignee_role=role, region=region, subject=project,
                subject_url=project_url(project), actor=actor)
    record(actor=actor, event="space.project.submitted", target=project,
           changes={"status": [before, project.get_status_display()]})
    return project


def _check_reviewer(project: Project, actor: Any) -> None:
    if not can_review(actor, project):
        raise ValidationError("只有上级机关事务管理部门可以审核本项目")


@transaction.atomic
def project_approve(*, project: Project, actor: Any) -> Project:
    project = _lock(project)
    _need(project, ProjectStatus.SUBMITTED, what="审核")
    _check_reviewer(project, actor)
    project.status = ProjectStatus.APPROVED
    project.reviewed_at = timezone.now()
    project.reviewed_by = actor
    project.updated_by = actor
    project.save()
    tasks_close_for_subject(subject=project, kind=rules.TASK_KIND, actor=actor,
                            note="已批准立项")
    _bureau_task(project, title=f"建设项目已批准立项，请登记可研、初设批复并开工：{project.name}",
                 detail="开工前须登记可行性研究报告批复和初步设计批复。", actor=actor)
    record(actor=actor, event="space.project.approved", target=project,
           changes={"status": ["待审核", project.get_status_display()]})
    return project


@transaction.atomic
def project_return(*, project: Project, reason: str, actor: Any) -> Project:
    project = _lock(project)
    _need(project, ProjectStatus.SUBMITTED, what="退回")
    _check_reviewer(project, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    project.status = ProjectStatus.RETURNED
    project.return_reason = reason[:300]
    project.reviewed_at = timezone.now()
    project.reviewed_by = actor
    project.updated_by = actor
    project.save()
    tasks_close_for_subject(subject=project, kind=rules.TASK_KIND, actor=actor, note="已退回")
    _bureau_task(project, title=f"建设项目被退回，请修改后重新报审：{project.name}",
                 detail=f"退回原因：{project.return_reason}", actor=actor)
    record(actor=actor, event="space.project.returned", target=project,
           changes={"status": ["待审核", project.get_status_display()],
                    "return_reason": [None, project.return_reason]})
    return project


@transaction.atomic
def project_start(*, project: Project, started_on: dt.date, actor: Any) -> Project:
    project = _lock(project)
    _need(project, ProjectStatus.APPROVED, what="开工")
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "开工日期不能晚于今天"})
    docs = _check_documents(project, rules.START_NEEDS, "开工")
    design = docs["design"]
    for kind in ("proposal", "feasibility"):
        if started_on < docs[kind].issued_on:
            label = docs[kind].get_kind_display()
            raise ValidationError({"started_on": f"开工日期不能早于{label}日期"
                                                 f"（{docs[kind].issued_on}）"})
    if started_on < design.issued_on:
        raise ValidationError({"started_on": "开工日期不能早于初步设计批复日期"
                                             f"（{design.issued_on}）"})
    _check_area(project, design.approved_area, "documents", "初步设计批复面积")
    _check_funding(project, design.approved_amount)
    project.status = ProjectStatus.BUILDING
    project.started_on = started_on
    project.updated_by = actor
    project.save()
    tasks_close_for_subject(subject=project, kind=rules.TASK_KIND, actor=actor, note="已开工")
    _bureau_task(project, title=f"在建项目，竣工后请办理竣工登记：{project.name}",
                 detail="竣工登记将按房间清单在房产台账中生成房产和房间。", actor=actor)
    record(actor=actor, event="space.project.started", target=project,
           changes={"status": ["已批准立项", project.get_status_display()],
                    "started_on": [None, started_on]})
    return project


@transaction.atomic
def project_complete(*, project: Project, data: Mapping[str, Any], actor: Any) -> Project:
    """Completion: the building and its rooms are created in the register through the
    register's own actions (so its checks, signals and audit rows apply)."""
    project = _lock(project)
    _need(project, ProjectStatus.BUILDING, what="竣工登记")
    completed_on = data["completed_on"]
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "竣工日期不能晚于今天"})
    if project.started_on and completed_on < project.started_on:
        raise ValidationError({"completed_on": "竣工日期不能早于开工日期"
                                               f"（{project.started_on}）"})
    design = project.documents.get(kind=DocumentKind.DESIGN)
    if data["actual_area"] > design.approved_area:
        raise ValidationError({"actual_area": f"竣工建筑面积（{data['actual_area']} m²）超过"
                                              f"初步设计批复面积（{design.approved_area} m²）："
                                              f"{rules.RULE_AREA}"})
    if data["final_cost"] > design.approved_amount:
        raise ValidationError({"final_cost": f"竣工决算（{data['final_cost']} 元）超过"
                                             f"初步设计批复投资（{design.approved_amount} 元），"
                                             "须重新报批"})
    rooms = list(project.rooms.all())
    if not rooms:
        raise ValidationError({"rooms": "请先登记房间清单：竣工登记将按清单生成房间"})
    if Building.objects.filter(code=data["building_code"]).exists():
        raise ValidationError({"building_code": f"房产编号 {data['building_code']} 已存在"})
    bureau = getattr(getattr(project.region, "bureau", None), "name", "")
    building = register.building_create(data={
        "code": data["building_code"], "name": data["building_name"],
        "address": project.address, "region": project.region,
        "building_area": data["actual_area"], "floors_above": data["floors_above"],
        "floors_below": data["floors_below"], "year_built": completed_on.year,
        "building_type": project.building_type, "book_value": data["final_cost"],
        "owner": bureau, "registration_status": RegistrationStatus.UNREGISTERED,
        "use": BuildingUse.OFFICE}, actor=actor)
    for room in rooms:
        try:
            register.room_create(building=building, floor_number=room.floor, data={
                "number": room.number, "use_class": room.use_class, "subtype": room.subtype,
                "usable_area": room.usable_area}, actor=actor)
        except ValidationError as exc:
            messages = "；".join(exc.messages)
            raise ValidationError({"rooms": f"房间 {room.number}：{messages}"}) from None
    project.status = ProjectStatus.COMPLETED
    project.completed_on = completed_on
    project.actual_area = data["actual_area"]
    project.final_cost = data["final_cost"]
    project.building = building
    project.updated_by = actor
    project.save()
    tasks_close_for_subject(subject=project, kind=rules.TASK_KIND, actor=actor, note="已竣工")
    record(actor=actor, event="space.project.completed", target=project,
           changes={"status": ["在建", project.get_status_display()],
                    "building": [None, f"{building.code} {building.name}"],
                    "rooms": [None, len(rooms)], "actual_area": [None, data["actual_area"]],
                    "final_cost": [None, data["final_cost"]]})
    return project
