"""Every write of the supervision: boards and their members, meetings, reports and issues
(an open issue is a to-do until the company's answer is recorded), statements (balance
checked, indicators computed, warnings a to-do until the bureau has checked them) and the
major-matter reports (one at or above the threshold a to-do until acknowledged). One
transaction and one audit row each; the rules refuse here, whatever the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.assets.entities.models import Entity, EntityStatus
from jiguan.assets.supervision import rules
from jiguan.assets.supervision.models import (
    BoardIssue,
    BoardMeeting,
    BoardMember,
    BoardReport,
    IssueStatus,
    MajorMatter,
    MatterStatus,
    MemberRole,
    Period,
    Statement,
    SupervisoryBoard,
    period_end,
)
from jiguan.audit.record import diff, record, snapshot
from jiguan.todo.actions import task_create, tasks_close_for_subject

ISSUE_TASK = "assets.board_issue"
WARNING_TASK = "assets.statement_warning"
MATTER_TASK = "assets.major_matter"
STATEMENT_FIGURES = ("revenue", "profit", "total_assets", "liabilities", "equity",
                     "equity_start", "capital_injected", "capital_withdrawn")
STATEMENT_FIELDS = (*STATEMENT_FIGURES, "maintenance_ratio", "debt_ratio", "profit_margin",
                    "warnings")


def _not_future(day: dt.date, field: str, label: str) -> None:
    if day > dt.date.today():
        raise ValidationError({field: f"{label}不能晚于今天"})


def _holding(entity: Entity, field: str = "entity") -> None:
    if entity.status != EntityStatus.HOLDING:
        raise ValidationError({field: f"“{entity.name}”不是集团持有企业"
                                      f"（状态：{entity.get_status_display()}）"})


def holding_url(entity: Entity | int) -> str:
    return reverse("assets:holding_detail", args=[getattr(entity, "pk", entity)])


# -- boards -------------------------------------------------------------------------------


@transaction.atomic
def board_create(*, region: Any, name: str, formed_on: dt.date, note: str = "",
                 companies: Iterable[Entity] = (), actor: Any) -> SupervisoryBoard:
    _not_future(formed_on, "formed_on", "组建日期")
    companies = list(companies)
    for company in companies:
        _holding(company, "companies")
    board = SupervisoryBoard(region=region, name=name.strip(), formed_on=formed_on,
                             note=note.strip(), created_by=actor, updated_by=actor)
    board.full_clean()
    board.save()
    board.companies.set(list(companies))
    record(actor=actor, event="assets.board.created", target=board,
           changes={"name": [None, board.name], "formed_on": [None, formed_on],
                    "companies": [None, sorted(c.name for c in board.companies.all())]})
    return board


@transaction.atomic
def board_companies(*, board: SupervisoryBoard, companies: Iterable[Entity],
                    actor: Any) -> list[str]:
    """Set the companies the board supervises; a company with open issues stays."""
    wanted = {c.pk: c for c in companies}
    for company in wanted.values():
        _holding(company, "companies")
    before = sorted(c.name for c in board.companies.all())
    dropped = board.issues.filter(status=IssueStatus.OPEN).exclude(company_id__in=wanted)
    if dropped.exists():
        names = "、".join(sorted({i.company.name for i in dropped.select_related("company")}))
        raise ValidationError({"companies": f"以下企业尚有待反馈的问题，不能移出：{names}"})
    board.companies.set(list(wanted.values()))
    after = sorted(c.name for c in wanted.values())
    if after != before:
        record(actor=actor, event="assets.board.companies", target=board,
               changes={"companies": [before, after]})
    return after


@transaction.atomic
def member_add(*, board: SupervisoryBoard, role: str, appointed_on: dt.date, name: str = "",
               person: Any = None, actor: Any) -> BoardMember:
    """A member, from the people register where the person is in it (the name then comes
    from the register), else by name."""
    name = (person.name if person is not None else name).strip()
    if not name:
        raise ValidationError({"name": "请填写姓名，或从人员名册中选择"})
    if role not in MemberRole.values:
        raise ValidationError({"role": "请选择职务"})
    _not_future(appointed_on, "appointed_on", "任职日期")
    if appointed_on < board.formed_on:
        raise ValidationError(
            {"appointed_on": f"任职日期不能早于监事会组建日期（{board.formed_on}）"})
    active = board.members.filter(left_on__isnull=True)
    if role == MemberRole.CHAIR and active.filter(role=MemberRole.CHAIR).exists():
        raise ValidationError({"role": "该监事会已有在任主席"})
    if person is not None and active.filter(person=person).exists():
        raise ValidationError({"person": f"{name}已是该监事会在任成员"})
    member = BoardMember(board=board, name=name, person=person, role=role,
                         appointed_on=appointed_on, created_by=actor, updated_by=actor)
    member.full_clean()
    member.save()
    record(actor=actor, event="assets.board.member_added", target=member,
           changes={"name": [None, name], "role": [None, member.get_role_display()],
                    "appointed_on": [None, appointed_on]})
    return member


@transaction.atomic
def meeting_add(*, board: SupervisoryBoard, held_on: dt.date, subject: str,
                minutes: str = "", actor: Any) -> BoardMeeting:
    _not_future(held_on, "held_on", "会议日期")
    if held_on < board.formed_on:
        raise ValidationError({"held_on": f"会议日期不能早于监事会组建日期（{board.formed_on}）"})
    meeting = BoardMeeting(board=board, held_on=held_on, subject=subject.strip(),
                           minutes=minutes.strip(), created_by=actor, updated_by=actor)
    meeting.full_clean()
    meeting.save()
    record(actor=actor, event="assets.board.meeting_added", target=meeting,
           changes={"held_on": [None, held_on], "subject": [None, meeting.subject]})
    return meeting


def _supervised(board: SupervisoryBoard, company: Entity | None, field: str = "company") -> None:
    if company is not None and not board.companies.filter(pk=company.pk).exists():
        raise ValidationError({field: f"“{company.name}”不是该监事会监督的企业"})


@transaction.atomic
def report_add(*, board: SupervisoryBoard, title: str, period: str, submitted_on: dt.date,
               company: Entity | None = None, summary: str = "", actor: Any) -> BoardReport:
    _not_future(submitted_on, "submitted_on", "报送日期")
    _supervised(board, company)
    report = BoardReport(board=board, company=company, title=title.strip(),
                         period=period.strip(), submitted_on=submitted_on,
                         summary=summary.strip(), created_by=actor, updated_by=actor)
    report.full_clean()
    report.save()
    record(actor=actor, event="assets.board.report_added", target=report,
           changes={"title": [None, report.title], "period": [None, report.period],
                    "company": [None, company.name if company else None]})
    return report


@transaction.atomic
def issue_raise(*, board: SupervisoryBoard, company: Entity, raised_on: dt.date,
                description: str, due_date: dt.date, actor: Any) -> BoardIssue:
    _not_future(raised_on, "raised_on", "提出日期")
    _supervised(board, company)
    if due_date < raised_on:
        raise ValidationError({"due_date": "反馈期限不能早于提出日期"})
    issue = BoardIssue(board=board, company=company, raised_on=raised_on,
                       description=description.strip(), due_date=due_date, created_by=actor,
                       updated_by=actor)
    issue.full_clean()
    issue.save()
    task_create(kind=ISSUE_TASK, title=f"监事会问题待反馈：{company.name}",
                assignee_role=Role.ASSETS_STAFF, region=board.region, subject=issue,
                subject_url=reverse("assets:board_detail", args=[board.pk]), due_date=due_date,
                detail=f"{board.name}：{issue.description[:100]}", actor=actor)
    record(actor=actor, event="assets.issue.raised", target=issue,
           changes={"company": [None, company.name], "description": [None, issue.description],
                    "due_date": [None, due_date]})
    return issue


@transaction.atomic
def issue_answer(*, issue: BoardIssue, answer: str, answered_on: dt.date,
                 actor: Any) -> BoardIssue:
    issue = BoardIssue.objects.select_for_update().get(pk=issue.pk)
    if not issue.is_open:
        raise ValidationError("该问题已反馈，不能重复反馈")
    if not answer.strip():
        raise ValidationError({"answer": "请填写整改反馈"})
    _not_future(answered_on, "answered_on", "反馈日期")
    if answered_on < issue.raised_on:
        raise ValidationError({"answered_on": f"反馈日期不能早于提出日期（{issue.raised_on}）"})
    issue.answer = answer.strip()
    issue.answered_on = answered_on
    issue.status = IssueStatus.ANSWERED
    issue.updated_by = actor
    issue.full_clean()
    issue.save()
    tasks_close_for_subject(subject=issue, kind=ISSUE_TASK, actor=actor, note="企业已反馈")
    record(actor=actor, event="assets.issue.answered", target=issue,
           changes={"status": [IssueStatus.OPEN.label, IssueStatus.ANSWERED.label],
                    "answer": [None, issue.answer], "answered_on": [None, answered_on]})
    return issue


# -- statements ---------------------------------------------------------------------------


def opening_equity(entity: Entity, year: int) -> Decimal | None:
    """The year's opening equity (年初数): the closing equity of last year's annual
    statement, when there is one."""
    found = (Statement.objects.filter(entity=entity, year=year - 1, period=Period.ANNUAL)
             .values_list("equity", flat=True).first())
    return found


def statement_errors(data: Mapping[str, Any]) -> dict[str, str]:
    """The refusals of a statement's figures (the importer asks these per row too)."""
    errors: dict[str, str] = {}
    for name in ("revenue", "total_assets", "liabilities", "capital_injected",
                 "capital_withdrawn"):
        value = data.get(name)
        if value is not None and value < 0:
            errors[name] = "不能小于零"
    start = data.get("equity_start")
    if start is not None and start <= 0:
        errors["equity_start"] = "期初所有者权益应大于零（否则无法计算保值增值率，请留空）"
    if not errors:
        problem = rules.balance_error(data["total_assets"], data["liabilities"], data["equity"])
        if problem:
            errors["total_assets"] = problem
    return errors


@transaction.atomic
def statement_save(*, entity: Entity, year: int, period: str, data: Mapping[str, Any],
                   actor: Any, job_id: int | None = None) -> tuple[Statement, str]:
    """Create the holding's statement for the period, or correct it (the indicators and
    warnings computed again, a new warning to-do if any). Returns the statement and what
    happened: "created", "updated" or "unchanged"."""
    if period not in Period.values:
        raise ValidationError({"period": f"报告期应为：{'、'.join(Period.labels)}"})
    end = period_end(year, period)
    if end > dt.date.today():
        raise ValidationError({"year": f"报告期（{year}年{Period(period).label}）尚未结束"})
    _holding(entity)
    errors = statement_errors(data)
    if errors:
        raise ValidationError(errors)
    st = Statement.objects.select_for_update().filter(entity=entity, year=year,
                                                      period=period).first()
    created = st is None
    if st is None:
        st = Statement(entity=entity, year=year, period=period, period_end=end,
                       created_by=actor)
        before: dict[str, Any] = {}
    else:
        before = snapshot(st, STATEMENT_FIELDS)
    for name in STATEMENT_FIGURES:
        if name in data:
            value = data[name]
            if value is None and name != "equity_start":
                value = Decimal(0)
            setattr(st, name, value)
    if st.equity_start is None:
        st.equity_start = opening_equity(entity, year)
    st.maintenance_ratio = rules.maintenance_ratio(st.equity, st.equity_start,
                                                   st.capital_injected, st.capital_withdrawn)
    st.debt_ratio = rules.debt_ratio(st.total_assets, st.liabilities)
    st.profit_margin = rules.profit_margin(st.revenue, st.profit)
    st.warnings = rules.warnings_for(st.maintenance_ratio, st.debt_ratio, st.profit_margin,
                                     st.profit)
    st.warning_count = len(st.warnings)
    after = snapshot(st, STATEMENT_FIELDS)
    changes = diff(before, after) if not created else {k: [None, v] for k, v in after.items()}
    if not created and not changes:
        return st, "unchanged"
    st.reviewed_on = None
    st.review_note = ""
    st.updated_by = actor
    if job_id:
        st.import_job_id = job_id
    st.full_clean()
    st.save()
    tasks_close_for_subject(subject=st, kind=WARNING_TASK, actor=actor, note="报表已更正")
    if st.warnings:
        task_create(kind=WARNING_TASK, title=f"财务预警：{entity.name} {st.label}",
                    assignee_role=Role.ASSETS_STAFF, region=entity.region, subject=st,
                    subject_url=holding_url(entity), detail="；".join(st.warnings),
                    actor=actor)
    record(actor=actor, event="assets.statement.created" if created
           else "assets.statement.updated", target=st, changes=changes)
    return st, "created" if created else "updated"


@transaction.atomic
def statement_review(*, statement: Statement, note: str, reviewed_on: dt.date,
                     actor: Any) -> Statement:
    """The bureau has checked a statement's warnings (核实预警): its to-do closes."""
    st = Statement.objects.select_for_update().get(pk=statement.pk)
    if not st.warnings:
        raise ValidationError("该报表没有预警，无需核实")
    if st.reviewed_on is not None:
        raise ValidationError("该报表的预警已核实")
    if not note.strip():
        raise ValidationError({"note": "请填写核实意见"})
    _not_future(reviewed_on, "reviewed_on", "核实日期")
    st.reviewed_on = reviewed_on
    st.review_note = note.strip()
    st.updated_by = actor
    st.save()
    tasks_close_for_subject(subject=st, kind=WARNING_TASK, actor=actor, note=st.review_note)
    record(actor=actor, event="assets.statement.reviewed", target=st,
           changes={"reviewed_on": [None, reviewed_on], "review_note": [None, st.review_note]})
    return st


# -- major matters ------------------------------------------------------------------------


@transaction.atomic
def matter_report(*, entity: Entity, kind: str, title: str, amount: Decimal,
                  reported_on: dt.date, description: str = "", actor: Any) -> MajorMatter:
    if amount < 0:
        raise ValidationError({"amount": "金额不能小于零"})
    _not_future(reported_on, "reported_on", "报告日期")
    _holding(entity)
    pending = rules.needs_acknowledgement(amount)
    matter = MajorMatter(entity=entity, kind=kind, title=title.strip(), amount=amount,
                         reported_on=reported_on, description=description.strip(),
                         status=MatterStatus.PENDING if pending else MatterStatus.FILED,
                         created_by=actor, updated_by=actor)
    matter.full_clean()
    matter.save()
    if pending:
        task_create(kind=MATTER_TASK, title=f"重大事项待确认：{entity.name} {matter.title}",
                    assignee_role=Role.ASSETS_STAFF, region=entity.region, subject=matter,
                    subject_url=reverse("assets:matter_detail", args=[matter.pk]),
                    detail=f"{matter.get_kind_display()}，金额 {amount:,.2f} 元", actor=actor)
    record(actor=actor, event="assets.matter.reported", target=matter,
           changes={"kind": [None, matter.get_kind_display()], "title": [None, matter.title],
                    "amount": [None, amount], "status": [None, matter.get_status_display()]})
    return matter


@transaction.atomic
def matter_acknowledge(*, matter: MajorMatter, note: str, on: dt.date,
                       actor: Any) -> MajorMatter:
    m = MajorMatter.objects.select_for_update().get(pk=matter.pk)
    if m.status != MatterStatus.PENDING:
        raise ValidationError(f"该事项{m.get_status_display()}，无需确认")
    if not note.strip():
        raise ValidationError({"note": "请填写确认意见"})
    _not_future(on, "on", "确认日期")
    if on < m.reported_on:
        raise ValidationError({"on": f"确认日期不能早于报告日期（{m.reported_on}）"})
    m.status = MatterStatus.ACKNOWLEDGED
    m.acknowledged_on = on
    m.acknowledged_by = actor if getattr(actor, "is_authenticated", False) else None
    m.ack_note = note.strip()
    m.updated_by = actor
    m.save()
    tasks_close_for_subject(subject=m, kind=MATTER_TASK, actor=actor, note=m.ack_note)
    record(actor=actor, event="assets.matter.acknowledged", target=m,
           changes={"status": [MatterStatus.PENDING.label, MatterStatus.ACKNOWLEDGED.label],
                    "ack_note": [None, m.ack_note]})
    return m
