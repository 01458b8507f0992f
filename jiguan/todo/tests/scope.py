from typing import Any

from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.todo.models import Task


def _xihu_task(c: Cast) -> Task:
    return Task.objects.create(kind="test", title="核对", assignee_role=Role.BUREAU_STAFF,
                               region=c.xihu_agency.region, agency=c.xihu_agency)


def _done(c: Cast) -> dict[str, Any]:
    return {"note": "已核对"}


ALL = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
       "auditor": 200, "outsider": 403}
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}

SCOPE_MATRIX = [
    Endpoint("todo:inbox", "GET", lambda c: reverse("todo:inbox"), ALL),
    Endpoint("todo:done(xihu)", "POST", lambda c: reverse("todo:done", args=[_xihu_task(c).pk]),
             XIHU_WRITE, data=_done),
    Endpoint("todo:api_inbox", "GET", lambda c: "/api/v1/todo/inbox", ALL, api=True),
    Endpoint("todo:api_done(xihu)", "POST",
             lambda c: f"/api/v1/todo/tasks/{_xihu_task(c).pk}/done",
             {**XIHU_WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200},
             data=_done, api=True),
]
