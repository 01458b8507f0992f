"""/api/v1/space/inventory/: campaigns, their agencies, a declaration's differences and the
bureau's review through the JSON API, under the same scope, forms and actions as the pages
(404 outside the scope, 403 without the permission, 422 with Chinese messages)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.space.inventory import actions, queries, rules
from jiguan.space.inventory.models import Campaign, CampaignAgency, SubmissionStatus
from jiguan.space.register.models import Building, Floor, Occupancy, Room
from jiguan.todo.models import Task

API = "/api/v1/space/inventory"
TODAY = dt.date.today()


def post(client: Client, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(API + url, json.dumps(payload or {}), content_type="application/json")


def _room(agency: Any, region: str, code: str, number: str) -> Room:
    b = Building.objects.create(code=code, name=f"{code}办公楼", building_area=Decimal("800"),
                                region=Region.objects.get(code=region), floors_above=5)
    floor = Floor.objects.create(building=b, number=3)
    room = Room.objects.create(building=b, floor=floor, number=number, use_class="office",
                               usable_area=Decimal("18"))
    Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))
    return room


def _open(region: str, actor: Any) -> Campaign:
    return actions.campaign_open(year=TODAY.year, region=Region.objects.get(code=region),
                                   deadline=TODAY + dt.timedelta(days=30), actor=actor)


def _submit(ca: CampaignAgency, actor: Any, area: str | None = None) -> CampaignAgency:
    """The agency's register rows as its declaration (one area changed, if given)."""
    rows = [{**r, "usable_area": area or str(r["usable_area"])}
            for r in queries.register_rows(ca.agency)]
    return actions.declaration_submit(ca=ca, rows=rows, filename="填报.xlsx", actor=actor)


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    """A Xihu office of the Xihu agency, a Ningbo office of the Ningbo agency; a Xihu campaign
    (the Xihu bureau) and a province campaign (the province admin)."""
    _room(cast.xihu_agency, "330106", "X-API", "101")
    _room(cast.ningbo_agency, "330203", "N-API", "301")
    xihu = _open("330106", cast.xihu)
    province = _open("330000", cast.province_admin)
    return {"xihu": xihu, "province": province,
            "xihu_row": xihu.agencies.get(agency=cast.xihu_agency),
            "province_xihu": province.agencies.get(agency=cast.xihu_agency),
            "province_ningbo": province.agencies.get(agency=cast.ningbo_agency)}


# --- campaigns --------------------------------------------------------------------------------


def test_campaigns_are_listed_within_the_scope(cast: Cast, world: dict[str, Any]) -> None:
    _submit(world["province_ningbo"], cast.ningbo_reporter)
    actions.declaration_confirm(ca=world["province_ningbo"], actor=cast.province_admin)
    body = cast.client("province_admin").get(API + "/campaigns").json()
    assert body["count"] == 2
    by_region = {c["region_code"]: c for c in body["items"]}
    province = by_region["330000"]
    assert (province["year"], province["status"], province["status_label"]) == (
        TODAY.year, "open", "进行中")
    # (Counted from the rows, not fixed: see the report on queries.participants.)
    assert (province["agency_count"], province["confirmed_count"]) == (
        world["province"].agencies.count(), 1)
    assert by_region["330106"]["agency_count"] == world["xihu"].agencies.count()
    # The agency reporter sees the campaign its agency takes part in.
    mine = cast.client("ningbo_reporter").get(API + "/campaigns").json()
    assert [c["region_code"] for c in mine["items"]] == ["330000"]
    paged = cast.client("xihu").get(API + "/campaigns", {"page_size": 1}).json()
    assert paged["count"] == 2 and len(paged["items"]) == 1
    assert cast.client("outsider").get(API + "/campaigns").status_code == 403
    assert cast.client("xihu").get(API + "/campaigns", {"page": 0}).status_code == 422


def test_a_campaign_with_its_progress(cast: Cast, world: dict[str, Any]) -> None:
    _submit(world["province_ningbo"], cast.ningbo_reporter)
    pk = world["province"].pk
    body = cast.client("province_admin").get(f"{API}/campaigns/{pk}").json()
    assert body["region_name"] == "浙江省" and body["deadline"]
    total = body["progress"]["total"]
    rows = world["province"].agencies.count()
    assert (total["total"], total["pending"], total["submitted"]) == (rows, rows - 1, 1)
    regions = {r["code"]: r for r in body["progress"]["regions"]}
    assert regions["330200"] == {"code": "330200", "name": "宁波市", "pending": 0,
                                 "submitted": 1, "returned": 0, "confirmed": 0, "total": 1}
    assert regions["330100"]["pending"] >= 1 and regions["330100"]["submitted"] == 0
    # A bureau below sees the campaign through its agencies, and counts only those.
    xihu = cast.client("xihu").get(f"{API}/campaigns/{pk}").json()
    assert xihu["progress"]["total"]["total"] == 1
    assert [r["code"] for r in xihu["progress"]["regions"]] == ["330100"]
    assert cast.client("ningbo_reporter").get(
        f"{API}/campaigns/{world['xihu'].pk}").status_code == 404
    assert cast.client("outsider").get(f"{API}/campaigns/{pk}").status_code == 404
    assert cast.client("province_admin").get(f"{API}/campaigns/999999").status_code == 404


def test_a_campaigns_agencies(cast: Cast, world: dict[str, Any]) -> None:
    _submit(world["province_ningbo"], cast.ningbo_reporter)
    url = f"{API}/campaigns/{world['province'].pk}/agencies"
    admin = cast.client("province_admin")
    body = admin.get(url).json()
    assert body["count"] == world["province"].agencies.count()
    names = [r["agency_name"] for r in body["items"]]
    assert names.index("杭州市西湖区测试局") < names.index("宁波市海曙区测试局")
    ningbo = next(r for r in body["items"] if r["agency_id"] == cast.ningbo_agency.pk)
    assert (ningbo["filename"], ningbo["region_code"]) == ("填报.xlsx", "330203")
    submitted = admin.get(url, {"status": "submitted"}).json()["items"]
    assert [r["agency_id"] for r in submitted] == [cast.ningbo_agency.pk]
    assert submitted[0]["status_label"] == "已提交"
    mine = cast.client("ningbo_reporter").get(url).json()
    assert [r["agency_id"] for r in mine["items"]] == [cast.ningbo_agency.pk]
    bad = admin.get(url, {"status": "done"})
    assert bad.status_code == 422
    assert bad.json()["errors"]["status"][0].startswith("“done”无效，可选：pending（未提交）")
    assert cast.client("ningbo_reporter").get(
        f"{API}/campaigns/{world['xihu'].pk}/agencies").status_code == 404


# --- one agency's declaration -----------------------------------------------------------------


def test_an_agencys_declaration_and_its_differences(cast: Cast,
                                                    world: dict[str, Any]) -> None:
    ca = _submit(world["province_ningbo"], cast.ningbo_reporter, area="25.00")
    response = cast.client("ningbo_reporter").get(f"{API}/agencies/{ca.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["declared_rooms"], body["campaign_year"]) == (
        "submitted", 1, TODAY.year)
    assert body["submitted_by"] == cast.ningbo_reporter.display_name
    [diff] = body["differences"]
    assert (diff["kind"], diff["room_number"], diff["registered"], diff["declared"]) == (
        "area_changed", "301", "18.00 m²", "25.00 m²")
    assert cast.client("xihu").get(f"{API}/agencies/{ca.pk}").status_code == 404
    assert cast.client("outsider").get(f"{API}/agencies/{ca.pk}").status_code == 404
    assert cast.client("auditor").get(f"{API}/agencies/{ca.pk}").status_code == 200


def test_confirm_a_declaration(cast: Cast, world: dict[str, Any]) -> None:
    ca = world["xihu_row"]
    xihu = cast.client("xihu")
    pending = post(xihu, f"/agencies/{ca.pk}/confirm")
    assert pending.status_code == 422
    assert pending.json()["errors"] == {"__all__": ["只能确认已提交的填报（当前：未提交）"]}
    _submit(ca, cast.xihu)
    assert post(cast.client("auditor"), f"/agencies/{ca.pk}/confirm").status_code == 403
    assert post(cast.client("ningbo_reporter"),
                f"/agencies/{ca.pk}/confirm").status_code == 404
    response = post(xihu, f"/agencies/{ca.pk}/confirm")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "confirmed" and body["reviewed_by"] == cast.xihu.display_name
    assert AuditEvent.objects.for_target(ca).filter(
        event_type="space.inventory.confirmed").exists()
    # The agency may upload, never review its own declaration.
    own = _submit(world["province_ningbo"], cast.ningbo_reporter)
    assert post(cast.client("ningbo_reporter"),
                f"/agencies/{own.pk}/confirm").status_code == 403


def test_nothing_is_reviewed_once_the_campaign_is_closed(cast: Cast,
                                                         world: dict[str, Any]) -> None:
    ca = _submit(world["xihu_row"], cast.xihu)
    actions.campaign_close(campaign=world["xihu"], actor=cast.xihu, force=True,
                             reason="测试")
    response = post(cast.client("xihu"), f"/agencies/{ca.pk}/confirm")
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["本次清查已关闭，不能再修改"]}
    returned = post(cast.client("xihu"), f"/agencies/{ca.pk}/return", {"reason": "面积不符"})
    assert returned.status_code == 422


def test_return_a_declaration(cast: Cast, world: dict[str, Any]) -> None:
    ca = _submit(world["xihu_row"], cast.xihu)
    xihu = cast.client("xihu")
    empty = post(xihu, f"/agencies/{ca.pk}/return", {"reason": ""})
    assert empty.status_code == 422
    assert empty.json()["errors"] == {"reason": ["这个字段是必填项。"]}
    too_long = post(xihu, f"/agencies/{ca.pk}/return", {"reason": "长" * 301})
    assert too_long.status_code == 422 and "300" in too_long.json()["errors"]["reason"][0]
    wrong_type = post(xihu, f"/agencies/{ca.pk}/return", {"reason": 5})
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"] == [{"field": "reason", "message": "应为文本"}]
    assert post(cast.client("auditor"), f"/agencies/{ca.pk}/return",
                {"reason": "x"}).status_code == 403
    assert post(cast.client("ningbo_reporter"), f"/agencies/{ca.pk}/return",
                {"reason": "x"}).status_code == 404
    response = post(xihu, f"/agencies/{ca.pk}/return", {"reason": "请复核面积"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["return_reason"]) == (
        "returned", "请复核面积")
    assert Task.objects.open().filter(kind=rules.TASK_KIND, title__contains="退回").exists()
    again = post(xihu, f"/agencies/{ca.pk}/return", {"reason": "再退"})
    assert again.status_code == 422
    ca.refresh_from_db()
    assert ca.status == SubmissionStatus.RETURNED
