"""Pages of planning and construction: scoped fetch (404 outside scope), permission, form,
action, redirect. Writes need CHANGE_SPACE over the project's region; approving or sending
back needs CHANGE_SPACE over the region above (queries.can_review)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.space.projects import actions, queries
from jiguan.space.projects.forms import (
    CompleteForm,
    DocumentForm,
    FundingForm,
    ProjectForm,
    ReturnForm,
    RoomsForm,
    StartForm,
)
from jiguan.space.projects.models import Project, ProjectStatus
from jiguan.space.projects.queries import project_or_404, projects_for
from jiguan.space.register.models import UseClass

COLUMNS = [
    ExportColumn("项目编号", lambda p: p.code, 16),
    ExportColumn("项目名称", lambda p: p.name, 30),
    ExportColumn("建设方式", lambda p: p.get_kind_display(), 10),
    ExportColumn("所在区划", lambda p: p.region.name, 14),
    ExportColumn("拟入驻单位", lambda p: "、".join(a.name for a in p.agencies.all()), 40),
    ExportColumn("规划建筑面积", lambda p: p.planned_area, 14, kind="area"),
    ExportColumn("投资估算", lambda p: p.planned_amount, 14, kind="wan"),
    ExportColumn("状态", lambda p: p.get_status_display(), 10),
    ExportColumn("开工日期", lambda p: p.started_on, 12),
    ExportColumn("竣工日期", lambda p: p.completed_on, 12),
    ExportColumn("竣工建筑面积", lambda p: p.actual_area, 14, kind="area"),
    ExportColumn("竣工决算", lambda p: p.final_cost, 14, kind="wan"),
    ExportColumn("竣工房产编号", lambda p: p.building.code if p.building else "", 16),
]


def project_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    projects, form = projects_for(request.user, request.GET)
    return render(request, "space/projects_list.html", {
        "form": form, "qs": querystring(request),
        "can_create": can(request.user, Perm.CHANGE_SPACE),
        **paginate(request, projects.prefetch_related("agencies"))})


project_export = list_export(
    "space.projects", perm=Perm.VIEW_SPACE, rows_for=projects_for, columns=COLUMNS,
    title="建设项目", describe=describe,
    prepare=lambda qs: qs.prefetch_related("agencies"))


def _project_form(request: AuthedRequest, project: Project | None = None) -> ProjectForm:
    initial = None
    if project is not None:
        initial = {"code": project.code, "name": project.name, "kind": project.kind,
                   "region": project.region.code, "building_type": project.building_type,
                   "address": project.address, "planned_area": project.planned_area,
                   "planned_amount": project.planned_amount, "reason": project.reason,
                   "agencies": "\n".join(project.agencies.values_list("credit_code", flat=True))}
    return ProjectForm(request.POST or None, initial=initial,
                       regions=queries.writable_regions(request.user))


def project_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    return form_action(
        request, _project_form(request),
        act=lambda data: actions.project_create(data=data, actor=request.user),
        done=queries.project_url, message=lambda p: f"已新建建设项目：{p.name}",
        template="space/projects_form.html", context={"project": None})


def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, project)
    return form_action(
        request, _project_form(request, project),
        act=lambda data: actions.project_update(project=project, data=data, actor=request.user),
        done=queries.project_url, message="已保存",
        template="space/projects_form.html", context={"project": project})


def _forms(project: Project, **bound: Form) -> dict[str, Form]:
    forms: dict[str, Form] = {
        "document_form": DocumentForm(), "funding_form": FundingForm(),
        "rooms_form": RoomsForm(initial={"rooms": "\n".join(
            f"{r.floor} {r.number} {UseClass(r.use_class).label} {r.usable_area} "
            f"{r.subtype}".strip()
            for r in project.rooms.all())}),
        "return_form": ReturnForm(), "start_form": StartForm(), "complete_form": CompleteForm(
            initial={"building_name": project.name, "actual_area": project.planned_area})}
    forms.update(bound)
    return forms


def _render(request: AuthedRequest, project: Project, status: int = 200,
            **bound: Form) -> HttpResponse:
    areas = queries.agency_areas(project.agencies.select_related("region").order_by("name"),
                                 project.building_type)
    room_rows = list(project.rooms.all())
    use_labels = dict(UseClass.choices)
    for r in room_rows:
        r.use_label = use_labels.get(r.use_class, r.use_class)  # type: ignore[attr-defined]
    can_write = can(request.user, Perm.CHANGE_SPACE, project)
    return render(request, "space/projects_detail.html", {
        "project": project, "areas": areas,
        "approved_total": sum((a.approved for a in areas), 0),
        "documents": list(project.documents.all()), "funding": list(project.funding.all()),
        "funding_total": queries.funding_total(project), "rooms": room_rows,
        "rooms_total": queries.rooms_total(project),
        "can_write": can_write and project.editable,
        "can_edit": can_write and project.status in (ProjectStatus.DRAFT, ProjectStatus.RETURNED),
        "can_review": project.status == ProjectStatus.SUBMITTED
        and queries.can_review(request.user, project),
        "can_start": can_write and project.status == ProjectStatus.APPROVED,
        "can_complete": can_write and project.status == ProjectStatus.BUILDING,
        "history": AuditEvent.objects.for_target(project)[:50],
        **_forms(project, **bound)}, status=status)


def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render(request, project_or_404(request.user, pk))


def _post(request: AuthedRequest, pk: int, form_name: str, form_class: type[Form] | None,
          act: Callable[[Project, dict[str, Any]], Any], message: str,
          review: bool = False) -> HttpResponse:
    project = project_or_404(request.user, pk)
    if review:
        require(request.user, Perm.VIEW_SPACE, project)
    else:
        require(request.user, Perm.CHANGE_SPACE, project)
    form = form_class(request.POST) if form_class else Form(request.POST)
    if form.is_valid():
        try:
            act(project, form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, message)
            return redirect(queries.project_url(project))
    project.refresh_from_db()
    return _render(request, project, status=422, **{form_name: form})


@require_POST
def document_save(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "document_form", DocumentForm,
                 lambda p, d: actions.document_save(project=p, data=d, actor=request.user),
                 "已登记批复")


@require_POST
def funding_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "funding_form", FundingForm,
                 lambda p, d: actions.funding_add(project=p, actor=request.user, **d),
                 "已登记资金")


@require_POST
def rooms_set(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "rooms_form", RoomsForm,
                 lambda p, d: actions.rooms_set(project=p, rows=d["rooms"], actor=request.user),
                 "已保存房间清单")


@require_POST
def project_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "submit_form", None,
                 lambda p, d: actions.project_submit(project=p, actor=request.user),
                 "已报上级审核")


def _reviewer(request: AuthedRequest, pk: int) -> None:
    project = project_or_404(request.user, pk)
    if not queries.can_review(request.user, project):
        raise PermissionDenied("只有上级机关事务管理部门可以审核本项目")


@require_POST
def project_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    _reviewer(request, pk)
    return _post(request, pk, "approve_form", None,
                 lambda p, d: actions.project_approve(project=p, actor=request.user),
                 "已批准立项", review=True)


@require_POST
def project_return(request: AuthedRequest, pk: int) -> HttpResponse:
    _reviewer(request, pk)
    return _post(request, pk, "return_form", ReturnForm,
                 lambda p, d: actions.project_return(project=p, actor=request.user, **d),
                 "已退回", review=True)


@require_POST
def project_start(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "start_form", StartForm,
                 lambda p, d: actions.project_start(project=p, actor=request.user, **d),
                 "已登记开工")


@require_POST
def project_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "complete_form", CompleteForm,
                 lambda p, d: actions.project_complete(project=p, data=d, actor=request.user),
                 "已竣工登记，房产和房间已生成")

