"""统一调配 and 腾退移交: rules, the status machines through their actions, to-dos for the right
people only, bad input (Chinese message naming the field, nothing half-written), API and
exports. The concurrent approval on PostgreSQL is in test_allocation_concurrency.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.orgs.models import ConcurrentPost, Person
from jiguan.space.allocation import actions as alloc
from jiguan.space.allocation import rules as arules
from jiguan.space.allocation.models import AllocationCase, AllocationStatus
from jiguan.space.allocation.queries import proposal
from jiguan.space.register.models import Building, Floor, Occupancy, Occupant, Room
from jiguan.space.returns import actions as ret
from jiguan.space.returns import rules as rrules
from jiguan.space.returns.models import ReturnCase, ReturnStatus
from jiguan.space.standards import rules as standards
from jiguan.todo.models import Task

D = Decimal
TODAY = timezone.localdate()


# ---------------------------------------------------------------- helpers

def _building(code: str, region: str = "330106") -> Building:
    return Building.objects.create(code=code, name=f"{code}办公楼", building_area=D("5000"),
                                   region=Region.objects.get(code=region), floors_above=6)


def _room(b: Building, number: str, area: str, agency: Any = None) -> Room:
    floor, _ = Floor.objects.get_or_create(building=b, number=int(number[0]))
    room = Room.objects.create(building=b, floor=floor, number=number, use_class="office",
                               usable_area=D(area))
    if agency is not None:
        Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))
    return room


def _limit(person: Person) -> Decimal:
    agency = person.agency
    return standards.office_limit(organ_level=agency.level, rank=person.rank,
                                  township_limits=standards.configured_township_limits())


def _reporter(cast: Cast, agency: Any, name: str) -> User:
    user = User.objects.create(username=name, full_name=name)
    Grant.objects.create(user=user, role=Role.AGENCY_REPORTER, agency=agency)
    return user


def _inbox(user: User) -> list[Task]:
    user = User.objects.get(pk=user.pk)  # a fresh scope
    return list(Task.objects.inbox(user).filter(kind__in=[arules.TASK_KIND, rrules.TASK_KIND]))


def _apply(cast: Cast, **kw: Any) -> AllocationCase:
    args: dict[str, Any] = {"agency": cast.xihu_agency, "reason": "新增处室",
                            "people": [cast.xihu_person], "actor": cast.xihu}
    args.update(kw)
    return alloc.allocation_apply(**args)


# ---------------------------------------------------------------- rules

def test_standard_area_is_the_sum_of_limits() -> None:
    assert arules.standard_area([D("18"), D("9")]) == D("27.00")
    with pytest.raises(ValueError, match="大于 0"):
        arules.standard_area([D("0")])


def test_more_than_the_standard_needs_a_reason() -> None:
    errors = arules.request_problems(requested=D("30"), standard=D("18"), people=1,
                                     over_reason="")
    assert "over_standard_reason" in errors and "18" in errors["over_standard_reason"]
    assert arules.request_problems(requested=D("30"), standard=D("18"), people=1,
                                   over_reason="需要存放档案") == {}
    assert "people" in arules.request_problems(requested=D("1"), standard=D("0"), people=0,
                                               over_reason="")


def test_method_order_needs_a_reason_to_skip() -> None:
    assert arules.method_problem(chosen="reallocate", feasible=["reallocate", "rent"],
                                 reason="") is None
    problem = arules.method_problem(chosen="rent", feasible=["reallocate", "rent"], reason="")
    assert problem is not None and "调剂" in problem
    assert arules.method_problem(chosen="rent", feasible=["reallocate", "rent"],
                                 reason="位置太远") is None
    assert arules.method_problem(chosen="rent", feasible=["rent", "build"], reason="") is None
    assert arules.method_problem(chosen="lend", feasible=[], reason="") is not None


def test_pick_rooms_keeps_one_building_and_least_excess() -> None:
    c = arules.Candidate
    rooms = [c(1, 10, D("30")), c(2, 10, D("20")), c(3, 20, D("19")), c(4, 20, D("9"))]
    assert [r.room_id for r in arules.pick_rooms(rooms, D("18"))] == [3]
    assert [r.room_id for r in arules.pick_rooms(rooms, D("27"))] == [3, 4]
    assert arules.pick_rooms(rooms, D("100")) == []


def test_return_deadlines_follow_article_19() -> None:
    left = dt.date(2026, 1, 31)
    assert rrules.due_date(reason="person_left", event_date=left) == standards.office_return_due(
        left)
    assert rrules.due_date(reason="concurrent_ended", event_date=left) == \
        standards.concurrent_office_due(left)
    assert rrules.due_date(reason="abolished", event_date=left, months=3) == \
        standards.add_months(left, 3)


@override_settings(JIGUAN_RETURN_MONTHS="x")
def test_bad_return_months_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="JIGUAN_RETURN_MONTHS"):
        rrules.configured_months()


# ---------------------------------------------------------------- allocation flow

def test_full_allocation_flow_with_todos_for_the_right_people(cast: Cast) -> None:
    reporter = _reporter(cast, cast.xihu_agency, "xihu_reporter")
    b = _building("XH-A")
    small = _room(b, "201", "15")
    fit = _room(b, "202", "19")
    case = _apply(cast, actor=reporter)
    assert case.standard_area == _limit(cast.xihu_person)
    assert case.requested_area == case.standard_area
    assert case.status == AllocationStatus.SUBMITTED
    # 待审核: the bureau over Xihu (Xihu and Hangzhou staff), nobody else.
    assert [t.title for t in _inbox(cast.xihu)] == [f"用房调配申请待审核：{cast.xihu_agency.name}"]
    assert len(_inbox(cast.hangzhou)) == 1
    for other in (reporter, cast.ningbo_reporter, cast.province_admin, cast.auditor):
        assert _inbox(other) == []
    options = proposal(case)
    assert [o.method for o in options] == list(arules.METHOD_ORDER)
    assert options[0].feasible and [r.pk for r in options[0].rooms] == [fit.pk]
    assert small.pk not in [r.pk for o in options for r in o.rooms]

    alloc.allocation_review(case=case, method="reallocate", rooms=[fit], actor=cast.xihu)
    case.refresh_from_db()
    assert case.status == AllocationStatus.REVIEWED
    assert [t.title for t in _inbox(cast.xihu)] == [
        f"用房调配待审批（调剂）：{cast.xihu_agency.name}"]

    alloc.allocation_approve(case=case, actor=cast.hangzhou)
    case.refresh_from_db()
    assert case.status == AllocationStatus.APPROVED
    assert case.certificate_no == arules.certificate_number(region_code="330106",
                                                            year=TODAY.year, serial=1)
    assert case.agreement_no and "不得用于出租、出借、经营" in case.agreement_terms
    occ = Occupancy.objects.get(room=fit, end_date__isnull=True)
    assert occ.agency == cast.xihu_agency and case.rooms.get().occupancy == occ
    # The occupancy went through the register's action (its audit row is there).
    assert AuditEvent.objects.for_target(occ).filter(
        event_type="space.occupancy.created").exists()
    assert _inbox(cast.xihu) == []
    assert [t.title for t in _inbox(reporter)] == [
        f"用房已分配（凭证 {case.certificate_no}），请确认入驻"]
    assert _inbox(cast.ningbo_reporter) == []

    alloc.allocation_finish(case=case, actor=reporter)
    case.refresh_from_db()
    assert case.status == AllocationStatus.COMPLETED
    assert _inbox(reporter) == []
    events = list(AuditEvent.objects.for_target(case).values_list("event_type", flat=True))
    assert {"space.allocation.applied", "space.allocation.reviewed",
            "space.allocation.approved", "space.allocation.completed"} <= set(events)


def test_send_back_and_resubmit(cast: Cast) -> None:
    reporter = _reporter(cast, cast.xihu_agency, "xihu_reporter")
    case = _apply(cast, actor=reporter)
    with pytest.raises(ValidationError) as exc:
        alloc.allocation_send_back(case=case, reason=" ", actor=cast.xihu)
    assert "reason" in exc.value.message_dict
    alloc.allocation_send_back(case=case, reason="请说明人员来源", actor=cast.xihu)
    case.refresh_from_db()
    assert case.status == AllocationStatus.RETURNED
    assert _inbox(cast.xihu) == []
    assert [t.detail for t in _inbox(reporter)] == ["请说明人员来源"]
    alloc.allocation_resubmit(case=case, reason="新设处室，编制 1 人", people=[cast.xihu_person],
                              actor=reporter)
    case.refresh_from_db()
    assert case.status == AllocationStatus.SUBMITTED
    assert _inbox(reporter) == [] and len(_inbox(cast.xihu)) == 1


def test_over_standard_without_reason_writes_nothing(cast: Cast) -> None:
    limit = _limit(cast.xihu_person)
    with pytest.raises(ValidationError) as exc:
        _apply(cast, requested_area=limit + 10)
    assert "超出标准的理由" in exc.value.message_dict["over_standard_reason"][0]
    assert not AllocationCase.objects.exists() and not Task.objects.exists()
    case = _apply(cast, requested_area=limit + 10, over_standard_reason="需存放涉密档案柜")
    assert case.over_standard and case.over_standard_reason == "需存放涉密档案柜"


def test_people_of_another_agency_or_who_left_are_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as exc:
        _apply(cast, people=[cast.ningbo_person])
    assert "不是" in exc.value.message_dict["people"][0]
    gone = Person.objects.create(name="王五", agency=cast.xihu_agency, rank="section_head",
                                 status="retired", status_date=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _apply(cast, people=[gone])
    assert "王五" in exc.value.message_dict["people"][0]
    assert not AllocationCase.objects.exists()


def test_skipping_reallocation_needs_a_reason_and_reallocation_needs_vacant_rooms(
        cast: Cast) -> None:
    b = _building("XH-B")
    vacant = _room(b, "301", "20")
    busy = _room(b, "302", "20", agency=cast.hangzhou_agency)
    case = _apply(cast)
    with pytest.raises(ValidationError) as exc:
        alloc.allocation_review(case=case, method="rent", actor=cast.xihu)
    assert "调剂" in exc.value.message_dict["method_reason"][0]
    with pytest.raises(ValidationError) as exc:
        alloc.allocation_review(case=case, method="reallocate", rooms=[busy], actor=cast.xihu)
    assert cast.hangzhou_agency.name in exc.value.message_dict["rooms"][0]
    with pytest.raises(ValidationError) as exc:
        alloc.allocation_review(case=case, method="rent", rooms=[vacant], method_reason="远",
                                actor=cast.xihu)
    assert "rooms" in exc.value.message_dict
    case.refresh_from_db()
    assert case.status == AllocationStatus.SUBMITTED and not case.rooms.exists()


def test_rent_is_routed_with_its_record(cast: Cast) -> None:
    case = _apply(cast)
    alloc.allocation_review(case=case, method="rent", actor=cast.xihu)  # nothing vacant
    with pytest.raises(ValidationError) as exc:
        alloc.allocation_approve(case=case, actor=cast.xihu)
    assert "route_note" in exc.value.message_dict
    alloc.allocation_approve(case=case, route_note="区政府〔2026〕12号批复同意租用",
                             actor=cast.xihu)
    case.refresh_from_db()
    assert case.status == AllocationStatus.ROUTED and case.certificate_no is None
    assert _inbox(cast.xihu) == []


def test_two_approvals_never_give_the_same_room(cast: Cast) -> None:
    b = _building("XH-C")
    room = _room(b, "401", "18")
    first = alloc.allocation_propose(agency=cast.xihu_agency, rooms=[room], reason="方案一",
                                     actor=cast.xihu)
    second = alloc.allocation_propose(agency=cast.hangzhou_agency, rooms=[room],
                                      reason="方案二", actor=cast.hangzhou)
    alloc.allocation_approve(case=first, actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        alloc.allocation_approve(case=second, actor=cast.hangzhou)
    assert cast.xihu_agency.name in exc.value.message_dict["rooms"][0]
    second.refresh_from_db()
    assert second.status == AllocationStatus.REVIEWED and second.certificate_no is None
    assert Occupancy.objects.filter(room=room).count() == 1


def test_certificate_number_used_twice_is_refused(cast: Cast) -> None:
    b = _building("XH-D")
    r1, r2 = _room(b, "501", "18"), _room(b, "502", "18")
    one = alloc.allocation_propose(agency=cast.xihu_agency, rooms=[r1], reason="一",
                                   actor=cast.xihu)
    two = alloc.allocation_propose(agency=cast.xihu_agency, rooms=[r2], reason="二",
                                   actor=cast.xihu)
    alloc.allocation_approve(case=one, certificate_no="西湖凭〔2026〕1号", actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        alloc.allocation_approve(case=two, certificate_no="西湖凭〔2026〕1号", actor=cast.xihu)
    assert "已被使用" in exc.value.message_dict["certificate_no"][0]
    two.refresh_from_db()
    assert two.status == AllocationStatus.REVIEWED
    assert not Occupancy.objects.filter(room=r2).exists()


def test_a_step_out_of_order_is_refused(cast: Cast) -> None:
    case = _apply(cast)
    with pytest.raises(ValidationError, match="待审核"):
        alloc.allocation_approve(case=case, actor=cast.xihu)
    with pytest.raises(ValidationError):
        alloc.allocation_finish(case=case, actor=cast.xihu)


# ---------------------------------------------------------------- returns

def test_return_of_a_room_ends_the_occupancy_and_frees_it(cast: Cast) -> None:
    reporter = _reporter(cast, cast.xihu_agency, "xihu_reporter")
    b = _building("XH-E")
    room = _room(b, "601", "40", agency=cast.xihu_agency)
    case = ret.return_open(agency=cast.xihu_agency, reason="over_standard", rooms=[room],
                           actor=cast.xihu)
    assert case.due_date == standards.add_months(TODAY, rrules.DEFAULT_RETURN_MONTHS)
    assert [t.due_date for t in _inbox(reporter)] == [case.due_date]
    assert _inbox(cast.xihu) == [] and _inbox(cast.ningbo_reporter) == []
    with pytest.raises(ValidationError) as exc:
        ret.return_open(agency=cast.xihu_agency, reason="vacated", rooms=[room],
                        actor=cast.xihu)
    assert "已在办理中的腾退" in exc.value.message_dict["rooms"][0]
    ret.return_report(case=case, note="已清空", actor=reporter)
    assert _inbox(reporter) == [] and len(_inbox(cast.xihu)) == 1
    ret.return_send_back(case=case, reason="尚有家具", actor=cast.xihu)
    assert len(_inbox(reporter)) == 1
    ret.return_report(case=case, actor=reporter)
    ret.return_accept(case=case, actor=cast.xihu)
    case.refresh_from_db()
    assert case.status == ReturnStatus.COMPLETED
    assert not Occupancy.objects.filter(room=room, end_date__isnull=True).exists()
    assert _inbox(reporter) == [] and _inbox(cast.xihu) == []
    # The room is vacant again: the next application is offered it (调剂).
    assert room in proposal(_apply(cast, requested_area=D("40"),
                                   over_standard_reason="合署办公"))[0].rooms


def test_person_left_deadline_overdue_and_seat_ended(cast: Cast) -> None:
    b = _building("XH-F")
    room = _room(b, "301", "18", agency=cast.xihu_agency)
    person = cast.xihu_person
    seat = Occupant.objects.create(room=room, person=person, start_date=dt.date(2024, 1, 1))
    left_on = TODAY - dt.timedelta(days=60)
    Person.objects.filter(pk=person.pk).update(status="transferred", status_date=left_on)
    person.refresh_from_db()
    case = ret.return_open(agency=cast.xihu_agency, reason="person_left", person=person,
                           actor=cast.xihu)
    assert case.event_date == left_on
    assert case.due_date == standards.office_return_due(left_on)
    assert case.is_overdue_on(TODAY)
    ret.return_report(case=case, actor=cast.xihu)
    ret.return_accept(case=case, actor=cast.xihu)
    seat.refresh_from_db()
    assert seat.end_date == TODAY
    # The room stays with the agency (the original unit takes the office back).
    assert Occupancy.objects.filter(room=room, end_date__isnull=True).exists()


def test_person_left_for_someone_serving_is_refused(cast: Cast) -> None:
    b = _building("XH-G")
    room = _room(b, "301", "18", agency=cast.xihu_agency)
    Occupant.objects.create(room=room, person=cast.xihu_person, start_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        ret.return_open(agency=cast.xihu_agency, reason="person_left", person=cast.xihu_person,
                        actor=cast.xihu)
    assert "仍在职" in exc.value.message_dict["person"][0]
    assert not ReturnCase.objects.exists()


def test_scan_opens_each_return_once(cast: Cast) -> None:
    b = _building("XH-H")
    room = _room(b, "301", "18", agency=cast.xihu_agency)
    other = _room(b, "302", "18", agency=cast.hangzhou_agency)
    boss = Person.objects.create(name="赵六", agency=cast.hangzhou_agency, rank="bureau_head_city")
    post = ConcurrentPost.objects.create(person=boss, agency=cast.hangzhou_agency, post="组长",
                                         approved=True, start_date=dt.date(2024, 1, 1),
                                         end_date=TODAY - dt.timedelta(days=10))
    Occupant.objects.create(room=other, person=boss, concurrent_post=post,
                            start_date=dt.date(2024, 2, 1))
    Occupant.objects.create(room=room, person=cast.xihu_person, start_date=dt.date(2024, 1, 1))
    Person.objects.filter(pk=cast.xihu_person.pk).update(status="retired",
                                                         status_date=TODAY)
    hangzhou = Region.objects.get(code="330100")
    assert ret.returns_scan(region=hangzhou, actor=cast.hangzhou) == 2
    reasons = dict(ReturnCase.objects.values_list("person__name", "reason"))
    assert reasons == {"张三": "person_left", "赵六": "concurrent_ended"}
    due = ReturnCase.objects.get(person=boss).due_date
    assert due == standards.concurrent_office_due(post.end_date)
    assert ret.returns_scan(region=hangzhou, actor=cast.hangzhou) == 0


def test_return_for_occupancy_is_what_the_optimiser_calls(cast: Cast) -> None:
    b = _building("XH-I")
    room = _room(b, "301", "30", agency=cast.xihu_agency)
    occ = Occupancy.objects.get(room=room)
    case = ret.return_for_occupancy(occupancy=occ, reason="reallocation", plan_ref="P-1",
                                    actor=cast.xihu)
    assert case.plan_ref == "P-1" and case.rooms.get().occupancy == occ


# ---------------------------------------------------------------- pages, API, exports

def test_pages_and_export(cast: Cast) -> None:
    reporter = _reporter(cast, cast.xihu_agency, "xihu_reporter")
    case = _apply(cast, actor=reporter)
    c = cast.client("xihu")
    r = c.get(reverse("space_allocation:case_detail", args=[case.pk]))
    assert r.status_code == 200 and "调剂" in r.content.decode()
    r = c.get(reverse("space_allocation:case_list"), {"status": "submitted"})
    assert case.agency.name in r.content.decode()
    r = c.get(reverse("space_allocation:case_list"), {"region": "abc"})
    assert "区划代码应为" in r.content.decode()
    r = c.get(reverse("space_allocation:case_export"), {"status": "submitted"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = c.get(reverse("space_returns:case_export"), {"overdue": "on"})
    assert r.status_code == 200
    page = c.post(reverse("space_allocation:review", args=[case.pk]), {"method": "nope"})
    assert page.status_code == 422 and "配置方式无效" in page.content.decode()


def test_apply_page_over_standard_message(cast: Cast) -> None:
    reporter = _reporter(cast, cast.xihu_agency, "xihu_reporter")
    client = cast.client("xihu")
    client.force_login(reporter)
    r = client.post(reverse("space_allocation:apply"), {
        "agency": cast.xihu_agency.pk, "reason": "新增", "people": [cast.xihu_person.pk],
        "requested_area": "999"})
    assert r.status_code == 422
    assert "须填写超出标准的理由" in r.content.decode()
    assert not AllocationCase.objects.exists()
    r = client.post(reverse("space_allocation:apply"), {
        "agency": cast.ningbo_agency.pk, "reason": "新增", "people": [cast.ningbo_person.pk]})
    assert r.status_code == 404


def test_api_flow_and_bad_input(cast: Cast) -> None:
    b = _building("XH-J")
    room = _room(b, "301", "19")
    c = cast.client("xihu")
    r = c.post("/api/v1/space/allocation/cases", data={
        "agency_id": cast.xihu_agency.pk, "reason": "新增", "people": [cast.xihu_person.pk],
        "requested_area": "500"}, content_type="application/json")
    assert r.status_code == 422 and "over_standard_reason" in r.content.decode()
    r = c.post("/api/v1/space/allocation/cases", data={
        "agency_id": cast.xihu_agency.pk, "reason": "新增", "people": [cast.xihu_person.pk]},
        content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = c.get(f"/api/v1/space/allocation/cases/{pk}/proposal")
    assert r.json()[0]["room_ids"] == [room.pk]
    r = c.post(f"/api/v1/space/allocation/cases/{pk}/review",
               data={"method": "reallocate", "rooms": [room.pk]},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    r = c.post(f"/api/v1/space/allocation/cases/{pk}/approve", data={},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["certificate_no"]
    r = c.get("/api/v1/space/allocation/cases", {"status": "bogus"})
    assert r.status_code == 422
    r = c.get("/api/v1/space/allocation/cases", {"status": "approved"})
    assert [row["id"] for row in r.json()["items"]] == [pk]
    r = cast.client("ningbo_reporter").get(f"/api/v1/space/allocation/cases/{pk}")
    assert r.status_code == 404
    occ = Occupancy.objects.get(room=room, end_date__isnull=True)
    r = c.post("/api/v1/space/returns/cases", data={
        "agency_id": cast.xihu_agency.pk, "reason": "vacated", "rooms": [occ.room_id]},
        content_type="application/json")
    assert r.status_code == 201
    r = c.post("/api/v1/space/returns/cases", data={
        "agency_id": cast.xihu_agency.pk, "reason": "vacated", "rooms": []},
        content_type="application/json")
    assert r.status_code == 422
    assert r.json()["errors"]["rooms"] == ["请选择需腾退移交的房间"]
    r = c.post("/api/v1/space/returns/scan", data={"region": "330203"},
               content_type="application/json")
    assert r.status_code == 422


def test_demo_cases(db: Any) -> None:
    from django.core.management import call_command

    from jiguan.orgs import demo as orgs_demo

    orgs_demo.load(orgs_demo.generate("small", 7, agencies=60, people=400))
    orgs_demo.ensure_demo_accounts()
    call_command("space_demo", "--seed", "7", verbosity=0)
    statuses = set(AllocationCase.objects.values_list("status", flat=True))
    assert {"approved", "submitted", "returned"} <= statuses
    assert ReturnCase.objects.filter(status="completed").exists()
    assert any(c.is_overdue_on(TODAY) for c in ReturnCase.objects.all())
    reporter = User.objects.get(username="demo_reporter")
    assert any("确认入驻" in t.title for t in _inbox(reporter))


def test_scan_command(cast: Cast) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    b = _building("XH-K")
    room = _room(b, "301", "18", agency=cast.xihu_agency)
    Occupant.objects.create(room=room, person=cast.xihu_person, start_date=dt.date(2024, 1, 1))
    Person.objects.filter(pk=cast.xihu_person.pk).update(status="retired", status_date=TODAY)
    out = StringIO()
    call_command("space_returns_scan", "--region", "330106", stdout=out)
    assert "1 件" in out.getvalue()
    assert ReturnCase.objects.get().created_by is None
    with pytest.raises(CommandError, match="不存在"):
        call_command("space_returns_scan", "--region", "999999")
