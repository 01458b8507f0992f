"""Inspections, surveys and evaluations: the rules, the actions (each refusal leaves nothing
written), the pages (the phone scoring page, the public survey page) and the API."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from jiguan.access.models import Grant, Region
from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.services.inspections import actions, queries, rules
from jiguan.services.inspections.models import (
    Evaluation,
    Inspection,
    InspectionScore,
    Survey,
    SurveyResponse,
)
from jiguan.services.inspections.rules import ScoreEntry
from jiguan.services.standards.models import ServiceStandard
from jiguan.services.tests.fixtures import Services
from jiguan.todo.models import Task

D = Decimal
TODAY = dt.date.today()
PERIOD = TODAY.strftime("%Y-%m")


def standard() -> ServiceStandard:
    return ServiceStandard.objects.get(code="JG-FW-CY-01", version="2024")


def start(s: Services, who: str = "xihu") -> Inspection:
    return actions.inspection_start(supplier=s.supplier, agency=s.cast.xihu_agency,
                                    standard=standard(), period=PERIOD, place="机关食堂",
                                    inspected_on=TODAY, actor=getattr(s.cast, who))


def score_all(inspection: Inspection, actor: Any, defects: int = 0) -> Inspection:
    entries = [ScoreEntry(item_id=i.pk, defects=defects)
               for i in inspection.standard.items.all()]
    return actions.inspection_score(inspection=inspection, entries=entries, actor=actor)


def submitted(s: Services, defects: int = 0) -> Inspection:
    i = score_all(start(s), s.cast.xihu, defects)
    return actions.inspection_submit(inspection=i, actor=s.cast.xihu)


# Rules ---------------------------------------------------------------------------------------

def test_item_score_from_defects_never_below_zero() -> None:
    assert rules.item_score(weight=D(10), deduction=D(2), defects=3, score=None) == D(4)
    assert rules.item_score(weight=D(10), deduction=D(5), defects=3, score=None) == D(0)
    assert rules.item_score(weight=D(10), deduction=D(5), defects=3, score=D(7)) == D(7)


def test_score_above_weight_is_a_problem_naming_the_item() -> None:
    msg = rules.score_problem(no=3, aspect="生熟分开", weight=D(12), score=D("12.5"))
    assert msg is not None and "第 3 项" in msg and "生熟分开" in msg and "12" in msg
    assert rules.score_problem(no=3, aspect="x", weight=D(12), score=D(12)) is None


def test_grades_at_their_thresholds() -> None:
    t = {"excellent": 90, "good": 80, "pass": 60}
    assert [rules.grade(D(x), t) for x in ("90", "89.9", "80", "60", "59.9")] == [
        "excellent", "good", "good", "pass", "fail"]


def test_combine_weights_and_missing_parts() -> None:
    w = {"inspection": 70, "satisfaction": 30}
    assert rules.combine(D(90), D(60), w) == D(81)
    assert rules.combine(D(90), None, w) == D(90)
    assert rules.combine(None, D(60), w) == D(60)
    assert rules.combine(None, None, w) is None
    assert rules.weights_problem({"inspection": 70, "satisfaction": 20}) is not None
    assert rules.thresholds_problem({"excellent": 80, "good": 90, "pass": 60}) is not None


def test_payment_full_reduced_withheld() -> None:
    p = {"excellent": 100, "good": 100, "pass": 95, "fail": 0}
    assert rules.payment(D("10000"), "good", p) == (D(100), D("10000.00"))
    assert rules.payment(D("10000"), "pass", p) == (D(95), D("9500.00"))
    assert rules.payment(D("10000"), "fail", p) == (D(0), D("0.00"))
    assert "不合格暂停支付" in rules.describe_rule(p)
    assert "合格按 95% 支付" in rules.describe_rule(p)


def test_satisfaction_percent() -> None:
    assert rules.satisfaction_percent(5) == D(100)
    assert rules.satisfaction_percent(4.5) == D(90)
    assert rules.satisfaction_percent(None) is None


# Inspections ---------------------------------------------------------------------------------

def test_inspection_scores_total_and_submit(services: Services) -> None:
    i = start(services)
    i = score_all(i, services.cast.xihu, defects=1)
    items = list(i.standard.items.all())
    expected = sum((max(D(0), it.weight - it.deduction) for it in items), start=D(0))
    assert i.total == expected
    i = actions.inspection_submit(inspection=i, note="整体良好", actor=services.cast.xihu)
    assert i.status == "submitted"
    events = AuditEvent.objects.filter(target_id=str(i.pk), target_type="services.inspection")
    assert {e.event_type for e in events} == {"services.inspection.started",
                                              "services.inspection.scored",
                                              "services.inspection.submitted"}
    with pytest.raises(ValidationError, match="已提交"):
        score_all(i, services.cast.xihu)


def test_score_above_weight_refused_and_nothing_written(services: Services) -> None:
    i = start(services)
    items = list(i.standard.items.all())
    entries = [ScoreEntry(item_id=items[0].pk, score=items[0].weight),
               ScoreEntry(item_id=items[1].pk, score=items[1].weight + 1)]
    with pytest.raises(ValidationError) as exc:
        actions.inspection_score(inspection=i, entries=entries, actor=services.cast.xihu)
    assert f"第 {items[1].no} 项" in str(exc.value) and "超过该项分值" in str(exc.value)
    assert not InspectionScore.objects.filter(inspection=i).exists()


def test_item_of_another_standard_refused(services: Services) -> None:
    i = start(services)
    other = ServiceStandard.objects.exclude(pk=i.standard_id).first()
    assert other is not None
    with pytest.raises(ValidationError, match="不属于"):
        actions.inspection_score(inspection=i, entries=[
            ScoreEntry(item_id=other.items.first().pk)], actor=services.cast.xihu)  # type: ignore[union-attr]


def test_submit_needs_every_item(services: Services) -> None:
    i = start(services)
    first = i.standard.items.first()
    assert first is not None
    actions.inspection_score(inspection=i, entries=[ScoreEntry(item_id=first.pk)],
                             actor=services.cast.xihu)
    with pytest.raises(ValidationError, match="尚有条款未评分"):
        actions.inspection_submit(inspection=i, actor=services.cast.xihu)


def test_start_refuses_bad_period_future_date_and_version_not_in_force(
        services: Services) -> None:
    c = services.cast
    with pytest.raises(ValidationError, match="考核期格式"):
        actions.inspection_start(supplier=services.supplier, agency=c.xihu_agency,
                                 standard=standard(), period="2026-13", place="食堂",
                                 inspected_on=TODAY, actor=c.xihu)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        actions.inspection_start(supplier=services.supplier, agency=c.xihu_agency,
                                 standard=standard(), period=PERIOD, place="食堂",
                                 inspected_on=TODAY + dt.timedelta(days=1), actor=c.xihu)
    with pytest.raises(ValidationError, match="尚未实施"):
        actions.inspection_start(supplier=services.supplier, agency=c.xihu_agency,
                                 standard=standard(), period="2023-06", place="食堂",
                                 inspected_on=dt.date(2023, 6, 1), actor=c.xihu)
    assert not Inspection.objects.exists()


def test_scoring_page_on_a_phone_saves_and_refuses(services: Services) -> None:
    i = start(services)
    client = services.cast.client("xihu")
    url = reverse("services:inspection_score", args=[i.pk])
    page = client.get(url)
    assert page.status_code == 200 and "逐项评分" in page.content.decode()
    items = list(i.standard.items.all())
    data = {f"defects_{it.pk}": "0" for it in items}
    data[f"score_{items[0].pk}"] = str(items[0].weight + 5)
    bad = client.post(url, data)
    assert bad.status_code == 422 and "超过该项分值" in bad.content.decode()
    assert not InspectionScore.objects.filter(inspection=i).exists()
    data[f"score_{items[0].pk}"] = "1"
    assert client.post(url, data).status_code == 302
    assert InspectionScore.objects.get(inspection=i, item=items[0]).score == D(1)


def test_other_region_cannot_see_or_score(services: Services) -> None:
    i = start(services)
    client = services.cast.client("ningbo_reporter")
    assert client.get(reverse("services:inspection_detail", args=[i.pk])).status_code == 404
    assert client.get(reverse("services:inspection_score", args=[i.pk])).status_code == 404
    auditor = services.cast.client("auditor")
    assert auditor.get(reverse("services:inspection_score", args=[i.pk])).status_code == 403


# Surveys -------------------------------------------------------------------------------------

def survey(s: Services, public: bool = True, n: int = 3) -> Survey:
    return actions.survey_create(supplier=s.supplier, agency=s.cast.xihu_agency, period=PERIOD,
                                 title="食堂满意度", public=public,
                                 closes_on=TODAY + dt.timedelta(days=7), items=[],
                                 respondents=n, actor=s.cast.xihu)


def answers(sv: Survey, value: int) -> dict[str, str]:
    return {f"item_{i.pk}": str(value) for i in sv.items.all()}


def test_public_survey_answer_once_per_code_without_login(services: Services) -> None:
    sv = survey(services)
    code = sv.codes.first().code  # type: ignore[union-attr]
    url = reverse("services:survey_answer", args=[queries.survey_token(sv)])
    anon = Client(enforce_csrf_checks=False)
    assert anon.get(url).status_code == 200
    r = anon.post(url, {"code": code.lower(), **answers(sv, 4)})
    assert r.status_code == 200 and "提交成功" in r.content.decode()
    again = anon.post(url, {"code": code, **answers(sv, 1)})
    assert again.status_code == 422 and "不能重复提交" in again.content.decode()
    assert SurveyResponse.objects.filter(survey=sv).count() == 1
    wrong = anon.post(url, {"code": "ZZZZZZZZ", **answers(sv, 3)})
    assert wrong.status_code == 422 and "作答码不正确" in wrong.content.decode()
    results = queries.survey_results(sv)
    assert results[0]["n"] == 1 and results[0]["percent"] == D(80)


def test_public_survey_keeps_csrf(services: Services) -> None:
    sv = survey(services)
    url = reverse("services:survey_answer", args=[queries.survey_token(sv)])
    strict = Client(enforce_csrf_checks=True)
    r = strict.post(url, {"code": sv.codes.first().code, **answers(sv, 4)})  # type: ignore[union-attr]
    assert r.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_bad_or_forged_token_is_404(services: Services) -> None:
    sv = survey(services)
    token = queries.survey_token(sv)
    assert Client().get(reverse("services:survey_answer", args=[token + "x"])).status_code == 404
    assert Client().get(reverse("services:survey_answer", args=[str(sv.pk)])).status_code == 404


def test_login_survey_needs_login_and_one_answer_per_account(services: Services) -> None:
    sv = survey(services, public=False)
    url = reverse("services:survey_answer", args=[queries.survey_token(sv)])
    assert Client().get(url).status_code == 302
    client = services.cast.client("xihu")
    assert client.post(url, answers(sv, 5)).status_code == 200
    again = client.post(url, answers(sv, 5))
    assert again.status_code == 422 and "不能重复提交" in again.content.decode()


def test_missing_item_answer_refused(services: Services) -> None:
    sv = survey(services)
    first = sv.items.first()
    assert first is not None
    with pytest.raises(ValidationError, match="请为第 2 题"):
        actions.survey_answer(survey=sv, scores={first.pk: 5}, code=sv.codes.first().code)  # type: ignore[union-attr]
    assert not SurveyResponse.objects.exists()
    assert sv.codes.filter(used_at__isnull=False).count() == 0


def test_closed_survey_refuses(services: Services) -> None:
    sv = survey(services)
    actions.survey_close(survey=sv, actor=services.cast.xihu)
    with pytest.raises(ValidationError, match="已截止"):
        actions.survey_answer(survey=sv, scores={i.pk: 5 for i in sv.items.all()},
                              code=sv.codes.first().code)  # type: ignore[union-attr]


@override_settings(JIGUAN_SERVICES_SURVEY_POSTS_PER_HOUR=2)
def test_survey_page_is_rate_limited(services: Services) -> None:
    from django.core.cache import cache

    cache.clear()
    sv = survey(services)
    url = reverse("services:survey_answer", args=[queries.survey_token(sv)])
    anon = Client()
    for _ in range(2):
        anon.post(url, {"code": "NOPE"})
    assert anon.post(url, {"code": "NOPE"}).status_code == 429
    cache.clear()


# Evaluations ---------------------------------------------------------------------------------

def test_evaluation_combines_and_sets_payment(services: Services) -> None:
    submitted(services)                      # 100 points
    sv = survey(services)
    for code in sv.codes.all()[:2]:
        actions.survey_answer(survey=sv, scores={i.pk: 4 for i in sv.items.all()},
                              code=code.code)  # 80 points
    ev = actions.evaluation_make(supplier=services.supplier, agency=services.cast.xihu_agency,
                                 period=PERIOD, amount=D("50000"), actor=services.cast.xihu)
    assert (ev.inspection_score, ev.satisfaction_score, ev.total) == (D(100), D(80), D(94))
    assert ev.grade == "excellent" and ev.payable == D("50000.00")
    assert not Task.objects.filter(kind=actions.RECTIFY_KIND).exists()
    with pytest.raises(ValidationError, match="已评价"):
        actions.evaluation_make(supplier=services.supplier, agency=services.cast.xihu_agency,
                                period=PERIOD, amount=D("50000"), actor=services.cast.xihu)


def test_fail_withholds_payment_and_opens_rectification(services: Services) -> None:
    submitted(services, defects=9)  # every item at 0 or close to it
    ev = actions.evaluation_make(supplier=services.supplier, agency=services.cast.xihu_agency,
                                 period=PERIOD, amount=D("50000"), actor=services.cast.xihu)
    assert ev.grade == "fail" and ev.pay_percent == 0 and ev.payable == 0
    assert ev.status == "rectifying"
    tasks = Task.objects.filter(kind=actions.RECTIFY_KIND, done_at__isnull=True)
    assert {t.assignee_role for t in tasks} == {Role.SUPPLIER_CONTACT, Role.AGENCY_REPORTER}
    # The supplier's contact in Xihu sees the to-do and reports the rectification.
    from jiguan.conftest import _user

    contact = _user("contact")
    Grant.objects.create(user=contact, role=Role.SUPPLIER_CONTACT,
                         region=Region.objects.get(code="330106"))
    assert Task.objects.inbox(contact).filter(kind=actions.RECTIFY_KIND).count() == 1
    client = Client()
    client.force_login(contact)
    url = reverse("services:evaluation_rectify", args=[ev.pk])
    assert client.post(url, {"note": ""}).status_code == 302
    ev.refresh_from_db()
    assert ev.status == "rectifying"
    assert client.post(url, {"note": "已更换保洁人员，复查合格"}).status_code == 302
    ev.refresh_from_db()
    assert ev.status == "rectified"
    assert not Task.objects.filter(kind=actions.RECTIFY_KIND, done_at__isnull=True).exists()


@override_settings(JIGUAN_SERVICES_PAYMENT_PERCENT={"excellent": 100, "good": 98, "pass": 90,
                                                    "fail": 50},
                   JIGUAN_SERVICES_GRADE_THRESHOLDS={"excellent": 101, "good": 99, "pass": 60})
def test_thresholds_and_payment_rule_are_settings(services: Services) -> None:
    submitted(services)
    with pytest.raises(ValidationError, match="评价参数设置有误"):
        actions.evaluation_make(supplier=services.supplier, agency=services.cast.xihu_agency,
                                period=PERIOD, amount=D("100"), actor=services.cast.xihu)
    assert not Evaluation.objects.exists()


@override_settings(JIGUAN_SERVICES_PAYMENT_PERCENT={"excellent": 100, "good": 98, "pass": 90,
                                                    "fail": 50},
                   JIGUAN_SERVICES_GRADE_THRESHOLDS={"excellent": 100, "good": 99, "pass": 60})
def test_payment_rule_from_settings(services: Services) -> None:
    submitted(services, defects=1)
    ev = actions.evaluation_make(supplier=services.supplier, agency=services.cast.xihu_agency,
                                 period=PERIOD, amount=D("1000"), actor=services.cast.xihu)
    assert ev.grade == "pass" and ev.pay_percent == 90 and ev.payable == D("900.00")


def test_evaluation_without_figures_refused(services: Services) -> None:
    start(services)  # a draft does not count
    with pytest.raises(ValidationError, match="无法评价"):
        actions.evaluation_make(supplier=services.supplier, agency=services.cast.xihu_agency,
                                period=PERIOD, amount=D("1"), actor=services.cast.xihu)


def test_charts_page_and_data(services: Services) -> None:
    submitted(services)
    trend = queries.supplier_trend(services.cast.province_admin, services.supplier)
    assert trend["months"] == [PERIOD] and trend["series"][0]["data"] == [100.0]
    cat = standard().category
    regions = queries.category_regions(services.cast.province_admin, cat, TODAY.year)
    assert regions["labels"] == ["杭州市"] and regions["values"] == [100.0]
    assert queries.category_regions(services.cast.ningbo_reporter, cat, TODAY.year)[
        "labels"] == []
    page = services.cast.client("hangzhou").get(reverse("services:charts"))
    assert page.status_code == 200 and "supplier-trend" in page.content.decode()


# API -----------------------------------------------------------------------------------------

def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_inspection_flow_and_refusals(services: Services) -> None:
    client = services.cast.client("xihu")
    r = post(client, "/api/v1/services/inspections", {
        "supplier_id": services.supplier.pk, "agency_id": services.cast.xihu_agency.pk,
        "standard_id": standard().pk, "period": PERIOD, "place": "食堂",
        "inspected_on": TODAY.isoformat()})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    items = list(standard().items.all())
    bad = post(client, f"/api/v1/services/inspections/{pk}/scores", {"scores": [
        {"item_id": items[0].pk, "score": str(items[0].weight + 1)}]})
    assert bad.status_code == 422 and "超过该项分值" in str(bad.json()["errors"])
    ok = post(client, f"/api/v1/services/inspections/{pk}/scores", {"scores": [
        {"item_id": it.pk, "defects": 0} for it in items]})
    assert ok.status_code == 200 and len(ok.json()["scores"]) == len(items)
    sub = post(client, f"/api/v1/services/inspections/{pk}/submit", {"note": ""})
    assert sub.status_code == 200 and sub.json()["status"] == "submitted"
    other = services.cast.client("ningbo_reporter")
    assert other.get(f"/api/v1/services/inspections/{pk}").status_code == 404
    listed = client.get("/api/v1/services/inspections").json()
    assert listed["count"] == 1
    k = contract(services)
    ev = post(client, "/api/v1/services/evaluations", {"contract_id": k.pk, "period": PERIOD,
                                                       "amount": "1000"})
    assert ev.status_code == 201 and ev.json()["grade"] == "excellent"
    assert ev.json()["contract_id"] == k.pk and ev.json()["payable"] == "1000.00"
    hidden = post(other, "/api/v1/services/evaluations", {"contract_id": k.pk,
                                                          "period": PERIOD})
    assert hidden.status_code == 403


# Photos --------------------------------------------------------------------------------------

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def photo_post(s: Services, name: str, content: bytes) -> tuple[Inspection, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    i = start(s)
    items = list(i.standard.items.all())
    data: dict[str, Any] = {f"defects_{it.pk}": "0" for it in items}
    data[f"defects_{items[0].pk}"] = "1"
    data[f"photo_{items[0].pk}"] = SimpleUploadedFile(name, content)
    r = s.cast.client("xihu").post(reverse("services:inspection_score", args=[i.pk]), data)
    return i, r


def test_photo_is_stored_and_shown_in_scope(services: Services) -> None:
    i, r = photo_post(services, "食堂后厨.png", PNG)
    assert r.status_code == 302
    photo = i.photos.get()
    assert photo.file.kind == "image" and photo.item == i.standard.items.first()
    url = reverse("services:inspection_photo", args=[i.pk, photo.pk])
    shown = services.cast.client("hangzhou").get(url)
    assert shown.status_code == 200 and shown.content == PNG
    assert services.cast.client("ningbo_reporter").get(url).status_code == 404


def test_photo_not_an_image_refused_and_nothing_written(services: Services) -> None:
    i, r = photo_post(services, "report.pdf", b"%PDF-1.4 not an image")
    assert r.status_code == 422 and "report.pdf" in r.content.decode()
    assert not InspectionScore.objects.filter(inspection=i).exists()
    assert not i.photos.exists()
    # A file named .png whose content is not an image is refused too.
    i2, r2 = photo_post(services, "fake.png", b"MZ\x90\x00 an executable")
    assert r2.status_code == 422 and not InspectionScore.objects.filter(inspection=i2).exists()


@override_settings(JIGUAN_SERVICES_PHOTO_MAX_BYTES=40)
def test_photo_over_the_size_limit_refused(services: Services) -> None:
    i, r = photo_post(services, "big.png", PNG)
    assert r.status_code == 422 and "big.png" in r.content.decode()
    assert not i.photos.exists() and not InspectionScore.objects.filter(inspection=i).exists()


@override_settings(JIGUAN_SERVICES_PHOTO_MAX_BYTES=40)
def test_action_refuses_big_photo_even_past_the_form(services: Services) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    i = start(services)
    first = i.standard.items.first()
    assert first is not None
    with pytest.raises(ValidationError):
        actions.inspection_score(inspection=i, entries=[ScoreEntry(item_id=first.pk)],
                                 photos=[(first.pk, SimpleUploadedFile("a.png", PNG))],
                                 actor=services.cast.xihu)
    assert not InspectionScore.objects.filter(inspection=i).exists()


# Contracts (purchases) -----------------------------------------------------------------------

def contract(s: Services, **over: Any) -> Any:
    from jiguan.services.purchases import actions as purchase_actions
    from jiguan.services.tests.fixtures import YEAR, item

    c = s.cast
    p = purchase_actions.purchase_create(data={
        "agency": c.xihu_agency, "year": YEAR, "title": "机关食堂餐饮服务",
        "budget_line": "部门预算·物业管理费", "budget_amount": D("300000"),
        "method": "consultation", "note": "",
        "lines": [{"item": item("0301"), "quantity": D("5000"), "unit_price": D("4.5")}]},
        actor=c.xihu)
    purchase_actions.purchase_procure(purchase=p, supplier=s.supplier,
                                      procured_on=dt.date(YEAR, 2, 20), actor=c.xihu)
    data = {"contract_no": "XH-2026-009", "price": D("240000"),
            "signed_on": dt.date(YEAR, 3, 1), "start_date": dt.date(YEAR, 3, 1),
            "end_date": dt.date(YEAR + 1, 2, 28), "long_term_reason": "",
            "published_on": None, "settlement": "quarter", "pay_excellent": D(100),
            "pay_good": D(100), "pay_pass": D(90), "pay_fail": D(20), **over}
    return purchase_actions.purchase_contract(purchase=p, data=data, actor=c.xihu)


def test_contract_rule_sets_the_payment(services: Services) -> None:
    k = contract(services)
    submitted(services, defects=9)
    ev = actions.evaluation_of_contract(contract=k, period=PERIOD, amount=None,
                                        actor=services.cast.xihu)
    # A quarter of a 12-month 240,000 contract is 60,000; 不合格 pays 20% by this contract.
    assert ev.contract == k and ev.amount == D("60000.00")
    assert ev.grade == "fail" and ev.pay_percent == D(20) and ev.payable == D("12000.00")
    assert ev.pay_rule.startswith("合同约定") and "不合格按 20% 支付" in ev.pay_rule
    assert Task.objects.filter(kind=actions.RECTIFY_KIND).count() == 2


def test_contract_period_outside_the_term_refused(services: Services) -> None:
    k = contract(services)
    with pytest.raises(ValidationError, match="不在合同服务期"):
        actions.evaluation_of_contract(contract=k, period="2026-01", amount=None,
                                       actor=services.cast.xihu)
    with pytest.raises(ValidationError, match="不能超过合同金额"):
        actions.evaluation_of_contract(contract=k, period=PERIOD, amount=D("999999"),
                                       actor=services.cast.xihu)
    assert not Evaluation.objects.exists()


def test_evaluation_page_by_contract(services: Services) -> None:
    k = contract(services)
    submitted(services)
    client = services.cast.client("xihu")
    url = reverse("services:evaluation_create")
    assert client.get(url).status_code == 200
    r = client.post(url, {"contract": k.pk, "period": PERIOD, "amount": ""})
    assert r.status_code == 302
    ev = Evaluation.objects.get()
    assert ev.payable == D("60000.00")
    page = client.get(reverse("services:evaluation_detail", args=[ev.pk])).content.decode()
    assert "XH-2026-009" in page and "60,000.00" in page
    refused = client.post(url, {"contract": k.pk, "period": "2026-13"})
    assert refused.status_code == 422 and "考核期格式" in refused.content.decode()


def test_period_amount_rule() -> None:
    start, end = dt.date(2026, 3, 1), dt.date(2027, 2, 28)
    assert rules.term_months(start, end) == 12
    assert rules.period_amount(D("240000"), start, end, "quarter") == D("60000.00")
    assert rules.period_amount(D("240000"), start, end, "year") == D("240000.00")
    assert rules.period_amount(D("1000"), start, dt.date(2026, 3, 31), "year") == D("1000.00")
