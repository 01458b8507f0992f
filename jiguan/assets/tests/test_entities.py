"""Operating entities and their transfer: entity writes, routes and their ordered steps,
refusals (out of order, appraised value below zero, staff counts that do not add up),
buildings moved on the register, the holding of the group, to-dos, the board, pages, API,
export and import."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

from jiguan.assets.entities import actions, queries, rules
from jiguan.assets.entities.models import Entity, EntityStatus, Route, Step, StepKind
from jiguan.assets.tests.fixtures import Assets, entity_data
from jiguan.audit.models import AuditEvent
from jiguan.conftest import make_credit_code
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportStatus
from jiguan.space.register.models import Occupancy
from jiguan.todo.models import Task

DAY = dt.date(2025, 4, 1)


def _extra(kind: str) -> dict[str, Any]:
    if kind == StepKind.APPRAISAL:
        return {"appraised_value": Decimal("11800000")}
    if kind == StepKind.PLACEMENT:
        return {"placed": 6, "retired": 3, "other": 1}
    if kind in (StepKind.AGREEMENT, StepKind.REGISTRATION):
        return {"documents": f"{kind}-2025-1"}
    return {}


def _run(entity: Entity, actor: Any, until: str | None = None) -> None:
    """Complete the entity's steps in order (up to and including `until`)."""
    for step in Step.objects.filter(entity=entity).order_by("order"):
        if step.is_done:
            continue
        actions.step_complete(step=step, done_on=DAY, actor=actor, **_extra(step.kind))
        if step.kind == until:
            return


def _assigned(assets: Assets, route: str = Route.TRANSFER, receiver: str = "") -> Entity:
    return actions.entity_assign(entity=assets.guesthouse, batch=assets.batch, route=route,
                                 receiver=receiver, actor=assets.staff)


def test_rules_route_steps_and_dates() -> None:
    assert rules.steps_of(Route.TRANSFER)[0] == StepKind.AUDIT
    assert rules.steps_of(Route.TRANSFER)[-1] == StepKind.CLOSED
    assert StepKind.AGREEMENT not in rules.steps_of(Route.DISSOLVE)
    dates = rules.planned_dates(dt.date(2025, 1, 1), dt.date(2025, 1, 31), 3)
    assert dates == [dt.date(2025, 1, 11), dt.date(2025, 1, 21), dt.date(2025, 1, 31)]
    assert rules.order_error(["audit", "appraisal"], [False, False], 1) == \
        "请先完成“审计”环节，环节须按顺序办理"
    assert rules.order_error(["audit", "appraisal"], [True, False], 1) is None
    assert rules.appraisal_error(Decimal("-1")) == "评估价值不能小于零"
    assert rules.appraisal_error(Decimal("0")) is None
    assert "与职工人数 10 人不符" in (rules.placement_error(5, 1, 1, 10) or "")


def test_entity_create_refuses_a_bad_credit_code(assets: Assets) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.entity_create(data=entity_data(assets.cast, credit_code="123"), actor=None)
    assert "18位" in str(exc.value.message_dict["credit_code"])
    assert Entity.objects.count() == 2
    assert assets.guesthouse.region.code == "330106"  # the agency's region by default
    assert list(assets.guesthouse.buildings.values_list("code", flat=True)) == ["XH-ZS01"]


def test_assign_creates_ordered_steps_and_the_first_todo(assets: Assets) -> None:
    e = _assigned(assets)
    steps = list(e.steps.order_by("order"))
    assert [s.kind for s in steps] == list(rules.steps_of(Route.TRANSFER))
    assert steps[-1].due_date == assets.batch.deadline
    assert all(a.due_date <= b.due_date for a, b in itertools.pairwise(steps))
    assert e.status == EntityStatus.IN_PROGRESS and e.current_step == StepKind.AUDIT
    task = Task.objects.open().get(kind=actions.STEP_TASK)
    assert task.subject_id == str(steps[0].pk) and task.due_date == steps[0].due_date
    assert task.assignee_role == "assets_staff"
    assert list(Task.objects.inbox(assets.staff)) == [task]


def test_merge_and_handover_need_a_receiver(assets: Assets) -> None:
    with pytest.raises(ValidationError) as exc:
        _assigned(assets, route=Route.MERGE)
    assert exc.value.message_dict["receiver"] == ["合并、移交须填写接收方"]
    assert not Step.objects.exists()


def test_a_step_out_of_order_is_refused_and_nothing_written(assets: Assets) -> None:
    e = _assigned(assets)
    appraisal = e.steps.get(kind=StepKind.APPRAISAL)
    with pytest.raises(ValidationError) as exc:
        actions.step_complete(step=appraisal, done_on=DAY, appraised_value=Decimal(1),
                              actor=assets.staff)
    assert exc.value.messages == ["请先完成“审计”环节，环节须按顺序办理"]
    appraisal.refresh_from_db()
    assert appraisal.done_on is None
    assert not AuditEvent.objects.filter(event_type="assets.step.completed").exists()


def test_appraisal_below_zero_and_placement_mismatch_are_refused(assets: Assets) -> None:
    e = _assigned(assets)
    _run(e, assets.staff, until=StepKind.AUDIT)
    appraisal = e.steps.get(kind=StepKind.APPRAISAL)
    with pytest.raises(ValidationError) as exc:
        actions.step_complete(step=appraisal, done_on=DAY, appraised_value=Decimal("-5"),
                              actor=assets.staff)
    assert exc.value.message_dict["appraised_value"] == ["评估价值不能小于零"]
    with pytest.raises(ValidationError):
        actions.step_complete(step=appraisal, done_on=DAY, actor=assets.staff)
    actions.step_complete(step=appraisal, done_on=DAY, appraised_value=Decimal(0),
                          actor=assets.staff)
    placement = e.steps.get(kind=StepKind.PLACEMENT)
    with pytest.raises(ValidationError) as exc:
        actions.step_complete(step=placement, done_on=DAY, placed=5, retired=1, other=1,
                              actor=assets.staff)
    assert "与职工人数 10 人不符" in exc.value.message_dict["placed"][0]
    with pytest.raises(ValidationError) as exc:
        actions.step_complete(step=placement, done_on=DAY - dt.timedelta(days=1), placed=9,
                              retired=1, other=0, actor=assets.staff)
    assert "不能早于上一环节" in exc.value.message_dict["done_on"][0]
    with pytest.raises(ValidationError) as exc:
        actions.step_complete(step=placement, done_on=dt.date.today() + dt.timedelta(days=1),
                              placed=9, retired=1, other=0, actor=assets.staff)
    assert exc.value.message_dict["done_on"] == ["完成日期不能晚于今天"]


def test_agreement_needs_its_document(assets: Assets) -> None:
    e = _assigned(assets)
    _run(e, assets.staff, until=StepKind.PLACEMENT)
    with pytest.raises(ValidationError) as exc:
        actions.step_complete(step=e.steps.get(kind=StepKind.AGREEMENT), done_on=DAY,
                              actor=assets.staff)
    assert "须填写文件" in exc.value.message_dict["documents"][0]


def test_transfer_to_closed_moves_buildings_and_makes_a_group_holding(assets: Assets) -> None:
    e = _assigned(assets)
    _run(e, assets.staff)
    e.refresh_from_db()
    assert e.status == EntityStatus.HOLDING
    assert e.holder == "浙勤集团" and e.closed_on == DAY and e.current_step == ""
    assets.building.refresh_from_db()
    assert assets.building.owner == "浙勤集团"
    assert Occupancy.objects.get(pk=assets.occupancy.pk).end_date == DAY
    # through the register's own actions: its audit rows
    assert AuditEvent.objects.filter(event_type="space.building.updated").exists()
    assert AuditEvent.objects.filter(event_type="space.occupancy.ended").exists()
    assert AuditEvent.objects.filter(event_type="assets.step.completed").count() == 7
    assert not Task.objects.open().filter(kind=actions.STEP_TASK).exists()
    assert Task.objects.filter(kind=actions.STEP_TASK).count() == 7
    # the group's holding stays visible to the bureau
    assert Entity.objects.visible_to(assets.cast.province_admin).filter(
        status=EntityStatus.HOLDING).count() == 1
    with pytest.raises(ValidationError):
        actions.entity_update(entity=e, data={"name": "改名"}, actor=assets.staff)


def test_handover_goes_to_the_receiver(assets: Assets) -> None:
    e = _assigned(assets, route=Route.HANDOVER, receiver="西湖区文旅集团")
    _run(e, assets.staff)
    e.refresh_from_db()
    assert e.status == EntityStatus.HANDED_OVER and e.holder == "西湖区文旅集团"


def test_reassign_is_refused_once_a_step_is_done(assets: Assets) -> None:
    e = _assigned(assets)
    _run(e, assets.staff, until=StepKind.AUDIT)
    with pytest.raises(ValidationError) as exc:
        _assigned(assets, route=Route.DISSOLVE)
    assert "不能重新安排" in exc.value.message_dict["batch"][0]


def test_steps_due_and_board_move(assets: Assets) -> None:
    e = _assigned(assets)
    user = assets.cast.province_admin
    audit = e.steps.get(kind=StepKind.AUDIT)
    assert list(queries.steps_due(user, on=audit.due_date)) == [audit]
    assert not queries.steps_due(user, on=audit.due_date - dt.timedelta(days=1)).exists()
    b = queries.board(user)
    assert (b.total.total, b.total.pending, b.total.done) == (2, 1, 0)
    assert b.by_batch[0].at_step[StepKind.AUDIT] == 1
    _run(e, assets.staff, until=StepKind.APPRAISAL)
    b = queries.board(user)
    assert b.by_batch[0].at_step[StepKind.AUDIT] == 0
    assert b.by_batch[0].at_step[StepKind.PLACEMENT] == 1
    _run(e, assets.staff)
    b = queries.board(user)
    assert b.total.done == 1
    route = next(r for r in b.by_route if r.key == Route.TRANSFER)
    assert route.done == 1
    assert {r.label for r in b.by_region} == {"杭州市", "宁波市"}
    # a Xihu bureau sees only its own entity on its board
    assert queries.board(assets.cast.xihu).total.total == 1


def test_pages_and_the_step_form(assets: Assets) -> None:
    c = assets.client("xihu")
    e = _assigned(assets)
    for url in ("/assets/", "/assets/entities/", f"/assets/entities/{e.pk}/",
                f"/assets/entities/{e.pk}/edit/", "/assets/entities/new/", "/assets/programmes/",
                f"/assets/batches/{assets.batch.pk}/", "/assets/entities/?status=bogus&batch=9999"):
        assert c.get(url).status_code == 200, url
    appraisal = e.steps.get(kind=StepKind.APPRAISAL)
    r = c.post(f"/assets/steps/{appraisal.pk}/complete/", {"done_on": "2025-04-01",
                                                            "appraised_value": "100"})
    assert r.status_code == 422
    assert "请先完成“审计”环节" in r.content.decode()
    audit = e.steps.get(kind=StepKind.AUDIT)
    r = c.post(f"/assets/steps/{audit.pk}/complete/", {"done_on": "2025-04-01",
                                                        "documents": "审计报告"})
    assert r.status_code == 302
    r = c.post(f"/assets/steps/{appraisal.pk}/complete/", {"done_on": "2025-04-02",
                                                            "appraised_value": "-1"})
    assert r.status_code == 422 and "评估价值不能小于零" in r.content.decode()
    response = c.get("/assets/entities/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_entity_create_page_links_register_buildings(assets: Assets) -> None:
    c = assets.client("xihu")
    form = {"name": "西湖疗养院", "credit_code": make_credit_code("330106", 903, "12"),
            "kind": "sanatorium", "agency": assets.cast.xihu_agency.pk, "region": "",
            "building_codes": "XH-ZS01, NOPE-1", "book_value": "100", "staff_count": "3",
            "revenue_last_year": "0"}
    r = c.post("/assets/entities/new/", form)
    assert r.status_code == 422 and "NOPE-1" in r.content.decode()
    r = c.post("/assets/entities/new/", {**form, "building_codes": "XH-ZS01"})
    assert r.status_code == 302
    assert Entity.objects.get(name="西湖疗养院").buildings.get().code == "XH-ZS01"


def test_programme_and_batch_pages(assets: Assets) -> None:
    c = assets.client("staff")
    r = c.post(f"/assets/programmes/{assets.programme.pk}/batches/new/", {
        "number": "2", "name": "第二批", "start_date": "2025-06-01", "deadline": "2025-05-01"})
    assert r.status_code == 422 and "完成期限不能早于开始日期" in r.content.decode()
    r = c.post(f"/assets/programmes/{assets.programme.pk}/batches/new/", {
        "number": "2", "name": "第二批", "start_date": "2025-06-01", "deadline": "2025-12-01"})
    assert r.status_code == 302
    assert assets.programme.batches.count() == 2


def test_api(assets: Assets) -> None:
    c = assets.client("staff")
    r = c.post(f"/api/v1/assets/entities/{assets.guesthouse.pk}/assign",
               json.dumps({"batch_id": assets.batch.pk, "route": "transfer"}),
               content_type="application/json")
    assert r.status_code == 200 and r.json()["current_step"] == "audit"
    steps = c.get(f"/api/v1/assets/entities/{assets.guesthouse.pk}/steps").json()
    assert [s["kind"] for s in steps][:2] == ["audit", "appraisal"]
    r = c.post(f"/api/v1/assets/steps/{steps[1]['id']}/complete",
               json.dumps({"done_on": "2025-04-01", "appraised_value": "5"}),
               content_type="application/json")
    assert r.status_code == 422
    r = c.post(f"/api/v1/assets/steps/{steps[0]['id']}/complete",
               json.dumps({"done_on": "2025-04-01"}), content_type="application/json")
    assert r.status_code == 200 and r.json()["done_on"] == "2025-04-01"
    board = c.get("/api/v1/assets/board").json()
    assert board["total"]["total"] == 2 and board["by_batch"][0]["at_step"]["appraisal"] == 1
    listed = c.get("/api/v1/assets/entities?step=appraisal").json()
    assert [x["id"] for x in listed["items"]] == [assets.guesthouse.pk]
    r = c.post("/api/v1/assets/entities", json.dumps({
        "name": "新单位", "credit_code": "bad", "kind": "hotel",
        "agency_id": assets.cast.xihu_agency.pk, "book_value": "1", "staff_count": 1,
        "revenue_last_year": "0"}), content_type="application/json")
    assert r.status_code == 422


def _workbook(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["名称", "统一社会信用代码", "类型", "原主管单位信用代码", "所在区划代码",
                           "房产编号", "资产账面价值", "职工人数", "上年营业收入"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


def test_import_through_the_core_importer(assets: Assets) -> None:
    user = assets.cast.xihu
    agency = assets.cast.xihu_agency.credit_code
    good_code = make_credit_code("330106", 904, "12")
    bad = _workbook([["西湖培训中心", good_code, "培训中心", agency, "", "XH-ZS01", 100, 5, 0],
                     ["宁波招待所", make_credit_code("330203", 905, "12"), "招待所",
                      assets.cast.ningbo_agency.credit_code, "", "", 100, 5, 0],
                     ["西湖宾馆", make_credit_code("330106", 906, "12"), "游乐园", agency, "",
                      "", -3, 5, 0]])
    job = validate_job(create_job(kind="assets.entity", filename="e.xlsx", data=bad,
                                  user=user).pk)
    assert job.status == ImportStatus.INVALID
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (3, "原主管单位信用代码"), (4, "类型"), (4, "资产账面价值")}
    assert not Entity.objects.filter(credit_code=good_code).exists()
    good = _workbook([["西湖培训中心", good_code, "培训中心", agency, "330106", "XH-ZS01",
                       "1,000", 5, 0]])
    job = apply_job(validate_job(create_job(kind="assets.entity", filename="e.xlsx", data=good,
                                            user=user).pk).pk, user.pk)
    assert job.status == ImportStatus.DONE
    made = Entity.objects.get(credit_code=good_code)
    assert made.import_job_id == job.pk and made.book_value == Decimal(1000)
    assert made.buildings.get().code == "XH-ZS01"


def test_batch_add_puts_several_entities_on_a_route(assets: Assets) -> None:
    c = assets.client("staff")
    url = f"/assets/batches/{assets.batch.pk}/add/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"entities": [assets.guesthouse.pk, assets.hotel.pk], "route": "dissolve"})
    assert r.status_code == 302
    assert set(Entity.objects.values_list("route", "current_step")) == {("dissolve", "audit")}
    assert Task.objects.open().filter(kind=actions.STEP_TASK).count() == 2
    # assigned entities are no longer offered
    r = c.post(url, {"entities": [assets.hotel.pk], "route": "transfer"})
    assert r.status_code == 422
    assert "所选项不存在或不在您的权限范围内" in r.content.decode()


def test_entities_assign_is_all_or_none(assets: Assets) -> None:
    e = _assigned(assets)
    _run(e, assets.staff, until=StepKind.AUDIT)
    with pytest.raises(ValidationError) as exc:
        actions.entities_assign(entities=[assets.hotel, e], batch=assets.batch,
                                route=Route.TRANSFER, actor=assets.staff)
    assert exc.value.messages[0].startswith("西湖区第一招待所：")
    assets.hotel.refresh_from_db()
    assert assets.hotel.batch_id is None and not assets.hotel.steps.exists()

