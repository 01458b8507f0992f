"""Pages of the major decisions: the list (filters, Excel export), the catalogue of decision
items, a decision's page with its steps, and one form per step; the archive as a .zip."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.files import file_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.governance.decisions import actions, queries, rules
from jiguan.governance.decisions.excel import DECISION_EXPORT_COLUMNS, archive_zip
from jiguan.governance.decisions.forms import (
    CatalogueForm,
    DecideForm,
    DecisionForm,
    DiscussionForm,
    DocumentForm,
    OpinionForm,
    StepForm,
    this_year,
)
from jiguan.governance.decisions.models import (
    CatalogueItem,
    Decision,
    DecisionDocument,
    DecisionStatus,
    Discussion,
    StepKind,
)
from jiguan.governance.reviews.forms import SubmitForm
from jiguan.governance.reviews.models import Review, SubjectKind
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency


def _decision(request: AuthedRequest, pk: int) -> Decision:
    return visible_or_404(Decision.objects.select_related("agency__region", "catalogue_item"),
                          request.user, pk=pk)


def _managed(request: AuthedRequest, pk: int) -> Decision:
    decision = _decision(request, pk)
    require(request.user, Perm.MANAGE_DECISIONS, decision)
    return decision


def _back(decision: Decision) -> str:
    return reverse("governance:decision_detail", args=[decision.pk])


def decision_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_DECISIONS)
    found, form = queries.decisions_for(request.user, request.GET)
    return render(request, "governance/decision_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.MANAGE_DECISIONS), **paginate(request, found)})


decision_export = list_export(
    "governance.decision", perm=Perm.VIEW_DECISIONS, rows_for=queries.decisions_for,
    columns=DECISION_EXPORT_COLUMNS, title="重大行政决策登记表", describe=describe)


def _agencies(request: AuthedRequest) -> Any:
    return Agency.objects.visible_to(request.user, Perm.MANAGE_DECISIONS) \
        .select_related("region").order_by("region__path", "name")


def _items(request: AuthedRequest) -> Any:
    return CatalogueItem.objects.visible_to(request.user).filter(year__gte=this_year() - 1) \
        .select_related("region").order_by("-year", "region__path", "seq")


def decision_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_DECISIONS)
    form = DecisionForm(request.POST or None, agencies=_agencies(request),
                        items=_items(request))
    return form_action(
        request, form,
        act=lambda d: actions.decision_create(data=form.data_for_action(), actor=request.user),
        done=lambda d: _back(d), message=lambda d: f"已登记决策事项：{d.title}",
        template="governance/form.html",
        context={"title": "登记重大行政决策", "back": reverse("governance:decision_list")})


def decision_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    steps = {s.kind: s for s in decision.steps.all()}
    review_rows = Review.objects.for_subject(SubjectKind.DECISION, decision.pk) \
        .order_by("round")
    latest = review_rows.last()
    discussions = decision.discussions.prefetch_related("opinions")
    draft = decision.status == DecisionStatus.DRAFT
    return render(request, "governance/decision_detail.html", {
        "decision": decision, "draft": draft,
        "can_change": can(request.user, Perm.MANAGE_DECISIONS, decision),
        "steps": [(k, label, steps.get(k), k in rules.GENERIC_STEPS)
                  for k, label in StepKind.choices],
        "reviews": review_rows, "review": latest,
        "review_open": latest is not None and latest.status != "failed",
        "discussions": discussions, "documents": decision.documents.select_related("file"),
        "contracts": queries.contracts_of(request.user, decision),
        "can_see_contracts": can(request.user, Perm.VIEW_CONTRACTS),
        "review_rule": rules.review_rule(), "chief_rule": rules.chief_rule(),
        "history": AuditEvent.objects.for_target(decision)[:40]})


def decision_step(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    decision = _managed(request, pk)
    if kind not in rules.GENERIC_STEPS:
        raise Http404
    step = decision.steps.filter(kind=kind).first()
    initial = ({"status": step.status, "on": step.on, "people": step.people,
                "outcome": step.outcome, "reason": step.reason} if step
               else {"on": dt.date.today()})
    form = StepForm(request.POST or None, request.FILES or None, initial=initial, kind=kind)
    return form_action(
        request, form,
        act=lambda d: actions.step_record(
            decision=decision, kind=kind, status=d["status"], on=d.get("on"),
            people=d.get("people", ""), outcome=d.get("outcome", ""),
            reason=d.get("reason", ""), document_title=d.get("document_title", ""),
            upload=d.get("file"), actor=request.user),
        done=_back(decision), message=lambda s: f"{s.get_kind_display()}：{s.get_status_display()}",
        template="governance/form.html",
        context={"title": f"{StepKind(kind).label}：{decision.title}", "multipart": True,
                 "back": _back(decision)})


def decision_document(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = _managed(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return form_action(
        request, form,
        act=lambda d: actions.document_add(decision=decision, step=d["step"],
                                           title=d.get("title", ""), upload=d["file"],
                                           actor=request.user),
        done=_back(decision), message=lambda doc: f"已归入档案：{doc.title}",
        template="governance/form.html",
        context={"title": f"上传决策材料：{decision.title}", "multipart": True,
                 "back": _back(decision)})


def document_download(request: AuthedRequest, pk: int, doc: int) -> HttpResponse:
    decision = _decision(request, pk)
    found = DecisionDocument.objects.filter(decision=decision, pk=doc).select_related("file") \
        .first()
    if found is None:
        raise Http404
    return file_response(found.file)


def decision_review(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = _managed(request, pk)
    form = SubmitForm(request.POST or None, request.FILES or None)
    return form_action(
        request, form,
        act=lambda d: actions.review_submit(decision=decision, materials=form.materials(),
                                            note=d.get("note", ""), actor=request.user),
        done=_back(decision),
        message=lambda r: f"已送请合法性审查，审查期限至 {r.due_on:%Y-%m-%d}。",
        template="governance/form.html",
        context={"title": f"送请合法性审查：{decision.title}", "multipart": True,
                 "back": _back(decision)})


def decision_discussion(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = _managed(request, pk)
    form = DiscussionForm(request.POST or None, initial={"held_on": dt.date.today()})
    return form_action(
        request, form,
        act=lambda d: actions.discussion_open(decision=decision, actor=request.user, **d),
        done=_back(decision), message="已提交集体讨论，请逐一记录讨论意见。",
        template="governance/form.html",
        context={"title": f"提交集体讨论：{decision.title}", "back": _back(decision)})


def decision_opinion(request: AuthedRequest, pk: int, discussion: int) -> HttpResponse:
    decision = _managed(request, pk)
    found = Discussion.objects.filter(decision=decision, pk=discussion).first()
    if found is None:
        raise Http404
    form = OpinionForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.opinion_add(discussion=found, actor=request.user, **d),
        done=_back(decision), message=lambda o: f"已记录：{o}",
        template="governance/form.html",
        context={"title": f"记录讨论意见：{found}", "back": _back(decision)})


def decision_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = _managed(request, pk)
    form = DecideForm(request.POST or None, initial={"decided_on": dt.date.today()})
    return form_action(
        request, form,
        act=lambda d: actions.decide(decision=decision, actor=request.user, **d),
        done=_back(decision), message=lambda d: f"已作出决定：{d.get_result_display()}",
        template="governance/form.html",
        context={"title": f"行政首长作出决定：{decision.title}", "back": _back(decision)})


def decision_archive(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    data, count = archive_zip(decision)
    actions.archive_exported(decision=decision, files=count, actor=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = quote(f"决策档案_{decision.title[:40]}.zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _catalogue_year(params: Any) -> int:
    """The catalogue's year from the query string: this year when absent or out of range."""
    try:
        year = int(params.get("year") or this_year())
    except ValueError:
        return this_year()
    return year if 2000 <= year <= 2100 else this_year()


catalogue_export = list_export(
    "governance.catalogue", perm=Perm.VIEW_DECISIONS,
    rows_for=lambda user, params: (queries.catalogue_for(user, _catalogue_year(params)),
                                   _catalogue_year(params)),
    columns=[ExportColumn("年度", lambda i: i.year, 8),
             ExportColumn("区划", lambda i: i.region.name, 14),
             ExportColumn("序号", lambda i: i.seq, 8),
             ExportColumn("决策事项", lambda i: i.title, 40),
             ExportColumn("类型", lambda i: i.get_kind_display(), 14),
             ExportColumn("承办单位", lambda i: i.sponsor, 24),
             ExportColumn("计划完成时间", lambda i: i.planned, 16),
             ExportColumn("备注", lambda i: i.note, 30)],
    title="重大行政决策事项目录", describe=lambda year: f"{year} 年")


def catalogue_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_DECISIONS)
    if request.method == "POST":
        require(request.user, Perm.MANAGE_DECISIONS)
    year = _catalogue_year(request.GET)
    regions = Region.objects.visible_to(request.user, Perm.MANAGE_DECISIONS).order_by("path")
    form = CatalogueForm(request.POST or None, regions=regions, initial={"year": year})
    return form_action(
        request, form,
        act=lambda d: actions.catalogue_add(actor=request.user, **d),
        done=lambda i: f"{reverse('governance:catalogue_list')}?year={i.year}",
        message=lambda i: f"已列入目录：{i}", template="governance/catalogue_list.html",
        context=lambda: {"items": queries.catalogue_for(request.user, year), "year": year,
                         "can_change": can(request.user, Perm.MANAGE_DECISIONS)})

