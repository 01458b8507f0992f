"""The trail reads as a clerk would write it: field labels, the import that made a change,
the system named as such; and it is in the menu of those who may read it."""

from __future__ import annotations

from django.db import transaction

from jiguan.audit.models import AuditEvent
from jiguan.audit.record import record
from jiguan.conftest import Cast
from jiguan.orgs.actions import agency_update


def test_a_change_is_shown_with_the_field_label_not_its_code_name(cast: Cast) -> None:
    agency_update(agency=cast.xihu_agency, data={"authorized_headcount": 70},
                  actor=cast.province_admin)
    event = AuditEvent.objects.filter(event_type="orgs.agency.updated").latest("pk")
    assert ("编制数", event.changes["authorized_headcount"][0], 70) in event.change_rows
    page = cast.client("province_admin").get(
        f"/orgs/agencies/{cast.xihu_agency.pk}/").content.decode()
    assert "编制数：<del>" in page
    assert "authorized_headcount" not in page
    trail = cast.client("province_admin").get("/audit/").content.decode()
    assert "编制数：<del>" in trail


def test_system_events_and_import_jobs_are_named(cast: Cast) -> None:
    with transaction.atomic():
        event = record(actor=None, event="orgs.agency.updated", target=cast.xihu_agency,
                       changes={"name": ["甲", "乙"]}, extra={"import_job": 12})
    assert event.actor_label == "系统（自动）"
    assert event.source_label == "导入批次 #12"
    assert event.change_rows == [("单位名称", "甲", "乙")]
    page = cast.client("province_admin").get(
        f"/orgs/agencies/{cast.xihu_agency.pk}/").content.decode()
    assert "导入批次 #12" in page
    assert "系统（自动）" in page


def test_an_unknown_target_type_keeps_the_field_names(cast: Cast) -> None:
    with transaction.atomic():
        event = record(actor=cast.province_admin, event="x.y", changes={"foo": [1, 2]})
    assert event.change_rows == [("foo", 1, 2)]


def test_the_trail_is_in_the_menu_of_those_who_read_it_only(cast: Cast) -> None:
    link = 'href="/audit/"'
    assert link in cast.client("auditor").get("/").content.decode()
    assert link in cast.client("auditadmin").get("/audit/").content.decode()
    assert link not in cast.client("hangzhou").get("/").content.decode()
    assert link not in cast.client("sysadmin").get("/").content.decode()
