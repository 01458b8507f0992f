"""Legality reviews: working days, submission with materials, the reviewer's to-do,
item-by-item opinions citing library rules, the outcome, resubmission, overdue flags, the
pages and the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.governance.reviews import actions, queries, rules
from jiguan.governance.reviews.models import Review, ReviewStatus, SubjectKind, Verdict
from jiguan.governance.tests.fixtures import Library
from jiguan.todo.models import Task

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "决策草案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def submit(cast: Cast, subject_id: int = 1, **over: object) -> Review:
    kwargs: dict[str, object] = {
        "kind": SubjectKind.DECISION, "subject": type("S", (), {"pk": subject_id})(),
        "title": "机关食堂社会化改革", "url": "", "region": cast.xihu_agency.region,
        "agency": cast.xihu_agency, "materials": [("决策草案", pdf()), ("起草说明", None)],
        "actor": cast.xihu, "today": dt.date(2026, 12, 7)}
    kwargs.update(over)
    return actions.review_submit(**kwargs)  # type: ignore[arg-type]


def test_working_days_skip_weekends_and_holidays() -> None:
    assert rules.add_working_days(dt.date(2026, 12, 7), 7) == dt.date(2026, 12, 16)
    assert not rules.is_workday(dt.date(2026, 2, 17))  # 春节, a Tuesday
    # Beyond the tables of chinese-calendar: Monday to Friday, no error.
    assert rules.add_working_days(dt.date(2040, 1, 6), 1) == dt.date(2040, 1, 9)


def test_the_period_is_a_setting(cast: Cast, settings: object) -> None:
    settings.JIGUAN_GOVERNANCE_REVIEW_DAYS = 3  # type: ignore[attr-defined]
    assert submit(cast).due_on == dt.date(2026, 12, 10)


def test_submission_lists_materials_and_raises_the_reviewers_todo(cast: Cast) -> None:
    review = submit(cast)
    assert review.due_on == dt.date(2026, 12, 16)
    assert [m.title for m in review.materials.all()] == ["决策草案", "起草说明"]
    assert review.materials.get(seq=1).file is not None
    task = Task.objects.open().get(kind=actions.TASK_REVIEW)
    assert task.assignee_role == Role.LEGAL_REVIEWER
    assert task.due_date == review.due_on and task.region == cast.xihu_agency.region
    assert AuditEvent.objects.filter(event_type="governance.review.submitted").exists()


def test_submission_refuses_no_materials_a_second_pending_one_and_a_bad_file(
        cast: Cast) -> None:
    with pytest.raises(ValidationError, match="送审材料"):
        submit(cast, materials=[("  ", None)])
    submit(cast)
    with pytest.raises(ValidationError, match="正在合法性审查中"):
        submit(cast)
    before = Review.objects.count()
    fake = SimpleUploadedFile("草案.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        submit(cast, subject_id=2, materials=[("草案", fake)])
    assert Review.objects.count() == before  # nothing half-written


def test_opinions_cite_rules_and_the_outcome_follows_them(cast: Cast,
                                                          library: Library) -> None:
    review = submit(cast)
    with pytest.raises(ValidationError, match="逐项提出审查意见"):
        actions.review_conclude(review=review, summary="", actor=cast.province_admin)
    with pytest.raises(ValidationError, match="理由"):
        actions.opinion_add(review=review, item="是否符合法定权限", verdict=Verdict.UNLAWFUL,
                            actor=cast.province_admin)
    actions.opinion_add(review=review, item="是否符合法定权限", verdict=Verdict.LAWFUL,
                        rules_cited=[library.province_rule], articles="第二条",
                        actor=cast.province_admin)
    actions.opinion_add(review=review, item="内容是否合法", verdict=Verdict.UNLAWFUL,
                        reasoning="擅自提高标准", actor=cast.province_admin)
    done = actions.review_conclude(review=review, summary="不予通过", actor=cast.province_admin)
    assert done.status == ReviewStatus.FAILED and done.reviewer == cast.province_admin
    assert not actions.has_passed(SubjectKind.DECISION, 1)
    assert not Task.objects.open().filter(kind=actions.TASK_REVIEW).exists()
    assert list(review.opinions.get(seq=1).rules.all()) == [library.province_rule]
    with pytest.raises(ValidationError, match="已出具结论"):
        actions.opinion_add(review=done, item="x", verdict=Verdict.LAWFUL,
                            actor=cast.province_admin)
    # Amended and submitted again: round 2, passed with 修改后合法.
    again = submit(cast)
    assert again.round == 2
    actions.opinion_add(review=again, item="内容是否合法", verdict=Verdict.LAWFUL_IF_AMENDED,
                        reasoning="按意见修改第三条", actor=cast.province_admin)
    actions.review_conclude(review=again, summary="", actor=cast.province_admin)
    assert actions.has_passed(SubjectKind.DECISION, 1)
    with pytest.raises(ValidationError, match="已通过"):
        submit(cast)


def test_overdue_flags(cast: Cast) -> None:
    late = submit(cast, today=dt.date(2026, 11, 2))
    on_time = submit(cast, subject_id=2, today=dt.date(2026, 12, 7))
    found, _ = queries.reviews_for(cast.province_admin, {"overdue": "on"},
                                   today=dt.date(2026, 12, 7))
    assert list(found) == [late]
    assert queries.is_overdue(late, dt.date(2026, 12, 7))
    assert not queries.is_overdue(on_time, dt.date(2026, 12, 7))
    actions.opinion_add(review=late, item="x", verdict=Verdict.LAWFUL, actor=cast.province_admin)
    actions.review_conclude(review=late, summary="", actor=cast.province_admin,
                            today=dt.date(2026, 12, 7))
    late.refresh_from_db()
    assert queries.is_overdue(late)  # concluded after its period: 逾期办结


def test_pages_and_scope(cast: Cast, library: Library) -> None:
    review = submit(cast)
    page = cast.client("xihu").get(reverse("governance:review_detail", args=[review.pk]))
    assert page.status_code == 200 and "决策草案" in page.content.decode()
    assert "opinion-form" not in page.content.decode()  # bureau staff do not review
    assert cast.client("ningbo_reporter").get(
        reverse("governance:review_detail", args=[review.pk])).status_code in (403, 404)
    admin = cast.client("province_admin")
    url = reverse("governance:review_opinion", args=[review.pk])
    refused = admin.post(url, {"item": "权限", "verdict": "unlawful", "reasoning": ""})
    assert refused.status_code == 422 and "理由" in refused.content.decode()
    assert admin.post(url, {"item": "权限", "verdict": "lawful",
                            "rules": [library.province_rule.pk]}).status_code == 302
    assert admin.post(reverse("governance:review_conclude", args=[review.pk]),
                      {"summary": "同意"}).status_code == 302
    review.refresh_from_db()
    assert review.passed
    material = review.materials.get(seq=1)
    download = cast.client("xihu").get(
        reverse("governance:review_material", args=[review.pk, material.pk]))
    assert download.status_code == 200
    listed = cast.client("auditor").get(reverse("governance:review_list"))
    assert "机关食堂社会化改革" in listed.content.decode()


def test_api(cast: Cast) -> None:
    review = submit(cast)
    admin = cast.client("province_admin")
    got = admin.get("/api/v1/governance/reviews").json()
    assert got["items"][0]["id"] == review.pk and got["items"][0]["overdue"] is False
    url = f"/api/v1/governance/reviews/{review.pk}/conclude"
    refused = admin.post(url, json.dumps({"summary": ""}), content_type="application/json")
    assert refused.status_code == 422 and "逐项" in json.dumps(refused.json(), ensure_ascii=False)
    added = admin.post(f"/api/v1/governance/reviews/{review.pk}/opinions",
                       json.dumps({"item": "权限", "verdict": "lawful"}),
                       content_type="application/json")
    assert added.status_code == 200 and added.json()["opinions"][0]["verdict"] == "lawful"
    assert admin.post(url, json.dumps({"summary": "通过"}),
                      content_type="application/json").json()["status"] == "passed"
    assert cast.client("xihu").post(
        url, json.dumps({}), content_type="application/json").status_code == 403
