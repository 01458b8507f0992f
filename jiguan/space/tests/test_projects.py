"""Planning and construction: the status machine, its rules (funding from the budget only,
the approval documents, the area against the agencies' approved area), the to-dos of each
waiting step, completion into the register, the pages, the API and the scope."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.space.projects import actions, queries, rules
from jiguan.space.projects.forms import parse_rooms
from jiguan.space.projects.models import Project, ProjectFunding, ProjectStatus
from jiguan.space.register.models import Building, Room
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def make_project(c: Cast, *, area: Decimal | None = None, code: str = "XM-001") -> Project:
    region = Region.objects.get(code="330106")
    data = {"code": code, "name": "西湖区行政中心扩建", "kind": "extend", "region": region,
            "agencies": [c.xihu_agency.credit_code], "building_type": "multi",
            "address": "文三路", "planned_area": area or Decimal("100"),
            "planned_amount": Decimal("5000000"), "reason": "现有用房不足"}
    return actions.project_create(data=data, actor=c.xihu)


def doc(kind: str, area: str = "5000", amount: str = "8000000") -> dict[str, Any]:
    return {"kind": kind, "number": f"西发改〔2025〕{len(kind)}号", "issued_on": TODAY,
            "approved_area": Decimal(area), "approved_amount": Decimal(amount)}


def ready(c: Cast) -> Project:
    p = make_project(c)
    actions.document_save(project=p, data=doc("proposal"), actor=c.xihu)
    actions.funding_add(project=p, source="budget", amount=Decimal("5000000"),
                        document="西财预〔2025〕1号", actor=c.xihu)
    return p


def inbox(user: Any) -> list[str]:
    return list(Task.objects.inbox(user).filter(kind=rules.TASK_KIND)
                .values_list("title", flat=True))


def test_rules_refuse_every_source_but_the_budget() -> None:
    assert rules.fund_source_refusal("budget", "财政预算资金") is None
    for source in ("donation", "levy", "loan", "contractor", "earmarked"):
        msg = rules.fund_source_refusal(source, "x")
        assert msg and "楼堂馆所管理条例" in msg
    assert rules.funding_shortfall(Decimal(5), Decimal(8)) == Decimal(3)
    assert rules.area_excess(Decimal(5), Decimal(8)) == 0
    assert rules.missing_documents(["proposal"], rules.START_NEEDS) == ["feasibility", "design"]


def test_forbidden_fund_source_is_refused_with_the_rule_and_nothing_written(cast: Cast) -> None:
    p = make_project(cast)
    with pytest.raises(ValidationError) as exc:
        actions.funding_add(project=p, source="contractor", amount=Decimal("10"), actor=cast.xihu)
    assert "source" in exc.value.message_dict
    assert "施工单位垫资" in exc.value.message_dict["source"][0]
    assert "只能来源于财政预算" in exc.value.message_dict["source"][0]
    assert not ProjectFunding.objects.exists()


def test_area_is_checked_against_the_agencies_approved_area(cast: Cast) -> None:
    approved = queries.approved_total(make_project(cast, code="A"))
    assert approved > 0
    p = make_project(cast, area=approved + Decimal("1"), code="B")
    actions.document_save(project=p, data=doc("proposal", area=str(approved + 100)),
                          actor=cast.xihu)
    actions.funding_add(project=p, source="budget", amount=Decimal("5000000"), actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        actions.project_submit(project=p, actor=cast.xihu)
    assert "核定面积" in exc.value.message_dict["planned_area"][0]
    p.refresh_from_db()
    assert p.status == ProjectStatus.DRAFT


def test_submit_needs_the_proposal_and_the_budget(cast: Cast) -> None:
    p = make_project(cast)
    with pytest.raises(ValidationError) as exc:
        actions.project_submit(project=p, actor=cast.xihu)
    assert "项目建议书批复" in exc.value.message_dict["documents"][0]
    actions.document_save(project=p, data=doc("proposal"), actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        actions.project_submit(project=p, actor=cast.xihu)
    assert "尚缺 5000000" in exc.value.message_dict["funding"][0]


def test_the_whole_flow_with_its_todos(cast: Cast) -> None:
    p = ready(cast)
    assert inbox(cast.xihu) == ["建设项目待报审：西湖区行政中心扩建"]
    actions.project_submit(project=p, actor=cast.xihu)
    # The review waits for the bureau above (Hangzhou), not for Xihu, nor anyone else.
    assert inbox(cast.hangzhou) == ["审核建设项目：西湖区行政中心扩建"]
    # The figures in the to-do read as on the pages: separators, units, 万元 for money.
    detail = Task.objects.open().get(title="审核建设项目：西湖区行政中心扩建").detail
    assert "规划建筑面积 100.00 m²，投资估算 500.00 万元" in detail
    assert inbox(cast.xihu) == []
    for who in (cast.ningbo_reporter, cast.auditor, cast.outsider, cast.province_admin):
        assert inbox(who) == []
    with pytest.raises(ValidationError):
        actions.project_approve(project=p, actor=cast.xihu)  # not its own reviewer
    actions.project_return(project=p, reason="面积依据不足", actor=cast.hangzhou)
    # The review to-do is closed; the return waits for the Xihu bureau (the inbox shows a
    # bureau's to-dos to the bureau staff above it too: it supervises them).
    assert inbox(cast.xihu) == ["建设项目被退回，请修改后重新报审：西湖区行政中心扩建"]
    assert inbox(cast.hangzhou) == inbox(cast.xihu)
    assert inbox(cast.ningbo_reporter) == [] and inbox(cast.auditor) == []
    actions.project_submit(project=p, actor=cast.xihu)
    actions.project_approve(project=p, actor=cast.hangzhou)
    assert inbox(cast.xihu)[0].startswith("建设项目已批准立项")
    with pytest.raises(ValidationError) as exc:
        actions.project_start(project=p, started_on=TODAY, actor=cast.xihu)
    assert "可行性研究报告批复" in exc.value.message_dict["documents"][0]
    actions.document_save(project=p, data=doc("feasibility"), actor=cast.xihu)
    actions.document_save(project=p, data=doc("design", area="100", amount="5000000"),
                          actor=cast.xihu)
    actions.project_start(project=p, started_on=TODAY, actor=cast.xihu)
    assert inbox(cast.xihu)[0].startswith("在建项目")
    actions.rooms_set(project=p, rows=parse_rooms("1 101 服务用房 40 会议室\n2 201 办公室 18"),
                      actor=cast.xihu)
    data = {"building_code": "XH-NEW-1", "building_name": "西湖区行政中心二号楼",
            "floors_above": 2, "floors_below": 0, "actual_area": Decimal("100"),
            "final_cost": Decimal("4900000"), "completed_on": TODAY}
    with pytest.raises(ValidationError) as exc:
        actions.project_complete(project=p, data={**data, "actual_area": Decimal("101")},
                                 actor=cast.xihu)
    assert "初步设计批复面积" in exc.value.message_dict["actual_area"][0]
    assert not Building.objects.filter(code="XH-NEW-1").exists()
    actions.project_complete(project=p, data=data, actor=cast.xihu)
    p.refresh_from_db()
    assert p.status == ProjectStatus.COMPLETED
    building = Building.objects.get(code="XH-NEW-1")
    assert p.building == building and building.building_area == Decimal("100")
    assert sorted(Room.objects.filter(building=building).values_list("number", flat=True)) == [
        "101", "201"]
    assert inbox(cast.xihu) == [] and inbox(cast.hangzhou) == []
    assert not Task.objects.open().filter(kind=rules.TASK_KIND).exists()
    events = list(AuditEvent.objects.for_target(p).values_list("event_type", flat=True))
    for step in ("created", "submitted", "returned", "approved", "started", "completed"):
        assert f"space.project.{step}" in events
    assert AuditEvent.objects.filter(event_type="space.building.created").exists()


def test_completion_refuses_a_room_the_building_cannot_hold_and_writes_nothing(
        cast: Cast) -> None:
    p = ready(cast)
    actions.project_submit(project=p, actor=cast.xihu)
    actions.project_approve(project=p, actor=cast.hangzhou)
    for kind in ("feasibility", "design"):
        actions.document_save(project=p, data=doc(kind, area="100", amount="5000000"),
                              actor=cast.xihu)
    actions.project_start(project=p, started_on=TODAY, actor=cast.xihu)
    actions.rooms_set(project=p, rows=parse_rooms("5 501 办公室 18"), actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        actions.project_complete(project=p, data={
            "building_code": "XH-NEW-2", "building_name": "x", "floors_above": 2,
            "floors_below": 0, "actual_area": Decimal("100"), "final_cost": Decimal("1"),
            "completed_on": TODAY}, actor=cast.xihu)
    assert "501" in exc.value.message_dict["rooms"][0]
    assert not Building.objects.filter(code="XH-NEW-2").exists()
    p.refresh_from_db()
    assert p.status == ProjectStatus.BUILDING


def test_parse_rooms_names_the_bad_lines() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_rooms("1 101 办公室 18\nx 102 办公室 18\n1 103 厨房 10\n1 101 办公室 0")
    text = " ".join(exc.value.messages)
    assert "第 2 行" in text and "第 3 行" in text and "第 4 行" in text


def test_pages_scope_and_bad_input(cast: Cast) -> None:
    p = ready(cast)
    url = reverse("space_projects:project_detail", args=[p.pk])
    assert cast.client("xihu").get(url).status_code == 200
    assert cast.client("hangzhou").get(url).status_code == 200
    assert cast.client("ningbo_reporter").get(url).status_code == 404
    assert cast.client("outsider").get(url).status_code in (403, 404)
    listing = cast.client("ningbo_reporter").get(reverse("space_projects:project_list"))
    assert p.code not in listing.content.decode()
    r = cast.client("xihu").post(reverse("space_projects:funding_add", args=[p.pk]),
                                 {"source": "donation", "amount": "100"})
    assert r.status_code == 422 and "只能来源于财政预算" in r.content.decode()
    assert ProjectFunding.objects.filter(project=p).count() == 1
    r = cast.client("xihu").post(reverse("space_projects:project_approve", args=[p.pk]))
    assert r.status_code == 403
    r = cast.client("xihu").post(reverse("space_projects:project_create"), {
        "code": "", "name": "x", "kind": "new", "region": "330106", "agencies": "",
        "building_type": "multi", "planned_area": "-1", "planned_amount": "abc"})
    assert r.status_code == 422
    body = r.content.decode()
    assert "规划建筑面积（m²）必须大于 0" in body and "投资估算（元）应为数字" in body
    export = cast.client("xihu").get(reverse("space_projects:project_export"), {"status": "draft"})
    assert export.status_code == 200


def test_api_flow_and_scope(cast: Cast) -> None:
    c = cast.client("xihu")
    r = c.post("/api/v1/space/projects/", json.dumps({
        "code": "API-1", "name": "购置办公楼", "kind": "purchase", "region": "330106",
        "agencies": [cast.xihu_agency.credit_code], "planned_area": "100",
        "planned_amount": "1000"}), content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = c.post(f"/api/v1/space/projects/{pk}/funding", json.dumps(
        {"source": "loan", "amount": "1000"}), content_type="application/json")
    assert r.status_code == 422 and "向其他单位借款" in r.json()["errors"]["source"][0]
    assert cast.client("ningbo_reporter").get(f"/api/v1/space/projects/{pk}").status_code == 404
    r = cast.client("xihu").post(f"/api/v1/space/projects/{pk}/approve")
    assert r.status_code == 403
    assert c.get("/api/v1/space/projects/?status=draft").json()["count"] == 1

