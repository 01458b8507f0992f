"""Logistics services, part 4 end to end: an inspector scores a canteen on a phone-sized
screen (a score above an item's weight refused, a defect photo kept), a served member of
staff answers the satisfaction survey without logging in (once), and the period's evaluation
of the contract sets the payment by the contract's rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from playwright.sync_api import expect

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.conftest import Cast, _grant, _user, make_credit_code
from jiguan.services.catalogue import actions as catalogue_actions
from jiguan.services.inspections import actions as inspect_actions
from jiguan.services.inspections.models import Evaluation, Inspection
from jiguan.services.inspections.queries import survey_token
from jiguan.services.purchases import actions as purchase_actions
from jiguan.services.standards.models import ServiceStandard
from jiguan.services.tests.fixtures import YEAR, item, seed
from jiguan.services.tests.test_inspections import PNG
from jiguan.tests_browser.helpers import login, pick_agency

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PERIOD = dt.date.today().strftime("%Y-%m")


def _setup(cast: Cast) -> tuple[Any, Any]:
    seed()
    with transaction.atomic():
        province = catalogue_actions.catalogue_create(
            region=Region.objects.get(code="330000"), year=YEAR, title="省目录",
            actor=cast.province_admin)
        catalogue_actions.catalogue_publish(catalogue=province, actor=cast.province_admin)
        supplier = catalogue_actions.supplier_register(
            data={"name": "杭州某餐饮管理有限公司",
                  "credit_code": make_credit_code("330106", 951, "91"), "kind": "enterprise",
                  "contact": "陈经理"}, region=Region.objects.get(code="330106"),
            actor=cast.xihu)
        p = purchase_actions.purchase_create(data={
            "agency": cast.xihu_agency, "year": YEAR, "title": "机关食堂餐饮服务",
            "budget_line": "部门预算·食堂运行费", "budget_amount": Decimal("300000"),
            "method": "consultation", "note": "",
            "lines": [{"item": item("0701"), "quantity": Decimal("10000"),
                       "unit_price": Decimal("20")}]}, actor=cast.xihu)
        purchase_actions.purchase_procure(purchase=p, supplier=supplier,
                                          procured_on=dt.date(YEAR, 2, 20), actor=cast.xihu)
        contract = purchase_actions.purchase_contract(purchase=p, data={
            "contract_no": "XH-ST-2026-01", "price": Decimal("240000"),
            "signed_on": dt.date(YEAR, 3, 1), "start_date": dt.date(YEAR, 3, 1),
            "end_date": dt.date(YEAR + 1, 2, 28), "long_term_reason": "",
            "published_on": None, "settlement": "quarter", "pay_excellent": Decimal(100),
            "pay_good": Decimal(100), "pay_pass": Decimal(90), "pay_fail": Decimal(0)},
            actor=cast.xihu)
        _grant(_user("inspector"), Role.SERVICE_INSPECTOR, "330106")
    return supplier, contract


def _click(page: Any, test_id: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(test_id).click()


def test_inspector_scores_on_a_phone_and_the_evaluation_sets_the_payment(
        page: Any, browser_cast: Cast) -> None:
    supplier, contract = _setup(browser_cast)
    standard = ServiceStandard.objects.get(code="JG-FW-CY-01")
    items = list(standard.items.all())

    page.set_default_timeout(60_000)  # the shared machine is loaded; the steps are few
    page.set_viewport_size(PHONE)
    login(page, "inspector")
    page.goto("/services/inspections/new/")
    page.select_option("select[name=supplier]", str(supplier.pk))
    pick_agency(page, "西湖区测试局", browser_cast.xihu_agency.name)
    page.select_option("select[name=standard]", str(standard.pk))
    page.fill("input[name=place]", "机关食堂后厨")
    _click(page, "submit")
    expect(page.get_by_test_id("item-card-1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.get_by_test_id("score-1").bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target

    # A score above the item's weight is refused, naming the item; nothing is kept.
    page.get_by_test_id("score-1").fill(str(items[0].weight + 5))
    page.get_by_test_id("save-scores").click()
    expect(page.get_by_test_id("score-errors")).to_contain_text("超过该项分值")
    inspection = Inspection.objects.get()
    assert not inspection.scores.exists()

    # The defect with its photo; the other items at full marks (empty score, no defect).
    page.get_by_test_id("score-1").fill("")
    page.get_by_test_id("defects-2").fill("2")
    page.get_by_test_id("note-2").fill("两名员工未戴帽")
    page.get_by_test_id("photo-2").set_input_files(
        {"name": "后厨.png", "mimeType": "image/png", "buffer": PNG})
    _click(page, "save-scores")
    expect(page.get_by_test_id("photos").locator("img")).to_have_count(1)
    expected = items[1].weight - 2 * items[1].deduction
    expect(page.get_by_test_id("item-score-2")).to_contain_text(str(expected))
    _click(page, "submit-inspection")
    expect(page.get_by_test_id("inspection-status")).to_have_text("已提交")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # A served member of staff answers the survey without logging in, once.
    with transaction.atomic():
        survey = inspect_actions.survey_create(
            supplier=supplier, agency=browser_cast.xihu_agency, period=PERIOD,
            title="机关食堂满意度调查", public=True,
            closes_on=dt.date.today() + dt.timedelta(days=7), items=[], respondents=2,
            actor=browser_cast.xihu)
    code = survey.codes.first().code  # type: ignore[union-attr]
    page.context.clear_cookies()
    page.goto(f"/services/s/{survey_token(survey)}/")
    page.get_by_test_id("survey-code").fill(code)
    for label in page.locator(".survey-scale").all():
        label.get_by_text("满意", exact=True).click()
    _click(page, "survey-submit")
    expect(page.get_by_test_id("survey-done")).to_be_visible()
    page.goto(f"/services/s/{survey_token(survey)}/")
    page.get_by_test_id("survey-code").fill(code)
    for label in page.locator(".survey-scale").all():
        label.get_by_text("一般", exact=True).click()
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("error-code")).to_contain_text("不能重复提交")

    # The bureau evaluates the contract's period: the grade sets the payment.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "xihu")
    page.goto("/services/evaluations/new/")
    page.select_option("select[name=contract]", str(contract.pk))
    page.fill("input[name=period]", PERIOD)
    _click(page, "submit")
    ev = Evaluation.objects.get()
    assert ev.contract == contract and ev.amount == Decimal("60000.00")
    expect(page.get_by_test_id("grade")).to_have_text(ev.get_grade_display())
    expect(page.get_by_test_id("payable")).to_contain_text(f"{ev.payable:,.2f}")
    expect(page.get_by_test_id("contract")).to_contain_text("XH-ST-2026-01")
    assert ev.satisfaction_score == Decimal(80)
