"""Renting (租用): the rules, the workflow's actions, their to-dos, pages, API and scope."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, _grant, _user
from jiguan.space.leases import actions, rules
from jiguan.space.leases.models import Lease, LeaseStatus
from jiguan.todo.models import Task

TODAY = dt.date.today()


def _data(c: Cast, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": c.xihu_agency, "direction": "rent_in", "lessor": "杭州某置业有限公司",
        "premises": "西湖区文三路 100 号 5 层", "area": Decimal("320.50"),
        "annual_rent": Decimal("480000"), "start_date": TODAY - dt.timedelta(days=10),
        "end_date": TODAY + dt.timedelta(days=365), "purpose": "机构改革后新增编制，原址无法调剂",
        "contract_no": "HT-2026-01", "approval_doc_no": "西政办〔2026〕12号",
        "approval_date": TODAY - dt.timedelta(days=30), "approval_body": "西湖区人民政府"}
    data.update(over)
    return data


@pytest.fixture
def xihu_reporter(cast: Cast) -> Any:
    user = _user("xihu_reporter")
    _grant(user, Role.AGENCY_REPORTER, agency=cast.xihu_agency)
    return user


# rules ----------------------------------------------------------------------------------------

def test_letting_and_lending_are_refused_with_the_rule() -> None:
    assert rules.direction_refusal("rent_in") is None
    for direction, word in (("let", "出租"), ("lend", "出借")):
        text = rules.direction_refusal(direction)
        assert text is not None and word in text and "第二十三条" in text


def test_approval_must_be_recorded_and_from_the_same_level_government() -> None:
    ok = rules.approval_errors(doc_no="西政〔2026〕1号", date=TODAY, body="西湖区人民政府",
                               region_name="西湖区", start_date=TODAY, today=TODAY)
    assert ok == {}
    missing = rules.approval_errors(doc_no="", date=None, body="", region_name="西湖区",
                                    start_date=TODAY, today=TODAY)
    assert set(missing) == {"approval_doc_no", "approval_date", "approval_body"}
    assert all("第二十三条" in m for m in missing.values())
    other = rules.approval_errors(doc_no="x", date=TODAY, body="杭州市机关事务管理局",
                                  region_name="西湖区", start_date=TODAY, today=TODAY)
    assert "西湖区人民政府" in other["approval_body"]
    late = rules.approval_errors(doc_no="x", date=TODAY, body="西湖区人民政府",
                                 region_name="西湖区", start_date=TODAY - dt.timedelta(days=1),
                                 today=TODAY)
    assert "先批准后租用" in late["approval_date"]


def test_reminder_window() -> None:
    assert rules.reminder_due(TODAY + dt.timedelta(days=60), TODAY, 60)
    assert not rules.reminder_due(TODAY + dt.timedelta(days=61), TODAY, 60)
    assert not rules.reminder_due(TODAY - dt.timedelta(days=1), TODAY, 60)


@override_settings(JIGUAN_LEASE_REMINDER_DAYS=10)
def test_reminder_days_is_a_setting() -> None:
    assert rules.reminder_days() == 10


# actions --------------------------------------------------------------------------------------

def test_lease_without_approval_is_refused_and_nothing_is_written(cast: Cast,
                                                                  xihu_reporter: Any) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        actions.lease_submit(data=_data(cast, approval_doc_no="", approval_body=""),
                             actor=xihu_reporter)
    assert {"approval_doc_no", "approval_body"} <= set(exc.value.message_dict)
    assert Lease.objects.count() == 0 and Task.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_letting_is_refused(cast: Cast, xihu_reporter: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.lease_submit(data=_data(cast, direction="let"), actor=xihu_reporter)
    assert "不得出租办公用房" in exc.value.message_dict["direction"][0]
    assert Lease.objects.count() == 0


def test_lease_for_an_agency_out_of_scope_is_refused(cast: Cast, xihu_reporter: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.lease_submit(data=_data(cast, agency=cast.ningbo_agency), actor=xihu_reporter)
    assert "agency" in exc.value.message_dict


def test_workflow_apply_return_resubmit_register_end(cast: Cast, xihu_reporter: Any) -> None:
    lease = actions.lease_submit(data=_data(cast), actor=xihu_reporter)
    assert lease.status == LeaseStatus.SUBMITTED
    # The review to-do reaches the Xihu and Hangzhou bureaus, not the Ningbo reporter.
    assert Task.objects.inbox(cast.xihu).filter(kind=rules.TASK_REVIEW).count() == 1
    assert Task.objects.inbox(cast.hangzhou).filter(kind=rules.TASK_REVIEW).count() == 1
    assert not Task.objects.inbox(cast.ningbo_reporter).exists()
    assert not Task.objects.inbox(xihu_reporter).exists()

    actions.lease_return(lease=lease, reason="合同编号有误", actor=cast.xihu)
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.RETURNED
    assert not Task.objects.inbox(cast.xihu).exists()
    assert Task.objects.inbox(xihu_reporter).filter(kind=rules.TASK_RETURNED).count() == 1
    with pytest.raises(ValidationError):
        actions.lease_approve(lease=lease, actor=cast.xihu)  # only 待审核

    actions.lease_resubmit(lease=lease, data=_data(cast, contract_no="HT-2026-02"),
                           actor=xihu_reporter)
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.SUBMITTED and lease.contract_no == "HT-2026-02"
    assert not Task.objects.inbox(xihu_reporter).exists()

    actions.lease_approve(lease=lease, actor=cast.xihu)
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.ACTIVE and lease.reviewed_by == cast.xihu
    assert not Task.objects.inbox(cast.xihu).exists()

    actions.lease_end(lease=lease, ended_on=TODAY, reason="到期退租", actor=xihu_reporter)
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.ENDED
    events = list(AuditEvent.objects.for_target(lease).values_list("event_type", flat=True))
    for e in ("submitted", "returned", "resubmitted", "approved", "ended"):
        assert f"space.lease.{e}" in events


@override_settings(JIGUAN_LEASE_REMINDER_DAYS=30)
def test_expiry_reminders_once_per_end_date(cast: Cast, xihu_reporter: Any) -> None:
    soon = actions.lease_submit(data=_data(cast, end_date=TODAY + dt.timedelta(days=90)),
                                actor=xihu_reporter)
    actions.lease_approve(lease=soon, actor=cast.xihu)
    assert actions.lease_remind(today=TODAY) == 0  # 90 days away, window 30
    assert actions.lease_remind(today=TODAY + dt.timedelta(days=61)) == 1
    assert actions.lease_remind(today=TODAY + dt.timedelta(days=62)) == 0  # once
    inbox = Task.objects.inbox(xihu_reporter).filter(kind=rules.TASK_EXPIRY)
    assert inbox.count() == 1 and inbox.get().due_date == soon.end_date
    assert not Task.objects.inbox(cast.ningbo_reporter).exists()
    actions.lease_end(lease=soon, ended_on=TODAY, reason="不再续租", actor=xihu_reporter)
    assert not Task.objects.inbox(xihu_reporter).exists()


# pages and API --------------------------------------------------------------------------------

def _lease(cast: Cast) -> Lease:
    return actions.lease_submit(data=_data(cast), actor=cast.xihu)


def test_pages_and_scope(cast: Cast) -> None:
    lease = _lease(cast)
    for who, code in (("xihu", 200), ("hangzhou", 200), ("province_admin", 200),
                      ("auditor", 200), ("ningbo_reporter", 404)):
        assert cast.client(who).get(f"/space/leases/{lease.pk}/").status_code == code, who
        assert cast.client(who).get(f"/api/v1/space/leases/{lease.pk}").status_code == code
    page = cast.client("xihu").get("/space/leases/").content.decode()
    assert "西湖区文三路" in page
    other = cast.client("ningbo_reporter").get("/space/leases/").content.decode()
    assert "西湖区文三路" not in other
    assert cast.client("outsider").get("/space/leases/").status_code == 403
    # A write outside scope: 404, a role without the permission: 403.
    assert cast.client("ningbo_reporter").post(
        f"/space/leases/{lease.pk}/approve/").status_code == 404
    assert cast.client("auditor").post(f"/space/leases/{lease.pk}/approve/").status_code == 403
    response = cast.client("hangzhou").post(f"/space/leases/{lease.pk}/approve/")
    assert response.status_code == 302
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.ACTIVE


def test_export_keeps_the_filters(cast: Cast) -> None:
    _lease(cast)
    response = cast.client("xihu").get("/space/leases/export.xlsx?status=submitted")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert cast.client("outsider").get("/space/leases/export.xlsx").status_code == 403


def test_page_form_shows_the_refusal_on_the_field(cast: Cast) -> None:
    client = cast.client("xihu")
    data = {k: (v.pk if hasattr(v, "pk") else str(v)) for k, v in _data(cast).items()}
    data["approval_doc_no"] = ""
    response = client.post("/space/leases/new/", data)
    assert response.status_code == 422
    assert "第二十三条" in response.content.decode()
    assert Lease.objects.count() == 0


def test_api_create_and_bad_input(cast: Cast) -> None:
    client = cast.client("xihu")
    data = {k: (v.pk if hasattr(v, "pk") else str(v)) for k, v in _data(cast).items()}
    response = client.post("/api/v1/space/leases", json.dumps(data),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    bad = {**data, "direction": "lend"}
    response = client.post("/api/v1/space/leases", json.dumps(bad),
                           content_type="application/json")
    assert response.status_code == 422
    assert "出借" in response.json()["errors"]["direction"][0]
    bad = {**data, "area": "abc"}
    response = client.post("/api/v1/space/leases", json.dumps(bad),
                           content_type="application/json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["area"]
    assert Lease.objects.count() == 1
    assert cast.client("auditor").post("/api/v1/space/leases", json.dumps(data),
                                       content_type="application/json").status_code == 403
    listed = client.get("/api/v1/space/leases?status=submitted").json()
    assert listed["count"] == 1
    assert cast.client("ningbo_reporter").get("/api/v1/space/leases").json()["count"] == 0


def test_reminder_command(cast: Cast, xihu_reporter: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    lease = actions.lease_submit(data=_data(cast, end_date=TODAY + dt.timedelta(days=400)),
                                 actor=xihu_reporter)
    actions.lease_approve(lease=lease, actor=cast.xihu)
    Lease.objects.filter(pk=lease.pk).update(end_date=TODAY + dt.timedelta(days=5))
    out = StringIO()
    call_command("space_lease_reminders", stdout=out)
    assert "1 项" in out.getvalue()
    assert Task.objects.inbox(xihu_reporter).filter(kind=rules.TASK_EXPIRY).count() == 1
