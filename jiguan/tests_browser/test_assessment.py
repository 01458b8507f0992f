"""The yearly assessment end to end: the province publishes a scheme whose computed
indicators read the office-space data; Hangzhou self-evaluates with a file and submits;
the province reviews and publishes the ranking; the ranking and its radar show; Hangzhou
appeals one indicator and the province's answer changes its total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.assessment.results import actions
from jiguan.assessment.tests import fixtures as fx
from jiguan.conftest import Cast
from jiguan.space.compliance.models import FindingStatus
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n%%EOF\n"


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _post(page: Any, button: Any) -> None:
    with page.expect_navigation():
        button.click()


def test_scheme_self_evaluation_review_ranking_and_appeal(page: Any, browser_cast: Cast) -> None:
    c = browser_cast
    page.set_default_navigation_timeout(60_000)  # the machine may be loaded
    page.set_default_timeout(30_000)
    fx.finding("330106", status=FindingStatus.FIXED)
    fx.finding("330106", status=FindingStatus.FIXED)
    fx.finding("330106")
    fx.finding("330106")
    scheme = fx.draft(c)

    _as(page, "province_admin")
    page.goto(f"/assessment/schemes/{scheme.pk}/")
    expect(page.get_by_test_id("scheme-indicators")).to_contain_text("整改完成率")
    _post(page, page.get_by_test_id("scheme-publish"))
    expect(page.get_by_label("温州市", exact=True)).to_be_checked()  # the 11 cities by default
    page.eval_on_selector_all("input[name=regions]", "els => els.forEach(e => e.checked = false)")
    page.get_by_label("杭州市", exact=True).check()
    page.get_by_label("宁波市", exact=True).check()
    _post(page, page.get_by_test_id("submit"))
    expect(page.get_by_test_id("scheme-assessments")).to_contain_text("自评中")

    # Hangzhou sees its computed score and where it comes from, and self-evaluates
    _as(page, "hangzhou")
    hz = scheme.assessments.get(region__code="330100")
    page.goto(f"/assessment/{hz.pk}/")
    rectify = fx.indicator(scheme, "整改完成率").pk
    expect(page.get_by_test_id(f"score-{rectify}")).to_contain_text("50.00")
    expect(page.get_by_test_id(f"score-{rectify}")).to_contain_text("问题总数：4")
    evidence = fx.indicator(scheme, "制度建设").pk
    _post(page, page.get_by_test_id(f"self-{evidence}"))
    page.fill("input[name=points]", "60")
    page.fill("textarea[name=note]", "已出台实施细则")
    page.set_input_files("input[name=evidence]", files=[
        {"name": "实施细则.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_test_id("submit").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_contain_text(
        "分数不能超过该指标分值 50.00")
    page.fill("input[name=points]", "45")
    page.set_input_files("input[name=evidence]", files=[
        {"name": "实施细则.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    _post(page, page.get_by_test_id("submit"))
    expect(page.get_by_test_id(f"score-{evidence}")).to_contain_text("实施细则.pdf")
    _post(page, page.get_by_test_id("assessment-submit"))
    expect(page.get_by_text("自评已提交，等待审核")).to_be_visible()

    # Ningbo's side, in the database
    nb = fx.score(scheme, "330200", "制度建设")
    actions.self_evaluate(score=nb, points=Decimal(30), note="材料", actor=c.province_admin)
    actions.submit(assessment=nb.assessment, actor=c.province_admin)
    for code in ("330200",):
        actions.review(score=fx.score(scheme, code, "工作创新"), agree=False, points=Decimal(20),
                       reason="评分", actor=c.province_admin)
        actions.review(score=fx.score(scheme, code, "制度建设"), agree=True, points=None,
                       reason="", actor=c.province_admin)
        actions.review_finish(assessment=nb.assessment, actor=c.province_admin)

    # the province reviews Hangzhou and publishes
    _as(page, "province_admin")
    page.goto(f"/assessment/{hz.pk}/")
    manual = fx.indicator(scheme, "工作创新").pk
    _post(page, page.get_by_test_id(f"review-{manual}"))
    page.get_by_label("调整").check()
    page.fill("input[name=points]", "30")
    page.get_by_test_id("submit").click()
    expect(page.get_by_text("调整分数须写明理由")).to_be_visible()
    page.fill("textarea[name=reason]", "创新做法一项")
    _post(page, page.get_by_test_id("submit"))
    _post(page, page.get_by_test_id(f"review-{evidence}"))
    _post(page, page.get_by_test_id("submit"))
    _post(page, page.get_by_test_id("review-finish"))
    page.goto(f"/assessment/schemes/{scheme.pk}/")
    _post(page, page.get_by_test_id("results-publish"))
    expect(page.get_by_test_id("ranking-table")).to_contain_text("杭州市")
    expect(page.get_by_test_id("radar")).to_have_attribute("data-ready", "1")

    # Hangzhou appeals 工作创新; the province upholds it
    _as(page, "hangzhou")
    page.goto(f"/assessment/{hz.pk}/")
    total_before = page.get_by_test_id("assessment-total").inner_text()
    _post(page, page.get_by_test_id(f"appeal-{manual}"))
    page.fill("textarea[name=reason]", "创新做法已获省级推广两项")
    _post(page, page.get_by_test_id("submit"))
    expect(page.get_by_test_id(f"score-{manual}")).to_contain_text("待答复")

    _as(page, "province_admin")
    page.goto(f"/assessment/{hz.pk}/")
    _post(page, page.get_by_test_id(f"answer-{manual}"))
    page.get_by_label("申诉成立，调整得分").check()
    page.fill("input[name=points]", "40")
    page.fill("textarea[name=answer]", "经复核，申诉成立")
    _post(page, page.get_by_test_id("submit"))
    expect(page.get_by_test_id(f"score-{manual}")).to_contain_text("申诉成立")
    expect(page.get_by_test_id("assessment-total")).not_to_have_text(total_before)
