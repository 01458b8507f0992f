"""A major decision end to end (issue 13, "done when", second part): a district bureau
registers a decision, records public participation, expert argumentation (not applicable,
with the reason) and risk assessment; putting the draft to collective discussion is
refused while its legality review is missing (the rule cited); the legal-affairs office
reviews it item by item and passes it; the discussion then goes ahead with a dissent kept,
the chief decides, and the archive downloads as one .zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.access.roles import Role
from jiguan.conftest import Cast, _grant, _user
from jiguan.governance.decisions.models import Decision, DecisionStatus
from jiguan.tests_browser.helpers import login, pick_agency

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TODAY = dt.date.today().isoformat()


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_test_id("governance-form").get_by_test_id("submit").click()


def _step(page: Any, kind: str, fields: dict[str, str], upload: Path | None = None) -> None:
    with page.expect_navigation():
        page.get_by_test_id(f"step-link-{kind}").click()
    form = page.get_by_test_id("governance-form")
    form.locator("select[name=status]").select_option(fields.pop("status"))
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    if upload is not None:
        form.locator("input[name=file]").set_input_files(str(upload))
    _submit(page)


def test_a_decision_goes_through_the_five_steps_and_waits_for_its_review(
        page: Any, browser_cast: Cast, tmp_path: Path) -> None:
    reviewer = _user("reviewer")
    _grant(reviewer, Role.LEGAL_REVIEWER, "330106")
    draft = tmp_path / "征求意见汇总.pdf"
    draft.write_bytes(PDF)

    login(page, "xihu")
    page.goto("/governance/decisions/new/")
    form = page.get_by_test_id("governance-form")
    pick_agency(form, "西湖区测试", "杭州市西湖区测试局")
    form.locator("[name=title]").fill("机关食堂社会化改革")
    form.locator("select[name=kind]").select_option("business")
    form.locator("[name=amount_wan]").fill("0")
    form.locator("[name=sponsor]").fill("后勤服务处")
    form.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-amount_wan")).to_contain_text("金额应大于零")
    page.get_by_test_id("governance-form").locator("[name=amount_wan]").fill("320")
    _submit(page)
    expect(page.get_by_test_id("decision-title")).to_have_text("机关食堂社会化改革")

    _step(page, "participation", {"status": "done", "on": TODAY, "people": "干部职工代表 30 人",
                                  "outcome": "收到意见 12 条，采纳 8 条",
                                  "document_title": "征求意见汇总"}, upload=draft)
    _step(page, "experts", {"status": "na", "reason": "不涉及专业性、技术性问题"})
    _step(page, "risk", {"status": "done", "on": TODAY, "outcome": "风险等级：低"})
    steps = page.get_by_test_id("decision-steps")
    expect(steps.get_by_test_id("step-experts")).to_contain_text("不适用：不涉及专业性")

    # Collective discussion while the legality review is missing: refused, the rule cited.
    with page.expect_navigation():
        page.get_by_test_id("step-link-discussion").click()
    form = page.get_by_test_id("governance-form")
    form.locator("[name=meeting]").fill("局长办公会议")
    form.locator("[name=held_on]").fill(TODAY)
    form.locator("[name=chair]").fill("王局长")
    form.locator("[name=attendees]").fill("王局长、李副局长、赵副局长")
    form.get_by_test_id("submit").click()
    error = page.get_by_test_id("error-meeting")
    expect(error).to_contain_text("未送请合法性审查，不能提交集体讨论")
    expect(error).to_contain_text("重大行政决策程序暂行条例》第二十五条")
    decision = Decision.objects.get()
    assert not decision.discussions.exists()

    # Send it for legality review with its materials.
    page.goto(f"/governance/decisions/{decision.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("step-link-legality").click()
    form = page.get_by_test_id("governance-form")
    form.locator("[name=title_1]").fill("决策草案")
    form.locator("input[name=file_1]").set_input_files(str(draft))
    form.locator("[name=title_2]").fill("起草说明")
    _submit(page)
    expect(page.get_by_test_id("step-legality")).to_contain_text("审查中")

    # The legal-affairs office reviews item by item and passes it.
    page.context.clear_cookies()
    login(page, "reviewer")
    page.goto(f"/governance/decisions/{decision.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("review-link").click()
    expect(page.get_by_test_id("review-materials")).to_contain_text("决策草案")
    opinion = page.get_by_test_id("opinion-form")
    opinion.locator("[name=item]").fill("决策事项是否符合法定权限")
    opinion.locator("select[name=verdict]").select_option("amend")
    with page.expect_navigation():
        opinion.get_by_test_id("opinion-submit").click()
    expect(page.get_by_test_id("error-reasoning")).to_contain_text("理由")
    opinion = page.get_by_test_id("opinion-form")
    opinion.locator("[name=reasoning]").fill("服务采购应依法采用政府购买服务方式")
    with page.expect_navigation():
        opinion.get_by_test_id("opinion-submit").click()
    expect(page.get_by_test_id("review-opinions")).to_contain_text("修改后合法")
    with page.expect_navigation():
        page.get_by_test_id("conclude-submit").click()
    expect(page.get_by_test_id("review-status")).to_contain_text("审查通过")

    # Now the discussion goes ahead; the dissent is kept; the chief decides after it.
    page.context.clear_cookies()
    login(page, "xihu")
    page.goto(f"/governance/decisions/{decision.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("step-link-discussion").click()
    form = page.get_by_test_id("governance-form")
    form.locator("[name=meeting]").fill("局长办公会议")
    form.locator("[name=held_on]").fill(TODAY)
    form.locator("[name=chair]").fill("王局长")
    form.locator("[name=attendees]").fill("王局长、李副局长、赵副局长")
    _submit(page)
    for speaker, position, text in [("李副局长", "agree", ""),
                                    ("赵副局长", "disagree", "过渡期保障方案不够具体")]:
        with page.expect_navigation():
            page.get_by_test_id("opinion-link").click()
        form = page.get_by_test_id("governance-form")
        form.locator("[name=speaker]").fill(speaker)
        form.locator("select[name=position]").select_option(position)
        form.locator("[name=text]").fill(text)
        _submit(page)
    expect(page.get_by_test_id("discussion-opinions")).to_contain_text("不同意")
    with page.expect_navigation():
        page.get_by_test_id("decide-link").click()
    form = page.get_by_test_id("governance-form")
    form.locator("[name=decided_on]").fill(TODAY)
    form.locator("[name=decided_by]").fill("王局长")
    form.locator("select[name=result]").select_option("adopt")
    _submit(page)
    expect(page.get_by_test_id("decision-status")).to_have_text("已作出决定")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED and decision.evaluate_on is not None

    href = page.get_by_test_id("archive-zip").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200, response.text()[-3000:]
    data = response.body()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names[0].startswith("01_公众参与/") and "目录.xlsx" in names
    assert any(n.startswith("04_合法性审查/") for n in names)
