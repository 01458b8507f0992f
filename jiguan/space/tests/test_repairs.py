"""Repair and renovation (维修改造): the rules, the workflow's actions and to-dos, the
over-budget refusal, the building's history panel, pages, API and scope."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, _grant, _user
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building, Floor, Occupancy, Room
from jiguan.space.repairs import actions, rules
from jiguan.space.repairs.models import ApprovalLevel, Repair, RepairStatus
from jiguan.todo.models import Task

TODAY = dt.date.today()
ALL = [k for k, _ in rules.CHECKLIST]


def _building(agency: Agency, region: str, code: str) -> Building:
    b = Building.objects.create(code=code, name=f"{code}办公楼", building_area=Decimal("1000"),
                                region=Region.objects.get(code=region), floors_above=5)
    floor = Floor.objects.create(building=b, number=3)
    room = Room.objects.create(building=b, floor=floor, number="301", use_class="office",
                               usable_area=Decimal("18"))
    Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))
    return b


@pytest.fixture
def xihu_building(cast: Cast) -> Building:
    return _building(cast.xihu_agency, "330106", "X-R")


@pytest.fixture
def xihu_reporter(cast: Cast) -> Any:
    user = _user("xihu_reporter")
    _grant(user, Role.AGENCY_REPORTER, agency=cast.xihu_agency)
    return user


def _data(c: Cast, building: Building, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": c.xihu_agency, "building": building, "kind": "medium",
        "title": "屋面防水及外墙修缮", "reason": "屋面渗漏，外墙空鼓",
        "items": [{"name": "屋面防水", "amount": "300000.00"},
                  {"name": "外墙修缮", "amount": "150000.00"}],
        "extension_area": Decimal(0), "checklist": ALL}
    data.update(over)
    return data


# rules ----------------------------------------------------------------------------------------

def test_extension_only_for_a_major_repair_and_at_most_15_percent() -> None:
    area = Decimal("1000")
    assert rules.extension_refusal("major", Decimal("150"), area) is None
    assert "15%" in (rules.extension_refusal("major", Decimal("150.01"), area) or "")
    assert "中修不得增加建筑面积" in (rules.extension_refusal("medium", Decimal("1"), area) or "")
    assert rules.extension_refusal("daily", Decimal(0), area) is None


def test_checklist_needs_every_item_and_cites_the_rule() -> None:
    assert rules.checklist_refusal(ALL) is None
    text = rules.checklist_refusal(ALL[1:])
    assert text is not None and rules.CHECKLIST[0][1] in text and "第二十八条" in text


def test_approval_thresholds_default_and_setting() -> None:
    assert rules.required_level(Decimal("500000")) == ApprovalLevel.BUREAU
    assert rules.required_level(Decimal("500000.01")) == ApprovalLevel.MEETING
    assert rules.required_level(Decimal("3000000.01")) == ApprovalLevel.GOVERNMENT
    assert rules.level_refusal(Decimal("600000"), ApprovalLevel.BUREAU) is not None
    assert rules.level_refusal(Decimal("600000"), ApprovalLevel.GOVERNMENT) is None
    with override_settings(JIGUAN_REPAIR_APPROVAL_THRESHOLDS=[(100000, "bureau")]):
        assert rules.required_level(Decimal("200000")) == ApprovalLevel.GOVERNMENT


def test_items_parse_with_row_numbered_errors() -> None:
    items, errors = rules.parse_items("屋面防水，1000\n\n外墙, 20.5\n门窗 abc")
    assert [i["name"] for i in items] == ["屋面防水", "外墙"] and errors[0].startswith("第 4 行")
    assert rules.items_total(items) == Decimal("1020.50")
    assert rules.parse_items("")[1] and rules.parse_items("涂料，-5")[1]


def test_over_budget() -> None:
    assert rules.over_budget_refusal(Decimal("100"), Decimal("100")) is None
    assert "追加预算" in (rules.over_budget_refusal(Decimal("100.01"), Decimal("100")) or "")


# actions --------------------------------------------------------------------------------------

def test_refusals_write_nothing(cast: Cast, xihu_building: Building, xihu_reporter: Any) -> None:
    events = AuditEvent.objects.count()
    for bad, field in ((_data(cast, xihu_building, checklist=ALL[:2]), "checklist"),
                       (_data(cast, xihu_building, kind="major",
                              extension_area=Decimal("200")), "extension_area"),
                       (_data(cast, xihu_building, agency=cast.ningbo_agency), "agency")):
        with pytest.raises(ValidationError) as exc:
            actions.repair_submit(data=bad, actor=xihu_reporter)
        assert field in exc.value.message_dict
    other = _building(cast.hangzhou_agency, "330106", "X-OTHER")
    with pytest.raises(ValidationError) as exc:
        actions.repair_submit(data=_data(cast, other), actor=xihu_reporter)
    assert "building" in exc.value.message_dict
    assert Repair.objects.count() == 0 and Task.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_daily_repair_is_recorded_and_closed_by_the_agency(
        cast: Cast, xihu_building: Building, xihu_reporter: Any) -> None:
    repair = actions.repair_submit(data=_data(cast, xihu_building, kind="daily",
                                              items=[{"name": "更换灯具", "amount": "800"}]),
                                   actor=xihu_reporter)
    assert repair.status == RepairStatus.IN_PROGRESS and repair.approved_budget == 800
    assert not Task.objects.inbox(cast.xihu).exists()  # no bureau approval
    actions.repair_finish(repair=repair, final_cost=Decimal("780"), finished_on=TODAY,
                          actor=xihu_reporter)
    repair.refresh_from_db()
    assert repair.status == RepairStatus.ACCEPTED
    assert not Task.objects.open().exists()


def test_medium_repair_end_to_end_with_over_budget(
        cast: Cast, xihu_building: Building, xihu_reporter: Any) -> None:
    repair = actions.repair_submit(data=_data(cast, xihu_building), actor=xihu_reporter)
    assert repair.status == RepairStatus.SUBMITTED and repair.budget == Decimal("450000")
    assert Task.objects.inbox(cast.xihu).count() == 1
    assert Task.objects.inbox(cast.hangzhou).count() == 1
    assert not Task.objects.inbox(xihu_reporter).exists()
    assert not Task.objects.inbox(cast.ningbo_reporter).exists()

    actions.repair_return(repair=repair, reason="请补充外墙检测报告", actor=cast.xihu)
    assert not Task.objects.inbox(cast.xihu).exists()
    assert Task.objects.inbox(xihu_reporter).count() == 1
    actions.repair_resubmit(repair=repair, data=_data(cast, xihu_building, items=[
        {"name": "屋面防水", "amount": "300000"}, {"name": "外墙修缮", "amount": "260000"}]),
        actor=xihu_reporter)
    repair.refresh_from_db()
    assert repair.status == RepairStatus.SUBMITTED and repair.budget == Decimal("560000")

    # 56 万元 needs the bureau's collective decision (default thresholds).
    with pytest.raises(ValidationError) as exc:
        actions.repair_approve(repair=repair, level=ApprovalLevel.BUREAU,
                               doc_no="西机事〔2026〕3号", actor=cast.xihu)
    assert "approval_level" in exc.value.message_dict
    actions.repair_approve(repair=repair, level=ApprovalLevel.MEETING, doc_no="西机事〔2026〕3号",
                           actor=cast.xihu)
    repair.refresh_from_db()
    assert repair.status == RepairStatus.APPROVED and repair.approved_budget == 560000
    assert Task.objects.inbox(xihu_reporter).count() == 1

    actions.repair_start(repair=repair, started_on=TODAY, actor=xihu_reporter)
    actions.repair_progress(repair=repair, progress=60, note="屋面完成", actor=xihu_reporter)

    # Over budget: refused until a new approval.
    with pytest.raises(ValidationError) as exc:
        actions.repair_finish(repair=repair, final_cost=Decimal("600000"), finished_on=TODAY,
                              actor=xihu_reporter)
    assert "追加预算" in exc.value.message_dict["final_cost"][0]
    repair.refresh_from_db()
    assert repair.status == RepairStatus.IN_PROGRESS and repair.final_cost is None

    actions.repair_request_increase(repair=repair, new_budget=Decimal("600000"),
                                    reason="外墙空鼓面积超出预估", actor=xihu_reporter)
    assert Task.objects.inbox(cast.xihu).count() == 1
    actions.repair_approve_increase(repair=repair, level=ApprovalLevel.MEETING,
                                    doc_no="西机事〔2026〕9号", actor=cast.xihu)
    repair.refresh_from_db()
    assert repair.approved_budget == 600000 and repair.budget_rounds == 1

    actions.repair_finish(repair=repair, final_cost=Decimal("598000"), finished_on=TODAY,
                          actor=xihu_reporter)
    assert Task.objects.inbox(cast.xihu).count() == 1
    assert not Task.objects.inbox(xihu_reporter).exists()
    actions.repair_reject_acceptance(repair=repair, reason="外墙局部未完成", actor=cast.xihu)
    actions.repair_finish(repair=repair, final_cost=Decimal("598000"), finished_on=TODAY,
                          actor=xihu_reporter)
    actions.repair_accept(repair=repair, note="验收合格", actor=cast.xihu)
    repair.refresh_from_db()
    assert repair.status == RepairStatus.ACCEPTED and repair.final_cost == 598000
    assert not Task.objects.open().exists()
    events = set(AuditEvent.objects.for_target(repair).values_list("event_type", flat=True))
    assert {"space.repair.submitted", "space.repair.approved", "space.repair.progressed",
            "space.repair.increase_requested", "space.repair.accepted"} <= events


# pages and API --------------------------------------------------------------------------------

def test_pages_scope_and_building_panel(cast: Cast, xihu_building: Building) -> None:
    repair = actions.repair_submit(data=_data(cast, xihu_building), actor=cast.xihu)
    for who, code in (("xihu", 200), ("hangzhou", 200), ("auditor", 200),
                      ("ningbo_reporter", 404)):
        assert cast.client(who).get(f"/space/repairs/{repair.pk}/").status_code == code, who
        assert cast.client(who).get(f"/api/v1/space/repairs/{repair.pk}").status_code == code
    assert cast.client("ningbo_reporter").post(
        f"/space/repairs/{repair.pk}/approve/",
        {"approval_level": "meeting", "approval_doc_no": "x"}).status_code == 404
    assert cast.client("auditor").post(
        f"/space/repairs/{repair.pk}/approve/",
        {"approval_level": "meeting", "approval_doc_no": "x"}).status_code == 403
    page = cast.client("xihu").get(f"/space/buildings/{xihu_building.pk}/").content.decode()
    assert 'data-testid="building-repairs"' in page and "屋面防水及外墙修缮" in page
    response = cast.client("xihu").post(f"/space/repairs/{repair.pk}/approve/",
                                        {"approval_level": "bureau", "approval_doc_no": "x"})
    assert response.status_code == 302
    repair.refresh_from_db()
    assert repair.status == RepairStatus.APPROVED
    assert cast.client("xihu").get("/space/repairs/export.xlsx?kind=medium").status_code == 200
    assert cast.client("outsider").get("/space/repairs/").status_code == 403


def test_page_form_names_the_field(cast: Cast, xihu_building: Building) -> None:
    data = {"agency": cast.xihu_agency.pk, "building": xihu_building.pk, "kind": "medium",
            "title": "修缮", "reason": "渗漏", "items": "屋面，abc", "extension_area": "0",
            "checklist": ALL}
    response = cast.client("xihu").post("/space/repairs/new/", data)
    assert response.status_code == 422 and "第 1 行" in response.content.decode()
    data["items"] = "屋面，1000"
    data["checklist"] = ALL[:1]
    response = cast.client("xihu").post("/space/repairs/new/", data)
    assert response.status_code == 422 and "装修标准自查未通过" in response.content.decode()
    assert Repair.objects.count() == 0


def test_api_flow_and_bad_input(cast: Cast, xihu_building: Building) -> None:
    client = cast.client("xihu")
    payload = {"agency": cast.xihu_agency.pk, "building": xihu_building.pk, "kind": "major",
               "title": "整体修缮", "reason": "年久失修",
               "items": [{"name": "结构加固", "amount": "200000"}],
               "extension_area": "100", "checklist": ALL}
    r = client.post("/api/v1/space/repairs", json.dumps(payload), content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post("/api/v1/space/repairs", json.dumps({**payload, "extension_area": "151"}),
                    content_type="application/json")
    assert r.status_code == 422 and "extension_area" in r.json()["errors"]
    r = client.post(f"/api/v1/space/repairs/{pk}/approve",
                    json.dumps({"approval_level": "bureau", "approval_doc_no": ""}),
                    content_type="application/json")
    assert r.status_code == 422 and "approval_doc_no" in r.json()["errors"]
    r = client.post(f"/api/v1/space/repairs/{pk}/approve",
                    json.dumps({"approval_level": "bureau", "approval_doc_no": "西机事1号"}),
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    r = client.post(f"/api/v1/space/repairs/{pk}/finish",
                    json.dumps({"final_cost": "1", "finished_on": str(TODAY)}),
                    content_type="application/json")
    assert r.status_code == 422  # not started
    assert client.get("/api/v1/space/repairs?kind=major").json()["count"] == 1
    assert cast.client("ningbo_reporter").get("/api/v1/space/repairs").json()["count"] == 0
