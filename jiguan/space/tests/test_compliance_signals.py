"""Findings follow the people too (docs/adr/0004, user guide): orgs' ``org_changed`` queues the
recompute of the county's findings after the write commits, as a register change does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from jiguan.conftest import Cast
from jiguan.orgs import actions as org_actions
from jiguan.orgs.models import Person, PersonStatus
from jiguan.orgs.signals import org_changed
from jiguan.space.compliance import actions
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus
from jiguan.space.register.models import Room
from jiguan.space.tests.test_compliance import building, room, seat


def _office(cast: Cast) -> Room:
    """张三, 正科级 in a county organ (18 m²), in an 18 m² office: compliant."""
    r = room(building(), 18, agency=cast.xihu_agency)
    seat(r, cast.xihu_person)
    actions.sync(actor=cast.xihu)
    assert not Finding.objects.filter(room=r).exists()
    return r


def test_a_rank_change_makes_an_office_over_standard_and_a_finding_appears(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    office = _office(cast)
    with django_capture_on_commit_callbacks(execute=True):
        org_actions.person_update(person=cast.xihu_person, data={"rank": "below_section"},
                                  actor=cast.xihu)
    # 科级以下 in a county organ: 9 m² of the 18.
    finding = Finding.objects.get(kind=FindingKind.OVER_STANDARD, room=office)
    assert finding.status == FindingStatus.OPEN and finding.measure == Decimal("9.00")

    with django_capture_on_commit_callbacks(execute=True):
        org_actions.person_update(person=cast.xihu_person, data={"rank": "section_head"},
                                  actor=cast.xihu)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.FIXED


def test_a_person_who_retired_long_ago_and_kept_the_office_is_found(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    _office(cast)
    with django_capture_on_commit_callbacks(execute=True):
        org_actions.person_set_status(person=Person.objects.get(pk=cast.xihu_person.pk),
                                      status=PersonStatus.RETIRED,
                                      date=dt.date.today() - dt.timedelta(days=60),
                                      actor=cast.xihu)
    [finding] = Finding.objects.filter(kind=FindingKind.LEFT_NOT_VACATED)
    assert finding.person_id == cast.xihu_person.pk and finding.status == FindingStatus.OPEN


def test_org_changed_queues_each_county_once_per_transaction(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    """The orgs importer sends the signal once per region it touched: each call only notes the
    county; one on-commit callback enqueues them all."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for _ in range(50):
            org_changed.send(sender=Person, region_path="/330000/330100/330106/",
                             actor=cast.xihu)
        org_changed.send(sender=Person, region_path="/330000/330200/330203/", actor=cast.xihu)
    assert len(callbacks) == 1
