"""The demo loads through the actions and its ledger reconciles."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from jiguan.conftest import Cast
from jiguan.travel import demo
from jiguan.travel.ledger import queries
from jiguan.travel.ledger.rules import month_of
from jiguan.travel.trips.models import Trip

pytestmark = pytest.mark.django_db


def test_demo_loads_and_reconciles(cast: Cast) -> None:
    result = demo.load(seed=1, days=8)
    assert result.platforms == 3 and result.vehicles == 18
    assert result.trips == Trip.objects.filter(status="closed").count() > 0
    for month in {month_of(t.actual_end.date()) for t in Trip.objects.filter(status="closed")}:
        assert all(r["ok"] for r in queries.statements(cast.province_admin, month))
    call_command("travel_demo", "--seed", "1")  # a second run leaves the data alone
    assert Trip.objects.filter(status="closed").count() == result.trips
