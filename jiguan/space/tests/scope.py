"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py).

The objects are made here, inside the url lambdas (the cast fixture knows no buildings): a
Xihu building with office 301 allocated to the Xihu agency, and a Ningbo building with
office 501 allocated to the Ningbo agency. A bureau sees the buildings of its regions; an
agency reporter sees only the buildings where its agency has a current allocation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building, Floor, Occupancy, Room


def _all(code: int, **overrides: int) -> dict[str, int]:
    base = dict.fromkeys(("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor"),
                         code)
    base["outsider"] = 403
    base.update(overrides)
    return base


XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 404}
# Agency reporters seat their own people in their agency's rooms.
NINGBO_SEAT = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 302,
               "auditor": 403, "outsider": 404}


def _building_with_room(code: str, region_code: str, agency: Agency, room_number: str,
                        floor_number: int) -> Room:
    """A building with one office allocated to `agency` (idempotent: url and data lambdas
    may both ask)."""
    building, _ = Building.objects.get_or_create(
        code=code, defaults={"name": f"{agency.name}办公楼",
                             "region": Region.objects.get(code=region_code),
                             "building_area": Decimal("3000"), "floors_above": 6,
                             "owner": "测试机关事务管理局"})
    floor, _ = Floor.objects.get_or_create(building=building, number=floor_number)
    room, created = Room.objects.get_or_create(
        building=building, number=room_number,
        defaults={"floor": floor, "use_class": "office", "usable_area": Decimal("18")})
    if created:
        Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))
    return room


def _xihu_room(c: Cast) -> Room:
    return _building_with_room("XH-0001", "330106", c.xihu_agency, "301", 3)


def _xihu_building(c: Cast) -> Building:
    return _xihu_room(c).building


def _ningbo_room(c: Cast) -> Room:
    return _building_with_room("NB-0001", "330203", c.ningbo_agency, "501", 5)


def _building_form(c: Cast) -> dict[str, Any]:
    b = _xihu_building(c)
    return {"code": b.code, "name": "西湖区行政中心", "address": "", "region": b.region_id,
            "latitude": "", "longitude": "", "property_cert_no": "", "land_cert_no": "",
            "cert_issued_on": "", "owner": "", "registration_status": "unregistered",
            "filing_reason": "", "land_area": "", "building_area": "3000",
            "cert_building_area": "", "floors_above": 6, "floors_below": 0, "year_built": "",
            "structure": "frame", "building_type": "multi", "book_value": "",
            "asset_card_no": "", "use": "office"}


SCOPE_MATRIX = [
    Endpoint("space:building_list", "GET", lambda c: reverse("space:building_list"),
             _all(200)),
    Endpoint("space:building_export", "GET", lambda c: reverse("space:building_export"),
             _all(200)),
    Endpoint("space:building_create", "GET", lambda c: reverse("space:building_create"),
             _all(200, ningbo_reporter=403, auditor=403)),
    Endpoint("space:building_detail(xihu)", "GET",
             lambda c: reverse("space:building_detail", args=[_xihu_building(c).pk]),
             XIHU_READ),
    Endpoint("space:building_detail(ningbo)", "GET",
             lambda c: reverse("space:building_detail", args=[_ningbo_room(c).building_id]),
             NINGBO_READ),
    Endpoint("space:building_edit(xihu)", "POST",
             lambda c: reverse("space:building_edit", args=[_xihu_building(c).pk]),
             XIHU_WRITE, data=_building_form),
    Endpoint("space:floor(xihu)", "GET",
             lambda c: reverse("space:floor", args=[_xihu_building(c).pk, 3]), XIHU_READ),
    Endpoint("space:room_create(xihu)", "GET",
             lambda c: reverse("space:room_create", args=[_xihu_building(c).pk]),
             {**XIHU_READ, "auditor": 403}),
    Endpoint("space:room_list", "GET", lambda c: reverse("space:room_list"), _all(200)),
    Endpoint("space:room_export", "GET", lambda c: reverse("space:room_export"), _all(200)),
    Endpoint("space:room_detail(xihu)", "GET",
             lambda c: reverse("space:room_detail", args=[_xihu_room(c).pk]), XIHU_READ),
    Endpoint("space:room_detail(ningbo)", "GET",
             lambda c: reverse("space:room_detail", args=[_ningbo_room(c).pk]), NINGBO_READ),
    Endpoint("space:occupancy_start(xihu)", "POST",
             lambda c: reverse("space:occupancy_start", args=[_xihu_room(c).pk]), XIHU_WRITE,
             data=lambda c: {"agency_credit_code": c.xihu_agency.credit_code,
                             "start_date": "2025-01-01"}),
    Endpoint("space:occupant_start(xihu)", "POST",
             lambda c: reverse("space:occupant_start", args=[_xihu_room(c).pk]), XIHU_WRITE,
             data=lambda c: {"person": c.xihu_person.pk, "start_date": "2025-01-01"}),
    Endpoint("space:occupant_start(ningbo)", "POST",
             lambda c: reverse("space:occupant_start", args=[_ningbo_room(c).pk]), NINGBO_SEAT,
             data=lambda c: {"person": c.ningbo_person.pk, "start_date": "2025-01-01"}),
]

from jiguan.space.tests.scope_compliance import COMPLIANCE_MATRIX  # noqa: E402
from jiguan.space.tests.scope_inventory import INVENTORY_MATRIX  # noqa: E402

SCOPE_MATRIX += INVENTORY_MATRIX + COMPLIANCE_MATRIX
SCOPE_MATRIX.append(
    Endpoint("space:api_standards", "GET", lambda c: "/api/v1/space/standards/", _all(200),
             api=True))

from jiguan.space.tests.scope_projects_transfers import PROJECTS_TRANSFERS_MATRIX  # noqa: E402

SCOPE_MATRIX += PROJECTS_TRANSFERS_MATRIX
from jiguan.space.tests.scope_allocation import ALLOCATION_MATRIX  # noqa: E402

SCOPE_MATRIX += ALLOCATION_MATRIX
