
import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.types import AuthedRequest
from jiguan.todo import actions
from jiguan.todo.models import Task

router = Router(tags=["我的待办"])


class TaskOut(Schema):
    id: int
    kind: str
    title: str
    assignee_role: str
    agency_id: int | None
    region_id: int
    subject_url: str
    due_date: dt.date | None
    done_at: dt.datetime | None


class DoneIn(Schema):
    note: str = ""


@router.get("/inbox", response=list[TaskOut])
@paginate(Pagination, page_size=100)
def inbox(request: AuthedRequest) -> Any:
    require(request.user, Perm.VIEW_TASKS)
    return Task.objects.inbox(request.user)


@router.post("/tasks/{task_id}/done", response=TaskOut)
def done(request: AuthedRequest, task_id: int, payload: DoneIn) -> Any:
    task = get_object_or_404(Task.objects.visible_to(request.user), pk=task_id)
    require(request.user, Perm.CHANGE_TASK, task)
    return actions.task_done(task=task, note=payload.note[:300], actor=request.user)
