"""Meetings: invited bureaus within the organiser's region, attendees from the register or
typed in, materials (documents only), decisions with their responsible bureau, due date,
overdue flag, to-do and follow-up to done; the pages, the export and the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.guidance.meetings import actions, queries, rules
from jiguan.guidance.meetings.models import DecisionStatus, Meeting, MeetingDecision
from jiguan.todo.models import Task

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def meeting(cast: Cast, code: str = "330000", invited: tuple[str, ...] = ("330100",),
            **over: Any) -> Meeting:
    data: dict[str, Any] = {"region": region(code), "kind": "conference",
                            "title": "全省机关事务工作会议",
                            "starts_on": TODAY - dt.timedelta(days=40),
                            "ends_on": TODAY - dt.timedelta(days=39), "place": "杭州"}
    data.update(over)
    return actions.meeting_create(data=data, invited=[region(c) for c in invited],
                                  actor=cast.province_admin)


def test_dates_rule() -> None:
    assert rules.dates_problem(TODAY, TODAY) is None
    assert rules.dates_problem(TODAY, TODAY - dt.timedelta(days=1)) == "结束日期不能早于开始日期"
    assert "7" in (rules.dates_problem(TODAY, TODAY + dt.timedelta(days=7)) or "")
    assert rules.overdue("open", TODAY - dt.timedelta(days=1), TODAY)
    assert not rules.overdue("open", TODAY, TODAY)
    assert not rules.overdue("done", TODAY - dt.timedelta(days=1), TODAY)


def test_create_audited_and_invited(cast: Cast) -> None:
    m = meeting(cast, invited=("330100", "330106"))
    assert sorted(m.invitations.values_list("region__code", flat=True)) == ["330100", "330106"]
    assert AuditEvent.objects.filter(event_type="guidance.meeting.created").count() == 1


def test_bad_dates_and_outside_invitation_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as e:
        meeting(cast, ends_on=TODAY - dt.timedelta(days=50))
    assert "结束日期不能早于开始日期" in str(e.value)
    with pytest.raises(ValidationError) as e:
        meeting(cast, code="330100", invited=("330203",))
    assert "海曙区" in str(e.value.message_dict["invited"])
    assert not Meeting.objects.exists()


def test_attendees_from_register_or_typed(cast: Cast) -> None:
    m = meeting(cast, invited=("330100", "330106"))
    xihu_inv = m.invitations.get(region__code="330106")
    a = actions.attendee_add(invitation=xihu_inv, person=cast.xihu_person,
                             actor=cast.province_admin)
    assert (a.name, a.position, a.person_id) == ("张三", "局长", cast.xihu_person.pk)
    guest = actions.attendee_add(invitation=m.invitations.get(region__code="330100"),
                                 name="王五", position="副局长", actor=cast.province_admin)
    assert guest.person_id is None
    with pytest.raises(ValidationError) as e:  # a Ningbo person does not attend for Xihu
        actions.attendee_add(invitation=xihu_inv, person=cast.ningbo_person,
                             actor=cast.province_admin)
    assert "李四" in str(e.value) and "不属于" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.attendee_add(invitation=xihu_inv, name=" ", actor=cast.province_admin)
    assert "姓名" in str(e.value)
    with pytest.raises(ValidationError):  # twice
        actions.attendee_add(invitation=xihu_inv, person=cast.xihu_person,
                             actor=cast.province_admin)


def test_materials_are_documents_only(cast: Cast) -> None:
    m = meeting(cast)
    mat = actions.material_add(meeting=m, title="工作报告",
                               upload=SimpleUploadedFile("报告.pdf", PDF),
                               actor=cast.province_admin)
    assert mat.file.size == len(PDF)
    with pytest.raises(ValidationError):
        actions.material_add(meeting=m, title="照片", upload=SimpleUploadedFile("a.png", PNG),
                             actor=cast.province_admin)
    assert m.materials.count() == 1


def test_decision_todo_overdue_and_done(cast: Cast) -> None:
    m = meeting(cast, invited=("330100",))
    due = TODAY - dt.timedelta(days=5)
    d = actions.decision_add(meeting=m, text="推进公务用车平台建设", responsible=region("330100"),
                             due_on=due, actor=cast.province_admin)
    task = Task.objects.get(kind=actions.TASK_DECISION)
    assert (task.region.code, task.due_date, task.is_done) == ("330100", due, False)
    assert d.is_overdue(TODAY)
    found, _ = queries.decisions_for(cast.hangzhou, {"status": "overdue"})
    assert list(found) == [d]
    actions.decision_progress(decision=d, on=TODAY - dt.timedelta(days=1), text="方案已报批",
                              actor=cast.hangzhou)
    d.refresh_from_db()
    assert d.status == DecisionStatus.OPEN and d.notes.count() == 1
    actions.decision_progress(decision=d, on=TODAY, text="平台上线", done=True,
                              actor=cast.hangzhou)
    d.refresh_from_db()
    task.refresh_from_db()
    assert (d.status, d.done_on, d.is_overdue(TODAY)) == (DecisionStatus.DONE, TODAY, False)
    assert task.is_done
    found, _ = queries.decisions_for(cast.hangzhou, {"status": "overdue"})
    assert not found.exists()
    with pytest.raises(ValidationError) as e:
        actions.decision_progress(decision=d, on=TODAY, text="再记", actor=cast.hangzhou)
    assert "已完成" in str(e.value)
    assert AuditEvent.objects.filter(
        event_type="guidance.meeting.decision_progress").count() == 2


def test_decision_bad_input_refused(cast: Cast) -> None:
    m = meeting(cast, code="330100", invited=())
    with pytest.raises(ValidationError) as e:
        actions.decision_add(meeting=m, text="x", responsible=region("330203"),
                             due_on=TODAY, actor=cast.province_admin)
    assert "责任单位" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.decision_add(meeting=m, text="x", responsible=region("330106"),
                             due_on=m.starts_on - dt.timedelta(days=1), actor=cast.province_admin)
    assert "完成时限" in str(e.value)
    d = actions.decision_add(meeting=m, text="x", responsible=region("330106"), due_on=TODAY,
                             actor=cast.province_admin)
    with pytest.raises(ValidationError) as e:
        actions.decision_progress(decision=d, on=TODAY + dt.timedelta(days=1), text="y",
                                  actor=cast.province_admin)
    assert "晚于今天" in str(e.value)
    assert not Task.objects.filter(region__code="330203").exists()


def test_scope_invited_and_responsible_see_the_meeting(cast: Cast) -> None:
    m = meeting(cast, invited=("330100",))
    assert Meeting.objects.visible_to(cast.hangzhou).filter(pk=m.pk).exists()
    assert not Meeting.objects.visible_to(cast.xihu).filter(pk=m.pk).exists()
    d = actions.decision_add(meeting=m, text="x", responsible=region("330106"),
                             due_on=TODAY, actor=cast.province_admin)
    assert Meeting.objects.visible_to(cast.xihu).filter(pk=m.pk).exists()
    assert list(MeetingDecision.objects.visible_to(cast.xihu)) == [d]
    # Hangzhou (invited) reads the provincial meeting but may not change it
    assert cast.client("hangzhou").get(reverse("guidance:meeting_edit", args=[m.pk])) \
        .status_code == 403


def test_pages_create_bad_input_and_export(cast: Cast) -> None:
    client = cast.client("hangzhou")
    url = reverse("guidance:meeting_create")
    bad = client.post(url, {"region": region("330100").pk, "kind": "special", "title": "会",
                            "starts_on": "2026-03-02", "ends_on": "2026-03-01",
                            "place": "市府", "invited": [region("330106").pk]})
    assert bad.status_code == 422
    assert "结束日期不能早于开始日期" in bad.content.decode()
    ok = client.post(url, {"region": region("330100").pk, "kind": "special", "title": "全市会",
                           "starts_on": "2026-03-01", "ends_on": "2026-03-01", "place": "市府",
                           "invited": [region("330106").pk]})
    assert ok.status_code == 302
    m = Meeting.objects.get(title="全市会")
    page = client.get(reverse("guidance:meeting_detail", args=[m.pk]))
    assert "杭州市西湖区" in page.content.decode() or "西湖区" in page.content.decode()
    garbage = client.get(reverse("guidance:meeting_list"), {"year": "abc"})
    assert garbage.status_code == 200
    export = client.get(reverse("guidance:meeting_export"), {"q": "全市"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_create_decision_progress_and_errors(cast: Cast) -> None:
    client = cast.client("province_admin")

    def post(path: str, data: dict[str, Any]) -> Any:
        return client.post(f"/api/v1/guidance/{path}", json.dumps(data),
                           content_type="application/json")

    r = post("meetings", {"region_id": region("330000").pk, "kind": "conference",
                          "title": "全省会议", "starts_on": str(TODAY), "ends_on": str(TODAY),
                          "place": "杭州", "invited_ids": [region("330100").pk]})
    assert r.status_code == 201, r.content
    mid = r.json()["id"]
    assert r.json()["invitations"][0]["region_code"] == "330100"
    r = post(f"meetings/{mid}/decisions", {"text": "落实", "responsible_id": region("330100").pk,
                                           "due_on": str(TODAY)})
    assert r.status_code == 200 and r.json()["decisions"][0]["status"] == "open"
    did = r.json()["decisions"][0]["id"]
    r = post(f"meetings/decisions/{did}/progress", {"on": str(TODAY), "text": "完成", "done": True})
    assert r.status_code == 200 and r.json()["status"] == "done"
    r = post(f"meetings/decisions/{did}/progress", {"on": str(TODAY), "text": "再", "done": False})
    assert r.status_code == 422 and "已完成" in r.json()["errors"]["text"][0]
    r = post("meetings", {"region_id": region("330000").pk, "kind": "nope", "title": "x",
                          "starts_on": "not-a-date", "ends_on": str(TODAY), "place": "x"})
    assert r.status_code == 422
    assert client.get("/api/v1/guidance/meetings/99999999").status_code == 404
    listed = client.get("/api/v1/guidance/meetings/decisions", {"status": "done"})
    assert [d["id"] for d in listed.json()["items"]] == [did]
