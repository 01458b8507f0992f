"""Pages of inspections (the phone page the inspector scores on), satisfaction surveys
(the one page without login: the served staff's answer), evaluations and the charts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can, holds, holds_role, require
from jiguan.audit.models import AuditEvent
from jiguan.audit.record import client_ip
from jiguan.core.exports.jobs import list_export
from jiguan.core.files import file_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.core.web.formviews import form_action
from jiguan.orgs.models import Agency
from jiguan.services.catalogue.models import ServiceCategory, Supplier
from jiguan.services.inspections import actions, queries
from jiguan.services.inspections.excel import EVALUATION_COLUMNS, INSPECTION_COLUMNS
from jiguan.services.inspections.forms import (
    AnswerForm,
    EvaluationForm,
    InspectionStartForm,
    RectifyForm,
    ScoreForm,
    SubmitForm,
    SurveyForm,
)
from jiguan.services.inspections.models import (
    Evaluation,
    EvaluationStatus,
    Inspection,
    InspectionStatus,
    Survey,
)
from jiguan.services.purchases.models import Contract, Purchase, PurchaseStatus
from jiguan.services.standards.models import ServiceStandard

# Inspections ---------------------------------------------------------------------------------


def _suppliers(request: AuthedRequest) -> Any:
    return Supplier.objects.visible_to(request.user, Perm.VIEW_SERVICES).order_by("name")


def _agencies(request: AuthedRequest, perm: Perm) -> Any:
    return Agency.objects.visible_to(request.user, perm).active().order_by("region__path",
                                                                            "name")


def _inspection(request: AuthedRequest, pk: int) -> Inspection:
    return visible_or_404(Inspection.objects.select_related(
        "supplier", "agency", "agency__region", "standard", "inspector"), request.user, pk=pk)


def inspection_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    rows, form = queries.inspections_for(request.user, request.GET)
    return render(request, "services/inspection_list.html", {
        "form": form, "qs": querystring(request),
        "can_inspect": holds(request.user, Perm.INSPECT_SERVICES), **paginate(request, rows)})


inspection_export = list_export(
    "services.inspection", perm=Perm.VIEW_SERVICES, rows_for=queries.inspections_for,
    columns=INSPECTION_COLUMNS, title="服务检查", describe=queries.describe)


def inspection_start(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INSPECT_SERVICES)
    form = InspectionStartForm(
        request.POST or None, initial={"inspected_on": dt.date.today(),
                                       "period": dt.date.today().strftime("%Y-%m")},
        suppliers=_suppliers(request), agencies=_agencies(request, Perm.INSPECT_SERVICES),
        standards=ServiceStandard.objects.select_related("category").order_by(
            "category__order", "code", "-effective_from"))
    return form_action(
        request, form,
        act=lambda d: actions.inspection_start(
            supplier=d["supplier"], agency=d["agency"], standard=d["standard"],
            period=d["period"], place=d["place"], inspected_on=d["inspected_on"],
            actor=request.user),
        done=lambda i: reverse("services:inspection_score", args=[i.pk]),
        message="已开始检查，请逐项评分。", template="services/form.html",
        context={"title": "开始服务检查",
                 "hint": "按所选标准版本逐项评分；已评分的检查不随标准新版本改变。",
                 "back": reverse("services:inspection_list")})


def inspection_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    scores = {s.item_id: s for s in inspection.scores.all()}
    items = [{"item": i, "score": scores.get(i.pk)} for i in inspection.standard.items.all()]
    return render(request, "services/inspection_detail.html", {
        "inspection": inspection, "items": items, "photos": _photos(inspection),
        "can_score": inspection.status == InspectionStatus.DRAFT
        and can(request.user, Perm.INSPECT_SERVICES, inspection),
        "submit_form": SubmitForm(),
        "history": AuditEvent.objects.for_target(inspection)[:20]})


def _photos(inspection: Inspection) -> list[Any]:
    return list(inspection.photos.select_related("file", "item").order_by("pk"))


def inspection_score(request: AuthedRequest, pk: int) -> HttpResponse:
    """The phone page: one card per item, large inputs, a photo per item."""
    inspection = _inspection(request, pk)
    require(request.user, Perm.INSPECT_SERVICES, inspection)
    if inspection.status != InspectionStatus.DRAFT:
        messages.info(request, "检查已提交，评分不能再修改。")
        return redirect("services:inspection_detail", pk=pk)
    items = inspection.standard.items.all()
    current = {s.item_id: s for s in inspection.scores.all()}
    form = ScoreForm(request.POST or None, request.FILES or None, items=items, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.inspection_score(inspection=inspection, entries=form.entries(),
                                     photos=form.photos(), actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "评分已保存。")
            return redirect("services:inspection_detail", pk=pk)
    return render(request, "services/inspection_score.html", {
        "inspection": inspection, "form": form, "rows": form.rows(),
        "photos": _photos(inspection),
        "max_mb": settings.JIGUAN_SERVICES_PHOTO_MAX_BYTES // (1024 * 1024)},
        status=422 if form.errors else 200)


@require_POST
def inspection_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    require(request.user, Perm.INSPECT_SERVICES, inspection)
    form = SubmitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        actions.inspection_submit(inspection=inspection, note=form.cleaned_data["note"],
                                  actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, "检查已提交。")
    return redirect("services:inspection_detail", pk=pk)


def inspection_photo(request: AuthedRequest, pk: int, photo_pk: int) -> HttpResponse:
    """A defect photo, inline, after the scope check of its inspection."""
    inspection = _inspection(request, pk)
    photo = inspection.photos.select_related("file").filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return file_response(photo.file, inline=True)


# Surveys -------------------------------------------------------------------------------------


def _survey(request: AuthedRequest, pk: int) -> Survey:
    return visible_or_404(Survey.objects.select_related("supplier", "agency", "agency__region"),
                          request.user, pk=pk)


def survey_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    rows, form = queries.surveys_for(request.user, request.GET)
    return render(request, "services/survey_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": holds(request.user, Perm.MANAGE_SERVICES), **paginate(request, rows)})


def survey_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    today = dt.date.today()
    form = SurveyForm(request.POST or None, initial={
        "period": today.strftime("%Y-%m"), "closes_on": today + dt.timedelta(days=14),
        "public": True, "respondents": 30}, suppliers=_suppliers(request),
        agencies=_agencies(request, Perm.MANAGE_SERVICES))
    return form_action(
        request, form,
        act=lambda d: actions.survey_create(
            supplier=d["supplier"], agency=d["agency"], period=d["period"], title=d["title"],
            public=d["public"], closes_on=d["closes_on"], items=d["items"].splitlines(),
            respondents=d["respondents"] or 0, actor=request.user),
        done=lambda s: reverse("services:survey_detail", args=[s.pk]),
        message=lambda s: f"已发布问卷：{s.title}", template="services/form.html",
        context={"title": "发起满意度调查",
                 "hint": ("免登录作答：每位服务对象一个作答码，凭问卷链接和作答码作答一次；"
                          "不勾选则须登录平台作答，每个账号一次。"),
                 "back": reverse("services:survey_list")})


def survey_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    can_change = can(request.user, Perm.MANAGE_SERVICES, survey)
    link = request.build_absolute_uri(
        reverse("services:survey_answer", args=[queries.survey_token(survey)]))
    return render(request, "services/survey_detail.html", {
        "survey": survey, "results": queries.survey_results(survey), "link": link,
        "answered": survey.responses.count(), "can_change": can_change,
        "codes": survey.codes.order_by("pk") if can_change else None,
        "history": AuditEvent.objects.for_target(survey)[:20]})


@require_POST
def survey_close(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    require(request.user, Perm.MANAGE_SERVICES, survey)
    try:
        actions.survey_close(survey=survey, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, "问卷已结束。")
    return redirect("services:survey_detail", pk=pk)


def _rate_limited(request: Any) -> bool:
    """At most JIGUAN_SERVICES_SURVEY_POSTS_PER_HOUR answers from one address an hour."""
    key = f"services.survey.posts:{client_ip(request) or '-'}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > settings.JIGUAN_SERVICES_SURVEY_POSTS_PER_HOUR


@login_not_required
def survey_answer(request: Any, token: str) -> HttpResponse:
    """The served staff's answer page: the ONLY page of the platform without login, and only
    for a survey the bureau marked 免登录; the signed token names the survey, a one-time code
    names the person. CSRF is kept (the form is drawn by this page)."""
    survey = queries.survey_from_token(token)
    if survey is None:
        raise Http404
    if not survey.public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = AnswerForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "services/survey_answer.html", {
                "survey": survey, "form": form, "limited": True}, status=429)
        if form.is_valid():
            try:
                actions.survey_answer(
                    survey=survey, scores=form.scores(), code=form.cleaned_data.get("code", ""),
                    user=request.user if request.user.is_authenticated else None,
                    comment=form.cleaned_data["comment"], ip=client_ip(request))
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                return render(request, "services/survey_answer.html",
                              {"survey": survey, "done": True})
        status = 422
    closed = survey.closed or survey.closes_on < dt.date.today()
    return render(request, "services/survey_answer.html",
                  {"survey": survey, "form": form, "closed": closed}, status=status)


# Evaluations ---------------------------------------------------------------------------------


def _evaluation(request: AuthedRequest, pk: int) -> Evaluation:
    return visible_or_404(Evaluation.objects.select_related(
        "supplier", "agency", "agency__region", "contract", "contract__purchase"),
        request.user, pk=pk)


def evaluation_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    rows, form = queries.evaluations_for(request.user, request.GET)
    return render(request, "services/evaluation_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": holds(request.user, Perm.MANAGE_SERVICES), **paginate(request, rows)})


evaluation_export = list_export(
    "services.evaluation", perm=Perm.VIEW_SERVICES, rows_for=queries.evaluations_for,
    columns=EVALUATION_COLUMNS, title="绩效评价", describe=queries.describe)


def _contracts(request: AuthedRequest) -> Any:
    purchases = Purchase.objects.visible_to(request.user, Perm.MANAGE_SERVICES)
    return (Contract.objects.filter(purchase__in=purchases.values("pk"),
                                    purchase__supplier__isnull=False)
            .exclude(purchase__status=PurchaseStatus.CLOSED)
            .select_related("purchase").order_by("-start_date", "contract_no"))


def evaluation_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    initial = {"contract": request.GET.get("contract"),
               "period": dt.date.today().strftime("%Y-%m")}
    form = EvaluationForm(request.POST or None, initial=initial,
                          contracts=_contracts(request))
    weights = settings.JIGUAN_SERVICES_EVALUATION_WEIGHTS
    return form_action(
        request, form,
        act=lambda d: actions.evaluation_of_contract(
            contract=d["contract"], period=d["period"], amount=d["amount"],
            actor=request.user),
        done=lambda e: reverse("services:evaluation_detail", args=[e.pk]),
        message=lambda e: f"评价完成：{e.get_grade_display()}，本期应付 {e.payable} 元",
        template="services/form.html",
        context={"title": "考核期绩效评价",
                 "hint": (f"综合得分 = 检查得分 × {weights['inspection']}% + 满意度得分 × "
                          f"{weights['satisfaction']}%（无答卷时按检查得分）；等次按合同约定的"
                          "支付规则决定本期支付比例，不合格即向供应商联系人和采购单位发起整改待办。"),
                 "back": reverse("services:evaluation_list")})


def _may_rectify(user: Any, ev: Evaluation) -> bool:
    return can(user, Perm.MANAGE_SERVICES, ev) or (
        holds_role(user, Role.SUPPLIER_CONTACT) and can(user, Perm.VIEW_SERVICES, ev))


def evaluation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ev = _evaluation(request, pk)
    inspections = (Inspection.objects.visible_to(request.user, Perm.VIEW_SERVICES)
                   .filter(supplier=ev.supplier, agency=ev.agency, period=ev.period)
                   .select_related("standard").order_by("inspected_on"))
    return render(request, "services/evaluation_detail.html", {
        "ev": ev, "inspections": inspections,
        "can_rectify": ev.status == EvaluationStatus.RECTIFYING
        and _may_rectify(request.user, ev), "rectify_form": RectifyForm(),
        "history": AuditEvent.objects.for_target(ev)[:20]})


@require_POST
def evaluation_rectify(request: AuthedRequest, pk: int) -> HttpResponse:
    ev = _evaluation(request, pk)
    if not _may_rectify(request.user, ev):
        raise PermissionDenied("没有权限：报告整改")
    form = RectifyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        actions.evaluation_rectified(evaluation=ev, note=form.cleaned_data["note"],
                                     actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, "已报告整改，整改待办已办结。")
    return redirect("services:evaluation_detail", pk=pk)


# Charts --------------------------------------------------------------------------------------


def charts(request: AuthedRequest) -> HttpResponse:
    """A supplier's scores over time; a category's scores across the cities."""
    require(request.user, Perm.VIEW_SERVICES)
    suppliers = list(_suppliers(request))
    categories = list(ServiceCategory.objects.order_by("order"))
    supplier = next((s for s in suppliers if str(s.pk) == request.GET.get("supplier")),
                    suppliers[0] if suppliers else None)
    category = next((c for c in categories if str(c.pk) == request.GET.get("category")),
                    categories[0] if categories else None)
    try:
        year = int(request.GET.get("year") or dt.date.today().year)
    except ValueError:
        year = dt.date.today().year
    year = min(max(year, 2000), 2100)
    return render(request, "services/charts.html", {
        "suppliers": suppliers, "categories": categories, "supplier": supplier,
        "category": category, "year": year,
        "trend": queries.supplier_trend(request.user, supplier) if supplier else None,
        "regions": queries.category_regions(request.user, category, year) if category
        else None})
