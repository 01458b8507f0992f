"""Pages of the transfer: the progress board, the entity list, detail and forms, the
programmes and batches, completing a step. Scoped fetch, permission, form, action, redirect."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.assets.entities import actions, queries
from jiguan.assets.entities.excel import ENTITY_EXPORT_COLUMNS
from jiguan.assets.entities.forms import (
    AssignForm,
    BatchAddForm,
    BatchForm,
    EntityForm,
    ProgrammeForm,
    StepForm,
)
from jiguan.assets.entities.models import Batch, Entity, Programme, Step
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building


def home(request: AuthedRequest) -> HttpResponse:
    """The progress board (进度看板) by batch, route and region."""
    require(request.user, Perm.VIEW_ASSETS)
    return render(request, "assets/board.html", {
        "board": queries.board(request.user),
        "due": queries.steps_due(request.user)[:20],
        "can_change": can(request.user, Perm.MANAGE_ASSETS)})


def entity_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    entities, form = queries.entities_for(request.user, request.GET)
    return render(request, "assets/entity_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.MANAGE_ASSETS),
        "can_import": can(request.user, Perm.MANAGE_ASSETS) and can(request.user,
                                                                   Perm.IMPORT_DATA),
        **paginate(request, entities.order_by("region__path", "name"))})


entity_export = list_export(
    "assets.entity", perm=Perm.VIEW_ASSETS, rows_for=queries.entities_for,
    columns=ENTITY_EXPORT_COLUMNS, title="经营性单位脱钩划转台账", describe=describe,
    prepare=lambda es: es.prefetch_related("buildings").order_by("region__path", "name"))


def _entity_choices(request: AuthedRequest) -> dict[str, Any]:
    return {"agencies": Agency.objects.visible_to(request.user, Perm.MANAGE_ASSETS),
            "regions": Region.objects.visible_to(request.user, Perm.MANAGE_ASSETS),
            "buildings": Building.objects.visible_to(request.user, Perm.VIEW_SPACE)}


def _render_detail(request: AuthedRequest, entity: Entity, step_form: StepForm | None = None,
                   assign_form: AssignForm | None = None, status: int = 200) -> HttpResponse:
    entity = Entity.objects.select_related("region", "agency", "batch__programme").get(
        pk=entity.pk)
    steps = list(entity.steps.order_by("order"))
    current = next((s for s in steps if not s.is_done), None)
    can_change = can(request.user, Perm.MANAGE_ASSETS, entity)
    if can_change and current is not None and step_form is None:
        step_form = StepForm(kind=current.kind)
    if can_change and assign_form is None and not any(s.is_done for s in steps):
        assign_form = AssignForm(batches=Batch.objects.visible_to(request.user,
                                                                  Perm.MANAGE_ASSETS))
    return render(request, "assets/entity_detail.html", {
        "entity": entity, "steps": steps, "current": current, "can_change": can_change,
        "step_form": step_form, "assign_form": assign_form,
        "buildings": entity.buildings.select_related("region"),
        "history": AuditEvent.objects.for_target(entity)[:30]}, status=status)


def entity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    entity = visible_or_404(Entity.objects, request.user, pk=pk)
    return _render_detail(request, entity)


def entity_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ASSETS)
    form = EntityForm(request.POST or None, **_entity_choices(request))
    return form_action(
        request, form,
        act=lambda d: actions.entity_create(data=d, buildings=d["building_codes"],
                                            actor=request.user),
        done=lambda e: reverse("assets:entity_detail", args=[e.pk]),
        message=lambda e: f"已登记经营性单位：{e.name}", template="assets/form.html",
        context={"title": "登记经营性单位", "back": reverse("assets:entity_list")})


def entity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    entity = visible_or_404(Entity.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, entity)
    initial = {f: getattr(entity, f) for f in actions.ENTITY_FIELDS}
    initial["building_codes"] = ", ".join(b.code for b in entity.buildings.all())
    form = EntityForm(request.POST or None, initial=initial, **_entity_choices(request))
    return form_action(
        request, form,
        act=lambda d: actions.entity_update(entity=entity, data=d, buildings=d["building_codes"],
                                            actor=request.user),
        done=reverse("assets:entity_detail", args=[entity.pk]), message="已保存。",
        template="assets/form.html",
        context={"title": f"修改 {entity.name}",
                 "back": reverse("assets:entity_detail", args=[entity.pk])})


def entity_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    entity = visible_or_404(Entity.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, entity)
    form = AssignForm(request.POST or None,
                      batches=Batch.objects.visible_to(request.user, Perm.MANAGE_ASSETS))
    return form_action(
        request, form,
        act=lambda d: actions.entity_assign(entity=entity, batch=d["batch"], route=d["route"],
                                            receiver=d.get("receiver") or "", actor=request.user),
        done=reverse("assets:entity_detail", args=[entity.pk]),
        message=lambda e: f"已列入{e.batch}，路径：{e.get_route_display()}",
        page=lambda f: _render_detail(request, entity, assign_form=f, status=422))


def step_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    step = visible_or_404(Step.objects.select_related("entity"), request.user, pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, step.entity)
    form = StepForm(request.POST or None, kind=step.kind)
    return form_action(
        request, form,
        act=lambda d: actions.step_complete(
            step=step, done_on=d["done_on"], documents=d.get("documents") or "",
            note=d.get("note") or "", appraised_value=d.get("appraised_value"),
            placed=d.get("placed"), retired=d.get("retired"), other=d.get("other"),
            actor=request.user),
        done=reverse("assets:entity_detail", args=[step.entity_id]),
        message=lambda s: f"“{s.get_kind_display()}”环节已完成",
        page=lambda f: _render_detail(request, step.entity, step_form=f, status=422))


def programme_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    programmes = Programme.objects.visible_to(request.user).select_related("region")
    batches = queries.batch_counts(request.user)
    return render(request, "assets/programme_list.html", {
        "programmes": [(p, [b for b in batches if b.programme_id == p.pk]) for p in programmes],
        "can_change": can(request.user, Perm.MANAGE_ASSETS)})


def programme_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ASSETS)
    form = ProgrammeForm(request.POST or None,
                         regions=Region.objects.under_region_grants(request.user,
                                                                    Perm.MANAGE_ASSETS))
    return form_action(
        request, form, act=lambda d: actions.programme_create(**d, actor=request.user),
        done=reverse("assets:programme_list"), message=lambda p: f"已建立方案：{p.name}",
        template="assets/form.html",
        context={"title": "新建脱钩划转方案", "back": reverse("assets:programme_list")})


def batch_create(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = visible_or_404(Programme.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, programme)
    form = BatchForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.batch_create(programme=programme, **d, actor=request.user),
        done=reverse("assets:programme_list"), message=lambda b: f"已建立批次：{b}",
        template="assets/form.html",
        context={"title": f"{programme.name}：新建批次", "back": reverse("assets:programme_list")})


def batch_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Put several not yet assigned entities on one route in this batch."""
    batch = visible_or_404(Batch.objects.select_related("programme"), request.user, pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, batch.programme)
    form = BatchAddForm(request.POST or None, entities=Entity.objects.visible_to(
        request.user, Perm.MANAGE_ASSETS).filter(batch__isnull=True).order_by("region__path",
                                                                              "name"))
    return form_action(
        request, form,
        act=lambda d: actions.entities_assign(entities=d["entities"], batch=batch,
                                              route=d["route"], actor=request.user),
        done=reverse("assets:batch_board", args=[batch.pk]),
        message=lambda n: f"已将 {n} 家单位列入{batch}",
        template="assets/form.html",
        context={"title": f"{batch}：列入单位", "back": reverse("assets:batch_board",
                                                               args=[batch.pk])})


def batch_board(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = visible_or_404(Batch.objects.select_related("programme"), request.user, pk=pk)
    entities = (Entity.objects.visible_to(request.user).filter(batch=batch)
                .select_related("region").order_by("route", "name"))
    return render(request, "assets/batch_board.html", {
        "batch": batch, "board": queries.board(request.user, batch=batch),
        "entities": entities,
        "can_add": can(request.user, Perm.MANAGE_ASSETS, batch.programme)})
