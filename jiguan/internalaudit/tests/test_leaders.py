"""Leaders' terms and the departing leader's audit taken from the people register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.internalaudit.leaders import actions, queries
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.internalaudit.tests import fixtures as fx
from jiguan.orgs.actions import person_set_status
from jiguan.orgs.models import PersonStatus
from jiguan.orgs.signals import org_changed
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db


def test_retirement_in_the_register_ends_the_term_and_makes_the_audit_due(cast: Cast) -> None:
    term = fx.term(cast)
    person_set_status(person=cast.xihu_person, status=PersonStatus.RETIRED,
                      date=dt.date(2026, 5, 31), actor=cast.xihu)
    term.refresh_from_db()
    assert term.end_date == dt.date(2026, 5, 31)
    assert term.end_reason == "retired"
    due = list(queries.departures_due(fx.auditor_user()))
    assert due == [term]
    task = Task.objects.get(kind=actions.TASK_KIND)
    assert task.subject_id == str(term.pk) and task.assignee_role == "internal_auditor"
    assert task.due_date == dt.date(2026, 5, 31) + dt.timedelta(days=180)
    assert AuditEvent.objects.filter(event_type="internalaudit.term.ended",
                                     target_id=str(term.pk)).count() == 1


def test_without_the_receiver_the_register_change_is_not_seen(cast: Cast) -> None:
    """The link is the `org_changed` receiver: disconnected, the term stays open."""
    term = fx.term(cast)
    assert org_changed.disconnect(dispatch_uid="internalaudit.leaders.org_changed")
    try:
        person_set_status(person=cast.xihu_person, status=PersonStatus.TRANSFERRED,
                          date=dt.date(2026, 5, 31), actor=cast.xihu)
    finally:
        org_changed.connect(actions.on_org_changed,
                            dispatch_uid="internalaudit.leaders.org_changed")
    term.refresh_from_db()
    assert term.end_date is None
    assert not Task.objects.filter(kind=actions.TASK_KIND).exists()


def test_a_transfer_elsewhere_leaves_other_terms_alone(cast: Cast) -> None:
    xihu = fx.term(cast)
    ningbo = fx.term(cast, person=cast.ningbo_person, post="主任")
    person_set_status(person=cast.ningbo_person, status=PersonStatus.TRANSFERRED,
                      date=dt.date(2026, 4, 1), actor=cast.province_admin)
    xihu.refresh_from_db()
    ningbo.refresh_from_db()
    assert xihu.end_date is None
    assert (ningbo.end_date, ningbo.end_reason) == (dt.date(2026, 4, 1), "transferred")


def test_setting_up_the_audit_closes_the_to_do_and_the_due_entry(cast: Cast) -> None:
    term = fx.term(cast)
    person_set_status(person=cast.xihu_person, status=PersonStatus.RETIRED,
                      date=dt.date(2026, 5, 31), actor=cast.xihu)
    term.refresh_from_db()
    fx.project(cast, cast.xihu_agency, kind="economic", term=term)
    assert not queries.departures_due(fx.auditor_user()).exists()
    assert Task.objects.get(kind=actions.TASK_KIND).done_at is not None


def test_term_refusals(cast: Cast) -> None:
    fx.term(cast)
    with pytest.raises(ValidationError, match="已有在任的任职记录"):
        fx.term(cast)
    person_set_status(person=cast.ningbo_person, status=PersonStatus.RETIRED,
                      date=dt.date(2026, 1, 1), actor=cast.province_admin)
    with pytest.raises(ValidationError, match="不能登记为在任领导干部"):
        fx.term(cast, person=cast.ningbo_person)
    term = LeaderTerm.objects.get()
    with pytest.raises(ValidationError, match="离任日期不能早于任职起始日期"):
        actions.leader_term_end(term=term, date=dt.date(2019, 1, 1), reason="retired",
                                actor=cast.province_admin)
    assert LeaderTerm.objects.get().end_date is None


def test_term_pages(cast: Cast) -> None:
    client = cast.client("province_admin")
    response = client.post(reverse("internalaudit:term_create"), {
        "person": cast.xihu_person.pk, "post": "局长", "start_date": "2021-01-05"})
    assert response.status_code == 302
    term = LeaderTerm.objects.get()
    response = client.post(reverse("internalaudit:term_end", args=[term.pk]),
                           {"end_date": "2020-01-01", "end_reason": "retired"})
    assert response.status_code == 422
    assert "离任日期不能早于任职起始日期" in response.content.decode()
    response = client.post(reverse("internalaudit:term_end", args=[term.pk]),
                           {"end_date": "2026-03-01", "end_reason": "post_changed"})
    assert response.status_code == 302
    page = client.get(reverse("internalaudit:term_list") + "?state=due").content.decode()
    assert "张三" in page and "离任待审计" in page
