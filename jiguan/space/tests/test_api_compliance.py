"""/api/v1/space/compliance/: findings, 整改 and the roll-up through the JSON API, under the
same scope, filter form and actions as the pages (404 outside the scope, 403 without the
permission, 422 with Chinese messages)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.space.compliance import actions
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus
from jiguan.space.register.models import UseClass
from jiguan.space.tests.test_compliance import building, room, seat

API = "/api/v1/space/compliance"


def post(client: Client, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(API + url, json.dumps(payload or {}), content_type="application/json")


@pytest.fixture
def register(cast: Cast) -> dict[str, Any]:
    """Xihu: an over-standard office (30 m² for 18) and an unallocated vacant office;
    Ningbo (Haishu): a meeting room someone works in."""
    over = room(building(), 30, agency=cast.xihu_agency, number="301")
    seat(over, cast.xihu_person)
    room(building(), 20, number="302")
    meeting = room(building(region="330203", owner="宁波市海曙区机关事务管理局"), 40,
                   UseClass.SERVICE, agency=cast.ningbo_agency, number="会议室")
    seat(meeting, cast.ningbo_person)
    actions.sync()
    return {"meeting": meeting,
            "xihu_over": Finding.objects.get(kind=FindingKind.OVER_STANDARD),
            "vacant": Finding.objects.get(kind=FindingKind.VACANT),
            "ningbo": Finding.objects.get(kind=FindingKind.USE_AGAINST_CLASS)}


def _kinds(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(f["kind"] for f in response.json()["items"])


# --- findings ---------------------------------------------------------------------------------


def test_findings_are_listed_within_the_scope(cast: Cast, register: dict[str, Any]) -> None:
    xihu = cast.client("xihu")
    body = xihu.get(API + "/findings").json()
    assert body["count"] == 2
    assert _kinds(xihu.get(API + "/findings")) == ["over_standard", "vacant"]
    item = next(f for f in body["items"] if f["kind"] == "over_standard")
    assert (item["kind_label"], item["status"], item["status_label"]) == (
        "超标准使用", "open", "待整改")
    assert (item["region_code"], item["agency_id"]) == ("330106", cast.xihu_agency.pk)
    assert item["agency_name"] == "杭州市西湖区测试局"
    assert Decimal(str(item["measure"])) == Decimal(12)
    assert _kinds(cast.client("ningbo_reporter").get(API + "/findings")) == [
        "use_against_class"]
    assert cast.client("province_admin").get(API + "/findings").json()["count"] == 3
    assert cast.client("outsider").get(API + "/findings").status_code == 403


def test_findings_filters_are_the_pages(cast: Cast, register: dict[str, Any]) -> None:
    admin = cast.client("province_admin")
    assert _kinds(admin.get(API + "/findings", {"kind": "vacant"})) == ["vacant"]
    assert _kinds(admin.get(API + "/findings", {"region": "330203"})) == ["use_against_class"]
    assert _kinds(admin.get(API + "/findings", {"region": "330100"})) == [
        "over_standard", "vacant"]
    assert _kinds(admin.get(API + "/findings", {"agency": cast.xihu_agency.pk})) == [
        "over_standard"]
    register["vacant"].status = FindingStatus.FIXED
    register["vacant"].save()
    assert _kinds(admin.get(API + "/findings", {"status": "active"})) == [
        "over_standard", "use_against_class"]
    assert _kinds(admin.get(API + "/findings", {"status": "fixed"})) == ["vacant"]
    paged = admin.get(API + "/findings", {"page_size": 1, "page": 2}).json()
    assert paged["count"] == 3 and len(paged["items"]) == 1


def test_bad_finding_filters_answer_422(cast: Cast, register: dict[str, Any]) -> None:
    xihu = cast.client("xihu")
    response = xihu.get(API + "/findings", {"kind": "nonsense"})
    assert response.status_code == 422
    assert "nonsense" in response.json()["errors"]["kind"][0]
    assert "有效" in response.json()["errors"]["kind"][0]
    # A region outside the scope reads exactly like a missing one.
    for code in ("330203", "999999"):
        response = xihu.get(API + "/findings", {"region": code})
        assert response.status_code == 422
        assert response.json()["errors"] == {"region": ["所选区划不存在或不在您的权限范围内"]}
    response = xihu.get(API + "/findings", {"status": "gone"})
    assert response.status_code == 422 and "status" in response.json()["errors"]
    response = xihu.get(API + "/findings", {"agency": 0})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "agency", "message": "不能小于 1"}]


def test_a_finding_in_detail(cast: Cast, register: dict[str, Any]) -> None:
    f = register["ningbo"]
    response = cast.client("ningbo_reporter").get(f"{API}/findings/{f.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "use_against_class" and body["key"] == f.key
    assert "第十九条" in body["rule"]
    assert (body["can_start"], body["can_verify"]) == (True, False)
    assert body["verified_by"] is None
    auditor = cast.client("auditor").get(f"{API}/findings/{f.pk}").json()
    assert (auditor["can_start"], auditor["can_verify"]) == (False, False)
    # Outside the scope, or missing: 404.
    assert cast.client("xihu").get(f"{API}/findings/{f.pk}").status_code == 404
    assert cast.client("province_admin").get(f"{API}/findings/999999").status_code == 404


def test_start_a_rectification(cast: Cast, register: dict[str, Any]) -> None:
    f = register["ningbo"]
    reporter = cast.client("ningbo_reporter")
    empty = post(reporter, f"/findings/{f.pk}/start", {"note": "   "})
    assert empty.status_code == 422
    assert empty.json()["errors"] == {"note": ["这个字段是必填项。"]}
    too_long = post(reporter, f"/findings/{f.pk}/start", {"note": "长" * 1001})
    assert too_long.status_code == 422 and "1000" in too_long.json()["errors"]["note"][0]
    assert post(cast.client("auditor"), f"/findings/{f.pk}/start",
                {"note": "x"}).status_code == 403
    assert post(cast.client("xihu"), f"/findings/{f.pk}/start", {"note": "x"}).status_code == 404
    f.refresh_from_db()
    assert f.status == FindingStatus.OPEN
    response = post(reporter, f"/findings/{f.pk}/start", {"note": "人员已迁回办公室"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["note"]) == (
        "in_progress", "人员已迁回办公室")
    assert AuditEvent.objects.for_target(f).filter(event_type="space.finding.started").exists()


def test_start_is_refused_once_fixed(cast: Cast, register: dict[str, Any]) -> None:
    f = register["vacant"]
    f.status = FindingStatus.FIXED
    f.save()
    response = post(cast.client("xihu"), f"/findings/{f.pk}/start", {"note": "已安排使用"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"note": ["该问题已整改，不能再登记整改"]}


def test_verify_a_rectification(cast: Cast, register: dict[str, Any]) -> None:
    f = register["ningbo"]
    reporter, admin = cast.client("ningbo_reporter"), cast.client("province_admin")
    # Agencies cannot verify; the bureau only once the data shows it fixed.
    assert post(reporter, f"/findings/{f.pk}/verify").status_code == 403
    assert post(cast.client("xihu"), f"/findings/{f.pk}/verify").status_code == 404
    refused = post(admin, f"/findings/{f.pk}/verify")
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "__all__": ["只有“已整改”的问题才能核验，该问题当前为“待整改”"]}
    register["meeting"].occupants.update(end_date="2026-01-01")
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED
    assert admin.get(f"{API}/findings/{f.pk}").json()["can_verify"] is True
    response = post(admin, f"/findings/{f.pk}/verify")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "verified" and body["verified_at"]
    assert body["verified_by"] == cast.province_admin.display_name
    assert post(admin, f"/findings/{f.pk}/verify").status_code == 422


# --- roll-up ----------------------------------------------------------------------------------


def _rows(response: Any) -> dict[str, dict[str, Any]]:
    assert response.status_code == 200, response.content
    return {r["label"]: r for r in response.json()["rows"]}


def test_rollup_drills_down(cast: Cast, register: dict[str, Any]) -> None:
    admin = cast.client("province_admin")
    top = admin.get(API + "/rollup")
    body = top.json()
    assert (body["region_code"], body["by_agency"]) == ("330000", False)
    rows = _rows(top)
    hangzhou = rows["杭州市"]
    assert hangzhou["region_code"] == "330100"
    assert hangzhou["counts"]["over_standard"] == 1 and hangzhou["counts"]["vacant"] == 1
    assert list(hangzhou["counts"]) == list(FindingKind.values)
    assert Decimal(str(hangzhou["over_area"])) == Decimal(12)
    assert rows["宁波市"]["counts"]["use_against_class"] == 1
    assert body["total"]["office_rooms"] == 2 and body["total"]["active"] == 3
    city = _rows(admin.get(API + "/rollup", {"region": "330100"}))
    assert city["西湖区"]["active"] == 2
    county = admin.get(API + "/rollup", {"region": "330106"})
    assert county.json()["by_agency"] is True
    assert _rows(county)["杭州市西湖区测试局"]["agency_id"] == cast.xihu_agency.pk
    # The agency reporter lands on its own county with its own agency only.
    mine = cast.client("ningbo_reporter").get(API + "/rollup")
    assert mine.json()["region_code"] == "330203"
    assert list(_rows(mine)) == ["宁波市海曙区测试局"]


def test_rollup_scope_and_bad_input(cast: Cast, register: dict[str, Any]) -> None:
    assert cast.client("xihu").get(API + "/rollup", {"region": "330100"}).status_code == 404
    assert cast.client("province_admin").get(API + "/rollup",
                                             {"region": "999999"}).status_code == 404
    assert cast.client("outsider").get(API + "/rollup").status_code == 403
    response = cast.client("province_admin").get(API + "/rollup", {"region": "3" * 13})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "region", "message": "过长"}]
