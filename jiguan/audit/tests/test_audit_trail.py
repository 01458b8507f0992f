from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from jiguan.audit.models import AppendOnlyError, AuditEvent
from jiguan.audit.record import record
from jiguan.conftest import Cast
from jiguan.orgs import actions


def test_every_write_is_audited_with_old_and_new_values(cast: Cast) -> None:
    actions.agency_update(agency=cast.xihu_agency, data={"authorized_headcount": 80},
                          actor=cast.xihu)
    event = AuditEvent.objects.get(event_type="orgs.agency.updated")
    assert event.changes == {"authorized_headcount": [50, 80]}
    assert event.actor == cast.xihu
    assert event.region_path == "/330000/330100/330106/"
    assert event.target_repr == "杭州市西湖区测试局"


def test_an_unchanged_save_writes_nothing(cast: Cast) -> None:
    changes = actions.agency_update(agency=cast.xihu_agency, data={"authorized_headcount": 50},
                                    actor=cast.xihu)
    assert changes == {}
    assert not AuditEvent.objects.filter(event_type="orgs.agency.updated").exists()


def test_a_failed_write_leaves_no_audit_row(cast: Cast) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.agency_update(agency=cast.xihu_agency, data={"credit_code": "123"},
                              actor=cast.xihu)
    assert not AuditEvent.objects.filter(event_type="orgs.agency.updated").exists()



@pytest.mark.django_db
def test_record_outside_a_transaction_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-django wraps each test in a transaction; pretend we are outside of it.
    from django.db import connections

    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    with pytest.raises(RuntimeError, match="transaction"):
        record(actor=None, event="test.event")


def test_the_application_cannot_change_or_delete_events(cast: Cast) -> None:
    with transaction.atomic():
        event = record(actor=cast.xihu, event="test.event")
    event.event_type = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(event_type="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_postgresql_rejects_update_and_delete_in_sql(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only (SQLite relies on the model guard)")
    with transaction.atomic():
        event = record(actor=cast.xihu, event="test.event")
    for sql in ("UPDATE audit_auditevent SET event_type = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cur:
            cur.execute(sql, [event.pk])


def test_postgresql_rejects_truncate_of_the_audit_table(cast: Cast) -> None:
    """docs/deployment.md: a trigger rejects UPDATE, DELETE and TRUNCATE."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only (SQLite relies on the model guard)")
    with transaction.atomic():
        record(actor=cast.xihu, event="test.event")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cur:
        cur.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(event_type="test.event").exists()


def test_the_auditor_sees_events_of_their_region_only(cast: Cast) -> None:
    from jiguan.access.models import Grant, Region

    actions.agency_update(agency=cast.xihu_agency, data={"authorized_headcount": 81},
                          actor=cast.xihu)
    actions.agency_update(agency=cast.ningbo_agency, data={"authorized_headcount": 82},
                          actor=cast.province_admin)
    Grant.objects.filter(user=cast.auditor).update(region=Region.objects.get(code="330200"))
    cast.auditor.__dict__.pop("_scope_cache", None)
    visible = AuditEvent.objects.visible_to(cast.auditor).filter(
        event_type="orgs.agency.updated")
    assert [e.target_repr for e in visible] == ["宁波市海曙区测试局"]


def test_the_audit_administrator_sees_platform_events(cast: Cast) -> None:
    with transaction.atomic():
        record(actor=cast.sysadmin, event="access.user.created")
    assert AuditEvent.objects.visible_to(cast.auditadmin).filter(
        event_type="access.user.created").exists()
    assert not AuditEvent.objects.visible_to(cast.auditor).filter(
        event_type="access.user.created").exists()


def test_the_audit_page_filters_and_exports(cast: Cast) -> None:
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    actions.agency_update(agency=cast.xihu_agency, data={"authorized_headcount": 81},
                          actor=cast.xihu)
    client = cast.client("auditor")
    page = client.get("/audit/", {"event_type": "orgs.agency.updated"})
    assert page.status_code == 200 and "杭州市西湖区测试局" in page.content.decode()
    response = client.get("/audit/export.xlsx", {"event_type": "orgs.agency.updated"})
    rows = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))
                                          ).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "审计日志"
    assert "修改单位" in rows[1][0]
    assert [r[5] for r in rows[3:]] == ["杭州市西湖区测试局"]
