"""Training: courses and sessions within their dates and hours, trainees who must be
serving people of the register within the organiser's region (refused by name otherwise,
page, API and import), attendance per session, completion at the required share of hours,
the leaders' definition and the per-bureau count; pages, export and API."""

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
from jiguan.guidance.training import actions, queries, rules
from jiguan.guidance.training.models import Course, Trainee
from jiguan.orgs.models import Person

TODAY = dt.date.today()
START = dt.date(TODAY.year, 3, 2)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def course(cast: Cast, code: str = "330000", **over: Any) -> Course:
    data: dict[str, Any] = {
        "region": region(code), "organiser": "浙江省机关事务管理局", "kind": "leaders",
        "title": "全省机关事务系统领导干部培训班", "starts_on": START,
        "ends_on": START + dt.timedelta(days=1), "hours": Decimal(8), "place": "省委党校",
        "required_share": Decimal("0.80")}
    data.update(over)
    return actions.course_create(data=data, actor=cast.province_admin)


def with_sessions(cast: Cast, c: Course) -> list[Any]:
    return [actions.session_add(course=c, on=c.starts_on + dt.timedelta(days=i),
                                hours=Decimal(4), topic=f"第{i + 1}天", actor=cast.province_admin)
            for i in range(2)]


def test_leader_definition_from_the_register_ranks() -> None:
    assert rules.is_leader("section_head") and rules.is_leader("section_deputy")
    assert rules.is_leader("division_deputy") and rules.is_leader("bureau_deputy_city")
    for lowest in ("below_division", "below_bureau_city", "below_section", "below_township"):
        assert not rules.is_leader(lowest)
    assert not rules.is_leader("nonsense")


def test_completion_rule() -> None:
    assert rules.completed(Decimal("6.4"), Decimal(8), Decimal("0.8"))
    assert not rules.completed(Decimal(6), Decimal(8), Decimal("0.8"))
    assert rules.completed(Decimal(4), Decimal(8), Decimal("0.5"))


def test_session_and_course_length_rules() -> None:
    day = dt.date(2026, 3, 2)
    assert rules.dates_problem(day, day + dt.timedelta(days=59)) is None
    assert "60" in (rules.dates_problem(day, day + dt.timedelta(days=60)) or "")
    ok = rules.session_problem(day, Decimal(4), day, day, Decimal(8), Decimal(0))
    assert ok == {}
    assert "hours" in rules.session_problem(day, Decimal("0.4"), day, day, Decimal(8), Decimal(0))
    assert "hours" in rules.session_problem(day, Decimal(13), day, day, Decimal(20), Decimal(0))


def test_course_and_session_bad_input(cast: Cast) -> None:
    with pytest.raises(ValidationError) as e:
        course(cast, ends_on=START - dt.timedelta(days=1))
    assert "结束日期" in str(e.value)
    c = course(cast)
    with pytest.raises(ValidationError) as e:
        actions.session_add(course=c, on=START + dt.timedelta(days=5), hours=Decimal(4),
                            topic="x", actor=cast.province_admin)
    assert "培训期间" in str(e.value)
    with_sessions(cast, c)
    with pytest.raises(ValidationError) as e:
        actions.session_add(course=c, on=START, hours=Decimal(1), topic="加课",
                            actor=cast.province_admin)
    assert "不能超过培训学时" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.course_update(course=c, data={"hours": Decimal(6)}, actor=cast.province_admin)
    assert "已排课次" in str(e.value)


def test_trainee_must_be_in_register_and_in_scope(cast: Cast) -> None:
    c = course(cast, code="330100", kind="business")
    t = actions.trainee_add(course=c, person=cast.xihu_person, actor=cast.hangzhou)
    assert t.person == cast.xihu_person
    with pytest.raises(ValidationError) as e:  # Ningbo is outside Hangzhou
        actions.trainee_add(course=c, person=cast.ningbo_person, actor=cast.hangzhou)
    msg = e.value.message_dict["person"][0]
    assert "李四" in msg and "不在主办单位" in msg
    with pytest.raises(ValidationError) as e:
        actions.trainee_add(course=c, person=None, actor=cast.hangzhou)
    assert "人员名册" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.trainee_add(course=c, person=cast.xihu_person, actor=cast.hangzhou)
    assert "已是本期学员" in str(e.value)
    retired = Person.objects.create(name="退休者", agency=cast.xihu_agency, rank="section_head",
                                    status="retired", status_date=TODAY)
    with pytest.raises(ValidationError) as e:
        actions.trainee_add(course=c, person=retired, actor=cast.hangzhou)
    assert "退休" in str(e.value)
    assert c.trainees.count() == 1


def test_attendance_completion_and_leaders_count(cast: Cast) -> None:
    c = course(cast)
    s1, s2 = with_sessions(cast, c)
    xihu = actions.trainee_add(course=c, person=cast.xihu_person, actor=cast.province_admin)
    ningbo = actions.trainee_add(course=c, person=cast.ningbo_person, actor=cast.province_admin)
    actions.attendance_set(session=s1, present=[xihu, ningbo], actor=cast.province_admin)
    actions.attendance_set(session=s2, present=[xihu], actor=cast.province_admin)
    rows = {t.person.name: t for t in queries.trainees_of(c)}
    assert (rows["张三"].attended, rows["张三"].completed) == (Decimal(8), True)
    assert (rows["李四"].attended, rows["李四"].completed) == (Decimal(4), False)
    leaders, _ = queries.leaders_for(cast.province_admin, {"year": START.year})
    by_code = {r.region.code: r for r in leaders}
    assert (by_code["330106"].people_count, by_code["330106"].leaders_count,
            by_code["330106"].leaders_completed_count) == (1, 1, 1)
    assert (by_code["330203"].people_count, by_code["330203"].leaders_count) == (1, 0)
    # Hangzhou counts only its own and its counties' people
    mine, _ = queries.leaders_for(cast.hangzhou, {"year": START.year})
    assert [r.region.code for r in mine] == ["330106"]
    # a lower required share completes Ningbo's trainee too
    actions.course_update(course=c, data={"required_share": Decimal("0.5")},
                          actor=cast.province_admin)
    c.refresh_from_db()
    assert all(t.completed for t in queries.trainees_of(c))
    # attendance replaced: nobody at session 2 → Xihu falls below the share of 0.8
    actions.course_update(course=c, data={"required_share": Decimal("0.8")},
                          actor=cast.province_admin)
    actions.attendance_set(session=s2, present=[], actor=cast.province_admin)
    c.refresh_from_db()
    assert not any(t.completed for t in queries.trainees_of(c))
    assert AuditEvent.objects.filter(event_type="guidance.course.attendance").count() == 3


def test_attendance_of_another_course_refused(cast: Cast) -> None:
    c1, c2 = course(cast), course(cast, title="另一期")
    s1 = with_sessions(cast, c1)[0]
    other = actions.trainee_add(course=c2, person=cast.xihu_person, actor=cast.province_admin)
    with pytest.raises(ValidationError) as e:
        actions.attendance_set(session=s1, present=[other], actor=cast.province_admin)
    assert "不是本期学员" in str(e.value)


def test_course_seen_by_the_trainees_regions(cast: Cast) -> None:
    c = course(cast)
    assert not Course.objects.visible_to(cast.xihu).filter(pk=c.pk).exists()
    actions.trainee_add(course=c, person=cast.xihu_person, actor=cast.province_admin)
    assert Course.objects.visible_to(cast.xihu).filter(pk=c.pk).exists()
    assert Trainee.objects.visible_to(cast.xihu).count() == 1
    assert cast.client("xihu").get(reverse("guidance:course_edit", args=[c.pk])) \
        .status_code == 403


def test_pages(cast: Cast) -> None:
    client = cast.client("hangzhou")
    r = client.post(reverse("guidance:course_create"), {
        "region": region("330100").pk, "organiser": "杭州市机关事务局", "kind": "business",
        "title": "全市业务培训", "starts_on": str(START), "ends_on": str(START), "hours": "4",
        "place": "市委党校", "required_share": "0.75"})
    assert r.status_code == 302
    c = Course.objects.get(title="全市业务培训")
    r = client.post(reverse("guidance:course_trainee_add", args=[c.pk]),
                    {"person": cast.ningbo_person.pk})
    assert r.status_code == 422
    assert "人员名册" in r.content.decode()
    r = client.post(reverse("guidance:course_trainee_add", args=[c.pk]),
                    {"person": cast.xihu_person.pk})
    assert r.status_code == 302
    r = client.post(reverse("guidance:course_session_add", args=[c.pk]),
                    {"on": str(START), "hours": "4", "topic": "公务用车管理"})
    assert r.status_code == 302
    session = c.sessions.get()
    trainee = c.trainees.get()
    r = client.post(reverse("guidance:course_attendance", args=[c.pk, session.pk]),
                    {"present": [trainee.pk]})
    assert r.status_code == 302
    page = client.get(reverse("guidance:course_detail", args=[c.pk])).content.decode()
    assert "已结业" in page
    leaders = client.get(reverse("guidance:course_leaders"), {"year": START.year})
    assert "杭州市西湖区" in leaders.content.decode() or "西湖区" in leaders.content.decode()
    export = client.get(reverse("guidance:course_leaders_export"), {"year": START.year})
    assert export.status_code == 200
    assert client.get(reverse("guidance:course_export")).status_code == 200
    assert client.get(reverse("guidance:course_leaders"), {"year": "x"}).status_code == 200


def test_api(cast: Cast) -> None:
    client = cast.client("province_admin")

    def post(path: str, data: dict[str, Any]) -> Any:
        return client.post(f"/api/v1/guidance/{path}", json.dumps(data),
                           content_type="application/json")

    r = post("courses", {"region_id": region("330000").pk, "organiser": "省局",
                         "kind": "leaders", "title": "接口培训班", "starts_on": str(START),
                         "ends_on": str(START), "hours": "4", "place": "党校"})
    assert r.status_code == 201, r.content
    assert Decimal(r.json()["required_share"]) == Decimal("0.80")
    cid = r.json()["id"]
    r = post(f"courses/{cid}/sessions", {"on": str(START), "hours": "4", "topic": "讲座"})
    sid = r.json()["sessions"][0]["id"]
    r = post(f"courses/{cid}/trainees", {"person_id": 2**40})
    assert r.status_code == 422 and "人员名册" in r.json()["errors"]["person"][0]
    r = post(f"courses/{cid}/trainees", {"person_id": cast.xihu_person.pk})
    tid = r.json()["trainees"][0]["id"]
    r = post(f"courses/{cid}/sessions/{sid}/attendance", {"trainee_ids": [tid]})
    assert r.status_code == 200
    assert r.json()["trainees"][0]["completed"] is True
    assert r.json()["trainees"][0]["leader"] is True
    r = post(f"courses/{cid}/sessions/{sid}/attendance", {"trainee_ids": [999999]})
    assert r.status_code == 422
    r = client.get("/api/v1/guidance/courses/leaders", {"year": START.year})
    assert r.json()["items"][0]["leaders_completed"] == 1
