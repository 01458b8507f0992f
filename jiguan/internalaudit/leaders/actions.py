"""Writes of leaders' terms, and the receiver of the people register's `org_changed`: a
leader who is transferred or retires ends the term, and the departing leader's audit
becomes a to-do of the audit office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.audit.record import record, snapshot
from jiguan.internalaudit.leaders import rules
from jiguan.internalaudit.leaders.models import LeaderTerm, TermEnd
from jiguan.orgs.models import Person, PersonStatus

TASK_KIND = "internalaudit.departure_audit"
TERM_FIELDS = ("person", "agency", "post", "start_date", "end_date", "end_reason")


def departure_days() -> int:
    return int(getattr(settings, "INTERNAL_AUDIT_DEPARTURE_DAYS",
                       rules.DEFAULT_DEPARTURE_DAYS))


@transaction.atomic
def leader_term_create(*, person: Person, post: str, start_date: dt.date,
                       actor: Any) -> LeaderTerm:
    if person.status != PersonStatus.SERVING:
        raise ValidationError({"person": f"{person.name}已{person.get_status_display()}，"
                                         "不能登记为在任领导干部"})
    if not post.strip():
        raise ValidationError({"post": "请填写职务"})
    problem = rules.term_problem(start_date, None)
    if problem:
        raise ValidationError({"start_date": problem})
    if LeaderTerm.objects.open().filter(person=person).exists():
        raise ValidationError({"person": f"{person.name}已有在任的任职记录，请先办理离任"})
    term = LeaderTerm(person=person, agency=person.agency, post=post.strip(),
                      start_date=start_date, created_by=actor, updated_by=actor)
    term.full_clean()
    term.save()
    record(actor=actor, event="internalaudit.term.created", target=term,
           changes={k: [None, v] for k, v in snapshot(term, TERM_FIELDS).items()})
    return term


@transaction.atomic
def leader_term_end(*, term: LeaderTerm, date: dt.date, reason: str, actor: Any) -> LeaderTerm:
    """End a term (离任) and open the to-do of the departing leader's audit."""
    from jiguan.todo.actions import task_create

    if term.end_date is not None:
        raise ValidationError({"end_date": "该任职已离任"})
    if reason not in TermEnd.values:
        raise ValidationError({"end_reason": "请选择离任原因"})
    problem = rules.term_problem(term.start_date, date)
    if problem:
        raise ValidationError({"end_date": problem})
    term.end_date = date
    term.end_reason = reason
    term.updated_by = actor
    term.full_clean()
    term.save()
    record(actor=actor, event="internalaudit.term.ended", target=term,
           changes={"end_date": [None, date], "end_reason": [None, reason]})
    task_create(
        kind=TASK_KIND, assignee_role=Role.INTERNAL_AUDITOR,
        title=f"{term.person.name}（{term.agency.name}{term.post}）"
              f"{term.get_end_reason_display()}，应开展离任经济责任审计",
        detail="依据《党政主要领导干部和国有企事业单位主要领导人员经济责任审计规定》，"
               "领导干部离任的，应开展经济责任审计。立项后本待办自动办结。",
        region=term.agency.region, agency=None, subject=term,
        subject_url=reverse("internalaudit:term_detail", args=[term.pk]),
        due_date=rules.departure_audit_due(date, departure_days()), actor=actor)
    return term


def on_org_changed(sender: type, region_path: str = "", actor: Any = None,
                   **kwargs: Any) -> None:
    """Receiver of `jiguan.orgs.signals.org_changed` (connected in apps.py): within the
    region the register changed, every open term whose person has left (调离 / 退休) ends on
    the person's status date. Runs inside the register's transaction."""
    if sender is not Person or not region_path:
        return
    leaving = (LeaderTerm.objects.open()
               .filter(agency__region__path__startswith=region_path,
                       person__status__in=rules.LEFT_STATUSES)
               .select_related("person", "agency__region"))
    for term in leaving:
        person = term.person
        date = person.status_date or dt.date.today()
        leader_term_end(term=term, date=max(date, term.start_date),
                        reason=person.status, actor=actor)
