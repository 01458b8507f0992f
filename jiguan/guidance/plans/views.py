"""Pages of the five-year plan: the list, a plan with its targets' progress and mid-term
review, a target with its yearly series, and the forms that call the plan's actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.exports.responses import xlsx_response
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.guidance.plans import actions, excel, queries
from jiguan.guidance.plans.forms import PlanForm, ReportForm, ReviewForm, TargetForm
from jiguan.guidance.plans.models import Plan

FORM = "guidance/plans/form.html"


def plan_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    return render(request, "guidance/plans/list.html", {
        "plans": queries.plans_for(request.user),
        "can_manage": can(request.user, Perm.MANAGE_GUIDANCE)})


plan_list_export = list_export(
    "guidance.plans", perm=Perm.VIEW_GUIDANCE,
    rows_for=lambda user, params: (queries.plans_for(user).order_by("-start_year", "region__path"),
                                   None),
    columns=[ExportColumn("规划期", lambda p: p.name, 10),
             ExportColumn("规划名称", lambda p: p.title, 40),
             ExportColumn("区划", lambda p: p.region.name, 14),
             ExportColumn("起始年度", lambda p: p.start_year, 10),
             ExportColumn("终止年度", lambda p: p.end_year, 10),
             ExportColumn("基准年度", lambda p: p.baseline_year, 10),
             ExportColumn("指标数", lambda p: p.n_targets, 10, kind="count")],
    title="发展规划", describe=lambda _form: "本级及下级全部规划")


def _manageable(request: AuthedRequest, plan: Plan) -> None:
    require(request.user, Perm.MANAGE_GUIDANCE, plan)


def plan_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GUIDANCE)
    root = (Region.objects.visible_to(request.user, Perm.MANAGE_GUIDANCE)
            .filter(level__in=["province", "city"]).order_by("path").first())
    if root is None:
        raise PermissionDenied("没有可制定发展规划的区划")
    form = PlanForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.plan_create(region=root, data=d, actor=request.user),
        done=lambda p: reverse("guidance:plan_detail", args=[p.pk]),
        message=lambda p: f"已建立{p}", template=FORM,
        context={"title": f"制定发展规划（{root.name}）", "back": reverse("guidance:plan_list")})


def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    rows = queries.plan_progress(plan)
    review = getattr(plan, "review", None)
    return render(request, "guidance/plans/detail.html", {
        "plan": plan, "rows": rows, "review": review,
        "review_items": list(review.items.select_related("target")) if review else [],
        "off_track": sum(1 for r in rows if r.off_track),
        "can_manage": can(request.user, Perm.MANAGE_GUIDANCE, plan),
        "measure_label": queries.measure_label})


def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    _manageable(request, plan)
    form = PlanForm(request.POST or None, initial={
        k: getattr(plan, k) for k in ("name", "title", "start_year", "end_year",
                                      "baseline_year", "note")})
    back = reverse("guidance:plan_detail", args=[plan.pk])
    return form_action(
        request, form,
        act=lambda d: actions.plan_update(plan=plan, data=d, actor=request.user),
        done=back, message="规划已修改", template=FORM,
        context={"title": f"修改{plan}", "back": back})


def target_create(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    _manageable(request, plan)
    form = TargetForm(request.POST or None, initial={"baseline_year": plan.baseline_year})
    back = reverse("guidance:plan_detail", args=[plan.pk])
    return form_action(
        request, form,
        act=lambda d: actions.target_add(plan=plan, data=d, actor=request.user),
        done=back, message=lambda t: f"已新增指标“{t.indicator}”", template=FORM,
        context={"title": f"新增规划指标（{plan}）", "back": back})


def target_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    target = queries.target_or_404(request.user, pk)
    progress = queries.progress_of(target)
    can_manage = can(request.user, Perm.MANAGE_GUIDANCE, target.plan)
    return render(request, "guidance/plans/target.html", {
        "target": target, "plan": target.plan, "progress": progress,
        "chart": queries.chart_data(progress), "can_manage": can_manage,
        "measure": queries.measure_label(target.measure) if target.is_computed else "",
        "report_form": ReportForm() if can_manage and not target.is_computed else None})


def target_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    target = queries.target_or_404(request.user, pk)
    _manageable(request, target.plan)
    form = TargetForm(request.POST or None, initial=TargetForm.initial_of(target))
    back = reverse("guidance:target_detail", args=[target.pk])
    return form_action(
        request, form,
        act=lambda d: actions.target_update(target=target, data=d, actor=request.user),
        done=back, message="指标已修改", template=FORM,
        context={"title": f"修改规划指标：{target.indicator}", "back": back})


def target_report(request: AuthedRequest, pk: int) -> HttpResponse:
    target = queries.target_or_404(request.user, pk)
    _manageable(request, target.plan)
    form = ReportForm(request.POST or None)
    back = reverse("guidance:target_detail", args=[target.pk])
    return form_action(
        request, form,
        act=lambda d: actions.target_report(target=target, year=d["year"], value=d["value"],
                                            note=d.get("note") or "", actor=request.user),
        done=back, message=lambda v: f"已填报 {v.year} 年完成值", template=FORM,
        context={"title": f"填报完成值：{target.indicator}", "back": back})


def plan_review(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    _manageable(request, plan)
    targets = list(plan.targets.all())
    review = getattr(plan, "review", None)
    initial = {}
    if review is not None:
        initial = {"reviewed_on": review.reviewed_on, "text": review.text}
        for item in review.items.all():
            initial[f"c_{item.target_id}"] = item.conclusion
            initial[f"n_{item.target_id}"] = item.note
    form = ReviewForm(request.POST or None, targets=targets, initial=initial)
    back = reverse("guidance:plan_detail", args=[plan.pk])
    return form_action(
        request, form,
        act=lambda d: actions.review_save(plan=plan, reviewed_on=d["reviewed_on"],
                                          text=d["text"], conclusions=form.conclusions(),
                                          actor=request.user),
        done=back, message="中期评估已保存", template=FORM,
        context={"title": f"中期评估：{plan}", "back": back})


@require_POST
def plan_check(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    _manageable(request, plan)
    try:
        result = actions.plan_check(plan=plan, actor=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, f"已检查指标进度：新增滞后待办 {result['opened']} 项，"
                                  f"办结 {result['closed']} 项")
    return redirect("guidance:plan_detail", pk=plan.pk)


def plan_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    plan = queries.plan_or_404(request.user, pk)
    return xlsx_response(excel.plan_workbook(plan), f"{plan.title}指标完成情况", stamped=True)
