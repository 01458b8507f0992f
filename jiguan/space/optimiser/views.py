"""Pages of the reallocation optimiser: plans (start, progress, before and after, accept),
their lines as a workbook, and pinned rooms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.responses import export_response
from jiguan.core.htmx import paginate, render_page
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.core.web.formviews import form_action
from jiguan.space.optimiser import actions, queries
from jiguan.space.optimiser.forms import PinForm, StartForm
from jiguan.space.optimiser.models import PlanMove
from jiguan.space.optimiser.tasks import solve_after_commit

PLAN_PAGE = "space/optimiser_plan.html"


def plan_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    return _render_list(request, StartForm(regions=queries.plan_regions(request.user)))


def _render_list(request: AuthedRequest, form: StartForm, status: int = 200) -> HttpResponse:
    plans = queries.plans_for(request.user)
    return render(request, "space/optimiser_list.html", {
        "form": form, "can_start": can(request.user, Perm.CHANGE_SPACE),
        **paginate(request, plans, per_page=20)}, status=status)


@require_POST
def plan_start(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    form = StartForm(request.POST, regions=queries.plan_regions(request.user))

    def start(d: dict[str, Any]) -> Any:
        plan = actions.plan_start(region=d["region"], actor=request.user)
        solve_after_commit(plan.pk)
        return plan

    return form_action(request, form, act=start,
                       done=lambda plan: reverse("space_optimiser:plan_detail", args=[plan.pk]),
                       page=lambda form: _render_list(request, form, status=422))


def _figure_rows(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key, label, kind in queries.FIGURES:
        b, a = before.get(key), after.get(key)
        change = None
        if b is not None and a is not None:
            change = Decimal(str(a)) - Decimal(str(b))
        rows.append({"key": key, "label": label, "kind": kind, "before": b, "after": a,
                     "change": change})
    return rows


def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    moves = queries.plan_moves(plan)
    return render_page(request, PLAN_PAGE, {
        "plan": plan, "figures": _figure_rows(plan.before, plan.after),
        "can_accept": can(request.user, Perm.CHANGE_SPACE, plan),
        **paginate(request, moves)}, partial="progress")


def plan_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    if not getattr(request, "htmx", False):
        return redirect("space_optimiser:plan_detail", pk=pk)
    if not plan.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, f"{PLAN_PAGE}#progress", {"plan": plan})


@require_POST
def plan_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = queries.plan_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, plan)
    try:
        actions.plan_accept(plan=plan, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已采纳方案，已生成调配和腾退事项")
    return redirect("space_optimiser:plan_detail", pk=pk)


def _room(room: Any) -> str:
    return f"{room.building.name} {room.number}" if room else ""


MOVE_COLUMNS = [
    ExportColumn("类型", lambda m: m.get_kind_display(), 14),
    ExportColumn("单位", lambda m: m.agency.name, 30),
    ExportColumn("人员", lambda m: m.people, 24),
    ExportColumn("原房间", lambda m: _room(m.from_room), 28),
    ExportColumn("原房间使用面积", lambda m: m.from_room.usable_area if m.from_room else None,
                 kind="area"),
    ExportColumn("新房间", lambda m: _room(m.to_room), 28),
    ExportColumn("新房间使用面积", lambda m: m.to_room.usable_area if m.to_room else None,
                 kind="area"),
    ExportColumn("人均标准合计", lambda m: m.limit_total, kind="area"),
    ExportColumn("调整前超标或缺额", lambda m: m.over_before, kind="area"),
    ExportColumn("调整后超标", lambda m: m.over_after, kind="area"),
    ExportColumn("已建事项", lambda m: m.item_ref, 20),
]


def plan_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    plan = queries.plan_or_404(request.user, pk)
    moves: list[PlanMove] = list(queries.plan_moves(plan))
    return export_response(MOVE_COLUMNS, moves, title=f"{plan.region.name}办公用房调剂方案",
                           filters_text=f"方案 #{plan.pk}，{plan.get_status_display()}",
                           filename=f"{plan.region.name}调剂方案{plan.pk}")


def pin_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    return _render_pins(request, PinForm())


def _render_pins(request: AuthedRequest, form: PinForm, status: int = 200) -> HttpResponse:
    return render(request, "space/optimiser_pins.html", {
        "form": form, "can_pin": can(request.user, Perm.CHANGE_SPACE),
        **paginate(request, queries.pins_for(request.user))}, status=status)


@require_POST
def pin_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    form = PinForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        room = queries.room_by_code(request.user, d["building_code"], d["room_number"])
        if room is None:
            form.add_error("room_number", "未找到该房间，或不在您的权限范围内")
        else:
            try:
                actions.pin_set(room=room, note=d["note"], actor=request.user)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, f"已固定房间：{room}")
                return redirect("space_optimiser:pin_list")
    return _render_pins(request, form, status=422)


@require_POST
def pin_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    pin = queries.pin_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, pin)
    try:
        actions.pin_clear(pin=pin, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已取消固定")
    return redirect("space_optimiser:pin_list")
