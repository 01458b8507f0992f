"""Every write of inspections, surveys and evaluations: one transaction and one audit row
each; a refusal raises ValidationError naming the field, and nothing is written."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone

from jiguan.access.roles import Role
from jiguan.audit.record import record
from jiguan.services.inspections import rules
from jiguan.services.inspections.models import (
    Evaluation,
    EvaluationStatus,
    Inspection,
    InspectionScore,
    InspectionStatus,
    Survey,
    SurveyAnswer,
    SurveyCode,
    SurveyItem,
    SurveyResponse,
)
from jiguan.services.inspections.photos import store_photo
from jiguan.services.inspections.rules import ScoreEntry
from jiguan.services.purchases.models import Contract, PurchaseStatus
from jiguan.services.standards.models import ServiceStandard, StandardItem
from jiguan.todo.actions import task_create, tasks_close_for_subject

RECTIFY_KIND = "services.rectification"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _period(period: str) -> None:
    problem = rules.period_problem(period)
    if problem:
        raise ValidationError({"period": problem})


# Inspections ---------------------------------------------------------------------------------

@transaction.atomic
def inspection_start(*, supplier: Any, agency: Any, standard: ServiceStandard, period: str,
                     place: str, inspected_on: dt.date, actor: Any,
                     today: dt.date | None = None) -> Inspection:
    _period(period)
    if inspected_on > (today or dt.date.today()):
        raise ValidationError({"inspected_on": "检查日期不能晚于今天"})
    if standard.effective_from > inspected_on:
        raise ValidationError({"standard": (
            f"{standard} 于 {standard.effective_from} 起实施，检查日期 {inspected_on} "
            "尚未实施，请选择当时有效的版本")})
    full = standard.total_weight or Decimal(100)
    inspection = Inspection(supplier=supplier, agency=agency, standard=standard, period=period,
                            place=place, inspected_on=inspected_on, inspector=actor,
                            full_marks=full, created_by=actor, updated_by=actor)
    inspection.full_clean()
    inspection.save()
    record(actor=actor, event="services.inspection.started", target=inspection,
           changes={"supplier": [None, supplier.name], "agency": [None, agency.name],
                    "standard": [None, str(standard)], "period": [None, period],
                    "place": [None, place]})
    return inspection


@transaction.atomic
def inspection_score(*, inspection: Inspection, entries: Sequence[ScoreEntry],
                     photos: Sequence[tuple[int | None, Any]] = (), actor: Any) -> Inspection:
    """Save the scores of the items entered (and the defect photos); every problem of every
    item is reported together and nothing is saved when there is one."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != InspectionStatus.DRAFT:
        raise ValidationError({"__all__": "检查已提交，评分不能再修改"})
    items = {i.pk: i for i in StandardItem.objects.filter(standard_id=inspection.standard_id)}
    errors: list[str] = []
    scored: list[tuple[StandardItem, ScoreEntry, Decimal]] = []
    for e in entries:
        item = items.get(e.item_id)
        if item is None:
            errors.append(f"条款 {e.item_id} 不属于 {inspection.standard}")
            continue
        if e.defects < 0:
            errors.append(f"第 {item.no} 项“{item.aspect}”问题数不能为负数")
            continue
        score = rules.item_score(weight=item.weight, deduction=item.deduction,
                                 defects=e.defects, score=e.score)
        problem = rules.score_problem(no=item.no, aspect=item.aspect, weight=item.weight,
                                      score=score)
        if problem:
            errors.append(problem)
            continue
        scored.append((item, e, score))
    photo_rows = []
    for item_id, upload in photos:
        if item_id is not None and item_id not in items:
            errors.append(f"照片所属条款 {item_id} 不属于 {inspection.standard}")
            continue
        photo_rows.append((item_id, upload))
    if errors:
        raise ValidationError({"__all__": errors})
    changes: dict[str, Any] = {}
    for item, e, score in scored:
        row, created = InspectionScore.objects.get_or_create(
            inspection=inspection, item=item,
            defaults={"defects": e.defects, "score": score, "note": e.note,
                      "created_by": actor, "updated_by": actor})
        if not created and (row.defects, row.score, row.note) != (e.defects, score, e.note):
            changes[f"{item.no}"] = [str(row.score), str(score)]
            row.defects, row.score, row.note, row.updated_by = e.defects, score, e.note, actor
            row.save()
        elif created:
            changes[f"{item.no}"] = [None, str(score)]
    stored = _store_photos(inspection, photo_rows, actor)
    if stored:
        changes["photos"] = [None, stored]
    total = sum((s.score for s in inspection.scores.all()), start=Decimal(0))
    inspection.total = total
    inspection.updated_by = actor
    inspection.save(update_fields=["total", "updated_by", "updated_at"])
    if changes:
        record(actor=actor, event="services.inspection.scored", target=inspection,
               changes=changes)
    return inspection


def _store_photos(inspection: Inspection, rows: Sequence[tuple[int | None, Any]],
                  actor: Any) -> list[str]:
    """The defect photos: through core's file store (images only, size-limited); a refused
    file raises its ValidationError, which rolls the whole scoring back."""
    return [store_photo(inspection=inspection, item_id=item_id, upload=upload, actor=actor)
            for item_id, upload in rows]


@transaction.atomic
def inspection_submit(*, inspection: Inspection, note: str = "", actor: Any) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != InspectionStatus.DRAFT:
        raise ValidationError({"__all__": "检查已提交"})
    scored = set(inspection.scores.values_list("item_id", flat=True))
    missing = [f"第 {i.no} 项" for i in inspection.standard.items.all() if i.pk not in scored]
    if missing:
        raise ValidationError({"__all__": f"尚有条款未评分：{'、'.join(missing)}"})
    inspection.status = InspectionStatus.SUBMITTED
    inspection.submitted_at = timezone.now()
    inspection.note = note or inspection.note
    inspection.updated_by = actor
    inspection.save()
    record(actor=actor, event="services.inspection.submitted", target=inspection,
           changes={"status": [InspectionStatus.DRAFT, InspectionStatus.SUBMITTED],
                    "total": [None, inspection.total]})
    return inspection


# Surveys -------------------------------------------------------------------------------------

DEFAULT_SURVEY_ITEMS = ("服务态度", "服务质量", "响应及时性", "环境卫生", "总体满意度")


def new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


@transaction.atomic
def survey_create(*, supplier: Any, agency: Any, period: str, title: str, public: bool,
                  closes_on: dt.date, items: Sequence[str], respondents: int, actor: Any,
                  today: dt.date | None = None) -> Survey:
    _period(period)
    texts = [t.strip() for t in items if t.strip()] or list(DEFAULT_SURVEY_ITEMS)
    if len(texts) > 30:
        raise ValidationError({"items": "题目不能超过 30 道"})
    if closes_on < (today or dt.date.today()):
        raise ValidationError({"closes_on": "截止日期不能早于今天"})
    limit = settings.JIGUAN_SERVICES_SURVEY_MAX_RESPONDENTS
    if public and not 1 <= respondents <= limit:
        raise ValidationError({"respondents": f"免登录作答须发放 1–{limit} 个作答码"})
    survey = Survey(supplier=supplier, agency=agency, period=period, title=title, public=public,
                    closes_on=closes_on, created_by=actor, updated_by=actor)
    survey.full_clean()
    survey.save()
    SurveyItem.objects.bulk_create(SurveyItem(survey=survey, no=n, text=t[:200],
                                              created_by=actor, updated_by=actor)
                                   for n, t in enumerate(texts, start=1))
    if public:
        taken: set[str] = set()
        SurveyCode.objects.bulk_create(SurveyCode(survey=survey, code=new_code(taken))
                                       for _ in range(respondents))
    record(actor=actor, event="services.survey.created", target=survey,
           changes={"title": [None, title], "public": [None, public],
                    "items": [None, len(texts)], "codes": [None, respondents if public else 0]})
    return survey


@transaction.atomic
def survey_answer(*, survey: Survey, scores: Mapping[int, int], code: str = "",
                  user: Any = None, comment: str = "", ip: str | None = None,
                  today: dt.date | None = None) -> SurveyResponse:
    """One person's answer: by a one-time code (免登录) or by a logged-in account; a second
    answer of the same code or account is refused."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.closed or survey.closes_on < (today or dt.date.today()):
        raise ValidationError({"__all__": "问卷已截止，不能再作答"})
    items = list(survey.items.all())
    errors = {}
    for item in items:
        value = scores.get(item.pk)
        if value is None:
            errors[f"item_{item.pk}"] = f"请为第 {item.no} 题“{item.text}”打分"
        elif not 1 <= int(value) <= 5:
            errors[f"item_{item.pk}"] = f"第 {item.no} 题评分应为 1–5"
    if errors:
        raise ValidationError(errors)
    code_row = None
    if survey.public:
        code_row = (SurveyCode.objects.select_for_update()
                    .filter(survey=survey, code=(code or "").strip().upper()).first())
        if code_row is None:
            raise ValidationError({"code": "作答码不正确"})
        if code_row.used_at is not None:
            raise ValidationError({"code": "该作答码已作答：每人只能作答一次，不能重复提交"})
        code_row.used_at = timezone.now()
        code_row.save(update_fields=["used_at"])
        user = None
    else:
        if user is None or not getattr(user, "is_authenticated", False):
            raise ValidationError({"__all__": "本问卷须登录后作答"})
        if SurveyResponse.objects.filter(survey=survey, user=user).exists():
            raise ValidationError({"__all__": "您已作答该问卷，不能重复提交"})
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, code=code_row, user=user,
                                                     comment=comment[:400])
    except IntegrityError:
        raise ValidationError({"__all__": "该问卷已作答，不能重复提交"}) from None
    SurveyAnswer.objects.bulk_create(SurveyAnswer(response=response, item=item,
                                                  score=int(scores[item.pk]))
                                     for item in items)
    record(actor=user or "问卷作答人", event="services.survey.answered", target=survey,
           changes={"responses": [None, survey.responses.count()]}, ip=ip)
    return response


@transaction.atomic
def survey_close(*, survey: Survey, actor: Any) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.closed:
        raise ValidationError({"__all__": "问卷已结束"})
    survey.closed = True
    survey.updated_by = actor
    survey.save()
    record(actor=actor, event="services.survey.closed", target=survey,
           changes={"closed": [False, True]})
    return survey


# Evaluations ---------------------------------------------------------------------------------

def _settings() -> tuple[dict[str, int], dict[str, Any], dict[str, Any]]:
    weights = dict(settings.JIGUAN_SERVICES_EVALUATION_WEIGHTS)
    thresholds = dict(settings.JIGUAN_SERVICES_GRADE_THRESHOLDS)
    percents = dict(settings.JIGUAN_SERVICES_PAYMENT_PERCENT)
    problem = rules.weights_problem(weights) or rules.thresholds_problem(thresholds)
    if problem:
        raise ValidationError({"__all__": f"评价参数设置有误：{problem}"})
    return weights, thresholds, percents


def period_figures(*, supplier: Any, agency: Any, period: str) -> dict[str, Any]:
    """The period's submitted inspections and survey answers of a supplier at a site."""
    inspections = list(Inspection.objects.filter(
        supplier=supplier, agency=agency, period=period, status=InspectionStatus.SUBMITTED))
    percents = [i.percent for i in inspections if i.percent is not None]
    inspection = (sum(percents, start=Decimal(0)) / len(percents)
                  if percents else None)
    answers = SurveyAnswer.objects.filter(response__survey__supplier=supplier,
                                          response__survey__agency=agency,
                                          response__survey__period=period)
    mean = answers.aggregate(m=Avg("score"))["m"]
    responses = SurveyResponse.objects.filter(survey__supplier=supplier, survey__agency=agency,
                                              survey__period=period).count()
    return {"inspection": (inspection.quantize(rules.ONE) if inspection is not None else None),
            "inspection_count": len(inspections),
            "satisfaction": rules.satisfaction_percent(mean), "response_count": responses}


def contract_site(contract: Contract) -> tuple[Any, Any]:
    """The supplier and the buyer agency (the site) of a contract."""
    purchase = contract.purchase
    if purchase.supplier is None:
        raise ValidationError({"contract": "该合同的购买项目尚未确定承接主体"})
    return purchase.supplier, purchase.agency


def contract_percents(contract: Contract) -> dict[str, Decimal]:
    return {g: contract.pay_share(g) for g in rules.GRADE_ORDER}


@transaction.atomic
def evaluation_of_contract(*, contract: Contract, period: str, amount: Decimal | None,
                           actor: Any) -> Evaluation:
    """Evaluate a contract's period: its supplier at its buyer, paid by its rule; the
    period's amount defaults to the contract's price of one settlement period."""
    _period(period)
    purchase = contract.purchase
    if purchase.status == PurchaseStatus.CLOSED:
        raise ValidationError({"contract": f"购买项目“{purchase.title}”已关闭，不能再评价"})
    problem = rules.contract_period_problem(period, contract.start_date, contract.end_date)
    if problem:
        raise ValidationError({"period": problem})
    supplier, agency = contract_site(contract)
    if amount is None:
        amount = rules.period_amount(contract.price, contract.start_date, contract.end_date,
                                     contract.settlement)
    if amount > contract.price:
        raise ValidationError({"amount": f"本期金额不能超过合同金额 {contract.price} 元"})
    return evaluation_make(supplier=supplier, agency=agency, period=period, amount=amount,
                           actor=actor, percents=contract_percents(contract),
                           contract=contract)


@transaction.atomic
def evaluation_make(*, supplier: Any, agency: Any, period: str, amount: Decimal, actor: Any,
                    percents: Mapping[str, Any] | None = None,
                    contract: Contract | None = None) -> Evaluation:
    """Evaluate a period: the weighted total, its grade, and the payment the grade sets
    (`percents`: the contract's rule per grade; the settings' default without one). A
    不合格 opens the rectification to-dos of the supplier's contact and the buyer."""
    _period(period)
    if amount is None or amount < 0:
        raise ValidationError({"amount": "本期合同金额不能为负数"})
    if Evaluation.objects.filter(supplier=supplier, agency=agency, period=period).exists():
        raise ValidationError({"period": f"{supplier.name}在{agency.name} {period} 已评价"})
    weights, thresholds, default_percents = _settings()
    rule = dict(percents or default_percents)
    figures = period_figures(supplier=supplier, agency=agency, period=period)
    total = rules.combine(figures["inspection"], figures["satisfaction"], weights)
    if total is None:
        raise ValidationError({"period": (
            f"{period} 没有已提交的检查，也没有满意度答卷，无法评价")})
    grade = rules.grade(total, thresholds)
    pay_percent, payable = rules.payment(amount, grade, rule)
    ev = Evaluation(
        contract=contract, supplier=supplier, agency=agency, period=period,
        inspection_score=figures["inspection"], inspection_count=figures["inspection_count"],
        satisfaction_score=figures["satisfaction"], response_count=figures["response_count"],
        inspection_weight=weights["inspection"], satisfaction_weight=weights["satisfaction"],
        total=total, grade=grade, amount=amount, pay_percent=pay_percent, payable=payable,
        pay_rule=(("合同约定：" if contract else "默认规则：")
                  + rules.describe_rule(rule))[:200],
        status=EvaluationStatus.RECTIFYING if grade == "fail" else EvaluationStatus.EVALUATED,
        created_by=actor, updated_by=actor)
    ev.full_clean()
    ev.save()
    record(actor=actor, event="services.evaluation.made", target=ev,
           changes={"total": [None, total], "grade": [None, ev.get_grade_display()],
                    "pay_percent": [None, pay_percent], "payable": [None, payable]})
    if grade == "fail":
        _open_rectification(ev, actor)
    return ev


def _open_rectification(ev: Evaluation, actor: Any) -> None:
    url = reverse("services:evaluation_detail", args=[ev.pk])
    due = dt.date.today() + dt.timedelta(days=settings.JIGUAN_SERVICES_RECTIFY_DAYS)
    detail = (f"{ev.period} 综合得分 {ev.total}，评为不合格；本期按 {ev.pay_percent}% 支付。"
              "请供应商整改并报告整改情况。")
    task_create(kind=RECTIFY_KIND, title=f"整改：{ev.supplier.name}（{ev.agency.name}）",
                assignee_role=Role.SUPPLIER_CONTACT, region=ev.agency.region, agency=ev.agency,
                subject=ev, subject_url=url, due_date=due, detail=detail, actor=actor)
    task_create(kind=RECTIFY_KIND, title=f"督促整改：{ev.supplier.name}（{ev.period} 不合格）",
                assignee_role=Role.AGENCY_REPORTER, region=ev.agency.region, agency=ev.agency,
                subject=ev, subject_url=url, due_date=due, detail=detail, actor=actor)


@transaction.atomic
def evaluation_rectified(*, evaluation: Evaluation, note: str, actor: Any) -> Evaluation:
    ev = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if ev.status != EvaluationStatus.RECTIFYING:
        raise ValidationError({"__all__": "只有不合格、整改中的评价可以报告整改"})
    if not note.strip():
        raise ValidationError({"note": "请填写整改情况"})
    ev.status = EvaluationStatus.RECTIFIED
    ev.rectification_note = note.strip()[:400]
    ev.updated_by = actor
    ev.save()
    record(actor=actor, event="services.evaluation.rectified", target=ev,
           changes={"status": [EvaluationStatus.RECTIFYING, EvaluationStatus.RECTIFIED],
                    "rectification_note": [None, ev.rectification_note]})
    tasks_close_for_subject(subject=ev, kind=RECTIFY_KIND, actor=actor, note="已报告整改")
    return ev
