"""The yearly inventory: the whole flow, the three reconciliations, scope and bad input."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.excel import read_rows
from jiguan.orgs.models import Agency, AgencyStatus, ConcurrentPost, Person
from jiguan.space.inventory import actions, queries, rules
from jiguan.space.inventory.excel import DETAIL_SHEET_COLUMNS, SUMMARY_SHEET_COLUMNS
from jiguan.space.inventory.models import (
    Campaign,
    CampaignAgency,
    CampaignStatus,
    SnapshotRoom,
    SubmissionStatus,
)
from jiguan.space.register.models import (
    Building,
    Floor,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
)
from jiguan.todo.models import Task

D = Decimal
TODAY = dt.date.today()
START = dt.date(2024, 1, 1)


# ---------------------------------------------------------------- helpers

def _region(code: str) -> Region:
    return Region.objects.get(code=code)


def _building(code: str, region: str, area: str = "1000", **kw: Any) -> Building:
    defaults: dict[str, Any] = {
        "name": f"{code}办公楼", "floors_above": 5, "floors_below": 1,
        "registration_status": RegistrationStatus.REGISTERED,
        "property_cert_no": f"浙（2020）不动产权第{code}号", "cert_building_area": D(area)}
    defaults.update(kw)
    return Building.objects.create(code=code, region=_region(region), building_area=D(area),
                                   **defaults)


def _room(b: Building, floor: int, number: str, area: str, use_class: str = "office") -> Room:
    f, _ = Floor.objects.get_or_create(building=b, number=floor)
    return Room.objects.create(building=b, floor=f, number=number, use_class=use_class,
                               usable_area=D(area))


def _allocate(room: Room, agency: Agency) -> Occupancy:
    return Occupancy.objects.create(room=room, agency=agency, start_date=START)


def _sit(room: Room, person: Person, post: ConcurrentPost | None = None) -> Occupant:
    return Occupant.objects.create(room=room, person=person, start_date=START,
                                   concurrent_post=post)


def _reporter(agency: Agency, username: str) -> Client:
    user = User.objects.create(username=username, full_name=username)
    Grant.objects.create(user=user, role=Role.AGENCY_REPORTER, agency=agency)
    c = Client()
    c.force_login(user)
    return c


def _xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("清查填报")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    wb.close()
    return buffer.getvalue()


def _upload(client: Client, ca: CampaignAgency, data: bytes) -> Any:
    return client.post(reverse("space_inventory:agency_upload", args=[ca.pk]),
                       {"file": SimpleUploadedFile("填报.xlsx", data)})


def _download_rows(client: Client, ca: CampaignAgency) -> list[list[object]]:
    response = client.get(reverse("space_inventory:agency_workbook", args=[ca.pk]))
    assert response.status_code == 200
    return read_rows(response.content, "x.xlsx").rows


def _open(c: Cast, who: str, region: str, **over: Any) -> Any:
    data = {"year": TODAY.year, "region": _region(region).pk,
            "deadline": (TODAY + dt.timedelta(days=30)).isoformat(), "note": ""}
    data.update(over)
    return c.client(who).post(reverse("space_inventory:campaign_create"), data)


@pytest.fixture
def register(cast: Cast) -> dict[str, Any]:
    """Hangzhou (city level) uses 501 in H1; Xihu uses 101, 102, 201 in X1 (张三 in 101);
    Ningbo uses 301 in N1 (李四 in 301)."""
    h1 = _building("H1", "330100")
    x1 = _building("X1", "330106")
    n1 = _building("N1", "330203")
    rooms = {
        "501": _room(h1, 5, "501", "40"),
        "101": _room(x1, 1, "101", "20"),
        "102": _room(x1, 1, "102", "30", "service"),
        "201": _room(x1, 2, "201", "18"),
        "301": _room(n1, 3, "301", "15"),
        "vacant": _room(x1, 3, "301", "25"),
    }
    _allocate(rooms["501"], cast.hangzhou_agency)
    for n in ("101", "102", "201"):
        _allocate(rooms[n], cast.xihu_agency)
    _allocate(rooms["301"], cast.ningbo_agency)
    _sit(rooms["101"], cast.xihu_person)
    _sit(rooms["301"], cast.ningbo_person)
    return {"h1": h1, "x1": x1, "n1": n1, **rooms}


# ---------------------------------------------------------------- the whole flow

def test_whole_flow(cast: Cast, register: dict[str, Any]) -> None:
    hz = cast.client("hangzhou")
    xihu_reporter = _reporter(cast.xihu_agency, "xihu_reporter")

    # open: the active agencies of Hangzhou's subtree that use a room take part
    response = _open(cast, "hangzhou", "330100")
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.status == CampaignStatus.OPEN
    rows = {ca.agency_id: ca for ca in campaign.agencies.all()}
    assert set(rows) == {cast.hangzhou_agency.pk, cast.xihu_agency.pk}
    ca = rows[cast.xihu_agency.pk]
    task = Task.objects.get(kind=rules.TASK_KIND, agency=cast.xihu_agency)
    assert task.assignee_role == Role.AGENCY_REPORTER
    assert task.due_date == campaign.deadline
    assert not task.is_done
    assert task.subject_url == reverse("space_inventory:agency_detail", args=[ca.pk])

    # the agency downloads its pre-filled workbook
    sheet = _download_rows(xihu_reporter, ca)
    headers = [str(h) for h in sheet[1]]
    assert headers[:6] == ["房产编号", "房产名称", "楼层", "房间号", "用途分类", "使用面积（m²）"]
    data_rows = [list(r) for r in sheet[2:]]
    assert sorted((r[0], r[3], r[5]) for r in data_rows) == [
        ("X1", "101", 20.0), ("X1", "102", 30.0), ("X1", "201", 18.0)]
    by_room = {r[3]: r for r in data_rows}
    assert by_room["101"][6] == "张三"

    # modify: 101's area beyond the tolerance, a room added (103), then upload
    by_room["101"][5] = 21.5
    added = ["X1", "X1办公楼", 1, "103", "服务用房", 12, "", "新隔出的档案室"]
    upload = _xlsx([sheet[0], sheet[1], *data_rows, added])
    response = _upload(xihu_reporter, ca, upload)
    assert response.status_code == 302, response.content.decode()
    ca.refresh_from_db()
    assert ca.status == SubmissionStatus.SUBMITTED
    kinds = {(d["kind"], d["room_number"]) for d in ca.differences}
    assert kinds == {("area_changed", "101"), ("room_added", "103")}
    task.refresh_from_db()
    assert task.is_done

    # the bureau sees the differences
    page = hz.get(reverse("space_inventory:agency_detail", args=[ca.pk])).content.decode()
    assert "使用面积变化超出容差" in page
    assert "新增房间（台账中没有）" in page
    # an agency reporter cannot review
    assert xihu_reporter.post(reverse("space_inventory:agency_confirm",
                                      args=[ca.pk])).status_code == 403

    # send back with a reason: the agency's to-do reopens
    response = hz.post(reverse("space_inventory:agency_return", args=[ca.pk]), {"reason": ""})
    assert response.status_code == 422
    response = hz.post(reverse("space_inventory:agency_return", args=[ca.pk]),
                       {"reason": "101 室面积请按实测复核"})
    assert response.status_code == 302
    ca.refresh_from_db()
    assert ca.status == SubmissionStatus.RETURNED
    reopened = Task.objects.open().get(kind=rules.TASK_KIND, agency=cast.xihu_agency)
    assert "101 室面积请按实测复核" in reopened.detail
    assert reopened.due_date == campaign.deadline

    # re-upload: 101 within the tolerance now
    by_room["101"][5] = 20.3
    response = _upload(xihu_reporter, ca, _xlsx([sheet[0], sheet[1], *data_rows, added]))
    assert response.status_code == 302
    ca.refresh_from_db()
    assert ca.status == SubmissionStatus.SUBMITTED
    assert [(d["kind"], d["room_number"]) for d in ca.differences] == [("room_added", "103")]
    reopened.refresh_from_db()
    assert reopened.is_done

    # confirm: the register is not rewritten
    assert hz.post(reverse("space_inventory:agency_confirm", args=[ca.pk])).status_code == 302
    ca.refresh_from_db()
    assert ca.status == SubmissionStatus.CONFIRMED
    assert not Room.objects.filter(building=register["x1"], number="103").exists()
    assert Room.objects.get(pk=register["101"].pk).usable_area == D("20.00")

    # the board: one pending at city level, one confirmed in Xihu; drill down to Xihu
    response = hz.get(reverse("space_inventory:campaign_detail", args=[campaign.pk]))
    board = {b.code: b for b in response.context["board"]}
    assert board[""].pending == 1
    assert board["330106"].confirmed == 1
    total = response.context["total"]
    assert (total.pending, total.submitted, total.returned, total.confirmed) == (0 + 1, 0, 0, 1)
    response = hz.get(reverse("space_inventory:campaign_detail", args=[campaign.pk]),
                      {"region": "330106"})
    assert response.context["total"].confirmed == 1
    assert response.context["total"].pending == 0
    assert [r.agency for r in response.context["rows"]] == [cast.xihu_agency]
    response = hz.get(reverse("space_inventory:campaign_detail", args=[campaign.pk]),
                      {"region": "330203"})
    assert response.status_code == 404

    # closing refuses while an agency is unconfirmed, and a forced close needs a reason
    close = reverse("space_inventory:campaign_close", args=[campaign.pk])
    response = hz.post(close, {})
    assert response.status_code == 422
    assert "尚有单位未确认" in response.content.decode()
    assert hz.post(close, {"force": "on", "reason": ""}).status_code == 422
    assert not SnapshotRoom.objects.exists()

    # the city's own agency: the bureau uploads its workbook unchanged and confirms it
    hca = rows[cast.hangzhou_agency.pk]
    hsheet = _download_rows(hz, hca)
    assert _upload(hz, hca, _xlsx(hsheet)).status_code == 302
    hca.refresh_from_db()
    assert hca.differences == []
    assert hz.post(reverse("space_inventory:agency_confirm", args=[hca.pk])).status_code == 302

    # close: the snapshot equals the register of Hangzhou's subtree
    assert hz.post(close, {}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert not campaign.forced
    assert not Task.objects.open().filter(kind=rules.TASK_KIND).exists()

    def register_now() -> set[tuple[Any, ...]]:
        out = set()
        for r in Room.objects.filter(building__region__path__startswith=_region("330100").path):
            occ = r.occupancies.filter(end_date__isnull=True).first()
            out.add((r.building.code, r.number, r.floor.number, r.use_class, r.usable_area,
                     occ.agency.credit_code if occ else "",
                     r.occupants.filter(end_date__isnull=True).count()))
        return out

    snap = {(s.building_code, s.room_number, s.floor, s.use_class, s.usable_area,
             s.agency_credit_code, s.occupant_count)
            for s in SnapshotRoom.objects.filter(campaign=campaign)}
    assert snap == register_now()
    assert len(snap) == 5  # H1 501, X1 101 102 201 301 (vacant); not Ningbo's N1
    # later edits of the register do not change the snapshot
    Room.objects.filter(pk=register["101"].pk).update(usable_area=D("99"))
    assert SnapshotRoom.objects.get(campaign=campaign, building_code="X1",
                                    room_number="101").usable_area == D("20.00")
    # a closed campaign refuses uploads and reviews
    assert _upload(xihu_reporter, ca, upload).status_code == 422

    # the yearly report, readable with python_calamine
    response = hz.get(reverse("space_inventory:yearly_report", args=[campaign.pk]))
    assert response.status_code == 200
    wb = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert wb.sheet_names == ["汇总", "房间明细", "填报说明"]
    summary = wb.get_sheet_by_name("汇总").to_python()
    assert [c for c in summary[3] if c] == [label for label, _ in SUMMARY_SHEET_COLUMNS]
    total_row = summary[-1]
    assert total_row[0] == "合计"
    assert total_row[2] == 2  # buildings
    assert total_row[3] == 5  # rooms
    assert total_row[4] == pytest.approx(40 + 20 + 30 + 18 + 25)
    assert total_row[5] == pytest.approx(40 + 20 + 18 + 25)  # 办公室
    assert total_row[-2] == 1  # 张三
    assert total_row[-1] == pytest.approx(103.0)
    detail = wb.get_sheet_by_name("房间明细").to_python()
    assert [c for c in detail[0]] == [label for label, _ in DETAIL_SHEET_COLUMNS]
    assert len(detail) - 1 == 5
    readme = wb.get_sheet_by_name("填报说明").to_python()
    described = {(row[0], row[1]) for row in readme}
    for label, _ in (*SUMMARY_SHEET_COLUMNS,):
        assert ("汇总", label) in described
    for label, _ in DETAIL_SHEET_COLUMNS:
        assert ("房间明细", label) in described


def test_forced_close_and_report_only_after_close(cast: Cast, register: dict[str, Any]) -> None:
    hz = cast.client("xihu")
    assert _open(cast, "xihu", "330106").status_code == 302
    campaign = Campaign.objects.get()
    report = reverse("space_inventory:yearly_report", args=[campaign.pk])
    assert hz.get(report).status_code == 302  # open: no report yet
    close = reverse("space_inventory:campaign_close", args=[campaign.pk])
    assert hz.post(close, {"force": "on", "reason": "单位机构改革，延期填报"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.forced
    assert campaign.close_reason == "单位机构改革，延期填报"
    assert SnapshotRoom.objects.filter(campaign=campaign).count() == 4
    assert not Task.objects.open().filter(kind=rules.TASK_KIND).exists()
    assert hz.get(report).status_code == 200
    assert hz.post(close, {}).status_code == 422  # already closed


# ---------------------------------------------------------------- reconciliation

def test_reconciliation_mismatches(cast: Cast, register: dict[str, Any]) -> None:
    x1 = register["x1"]
    # 账账: Ningbo's 李四 sitting in a Xihu room; a Hangzhou person there on an approved
    # concurrent post at Xihu is fine; a room with a person but no allocation
    _sit(register["102"], cast.ningbo_person)
    hz_person = Person.objects.create(name="王五", agency=cast.hangzhou_agency, rank="section_head")
    post = ConcurrentPost.objects.create(person=hz_person, agency=cast.xihu_agency, post="兼任",
                                         start_date=START, approved=True)
    _sit(register["201"], hz_person, post)
    _sit(register["vacant"], cast.xihu_person)
    # 账账: an abolished agency still holding a room
    gone = Agency.objects.create(name="已撤销测试局", region=_region("330106"), level="county",
                                 credit_code=make_credit_code("330106", 9),
                                 status=AgencyStatus.ABOLISHED, status_date=START)
    _allocate(_room(x1, 4, "401", "16"), gone)
    # 账证: a registered building without a certificate number, one whose certificate area
    # differs, one smaller than its rooms; a 权属备案 one without a number is excused
    _building("X2", "330106", property_cert_no="")
    _building("X3", "330106", cert_building_area=D("990"))
    x4 = _building("X4", "330106", area="50")
    _room(x4, 1, "1", "30")
    _room(x4, 1, "2", "30")
    _building("X5", "330106", property_cert_no="", registration_status=RegistrationStatus.FILED,
              filing_reason="历史原因无法登记")
    _building("X6", "330106", cert_building_area=D("1000.4"))  # within 0.5 m²

    campaign = actions.campaign_open(year=TODAY.year, region=_region("330106"),
                                       deadline=TODAY, actor=cast.xihu)
    ca = campaign.agencies.get(agency=cast.xihu_agency)
    rows = queries.register_rows(cast.xihu_agency)
    declared = [{**r, "usable_area": str(r["usable_area"])} for r in rows]
    declared[0]["usable_area"] = "25.00"  # 101: 20 -> 25
    actions.declaration_submit(ca=ca, rows=declared, filename="x.xlsx", actor=cast.xihu)
    actions.declaration_confirm(ca=ca, actor=cast.xihu)

    groups = queries.reconcile(campaign)
    books = {(m.kind_label, m.room_number) for m in groups[queries.ACCOUNT_BOOKS]}
    assert books == {("使用人所在单位与房间使用单位不一致", "102"),
                     ("房间有使用人但未分配使用单位", "301"),
                     ("已撤销或合并的单位仍占用房间", "401")}
    reality = groups[queries.ACCOUNT_REALITY]
    assert [(m.kind_label, m.room_number) for m in reality] == [("使用面积变化超出容差", "101")]
    certs = {(m.kind_label, m.building_code) for m in groups[queries.ACCOUNT_CERTIFICATE]}
    assert certs == {("无不动产权证号", "X2"), ("证载建筑面积与台账不一致", "X3"),
                     ("建筑面积小于房间使用面积之和", "X4")}

    # the page and the Excel export list every mismatch
    client = cast.client("xihu")
    page = client.get(reverse("space_inventory:reconciliation", args=[campaign.pk]))
    assert page.status_code == 200
    assert "已撤销或合并的单位仍占用房间" in page.content.decode()
    response = client.get(reverse("space_inventory:reconciliation_export", args=[campaign.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows_x = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows_x[2][:2] == ["核对项", "问题类型"]
    assert len(rows_x) - 3 == 7

    # fixing the register makes the 账实 difference disappear
    Room.objects.filter(pk=register["101"].pk).update(usable_area=D("25"))
    assert queries.reconcile_reality(campaign) == []


def test_area_tolerance_setting(settings: Any) -> None:
    settings.JIGUAN_INVENTORY_AREA_TOLERANCE = "2%"
    tol = rules.area_tolerance()
    assert str(tol) == "2%"
    assert not tol.exceeded(D("20"), D("20.4"))
    assert tol.exceeded(D("20"), D("20.41"))
    settings.JIGUAN_INVENTORY_AREA_TOLERANCE = "0.5"
    tol = rules.area_tolerance()
    assert str(tol) == "0.5 m²"
    assert not tol.exceeded(D("300"), D("300.5"))
    assert tol.exceeded(D("300"), D("300.51"))
    settings.JIGUAN_INVENTORY_AREA_TOLERANCE = "-1"
    with pytest.raises(ImproperlyConfigured):
        rules.area_tolerance()


def test_occupant_moved(cast: Cast, register: dict[str, Any]) -> None:
    rows = [{**r, "usable_area": str(r["usable_area"])}
            for r in queries.register_rows(cast.xihu_agency)]
    by = {r["room_number"]: r for r in rows}
    by["101"]["occupants"] = []
    by["201"]["occupants"] = ["张三", "赵六"]
    diffs = queries.differences(cast.xihu_agency, rows)
    assert [(d["kind"], d["room_number"]) for d in diffs] == [
        ("occupant_moved", "201"), ("occupant_added", "201")]
    assert diffs[0]["registered"] == "X1办公楼 101"


# ---------------------------------------------------------------- scope

def test_scope(cast: Cast, register: dict[str, Any]) -> None:
    assert _open(cast, "xihu", "330106").status_code == 302
    xihu_campaign = Campaign.objects.get(region__code="330106")
    xca = xihu_campaign.agencies.get()
    ningbo = cast.client("ningbo_reporter")
    for name in ("agency_detail", "agency_workbook"):
        assert ningbo.get(reverse(f"space_inventory:{name}", args=[xca.pk])).status_code == 404
    assert ningbo.post(reverse("space_inventory:agency_upload", args=[xca.pk])).status_code == 404
    for name in ("campaign_detail", "reconciliation", "yearly_report"):
        url = reverse(f"space_inventory:{name}", args=[xihu_campaign.pk])
        assert ningbo.get(url).status_code == 404
    listing = ningbo.get(reverse("space_inventory:campaign_list"))
    assert list(listing.context["campaigns"]) == []
    assert cast.client("outsider").get(reverse("space_inventory:campaign_list")).status_code == 403

    # a province campaign: the Ningbo reporter sees its own row only, not the region's report
    assert _open(cast, "province_admin", "330000").status_code == 302
    province = Campaign.objects.get(region__code="330000")
    own = province.agencies.get(agency=cast.ningbo_agency)
    other = province.agencies.get(agency=cast.xihu_agency)
    assert ningbo.get(reverse("space_inventory:agency_detail", args=[own.pk])).status_code == 200
    assert ningbo.get(reverse("space_inventory:agency_detail", args=[other.pk])).status_code == 404
    detail = ningbo.get(reverse("space_inventory:campaign_detail", args=[province.pk]))
    assert detail.status_code == 200
    assert [r.agency for r in detail.context["rows"]] == [cast.ningbo_agency]
    assert ningbo.get(reverse("space_inventory:reconciliation",
                              args=[province.pk])).status_code == 403
    # the Xihu bureau sees its agencies' rows of the province campaign but cannot review them
    xihu = cast.client("xihu")
    assert xihu.get(reverse("space_inventory:agency_detail", args=[other.pk])).status_code == 200
    assert xihu.post(reverse("space_inventory:agency_confirm",
                             args=[other.pk])).status_code == 403
    assert xihu.post(reverse("space_inventory:campaign_close", args=[province.pk]),
                     {"force": "on", "reason": "x"}).status_code == 403
    # the auditor reads everything and writes nothing
    auditor = cast.client("auditor")
    assert auditor.get(reverse("space_inventory:reconciliation",
                               args=[province.pk])).status_code == 200
    assert auditor.post(reverse("space_inventory:agency_upload",
                                args=[own.pk])).status_code == 403


# ---------------------------------------------------------------- bad input

def test_campaign_bad_input(cast: Cast, register: dict[str, Any]) -> None:
    # a scope out of the user's scope
    response = _open(cast, "xihu", "330203")
    assert response.status_code == 422
    assert "不在您的权限范围内" in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        actions.campaign_open(year=TODAY.year, region=_region("330203"), deadline=TODAY,
                                actor=cast.xihu)
    assert "不在您的权限范围内" in str(exc.value)
    # a deadline in the past
    response = _open(cast, "xihu", "330106",
                     deadline=(TODAY - dt.timedelta(days=1)).isoformat())
    assert response.status_code == 422
    assert "不能早于今天" in response.content.decode()
    # an absurd year
    assert "清查年度应在" in _open(cast, "xihu", "330106", year=1990).content.decode()
    assert not Campaign.objects.exists()
    # a second open campaign for the same year and scope
    assert _open(cast, "xihu", "330106").status_code == 302
    response = _open(cast, "xihu", "330106")
    assert response.status_code == 422
    assert "已有进行中的清查" in response.content.decode()
    assert Campaign.objects.count() == 1
    assert Task.objects.filter(kind=rules.TASK_KIND).count() == 1
    # an agency reporter cannot open one
    assert _open(cast, "ningbo_reporter", "330203").status_code == 403


def test_upload_bad_input_writes_nothing(cast: Cast, register: dict[str, Any]) -> None:
    assert _open(cast, "xihu", "330106").status_code == 302
    ca = CampaignAgency.objects.get()
    client = _reporter(cast.xihu_agency, "xihu_reporter")
    sheet = _download_rows(client, ca)

    def refused(data: bytes) -> str:
        response = _upload(client, ca, data)
        assert response.status_code == 422
        ca.refresh_from_db()
        assert ca.status == SubmissionStatus.PENDING
        assert ca.declaration == []
        assert Task.objects.open().filter(kind=rules.TASK_KIND).count() == 1
        return response.content.decode()

    # wrong headers
    page = refused(_xlsx([["楼号", "房号", "面积"], ["X1", "101", 20]]))
    assert "未找到表头：缺少必填列" in page
    # a room of another agency, a negative area, a bad use class, a bad floor: each with
    # its row number, all reported together
    rows = [list(r) for r in sheet[2:]]
    rows[0][5] = -3
    ningbo_room = ["N1", "N1办公楼", 3, "301", "办公室", 15, "李四", ""]
    vacant = ["X1", "X1办公楼", 3, "301", "办公室", 25, "", ""]
    bad_use = ["X1", "X1办公楼", 1, "104", "仓库", 10, "", ""]
    bad_floor = ["X1", "X1办公楼", 9, "901", "办公室", 10, "", ""]
    unknown = ["ZZ", "", 1, "1", "办公室", 10, "", ""]
    dup = list(rows[1])
    page = refused(_xlsx([sheet[0], sheet[1], *rows, ningbo_room, vacant, bad_use, bad_floor,
                          unknown, dup]))
    assert "第 3 行【使用面积（m²）】不能为负数" in page
    # A building outside the campaign's region does not exist for this declaration.
    assert "第 6 行【房产编号】房产编号“N1”不在房产台账中" in page
    assert "宁波市海曙区测试局" not in page  # nothing about it leaks
    assert "第 7 行【房间号】房间 X1办公楼 301 在台账中未分配给本单位" in page
    assert "第 8 行【用途分类】“仓库”无效" in page
    assert "第 9 行【楼层】楼层 9 不存在" in page
    assert "第 10 行【房产编号】房产编号“ZZ”不在房产台账中" in page
    assert "第 11 行【房间号】房间 X1 102 与第 4 行重复" in page
    # not a spreadsheet; no rows
    assert "无法读取该文件" in refused(b"\x00\x01garbage")
    assert "表头下方没有数据行" in refused(_xlsx([sheet[1]]))



def test_only_agencies_using_rooms_take_part(cast: Cast) -> None:
    from jiguan.space.inventory.queries import participants

    b = Building.objects.create(code="T-P-1", name="参与测试楼", region=cast.xihu_agency.region,
                                building_area=Decimal(1000), floors_above=3)
    floor = Floor.objects.create(building=b, number=1)
    room = Room.objects.create(building=b, floor=floor, number="101", use_class="office",
                               usable_area=Decimal(20))
    Occupancy.objects.create(room=room, agency=cast.xihu_agency, start_date=dt.date(2025, 1, 1))
    province = Region.objects.get(code="330000")
    assert list(participants(province)) == [cast.xihu_agency]
