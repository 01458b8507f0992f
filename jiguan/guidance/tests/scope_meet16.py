"""The scope cases of meetings, training and liaison (branch meet16), added to the app's
SCOPE_MATRIX in scope.py.

The objects: a meeting, a course and a visit of Xihu (seen by the province, Hangzhou and
Xihu; the auditor reads but may not write; Ningbo's reporter and the outsider hold no
guidance permission, so they see nothing: 404), and a meeting of Hangzhou that invites
nobody (Xihu does not see it: 404)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.guidance.liaison import actions as liaison
from jiguan.guidance.meetings import actions as meetings
from jiguan.guidance.training import actions as training

TODAY = dt.date.today()
READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
        "auditor": 200, "outsider": 403}
MANAGERS = {**READ, "auditor": 403}
XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
XIHU_FORM = {**XIHU_READ, "auditor": 403}
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}
XIHU_STEP = {**XIHU_WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200}
HANGZHOU_READ = {**XIHU_READ, "xihu": 404}
CREATE_API = {**MANAGERS, "province_admin": 201, "hangzhou": 201, "xihu": 201}


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


def _meeting(c: Cast, code: str = "330106") -> Any:
    return meetings.meeting_create(data={
        "region": _region(code), "kind": "special", "title": "测试会议", "starts_on": TODAY,
        "ends_on": TODAY, "place": "会议室"}, actor=c.province_admin)


def _hangzhou_meeting(c: Cast) -> Any:
    return _meeting(c, "330100")


def _invited(c: Cast) -> Any:
    meeting = _meeting(c)
    return meetings.invitation_add(meeting=meeting, region=_region("330106"),
                                   actor=c.province_admin)


def _decision(c: Cast) -> Any:
    return meetings.decision_add(meeting=_meeting(c), text="落实节能改造",
                                 responsible=_region("330106"),
                                 due_on=TODAY + dt.timedelta(days=30), actor=c.province_admin)


def _material_url(c: Cast) -> str:
    meeting = _meeting(c)
    m = meetings.material_add(meeting=meeting, title="讲话",
                              upload=SimpleUploadedFile("讲话.pdf", b"%PDF-1.4\n%%EOF\n"),
                              actor=c.province_admin)
    return reverse("guidance:meeting_material_download", args=[meeting.pk, m.pk])


def _course(c: Cast) -> Any:
    return training.course_create(data={
        "region": _region("330106"), "organiser": "西湖区机关事务局", "kind": "business",
        "title": "测试培训班", "starts_on": TODAY, "ends_on": TODAY, "hours": Decimal(8),
        "place": "党校", "required_share": Decimal("0.8")}, actor=c.province_admin)


def _session(c: Cast) -> Any:
    return training.session_add(course=_course(c), on=TODAY, hours=Decimal(4), topic="讲座",
                                actor=c.province_admin)


def _visit(c: Cast) -> Any:
    return liaison.visit_create(region=_region("330106"), visited_on=TODAY,
                                leader_name="王局长", topics="节约型机关建设",
                                issues=["食堂改造资金缺口"], actor=c.province_admin)


def _u(name: str, *objs: Any) -> Any:
    return lambda c: reverse(f"guidance:{name}", args=[o(c).pk for o in objs])


def _progress_url(c: Cast) -> str:
    d = _decision(c)
    return reverse("guidance:meeting_decision_progress", args=[d.meeting_id, d.pk])


def _attendee_url(c: Cast) -> str:
    inv = _invited(c)
    return reverse("guidance:meeting_attendee_add", args=[inv.meeting_id, inv.pk])


def _attendance_url(c: Cast) -> str:
    s = _session(c)
    return reverse("guidance:course_attendance", args=[s.course_id, s.pk])


def _answer_url(c: Cast) -> str:
    v = _visit(c)
    return reverse("guidance:visit_issue_answer", args=[v.pk, v.issues.get().pk])


def _progress(c: Cast) -> dict[str, Any]:
    return {"on": TODAY.isoformat(), "text": "已完成", "done": True}


def _answer(c: Cast) -> dict[str, Any]:
    return {"answer": "已安排资金", "answered_on": TODAY.isoformat()}


def _issue(c: Cast) -> dict[str, Any]:
    return {"text": "车辆编制不足"}


def _meeting_api(c: Cast) -> dict[str, Any]:
    return {"region_id": _region("330106").pk, "kind": "special", "title": "接口会议",
            "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(), "place": "会议室"}


def _course_api(c: Cast) -> dict[str, Any]:
    return {"region_id": _region("330106").pk, "organiser": "西湖区局", "kind": "business",
            "title": "接口培训", "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(),
            "hours": "8", "place": "党校"}


def _visit_api(c: Cast) -> dict[str, Any]:
    return {"region_id": _region("330106").pk, "visited_on": TODAY.isoformat(),
            "leader_name": "王局长", "topics": "调研", "issues": ["问题一"]}


def _api(path: str, *objs: Any) -> Any:
    return lambda c: "/api/v1/guidance/" + path.format(*[o(c).pk for o in objs])


def _api_progress(c: Cast) -> str:
    return f"/api/v1/guidance/meetings/decisions/{_decision(c).pk}/progress"


def _api_answer(c: Cast) -> str:
    v = _visit(c)
    return f"/api/v1/guidance/liaison/visits/{v.pk}/issues/{v.issues.get().pk}/answer"


def _api_attendance(c: Cast) -> str:
    s = _session(c)
    return f"/api/v1/guidance/courses/{s.course_id}/sessions/{s.pk}/attendance"


MATRIX = [
    # meetings
    Endpoint("guidance:meeting_list", "GET", _u("meeting_list"), READ),
    Endpoint("guidance:meeting_export", "GET", _u("meeting_export"), READ),
    Endpoint("guidance:meeting_decision_list", "GET", _u("meeting_decision_list"), READ,
             data=lambda c: {"status": "overdue"}),
    Endpoint("guidance:meeting_decision_export", "GET", _u("meeting_decision_export"), READ),
    Endpoint("guidance:meeting_create", "GET", _u("meeting_create"), MANAGERS),
    Endpoint("guidance:meeting_detail(xihu)", "GET", _u("meeting_detail", _meeting), XIHU_READ),
    Endpoint("guidance:meeting_detail(hangzhou)", "GET", _u("meeting_detail", _hangzhou_meeting),
             HANGZHOU_READ),
    Endpoint("guidance:meeting_edit(xihu)", "GET", _u("meeting_edit", _meeting), XIHU_FORM),
    Endpoint("guidance:meeting_invite(xihu)", "GET", _u("meeting_invite", _meeting), XIHU_FORM),
    Endpoint("guidance:meeting_attendee_add(xihu)", "GET", _attendee_url, XIHU_FORM),
    Endpoint("guidance:meeting_material_add(xihu)", "GET", _u("meeting_material_add", _meeting),
             XIHU_FORM),
    Endpoint("guidance:meeting_material_download(xihu)", "GET", _material_url, XIHU_READ),
    Endpoint("guidance:meeting_decision_add(xihu)", "GET", _u("meeting_decision_add", _meeting),
             XIHU_FORM),
    Endpoint("guidance:meeting_decision_progress(xihu)", "POST", _progress_url, XIHU_WRITE,
             data=_progress),
    # training
    Endpoint("guidance:course_list", "GET", _u("course_list"), READ),
    Endpoint("guidance:course_export", "GET", _u("course_export"), READ),
    Endpoint("guidance:course_leaders", "GET", _u("course_leaders"), READ),
    Endpoint("guidance:course_leaders_export", "GET", _u("course_leaders_export"), READ),
    Endpoint("guidance:course_create", "GET", _u("course_create"), MANAGERS),
    Endpoint("guidance:course_detail(xihu)", "GET", _u("course_detail", _course), XIHU_READ),
    Endpoint("guidance:course_edit(xihu)", "GET", _u("course_edit", _course), XIHU_FORM),
    Endpoint("guidance:course_session_add(xihu)", "GET", _u("course_session_add", _course),
             XIHU_FORM),
    Endpoint("guidance:course_trainee_add(xihu)", "GET", _u("course_trainee_add", _course),
             XIHU_FORM),
    Endpoint("guidance:course_trainee_add(xihu, post)", "POST",
             _u("course_trainee_add", _course), XIHU_WRITE,
             data=lambda c: {"person": c.xihu_person.pk}),
    Endpoint("guidance:course_attendance(xihu)", "POST", _attendance_url, XIHU_WRITE,
             data=lambda c: {}),
    # liaison
    Endpoint("guidance:assignment_list", "GET", _u("assignment_list"), READ),
    Endpoint("guidance:assignment_export", "GET", _u("assignment_export"), READ),
    Endpoint("guidance:assignment_create", "GET", _u("assignment_create"), MANAGERS),
    Endpoint("guidance:visit_list", "GET", _u("visit_list"), READ),
    Endpoint("guidance:visit_export", "GET", _u("visit_export"), READ),
    Endpoint("guidance:visit_create", "GET", _u("visit_create"), MANAGERS),
    Endpoint("guidance:visit_detail(xihu)", "GET", _u("visit_detail", _visit), XIHU_READ),
    Endpoint("guidance:visit_issue_add(xihu)", "POST", _u("visit_issue_add", _visit),
             XIHU_WRITE, data=_issue),
    Endpoint("guidance:visit_issue_answer(xihu)", "POST", _answer_url, XIHU_WRITE,
             data=_answer),
    # API
    Endpoint("guidance:api_meetings", "GET", _api("meetings"), READ, api=True),
    Endpoint("guidance:api_meeting_decisions", "GET", _api("meetings/decisions"), READ,
             api=True),
    Endpoint("guidance:api_meeting(xihu)", "GET", _api("meetings/{}", _meeting), XIHU_READ,
             api=True),
    Endpoint("guidance:api_meeting_create", "POST", _api("meetings"), CREATE_API,
             data=_meeting_api, api=True),
    Endpoint("guidance:api_meeting_attendee(xihu)", "POST",
             lambda c: (lambda inv: f"/api/v1/guidance/meetings/{inv.meeting_id}/invitations/"
                        f"{inv.pk}/attendees")(_invited(c)),
             XIHU_STEP, data=lambda c: {"name": "来宾", "position": "处长"}, api=True),
    Endpoint("guidance:api_meeting_decision(xihu)", "POST",
             _api("meetings/{}/decisions", _meeting), XIHU_STEP,
             data=lambda c: {"text": "落实", "responsible_id": _region("330106").pk,
                             "due_on": TODAY.isoformat()}, api=True),
    Endpoint("guidance:api_meeting_progress(xihu)", "POST", _api_progress, XIHU_STEP,
             data=_progress, api=True),
    Endpoint("guidance:api_courses", "GET", _api("courses"), READ, api=True),
    Endpoint("guidance:api_leaders", "GET", _api("courses/leaders"), READ, api=True),
    Endpoint("guidance:api_course(xihu)", "GET", _api("courses/{}", _course), XIHU_READ,
             api=True),
    Endpoint("guidance:api_course_create", "POST", _api("courses"), CREATE_API,
             data=_course_api, api=True),
    Endpoint("guidance:api_course_session(xihu)", "POST", _api("courses/{}/sessions", _course),
             XIHU_STEP, data=lambda c: {"on": TODAY.isoformat(), "hours": "4", "topic": "讲座"},
             api=True),
    Endpoint("guidance:api_course_trainee(xihu)", "POST", _api("courses/{}/trainees", _course),
             XIHU_STEP, data=lambda c: {"person_id": c.xihu_person.pk}, api=True),
    Endpoint("guidance:api_course_attendance(xihu)", "POST", _api_attendance, XIHU_STEP,
             data=lambda c: {"trainee_ids": []}, api=True),
    Endpoint("guidance:api_assignments", "GET", _api("liaison/assignments"), READ, api=True),
    Endpoint("guidance:api_assignment_create", "POST", _api("liaison/assignments"),
             CREATE_API, data=lambda c: {"year": TODAY.year, "region_id": _region("330106").pk,
                                         "leader_name": "王局长"}, api=True),
    Endpoint("guidance:api_visits", "GET", _api("liaison/visits"), READ, api=True),
    Endpoint("guidance:api_visit(xihu)", "GET", _api("liaison/visits/{}", _visit), XIHU_READ,
             api=True),
    Endpoint("guidance:api_visit_create", "POST", _api("liaison/visits"), CREATE_API,
             data=_visit_api, api=True),
    Endpoint("guidance:api_visit_issue(xihu)", "POST", _api("liaison/visits/{}/issues", _visit),
             XIHU_STEP, data=_issue, api=True),
    Endpoint("guidance:api_visit_answer(xihu)", "POST", _api_answer, XIHU_STEP, data=_answer,
             api=True),
]
