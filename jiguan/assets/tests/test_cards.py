"""The units' state assets (issue 15 section 3): the class tree, cards and their register
links, the configuration standard, disposal and lease matters with their approvals by value,
the office-space rules for buildings, import, export, the yearly report, pages and API."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.test import override_settings
from python_calamine import CalamineWorkbook

from jiguan.assets.cards import actions, queries, rules
from jiguan.assets.cards.models import (
    AssetCard,
    AssetClass,
    CardStatus,
    Decision,
    Level,
    Matter,
    MatterStatus,
)
from jiguan.assets.tests.cards_fixtures import Cards, card_data, klass
from jiguan.audit.models import AuditEvent
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.space.register.models import Building, Occupancy, Occupant
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db


def _submit(c: Cards, cards: list[AssetCard], kind: str = "scrap", **kw: Any) -> Matter:
    return actions.matter_submit(agency=cards[0].agency, kind=kind, cards=cards,
                                 reason=kw.pop("reason", "已达使用年限，无法修复"),
                                 actor=c.cast.xihu, **kw)


# -- rules and data --------------------------------------------------------------------------


def test_the_class_tree_is_loaded_with_its_top_classes_and_parents(db: Any) -> None:
    tops = list(AssetClass.objects.filter(level=1).values_list("code", flat=True))
    assert tops == ["1", "2", "3", "4", "5", "6"]
    desktop = AssetClass.objects.get(code="2010104")
    assert desktop.parent.code == "20101" and desktop.parent.parent.code == "201"
    assert desktop.parent.parent.parent.code == "2"
    assert AssetClass.objects.get(code="102").name == "房屋"
    assert AssetClass.objects.get(code="2010104").standard.per_person == Decimal(1)


def test_levels_by_value_and_the_building_floor() -> None:
    assert rules.levels_for("scrap", Decimal("499999.99")) == []
    assert rules.levels_for("scrap", Decimal("500000")) == [Level.BUREAU]
    assert rules.levels_for("sale", Decimal("2000000")) == [Level.BUREAU, Level.PROVINCE]
    assert rules.levels_for("rent", Decimal("100000")) == [Level.BUREAU]
    assert rules.levels_for("scrap", Decimal("1"), has_building=True) == [Level.BUREAU]
    with override_settings(JIGUAN_ASSETS_DISPOSAL_LIMITS={"bureau": "1000"}):
        assert rules.levels_for("scrap", Decimal("1000")) == [Level.BUREAU]


def test_over_standard_says_why() -> None:
    assert rules.over_standard(held=44, adding=1, per_person=Decimal(1), headcount=45,
                               unit_price=Decimal(4000), max_price=Decimal(5000)) == []
    why = rules.over_standard(held=45, adding=1, per_person=Decimal(1), headcount=45,
                              unit_price=Decimal(6000), max_price=Decimal(5000))
    assert "超过标准 45 件" in why[0] and "超过标准上限" in why[1]


# -- cards -----------------------------------------------------------------------------------


def test_a_card_with_a_class_that_does_not_exist_is_refused_on_the_page_and_the_api(
        cards: Cards) -> None:
    c = cards.client("xihu")
    r = c.post("/assets/cards/new/", {"class_code": "9999999", "card_no": "X-1", "quantity": "1",
                                      "value": "10", "acquired_on": "2024-01-01",
                                      "agency": cards.cast.xihu_agency.pk})
    assert r.status_code == 422 and "资产分类代码“9999999”不存在" in r.content.decode()
    r = c.post("/api/v1/assets/cards", json.dumps({
        "card_no": "X-1", "class_code": "9999999", "value": "10", "acquired_on": "2024-01-01",
        "agency_id": cards.cast.xihu_agency.pk}), content_type="application/json")
    assert r.status_code == 422 and "9999999" in r.content.decode()
    assert not AssetCard.objects.filter(card_no="X-1").exists()


def test_a_building_card_links_the_register_instead_of_typing_it_twice(cards: Cards) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.card_create(data=card_data(cards.cast.xihu_agency, card_no="FW-1",
                                           asset_class=klass("10201"), name=""), actor=None)
    assert "房屋类资产须关联办公用房台账" in str(exc.value)
    card = actions.card_create(data=card_data(
        cards.cast.xihu_agency, card_no="FW-1", asset_class=klass("10201"), name="",
        value=Decimal("12000000"), building=cards.office), actor=cards.cast.xihu)
    assert card.name == "西湖区行政中心1号楼"
    office = Building.objects.get(pk=cards.office.pk)
    assert office.asset_card_no == "FW-1" and office.book_value == Decimal("12000000")
    with pytest.raises(ValidationError) as exc:
        actions.card_create(data=card_data(cards.cast.xihu_agency, card_no="FW-2",
                                           asset_class=klass("10201"), building=cards.office),
                            actor=None)
    assert "一栋房产只建一张卡片" in str(exc.value)


def test_a_room_must_be_in_the_building(cards: Cards) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.card_create(data=card_data(cards.cast.xihu_agency, card_no="R-1",
                                           building=cards.hall, room=cards.room), actor=None)
    assert "不在所选房产中" in str(exc.value)


def test_a_configuration_beyond_the_standard_needs_its_reason(cards: Cards) -> None:
    agency = cards.cast.xihu_agency
    with pytest.raises(ValidationError) as exc:
        actions.card_create(data=card_data(agency, card_no="PC-BIG", value=Decimal("9000")),
                            actor=None)
    assert "超标准配置理由" in str(exc.value) and "单价 9,000.00 元超过标准上限" in str(exc.value)
    card = actions.card_create(data=card_data(agency, card_no="PC-BIG", value=Decimal("9000"),
                                              over_standard_reason="图形工作站，业务需要"),
                               actor=None)
    assert card.over_standard_reason == "图形工作站，业务需要"
    with pytest.raises(ValidationError) as exc:
        actions.card_create(data=card_data(agency, card_no="PC-MANY", quantity=45), actor=None)
    assert "超过标准 45 件" in str(exc.value)


# -- matters ---------------------------------------------------------------------------------


def test_below_the_limit_the_unit_decides_and_executes(cards: Cards) -> None:
    matter = _submit(cards, [cards.pc])
    assert matter.status == MatterStatus.APPROVED and not matter.approvals.exists()
    assert Task.objects.open().filter(kind=rules.TASK_EXECUTE, agency=cards.cast.xihu_agency)
    actions.matter_execute(matter=matter, done_on=dt.date(2025, 1, 10), actor=cards.cast.xihu)
    card = AssetCard.objects.get(pk=cards.pc.pk)
    assert card.status == CardStatus.DISPOSED and card.disposed_on == dt.date(2025, 1, 10)
    assert not Task.objects.open().filter(kind=rules.TASK_EXECUTE).exists()
    assert AuditEvent.objects.filter(event_type="assets.matter.executed").count() == 1


@override_settings(JIGUAN_ASSETS_DISPOSAL_LIMITS={"bureau": "200000", "province": "250000"})
def test_a_disposal_above_the_limit_without_approval_is_refused(cards: Cards) -> None:
    matter = _submit(cards, [cards.car], kind="sale", counterparty="省公共资源交易中心")
    assert matter.status == MatterStatus.APPROVING
    assert [(a.level, a.region.code) for a in matter.approvals.all()] == [
        (Level.BUREAU, "330106"), (Level.PROVINCE, "330000")]
    with pytest.raises(ValidationError) as exc:
        actions.matter_execute(matter=matter, done_on=dt.date(2025, 1, 10), document="X",
                               actor=cards.cast.xihu)
    assert "尚未批准，不能出售" in str(exc.value)
    assert AssetCard.objects.get(pk=cards.car.pk).status == CardStatus.IN_USE
    # each level a to-do at its region; only that region's bureau approves
    task = Task.objects.open().get(kind=rules.TASK_APPROVE)
    assert task.region.code == "330106"
    assert actions.can_approve(cards.cast.hangzhou, matter)  # a city bureau covers Xihu
    actions.matter_approve(matter=matter, actor=cards.cast.xihu)
    task = Task.objects.open().get(kind=rules.TASK_APPROVE)
    assert task.region.code == "330000"
    assert not actions.can_approve(cards.cast.xihu, matter)
    with pytest.raises(ValidationError):
        actions.matter_approve(matter=matter, actor=cards.cast.xihu)
    actions.matter_approve(matter=matter, note="同意公开拍卖", actor=cards.staff)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.APPROVED
    with pytest.raises(ValidationError) as exc:
        actions.matter_execute(matter=matter, done_on=dt.date(2025, 1, 10),
                               actor=cards.cast.xihu)
    assert "批复文号" in str(exc.value)
    actions.matter_execute(matter=matter, done_on=dt.date(2025, 1, 10),
                           document="浙机事〔2025〕3号", income=Decimal("80000"),
                           actor=cards.cast.xihu)
    assert AssetCard.objects.get(pk=cards.car.pk).status == CardStatus.DISPOSED


@override_settings(JIGUAN_ASSETS_DISPOSAL_LIMITS={"bureau": "200000"})
def test_a_rejection_needs_its_reason_and_ends_the_matter(cards: Cards) -> None:
    matter = _submit(cards, [cards.car])
    with pytest.raises(ValidationError) as exc:
        actions.matter_reject(matter=matter, note="", actor=cards.cast.xihu)
    assert "须说明理由" in str(exc.value)
    actions.matter_reject(matter=matter, note="车辆尚可使用", actor=cards.cast.xihu)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REJECTED
    assert matter.approvals.get().decision == Decision.REJECTED
    assert not Task.objects.open().filter(kind=rules.TASK_APPROVE).exists()
    # the card is free again for a new matter
    assert _submit(cards, [cards.car], kind="transfer", counterparty="西湖区档案馆").pk


def test_a_card_in_an_open_matter_cannot_go_into_another(cards: Cards) -> None:
    _submit(cards, [cards.pc])
    with pytest.raises(ValidationError) as exc:
        _submit(cards, [cards.pc], kind="donation", counterparty="希望小学")
    assert "已在办理中的事项中" in str(exc.value)


def test_office_space_is_never_rented_or_lent_out(cards: Cards) -> None:
    office = actions.card_create(data=card_data(
        cards.cast.xihu_agency, card_no="FW-1", asset_class=klass("10201"),
        building=cards.office), actor=None)
    with pytest.raises(ValidationError) as exc:
        _submit(cards, [office], kind="rent", counterparty="某公司",
                start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31))
    assert "不得出租、出借办公用房" in str(exc.value)
    assert not Matter.objects.exists()


def test_disposing_of_a_building_goes_through_the_office_space_rules(cards: Cards) -> None:
    hall = actions.card_create(data=card_data(
        cards.cast.xihu_agency, card_no="FW-2", asset_class=klass("10202"),
        value=Decimal("1000"), building=cards.hall), actor=None)
    matter = _submit(cards, [hall], kind="transfer", counterparty="西湖区档案馆")
    # however small its value, the unit may not dispose of a building itself
    assert [a.level for a in matter.approvals.all()] == [Level.BUREAU]
    actions.matter_approve(matter=matter, actor=cards.cast.xihu)
    room = cards.hall.rooms.get()
    person = Occupant.objects.create(room=room, person=cards.cast.xihu_person,
                                     start_date=dt.date(2021, 1, 1))
    with pytest.raises(ValidationError) as exc:
        actions.matter_execute(matter=matter, done_on=dt.date(2025, 2, 1), document="批复",
                               actor=cards.cast.xihu)
    assert "须先腾退" in str(exc.value)
    person.end_date = dt.date(2024, 12, 31)
    person.save()
    actions.matter_execute(matter=matter, done_on=dt.date(2025, 2, 1), document="批复",
                           actor=cards.cast.xihu)
    hall_now = Building.objects.get(pk=cards.hall.pk)
    assert hall_now.owner == "西湖区档案馆" and hall_now.asset_card_no == ""
    assert not Occupancy.objects.filter(room__building=cards.hall, end_date__isnull=True)
    assert AuditEvent.objects.filter(event_type="space.building.updated",
                                     target_id=str(cards.hall.pk)).exists()


def test_a_lease_marks_the_card_and_comes_back(cards: Cards) -> None:
    matter = _submit(cards, [cards.car], kind="lend", counterparty="区应急管理局",
                     start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 3, 31))
    assert matter.status == MatterStatus.APPROVING      # 260,000 >= lease limit 100,000
    actions.matter_approve(matter=matter, actor=cards.cast.xihu)
    actions.matter_execute(matter=matter, done_on=dt.date(2025, 1, 1), document="出借协议",
                           actor=cards.cast.xihu)
    assert AssetCard.objects.get(pk=cards.car.pk).status == CardStatus.LENT
    actions.matter_take_back(matter=matter, on=dt.date(2025, 3, 31), actor=cards.cast.xihu)
    assert AssetCard.objects.get(pk=cards.car.pk).status == CardStatus.IN_USE


# -- pages, API, Excel ----------------------------------------------------------------------


def test_pages_approve_and_execute(cards: Cards) -> None:
    c = cards.client("xihu")
    assert c.get("/assets/cards/?asset_class=2").status_code == 200
    r = c.post("/assets/disposals/new/", {"kind": "sale", "cards": [cards.car.pk],
                                        "reason": "更新", "counterparty": ""})
    assert r.status_code == 422 and "请填写接收方" in r.content.decode()
    with override_settings(JIGUAN_ASSETS_DISPOSAL_LIMITS={"bureau": "200000"}):
        r = c.post("/assets/disposals/new/", {"kind": "sale", "cards": [cards.car.pk],
                                            "reason": "更新", "counterparty": "拍卖行"})
        assert r.status_code == 302
        matter = Matter.objects.get()
        r = c.post(f"/assets/disposals/{matter.pk}/execute/", {"done_on": "2025-01-02",
                                                             "document": "x"})
        assert r.status_code == 422 and "尚未批准" in r.content.decode()
        assert cards.client("ningbo_reporter").post(
            f"/assets/disposals/{matter.pk}/approve/", {}).status_code == 404
        assert c.post(f"/assets/disposals/{matter.pk}/approve/", {}).status_code == 302
        r = c.post(f"/assets/disposals/{matter.pk}/execute/", {"done_on": "2025-01-02",
                                                             "document": "x"})
        assert r.status_code == 302
    page = c.get(f"/assets/disposals/{matter.pk}/").content.decode()
    assert "已办结" in page and "同意" in page
    assert c.get(f"/assets/cards/{cards.car.pk}/").status_code == 200
    assert c.get("/assets/classes/").status_code == 200


def test_standards_are_edited_by_the_province_only(cards: Cards) -> None:
    desk = klass("60102")
    assert cards.client("xihu").get(f"/assets/classes/{desk.pk}/standard/").status_code == 403
    c = cards.client("staff")
    r = c.post(f"/assets/classes/{desk.pk}/standard/", {"source": "省定标准"})
    assert r.status_code == 422 and "至少填写一项" in r.content.decode()
    r = c.post(f"/assets/classes/{desk.pk}/standard/", {
        "per_person": "1", "max_unit_price": "2500", "source": "浙财资产〔2020〕X号"})
    assert r.status_code == 302
    desk.refresh_from_db()
    assert desk.standard.max_unit_price == Decimal(2500) and not desk.standard.unverified


def test_api_lists_and_steps(cards: Cards) -> None:
    c = cards.client("xihu")
    listed = c.get("/api/v1/assets/cards?asset_class=201").json()
    assert [x["card_no"] for x in listed["items"]] == ["ZC-001"]
    assert listed["count"] == 1
    r = c.post("/api/v1/assets/disposals", json.dumps({
        "kind": "scrap", "card_ids": [cards.ningbo_pc.pk], "reason": "x"}),
        content_type="application/json")
    assert r.status_code == 422                        # not the user's card
    with override_settings(JIGUAN_ASSETS_DISPOSAL_LIMITS={"bureau": "1000"}):
        r = c.post("/api/v1/assets/disposals", json.dumps({
            "kind": "scrap", "card_ids": [cards.pc.pk], "reason": "损坏"}),
            content_type="application/json")
        assert r.status_code == 201 and r.json()["status"] == "approving"
        mid = r.json()["id"]
        r = cards.client("hangzhou").post(f"/api/v1/assets/disposals/{mid}/execute",
                                          json.dumps({"done_on": "2025-01-01"}),
                                          content_type="application/json")
        assert r.status_code == 422
        assert cards.client("auditor").post(f"/api/v1/assets/disposals/{mid}/approve",
                                            "{}", content_type="application/json"
                                            ).status_code == 403
        r = c.post(f"/api/v1/assets/disposals/{mid}/approve", "{}",
                   content_type="application/json")
        assert r.status_code == 200 and r.json()["status"] == "approved"
        assert r.json()["approvals"][0]["decision"] == "approved"
    report = c.get("/api/v1/assets/report?year=2024").json()
    assert report["total"]["count"] == 2


def test_export_has_every_filtered_row(cards: Cards) -> None:
    r = cards.client("province_admin").get("/assets/cards/export.xlsx?asset_class=2010104")
    assert r.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(r.streaming_content)))
    values = [v for row in book.get_sheet_by_index(0).to_python() for v in row]
    assert "ZC-001" in values and "NB-001" in values and "ZC-002" not in values, values


def _workbook(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["资产卡片号", "资产分类代码", "资产名称", "数量", "原值", "取得日期",
                           "使用单位信用代码", "房产编号", "房间号", "存放地点", "状态",
                           "超标准配置理由"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


def test_import_names_the_row_of_an_unknown_class_and_asks_about_over_standard(
        cards: Cards) -> None:
    user = cards.cast.xihu
    code = cards.cast.xihu_agency.credit_code
    bad = _workbook([["I-1", "2010104", "台式机", 1, 4000, "2024-01-05", code, "XH-BG01", "101",
                      "", "在用", ""],
                     ["I-2", "8888", "不明", 1, 10, "2024-01-05", code, "", "", "", "", ""],
                     ["I-3", "10201", "", 1, 10, "2024-01-05", code, "", "", "", "", ""]])
    job = validate_job(create_job(kind="assets.card", filename="c.xlsx", data=bad,
                                  user=user).pk)
    assert job.status == ImportStatus.INVALID
    assert {(e["row"], e["column"]) for e in job.errors} == {(3, "资产分类代码"), (4, "房产编号")}
    assert "资产分类代码“8888”不存在" in json.dumps(job.errors, ensure_ascii=False)
    assert not AssetCard.objects.filter(card_no="I-1").exists()
    good = _workbook([["I-1", "2010104", "台式机", 1, 4000, "2024-01-05", code, "XH-BG01", "101",
                       "", "闲置", ""],
                      ["I-4", "2010104", "工作站", 1, 9000, "2024-01-05", code, "", "", "机房",
                       "", ""]])
    job = apply_job(validate_job(create_job(kind="assets.card", filename="c.xlsx", data=good,
                                            user=user).pk).pk, user.pk)
    assert job.status == ImportStatus.VALID                     # waits for the confirmation
    assert job.plan["warning_count"] == 1 and job.plan["warnings"][0]["row"] == 3
    assert not AssetCard.objects.filter(card_no="I-1").exists()
    ImportJob.objects.filter(pk=job.pk).update(options={**job.options,
                                                        "warnings_confirmed": True})
    job = apply_job(job.pk, user.pk)
    assert job.status == ImportStatus.DONE
    made = AssetCard.objects.get(card_no="I-1")
    assert made.status == CardStatus.IDLE and made.room == cards.room
    assert made.import_job_id == job.pk


def test_the_yearly_report_per_unit_and_region(cards: Cards) -> None:
    matter = _submit(cards, [cards.pc])
    actions.matter_execute(matter=matter, done_on=dt.date(2025, 3, 1), actor=cards.cast.xihu)
    r24 = queries.yearly_report(cards.cast.province_admin, 2024)
    assert r24.total.count == 3 and r24.total.value == Decimal("269600")
    assert [row.label for row in r24.regions] == ["杭州市", "宁波市"]
    assert r24.regions[0].value == Decimal("264800")
    r25 = queries.yearly_report(cards.cast.province_admin, 2025)
    assert r25.total.count == 2 and r25.total.disposed == Decimal("4800")
    assert queries.yearly_report(cards.cast.ningbo_reporter, 2024).total.count == 1
    r = cards.client("province_admin").get("/assets/report/download.xlsx?year=2025")
    assert r.status_code == 200
    wb = CalamineWorkbook.from_filelike(io.BytesIO(r.content))
    assert wb.sheet_names == ["按地区汇总", "按单位", "说明"]
    assert wb.get_sheet_by_name("按地区汇总").to_python()[3][0] == "杭州市"
    r = cards.client("province_admin").get("/assets/report/?year=abc")
    assert r.status_code == 422


def test_the_list_filters_by_agency_name_or_credit_code_without_a_select_of_every_agency(
        cards: Cards) -> None:
    """The agency filter is text (name or credit code): a select of every agency in scope was
    40,000 options on each page at the province (bench/README.md, session 8)."""
    c = cards.client("province_admin")
    page = c.get("/assets/cards/").content.decode()
    assert '<select name="agency"' not in page and 'name="agency"' in page
    xihu, ningbo = cards.cast.xihu_agency, cards.ningbo_pc.agency
    assert ningbo.name not in page.split('name="agency"')[0]  # no option list of agencies
    by_name = c.get("/assets/cards/", {"agency": xihu.name[1:5]}).content.decode()
    assert cards.pc.card_no in by_name and cards.ningbo_pc.card_no not in by_name
    by_code = c.get("/assets/cards/", {"agency": ningbo.credit_code.lower()}).content.decode()
    assert cards.ningbo_pc.card_no in by_code and cards.pc.card_no not in by_code
    # the API keeps its agency id; another region's id finds nothing for Xihu
    api = cards.client("xihu").get("/api/v1/assets/cards", {"agency": ningbo.pk}).json()
    assert api["items"] == []
    api = c.get("/api/v1/assets/cards", {"agency": ningbo.pk}).json()
    assert [i["card_no"] for i in api["items"]] == [cards.ningbo_pc.card_no]
