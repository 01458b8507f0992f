"""Two approvals can never give the same room: two threads, each on its own database
connection, approve two cases proposing the same room at the same moment. The room rows
are locked (SELECT ... FOR UPDATE) by allocation_approve, so the second waits for the first
to commit, then sees its occupancy and is refused.

PostgreSQL only: SQLite has no row locks (it serialises whole-database writes, so the test
would prove nothing about the lock). Run it with DATABASE_URL=postgres://...
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jiguan.access.models import Region
from jiguan.access.regions.load import load_province
from jiguan.conftest import build_cast
from jiguan.energy.coefficients_data import seed_builtin_sets
from jiguan.energy.models import CoefficientSet
from jiguan.space.allocation import actions
from jiguan.space.allocation.models import AllocationCase, AllocationStatus
from jiguan.space.register.models import Building, Floor, Occupancy, Room

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (SQLite locks the whole database); "
           "run with DATABASE_URL=postgres://...")


@pytest.fixture
def restored(django_db_blocker: Any) -> Iterator[None]:
    """Set up before ``transactional_db`` (so torn down after its flush): lets the flush
    TRUNCATE the audit table in this throwaway database, then puts back the region tree and
    the built-in coefficient sets for the tests that run after this one."""
    with django_db_blocker.unblock(), connection.cursor() as cur:
        cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate")
    yield
    with django_db_blocker.unblock():
        load_province("330000")
        seed_builtin_sets(CoefficientSet)
        with connection.cursor() as cur:
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_truncate")


def test_concurrent_approvals_of_one_room(restored: None, transactional_db: Any) -> None:
    load_province("330000")
    cast = build_cast()
    building = Building.objects.create(code="XH-RACE", name="西湖区行政中心",
                                       building_area=Decimal("3000"), floors_above=5,
                                       region=Region.objects.get(code="330106"))
    floor = Floor.objects.create(building=building, number=3)
    room = Room.objects.create(building=building, floor=floor, number="301",
                               use_class="office", usable_area=Decimal("18"))
    cases = [
        actions.allocation_propose(agency=cast.xihu_agency, rooms=[room], reason="甲",
                                   actor=cast.xihu),
        actions.allocation_propose(agency=cast.hangzhou_agency, rooms=[room], reason="乙",
                                   actor=cast.hangzhou),
    ]
    actors = [cast.xihu, cast.hangzhou]
    barrier = threading.Barrier(2)
    results: list[str] = ["", ""]

    def approve(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            actions.allocation_approve(case=cases[i], start_date=dt.date.today(),
                                       actor=actors[i])
            results[i] = "approved"
        except ValidationError as exc:
            results[i] = "refused: " + "；".join(exc.messages)
        except Exception as exc:  # reported in the assertion below
            results[i] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(r.split(":")[0] for r in results) == ["approved", "refused"], results
    refused = next(r for r in results if r.startswith("refused"))
    assert "不能批准" in refused
    assert Occupancy.objects.filter(room=room).count() == 1
    statuses = sorted(AllocationCase.objects.values_list("status", flat=True))
    assert statuses == sorted([AllocationStatus.APPROVED, AllocationStatus.REVIEWED])
    assert AllocationCase.objects.exclude(certificate_no=None).count() == 1
