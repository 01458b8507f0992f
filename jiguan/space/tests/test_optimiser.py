"""The reallocation optimiser: the solver clears findings, respects pins and room classes,
is deterministic; the actions (start, solve, accept, pin) and their refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.orgs.models import Person
from jiguan.space.allocation.models import AllocationCase
from jiguan.space.optimiser import actions, compute, solver
from jiguan.space.optimiser.models import MoveKind, Plan, PlanStatus, RoomPin
from jiguan.space.register.models import Occupant, Room, UseClass
from jiguan.space.returns.models import ReturnCase
from jiguan.space.tests.test_compliance import building, room, seat

XIHU = "/330000/330100/330106/"


class Case:
    """Xihu: 张三 (正科 18 m²) in a 40 m² office; 王五 (科员 9 m²) without an office;
    赵六 (科员) in a meeting room; vacant offices of 18, 12 and 10 m²."""

    def __init__(self, cast: Cast) -> None:
        a = cast.xihu_agency
        b = building()
        self.big = room(b, 40, agency=a, number="401")
        seat(self.big, cast.xihu_person)
        self.v18 = room(b, 18, agency=a, number="118")
        self.v12 = room(b, 12, number="112")
        self.v10 = room(building(), 10, agency=a, number="110")
        self.meeting = room(b, 30, use_class=UseClass.SERVICE, agency=a, number="301")
        self.wang = Person.objects.create(name="王五", agency=a, rank="below_section")
        self.zhao = Person.objects.create(name="赵六", agency=a, rank="below_section")
        seat(self.meeting, self.zhao)
        self.zhang = cast.xihu_person


def test_the_solver_clears_the_findings_of_a_crafted_case(cast: Cast) -> None:
    case = Case(cast)
    problem, result = compute.run(XIHU)
    before, after = compute.figures(problem, None), compute.figures(problem, result.choice)
    assert before["over_area"] == "22.00" and before["shortage_area"] == "9.00"
    assert before["against_class_area"] == "30.00" and before["findings"] == 2
    assert after["over_area"] == "4.00" and after["shortage_area"] == "0.00"
    assert after["against_class_area"] == "0.00" and after["findings"] == 2 - 2 + 2
    assert result.optimal
    assert result.choice[f"room:{case.big.pk}"] == case.v18.pk
    moved = {result.choice[f"person:{case.wang.pk}"], result.choice[f"room:{case.meeting.pk}"]}
    assert moved == {case.v12.pk, case.v10.pk}
    lines = compute.lines(problem, result.choice)
    kinds = {(ln.kind, ln.from_room_id, ln.to_room_id) for ln in lines}
    # 张三 moves within the agency's rooms; the others take rooms; the 40 m² office goes back
    assert (MoveKind.MOVE, case.big.pk, case.v18.pk) in kinds
    assert (MoveKind.RETURN, case.big.pk, None) in kinds


def test_the_solver_never_uses_a_room_of_another_class(cast: Cast) -> None:
    case = Case(cast)
    problem, result = compute.run(XIHU)
    offices = set(Room.objects.filter(use_class=UseClass.OFFICE).values_list("pk", flat=True))
    for key, where in result.choice.items():
        if where is not None and where != case.meeting.pk:
            assert where in offices, key
    assert case.meeting.pk not in {r.id for r in problem.rooms}


def test_the_solver_respects_pinned_rooms(cast: Cast) -> None:
    case = Case(cast)
    RoomPin.objects.create(room=case.v18)
    _, result = compute.run(XIHU)
    assert case.v18.pk not in result.choice.values()
    assert result.choice[f"room:{case.big.pk}"] == case.v12.pk
    # a pinned occupied room: its people stay, its room is offered to nobody
    RoomPin.objects.create(room=case.big)
    _, result = compute.run(XIHU)
    assert f"room:{case.big.pk}" not in result.choice
    assert case.big.pk not in result.choice.values()


def test_the_solver_is_deterministic() -> None:
    groups = [solver.Group(f"g{i}", i % 3, 900 + 300 * (i % 5), 100 + i) for i in range(30)]
    rooms = [solver.Room(100 + i, i % 4, 1200 + 250 * (i % 7), i % 3) for i in range(30)]
    rooms += [solver.Room(200 + i, i % 4, 900 + 150 * (i % 9), None) for i in range(20)]
    first = solver.solve(groups, rooms)
    for _ in range(3):
        again = solver.solve(list(reversed(groups)), list(reversed(rooms)))
        assert again.choice == first.choice and again.after == first.after
    assert first.after["primary"] < first.before["primary"]


def test_the_objectives_are_lexicographic() -> None:
    # Two rooms fit g exactly; the one in the building its agency is already in wins
    # (spread), and nobody moves who need not (moves).
    groups = [solver.Group("g", 1, 1800, 10), solver.Group("h", 2, 1800, 20)]
    rooms = [solver.Room(10, 1, 4000, 1), solver.Room(20, 2, 1800, 2),
             solver.Room(30, 9, 1800, None), solver.Room(40, 1, 1800, None)]
    result = solver.solve(groups, rooms)
    assert result.choice == {"g": 40, "h": 20}
    assert result.after == {"primary": 0, "moves": 1, "spread": 0}


def test_start_solve_accept_with_audit(cast: Cast) -> None:
    case = Case(cast)
    xihu = Region.objects.get(code="330106")
    plan = actions.plan_start(region=xihu, actor=cast.xihu)
    plan = actions.plan_solve(plan.pk)
    assert plan.status == PlanStatus.DONE and plan.after["over_area"] == "4.00"
    assert plan.moves.filter(kind=MoveKind.RETURN).exists()
    plan = actions.plan_accept(plan=plan, actor=cast.xihu)
    assert plan.status == PlanStatus.ACCEPTED and plan.accepted_by == cast.xihu
    # the 40 m² office goes back (a return case); the rooms of no agency are allocated to
    # Xihu (one allocation case, 待审批, 调剂); moves inside Xihu's rooms need no case
    [back] = ReturnCase.objects.all()
    assert back.agency == cast.xihu_agency and back.reason == "reallocation"
    assert back.plan_ref == f"调剂方案#{plan.pk}"
    assert [r.room_id for r in back.rooms.all()] == [case.big.pk]
    [alloc] = AllocationCase.objects.all()
    assert alloc.agency == cast.xihu_agency and alloc.status == "reviewed"
    assert alloc.method == "reallocate" and alloc.plan_ref == f"调剂方案#{plan.pk}"
    assert case.v12.pk in set(alloc.rooms.values_list("room_id", flat=True))
    refs = dict(plan.moves.values_list("kind", "item_ref").order_by("kind"))
    assert refs["return"] == f"腾退移交 #{back.pk}" and refs["allocate"] == f"调配申请 #{alloc.pk}"
    events = list(AuditEvent.objects.filter(event_type__startswith="space.optimiser.")
                  .values_list("event_type", flat=True))
    assert sorted(events) == ["space.optimiser.accepted", "space.optimiser.solved",
                              "space.optimiser.started"]
    assert AuditEvent.objects.filter(event_type="space.allocation.proposed").count() == 1
    assert AuditEvent.objects.filter(event_type="space.return.opened").count() == 1
    with pytest.raises(ValidationError) as err:
        actions.plan_accept(plan=plan, actor=cast.xihu)
    assert "不能采纳" in str(err.value)


def test_a_stale_plan_is_refused_and_nothing_is_written(cast: Cast) -> None:
    case = Case(cast)
    plan = actions.plan_solve(actions.plan_start(region=Region.objects.get(code="330106"),
                                                 actor=cast.xihu).pk)
    Occupant.objects.create(room=case.v18, person=case.wang, start_date="2024-01-01")
    with pytest.raises(ValidationError) as err:
        actions.plan_accept(plan=plan, actor=cast.xihu)
    assert "重新求解" in str(err.value)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE
    assert not AuditEvent.objects.filter(event_type="space.optimiser.accepted").exists()


def test_start_is_refused_outside_the_scope_and_for_a_province(cast: Cast) -> None:
    with pytest.raises(ValidationError) as err:
        actions.plan_start(region=Region.objects.get(code="330203"), actor=cast.xihu)
    assert "权限范围" in str(err.value)
    with pytest.raises(ValidationError) as err:
        actions.plan_start(region=Region.objects.get(code="330000"), actor=cast.province_admin)
    assert "市级或县级" in str(err.value)
    assert not Plan.objects.exists()


def test_pin_and_unpin_are_audited(cast: Cast) -> None:
    case = Case(cast)
    pin = actions.pin_set(room=case.v18, note="领导指定", actor=cast.xihu)
    with pytest.raises(ValidationError):
        actions.pin_set(room=case.v18, actor=cast.xihu)
    actions.pin_clear(pin=pin, actor=cast.xihu)
    assert not RoomPin.objects.exists()
    assert AuditEvent.objects.filter(event_type="space.optimiser.pinned").count() == 1
    assert AuditEvent.objects.filter(event_type="space.optimiser.unpinned").count() == 1


# pages and API -------------------------------------------------------------------------------


def _solved_plan(cast: Cast) -> Plan:
    Case(cast)
    plan = actions.plan_start(region=Region.objects.get(code="330106"), actor=cast.xihu)
    return actions.plan_solve(plan.pk)


def test_the_page_runs_a_plan_and_shows_before_and_after(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    Case(cast)
    c = cast.client("xihu")
    page = c.get("/space/optimiser/")
    assert page.status_code == 200 and "求解调剂方案" in page.content.decode()
    xihu = Region.objects.get(code="330106")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/space/optimiser/start/", {"region": xihu.pk})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/space/optimiser/{plan.pk}/"
    html = c.get(response["Location"]).content.decode()
    assert "已求解" in html and "22.00 m²" in html and "4.00 m²" in html
    assert "本单位内调整" in html and "腾退交回" in html
    export = c.get(f"/space/optimiser/{plan.pk}/plan.xlsx")
    assert export.status_code == 200
    response = c.post(f"/space/optimiser/{plan.pk}/accept/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED


def test_bad_input_on_the_start_form_names_the_field(cast: Cast) -> None:
    c = cast.client("xihu")
    ningbo = Region.objects.get(code="330203")
    response = c.post("/space/optimiser/start/", {"region": ningbo.pk})
    assert response.status_code == 422 and "不在您的权限范围内" in response.content.decode()
    response = c.post("/space/optimiser/start/", {"region": "x"})
    assert response.status_code == 422
    assert not Plan.objects.exists()


def test_out_of_scope_plans_and_pins_answer_404(cast: Cast) -> None:
    plan = _solved_plan(cast)
    office = Room.objects.filter(use_class=UseClass.OFFICE).first()
    assert office is not None
    pin = RoomPin.objects.create(room=office)
    c = cast.client("ningbo_reporter")
    for url in (f"/space/optimiser/{plan.pk}/", f"/space/optimiser/{plan.pk}/plan.xlsx",
                f"/space/optimiser/{plan.pk}/progress/"):
        assert c.get(url).status_code == 404, url
    assert c.post(f"/space/optimiser/{plan.pk}/accept/").status_code == 404
    assert c.post(f"/space/optimiser/pins/{pin.pk}/delete/").status_code == 404
    assert c.get(f"/api/v1/space/optimiser/plans/{plan.pk}").status_code == 404
    assert c.post(f"/api/v1/space/optimiser/plans/{plan.pk}/accept").status_code == 404
    assert c.get("/api/v1/space/optimiser/plans").json()["items"] == []
    assert str(plan.region.name) not in c.get("/space/optimiser/").content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE and RoomPin.objects.filter(pk=pin.pk).exists()


def test_pins_page_pins_and_unpins(cast: Cast) -> None:
    case = Case(cast)
    c = cast.client("xihu")
    code = case.v18.building.code
    response = c.post("/space/optimiser/pins/new/", {"building_code": code,
                                                      "room_number": "118", "note": "保留"})
    assert response.status_code == 302
    pin = RoomPin.objects.get()
    assert pin.room == case.v18 and "118" in c.get("/space/optimiser/pins/").content.decode()
    response = c.post("/space/optimiser/pins/new/", {"building_code": code,
                                                      "room_number": "999"})
    assert response.status_code == 422 and "未找到该房间" in response.content.decode()
    assert c.post(f"/space/optimiser/pins/{pin.pk}/delete/").status_code == 302
    assert not RoomPin.objects.exists()


def test_the_api_starts_reads_and_accepts(cast: Cast,
                                          django_capture_on_commit_callbacks: Any) -> None:
    Case(cast)
    c = cast.client("xihu")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/api/v1/space/optimiser/plans", {"region_code": "330106"},
                          content_type="application/json")
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    body = c.get(f"/api/v1/space/optimiser/plans/{plan_id}").json()
    assert body["status"] == "done" and body["after"]["over_area"] == "4.00"
    assert {m["kind"] for m in body["moves"]} >= {"move", "return"}
    response = c.post("/api/v1/space/optimiser/plans", {"region_code": "330000"},
                      content_type="application/json")
    assert response.status_code == 422 and "region_code" in response.content.decode()
    accepted = c.post(f"/api/v1/space/optimiser/plans/{plan_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = c.post(f"/api/v1/space/optimiser/plans/{plan_id}/accept")
    assert again.status_code == 422 and "不能采纳" in again.json()["errors"]["plan"][0]


def test_a_region_without_problems_gives_an_empty_plan(cast: Cast) -> None:
    result = solver.solve([], [solver.Room(1, 1, 1800)])
    assert result.choice == {} and result.after == result.before and result.optimal
    plan = actions.plan_solve(actions.plan_start(region=Region.objects.get(code="330106"),
                                                 actor=cast.xihu).pk)
    assert plan.status == PlanStatus.DONE and not plan.moves.exists()


def test_a_running_plan_blocks_a_second_one_until_it_is_stale(cast: Cast) -> None:
    import datetime as dt

    from django.utils import timezone

    xihu = Region.objects.get(code="330106")
    first = actions.plan_start(region=xihu, actor=cast.xihu)
    with pytest.raises(ValidationError) as err:
        actions.plan_start(region=xihu, actor=cast.xihu)
    assert "正在求解" in str(err.value)
    Plan.objects.filter(pk=first.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=actions.STALE_MINUTES + 1))
    assert actions.plan_start(region=xihu, actor=cast.xihu).pk != first.pk
