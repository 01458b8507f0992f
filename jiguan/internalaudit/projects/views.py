"""Pages of the audit plan and its projects: the overview, plans, a project with its steps,
findings and their rectification; the lists and their exports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action, refreshed
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.internalaudit.leaders.queries import departures_due
from jiguan.internalaudit.projects import actions, queries
from jiguan.internalaudit.projects.excel import FINDING_COLUMNS, PROJECT_COLUMNS
from jiguan.internalaudit.projects.forms import (
    CloseFindingForm,
    FindingForm,
    PlanForm,
    ProjectForm,
    RectifyForm,
    StepForm,
)
from jiguan.internalaudit.projects.models import AuditPlan, AuditProject, Finding, Stage
from jiguan.internalaudit.projects.rules import next_stage
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency


def home(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    today = dt.date.today()
    projects = AuditProject.objects.visible_to(request.user)
    findings = Finding.objects.visible_to(request.user)
    return render(request, "internalaudit/home.html", {
        "plans": queries.plans_for(request.user)[:5],
        "running": projects.exclude(stage__in=[Stage.PLANNED, Stage.CLOSED]).count(),
        "this_year": projects.filter(plan__year=today.year).count(),
        "due": departures_due(request.user)[:10],
        "overdue": queries.overdue(findings, today).select_related("project__unit")[:10],
        "overdue_count": queries.overdue(findings, today).count(),
        "can_manage": can(request.user, Perm.INTERNAL_AUDIT_MANAGE)})


def plan_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    return render(request, "internalaudit/plan_list.html", {
        "can_manage": can(request.user, Perm.INTERNAL_AUDIT_MANAGE),
        **paginate(request, queries.plans_for(request.user))})


def plan_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE)
    form = PlanForm(request.POST or None,
                    regions=Region.objects.visible_to(request.user, Perm.INTERNAL_AUDIT_MANAGE))
    return form_action(
        request, form,
        act=lambda d: actions.plan_create(region=d["region"], year=d["year"],
                                          title=d.get("title") or "",
                                          approved_on=d.get("approved_on"),
                                          note=d.get("note") or "", actor=request.user),
        done=lambda p: reverse("internalaudit:plan_detail", args=[p.pk]),
        message=lambda p: f"已建立{p}", template="internalaudit/form.html",
        context={"title": "编制年度审计计划", "back": reverse("internalaudit:plan_list")})


def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = visible_or_404(AuditPlan.objects.select_related("region"), request.user, pk=pk)
    return render(request, "internalaudit/plan_detail.html", {
        "plan": plan, "projects": queries.plan_projects(request.user, plan),
        "can_manage": can(request.user, Perm.INTERNAL_AUDIT_MANAGE, plan)})


def project_create(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = visible_or_404(AuditPlan.objects.select_related("region"), request.user, pk=pk)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, plan)
    units = (Agency.objects.visible_to(request.user, Perm.INTERNAL_AUDIT_MANAGE).active()
             .filter(region__path__startswith=plan.region.path))
    terms = (LeaderTerm.objects.visible_to(request.user, Perm.INTERNAL_AUDIT_MANAGE)
             .filter(agency__region__path__startswith=plan.region.path)
             .select_related("person", "agency"))
    initial = {}
    if request.GET.get("term", "").isdigit():
        term = terms.filter(pk=int(request.GET["term"])).first()
        if term is not None:
            initial = {"kind": "economic", "unit": term.agency_id, "leader_term": term.pk,
                       "name": f"{term.person.name}同志任{term.agency.name}{term.post}期间"
                               "经济责任审计",
                       "period_start": term.start_date, "period_end": term.end_date}
    form = ProjectForm(request.POST or None, initial=initial, units=units, terms=terms)
    return form_action(
        request, form, act=lambda d: actions.project_create(plan=plan, data=d,
                                                            actor=request.user),
        done=lambda p: reverse("internalaudit:project_detail", args=[p.pk]),
        message=lambda p: f"已立项：{p}", template="internalaudit/form.html",
        context={"title": f"新增审计项目（{plan}）",
                 "back": reverse("internalaudit:plan_detail", args=[plan.pk])})


def term_audit_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """From a departed leader to the project form of the latest plan covering the unit."""
    term = visible_or_404(LeaderTerm.objects.select_related("agency__region"), request.user,
                          pk=pk)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, term)
    path = term.agency.region.path
    plans = sorted((p for p in AuditPlan.objects.visible_to(request.user,
                                                              Perm.INTERNAL_AUDIT_MANAGE)
                    .select_related("region") if path.startswith(p.region.path)),
                   key=lambda p: (-p.year, -len(p.region.path)))
    if not plans:
        messages.error(request, "该单位所在区划尚无年度审计计划，请先编制年度计划。")
        return redirect("internalaudit:plan_create")
    return redirect(reverse("internalaudit:project_create", args=[plans[0].pk])
                    + f"?term={term.pk}")


def project_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    projects, form = queries.projects_for(request.user, request.GET)
    return render(request, "internalaudit/project_list.html", {
        "form": form, "qs": querystring(request), **paginate(request, projects)})


project_export = list_export(
    "internalaudit.project", perm=Perm.INTERNAL_AUDIT_VIEW, rows_for=queries.projects_for,
    columns=PROJECT_COLUMNS, title="内部审计项目", describe=describe)


def finding_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    findings, form = queries.findings_for(request.user, request.GET)
    return render(request, "internalaudit/finding_list.html", {
        "form": form, "qs": querystring(request), "today": dt.date.today(),
        **paginate(request, findings)})


finding_export = list_export(
    "internalaudit.finding", perm=Perm.INTERNAL_AUDIT_VIEW, rows_for=queries.findings_for,
    columns=FINDING_COLUMNS, title="审计发现问题及整改", describe=describe)


def _project(request: AuthedRequest, pk: int) -> AuditProject:
    return visible_or_404(AuditProject.objects.select_related(
        "plan", "unit__region", "leader_term__person"), request.user, pk=pk)


def _render_project(request: AuthedRequest, project: AuditProject, *,
                    step_form: StepForm | None = None, finding_form: FindingForm | None = None,
                    rectify: tuple[int, RectifyForm] | None = None,
                    close: tuple[int, CloseFindingForm] | None = None) -> HttpResponse:
    upcoming = next_stage(project.stage)
    findings = [{
        "f": f,
        "rectify_form": rectify[1] if rectify and rectify[0] == f.pk else RectifyForm(
            initial={"measures": f.measures, "evidence": f.evidence,
                     "rectified_on": f.rectified_on or dt.date.today()},
            prefix=f"r{f.pk}"),
        "close_form": close[1] if close and close[0] == f.pk else CloseFindingForm(
            prefix=f"c{f.pk}"),
    } for f in project.findings.order_by("seq")]
    return render(request, "internalaudit/project_detail.html", {
        "project": project, "steps": project.steps.order_by("date", "pk"),
        "findings": findings, "figures": queries.project_figures(project),
        "next_stage": upcoming, "next_label": Stage(upcoming).label if upcoming else "",
        "step_form": step_form or StepForm(initial={"stage": upcoming,
                                                    "date": dt.date.today()}),
        "finding_form": finding_form or FindingForm(),
        "today": dt.date.today(),
        "can_manage": can(request.user, Perm.INTERNAL_AUDIT_MANAGE, project),
        "can_rectify": can(request.user, Perm.INTERNAL_AUDIT_RECTIFY, project),
        "history": AuditEvent.objects.for_target(project)[:30]})


def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_project(request, _project(request, pk))


def project_step(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, project)
    form = StepForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.project_advance(
            project=project, stage=d["stage"], date=d["date"],
            document_no=d.get("document_no") or "", note=d.get("note") or "",
            report_no=d.get("report_no") or "", report_summary=d.get("report_summary") or "",
            actor=request.user),
        done=reverse("internalaudit:project_detail", args=[project.pk]),
        message=lambda p: f"已办理：{p.get_stage_display()}",
        page=lambda f: _render_project(request, refreshed(project), step_form=f))


def finding_create(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, project)
    form = FindingForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.finding_create(project=project, data=d, actor=request.user),
        done=reverse("internalaudit:project_detail", args=[project.pk]),
        message=lambda f: f"已登记问题：{f.title}",
        page=lambda f: _render_project(request, refreshed(project), finding_form=f))


def _finding(request: AuthedRequest, pk: int) -> Finding:
    return visible_or_404(Finding.objects.select_related("project__unit__region"),
                          request.user, pk=pk)


def finding_rectify(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    require(request.user, Perm.INTERNAL_AUDIT_RECTIFY, finding)
    project = _project(request, finding.project_id)
    form = RectifyForm(request.POST or None, prefix=f"r{finding.pk}")
    return form_action(
        request, form,
        act=lambda d: actions.finding_rectify(
            finding=finding, measures=d["measures"], evidence=d.get("evidence") or "",
            rectified_on=d["rectified_on"], actor=request.user),
        done=reverse("internalaudit:project_detail", args=[project.pk]),
        message="已报送整改情况。",
        page=lambda f: _render_project(request, project, rectify=(finding.pk, f)))


def finding_close(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, finding)
    project = _project(request, finding.project_id)
    form = CloseFindingForm(request.POST or None, prefix=f"c{finding.pk}")
    return form_action(
        request, form,
        act=lambda d: actions.finding_close(finding=finding, closed_on=d["closed_on"],
                                            actor=request.user),
        done=reverse("internalaudit:project_detail", args=[project.pk]),
        message="已销号。",
        page=lambda f: _render_project(request, project, close=(finding.pk, f)))
