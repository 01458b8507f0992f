"""Every page and endpoint of a lease or repair answers 404 outside the scope (exactly as a
missing one), and a role without the permission gets 403 on the writes it may see."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.space.leases import actions as lease_actions
from jiguan.space.register.models import Building, Floor, Occupancy, Room
from jiguan.space.repairs import actions as repair_actions
from jiguan.space.repairs import rules as repair_rules
from jiguan.space.repairs.views import STEPS

TODAY = dt.date.today()
LEASE_PAGES = ["", "edit/"]
LEASE_POSTS = ["approve/", "return/", "end/", "edit/"]
LEASE_API = ["resubmit", "approve", "return", "end"]
REPAIR_API = ["resubmit", "approve", "return", "start", "progress", "increase",
              "approve-increase", "reject-increase", "finish", "accept", "reject-acceptance"]


def _objects(c: Cast) -> tuple[int, int]:
    lease = lease_actions.lease_submit(data={
        "agency": c.xihu_agency, "direction": "rent_in", "lessor": "甲", "premises": "乙",
        "area": Decimal(100), "annual_rent": Decimal(1000), "start_date": TODAY,
        "end_date": TODAY + dt.timedelta(days=300), "purpose": "丙", "contract_no": "",
        "approval_doc_no": "西政〔2026〕1号", "approval_date": TODAY,
        "approval_body": "西湖区人民政府"}, actor=c.xihu)
    b = Building.objects.create(code="S-1", name="范围楼", building_area=Decimal(500),
                                region=Region.objects.get(code="330106"))
    room = Room.objects.create(building=b, floor=Floor.objects.create(building=b, number=1),
                               number="101", use_class="office", usable_area=Decimal(18))
    Occupancy.objects.create(room=room, agency=c.xihu_agency, start_date=dt.date(2024, 1, 1))
    repair = repair_actions.repair_submit(data={
        "agency": c.xihu_agency, "building": b, "kind": "medium", "title": "修", "reason": "漏",
        "items": [{"name": "防水", "amount": "1000.00"}], "extension_area": Decimal(0),
        "checklist": [k for k, _ in repair_rules.CHECKLIST]}, actor=c.xihu)
    return lease.pk, repair.pk


@pytest.mark.parametrize("who", ["ningbo_reporter", "outsider"])
def test_out_of_scope_is_404_everywhere(cast: Cast, who: str) -> None:
    lease, repair = _objects(cast)
    client = cast.client(who)
    for tail in LEASE_PAGES:
        assert client.get(f"/space/leases/{lease}/{tail}").status_code == 404, tail
    for tail in LEASE_POSTS:
        assert client.post(f"/space/leases/{lease}/{tail}", {}).status_code == 404, tail
    for tail in ("", "edit/"):
        assert client.get(f"/space/repairs/{repair}/{tail}").status_code == 404, tail
    for name in [*STEPS, "edit"]:
        assert client.post(f"/space/repairs/{repair}/{name}/", {}).status_code == 404, name
    assert client.get(f"/api/v1/space/leases/{lease}").status_code == 404
    assert client.get(f"/api/v1/space/repairs/{repair}").status_code == 404
    for tail in LEASE_API:
        r = client.post(f"/api/v1/space/leases/{lease}/{tail}", "{}",
                        content_type="application/json")
        assert r.status_code == 404, tail
    for tail in REPAIR_API:
        r = client.post(f"/api/v1/space/repairs/{repair}/{tail}", "{}",
                        content_type="application/json")
        assert r.status_code == 404, tail


def test_reader_without_the_permission_gets_403_on_writes(cast: Cast) -> None:
    lease, repair = _objects(cast)
    client = cast.client("auditor")
    assert client.get(f"/space/leases/{lease}/").status_code == 200
    assert client.get(f"/space/repairs/{repair}/").status_code == 200
    for tail in LEASE_POSTS:
        assert client.post(f"/space/leases/{lease}/{tail}", {}).status_code == 403, tail
    for name in STEPS:
        assert client.post(f"/space/repairs/{repair}/{name}/", {}).status_code == 403, name
    for tail in REPAIR_API:
        r = client.post(f"/api/v1/space/repairs/{repair}/{tail}", json.dumps({}),
                        content_type="application/json")
        assert r.status_code == 403, tail
    assert client.get("/space/leases/new/").status_code == 403
    assert client.get("/space/repairs/new/").status_code == 403


def test_an_agency_reporter_may_not_approve_its_own(cast: Cast, **_: Any) -> None:
    from jiguan.access.roles import Role
    from jiguan.conftest import _grant, _user
    lease, repair = _objects(cast)
    user = _user("xihu_reporter")
    _grant(user, Role.AGENCY_REPORTER, agency=cast.xihu_agency)
    from django.test import Client
    client = Client()
    client.force_login(user)
    assert client.get(f"/space/repairs/{repair}/").status_code == 200
    assert client.post(f"/space/leases/{lease}/approve/").status_code == 403
    assert client.post(f"/space/repairs/{repair}/approve/",
                       {"approval_level": "bureau", "approval_doc_no": "x"}).status_code == 403
