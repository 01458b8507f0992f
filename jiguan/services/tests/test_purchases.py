"""Purchases (购买项目) and contracts: the rules of 财政部令第102号 refused in the actions
(no budget, negative list, outside the buyer's catalogue, ineligible buyer or supplier, a
term over the limit without its reason), the status steps with their audit rows, the
expiry to-do, the year's figures, the pages and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import make_credit_code
from jiguan.orgs.models import Agency
from jiguan.services.catalogue import actions as catalogue_actions
from jiguan.services.catalogue.models import ServiceItem, Supplier
from jiguan.services.purchases import actions, queries, rules
from jiguan.services.purchases.models import Contract, Purchase, PurchaseLine, PurchaseStatus
from jiguan.services.tests.fixtures import YEAR, Services, item
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db


def _data(agency: Agency, **over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "agency": agency, "year": YEAR, "title": "机关办公区保洁服务",
        "budget_line": "2026年度部门预算·物业管理费", "budget_amount": Decimal("300000"),
        "method": "consultation", "note": "",
        "lines": [{"item": item("0301"), "quantity": Decimal("5000"),
                   "unit_price": Decimal("4.5")}]}
    d.update(over)
    return d


def _contract_data(**over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "contract_no": "XH-2026-001", "price": Decimal("270000"),
        "signed_on": dt.date(YEAR, 3, 1), "start_date": dt.date(YEAR, 3, 1),
        "end_date": dt.date(YEAR + 1, 2, 28), "long_term_reason": "",
        "published_on": None, "settlement": "quarter", "pay_excellent": Decimal(100),
        "pay_good": Decimal(100), "pay_pass": Decimal(90), "pay_fail": Decimal(0)}
    d.update(over)
    return d


def _purchase(services: Services, **over: Any) -> Purchase:
    c = services.cast
    return actions.purchase_create(data=_data(c.xihu_agency, **over), actor=c.xihu)


def _contracted(services: Services, **over: Any) -> Purchase:
    c = services.cast
    p = _purchase(services)
    actions.purchase_procure(purchase=p, supplier=services.supplier,
                             procured_on=dt.date(YEAR, 2, 20), actor=c.xihu)
    actions.purchase_contract(purchase=p, data=_contract_data(**over), actor=c.xihu)
    return Purchase.objects.get(pk=p.pk)


def _field_error(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


# --- register ----------------------------------------------------------------------------


def test_a_purchase_is_planned_with_its_lines_and_an_audit_row(services: Services) -> None:
    p = _purchase(services)
    assert p.status == PurchaseStatus.PLANNED
    assert p.category.code == "03"
    assert list(p.lines.values_list("item__code", flat=True)) == ["0301"]
    assert AuditEvent.objects.filter(event_type="services.purchase.created").count() == 1


@pytest.mark.parametrize(("field", "over"), [
    ("budget_line", {"budget_line": "  "}),
    ("budget_amount", {"budget_amount": None}),
])
def test_no_purchase_without_a_budget(services: Services, field: str,
                                      over: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        _purchase(services, **over)
    assert "先有预算后购买" in _field_error(exc, field)
    assert not Purchase.objects.exists()
    assert not PurchaseLine.objects.exists()


def test_an_estimate_over_the_budget_is_refused(services: Services) -> None:
    with pytest.raises(ValidationError) as exc:
        _purchase(services, budget_amount=Decimal("1000"))
    assert "超过预算金额" in _field_error(exc, "budget_amount")


def test_an_item_on_the_negative_list_is_refused_citing_the_article(services: Services) -> None:
    bad = ServiceItem.objects.create(category=item("0301").category, code="0399",
                                     name="保洁人员劳务派遣", unit="人·月")
    with pytest.raises(ValidationError) as exc:
        _purchase(services, lines=[{"item": bad, "quantity": Decimal(3), "unit_price": None}])
    assert "第十条⑤" in _field_error(exc, "item_1")
    with pytest.raises(ValidationError) as exc:
        _purchase(services, title="办公楼装修改造及保洁")
    assert "第十条③" in _field_error(exc, "title")
    assert not Purchase.objects.exists()


def test_an_item_outside_the_buyers_catalogue_is_refused(services: Services) -> None:
    c = services.cast
    catalogue_actions.catalogue_narrow(
        catalogue=services.xihu, items=ServiceItem.objects.exclude(code="0502"), actor=c.xihu)
    catalogue_actions.catalogue_publish(catalogue=services.xihu, actor=c.xihu)
    with pytest.raises(ValidationError) as exc:
        _purchase(services, lines=[{"item": item("0502"), "quantity": Decimal(50),
                                    "unit_price": None}])
    assert "室内绿植租摆" in _field_error(exc, "item_1")
    # the province's catalogue still lists it: a Hangzhou agency buys it
    p = actions.purchase_create(data=_data(c.hangzhou_agency, lines=[
        {"item": item("0502"), "quantity": Decimal(50), "unit_price": None}]), actor=c.hangzhou)
    assert p.pk


def test_no_catalogue_of_the_year_no_purchase(services: Services) -> None:
    with pytest.raises(ValidationError) as exc:
        _purchase(services, year=YEAR + 1)
    assert "尚未发布" in _field_error(exc, "year")


def test_an_institution_cannot_buy(services: Services) -> None:
    c = services.cast
    Agency.objects.filter(pk=c.xihu_agency.pk).update(type_code="024")
    c.xihu_agency.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        _purchase(services)
    assert "不能作为购买主体" in _field_error(exc, "agency")


def test_an_agency_outside_the_scope_is_refused(services: Services) -> None:
    c = services.cast
    with pytest.raises(ValidationError) as exc:
        actions.purchase_create(data=_data(c.ningbo_agency), actor=c.xihu)
    assert "权限范围" in _field_error(exc, "agency")


# --- steps -------------------------------------------------------------------------------


def test_a_public_welfare_supplier_is_refused(services: Services) -> None:
    c = services.cast
    p = _purchase(services)
    bad = Supplier.objects.create(name="某公益一类事业单位", kind="institution_1",
                                  credit_code=make_credit_code("330106", 955, "12"),
                                  region=services.supplier.region)
    with pytest.raises(ValidationError) as exc:
        actions.purchase_procure(purchase=p, supplier=bad, procured_on=dt.date(YEAR, 2, 1),
                                 actor=c.xihu)
    assert "第八条" in _field_error(exc, "supplier")
    p.refresh_from_db()
    assert p.status == PurchaseStatus.PLANNED and p.supplier is None


def test_a_supplier_with_a_bad_credit_code_is_refused(services: Services) -> None:
    c = services.cast
    p = _purchase(services)
    bad = Supplier.objects.create(name="代码错误公司", kind="enterprise",
                                  credit_code="91330106000000000X",
                                  region=services.supplier.region)
    with pytest.raises(ValidationError) as exc:
        actions.purchase_procure(purchase=p, supplier=bad, procured_on=dt.date(YEAR, 2, 1),
                                 actor=c.xihu)
    assert "统一社会信用代码" in _field_error(exc, "supplier")


def test_the_whole_walk_each_step_audited(services: Services) -> None:
    c = services.cast
    p = _contracted(services)
    assert p.status == PurchaseStatus.CONTRACTED
    with pytest.raises(ValidationError) as exc:
        actions.purchase_start(purchase=p, started_on=dt.date(YEAR, 3, 1), actor=c.xihu)
    assert "第二十三条" in _field_error(exc, "started_on")
    actions.contract_publish(purchase=p, published_on=dt.date(YEAR, 3, 2), actor=c.xihu)
    actions.purchase_start(purchase=p, started_on=dt.date(YEAR, 3, 3), actor=c.xihu)
    actions.purchase_evaluate(purchase=p, note="年度评价良好", actor=c.xihu)
    actions.purchase_close(purchase=p, note="合同履行完毕", actor=c.xihu)
    p.refresh_from_db()
    assert p.status == PurchaseStatus.CLOSED
    events = set(AuditEvent.objects.filter(event_type__startswith="services.").values_list(
        "event_type", flat=True))
    assert {"services.purchase.created", "services.purchase.procured",
            "services.purchase.contracted", "services.contract.published",
            "services.purchase.started", "services.purchase.evaluated",
            "services.purchase.closed"} <= events


def test_a_step_out_of_order_is_refused(services: Services) -> None:
    c = services.cast
    p = _purchase(services)
    with pytest.raises(ValidationError) as exc:
        actions.purchase_evaluate(purchase=p, actor=c.xihu)
    assert "计划" in _field_error(exc, "status")


def test_a_term_over_a_year_needs_its_reason_and_three_years_is_the_limit(
        services: Services) -> None:
    c = services.cast
    p = _purchase(services)
    actions.purchase_procure(purchase=p, supplier=services.supplier,
                             procured_on=dt.date(YEAR, 2, 20), actor=c.xihu)
    two_years = {"end_date": dt.date(YEAR + 2, 2, 28)}
    with pytest.raises(ValidationError) as exc:
        actions.purchase_contract(purchase=p, data=_contract_data(**two_years), actor=c.xihu)
    assert "第二十四条" in _field_error(exc, "long_term_reason")
    with pytest.raises(ValidationError) as exc:
        actions.purchase_contract(purchase=p, data=_contract_data(
            end_date=dt.date(YEAR + 3, 3, 1), long_term_reason="x" * 20), actor=c.xihu)
    assert "超过3年" in _field_error(exc, "end_date")
    assert not Contract.objects.exists()
    reason = "保洁内容固定、连续性强，经费列入部门预算且已保障，价格稳定"
    contract = actions.purchase_contract(
        purchase=p, data=_contract_data(long_term_reason=reason, **two_years), actor=c.xihu)
    assert contract.long_term_reason == reason


def test_a_contract_over_its_budget_is_refused(services: Services) -> None:
    with pytest.raises(ValidationError) as exc:
        _contracted(services, price=Decimal("300000.01"))
    assert "超过预算金额" in _field_error(exc, "price")


def test_the_payment_rule_never_pays_a_worse_grade_more(services: Services) -> None:
    with pytest.raises(ValidationError) as exc:
        _contracted(services, pay_pass=Decimal(100), pay_good=Decimal(80))
    assert "较低等级" in _field_error(exc, "pay_pass")
    p = _contracted(services, pay_pass=Decimal(85))
    contract = p.contract
    assert contract.pay_share("excellent") == 100
    assert contract.pay_share("pass") == 85
    assert rules.pay_label(contract.pay_share("pass")) == "扣减 15%（支付 85%）"
    assert rules.pay_label(contract.pay_share("fail")) == "暂停支付"
    assert rules.period_payment(Decimal("67500"), Decimal(85)) == Decimal("57375.00")


# --- the expiry to-do --------------------------------------------------------------------


def test_a_contract_ending_within_60_days_is_a_todo_once(services: Services) -> None:
    c = services.cast
    p = _contracted(services)
    today = dt.date(YEAR + 1, 1, 10)  # 49 days before 28 February
    assert actions.contract_remind(today=today - dt.timedelta(days=30)) == 0
    assert actions.contract_remind(today=today) == 1
    assert actions.contract_remind(today=today) == 0
    task = Task.objects.get(kind=rules.TASK_EXPIRY)
    assert task.agency_id == c.xihu_agency.pk and task.due_date == dt.date(YEAR + 1, 2, 28)
    actions.contract_publish(purchase=p, published_on=dt.date(YEAR, 3, 2), actor=c.xihu)
    actions.purchase_start(purchase=p, started_on=dt.date(YEAR, 3, 3), actor=c.xihu)
    actions.purchase_evaluate(purchase=p, actor=c.xihu)
    actions.purchase_close(purchase=p, actor=c.xihu)
    task.refresh_from_db()
    assert task.is_done


def test_the_scan_command_runs(services: Services) -> None:
    from io import StringIO

    out = StringIO()
    call_command("services_contract_reminders", stdout=out)
    assert "已生成合同到期提醒 0 项" in out.getvalue()


# --- the year's figures ------------------------------------------------------------------


def test_the_year_figures(services: Services) -> None:
    c = services.cast
    _contracted(services)  # consultation, 270 000 at Xihu
    other = catalogue_actions.supplier_register(
        data={"name": "杭州某保安公司", "credit_code": make_credit_code("330100", 902, "91"),
              "kind": "enterprise"}, region=services.supplier.region, actor=c.xihu)
    p = actions.purchase_create(data=_data(
        c.hangzhou_agency, method="single_source", title="门岗值守服务",
        lines=[{"item": item("0401"), "quantity": Decimal(24), "unit_price": None}]),
        actor=c.hangzhou)
    actions.purchase_procure(purchase=p, supplier=other, procured_on=dt.date(YEAR, 2, 1),
                             actor=c.hangzhou)
    actions.purchase_contract(purchase=p, data=_contract_data(price=Decimal("90000")),
                              actor=c.hangzhou)
    _purchase(services, title="计划中的项目")  # planned: not counted
    f = queries.figures(c.province_admin, YEAR)
    assert f["total"] == Decimal("360000") and f["count"] == 2
    assert f["competitive_share"] == Decimal("75.0")
    assert f["top_share"] == Decimal("100.0")
    assert f["hhi"] == Decimal(6250)  # 75² + 25²
    assert [r["name"] for r in f["by_region"]] == ["杭州市"]
    assert [(r["name"], r["amount"]) for r in f["by_category"]] == [
        ("环境卫生", Decimal(270000)), ("秩序维护", Decimal(90000))]
    assert [r["method"] for r in f["by_method"]] == ["consultation", "single_source"]
    assert f["scale_share"] == Decimal("0.2")  # 360 000 of 200 M
    xihu = queries.figures(c.xihu, YEAR)
    assert xihu["total"] == Decimal("270000") and xihu["province_total"] is None
    assert queries.figures(c.ningbo_reporter, YEAR)["total"] == 0


def test_the_scale_is_configurable(services: Services, settings: Any) -> None:
    settings.JIGUAN_SERVICES_YEAR_SCALE = 1_000_000
    _contracted(services)
    assert queries.figures(services.cast.province_admin, YEAR)["scale_share"] == Decimal("27.0")


# --- pure rules --------------------------------------------------------------------------


def test_term_rules() -> None:
    start = dt.date(2026, 3, 1)
    assert rules.term_errors(start=start, end=dt.date(2027, 2, 28), reason="") == {}
    assert "long_term_reason" in rules.term_errors(start=start, end=dt.date(2027, 3, 1),
                                                   reason="")
    assert "end_date" in rules.term_errors(start=start, end=start, reason="")
    assert rules.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert rules.concentration([]) == {"top_share": None, "hhi": None}
    assert rules.period_count(start, dt.date(2027, 2, 28), "quarter") == 4


# --- pages and API -----------------------------------------------------------------------


def _post(services: Services, **over: Any) -> dict[str, Any]:
    c = services.cast
    d = {"agency": c.xihu_agency.pk, "year": YEAR, "title": "机关办公区保洁服务",
         "budget_line": "部门预算·物业管理费", "budget_amount": "300000",
         "method": "consultation", "item_1": item("0301").pk, "quantity_1": "5000",
         "unit_price_1": "4.5", "note": ""}
    d.update(over)
    return d


def test_the_page_registers_a_purchase_and_refuses_in_chinese(services: Services) -> None:
    client = services.cast.client("xihu")
    r = client.post(reverse("services:purchase_create"), _post(services, budget_line=""))
    assert r.status_code == 422
    assert "先有预算后购买" in r.content.decode()
    r = client.post(reverse("services:purchase_create"), _post(services, quantity_1=""))
    assert r.status_code == 422 and "请填写服务事项 1 的数量" in r.content.decode()
    assert not Purchase.objects.exists()
    r = client.post(reverse("services:purchase_create"), _post(services))
    p = Purchase.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("services:purchase_detail",
                                                              args=[p.pk])
    page = client.get(r["Location"]).content.decode()
    assert "办公区域保洁" in page and "在参考价区间内" not in page  # no price set
    r = client.post(reverse("services:purchase_procure", args=[p.pk]),
                    {"supplier": services.supplier.pk, "procured_on": f"{YEAR}-02-20"})
    assert r.status_code == 302
    r = client.post(reverse("services:purchase_contract", args=[p.pk]), {
        "contract_no": "XH-1", "price": "270000", "signed_on": f"{YEAR}-03-01",
        "start_date": f"{YEAR}-03-01", "end_date": f"{YEAR + 2}-02-28",
        "settlement": "quarter", "pay_excellent": "100", "pay_good": "100",
        "pay_pass": "90", "pay_fail": "0"})
    assert r.status_code == 422 and "第二十四条" in r.content.decode()
    listing = client.get(reverse("services:purchase_list"), {"year": YEAR}).content.decode()
    assert "机关办公区保洁服务" in listing
    export = client.get(reverse("services:purchase_export"))
    assert export.status_code == 200


def test_out_of_scope_is_404(services: Services) -> None:
    p = _purchase(services)
    r = services.cast.client("ningbo_reporter").get(
        reverse("services:purchase_detail", args=[p.pk]))
    assert r.status_code == 404
    r = services.cast.client("ningbo_reporter").post(
        f"/api/v1/services/purchases/{p.pk}/evaluate", {}, content_type="application/json")
    assert r.status_code == 404


def test_the_api_registers_and_steps(services: Services) -> None:
    client = services.cast.client("xihu")
    body = {"agency_id": services.cast.xihu_agency.pk, "year": YEAR, "title": "保洁服务",
            "budget_line": "", "budget_amount": "300000", "method": "consultation",
            "lines": [{"item_code": "0301", "quantity": "5000"}]}
    r = client.post("/api/v1/services/purchases", body, content_type="application/json")
    assert r.status_code == 422 and "先有预算后购买" in str(r.json()["errors"]["budget_line"])
    body["budget_line"] = "部门预算·物业管理费"
    r = client.post("/api/v1/services/purchases", body, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(f"/api/v1/services/purchases/{pk}/procure",
                    {"supplier_id": services.supplier.pk, "procured_on": f"{YEAR}-02-20"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "procured"
    r = client.post(f"/api/v1/services/purchases/{pk}/contract", {
        "contract_no": "API-1", "price": "200000", "signed_on": f"{YEAR}-03-01",
        "start_date": f"{YEAR}-03-01", "end_date": f"{YEAR}-12-31"},
        content_type="application/json")
    assert r.status_code == 200 and r.json()["contract"]["pay_pass"] == "90.00"
    r = client.get("/api/v1/services/purchases", {"year": YEAR})
    assert r.status_code == 200 and r.json()["count"] == 1
    r = services.cast.client("province_admin").get("/api/v1/services/purchases/figures",
                                                   {"year": YEAR})
    assert r.status_code == 200 and Decimal(r.json()["total"]) == Decimal(200000)
