"""The yearly inventory's endpoints for the scope matrix (jiguan/core/tests/test_scope_matrix.py).

The lead adds INVENTORY_MATRIX to this app's SCOPE_MATRIX. Objects are made inside the url
lambdas (once per test, memoised on the cast): a Xihu building whose office X-101 is
allocated to the Xihu agency, a Ningbo building whose office N-301 is allocated to the Ningbo
agency, a Xihu campaign opened by the Xihu bureau and a province campaign opened by the
province admin.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.orgs.models import Agency
from jiguan.space.inventory import actions, queries
from jiguan.space.inventory.excel import declaration_workbook
from jiguan.space.inventory.models import Campaign, CampaignAgency
from jiguan.space.register.models import Building, Floor, Occupancy, Room

XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
# Reviewing and closing: CHANGE_SPACE over the campaign's region.
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 404}
# Uploading: CHANGE_OCCUPANTS at the agency (its reporter, or a bureau over it).
NINGBO_UPLOAD = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 302,
                 "auditor": 403, "outsider": 404}
LIST = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
        "auditor": 200, "outsider": 403}
OPEN = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 403,
        "auditor": 403, "outsider": 403}


def _room(agency: Agency, region: str, code: str, number: str) -> None:
    b = Building.objects.create(code=code, name=f"{code}办公楼", building_area=Decimal("800"),
                                region=Region.objects.get(code=region), floors_above=5)
    floor = Floor.objects.create(building=b, number=3)
    room = Room.objects.create(building=b, floor=floor, number=number, use_class="office",
                               usable_area=Decimal("18"))
    Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))


def _memo(c: Cast, name: str, make: Any) -> Any:
    cache: dict[str, Any] = c.__dict__.setdefault("_inventory_scope", {})
    if name not in cache:
        cache[name] = make()
    return cache[name]


def _register(c: Cast) -> None:
    def make() -> bool:
        _room(c.xihu_agency, "330106", "X-SCOPE", "101")
        _room(c.ningbo_agency, "330203", "N-SCOPE", "301")
        return True
    _memo(c, "register", make)


def _xihu_campaign(c: Cast) -> Campaign:
    _register(c)
    return _memo(c, "xihu", lambda: actions.campaign_open(
        year=dt.date.today().year, region=Region.objects.get(code="330106"),
        deadline=dt.date.today() + dt.timedelta(days=30), actor=c.xihu))


def _closed_xihu_campaign(c: Cast) -> Campaign:
    campaign = _xihu_campaign(c)
    if campaign.is_open:
        campaign = actions.campaign_close(campaign=campaign, actor=c.xihu, force=True,
                                            reason="范围测试")
        c.__dict__["_inventory_scope"]["xihu"] = campaign
    return campaign


def _xihu_row(c: Cast, *, submitted: bool = False) -> CampaignAgency:
    ca = _xihu_campaign(c).agencies.get(agency=c.xihu_agency)
    if submitted and ca.status == "pending":
        rows = [{**r, "usable_area": str(r["usable_area"])}
                for r in queries.register_rows(ca.agency)]
        ca = actions.declaration_submit(ca=ca, rows=rows, filename="x.xlsx", actor=c.xihu)
    return ca


# The Xihu agency already takes part: bureaus get the form back with that message (422).
XIHU_ADD = {**XIHU_WRITE, "province_admin": 422, "hangzhou": 422, "xihu": 422}


def _xihu_confirmed_row(c: Cast) -> CampaignAgency:
    ca = _xihu_row(c, submitted=True)
    if ca.status == "submitted":
        ca = actions.declaration_confirm(ca=ca, actor=c.xihu)
    return ca


def _ningbo_row(c: Cast) -> CampaignAgency:
    _register(c)
    campaign = _memo(c, "province", lambda: actions.campaign_open(
        year=dt.date.today().year, region=Region.objects.get(code="330000"),
        deadline=dt.date.today() + dt.timedelta(days=30), actor=c.province_admin))
    return campaign.agencies.get(agency=c.ningbo_agency)


def _open_data(c: Cast) -> dict[str, Any]:
    _register(c)
    return {"year": dt.date.today().year, "region": Region.objects.get(code="330106").pk,
            "deadline": (dt.date.today() + dt.timedelta(days=30)).isoformat(), "note": ""}


def _upload_data(c: Cast) -> dict[str, Any]:
    ca = _ningbo_row(c)
    data = declaration_workbook(title="scope", rows=queries.register_rows(ca.agency))
    return {"file": SimpleUploadedFile("填报.xlsx", data)}


def _url(name: str, obj: Any) -> str:
    return reverse(f"space_inventory:{name}", args=[obj.pk])


INVENTORY_MATRIX = [
    Endpoint("space_inventory:campaign_list", "GET",
             lambda c: reverse("space_inventory:campaign_list"), LIST),
    Endpoint("space_inventory:campaign_create(xihu)", "POST",
             lambda c: reverse("space_inventory:campaign_create"), OPEN, data=_open_data),
    Endpoint("space_inventory:campaign_detail(xihu)", "GET",
             lambda c: _url("campaign_detail", _xihu_campaign(c)), XIHU_READ),
    Endpoint("space_inventory:campaign_close(xihu)", "POST",
             lambda c: _url("campaign_close", _xihu_campaign(c)), XIHU_WRITE,
             data=lambda c: {"force": "on", "reason": "范围测试"}),
    Endpoint("space_inventory:reconciliation(xihu)", "GET",
             lambda c: _url("reconciliation", _xihu_campaign(c)), XIHU_READ),
    Endpoint("space_inventory:reconciliation_export(xihu)", "GET",
             lambda c: _url("reconciliation_export", _xihu_campaign(c)), XIHU_READ),
    Endpoint("space_inventory:yearly_report(xihu)", "GET",
             lambda c: _url("yearly_report", _closed_xihu_campaign(c)), XIHU_READ),
    Endpoint("space_inventory:agency_detail(xihu)", "GET",
             lambda c: _url("agency_detail", _xihu_row(c)), XIHU_READ),
    Endpoint("space_inventory:agency_workbook(xihu)", "GET",
             lambda c: _url("agency_workbook", _xihu_row(c)), XIHU_READ),
    Endpoint("space_inventory:agency_confirm(xihu)", "POST",
             lambda c: _url("agency_confirm", _xihu_row(c, submitted=True)), XIHU_WRITE),
    Endpoint("space_inventory:agency_return(xihu)", "POST",
             lambda c: _url("agency_return", _xihu_row(c, submitted=True)), XIHU_WRITE,
             data=lambda c: {"reason": "请复核面积"}),
    Endpoint("space_inventory:campaign_add_agency(xihu)", "POST",
             lambda c: _url("campaign_add_agency", _xihu_campaign(c)), XIHU_ADD,
             data=lambda c: {"credit_code": c.xihu_agency.credit_code}),
    Endpoint("space_inventory:agency_apply(xihu)", "POST",
             lambda c: _url("agency_apply", _xihu_confirmed_row(c)), XIHU_WRITE),
    Endpoint("space_inventory:agency_detail(ningbo)", "GET",
             lambda c: _url("agency_detail", _ningbo_row(c)), NINGBO_READ),
    Endpoint("space_inventory:agency_upload(ningbo)", "POST",
             lambda c: _url("agency_upload", _ningbo_row(c)), NINGBO_UPLOAD, data=_upload_data),
]

# The API (/api/v1/space/inventory/): the same scope; a write answers 200, not 302.
API = "/api/v1/space/inventory"


def _ok(expect: dict[str, int]) -> dict[str, int]:
    return {who: 200 if code == 302 else code for who, code in expect.items()}


def _province_campaign(c: Cast) -> Campaign:
    return _ningbo_row(c).campaign


INVENTORY_MATRIX += [
    Endpoint("space_inventory:api_campaigns", "GET", lambda c: f"{API}/campaigns", LIST,
             api=True),
    Endpoint("space_inventory:api_campaign(xihu)", "GET",
             lambda c: f"{API}/campaigns/{_xihu_campaign(c).pk}", XIHU_READ, api=True),
    Endpoint("space_inventory:api_campaign_agencies(xihu)", "GET",
             lambda c: f"{API}/campaigns/{_xihu_campaign(c).pk}/agencies", XIHU_READ,
             api=True),
    # The province campaign includes a Xihu and a Ningbo agency: everyone with a grant sees
    # it (and only the rows in their scope).
    Endpoint("space_inventory:api_campaign_agencies(province)", "GET",
             lambda c: f"{API}/campaigns/{_province_campaign(c).pk}/agencies",
             {**LIST, "outsider": 404}, api=True),
    Endpoint("space_inventory:api_agency(xihu)", "GET",
             lambda c: f"{API}/agencies/{_xihu_row(c).pk}", XIHU_READ, api=True),
    Endpoint("space_inventory:api_agency(ningbo)", "GET",
             lambda c: f"{API}/agencies/{_ningbo_row(c).pk}", NINGBO_READ, api=True),
    Endpoint("space_inventory:api_agency_confirm(xihu)", "POST",
             lambda c: f"{API}/agencies/{_xihu_row(c, submitted=True).pk}/confirm",
             _ok(XIHU_WRITE), api=True),
    Endpoint("space_inventory:api_agency_return(xihu)", "POST",
             lambda c: f"{API}/agencies/{_xihu_row(c, submitted=True).pk}/return",
             _ok(XIHU_WRITE), data=lambda c: {"reason": "请复核面积"}, api=True),
]
