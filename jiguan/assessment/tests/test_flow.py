"""The yearly assessment from scheme to final result: the scheme is checked before it is
published; computed indicators read the platform's data and keep it once published;
self-evaluation, review, ranking, appeals, each step an action with its audit row and
to-dos."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jiguan.assessment.results import actions
from jiguan.assessment.results.models import AppealStatus, Assessment, AssessmentStatus
from jiguan.assessment.schemes import actions as scheme_actions
from jiguan.assessment.schemes.models import SchemeStatus
from jiguan.assessment.tests import fixtures as fx
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.space.compliance.models import FindingStatus
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_scheme_is_checked_whole_before_publication(cast: Cast) -> None:
    scheme = scheme_actions.scheme_create(region=fx.region("330000"), year=2026, data={
        "self_eval_due": dt.date(2027, 1, 31), "review_due": dt.date(2027, 2, 28)},
        actor=cast.province_admin)
    group = scheme_actions.group_add(scheme=scheme, name="办公用房管理", weight=D(60),
                                     actor=cast.province_admin)
    scheme_actions.indicator_add(scheme=scheme, data={"group": group, "name": "制度",
                                                      "kind": "evidence", "weight": D(70)},
                                 actor=cast.province_admin)
    assert scheme_actions.scheme_problems(scheme) == [
        "各指标组权重合计应为 100，现为 60",
        "指标组“办公用房管理”内各指标分值合计应为 100，现为 70"]
    with pytest.raises(ValidationError) as caught:
        actions.scheme_publish(scheme=scheme, actor=cast.province_admin)
    assert "各指标组权重合计应为 100，现为 60" in caught.value.messages
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT and not Assessment.objects.exists()


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": "computed", "weight": D(30)}, "measure", "数据计算指标须选择平台数据来源"),
    ({"kind": "computed", "weight": D(30), "measure": "space.rectification_rate",
      "rule": "linear", "floor": D(90), "target": D(60)}, "target",
     "该指标越大越好，目标值须高于起评值（90）"),
    ({"kind": "computed", "weight": D(30), "measure": "space.over_standard_area",
      "rule": "linear", "floor": D(0), "target": D(100)}, "target",
     "该指标越小越好，目标值须低于起评值（0）"),
    ({"kind": "evidence", "weight": D(130)}, "weight", "组内分值不能超过 100"),
    ({"kind": "evidence", "weight": D(10), "rule": "linear"}, "measure",
     "只有数据计算指标填写数据来源和计分规则"),
])
def test_indicators_with_bad_rules_are_refused_naming_the_field(cast: Cast, data, field,
                                                                message) -> None:
    scheme = scheme_actions.scheme_create(region=fx.region("330000"), year=2026, data={
        "self_eval_due": dt.date(2027, 1, 31), "review_due": dt.date(2027, 2, 28)},
        actor=cast.province_admin)
    group = scheme_actions.group_add(scheme=scheme, name="组", weight=D(100),
                                     actor=cast.province_admin)
    with pytest.raises(ValidationError) as caught:
        scheme_actions.indicator_add(scheme=scheme, data={"group": group, "name": "指标", **data},
                                     actor=cast.province_admin)
    assert caught.value.message_dict[field] == [message]


def test_publication_computes_from_the_platform_and_asks_each_bureau(cast: Cast) -> None:
    for status in (FindingStatus.OPEN, FindingStatus.FIXED, FindingStatus.FIXED,
                   FindingStatus.VERIFIED):
        fx.finding("330106", status=status)
    scheme = fx.published(cast)
    hz = fx.score(scheme, "330100", "整改完成率")
    assert hz.value == D("75.00") and hz.computed_score == D("37.50")
    assert hz.formula == "50.00 × 限定于[0,1]（(75.00 − 0.00) ÷ (100.00 − 0.00)） = 37.50"
    assert ["问题总数", "4"] in hz.reading["inputs"] and "region=330100" in hz.reading["url"]
    nb = fx.score(scheme, "330200", "整改完成率")
    assert nb.value is None and nb.computed_score == D(0) and "无数据" in nb.formula
    tasks = Task.objects.filter(kind="assessment.self_eval")
    assert sorted(t.region.code for t in tasks) == ["330100", "330200"]
    assert AuditEvent.objects.filter(event_type="assessment.scheme.published").count() == 1


def test_recomputing_is_repeatable_and_a_published_result_keeps_its_inputs(cast: Cast) -> None:
    fx.finding("330106", status=FindingStatus.OPEN)
    fx.finding("330106", status=FindingStatus.FIXED)
    scheme = fx.published(cast)
    assert actions.compute_scheme(scheme, actor=cast.province_admin) == 0  # same data, same scores
    fx.finding("330106", status=FindingStatus.FIXED)
    assert actions.compute_scheme(scheme, actor=cast.province_admin) >= 1
    assert fx.score(scheme, "330100", "整改完成率").value == D("66.67")
    _complete(cast, scheme)
    actions.publish_results(scheme=scheme, actor=cast.province_admin)
    fx.finding("330106", status=FindingStatus.FIXED)
    with pytest.raises(ValidationError, match="计算值已固定"):
        actions.compute_scheme(scheme, actor=cast.province_admin)
    hz = fx.score(scheme, "330100", "整改完成率")
    assert hz.value == D("66.67") and ["问题总数", "3"] in hz.reading["inputs"]


def _self(cast: Cast, scheme, code: str, user) -> None:
    fx.self_submit(scheme, code, user)


def _complete(cast: Cast, scheme) -> None:
    """Both bureaus self-evaluate and the province reviews them."""
    fx.complete(cast, scheme)


def _ningbo_staff():
    return fx.ningbo_staff()


def test_self_evaluation_rules(cast: Cast) -> None:
    scheme = fx.published(cast)
    evidence = fx.score(scheme, "330100", "制度建设")
    with pytest.raises(ValidationError) as caught:
        actions.self_evaluate(score=evidence, points=D(51), note="x", actor=cast.hangzhou)
    assert caught.value.message_dict == {"points": ["分数不能超过该指标分值 50.00"]}
    with pytest.raises(ValidationError, match="请填写自评说明"):
        actions.self_evaluate(score=evidence, points=D(40), note=" ", actor=cast.hangzhou)
    with pytest.raises(ValidationError, match="无需自评"):
        actions.self_evaluate(score=fx.score(scheme, "330100", "整改完成率"), points=D(1),
                              note="x", actor=cast.hangzhou)
    with pytest.raises(ValidationError) as caught:
        actions.self_evaluate(score=evidence, points=D(40), note="材料",
                              files=[SimpleUploadedFile("照片.jpg", b"not an image")],
                              actor=cast.hangzhou)
    assert "的内容不是 JPEG 文件" in caught.value.messages[0]
    evidence.refresh_from_db()
    assert evidence.self_score is None and not evidence.evidence.exists()  # nothing half-written
    with pytest.raises(ValidationError, match="以下举证指标尚未自评：制度建设"):
        actions.submit(assessment=evidence.assessment, actor=cast.hangzhou)
    assert actions.self_problem(cast.province_admin, evidence.assessment) == (
        "考核单位的工作人员不能代被考核单位自评")
    assert actions.self_problem(cast.xihu, evidence.assessment) == "没有权限为该单位自评"
    assert actions.self_problem(cast.hangzhou, evidence.assessment) == ""


def test_submission_moves_the_todo_to_the_province(cast: Cast) -> None:
    scheme = fx.published(cast)
    _self(cast, scheme, "330100", cast.hangzhou)
    hz = scheme.assessments.get(region__code="330100")
    assert hz.status == AssessmentStatus.SUBMITTED
    assert not Task.objects.open().filter(kind="assessment.self_eval", region__code="330100")
    review = Task.objects.open().get(kind="assessment.review")
    assert review.region.code == "330000" and review.assignee_role == "province_admin"
    with pytest.raises(ValidationError, match="自评已提交"):
        actions.self_evaluate(score=fx.score(scheme, "330100", "制度建设"), points=D(1),
                              note="x", actor=cast.hangzhou)


def test_review_adjusts_only_with_a_reason_and_results_wait_for_every_bureau(cast: Cast) -> None:
    scheme = fx.published(cast)
    _self(cast, scheme, "330100", cast.hangzhou)
    manual = fx.score(scheme, "330100", "工作创新")
    with pytest.raises(ValidationError) as caught:
        actions.review(score=manual, agree=False, points=D(30), reason="",
                       actor=cast.province_admin)
    assert caught.value.message_dict == {"reason": ["调整分数须写明理由"]}
    with pytest.raises(ValidationError, match="无自评分或计算分可同意"):
        actions.review(score=manual, agree=True, points=None, reason="", actor=cast.province_admin)
    with pytest.raises(ValidationError, match="以下指标尚未审核：制度建设、工作创新"):
        actions.review_finish(assessment=manual.assessment, actor=cast.province_admin)
    with pytest.raises(ValidationError, match="以下单位尚未审核完成：杭州市、宁波市"):
        actions.publish_results(scheme=scheme, actor=cast.province_admin)


def test_totals_ranking_and_appeals(cast: Cast) -> None:
    fx.finding("330106", status=FindingStatus.FIXED)  # Hangzhou 100 %
    fx.finding("330203", status=FindingStatus.OPEN)      # Ningbo 0 %
    scheme = fx.published(cast)
    _complete(cast, scheme)
    actions.publish_results(scheme=scheme, actor=cast.province_admin)
    hz = scheme.assessments.get(region__code="330100")
    nb = scheme.assessments.get(region__code="330200")
    # Hangzhou: office 50 + 45 = 95 (x60 % = 57); energy: both bureaus have 0 % water-saving
    # units, so they share first place (60) + 36 = 96 (x40 % = 38.4); total 95.40.
    # Ningbo: 0 + 45 = 45 (27); 60 + 30 = 90 (36); 63.00.
    assert (hz.total, hz.rank, nb.total, nb.rank) == (D("95.40"), 1, D("63.00"), 2)
    assert hz.group_scores["办公用房管理"] == "95.00" and hz.status == AssessmentStatus.PUBLISHED
    assert Task.objects.open().filter(kind="assessment.result").count() == 2
    score = fx.score(scheme, "330200", "工作创新")
    appeal = actions.appeal_file(score=score, reason="创新项目获省级推广", actor=_ningbo_staff())
    with pytest.raises(ValidationError, match="该指标已申诉过"):
        actions.appeal_file(score=score, reason="再次", actor=_ningbo_staff())
    with pytest.raises(ValidationError) as caught:
        actions.appeal_answer(appeal=appeal, upheld=True, points=D(41), answer="成立",
                              actor=cast.province_admin)
    assert caught.value.message_dict == {"points": ["分数不能超过该指标分值 40.00"]}
    actions.appeal_answer(appeal=appeal, upheld=True, points=D(40), answer="经复核，成立",
                          actor=cast.province_admin)
    nb.refresh_from_db()
    appeal.refresh_from_db()
    assert nb.total == D("67.00") and appeal.status == AppealStatus.UPHELD
    assert appeal.score_before == D(30)
    with pytest.raises(ValidationError, match="期满后才能定稿"):
        actions.scheme_close(scheme=scheme, actor=cast.province_admin)
    scheme.refresh_from_db()
    scheme.appeal_due = dt.date.today() - dt.timedelta(days=1)
    scheme.save(update_fields=["appeal_due"])
    with pytest.raises(ValidationError, match="申诉期已于"):
        actions.appeal_file(score=fx.score(scheme, "330100", "工作创新"), reason="迟到",
                            actor=cast.hangzhou)
    actions.scheme_close(scheme=scheme, actor=cast.province_admin)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED
    assert set(scheme.assessments.values_list("status", flat=True)) == {AssessmentStatus.FINAL}
    assert not Task.objects.open().filter(kind__startswith="assessment.").exists()


def test_bonus_and_penalty_stay_within_their_caps(cast: Cast) -> None:
    scheme = fx.published(cast)
    bonus = fx.score(scheme, "330100", "获国家表彰")
    actions.self_evaluate(score=bonus, points=D(3), note="国家级表彰", actor=cast.hangzhou)
    penalty = fx.score(scheme, "330100", "发生违纪问题")
    actions.self_evaluate(score=penalty, points=D(5), note="通报一起", actor=cast.hangzhou)
    _complete(cast, scheme)
    hz = scheme.assessments.get(region__code="330100")
    bonus.refresh_from_db()
    assert bonus.review_score == D(3)  # a claimed bonus is reviewed like any indicator
    actions.publish_results(scheme=scheme, actor=cast.province_admin)
    hz.refresh_from_db()
    assert hz.group_scores["加分"] == "2.00" and hz.group_scores["扣分"] == "4.00"
