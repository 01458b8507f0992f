"""One ledger: per-vehicle entries, charges by the rates, monthly statements that reconcile
(a mismatch is shown), issuing, running costs, statistics; pages, exports, API, scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jiguan.travel.ledger import actions, queries
from jiguan.travel.ledger.models import Charge, CostEntry, Statement
from jiguan.travel.tests.fixtures import DAY, Travel, at

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


def test_statement_reconciles_and_a_mismatch_is_shown(travel: Travel) -> None:
    travel.closed(km=30)
    travel.closed(km=10, vehicle=travel.car, start=at(DAY, 13), end=at(DAY, 17))
    rows = queries.statements(travel.cast.province_admin, JUNE)
    assert len(rows) == 1
    row = rows[0]
    assert row["trips"] == 2 and row["km"] == 40 and row["ok"]
    assert row["costs"] == row["entries"] == Decimal("65.00")  # 2 x (12.50 + 15 + 5)
    assert row["amount"] == sum(c.amount for c in Charge.objects.all())
    ledger = queries.vehicle_ledger(travel.ev, 2026)
    assert ledger["ok"] and ledger["trip_entries"] == Decimal("32.50") and ledger["km"] == 30
    st = actions.statement_issue(agency=travel.cast.xihu_agency, month=JUNE,
                                 actor=travel.cast.xihu)
    assert st.amount == row["amount"] and st.trips == 2
    with pytest.raises(ValidationError):
        actions.statement_issue(agency=travel.cast.xihu_agency, month=JUNE,
                                actor=travel.cast.xihu)
    # A cost entry of a trip changed behind the ledger's back is shown, not hidden.
    entry = CostEntry.objects.filter(vehicle=travel.ev, kind="toll").get()
    CostEntry.objects.filter(pk=entry.pk).update(amount=Decimal("16"))
    row = queries.statements(travel.cast.province_admin, JUNE)[0]
    assert not row["ok"] and "不符" in row["problems"][0]
    assert not queries.vehicle_ledger(travel.ev, 2026)["ok"]
    Charge.objects.filter(vehicle=travel.car).update(amount=Decimal("1"))
    row = queries.statements(travel.cast.province_admin, JUNE)[0]
    assert any("已出结算单金额" in p for p in row["problems"])
    page = travel.cast.client("xihu").get("/travel/statements/?month=2026-06").content.decode()
    assert 'data-testid="mismatch"' in page


def test_statement_refusals(travel: Travel) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.statement_issue(agency=travel.cast.xihu_agency, month=JUNE, actor=None)
    assert "没有用车记录" in exc.value.message_dict["month"][0]
    with pytest.raises(ValidationError) as exc:
        actions.statement_issue(agency=travel.cast.xihu_agency, month=dt.date.today(),
                                actor=None)
    assert "尚未结束" in exc.value.message_dict["month"][0]
    assert not Statement.objects.exists()


def test_costs_running_costs_and_statistics(travel: Travel) -> None:
    travel.closed(km=40)
    with pytest.raises(ValidationError) as exc:
        actions.cost_create(vehicle=travel.ev, kind="maintenance", date=DAY,
                            amount=Decimal("-1"), actor=None)
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError):
        actions.cost_create(vehicle=travel.ev, kind="maintenance", date=dt.date(2020, 1, 1),
                            amount=Decimal("1"), actor=None)
    actions.cost_create(vehicle=travel.ev, kind="maintenance", date=DAY,
                        amount=Decimal("367.50"), actor=None)
    ledger = queries.vehicle_ledger(travel.ev, 2026)
    assert ledger["total"] == Decimal("400.00") and ledger["per_km"] == Decimal("10.00")
    assert ledger["ok"]  # the maintenance has no trip: it is not part of the reconciliation
    rows = queries.running_costs(travel.cast.province_admin, 2026)
    assert [(r["agency"], r["total"]) for r in rows] == [
        (travel.cast.xihu_agency, Charge.objects.get().amount)]
    stats = queries.statistics(travel.cast.xihu, JUNE, dt.date(2026, 6, 30))
    rows = queries.vehicle_stats(queries.stats_vehicles(travel.cast.xihu), JUNE,
                                 dt.date(2026, 6, 30))
    by_plate = {r["vehicle"].plate: r for r in rows}
    assert by_plate["浙A·T0001"]["days"] == 1 and by_plate["浙A·T0001"]["km"] == 40
    assert stats["working_days"] == 21  # June 2026: 22 weekdays less 端午 (19 June)
    assert stats["total"] == 2 and stats["nev"] == 1 and stats["nev_share"] == 50
    assert stats["agencies"] == [{"agency__name": travel.cast.xihu_agency.name, "n": 1}]


def test_pages_exports_api(travel: Travel) -> None:
    trip = travel.closed()
    c = travel.cast.client("xihu")
    agency = travel.cast.xihu_agency.pk
    for url in ("/travel/statements/", "/travel/statements/?month=2026-06",
                "/travel/statements/?month=nonsense", f"/travel/statements/{agency}/2026-06/",
                f"/travel/vehicles/{travel.ev.pk}/ledger/?year=2026",
                f"/travel/vehicles/{travel.ev.pk}/ledger/?year=x",
                f"/travel/vehicles/{travel.ev.pk}/costs/new/", "/travel/rates/",
                "/travel/rates/new/", "/travel/running-costs/?year=2026",
                "/travel/running-costs/?year=1", "/travel/statistics/?month=2026-06",
                f"/travel/trips/{trip.pk}/"):
        assert c.get(url).status_code == 200, url
    page = c.get(f"/travel/statements/{agency}/2026-06/").content.decode()
    assert 'data-testid="reconciled"' in page and trip.slip_no in page
    for url in ("/travel/statements/export.xlsx?month=2026-06",
                "/travel/running-costs/export.xlsx?year=2026"):
        r = c.get(url)
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd"), url
    r = c.post(f"/travel/statements/{agency}/2026-06/issue/")
    assert r.status_code == 302 and Statement.objects.count() == 1
    r = c.post(f"/travel/vehicles/{travel.ev.pk}/costs/new/", {
        "kind": "insurance", "date": "2026-06-01", "amount": "-5"})
    assert r.status_code == 422
    api = c.get("/api/v1/travel/ledger/statements?month=2026-06").json()
    assert api[0]["ok"] and Decimal(api[0]["issued_amount"]) == Decimal(api[0]["amount"])
    assert c.get(f"/api/v1/travel/ledger/vehicles/{travel.ev.pk}?year=2026").json()["ok"]
    assert c.get("/api/v1/travel/ledger/running-costs?year=1999").status_code == 422
    r = c.post(f"/api/v1/travel/ledger/vehicles/{travel.ev.pk}/costs",
               {"kind": "insurance", "date": "2026-06-01", "amount": "3000"},
               content_type="application/json")
    assert r.status_code == 201


def test_scope(travel: Travel) -> None:
    travel.closed()
    agency = travel.cast.xihu_agency.pk
    for who in ("ningbo_reporter", "outsider"):
        c = travel.cast.client(who)
        assert c.get(f"/travel/statements/{agency}/2026-06/").status_code == 404
        assert c.post(f"/travel/statements/{agency}/2026-06/issue/").status_code == 404
    n = travel.cast.client("ningbo_reporter")
    assert n.get("/api/v1/travel/ledger/statements?month=2026-06").json() == []
    assert n.get("/api/v1/travel/ledger/running-costs?year=2026").json() == []
    assert "没有已回场" in n.get("/travel/statements/?month=2026-06").content.decode()
    # An agency reporter sees its own agency's statement but may not issue it.
    r = travel.client("requester").post(f"/travel/statements/{agency}/2026-06/issue/")
    assert r.status_code == 403 and not Statement.objects.exists()
