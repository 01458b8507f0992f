"""Every write of a bureau's assessment: computing, self-evaluation, review, publication of
the ranking, appeals and the final result. One transaction each, with its audit row; every
waiting step a to-do.

Computing is repeatable: the same data gives the same scores (rules are pure functions).
Once the results are published, the computed values and their inputs are kept as they
were: data that changes later changes nothing in a published result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can
from jiguan.assessment import measures
from jiguan.assessment.results.models import (
    Appeal,
    AppealStatus,
    Assessment,
    AssessmentStatus,
    Evidence,
    Score,
)
from jiguan.assessment.schemes import rules
from jiguan.assessment.schemes.actions import (
    SELF_EVAL_TASK,
    default_regions,
    ensure_draft,
    scheme_problems,
)
from jiguan.assessment.schemes.models import (
    IndicatorKind,
    RuleKind,
    Scheme,
    SchemeStatus,
)
from jiguan.audit.record import record
from jiguan.core.files import FileKind, store_upload

ZERO = Decimal(0)
REVIEW_TASK = "assessment.review"
APPEAL_TASK = "assessment.appeal"
RESULT_TASK = "assessment.result"


def _now() -> dt.datetime:
    return timezone.now()


def create_assessments(scheme: Scheme, regions: Sequence[Region], *,
                       actor: Any) -> list[Assessment]:
    indicators = list(scheme.indicators.all())
    out = []
    for region in regions:
        assessment = Assessment.objects.create(scheme=scheme, region=region, created_by=actor,
                                               updated_by=actor)
        Score.objects.bulk_create([Score(assessment=assessment, indicator=ind,
                                         created_by=actor, updated_by=actor)
                                   for ind in indicators])
        out.append(assessment)
    return out


@transaction.atomic
def scheme_publish(*, scheme: Scheme, regions: Iterable[Region] | None = None,
                   actor: Any) -> Scheme:
    """Publish: each bureau assessed gets its assessment, its computed scores and a
    to-do to self-evaluate by the deadline."""
    from jiguan.todo.actions import task_create

    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    ensure_draft(scheme)
    problems = scheme_problems(scheme)
    if problems:
        raise ValidationError(problems)
    chosen = list(regions) if regions is not None else default_regions(scheme)
    if not chosen:
        raise ValidationError({"regions": "请选择被考核单位"})
    for region in chosen:
        if region.pk == scheme.region_id or not region.path.startswith(scheme.region.path):
            raise ValidationError({"regions": f"“{region.name}”不在{scheme.region.name}下级区划内"})
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = timezone.now()
    scheme.updated_by = actor
    scheme.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    assessments = create_assessments(scheme, chosen, actor=actor)
    compute_scheme(scheme, actor=actor)
    for assessment in assessments:
        task_create(kind=SELF_EVAL_TASK,
                    title=f"{scheme.year} 年度考核自评：{assessment.region.name}",
                    assignee_role=Role.BUREAU_STAFF, region=assessment.region,
                    subject=assessment,
                    subject_url=reverse("assessment:assessment_detail", args=[assessment.pk]),
                    due_date=scheme.self_eval_due, actor=actor,
                    detail=f"请于 {scheme.self_eval_due:%Y-%m-%d} 前完成自评并提交")
    record(actor=actor, event="assessment.scheme.published", target=scheme, region=scheme.region,
           changes={"status": [SchemeStatus.DRAFT, SchemeStatus.PUBLISHED],
                    "regions": [None, [r.code for r in chosen]]})
    return scheme


@transaction.atomic
def compute_scheme(scheme: Scheme, *, actor: Any) -> int:
    """(Re)compute every computed indicator of every bureau of ``scheme`` from the
    platform's data for the scheme's year. Refused once the results are published."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status not in (SchemeStatus.PUBLISHED,):
        raise ValidationError("考核结果已公布，计算值已固定，不再重新计算")
    indicators = [i for i in scheme.indicators.all() if i.kind == IndicatorKind.COMPUTED]
    assessments = list(scheme.assessments.select_related("region"))
    now = _now()
    changed = 0
    for ind in indicators:
        measure = measures.get(ind.measure)
        assert measure is not None  # checked at publication
        readings = {a.pk: measure.compute(a.region, scheme.year) for a in assessments}
        places: dict[int, int | None] = {}
        if ind.rule == RuleKind.RANK:
            ids = [a.pk for a in assessments]
            ranked = rules.rank_places([readings[i].value for i in ids], measure.higher_is_better)
            places = dict(zip(ids, ranked, strict=True))
        known = sum(1 for r in readings.values() if r.value is not None)
        for score in Score.objects.filter(indicator=ind, assessment__in=assessments):
            reading = readings[score.assessment_id]
            if reading.value is None:
                outcome = rules.Outcome(ZERO, f"无数据（{reading.missing}），得 0")
            elif ind.rule == RuleKind.LINEAR:
                assert ind.floor is not None and ind.target is not None
                outcome = rules.linear(reading.value, ind.weight, ind.floor, ind.target)
            elif ind.rule == RuleKind.THRESHOLD:
                outcome = rules.threshold(reading.value, ind.weight,
                                          rules.parse_steps(ind.steps), measure.higher_is_better)
            else:
                place = places.get(score.assessment_id)
                assert place is not None and ind.last_share is not None
                outcome = rules.rank(place, known, ind.weight, ind.last_share)
            new = (reading.value, reading.as_json(), outcome.score, outcome.formula)
            if new != (score.value, score.reading, score.computed_score, score.formula):
                changed += 1
            score.value, score.reading, score.computed_score, score.formula = new
            score.computed_at = now
            score.updated_by = actor
            score.save(update_fields=["value", "reading", "computed_score", "formula",
                                      "computed_at", "updated_by", "updated_at"])
    record(actor=actor, event="assessment.scheme.computed", target=scheme,
           region=scheme.region, changes={"changed": [None, changed]})
    return changed


def self_problem(user: Any, assessment: Assessment) -> str:
    """Why ``user`` may not self-evaluate ``assessment`` ("" if they may): they need the
    permission over the bureau assessed, and the assessing bureau's staff never
    self-evaluate for a bureau they review."""
    if not can(user, Perm.SELF_ASSESS, assessment):
        return "没有权限为该单位自评"
    if can(user, Perm.MANAGE_ASSESSMENT, assessment.scheme):
        return "考核单位的工作人员不能代被考核单位自评"
    return ""


def _max(score: Score) -> Decimal:
    return score.indicator.weight


def _check_points(value: Decimal | None, score: Score, field: str) -> None:
    if value is None:
        raise ValidationError({field: "请填写分数"})
    if value < 0:
        raise ValidationError({field: "分数不能为负数"})
    if value > _max(score):
        raise ValidationError({field: f"分数不能超过该指标分值 {_max(score)}"})


@transaction.atomic
def self_evaluate(*, score: Score, points: Decimal | None, note: str,
                  files: Iterable[Any] = (), actor: Any) -> Score:
    assessment = score.assessment
    if assessment.status != AssessmentStatus.SELF_EVAL:
        raise ValidationError("自评已提交，不能再修改")
    if score.indicator.kind == IndicatorKind.COMPUTED:
        raise ValidationError("数据计算指标由平台计算，无需自评")
    if score.indicator.kind == IndicatorKind.MANUAL and points is not None:
        raise ValidationError({"points": "直接评分指标由考核单位评分，自评只填说明"})
    if score.indicator.kind != IndicatorKind.MANUAL:
        _check_points(points, score, "points")
    if score.indicator.kind == IndicatorKind.EVIDENCE and not note.strip():
        raise ValidationError({"note": "请填写自评说明"})
    before = [str(score.self_score) if score.self_score is not None else None, score.self_note]
    score.self_score, score.self_note = points, note.strip()
    score.updated_by = actor
    score.save(update_fields=["self_score", "self_note", "updated_by", "updated_at"])
    names = []
    for upload in files:
        stored = store_upload(upload, kinds=(FileKind.DOCUMENT, FileKind.IMAGE), actor=actor)
        Evidence.objects.create(score=score, file=stored, created_by=actor, updated_by=actor)
        names.append(stored.name)
    record(actor=actor, event="assessment.score.self", target=score, region=assessment.region,
           changes={"self_score": [before[0], None if points is None else str(points)],
                    "self_note": [before[1], score.self_note], "evidence": [None, names]})
    return score


@transaction.atomic
def submit(*, assessment: Assessment, actor: Any) -> Assessment:
    from jiguan.todo.actions import task_create, tasks_close_for_subject

    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.SELF_EVAL:
        raise ValidationError("自评已提交")
    missing = [s.indicator.name for s in assessment.scores.select_related("indicator")
               if s.indicator.kind == IndicatorKind.EVIDENCE and s.self_score is None]
    if missing:
        raise ValidationError(f"以下举证指标尚未自评：{'、'.join(missing)}")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = _now()
    assessment.updated_by = actor
    assessment.save(update_fields=["status", "submitted_at", "updated_by", "updated_at"])
    tasks_close_for_subject(subject=assessment, kind=SELF_EVAL_TASK, actor=actor, note="已提交自评")
    scheme = assessment.scheme
    task_create(kind=REVIEW_TASK, title=f"审核 {assessment.region.name}{scheme.year} 年度考核自评",
                assignee_role=Role.PROVINCE_ADMIN, region=scheme.region, subject=assessment,
                subject_url=reverse("assessment:assessment_detail", args=[assessment.pk]),
                due_date=scheme.review_due, actor=actor)
    record(actor=actor, event="assessment.submitted", target=assessment,
           region=assessment.region,
           changes={"status": [AssessmentStatus.SELF_EVAL, AssessmentStatus.SUBMITTED]})
    return assessment


def suggested(score: Score) -> Decimal | None:
    """What the reviewer agrees to when agreeing: the computed score, else the self-score."""
    if score.indicator.kind == IndicatorKind.COMPUTED:
        return score.computed_score
    return score.self_score


@transaction.atomic
def review(*, score: Score, agree: bool, points: Decimal | None, reason: str,
           actor: Any) -> Score:
    assessment = score.assessment
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError("该单位尚未提交自评，或审核已完成")
    proposal = suggested(score)
    if agree:
        if proposal is None:
            raise ValidationError({"points": "该指标无自评分或计算分可同意，请直接评分"})
        points = proposal
    else:
        _check_points(points, score, "points")
        if not reason.strip():
            raise ValidationError({"reason": "调整分数须写明理由"})
    before = None if score.review_score is None else str(score.review_score)
    score.review_score, score.review_note = points, reason.strip()
    score.updated_by = actor
    score.save(update_fields=["review_score", "review_note", "updated_by", "updated_at"])
    record(actor=actor, event="assessment.score.reviewed", target=score,
           region=assessment.region,
           changes={"review_score": [before, str(points)], "review_note": [None, reason.strip()],
                    "agreed": [None, agree]})
    return score


@transaction.atomic
def review_finish(*, assessment: Assessment, actor: Any) -> Assessment:
    """Close the review: a computed indicator not looked at takes its computed score; every
    other indicator must have been reviewed."""
    from jiguan.todo.actions import tasks_close_for_subject

    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError("该单位尚未提交自评，或审核已完成")
    scores = list(assessment.scores.select_related("indicator"))
    missing = []
    for score in scores:
        if score.review_score is not None:
            continue
        if score.indicator.kind == IndicatorKind.COMPUTED and score.computed_score is not None:
            score.review_score = score.computed_score
            score.save(update_fields=["review_score", "updated_at"])
        elif score.indicator.is_adjustment and score.self_score is None:
            score.review_score = ZERO
            score.save(update_fields=["review_score", "updated_at"])
        else:
            missing.append(score.indicator.name)
    if missing:
        raise ValidationError(f"以下指标尚未审核：{'、'.join(missing)}")
    assessment.status = AssessmentStatus.REVIEWED
    assessment.reviewed_at = _now()
    assessment.updated_by = actor
    assessment.save(update_fields=["status", "reviewed_at", "updated_by", "updated_at"])
    tasks_close_for_subject(subject=assessment, kind=REVIEW_TASK, actor=actor, note="审核完成")
    record(actor=actor, event="assessment.reviewed", target=assessment, region=assessment.region,
           changes={"status": [AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED]})
    return assessment


def totals(scheme: Scheme, groups: Sequence[Any], indicators: Sequence[Any],
           final: dict[int, Decimal]) -> tuple[Decimal, dict[str, str]]:
    """The total of one bureau from its final indicator scores: each group's points (out
    of 100) weighted by the group's weight, plus bonuses and less penalties, each within
    its cap."""
    by_group: dict[int, Decimal] = {g.pk: ZERO for g in groups}
    bonus = penalty = ZERO
    for ind in indicators:
        points = final.get(ind.pk, ZERO)
        if ind.kind == IndicatorKind.BONUS:
            bonus += points
        elif ind.kind == IndicatorKind.PENALTY:
            penalty += points
        elif ind.group_id:
            by_group[ind.group_id] += points
    total = sum((by_group[g.pk] * g.weight / 100 for g in groups), ZERO)
    total += min(bonus, scheme.bonus_cap) - min(penalty, scheme.penalty_cap)
    shown = {g.name: str(by_group[g.pk].quantize(rules.CENT)) for g in groups}
    shown["加分"] = str(min(bonus, scheme.bonus_cap))
    shown["扣分"] = str(min(penalty, scheme.penalty_cap))
    return total.quantize(rules.CENT), shown


def rank_scheme(scheme: Scheme) -> None:
    """Totals and places of every bureau: the groups, indicators and final scores read
    once for the whole scheme."""
    assessments = list(scheme.assessments.all())
    groups = list(scheme.groups.all())
    indicators = list(scheme.indicators.all())
    final: dict[int, dict[int, Decimal]] = {a.pk: {} for a in assessments}
    for assessment_id, indicator_id, points in Score.objects.filter(
            assessment__scheme=scheme).values_list("assessment_id", "indicator_id",
                                                   "final_score"):
        final[assessment_id][indicator_id] = points or ZERO
    for a in assessments:
        a.total, a.group_scores = totals(scheme, groups, indicators, final[a.pk])
    places = rules.competition_ranks([a.total or ZERO for a in assessments])
    for a, place in zip(assessments, places, strict=True):
        a.rank = place
        a.save(update_fields=["total", "group_scores", "rank", "updated_at"])


@transaction.atomic
def publish_results(*, scheme: Scheme, actor: Any) -> Scheme:
    from jiguan.todo.actions import task_create

    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != SchemeStatus.PUBLISHED:
        raise ValidationError("只有自评与审核中的方案可以公布结果")
    waiting = [a.region.name for a in scheme.assessments.select_related("region")
               if a.status != AssessmentStatus.REVIEWED]
    if waiting:
        raise ValidationError(f"以下单位尚未审核完成：{'、'.join(waiting)}")
    for score in Score.objects.filter(assessment__scheme=scheme):
        score.final_score = score.review_score
        score.save(update_fields=["final_score", "updated_at"])
    scheme.status = SchemeStatus.RESULTS
    scheme.results_at = _now()
    scheme.appeal_due = timezone.localdate() + dt.timedelta(days=scheme.appeal_days)
    scheme.updated_by = actor
    scheme.save(update_fields=["status", "results_at", "appeal_due", "updated_by", "updated_at"])
    rank_scheme(scheme)
    for a in scheme.assessments.select_related("region"):
        a.status = AssessmentStatus.PUBLISHED
        a.save(update_fields=["status", "updated_at"])
        task_create(kind=RESULT_TASK, title=f"{scheme.year} 年度考核结果已公布：第 {a.rank} 名",
                    assignee_role=Role.BUREAU_STAFF, region=a.region, subject=a,
                    subject_url=reverse("assessment:assessment_detail", args=[a.pk]),
                    due_date=scheme.appeal_due, actor=actor,
                    detail=f"总分 {a.total}；如有异议，请于 {scheme.appeal_due:%Y-%m-%d} 前"
                           "逐项申诉")
    record(actor=actor, event="assessment.results.published", target=scheme,
           region=scheme.region,
           changes={"status": [SchemeStatus.PUBLISHED, SchemeStatus.RESULTS],
                    "appeal_due": [None, scheme.appeal_due]})
    return scheme


@transaction.atomic
def appeal_file(*, score: Score, reason: str, actor: Any) -> Appeal:
    from jiguan.todo.actions import task_create

    assessment = score.assessment
    scheme = assessment.scheme
    if scheme.status != SchemeStatus.RESULTS or assessment.status != AssessmentStatus.PUBLISHED:
        raise ValidationError("结果公布后、申诉期内才能申诉")
    if scheme.appeal_due is not None and timezone.localdate() > scheme.appeal_due:
        raise ValidationError(f"申诉期已于 {scheme.appeal_due:%Y-%m-%d} 截止，不能再申诉")
    if Appeal.objects.filter(score=score).exists():
        raise ValidationError("该指标已申诉过")
    if not reason.strip():
        raise ValidationError({"reason": "请写明申诉理由"})
    appeal = Appeal.objects.create(score=score, reason=reason.strip(),
                                   score_before=score.final_score, created_by=actor,
                                   updated_by=actor)
    task_create(kind=APPEAL_TASK,
                title=f"答复申诉：{assessment.region.name}“{score.indicator.name}”",
                assignee_role=Role.PROVINCE_ADMIN, region=scheme.region, subject=appeal,
                subject_url=reverse("assessment:assessment_detail", args=[assessment.pk]),
                actor=actor)
    record(actor=actor, event="assessment.appeal.filed", target=appeal,
           region=assessment.region, changes={"reason": [None, appeal.reason]})
    return appeal


@transaction.atomic
def appeal_answer(*, appeal: Appeal, upheld: bool, points: Decimal | None, answer: str,
                  actor: Any) -> Appeal:
    from jiguan.todo.actions import tasks_close_for_subject

    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError("该申诉已答复")
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复意见"})
    score = appeal.score
    scheme = score.assessment.scheme
    if scheme.status != SchemeStatus.RESULTS:
        raise ValidationError("方案已定稿，不能再答复申诉")
    if upheld:
        _check_points(points, score, "points")
        score.final_score = points
        score.updated_by = actor
        score.save(update_fields=["final_score", "updated_by", "updated_at"])
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.answer = answer.strip()
    appeal.answered_at = _now()
    appeal.updated_by = actor
    appeal.save(update_fields=["status", "answer", "answered_at", "updated_by", "updated_at"])
    if upheld:
        rank_scheme(scheme)
    tasks_close_for_subject(subject=appeal, kind=APPEAL_TASK, actor=actor, note=appeal.answer)
    record(actor=actor, event="assessment.appeal.answered", target=appeal,
           region=score.assessment.region,
           changes={"status": [AppealStatus.OPEN, appeal.status],
                    "final_score": [str(appeal.score_before), str(score.final_score)]})
    return appeal


@transaction.atomic
def scheme_close(*, scheme: Scheme, actor: Any) -> Scheme:
    from jiguan.todo.actions import tasks_close_for_subject

    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != SchemeStatus.RESULTS:
        raise ValidationError("只有结果已公布的方案可以定稿")
    if scheme.appeal_due is not None and timezone.localdate() <= scheme.appeal_due:
        raise ValidationError(f"申诉期至 {scheme.appeal_due:%Y-%m-%d}，期满后才能定稿")
    if Appeal.objects.filter(score__assessment__scheme=scheme,
                             status=AppealStatus.OPEN).exists():
        raise ValidationError("尚有未答复的申诉")
    scheme.status = SchemeStatus.CLOSED
    scheme.closed_at = _now()
    scheme.updated_by = actor
    scheme.save(update_fields=["status", "closed_at", "updated_by", "updated_at"])
    for a in scheme.assessments.all():
        a.status = AssessmentStatus.FINAL
        a.save(update_fields=["status", "updated_at"])
        tasks_close_for_subject(subject=a, kind=RESULT_TASK, actor=actor, note="考核已定稿")
    record(actor=actor, event="assessment.scheme.closed", target=scheme, region=scheme.region,
           changes={"status": [SchemeStatus.RESULTS, SchemeStatus.CLOSED]})
    return scheme


