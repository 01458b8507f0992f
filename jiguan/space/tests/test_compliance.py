"""Findings (统一规范使用): each kind appears, closes by itself, reopens; the 整改 flow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.orgs.models import Agency, Bureau, ConcurrentPost, Person
from jiguan.space.compliance import actions, queries
from jiguan.space.compliance import rules as compliance_rules
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus
from jiguan.space.register.models import (
    Building,
    Floor,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
    UseClass,
)
from jiguan.space.standards import rules
from jiguan.todo.models import Task

XIHU_BUREAU = "杭州市西湖区机关事务管理局"
_seq = count(1)
TODAY = dt.date.today()
LONG_AGO = dt.date(2020, 1, 1)


def bureaus() -> None:
    for code, name in (("330106", XIHU_BUREAU), ("330203", "宁波市海曙区机关事务管理局"),
                       ("330000", "浙江省机关事务管理局")):
        Bureau.objects.get_or_create(region=Region.objects.get(code=code),
                                     defaults={"name": name})


def building(region: str = "330106", owner: str = XIHU_BUREAU, **kw: Any) -> Building:
    bureaus()
    n = next(_seq)
    kw.setdefault("registration_status", RegistrationStatus.REGISTERED)
    return Building.objects.create(
        code=f"B{n:04d}", name=kw.pop("name", f"测试楼{n}"),
        region=Region.objects.get(code=region), building_area=Decimal(5000), floors_above=6,
        owner=owner, **kw)


def room(b: Building, area: str | int = 18, use_class: str = UseClass.OFFICE,
         agency: Agency | None = None, number: str | None = None) -> Room:
    floor, _ = Floor.objects.get_or_create(building=b, number=1)
    r = Room.objects.create(building=b, floor=floor, number=number or f"{next(_seq)}",
                            use_class=use_class, usable_area=Decimal(area))
    if agency is not None:
        Occupancy.objects.create(room=r, agency=agency, start_date=LONG_AGO)
    return r


def seat(r: Room, person: Person, post: ConcurrentPost | None = None) -> Occupant:
    return Occupant.objects.create(room=r, person=person, start_date=LONG_AGO,
                                   concurrent_post=post)


def findings(kind: str) -> list[Finding]:
    return list(Finding.objects.filter(kind=kind).order_by("id"))


def open_tasks(f: Finding) -> list[Task]:
    return list(Task.objects.open().filter(kind=compliance_rules.TASK_KIND,
                                           subject_id=str(f.pk)))


@pytest.fixture
def xihu_office(cast: Cast) -> Room:
    """A compliant office: 18 m² for the Xihu 正科级 (county 18 m²)."""
    r = room(building(), 18, agency=cast.xihu_agency)
    seat(r, cast.xihu_person)
    return r


def test_a_room_seated_under_1999_is_judged_by_todays_edition(cast: Cast) -> None:
    """domain-rules.md §1.3: the 1999 table serves to detect stale data only; an office
    seated in 2010 is judged by the 2014 figures (county 正科级 18 m², not 1999's 9 m²)."""
    r = room(building(), 16, agency=cast.xihu_agency)
    Occupant.objects.create(room=r, person=cast.xihu_person, start_date=dt.date(2010, 6, 1))
    assert rules.office_limit(organ_level="county", rank=cast.xihu_person.rank,
                              on=dt.date(2010, 6, 1)) < 16
    actions.sync()
    assert findings(FindingKind.OVER_STANDARD) == []
    r.usable_area = Decimal(19)
    r.save()
    actions.sync()
    [f] = findings(FindingKind.OVER_STANDARD)
    assert f.measure == Decimal(1) and "发改投资〔2014〕2674号" in f.detail


def test_over_standard_appears_closes_reopens(cast: Cast, xihu_office: Room) -> None:
    xihu_office.usable_area = Decimal("30.5")
    xihu_office.save()
    result = actions.sync(actor=cast.xihu)
    assert result.created >= 1
    [f] = findings(FindingKind.OVER_STANDARD)
    assert f.status == FindingStatus.OPEN and f.measure == Decimal("12.50")
    assert f.room == xihu_office and f.agency == cast.xihu_agency
    assert f.region_path == "/330000/330100/330106/"
    assert (f.city_code, f.county_code) == ("330100", "330106")
    assert "超出 12.5 m²" in f.detail and "发改投资〔2014〕2674号" in f.detail
    [task] = open_tasks(f)
    assert task.assignee_role == Role.AGENCY_REPORTER and task.agency == cast.xihu_agency
    assert task.due_date == f.due_date == timezone.localdate() + dt.timedelta(days=30)
    assert task.subject_url == f"/space/compliance/findings/{f.pk}/"

    # Nothing changed: nothing new.
    again = actions.sync()
    assert (again.created, again.reopened, again.closed) == (0, 0, 0)
    assert Task.objects.filter(kind=compliance_rules.TASK_KIND, subject_id=str(f.pk)).count() == 1

    # Fixed in the data: closes by itself, its to-do too.
    xihu_office.usable_area = Decimal(18)
    xihu_office.save()
    assert actions.sync().closed == 1
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED and f.resolved_at is not None
    assert open_tasks(f) == []
    assert Task.objects.get(subject_id=str(f.pk)).done_note == compliance_rules.AUTO_CLOSE_NOTE

    # Back again: reopens with a new to-do.
    xihu_office.usable_area = Decimal(25)
    xihu_office.save()
    assert actions.sync().reopened == 1
    f.refresh_from_db()
    assert f.status == FindingStatus.OPEN and f.reopen_count == 1 and f.resolved_at is None
    assert f.measure == Decimal(7)
    assert len(open_tasks(f)) == 1
    assert Task.objects.filter(subject_id=str(f.pk)).count() == 2


def test_shared_office_uses_the_sum_of_limits(cast: Cast, xihu_office: Room) -> None:
    other = Person.objects.create(name="王五", agency=cast.xihu_agency, rank="below_section")
    xihu_office.usable_area = Decimal(27)  # 18 + 9
    xihu_office.save()
    seat(xihu_office, other)
    actions.sync()
    assert findings(FindingKind.OVER_STANDARD) == []
    xihu_office.usable_area = Decimal("27.01")
    xihu_office.save()
    actions.sync()
    assert findings(FindingKind.OVER_STANDARD)[0].measure == Decimal("0.01")


def test_vacant_office(cast: Cast) -> None:
    allocated = room(building(), 20, agency=cast.xihu_agency)
    unallocated = room(building(), 15)
    actions.sync()
    by_room = {f.room_id: f for f in findings(FindingKind.VACANT)}
    assert by_room[allocated.pk].agency == cast.xihu_agency
    assert by_room[allocated.pk].measure == Decimal(20)
    assert by_room[unallocated.pk].agency is None
    # No agency: the to-do goes to the bureau of the region.
    [task] = open_tasks(by_room[unallocated.pk])
    assert task.assignee_role == Role.BUREAU_STAFF and task.agency is None
    seat(allocated, cast.xihu_person)
    actions.sync()
    assert Finding.objects.get(pk=by_room[allocated.pk].pk).status == FindingStatus.FIXED


def test_second_office_needs_an_approved_concurrent_post(cast: Cast, xihu_office: Room) -> None:
    second = room(building(), 9, agency=cast.province_agency)
    occ = seat(second, cast.xihu_person)
    actions.sync()
    [f] = findings(FindingKind.UNAPPROVED_SECOND_OFFICE)
    assert f.person == cast.xihu_person and f.measure == 2
    post = ConcurrentPost.objects.create(person=cast.xihu_person, agency=cast.province_agency,
                                         post="兼任处长", approved=True, start_date=LONG_AGO)
    occ.concurrent_post = post
    occ.save()
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED


def test_third_office(cast: Cast, xihu_office: Room) -> None:
    post = ConcurrentPost.objects.create(person=cast.xihu_person, agency=cast.province_agency,
                                         post="兼任", approved=True, start_date=LONG_AGO)
    seat(room(building(), 9), cast.xihu_person, post)
    third = seat(room(building(), 9), cast.xihu_person)
    actions.sync()
    [f] = findings(FindingKind.THIRD_OFFICE)
    assert f.measure == 3 and "3 处办公室" in f.detail
    assert findings(FindingKind.UNAPPROVED_SECOND_OFFICE) == []
    third.end_date = TODAY
    third.save()
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED
    assert findings(FindingKind.UNAPPROVED_SECOND_OFFICE) == []  # the second one is approved


def test_left_more_than_a_month_ago(cast: Cast, xihu_office: Room) -> None:
    person = cast.xihu_person
    person.status, person.status_date = "retired", TODAY - dt.timedelta(days=10)
    person.save()
    actions.sync()
    assert findings(FindingKind.LEFT_NOT_VACATED) == []  # still within the month
    person.status_date = TODAY - dt.timedelta(days=40)
    person.save()
    actions.sync()
    [f] = findings(FindingKind.LEFT_NOT_VACATED)
    due = rules.office_return_due(person.status_date)
    assert f"应于 {due:%Y-%m-%d} 前腾退" in f.detail and "退休" in f.detail
    Occupant.objects.filter(person=person).update(end_date=TODAY)
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED


def test_concurrent_post_ended_more_than_two_months_ago(cast: Cast, xihu_office: Room) -> None:
    post = ConcurrentPost.objects.create(person=cast.xihu_person, agency=cast.province_agency,
                                         post="兼任", approved=True, start_date=LONG_AGO,
                                         end_date=TODAY - dt.timedelta(days=30))
    occ = seat(room(building(), 9, agency=cast.province_agency), cast.xihu_person, post)
    actions.sync()
    assert findings(FindingKind.CONCURRENT_NOT_VACATED) == []  # within 2 months
    post.end_date = TODAY - dt.timedelta(days=70)
    post.save()
    actions.sync()
    [f] = findings(FindingKind.CONCURRENT_NOT_VACATED)
    assert f.room == occ.room and f.key == f"concurrent_not_vacated:occupant:{occ.pk}"
    assert findings(FindingKind.UNAPPROVED_SECOND_OFFICE) == []
    occ.end_date = TODAY
    occ.save()
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED


def test_use_against_class(cast: Cast) -> None:
    meeting = room(building(), 40, UseClass.SERVICE, agency=cast.xihu_agency)
    occ = seat(meeting, cast.xihu_person)
    actions.sync()
    [f] = findings(FindingKind.USE_AGAINST_CLASS)
    assert f.room == meeting and "改变了使用功能" in f.detail
    occ.end_date = TODAY
    occ.save()
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED


def test_agency_over_approved_area(cast: Cast, xihu_office: Room) -> None:
    # One 正科级 in a county agency with 编制 1: A 18, B 7, 设备 2.25 → 27.25 m² of basic
    # office space.
    Agency.objects.filter(pk=cast.xihu_agency.pk).update(authorized_headcount=1)
    actions.sync()
    assert findings(FindingKind.AGENCY_OVER_APPROVED) == []
    room(building(), "9.25", UseClass.SERVICE, agency=cast.xihu_agency)
    actions.sync()
    assert findings(FindingKind.AGENCY_OVER_APPROVED) == []  # 27.25: exactly at the limit
    extra = room(building(), 1, UseClass.EQUIPMENT, agency=cast.xihu_agency)
    actions.sync()
    [f] = findings(FindingKind.AGENCY_OVER_APPROVED)
    assert f.agency == cast.xihu_agency and f.measure == Decimal(1)
    assert "核定 27.25 m²" in f.detail
    Occupancy.objects.filter(room=extra).update(end_date=TODAY)
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED


def test_title_not_registered_to_the_bureau(cast: Cast) -> None:
    b = building(owner="杭州市西湖区测试局")
    actions.sync()
    [f] = findings(FindingKind.TITLE_NOT_BUREAU)
    assert f.building == b and f.agency is None and XIHU_BUREAU in f.detail
    assert "第五条" in f.detail
    b.owner = XIHU_BUREAU
    b.save()
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED
    # 权属备案 is the lawful way out when registration is impossible.
    filed = building(owner="", registration_status=RegistrationStatus.FILED,
                     filing_reason="历史资料缺失")
    unregistered = building(owner="", registration_status=RegistrationStatus.UNREGISTERED)
    actions.sync()
    keys = {f.building_id for f in Finding.objects.active().filter(
        kind=FindingKind.TITLE_NOT_BUREAU)}
    assert keys == {unregistered.pk} and filed.pk not in keys


def test_township_building_uses_the_county_bureau(cast: Cast) -> None:
    county = Region.objects.get(code="330106")
    town = Region(code="330106001", name="北山街道", level="township", parent=county)
    town.path = town.build_path()
    town.save()
    building(region="330106001", owner=XIHU_BUREAU)
    actions.sync()
    assert findings(FindingKind.TITLE_NOT_BUREAU) == []


def test_start_and_verify(cast: Cast, xihu_office: Room) -> None:
    xihu_office.usable_area = Decimal(30)
    xihu_office.save()
    actions.sync()
    [f] = findings(FindingKind.OVER_STANDARD)
    with pytest.raises(ValidationError):
        actions.finding_start(finding=f, note="  ", actor=cast.xihu)
    with pytest.raises(ValidationError):
        actions.finding_verify(finding=f, actor=cast.xihu)  # not fixed yet
    actions.finding_start(finding=f, note="拟调整至 18 m² 办公室", actor=cast.xihu)
    f.refresh_from_db()
    assert f.status == FindingStatus.IN_PROGRESS and f.note.startswith("拟调整")
    assert AuditEvent.objects.for_target(f).filter(event_type="space.finding.started").exists()
    actions.sync()  # still there: stays 整改中
    f.refresh_from_db()
    assert f.status == FindingStatus.IN_PROGRESS
    xihu_office.usable_area = Decimal(18)
    xihu_office.save()
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED
    with pytest.raises(ValidationError):
        actions.finding_start(finding=f, note="再次", actor=cast.xihu)
    actions.finding_verify(finding=f, actor=cast.xihu)
    f.refresh_from_db()
    assert f.status == FindingStatus.VERIFIED and f.verified_by == cast.xihu
    # A verified finding that comes back reopens too.
    xihu_office.usable_area = Decimal(30)
    xihu_office.save()
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.OPEN and f.reopen_count == 1 and f.verified_at is None


def test_sync_writes_one_summary_event(cast: Cast) -> None:
    room(building(), 20)
    room(building(), 20)
    actions.sync(actor=cast.province_admin)
    events = AuditEvent.objects.filter(event_type="space.compliance.recomputed")
    assert events.count() == 1
    assert events.get().extra["created"] == 2
    # No per-finding audit rows and no per-task rows from the recompute.
    assert not AuditEvent.objects.filter(event_type="todo.task.created").exists()


@override_settings(JIGUAN_RECTIFICATION_DAYS=10)
def test_rectification_days_setting(cast: Cast) -> None:
    room(building(), 20)
    actions.sync()
    [f] = findings(FindingKind.VACANT)
    assert f.due_date == timezone.localdate() + dt.timedelta(days=10)


def test_county_refresh_leaves_other_counties_alone(cast: Cast) -> None:
    xihu_room = room(building(), 20)
    ningbo_room = room(building(region="330203", owner="宁波市海曙区机关事务管理局"), 20)
    actions.sync()
    assert Finding.objects.filter(kind=FindingKind.VACANT).count() == 2
    seat(xihu_room, cast.xihu_person)
    seat(ningbo_room, cast.ningbo_person)
    result = actions.refresh_after_change(region_path="/330000/330100/330106/",
                                             actor=cast.xihu)
    assert result.closed == 1
    statuses = dict(Finding.objects.filter(kind=FindingKind.VACANT)
                    .values_list("room_id", "status"))
    assert statuses == {xihu_room.pk: FindingStatus.FIXED, ningbo_room.pk: FindingStatus.OPEN}
    assert actions.county_path("/330000/330100/330106/330106001/") == \
        "/330000/330100/330106/"


def test_rollup_numbers(cast: Cast) -> None:
    # Xihu: one over-standard office (30 m² for 18: 12 over) and one vacant office (20 m²);
    # Ningbo (Haishu): one compliant office. Hangzhou: 2 office rooms, Ningbo: 1.
    over = room(building(), 30, agency=cast.xihu_agency)
    seat(over, cast.xihu_person)
    room(building(), 20)
    nb = room(building(region="330203", owner="宁波市海曙区机关事务管理局"), 9,
              agency=cast.ningbo_agency)
    seat(nb, cast.ningbo_person)
    actions.sync()
    province = Region.objects.get(code="330000")
    result = queries.rollup(cast.province_admin, province)
    rows = {r.region_code: r for r in result.rows}
    hz, nbr = rows["330100"], rows["330200"]
    assert hz.count(FindingKind.OVER_STANDARD) == 1 and hz.count(FindingKind.VACANT) == 1
    assert hz.over_area == Decimal(12) and hz.vacant_area == Decimal(20)
    assert hz.office_rooms == 2 and hz.over_share == Decimal("50.00")
    assert nbr.active == 0 and nbr.office_rooms == 1 and nbr.over_share == Decimal(0)
    assert result.total.office_rooms == 3
    assert result.total.active == hz.active + nbr.active
    # City → counties; county → agencies.
    city = queries.rollup(cast.hangzhou, Region.objects.get(code="330100"))
    assert {r.region_code: r.active for r in city.rows}["330106"] == hz.active
    county = queries.rollup(cast.xihu, Region.objects.get(code="330106"))
    by_agency = {r.agency_id: r for r in county.rows}
    assert by_agency[cast.xihu_agency.pk].count(FindingKind.OVER_STANDARD) == 1
    assert by_agency[None].count(FindingKind.VACANT) == 1  # the unallocated room
    # Xihu's bureau rolls up only its own findings, whatever region it asks for.
    assert queries.rollup(cast.xihu, province).total.active == hz.active


def test_agency_report_approved_area_is_the_rule(cast: Cast, xihu_office: Room) -> None:
    Person.objects.create(name="赵六", agency=cast.xihu_agency, rank="county_head")
    Person.objects.create(name="钱七", agency=cast.xihu_agency, rank="below_section")
    Person.objects.create(name="孙八", agency=cast.xihu_agency, rank="below_section",
                          status="transferred", status_date=TODAY)
    report = queries.agency_report(cast.xihu_agency, [])
    # B counts the agency's 编制 (50), not its 3 serving people.
    expected = rules.approved_area(
        office_limits=[Decimal(30), Decimal(18), Decimal(9)], headcount=50,
        service_area_per_person=rules.configured_service_area_per_person()["county"],
        building_type="multi")
    assert report.approval.area == expected
    assert report.used_basic == Decimal(18)
    assert [r.state for r in report.rooms] == ["compliant"]


def test_findings_follow_a_register_change_after_it_commits(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    """The actions enqueue a county recompute on commit (ImmediateBackend runs it)."""
    from jiguan.access.models import Region
    from jiguan.space.compliance.models import Finding
    from jiguan.space.register import actions as space_actions

    with django_capture_on_commit_callbacks(execute=True):
        building = space_actions.building_create(data={
            "code": "HZXH-T-1", "name": "测试楼", "region": Region.objects.get(code="330106"),
            "building_area": Decimal("2000"), "floors_above": 5, "owner": "",
            "registration_status": "unregistered"}, actor=cast.xihu)
        room = space_actions.room_create(building=building, floor_number=3, data={
            "number": "301", "use_class": "office", "usable_area": Decimal("40")},
            actor=cast.xihu)
        space_actions.occupancy_start(room=room, agency=cast.xihu_agency,
                                      start_date=dt.date(2025, 1, 1), actor=cast.xihu)
        space_actions.occupant_start(room=room, person=cast.xihu_person,
                                     start_date=dt.date(2025, 1, 1), actor=cast.xihu)
    # 张三 is 正科级 in a county organ: 18 m²; the room has 40 m².
    finding = Finding.objects.get(kind="over_standard", room=room)
    assert finding.measure == Decimal("22.00")
    with django_capture_on_commit_callbacks(execute=True):
        space_actions.room_update(room=room, data={"usable_area": Decimal("18")},
                                  actor=cast.xihu)
    finding.refresh_from_db()
    assert finding.status == "fixed"


def test_a_transaction_queues_each_county_once(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    from django.db import transaction

    from jiguan.space.compliance.tasks import refresh_after_commit

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for _ in range(50):
            refresh_after_commit("/330000/330100/330106/", cast.xihu)
        refresh_after_commit("/330000/330200/330203/", cast.xihu)
    assert len(callbacks) == 1


def test_a_rolled_back_transaction_leaves_no_stale_queue(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    from django.db import transaction

    from jiguan.space.compliance.tasks import refresh_after_commit

    def queue_then_fail() -> None:
        with transaction.atomic():
            refresh_after_commit("/330000/330100/330106/", cast.xihu)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        queue_then_fail()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        refresh_after_commit("/330000/330100/330106/", cast.xihu)
    assert len(callbacks) == 1



def test_service_rooms_count_the_establishment_not_the_people_registered(
        cast: Cast, xihu_office: Room) -> None:
    """B = service area per person × 编制 (domain-rules §1.5): an agency with 50 posts and
    one registered person is not over its approved area with 40 m² of meeting rooms."""
    room(building(), 40, UseClass.SERVICE, agency=cast.xihu_agency)
    actions.sync()
    assert findings(FindingKind.AGENCY_OVER_APPROVED) == []
    Agency.objects.filter(pk=cast.xihu_agency.pk).update(authorized_headcount=0)
    actions.sync()  # no 编制 recorded: the serving people count, and it is over
    [f] = findings(FindingKind.AGENCY_OVER_APPROVED)
    assert "服务用房按 1 人计" in f.detail
