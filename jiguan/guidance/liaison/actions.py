"""Every write of the liaison: one transaction and one audit row each.

An issue raised on a visit opens a to-do for the visited bureau; its answer closes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.audit.record import diff, record, snapshot
from jiguan.guidance.liaison import rules
from jiguan.guidance.liaison.models import Assignment, IssueStatus, Visit, VisitIssue
from jiguan.todo.actions import task_create, tasks_close_for_subject

TASK_ISSUE = "guidance.liaison.issue"


@transaction.atomic
def assignment_create(*, year: int, region: Any, leader_user: Any = None,
                      leader_name: str = "", leader_post: str = "", note: str = "",
                      actor: Any) -> Assignment:
    """A leader (a user, or a named person) liaises with the bureau of `region` in `year`."""
    errors: dict[str, str] = {}
    problem = rules.region_problem(region.level, region.name)
    if problem:
        errors["region"] = problem
    name = leader_name.strip() or (leader_user.full_name if leader_user is not None else "")
    if not name:
        errors["leader_name"] = "请选择联系领导（用户），或填写联系领导姓名"
    elif Assignment.objects.filter(year=year, region=region, leader_name=name).exists():
        errors["leader_name"] = f"{year}年{name}联系{region.name}的安排已登记"
    if errors:
        raise ValidationError(errors)
    assignment = Assignment(year=year, region=region, leader_user=leader_user,
                            leader_name=name[:50], leader_post=leader_post.strip()[:100],
                            note=note.strip()[:300], created_by=actor, updated_by=actor)
    assignment.full_clean()
    assignment.save()
    record(actor=actor, event="guidance.liaison.assigned", target=assignment,
           changes={"year": [None, year], "leader_name": [None, name],
                    "region": [None, region.name]})
    return assignment


def _issue(visit: Visit, text: str, actor: Any) -> VisitIssue:
    seq = (visit.issues.aggregate(m=Max("seq"))["m"] or 0) + 1
    issue = VisitIssue.objects.create(visit=visit, seq=seq, text=text.strip(), created_by=actor,
                                      updated_by=actor)
    task_create(kind=TASK_ISSUE, title=f"走访反映问题待答复：{issue.text[:60]}",
                assignee_role=Role.BUREAU_STAFF, region=visit.region, subject=issue,
                subject_url=reverse("guidance:visit_detail", args=[visit.pk])
                + f"#issue-{issue.pk}",
                detail=f"{visit.leader_name}于 {visit.visited_on} 走访{visit.region.name}时"
                       f"反映的第{seq}项问题，请跟踪至答复。", actor=actor)
    return issue


@transaction.atomic
def visit_create(*, region: Any, visited_on: dt.date, leader_name: str, topics: str,
                 note: str = "", issues: Iterable[str] = (), actor: Any,
                 today: dt.date | None = None) -> Visit:
    """Record a visit and the issues raised on it (one per line); the visit is linked to
    the year's liaison assignment of that leader and bureau when there is one."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    problem = rules.region_problem(region.level, region.name)
    if problem:
        errors["region"] = problem
    problem = rules.visit_date_problem(visited_on, today)
    if problem:
        errors["visited_on"] = problem
    if not leader_name.strip():
        errors["leader_name"] = "请填写带队领导"
    if not topics.strip():
        errors["topics"] = "请填写调研指导内容"
    if errors:
        raise ValidationError(errors)
    assignment = Assignment.objects.filter(year=visited_on.year, region=region,
                                           leader_name=leader_name.strip()).first()
    visit = Visit(region=region, visited_on=visited_on, leader_name=leader_name.strip()[:50],
                  assignment=assignment, topics=topics.strip(), note=note.strip(),
                  created_by=actor, updated_by=actor)
    visit.full_clean()
    visit.save()
    raised = [_issue(visit, text, actor) for text in issues if text.strip()]
    record(actor=actor, event="guidance.liaison.visited", target=visit,
           changes={"visited_on": [None, visited_on], "leader_name": [None, visit.leader_name],
                    "region": [None, region.name], "issues": [None, len(raised)]},
           extra={"assignment": assignment.pk if assignment else None})
    return visit


@transaction.atomic
def issue_add(*, visit: Visit, text: str, actor: Any) -> VisitIssue:
    if not text.strip():
        raise ValidationError({"text": "请填写反映的问题"})
    Visit.objects.select_for_update().filter(pk=visit.pk).first()
    issue = _issue(visit, text, actor)
    record(actor=actor, event="guidance.liaison.issue", target=visit,
           changes={"issue": [None, issue.text[:200]]})
    return issue


@transaction.atomic
def issue_answer(*, issue: VisitIssue, answer: str, answered_on: dt.date,
                 answered_by: str = "", actor: Any, today: dt.date | None = None) -> VisitIssue:
    """Answer an issue (答复): closes it and its to-do. An answered issue stays answered."""
    issue = VisitIssue.objects.select_for_update().select_related("visit__region") \
        .get(pk=issue.pk)
    today = today or dt.date.today()
    if issue.status == IssueStatus.ANSWERED:
        raise ValidationError({"answer": "该问题已答复"})
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复内容"})
    problem = rules.answer_date_problem(answered_on, issue.visit.visited_on, today)
    if problem:
        raise ValidationError({"answered_on": problem})
    before = snapshot(issue, ("status", "answer", "answered_by", "answered_on"))
    issue.status, issue.answer = IssueStatus.ANSWERED, answer.strip()
    issue.answered_by = (answered_by.strip() or getattr(actor, "full_name", "") or "")[:50]
    issue.answered_on, issue.updated_by = answered_on, actor
    issue.save()
    record(actor=actor, event="guidance.liaison.answered", target=issue.visit,
           changes=diff(before, snapshot(issue, ("status", "answer", "answered_by",
                                                 "answered_on"))),
           extra={"issue": issue.pk})
    tasks_close_for_subject(subject=issue, kind=TASK_ISSUE, actor=actor,
                            note=f"{answered_on} 已答复")
    return issue
