"""The compliance pages: roll-up and drill-down, list and export, 整改 actions, scope."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.http import FileResponse
from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast
from jiguan.space.compliance import actions
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus
from jiguan.space.register.models import UseClass
from jiguan.space.standards import rules
from jiguan.space.tests.test_compliance import building, room, seat


def _xlsx(response: Any) -> list[list[Any]]:
    assert isinstance(response, FileResponse)
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_index(0).to_python()


@pytest.fixture
def register(cast: Cast) -> dict[str, Any]:
    """Xihu: an over-standard office (30 m² for 18) and an unallocated vacant office;
    Ningbo (Haishu): a meeting room someone works in."""
    over = room(building(), 30, agency=cast.xihu_agency, number="301")
    seat(over, cast.xihu_person)
    vacant = room(building(), 20, number="302")
    meeting = room(building(region="330203", owner="宁波市海曙区机关事务管理局"), 40,
                   UseClass.SERVICE, agency=cast.ningbo_agency, number="会议室")
    seat(meeting, cast.ningbo_person)
    actions.sync()
    return {"over": over, "vacant": vacant, "meeting": meeting,
            "xihu_over": Finding.objects.get(kind=FindingKind.OVER_STANDARD),
            "ningbo": Finding.objects.get(kind=FindingKind.USE_AGAINST_CLASS)}


def test_rollup_page_drills_down(cast: Cast, register: dict[str, Any]) -> None:
    client = cast.client("province_admin")
    page = client.get("/space/compliance/").content.decode()
    assert "浙江省" in page and "?region=330100" in page and "?region=330200" in page
    city = client.get("/space/compliance/", {"region": "330100"}).content.decode()
    assert "?region=330106" in city and "西湖区" in city
    county = client.get("/space/compliance/", {"region": "330106"}).content.decode()
    assert f"/space/compliance/agencies/{cast.xihu_agency.pk}/" in county
    assert "杭州市西湖区测试局" in county
    # The agency reporter lands on its own county with its own agency only.
    reporter = cast.client("ningbo_reporter").get("/space/compliance/").content.decode()
    assert "宁波市海曙区测试局" in reporter and "杭州市西湖区测试局" not in reporter


def test_rollup_export(cast: Cast, register: dict[str, Any]) -> None:
    rows = _xlsx(cast.client("province_admin").get("/space/compliance/export.xlsx"))
    assert rows[0][0] == "浙江省办公用房规范使用情况"
    header = rows[2]
    data = {r[0]: dict(zip(header, r, strict=True)) for r in rows[3:]}
    assert data["杭州市"]["超标准使用"] == 1 and data["杭州市"]["闲置"] == 1
    assert data["杭州市"]["超标面积（m²）"] == 12
    assert data["宁波市"]["改变使用功能"] == 1
    assert data["合计"]["办公室间数"] == 2


def test_finding_list_is_scoped_and_exports(cast: Cast, register: dict[str, Any]) -> None:
    xihu = cast.client("xihu")
    page = xihu.get("/space/compliance/findings/").content.decode()
    assert "超标准使用</a>" in page and "改变使用功能</a>" not in page
    rows = _xlsx(xihu.get("/space/compliance/findings/export.xlsx"))
    kinds = sorted(r[0] for r in rows[3:])
    assert kinds == sorted(["超标准使用", "闲置"])  # 编制 50: within its approved area
    filtered = _xlsx(xihu.get("/space/compliance/findings/export.xlsx",
                              {"kind": FindingKind.VACANT}))
    assert [r[0] for r in filtered[3:]] == ["闲置"]
    assert "问题类型=闲置" in filtered[1][0]
    ningbo = register["ningbo"]
    assert xihu.get(f"/space/compliance/findings/{ningbo.pk}/").status_code == 404
    everything = _xlsx(cast.client("province_admin").get(
        "/space/compliance/findings/export.xlsx"))
    # Xihu: over standard and vacant; Ningbo: the meeting room used as an office (its 40 m²
    # are within what its 编制 of 50 allows).
    assert len(everything) - 3 == Finding.objects.count() == 3


def test_bad_region_filter_shows_nothing(cast: Cast, register: dict[str, Any]) -> None:
    page = cast.client("xihu").get("/space/compliance/findings/", {"region": "330203"})
    assert page.status_code == 200 and "不在您的权限范围内" in page.content.decode()
    assert "超标准使用</a>" not in page.content.decode()


def test_start_and_verify_through_the_pages(cast: Cast, register: dict[str, Any]) -> None:
    f = register["ningbo"]
    reporter = cast.client("ningbo_reporter")
    detail = reporter.get(f"/space/compliance/findings/{f.pk}/").content.decode()
    assert "第十九条" in detail and 'data-testid="start-form"' in detail
    assert reporter.post(f"/space/compliance/findings/{f.pk}/start/",
                         {"note": ""}).status_code == 422
    assert reporter.post(f"/space/compliance/findings/{f.pk}/start/",
                         {"note": "人员已迁回办公室"}).status_code == 302
    f.refresh_from_db()
    assert f.status == FindingStatus.IN_PROGRESS
    # The agency cannot verify; the bureau can, once the data shows it fixed.
    assert reporter.post(f"/space/compliance/findings/{f.pk}/verify/").status_code == 403
    admin = cast.client("province_admin")
    admin.post(f"/space/compliance/findings/{f.pk}/verify/")
    f.refresh_from_db()
    assert f.status == FindingStatus.IN_PROGRESS  # refused: not 已整改 yet
    register["meeting"].occupants.update(end_date="2026-01-01")
    actions.sync()
    f.refresh_from_db()
    assert f.status == FindingStatus.FIXED
    page = admin.get(f"/space/compliance/findings/{f.pk}/").content.decode()
    assert 'data-testid="verify-form"' in page and "系统自动办结" in page
    assert admin.post(f"/space/compliance/findings/{f.pk}/verify/").status_code == 302
    f.refresh_from_db()
    assert f.status == FindingStatus.VERIFIED


def test_agency_report_shows_the_approved_area(cast: Cast, register: dict[str, Any]) -> None:
    page = cast.client("xihu").get(f"/space/compliance/agencies/{cast.xihu_agency.pk}/")
    expected = rules.approved_area(  # B counts the agency's 编制 of 50
        office_limits=[Decimal(18)], headcount=50,
        service_area_per_person=rules.configured_service_area_per_person()["county"],
        building_type="multi")
    report = page.context["report"]
    assert report.approval.area == expected
    html = page.content.decode()
    assert f"{expected.total} m²" in html and "301" in html and "超标" in html


def test_recompute_button(cast: Cast, register: dict[str, Any]) -> None:
    register["vacant"].delete()
    response = cast.client("xihu").post("/space/compliance/recompute/", {"region": "330106"})
    assert response.status_code == 302
    assert Finding.objects.get(kind=FindingKind.VACANT).status == FindingStatus.FIXED


def test_rollup_counts_link_to_the_findings_they_count(cast: Cast,
                                                       register: dict[str, Any]) -> None:
    client = cast.client("province_admin")
    city = client.get("/space/compliance/", {"region": "330100"}).content.decode()
    link = (f"/space/compliance/findings/?region=330106&amp;kind={FindingKind.OVER_STANDARD}"
            "&amp;status=active")
    assert link in city
    listed = client.get("/space/compliance/findings/", {
        "region": "330106", "kind": FindingKind.OVER_STANDARD, "status": "active"})
    assert listed.context["page_obj"].object_list[0] == register["xihu_over"]
    county = client.get("/space/compliance/", {"region": "330106"}).content.decode()
    assert f"?agency={cast.xihu_agency.pk}&amp;kind={FindingKind.OVER_STANDARD}" in county


def test_findings_are_listed_largest_first(cast: Cast, register: dict[str, Any]) -> None:
    from jiguan.orgs.models import Person

    other = Person.objects.create(name="王五", agency=cast.xihu_agency, rank="section_head")
    big = room(building(), 60, agency=cast.xihu_agency, number="601")
    seat(big, other)
    actions.sync()
    listed = cast.client("province_admin").get("/space/compliance/findings/").context["page_obj"]
    measures = [f.measure for f in listed.object_list]
    assert measures == sorted(measures, reverse=True)


def test_the_bureau_chases_the_agencys_rectification_from_the_finding(
        cast: Cast, register: dict[str, Any]) -> None:
    from jiguan.audit.models import AuditEvent
    from jiguan.todo.models import Task

    finding = register["xihu_over"]
    bureau = cast.client("xihu")
    page = bureau.get(f"/space/compliance/findings/{finding.pk}/").content.decode()
    assert 'data-testid="chase-form"' in page
    bureau.post(f"/space/compliance/findings/{finding.pk}/chase/", {"note": "请本周内腾退"})
    bureau.post(f"/space/compliance/findings/{finding.pk}/chase/", {"note": ""})
    chases = Task.objects.filter(kind="space.rectification.chase").order_by("pk")
    assert [t.title.split("：")[0] for t in chases] == ["催办（第 1 次）", "催办（第 2 次）"]
    assert chases[0].agency == cast.xihu_agency and "请本周内腾退" in chases[0].detail
    assert AuditEvent.objects.filter(event_type="space.finding.chased",
                                     target_id=str(finding.pk)).count() == 2
    # The agency's reporter sees the to-do but no chase form; nobody chases a closed finding.
    admin_page = cast.client("province_admin").get(
        f"/space/compliance/findings/{register['ningbo'].pk}/").content.decode()
    assert 'data-testid="chase-form"' in admin_page
    ningbo = cast.client("ningbo_reporter")
    page = ningbo.get(f"/space/compliance/findings/{register['ningbo'].pk}/").content.decode()
    assert 'data-testid="chase-form"' not in page
    assert ningbo.post(f"/space/compliance/findings/{register['ningbo'].pk}/chase/",
                       {"note": "x"}).status_code == 403
    assert bureau.post(f"/space/compliance/findings/{register['ningbo'].pk}/chase/",
                       {"note": "x"}).status_code == 404  # out of Xihu's scope
