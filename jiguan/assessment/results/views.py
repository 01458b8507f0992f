"""Pages of the yearly assessment: schemes (drafting and publication), a bureau's scores
(self-evaluation, review, appeals), and the ranking with its radar and export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.assessment import measures
from jiguan.assessment.results import actions, excel, queries
from jiguan.assessment.results.forms import AnswerForm, AppealForm, ReviewForm, SelfEvalForm
from jiguan.assessment.results.models import Appeal, Evidence
from jiguan.assessment.schemes import actions as scheme_actions
from jiguan.assessment.schemes.forms import GroupForm, IndicatorForm, PublishForm, SchemeForm
from jiguan.assessment.schemes.models import Indicator, SchemeStatus
from jiguan.core.exports.jobs import list_export
from jiguan.core.exports.responses import xlsx_response
from jiguan.core.files import file_response
from jiguan.core.htmx import querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe


def _button(request: AuthedRequest, act: Callable[[], Any], done: str, ok: str) -> HttpResponse:
    """A POST that runs one action: its refusal as an error message, else ``ok``."""
    try:
        act()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, ok)
    return redirect(done)


def home(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSESSMENT)
    schemes, form = queries.schemes_listed(request.user, request.GET)
    return render(request, "assessment/home.html", {
        "schemes": schemes, "form": form, "qs": querystring(request),
        "can_manage": can(request.user, Perm.MANAGE_ASSESSMENT)})


scheme_export = list_export(
    "assessment.schemes", perm=Perm.VIEW_ASSESSMENT, rows_for=queries.schemes_listed,
    columns=excel.SCHEME_COLUMNS, title="年度考核方案", describe=describe)
indicator_export = list_export(
    "assessment.indicators", perm=Perm.VIEW_ASSESSMENT, rows_for=queries.scheme_indicators,
    columns=excel.INDICATOR_COLUMNS, title="考核指标体系", describe=describe)
bureau_export = list_export(
    "assessment.assessments", perm=Perm.VIEW_ASSESSMENT, rows_for=queries.scheme_assessments,
    columns=excel.ASSESSMENT_COLUMNS, title="被考核单位", describe=describe)
score_export = list_export(
    "assessment.scores", perm=Perm.VIEW_ASSESSMENT, rows_for=queries.assessment_scores,
    columns=excel.SCORE_COLUMNS, title="年度考核指标得分", describe=describe)


def scheme_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ASSESSMENT)
    regions = Region.objects.visible_to(request.user, Perm.MANAGE_ASSESSMENT).filter(
        level__in=["province", "city"])
    root = regions.order_by("path").first()
    if root is None:
        raise PermissionDenied("没有可制定考核方案的区划")
    form = SchemeForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: scheme_actions.scheme_create(region=root, year=d["year"], data=d,
                                                   actor=request.user),
        done=lambda s: reverse("assessment:scheme_detail", args=[s.pk]),
        message=lambda s: f"已建立{s}", template="assessment/form.html",
        context={"title": f"制定考核方案（{root.name}）", "back": reverse("assessment:home")})


def scheme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    can_manage = can(request.user, Perm.MANAGE_ASSESSMENT, scheme)
    groups = list(scheme.groups.prefetch_related("indicators"))
    for group in groups:
        for ind in group.indicators.all():
            ind.source = (  # type: ignore[attr-defined]
                measures.get(ind.measure) if ind.measure else None)
    return render(request, "assessment/scheme_detail.html", {
        "scheme": scheme, "groups": groups, "can_manage": can_manage,
        "adjustments": scheme.indicators.filter(group__isnull=True),
        "problems": scheme_actions.scheme_problems(scheme) if scheme.is_draft else [],
        "assessments": queries.assessments_seen(request.user, scheme)})


def group_create(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, scheme)
    form = GroupForm(request.POST or None)
    back = reverse("assessment:scheme_detail", args=[scheme.pk])
    return form_action(
        request, form,
        act=lambda d: scheme_actions.group_add(scheme=scheme, name=d["name"],
                                               weight=d["weight"], order=d.get("order") or 0,
                                               actor=request.user),
        done=back, message=lambda g: f"已新增指标组“{g.name}”", template="assessment/form.html",
        context={"title": "新增指标组", "back": back})


def indicator_create(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, scheme)
    form = IndicatorForm(request.POST or None, scheme=scheme)
    back = reverse("assessment:scheme_detail", args=[scheme.pk])
    return form_action(
        request, form,
        act=lambda d: scheme_actions.indicator_add(scheme=scheme, data=d, actor=request.user),
        done=back, message=lambda i: f"已新增指标“{i.name}”", template="assessment/form.html",
        context={"title": "新增考核指标", "back": back})


@require_POST
def indicator_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.filter(scheme__in=queries.schemes_for(request.user)), pk=pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, indicator.scheme)
    return _button(request, lambda: scheme_actions.indicator_delete(indicator=indicator,
                                                                      actor=request.user),
                   reverse("assessment:scheme_detail", args=[indicator.scheme_id]),
                   f"已删除指标“{indicator.name}”")


def scheme_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, scheme)
    candidates = Region.objects.filter(path__startswith=scheme.region.path).exclude(
        pk=scheme.region_id).filter(level__in=["city", "county"]).order_by("path")
    form = PublishForm(request.POST or None, regions=candidates,
                       initial_regions=scheme_actions.default_regions(scheme))
    back = reverse("assessment:scheme_detail", args=[scheme.pk])
    return form_action(
        request, form,
        act=lambda d: actions.scheme_publish(scheme=scheme, regions=list(d["regions"]),
                                             actor=request.user),
        done=back, message="方案已发布，各被考核单位已收到自评待办",
        template="assessment/form.html",
        context={"title": f"发布{scheme}", "back": back,
                 "problems": scheme_actions.scheme_problems(scheme)})


@require_POST
def scheme_compute(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, scheme)
    return _button(request, lambda: actions.compute_scheme(scheme, actor=request.user),
                   reverse("assessment:scheme_detail", args=[scheme.pk]),
                   "已按平台最新数据重新计算")


@require_POST
def results_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, scheme)
    return _button(request, lambda: actions.publish_results(scheme=scheme, actor=request.user),
                   reverse("assessment:ranking", args=[scheme.pk]), "考核结果已公布")


@require_POST
def scheme_close(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, scheme)
    return _button(request, lambda: actions.scheme_close(scheme=scheme, actor=request.user),
                   reverse("assessment:ranking", args=[scheme.pk]), "考核结果已定稿")


def ranking(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = queries.scheme_or_404(request.user, pk)
    if scheme.status not in queries.RESULT_STATUSES:
        messages.info(request, "考核结果尚未公布")
        return redirect("assessment:scheme_detail", pk=scheme.pk)
    rows = queries.ranking(scheme)
    return render(request, "assessment/ranking.html", {
        "scheme": scheme, "rows": rows, "radar": queries.radar(scheme, rows),
        "groups": [g.name for g in scheme.groups.all()],
        "can_manage": can(request.user, Perm.MANAGE_ASSESSMENT, scheme)})


def ranking_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    scheme = queries.scheme_or_404(request.user, pk)
    if scheme.status not in queries.RESULT_STATUSES:
        raise Http404
    return xlsx_response(excel.result_workbook(scheme), f"{scheme.title}考核结果",
                         stamped=True)


def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = queries.assessment_or_404(request.user, pk)
    scheme = assessment.scheme
    return render(request, "assessment/assessment_detail.html", {
        "assessment": assessment, "scheme": scheme, "scores": queries.scores_of(assessment),
        "movement": queries.year_on_year(assessment),
        "can_self": not actions.self_problem(request.user, assessment),
        "can_manage": can(request.user, Perm.MANAGE_ASSESSMENT, scheme),
        "appeal_open": scheme.status == SchemeStatus.RESULTS})


def score_self(request: AuthedRequest, pk: int) -> HttpResponse:
    score = queries.score_or_404(request.user, pk)
    problem = actions.self_problem(request.user, score.assessment)
    if problem:
        raise PermissionDenied(problem)
    form = SelfEvalForm(request.POST or None, request.FILES or None,
                        initial={"points": score.self_score, "note": score.self_note})
    back = reverse("assessment:assessment_detail", args=[score.assessment_id])
    return form_action(
        request, form,
        act=lambda d: actions.self_evaluate(score=score, points=d.get("points"),
                                            note=d.get("note") or "", files=d.get("evidence") or [],
                                            actor=request.user),
        done=back, message=f"已保存“{score.indicator.name}”的自评",
        template="assessment/form.html",
        context={"title": f"自评：{score.indicator.name}（分值 {score.indicator.weight}）",
                 "back": back, "score": score, "multipart": True})


def score_review(request: AuthedRequest, pk: int) -> HttpResponse:
    score = queries.score_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, score.assessment.scheme)
    form = ReviewForm(request.POST or None)
    back = reverse("assessment:assessment_detail", args=[score.assessment_id])
    return form_action(
        request, form,
        act=lambda d: actions.review(score=score, agree=d["agree"], points=d.get("points"),
                                     reason=d.get("reason") or "", actor=request.user),
        done=back, message=f"已审核“{score.indicator.name}”", template="assessment/form.html",
        context={"title": f"审核：{score.indicator.name}（分值 {score.indicator.weight}）",
                 "back": back, "score": score})


def score_appeal(request: AuthedRequest, pk: int) -> HttpResponse:
    score = queries.score_or_404(request.user, pk)
    problem = actions.self_problem(request.user, score.assessment)
    if problem:
        raise PermissionDenied(problem)
    form = AppealForm(request.POST or None)
    back = reverse("assessment:assessment_detail", args=[score.assessment_id])
    return form_action(
        request, form,
        act=lambda d: actions.appeal_file(score=score, reason=d["reason"], actor=request.user),
        done=back, message=f"已就“{score.indicator.name}”提出申诉",
        template="assessment/form.html",
        context={"title": f"申诉：{score.indicator.name}（得分 {score.final_score}）",
                 "back": back, "score": score})


def appeal_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal.objects.select_related("score__assessment__scheme",
                                                             "score__indicator"),
                               pk=pk, score__assessment__in=queries.assessments_visible(
                                   request.user))
    require(request.user, Perm.MANAGE_ASSESSMENT, appeal.score.assessment.scheme)
    form = AnswerForm(request.POST or None)
    back = reverse("assessment:assessment_detail", args=[appeal.score.assessment_id])
    return form_action(
        request, form,
        act=lambda d: actions.appeal_answer(appeal=appeal, upheld=d["upheld"],
                                            points=d.get("points"), answer=d["answer"],
                                            actor=request.user),
        done=back, message="已答复申诉", template="assessment/form.html",
        context={"title": f"答复申诉：{appeal.score.indicator.name}", "back": back,
                 "score": appeal.score, "appeal": appeal})


@require_POST
def assessment_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = queries.assessment_or_404(request.user, pk)
    problem = actions.self_problem(request.user, assessment)
    if problem:
        raise PermissionDenied(problem)
    return _button(request, lambda: actions.submit(assessment=assessment, actor=request.user),
                   reverse("assessment:assessment_detail", args=[assessment.pk]),
                   "自评已提交，等待审核")


@require_POST
def assessment_review_finish(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = queries.assessment_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_ASSESSMENT, assessment.scheme)
    return _button(request, lambda: actions.review_finish(assessment=assessment,
                                                          actor=request.user),
                   reverse("assessment:assessment_detail", args=[assessment.pk]), "审核已完成")


def evidence_download(request: AuthedRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("file"), pk=pk,
                                 score__assessment__in=queries.assessments_visible(request.user))
    return file_response(evidence.file, inline=True)

