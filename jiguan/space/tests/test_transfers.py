"""Asset transfer: the batch's status machine, who confirms each step (the agency, then the
finance department), the to-dos, the register's book values after booking, the ledger and
the finance workbook, bad input and scope."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.conftest import Cast, _grant, _user
from jiguan.space.register.models import Building
from jiguan.space.transfers import actions, rules
from jiguan.space.transfers.models import TransferBatch, TransferItem, TransferStatus
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def finance(cast: Cast) -> Any:
    user = _user("xihu_finance")
    _grant(user, Role.FINANCE_STAFF, "330106")
    return user


@pytest.fixture
def xihu_reporter(cast: Cast) -> Any:
    user = _user("xihu_reporter")
    _grant(user, Role.AGENCY_REPORTER, agency=cast.xihu_agency)
    return user


def building(code: str, region: str = "330106") -> Building:
    return Building.objects.create(code=code, name=f"{code}办公楼", building_area=Decimal("800"),
                                   region=Region.objects.get(code=region), floors_above=5,
                                   book_value=Decimal("1"))


def batch(c: Cast, number: str = "YJ-2025-01") -> TransferBatch:
    return actions.batch_create(data={"number": number, "region": Region.objects.get(code="330106"),
                                      "agency": c.xihu_agency.credit_code,
                                      "transfer_date": TODAY, "note": ""}, actor=c.xihu)


def item(b: TransferBatch, code: str, c: Cast, original: str = "1000000",
         dep: str = "250000") -> TransferItem:
    return actions.item_add(batch=b, data={"building_code": code,
                                           "original_value": Decimal(original),
                                           "depreciation": Decimal(dep), "from_card_no": "A-1",
                                           "new_card_no": "JG-1"}, actor=c.xihu)


def inbox(user: Any) -> list[str]:
    return list(Task.objects.inbox(user).filter(kind=rules.TASK_KIND)
                .values_list("title", flat=True))


def test_net_value_rule() -> None:
    assert rules.net_value(Decimal(10), Decimal(3)) == Decimal(7)
    with pytest.raises(ValueError, match="累计折旧"):
        rules.net_value(Decimal(10), Decimal(11))


def test_flow_with_its_todos_and_the_register(cast: Cast, finance: Any,
                                              xihu_reporter: Any) -> None:
    building("XH-T1")
    b = batch(cast)
    item(b, "XH-T1", cast)
    actions.batch_submit(batch=b, actor=cast.xihu)
    assert inbox(xihu_reporter) == ["确认资产移交清单：YJ-2025-01"]
    for who in (cast.xihu, cast.hangzhou, finance, cast.ningbo_reporter, cast.auditor):
        assert inbox(who) == []
    with pytest.raises(ValidationError):
        actions.agency_confirm(batch=b, actor=cast.xihu)  # the bureau cannot confirm for it
    actions.batch_return(batch=b, reason="原值有误", actor=xihu_reporter)
    assert inbox(xihu_reporter) == []
    assert inbox(cast.xihu) == ["资产移交批次被退回，请修改：YJ-2025-01"]
    actions.batch_submit(batch=b, actor=cast.xihu)
    actions.agency_confirm(batch=b, actor=xihu_reporter)
    assert inbox(finance) == ["资产移交调账待财务确认：YJ-2025-01"]
    for who in (cast.xihu, xihu_reporter, cast.ningbo_reporter, cast.auditor):
        assert inbox(who) == []
    with pytest.raises(ValidationError):
        actions.finance_confirm(batch=b, voucher_no="记-1", booked_on=TODAY, actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        actions.finance_confirm(batch=b, voucher_no="记-1",
                                booked_on=TODAY - dt.timedelta(days=1), actor=finance)
    assert "booked_on" in exc.value.message_dict
    actions.finance_confirm(batch=b, voucher_no="记-1", booked_on=TODAY, actor=finance)
    b.refresh_from_db()
    assert b.status == TransferStatus.CONFIRMED
    bld = Building.objects.get(code="XH-T1")
    assert bld.book_value == Decimal("750000") and bld.asset_card_no == "JG-1"
    assert not Task.objects.open().filter(kind=rules.TASK_KIND).exists()


def test_bad_input_names_the_field_and_writes_nothing(cast: Cast) -> None:
    building("XH-T2")
    building("NB-T1", region="330203")
    b = batch(cast)
    cases = [({"building_code": "NB-T1"}, "building_code"),
             ({"building_code": "NOPE"}, "building_code"),
             ({"building_code": "XH-T2", "depreciation": Decimal("2000000")}, "depreciation")]
    for extra, field in cases:
        data = {"building_code": "XH-T2", "original_value": Decimal("1000000"),
                "depreciation": Decimal(0), **extra}
        with pytest.raises(ValidationError) as exc:
            actions.item_add(batch=b, data=data, actor=cast.xihu)
        assert field in exc.value.message_dict
    assert not TransferItem.objects.exists()
    with pytest.raises(ValidationError) as exc:
        actions.batch_submit(batch=b, actor=cast.xihu)
    assert "items" in exc.value.message_dict
    item(b, "XH-T2", cast)
    other = batch(cast, "YJ-2025-02")
    with pytest.raises(ValidationError) as exc:
        item(other, "XH-T2", cast)
    assert "不能重复移交" in exc.value.message_dict["building_code"][0]
    with pytest.raises(ValidationError) as exc:
        batch(cast, "YJ-2025-02")
    assert "number" in exc.value.message_dict


def test_pages_exports_workbook_and_scope(cast: Cast, finance: Any) -> None:
    building("XH-T3")
    b = batch(cast)
    item(b, "XH-T3", cast)
    url = reverse("space_transfers:batch_detail", args=[b.pk])
    assert cast.client("xihu").get(url).status_code == 200
    assert cast.client("ningbo_reporter").get(url).status_code == 404
    r = cast.client("xihu").post(reverse("space_transfers:item_add", args=[b.pk]),
                                 {"building_code": "XH-T3", "original_value": "-5"})
    assert r.status_code == 422 and "账面原值（元）不能为负数" in r.content.decode()
    r = cast.client("xihu").post(reverse("space_transfers:agency_confirm", args=[b.pk]))
    assert r.status_code == 403
    r = cast.client("xihu").get(reverse("space_transfers:batch_workbook", args=[b.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_name(
        "调账明细").to_python()
    assert sheet[4][1] == "XH-T3" and sheet[4][7] == 750000
    r = cast.client("xihu").get(reverse("space_transfers:ledger_export"), {"status": "draft"})
    assert r.status_code == 200
    ledger = CalamineWorkbook.from_filelike(io.BytesIO(r.getvalue())).get_sheet_by_index(
        0).to_python()
    assert "状态=草稿" in ledger[1][0]
    assert ledger[3][4] == "XH-T3"
    r = cast.client("ningbo_reporter").get(reverse("space_transfers:ledger"))
    assert "XH-T3" not in r.content.decode()
    assert cast.client("xihu").get(reverse("space_transfers:batch_export")).status_code == 200


def test_api(cast: Cast, finance: Any, xihu_reporter: Any) -> None:
    building("XH-T4")
    c = cast.client("xihu")
    r = c.post("/api/v1/space/transfers/", json.dumps({
        "number": "API-1", "region": "330106", "agency": cast.xihu_agency.credit_code,
        "transfer_date": str(TODAY)}), content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = c.post(f"/api/v1/space/transfers/{pk}/items", json.dumps(
        {"building_code": "XH-T4", "original_value": "abc"}), content_type="application/json")
    assert r.status_code == 422 and "original_value" in r.json()["errors"]
    r = c.post(f"/api/v1/space/transfers/{pk}/items", json.dumps(
        {"building_code": "XH-T4", "original_value": "100"}), content_type="application/json")
    assert r.status_code == 200
    assert c.post(f"/api/v1/space/transfers/{pk}/submit").status_code == 200
    assert cast.client("ningbo_reporter").get(f"/api/v1/space/transfers/{pk}").status_code == 404
    from django.test import Client
    rc = Client()
    rc.force_login(xihu_reporter)
    assert rc.post(f"/api/v1/space/transfers/{pk}/agency-confirm").status_code == 200
    fc = Client()
    fc.force_login(finance)
    r = fc.post(f"/api/v1/space/transfers/{pk}/finance-confirm", json.dumps(
        {"voucher_no": "", "booked_on": str(TODAY)}), content_type="application/json")
    assert r.status_code == 422 and "voucher_no" in r.json()["errors"]
    r = fc.post(f"/api/v1/space/transfers/{pk}/finance-confirm", json.dumps(
        {"voucher_no": "记-9", "booked_on": str(TODAY)}), content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert c.get("/api/v1/space/transfers/ledger").json()["count"] == 1
