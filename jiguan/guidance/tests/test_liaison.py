"""Liaison: a leader (a user or a named person) liaises with city and county bureaus for a
year; visits with their topics and the issues raised, each issue a to-do for the visited
bureau until answered; bad input refused; scope; pages, export and API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.guidance.liaison import actions, queries, rules
from jiguan.guidance.liaison.models import Assignment, IssueStatus, Visit
from jiguan.todo.models import Task

TODAY = dt.date.today()


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def visit(cast: Cast, code: str = "330106", issues: tuple[str, ...] = ("食堂改造资金缺口",),
          **over: Any) -> Visit:
    data: dict[str, Any] = {"region": region(code), "visited_on": TODAY - dt.timedelta(days=3),
                            "leader_name": "王局长", "topics": "节约型机关建设"}
    data.update(over)
    return actions.visit_create(issues=issues, actor=cast.province_admin, **data)


def test_rules() -> None:
    assert rules.region_problem("city", "杭州市") is None
    assert "浙江省" in (rules.region_problem("province", "浙江省") or "")
    assert rules.visit_date_problem(TODAY + dt.timedelta(days=1), TODAY) == "走访日期不能晚于今天"
    assert "早于走访日期" in (rules.answer_date_problem(TODAY - dt.timedelta(days=2),
                                                   TODAY - dt.timedelta(days=1), TODAY) or "")
    assert rules.answer_date_problem(TODAY + dt.timedelta(days=1), TODAY, TODAY) \
        == "答复日期不能晚于今天"
    assert rules.answer_date_problem(TODAY, TODAY, TODAY) is None


def test_assignment_user_or_name_and_bad_input(cast: Cast) -> None:
    cast.province_admin.full_name = "陈副局长"
    cast.province_admin.save()
    a = actions.assignment_create(year=TODAY.year, region=region("330100"),
                                  leader_user=cast.province_admin, actor=cast.province_admin)
    assert a.leader_name == "陈副局长"
    actions.assignment_create(year=TODAY.year, region=region("330106"), leader_name="王局长",
                              leader_post="副局长", actor=cast.province_admin)
    with pytest.raises(ValidationError) as e:
        actions.assignment_create(year=TODAY.year, region=region("330106"),
                                  leader_name="王局长", actor=cast.province_admin)
    assert "已登记" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.assignment_create(year=TODAY.year, region=region("330000"),
                                  leader_name="王局长", actor=cast.province_admin)
    assert "市、县" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.assignment_create(year=TODAY.year, region=region("330100"),
                                  actor=cast.province_admin)
    assert "联系领导" in str(e.value)
    assert Assignment.objects.count() == 2
    assert AuditEvent.objects.filter(event_type="guidance.liaison.assigned").count() == 2


def test_visit_links_assignment_and_issue_followed_to_answer(cast: Cast) -> None:
    a = actions.assignment_create(year=(TODAY - dt.timedelta(days=3)).year,
                                  region=region("330106"), leader_name="王局长",
                                  actor=cast.province_admin)
    v = visit(cast, issues=("食堂改造资金缺口", "车辆编制不足"))
    assert v.assignment == a
    tasks = Task.objects.filter(kind=actions.TASK_ISSUE)
    assert tasks.count() == 2 and {t.region.code for t in tasks} == {"330106"}
    first = v.issues.get(seq=1)
    actions.issue_answer(issue=first, answer="省局已安排专项资金", answered_on=TODAY,
                         actor=cast.xihu)
    first.refresh_from_db()
    assert (first.status, first.answered_on) == (IssueStatus.ANSWERED, TODAY)
    assert first.answered_by == cast.xihu.full_name
    assert tasks.filter(done_at__isnull=True).count() == 1
    with pytest.raises(ValidationError) as e:
        actions.issue_answer(issue=first, answer="再答", answered_on=TODAY, actor=cast.xihu)
    assert "已答复" in str(e.value)
    second = v.issues.get(seq=2)
    with pytest.raises(ValidationError) as e:
        actions.issue_answer(issue=second, answer="x", answered_on=TODAY - dt.timedelta(days=9),
                             actor=cast.xihu)
    assert "早于走访日期" in str(e.value)
    with pytest.raises(ValidationError):
        actions.issue_answer(issue=second, answer=" ", answered_on=TODAY, actor=cast.xihu)
    found, _ = queries.visits_for(cast.province_admin, {"issues": "open"})
    assert list(found) == [v]


def test_visit_bad_input(cast: Cast) -> None:
    with pytest.raises(ValidationError) as e:
        visit(cast, visited_on=TODAY + dt.timedelta(days=1), topics=" ")
    assert set(e.value.message_dict) == {"visited_on", "topics"}
    with pytest.raises(ValidationError):
        visit(cast, code="330000")
    assert not Visit.objects.exists() and not Task.objects.exists()


def test_scope(cast: Cast) -> None:
    hz = visit(cast, code="330100")
    xh = visit(cast)
    assert set(Visit.objects.visible_to(cast.hangzhou)) == {hz, xh}
    assert list(Visit.objects.visible_to(cast.xihu)) == [xh]
    assert cast.client("xihu").get(reverse("guidance:visit_detail", args=[hz.pk])) \
        .status_code == 404


def test_pages_and_export(cast: Cast) -> None:
    client = cast.client("hangzhou")
    r = client.post(reverse("guidance:visit_create"), {
        "region": region("330106").pk, "visited_on": str(TODAY), "leader_name": "李处长",
        "topics": "公物仓建设", "issues": "问题一\n\n问题二\n"})
    assert r.status_code == 302
    v = Visit.objects.get()
    assert list(v.issues.values_list("text", flat=True)) == ["问题一", "问题二"]
    issue = v.issues.first()
    assert issue is not None
    r = client.post(reverse("guidance:visit_issue_answer", args=[v.pk, issue.pk]),
                    {"answer": "", "answered_on": str(TODAY)})
    assert r.status_code == 422
    r = client.post(reverse("guidance:visit_issue_answer", args=[v.pk, issue.pk]),
                    {"answer": "已答复", "answered_on": str(TODAY)})
    assert r.status_code == 302
    r = client.post(reverse("guidance:assignment_create"), {
        "year": TODAY.year, "region": region("330000").pk, "leader_name": "x"})
    assert r.status_code == 422  # the province is not among the choices
    assert client.get(reverse("guidance:visit_export"), {"issues": "open"}).status_code == 200
    assert client.get(reverse("guidance:assignment_export")).status_code == 200


def test_api(cast: Cast) -> None:
    client = cast.client("province_admin")

    def post(path: str, data: dict[str, Any]) -> Any:
        return client.post(f"/api/v1/guidance/liaison/{path}", json.dumps(data),
                           content_type="application/json")

    r = post("assignments", {"year": TODAY.year, "region_id": region("330100").pk,
                             "leader_name": "王局长", "leader_post": "副局长"})
    assert r.status_code == 201 and r.json()["region_code"] == "330100"
    r = post("visits", {"region_id": region("330100").pk, "visited_on": str(TODAY),
                        "leader_name": "王局长", "topics": "调研", "issues": ["资金"]})
    assert r.status_code == 201 and r.json()["assignment_id"] is not None
    vid, iid = r.json()["id"], r.json()["issues"][0]["id"]
    r = post(f"visits/{vid}/issues/{iid}/answer", {"answer": "已解决",
                                                   "answered_on": str(TODAY)})
    assert r.status_code == 200 and r.json()["issues"][0]["status"] == "answered"
    r = post(f"visits/{vid}/issues/{iid}/answer", {"answer": "again",
                                                   "answered_on": str(TODAY)})
    assert r.status_code == 422
    r = post("visits", {"region_id": region("330100").pk, "visited_on": "2999-01-01",
                        "leader_name": "王局长", "topics": "调研"})
    assert r.status_code == 422
    assert client.get("/api/v1/guidance/liaison/visits/424242").status_code == 404
