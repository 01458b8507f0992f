"""Two dispatchers assigning the same vehicle at the same moment: exactly one succeeds.

Runs on PostgreSQL, where two connections really run at once (the dispatch locks the vehicle
row, so the second waits, then finds the vehicle taken). SQLite serialises every writer on
its one database lock, so the race cannot happen there and the test is skipped."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from jiguan.access.regions.load import load_province
from jiguan.travel.tests.fixtures import DAY, Travel, at
from jiguan.travel.trips import actions
from jiguan.travel.trips.models import Trip, TripStatus
from jiguan.travel.vehicles.data import seed_standards
from jiguan.travel.vehicles.models import VehicleStandard

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs two truly concurrent connections (PostgreSQL); SQLite "
                              "serialises writers, so there is no race to test"),
]


TRUNCATE_GUARD = "audit_event_no_truncate"


def _truncate_guard(enabled: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE audit_auditevent {'ENABLE' if enabled else 'DISABLE'} "
                       f"TRIGGER {TRUNCATE_GUARD}")


@pytest.fixture
def guard_back(django_db_blocker: Any) -> Any:
    """Set up before the transactional database, torn down after its flush: the audit
    table's TRUNCATE guard is on again, and the region tree every test expects is back."""
    yield
    with django_db_blocker.unblock():
        _truncate_guard(True)
        load_province("330000")
        seed_standards(VehicleStandard)


@pytest.fixture
def guard_off() -> Any:
    """Torn down before the flush that ends a transactional test (the flush truncates every
    table, which the append-only audit table refuses)."""
    yield
    _truncate_guard(False)


def test_same_vehicle_two_dispatchers_exactly_one_wins(
        guard_back: None, transactional_db: None, guard_off: None, travel: Travel) -> None:
    first = travel.approved(start=at(DAY, 9), end=at(DAY, 12))
    second = travel.approved(start=at(DAY, 10), end=at(DAY, 13))
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def dispatch(trip: Trip, driver: Any, actor: Any) -> None:
        try:
            barrier.wait(timeout=10)
            actions.trip_dispatch(trip=trip, vehicle=travel.ev, driver=driver, actor=actor)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatch, args=(first, travel.driver, travel.dispatcher)),
               threading.Thread(target=dispatch,
                                args=(second, travel.driver2, travel.cast.province_admin))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("ok") == 1, outcomes
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1 and "已派出" in refused[0].message_dict["vehicle"][0]
    assert Trip.objects.filter(vehicle=travel.ev, status=TripStatus.DISPATCHED).count() == 1
