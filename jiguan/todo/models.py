"""The to-do inbox (我的待办): tasks addressed to a role at a scope, fed by workflows.

A task is addressed to whoever holds `assignee_role` at a scope that covers the task's
agency (or region). Workflows create tasks through todo.actions.task_create and close them
through task_done; the inbox is a query, not a copy per user.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiguan.access.roles import Perm, role_choices
from jiguan.core import scoping
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedQuerySet


class TaskQuerySet(ScopedQuerySet["Task"]):
    scope_perm = Perm.VIEW_TASKS
    region_path_field = "region__path"
    agency_field = "agency_id"

    def inbox(self, user: Any) -> TaskQuerySet:
        """Open tasks addressed to one of the user's roles, within the scope of that role."""
        q = Q(pk__in=[])
        for g in scoping.role_grants(user):
            if g.region_path:
                q |= Q(assignee_role=g.role, region__path__startswith=g.region_path)
            if g.agency_id:
                q |= Q(assignee_role=g.role, agency_id=g.agency_id)
        return self.filter(q, done_at__isnull=True)

    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self) -> TaskQuerySet:
        return self.open().filter(due_date__lt=timezone.localdate())


class Task(BaseModel):
    kind = models.CharField("类别", max_length=60)
    title = models.CharField("事项", max_length=200)
    detail = models.TextField("说明", blank=True)
    assignee_role = models.CharField("办理角色", max_length=30, choices=role_choices)
    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="tasks")
    subject_type = models.CharField("关联对象类型", max_length=60, blank=True)
    subject_id = models.CharField("关联对象编号", max_length=40, blank=True)
    subject_url = models.CharField("关联链接", max_length=300, blank=True)
    due_date = models.DateField("办理期限", null=True, blank=True)
    done_at = models.DateTimeField("办结时间", null=True, blank=True)
    done_by = models.ForeignKey("access.User", verbose_name="办结人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    done_note = models.CharField("办理说明", max_length=300, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "待办"
        verbose_name_plural = "待办"
        ordering = ["done_at", "due_date", "-created_at"]
        indexes = [models.Index(fields=["assignee_role", "done_at"]),
                   models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_date is not None and (
            self.due_date < timezone.localdate())

    @property
    def scope_region_path(self) -> str:
        return self.region.path

    @property
    def scope_agency_id(self) -> int | None:
        return self.agency_id

    @property
    def audit_region(self) -> Any:
        return self.region
