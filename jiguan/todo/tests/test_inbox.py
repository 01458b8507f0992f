"""The to-do inbox: each task's agency read for the page in one query, not a join per
request over every agency (bench/README.md session 9)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.conftest import Cast
from jiguan.todo import actions


def _tasks(cast: Cast, n: int, start: int) -> None:
    for i in range(start, start + n):
        actions.task_create(kind="test.inbox", title=f"待办测试{i}",
                            assignee_role=Role.BUREAU_STAFF, region=cast.xihu_agency.region,
                            agency=cast.xihu_agency, actor=None)


def _queries(client: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("todo:inbox"))
    assert page.status_code == 200
    # The page of tasks is read without a join to the agencies (a second query by id).
    tasks = [q["sql"] for q in queries.captured_queries
             if q["sql"].startswith('SELECT "todo_task"."id"')]
    assert all('JOIN "orgs_agency"' not in sql for sql in tasks)
    return len(queries.captured_queries), page.content.decode()


def test_the_inbox_reads_the_agencies_of_a_page_in_one_query(cast: Cast) -> None:
    client = cast.client("xihu")
    _queries(client)  # the first page of a session stamps it (a session write)
    _tasks(cast, 2, 0)
    few, _ = _queries(client)
    _tasks(cast, 12, 2)
    many, page = _queries(client)
    assert many == few
    assert "待办测试13" in page and cast.xihu_agency.name in page
