"""Writes to the to-do inbox; workflows in other apps call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from jiguan.audit.record import record
from jiguan.todo.models import Task


@transaction.atomic
def task_create(*, kind: str, title: str, assignee_role: str, region: Any,
                agency: Any = None, subject: models.Model | None = None, subject_url: str = "",
                due_date: dt.date | None = None, detail: str = "", actor: Any) -> Task:
    task = Task(kind=kind, title=title, detail=detail, assignee_role=assignee_role,
                region=region, agency=agency, subject_url=subject_url, due_date=due_date,
                created_by=actor if getattr(actor, "is_authenticated", False) else None)
    if subject is not None:
        task.subject_type = subject._meta.label_lower
        task.subject_id = str(subject.pk)
    task.full_clean()
    task.save()
    record(actor=actor, event="todo.task.created", target=task,
           changes={"title": [None, title], "due_date": [None, due_date]})
    return task


@transaction.atomic
def task_done(*, task: Task, note: str = "", actor: Any) -> Task:
    if task.is_done:
        return task
    task.done_at = timezone.now()
    task.done_by = actor
    task.done_note = note
    task.updated_by = actor
    task.save(update_fields=["done_at", "done_by", "done_note", "updated_by", "updated_at"])
    record(actor=actor, event="todo.task.done", target=task, changes={"done_note": [None, note]})
    return task


@transaction.atomic
def tasks_close_for_subject(*, subject: models.Model, kind: str, actor: Any,
                            note: str = "") -> int:
    """Close a workflow's open tasks on a subject (the data shows the matter is settled)."""
    tasks = Task.objects.open().filter(kind=kind, subject_type=subject._meta.label_lower,
                                       subject_id=str(subject.pk))
    count = 0
    for task in tasks:
        task_done(task=task, note=note, actor=actor)
        count += 1
    return count
