"""统一调配 and 腾退移交 endpoints for the scope matrix (jiguan/core/tests/test_scope_matrix.py).

Objects are made inside the url lambdas (memoised per test on the cast): a Ningbo building
with a vacant office N-701 and an office N-702 the Ningbo agency uses; a Ningbo application
(待审核), a Ningbo application approved with N-701, and a Ningbo return of N-702 (待腾退).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.space.allocation import actions as alloc
from jiguan.space.allocation.models import AllocationCase
from jiguan.space.register.models import Building, Floor, Occupancy, Room
from jiguan.space.returns import actions as returns
from jiguan.space.returns.models import ReturnCase

NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 404}
BUREAU_WRITE = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 403,
                "auditor": 403, "outsider": 404}
AGENCY_WRITE = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 302,
                "auditor": 403, "outsider": 404}
LIST = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
        "auditor": 200, "outsider": 403}
APPLY = {**LIST, "auditor": 403}


def _rooms(c: Cast) -> tuple[Room, Room]:
    b, _ = Building.objects.get_or_create(
        code="NB-ALLOC", defaults={"name": "海曙区行政中心", "building_area": Decimal("3000"),
                                   "region": Region.objects.get(code="330203"),
                                   "floors_above": 8})
    floor, _ = Floor.objects.get_or_create(building=b, number=7)
    vacant, _ = Room.objects.get_or_create(building=b, number="N-701", defaults={
        "floor": floor, "use_class": "office", "usable_area": Decimal("9")})
    used, made = Room.objects.get_or_create(building=b, number="N-702", defaults={
        "floor": floor, "use_class": "office", "usable_area": Decimal("30")})
    if made:
        Occupancy.objects.create(room=used, agency=c.ningbo_agency,
                                 start_date=dt.date(2024, 1, 1))
    return vacant, used


def _memo(c: Cast, key: str, make: Any) -> Any:
    found = getattr(c, key, None)
    if found is None:
        found = make()
        setattr(c, key, found)
    return found


def _submitted(c: Cast) -> AllocationCase:
    return _memo(c, "_alloc_submitted", lambda: alloc.allocation_apply(
        agency=c.ningbo_agency, reason="新增编制", people=[c.ningbo_person],
        actor=c.province_admin))


def _approved(c: Cast) -> AllocationCase:
    def make() -> AllocationCase:
        vacant, _ = _rooms(c)
        case = alloc.allocation_propose(agency=c.ningbo_agency, rooms=[vacant],
                                        reason="调剂", actor=c.province_admin)
        return alloc.allocation_approve(case=case, actor=c.province_admin)
    return _memo(c, "_alloc_approved", make)


def _return(c: Cast) -> ReturnCase:
    def make() -> ReturnCase:
        _, used = _rooms(c)
        return returns.return_open(agency=c.ningbo_agency, reason="over_standard",
                                   rooms=[used], actor=c.province_admin)
    return _memo(c, "_return_open", make)


def _u(name: str, case: Any) -> Any:
    return lambda c: reverse(name, args=[case(c).pk])


ALLOCATION_MATRIX = [
    Endpoint("space_allocation:case_list", "GET", lambda c: reverse(
        "space_allocation:case_list"), LIST),
    Endpoint("space_allocation:case_export", "GET", lambda c: reverse(
        "space_allocation:case_export"), LIST),
    Endpoint("space_allocation:apply", "GET", lambda c: reverse("space_allocation:apply"),
             APPLY),
    Endpoint("space_allocation:case_detail(ningbo)", "GET",
             _u("space_allocation:case_detail", _submitted), NINGBO_READ),
    Endpoint("space_allocation:review(ningbo)", "POST", _u("space_allocation:review", _submitted),
             BUREAU_WRITE, data=lambda c: {"method": "build", "method_reason": "无空置用房"}),
    Endpoint("space_allocation:send_back(ningbo)", "POST",
             _u("space_allocation:send_back", _submitted), BUREAU_WRITE,
             data=lambda c: {"reason": "请补充人员"}),
    Endpoint("space_allocation:finish(ningbo)", "POST", _u("space_allocation:finish", _approved),
             AGENCY_WRITE, data=lambda c: {"note": ""}),
    Endpoint("space_allocation:certificate(ningbo)", "GET",
             _u("space_allocation:certificate", _approved), NINGBO_READ),
    Endpoint("space_allocation:api_case(ningbo)", "GET",
             lambda c: f"/api/v1/space/allocation/cases/{_submitted(c).pk}", NINGBO_READ,
             api=True),
    Endpoint("space_allocation:api_send_back(ningbo)", "POST",
             lambda c: f"/api/v1/space/allocation/cases/{_submitted(c).pk}/send-back",
             {**BUREAU_WRITE, "province_admin": 200}, data=lambda c: {"reason": "请补充"},
             api=True),
    Endpoint("space_returns:case_list", "GET", lambda c: reverse("space_returns:case_list"),
             LIST),
    Endpoint("space_returns:case_export", "GET", lambda c: reverse("space_returns:case_export"),
             LIST),
    Endpoint("space_returns:new(ningbo)", "GET",
             lambda c: reverse("space_returns:new") + f"?agency={c.ningbo_agency.pk}",
             {**BUREAU_WRITE, "province_admin": 200, "outsider": 403}),
    Endpoint("space_returns:case_detail(ningbo)", "GET", _u("space_returns:case_detail", _return),
             NINGBO_READ),
    Endpoint("space_returns:report(ningbo)", "POST", _u("space_returns:report", _return),
             AGENCY_WRITE, data=lambda c: {"note": "已腾空"}),
    Endpoint("space_returns:cancel(ningbo)", "POST", _u("space_returns:cancel", _return),
             BUREAU_WRITE, data=lambda c: {"cancel-reason": "误建"}),
    Endpoint("space_returns:api_case(ningbo)", "GET",
             lambda c: f"/api/v1/space/returns/cases/{_return(c).pk}", NINGBO_READ, api=True),
    Endpoint("space_returns:api_report(ningbo)", "POST",
             lambda c: f"/api/v1/space/returns/cases/{_return(c).pk}/report",
             {**AGENCY_WRITE, "province_admin": 200, "ningbo_reporter": 200},
             data=lambda c: {"note": ""}, api=True),
]
