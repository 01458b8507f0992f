"""Every write of the audit plan and its projects: one transaction with its audit row.

The steps of a project are taken in order (rules.step_problem); entering 整改 gives each
open finding its due date and a to-do of the audited unit; a finding is closed (销号) only
on evidence; a project closes only when every finding is closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.audit.record import diff, record, snapshot
from jiguan.internalaudit.leaders.actions import TASK_KIND as DEPARTURE_TASK_KIND
from jiguan.internalaudit.projects import rules
from jiguan.internalaudit.projects.models import (
    AuditKind,
    AuditPlan,
    AuditProject,
    Finding,
    FindingKind,
    FindingStatus,
    ProjectStep,
    Stage,
    UnitBudget,
)
from jiguan.orgs.models import Agency

RECTIFY_TASK_KIND = "internalaudit.rectify"
PROJECT_FIELDS = ("name", "kind", "unit", "leader_term", "period_start", "period_end",
                  "team_leader", "team_members", "funds_amount")
FINDING_FIELDS = ("kind", "title", "amount", "due_date")


def rectify_days() -> int:
    return int(getattr(settings, "INTERNAL_AUDIT_RECTIFY_DAYS", rules.DEFAULT_RECTIFY_DAYS))


def _today() -> dt.date:
    return dt.date.today()


@transaction.atomic
def plan_create(*, region: Region, year: int, title: str, approved_on: dt.date | None = None,
                note: str = "", actor: Any) -> AuditPlan:
    if not (2000 <= year <= 2100):
        raise ValidationError({"year": "年度应在 2000 年至 2100 年之间"})
    if AuditPlan.objects.filter(region=region, year=year).exists():
        raise ValidationError({"year": f"{region.name}{year} 年度已有审计计划"})
    plan = AuditPlan(region=region, year=year, title=title.strip() or f"{year} 年度审计计划",
                     approved_on=approved_on, note=note, created_by=actor, updated_by=actor)
    plan.full_clean()
    plan.save()
    record(actor=actor, event="internalaudit.plan.created", target=plan,
           changes={k: [None, v] for k, v in snapshot(plan, ("region", "year", "title",
                                                              "approved_on")).items()})
    return plan


def _check_project(project: AuditProject) -> None:
    errors: dict[str, str] = {}
    plan = project.plan
    if project.unit_id and not project.unit.region.path.startswith(plan.region.path):
        errors["unit"] = f"被审计单位不在“{plan.region.name}”区划内"
    if project.unit_id and project.unit.is_archived:
        errors["unit"] = f"单位“{project.unit}”已撤并，不能立项"
    if project.kind == AuditKind.ECONOMIC:
        term = project.leader_term
        if term is None:
            errors["leader_term"] = "经济责任审计须选择被审计领导干部"
        elif term.agency_id != project.unit_id:
            errors["leader_term"] = "被审计领导干部的任职单位须为被审计单位"
    elif project.leader_term_id:
        errors["leader_term"] = "只有经济责任审计须选择领导干部"
    if project.period_start and project.period_end and project.period_end < project.period_start:
        errors["period_end"] = "审计期间止不能早于审计期间起"
    if project.funds_amount is not None and project.funds_amount < 0:
        errors["funds_amount"] = "审计资金额不能为负数"
    if errors:
        raise ValidationError(errors)


def _next_code(plan: AuditPlan) -> str:
    prefix = f"NS{plan.year}-"
    existing = AuditProject.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    top = max((int(c[len(prefix):]) for c in existing if c[len(prefix):].isdigit()), default=0)
    return rules.project_code(plan.year, top + 1)


@transaction.atomic
def project_create(*, plan: AuditPlan, data: Mapping[str, Any], actor: Any) -> AuditProject:
    from jiguan.todo.actions import tasks_close_for_subject

    project = AuditProject(plan=plan, created_by=actor, updated_by=actor)
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    if project.funds_amount is None:
        project.funds_amount = Decimal(0)
    if project.kind not in AuditKind.values:
        raise ValidationError({"kind": "请选择审计类型"})
    project.category = rules.category_of(project.kind)
    _check_project(project)
    project.code = _next_code(plan)
    project.full_clean()
    project.save()
    record(actor=actor, event="internalaudit.project.created", target=project,
           changes={k: [None, v] for k, v in snapshot(project, ("code", *PROJECT_FIELDS)).items()})
    if project.leader_term is not None:
        tasks_close_for_subject(subject=project.leader_term, kind=DEPARTURE_TASK_KIND,
                                actor=actor, note=f"已立项：{project.code}")
    return project


@transaction.atomic
def project_update(*, project: AuditProject, data: Mapping[str, Any],
                   actor: Any) -> dict[str, Any]:
    if project.stage == Stage.CLOSED:
        raise ValidationError("项目已结项，不能修改")
    before = snapshot(project, PROJECT_FIELDS)
    for name in PROJECT_FIELDS:
        if name in data and name not in ("kind", "leader_term"):
            setattr(project, name, data[name])
    _check_project(project)
    project.full_clean()
    changes = diff(before, snapshot(project, PROJECT_FIELDS))
    if changes:
        project.updated_by = actor
        project.save()
        record(actor=actor, event="internalaudit.project.updated", target=project,
               changes=changes)
    return changes


@transaction.atomic
def project_advance(*, project: AuditProject, stage: str, date: dt.date, document_no: str = "",
                    note: str = "", report_no: str = "", report_summary: str = "",
                    actor: Any) -> AuditProject:
    """Take the next step (通知 → 实施 → 征求意见 → 报告 → 整改 → 结项). Out of order refused."""
    project = AuditProject.objects.select_for_update().select_related(
        "unit__region", "plan").get(pk=project.pk)
    problem = rules.step_problem(project.stage, stage)
    if problem:
        raise ValidationError({"stage": problem})
    last = project.steps.aggregate(last=Max("date"))["last"]
    problem = rules.date_problem(last, date, _today())
    if problem:
        raise ValidationError({"date": problem})
    findings = list(project.findings.all())
    if stage == Stage.REPORT:
        if not report_no.strip():
            raise ValidationError({"report_no": "出具审计报告须填写报告文号"})
        project.report_no = report_no.strip()
        project.report_summary = report_summary
        project.report_date = date
    if stage == Stage.CLOSED:
        open_ = [f for f in findings if f.status != FindingStatus.CLOSED]
        if open_:
            raise ValidationError({"stage": f"还有 {len(open_)} 个问题未整改销号，不能结项"
                                            f"（第 {', '.join(str(f.seq) for f in open_)} 项）"})
        project.closed_date = date
    before = project.stage
    project.stage = stage
    project.updated_by = actor
    project.save()
    step = ProjectStep.objects.create(project=project, stage=stage, date=date,
                                      document_no=document_no.strip(), note=note,
                                      created_by=actor, updated_by=actor)
    record(actor=actor, event="internalaudit.project.step", target=project,
           changes={"stage": [before, stage], "date": [None, date],
                    "document_no": [None, step.document_no],
                    **({"report_no": [None, project.report_no]} if stage == Stage.REPORT
                       else {})})
    if stage == Stage.RECTIFICATION:
        due_default = rules.rectify_due(project.report_date or date, rectify_days())
        for finding in findings:
            if finding.status == FindingStatus.CLOSED:
                continue
            if finding.due_date is None:
                finding.due_date = due_default
                finding.updated_by = actor
                finding.save(update_fields=["due_date", "updated_by", "updated_at"])
            _rectify_task(finding, project, actor)
    return project


def _rectify_task(finding: Finding, project: AuditProject, actor: Any) -> None:
    from jiguan.todo.actions import task_create

    task_create(
        kind=RECTIFY_TASK_KIND, assignee_role=Role.AGENCY_REPORTER,
        title=f"整改审计发现问题：{finding.title}（{project.code}）",
        detail="请按期整改，并在审计项目页面填写整改措施和佐证材料，由审计处销号。",
        region=project.unit.region, agency=project.unit, subject=finding,
        subject_url=reverse("internalaudit:project_detail", args=[project.pk]),
        due_date=finding.due_date, actor=actor)


@transaction.atomic
def finding_create(*, project: AuditProject, data: Mapping[str, Any], actor: Any) -> Finding:
    if project.stage in (Stage.PLANNED, Stage.NOTICE, Stage.CLOSED):
        raise ValidationError({"title": f"项目处于“{project.get_stage_display()}”阶段，"
                                        "不能登记发现问题（须在实施之后、结项之前）"})
    amount = data.get("amount") or Decimal(0)
    if amount < 0:
        raise ValidationError({"amount": "涉及金额不能为负数"})
    if not str(data.get("title") or "").strip():
        raise ValidationError({"title": "请填写问题"})
    if data.get("kind") not in FindingKind.values:
        raise ValidationError({"kind": "请选择问题类型"})
    top = project.findings.aggregate(top=Max("seq"))["top"] or 0
    finding = Finding(project=project, seq=top + 1, kind=data["kind"],
                      title=str(data["title"]).strip(), amount=amount,
                      due_date=data.get("due_date"), created_by=actor, updated_by=actor)
    finding.full_clean()
    finding.save()
    record(actor=actor, event="internalaudit.finding.created", target=finding,
           changes={k: [None, v] for k, v in snapshot(finding, FINDING_FIELDS).items()})
    if project.stage == Stage.RECTIFICATION:
        if finding.due_date is None:
            finding.due_date = rules.rectify_due(project.report_date or _today(), rectify_days())
            finding.save(update_fields=["due_date"])
        _rectify_task(finding, project, actor)
    return finding


@transaction.atomic
def finding_rectify(*, finding: Finding, measures: str, evidence: str, rectified_on: dt.date,
                    actor: Any) -> Finding:
    """The audited unit (or the audit office for it) reports the rectification (报整改)."""
    finding = Finding.objects.select_for_update().select_related(
        "project__unit__region").get(pk=finding.pk)
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError({"measures": "该问题已销号"})
    if finding.project.stage not in (Stage.REPORT, Stage.RECTIFICATION):
        raise ValidationError({"measures": "出具审计报告后才能报送整改情况"})
    if not measures.strip():
        raise ValidationError({"measures": "请填写整改措施"})
    if rectified_on > _today() + dt.timedelta(days=1):
        raise ValidationError({"rectified_on": "整改完成日期不能晚于今天"})
    before = snapshot(finding, ("status", "measures", "evidence", "rectified_on"))
    finding.measures = measures.strip()
    finding.evidence = evidence.strip()
    finding.rectified_on = rectified_on
    finding.status = FindingStatus.REPORTED
    finding.updated_by = actor
    finding.save()
    record(actor=actor, event="internalaudit.finding.rectified", target=finding,
           changes=diff(before, snapshot(finding, ("status", "measures", "evidence",
                                                   "rectified_on"))))
    return finding


@transaction.atomic
def finding_close(*, finding: Finding, closed_on: dt.date, actor: Any) -> Finding:
    """The audit office closes a finding (销号): refused without evidence."""
    from jiguan.todo.actions import tasks_close_for_subject

    finding = Finding.objects.select_for_update().select_related(
        "project__unit__region").get(pk=finding.pk)
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError({"closed_on": "该问题已销号"})
    if finding.project.stage != Stage.RECTIFICATION:
        raise ValidationError({"closed_on": "项目进入整改阶段后才能销号"})
    problem = rules.close_finding_problem(finding.evidence)
    if problem:
        raise ValidationError({"closed_on": problem})
    if not finding.measures.strip():
        raise ValidationError({"closed_on": "销号须先报送整改措施"})
    if closed_on > _today() + dt.timedelta(days=1):
        raise ValidationError({"closed_on": "销号日期不能晚于今天"})
    finding.status = FindingStatus.CLOSED
    finding.closed_on = closed_on
    finding.updated_by = actor
    finding.save()
    record(actor=actor, event="internalaudit.finding.closed", target=finding,
           changes={"status": [FindingStatus.REPORTED, FindingStatus.CLOSED],
                    "closed_on": [None, closed_on]})
    tasks_close_for_subject(subject=finding, kind=RECTIFY_TASK_KIND, actor=actor,
                            note="审计处已销号")
    return finding


@transaction.atomic
def budget_set(*, agency: Agency, year: int, amount: Decimal, actor: Any) -> UnitBudget:
    if amount < 0:
        raise ValidationError({"amount": "预算支出不能为负数"})
    if not (2000 <= year <= 2100):
        raise ValidationError({"year": "年度应在 2000 年至 2100 年之间"})
    budget = UnitBudget.objects.filter(agency=agency, year=year).first()
    old = budget.amount if budget else None
    if budget is None:
        budget = UnitBudget(agency=agency, year=year, created_by=actor)
    budget.amount = amount
    budget.updated_by = actor
    budget.full_clean()
    budget.save()
    record(actor=actor, event="internalaudit.budget.set", target=budget,
           changes={"amount": [old, amount]})
    return budget
