"""Pages of 维修改造: the list (filters, Excel), the application, the repair with the form of
each step its status allows (one URL per step), and the correction of a returned one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiguan.access.roles import Perm
from jiguan.access.scope import can, holds, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building
from jiguan.space.repairs import actions, rules
from jiguan.space.repairs.forms import (
    AcceptForm,
    ApproveForm,
    FinishForm,
    IncreaseForm,
    ProgressForm,
    ReasonForm,
    RepairForm,
    StartForm,
)
from jiguan.space.repairs.models import ApprovalLevel, Repair, RepairStatus
from jiguan.space.repairs.queries import (
    applicant_agencies,
    applicant_buildings,
    repair_or_404,
    repair_url,
    repairs_for,
)
from jiguan.todo.models import Task


def repair_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    repairs, form = repairs_for(request.user, request.GET)
    return render(request, "space/repair_list.html", {
        "form": form, "qs": querystring(request),
        "can_apply": holds(request.user, Perm.APPLY_SPACE),
        **paginate(request, repairs)})


REPAIR_EXPORT_COLUMNS = [
    ExportColumn("项目名称", lambda r: r.title, 28),
    ExportColumn("维修类别", lambda r: r.get_kind_display(), 10),
    ExportColumn("申请单位", lambda r: r.agency.name, 28),
    ExportColumn("房产", lambda r: r.building.name, 24),
    ExportColumn("预算", lambda r: r.budget, 14, kind="wan"),
    ExportColumn("批准预算", lambda r: r.approved_budget, 14, kind="wan"),
    ExportColumn("决算金额", lambda r: r.final_cost, 14, kind="wan"),
    ExportColumn("新增建筑面积", lambda r: r.extension_area, 12, kind="area"),
    ExportColumn("批复文号", lambda r: r.approval_doc_no, 20),
    ExportColumn("进度", lambda r: r.progress, 8, kind="percent"),
    ExportColumn("状态", lambda r: r.get_status_display(), 12),
    ExportColumn("申请日期", lambda r: timezone.localdate(r.created_at), 12),
]

repair_export = list_export(
    "space.repair", perm=Perm.VIEW_SPACE, rows_for=repairs_for, columns=REPAIR_EXPORT_COLUMNS,
    title="维修改造项目表", filename="维修改造项目表", describe=describe)


def repair_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.APPLY_SPACE)
    agencies = applicant_agencies(request.user)
    initial: dict[str, Any] = {"extension_area": 0}
    if agencies.count() == 1:
        initial["agency"] = agencies.get().pk
    building = request.GET.get("building", "")
    if building.isdigit():
        initial["building"] = int(building)
    form = RepairForm(request.POST or None, agencies=agencies,
                      buildings=applicant_buildings(request.user), initial=initial)
    return form_action(
        request, form, act=lambda d: actions.repair_submit(data=d, actor=request.user),
        done=repair_url, message=lambda r: f"已提交：{r.title}（{r.get_status_display()}）",
        template="space/repair_form.html", context={"repair": None})


def repair_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    repair = repair_or_404(request.user, pk)
    require(request.user, Perm.APPLY_SPACE, repair)
    initial = {"agency": repair.agency_id, "building": repair.building_id, "kind": repair.kind,
               "title": repair.title, "reason": repair.reason,
               "items": "\n".join(f"{i['name']}，{i['amount']}" for i in repair.items),
               "extension_area": repair.extension_area, "checklist": repair.checklist}
    form = RepairForm(request.POST or None, agencies=Agency.objects.filter(pk=repair.agency_id),
                      buildings=Building.objects.filter(pk=repair.building_id), initial=initial)
    return form_action(
        request, form,
        act=lambda d: actions.repair_resubmit(repair=repair, data=d, actor=request.user),
        done=repair_url, message="已修改并重新提交，等待审批",
        template="space/repair_form.html", context={"repair": repair})


@dataclass(frozen=True)
class Step:
    """One action on a repair's page: its form, who may take it, in which statuses."""

    label: str
    form: type[Form] | None
    perm: Perm
    statuses: frozenset[str]
    act: Callable[[Repair, dict[str, Any], Any], object]
    done: str
    button: str = "btn-primary"


S = RepairStatus
STEPS: dict[str, Step] = {
    "approve": Step("批准", ApproveForm, Perm.CHANGE_SPACE, frozenset({S.SUBMITTED}),
                    lambda r, d, u: actions.repair_approve(
                        repair=r, level=d["approval_level"], doc_no=d["approval_doc_no"],
                        actor=u), "已批准", "btn-success"),
    "return": Step("退回修改", ReasonForm, Perm.CHANGE_SPACE, frozenset({S.SUBMITTED}),
                   lambda r, d, u: actions.repair_return(repair=r, reason=d["reason"], actor=u),
                   "已退回申请单位修改", "btn-warning"),
    "start": Step("登记开工", StartForm, Perm.APPLY_SPACE, frozenset({S.APPROVED}),
                  lambda r, d, u: actions.repair_start(repair=r, started_on=d["started_on"],
                                                       actor=u), "已登记开工"),
    "progress": Step("登记进度", ProgressForm, Perm.APPLY_SPACE,
                     frozenset({S.IN_PROGRESS}),
                     lambda r, d, u: actions.repair_progress(
                         repair=r, progress=d["progress"], note=d["note"], actor=u),
                     "已登记进度"),
    "increase": Step("申请追加预算", IncreaseForm, Perm.APPLY_SPACE,
                     frozenset({S.IN_PROGRESS}),
                     lambda r, d, u: actions.repair_request_increase(
                         repair=r, new_budget=d["new_budget"], reason=d["reason"], actor=u),
                     "已提交追加预算", "btn-outline-warning"),
    "finish": Step("完工，报决算申请验收", FinishForm, Perm.APPLY_SPACE,
                   frozenset({S.IN_PROGRESS}),
                   lambda r, d, u: actions.repair_finish(
                       repair=r, final_cost=d["final_cost"], finished_on=d["finished_on"],
                       actor=u), "已报完工决算", "btn-success"),
    "approve_increase": Step("批准追加预算", ApproveForm, Perm.CHANGE_SPACE,
                             frozenset({S.BUDGET_REVIEW}),
                             lambda r, d, u: actions.repair_approve_increase(
                                 repair=r, level=d["approval_level"],
                                 doc_no=d["approval_doc_no"], actor=u),
                             "已批准追加预算", "btn-success"),
    "reject_increase": Step("不同意追加", ReasonForm, Perm.CHANGE_SPACE,
                            frozenset({S.BUDGET_REVIEW}),
                            lambda r, d, u: actions.repair_reject_increase(
                                repair=r, reason=d["reason"], actor=u),
                            "已答复不同意追加", "btn-warning"),
    "accept": Step("验收合格", AcceptForm, Perm.CHANGE_SPACE, frozenset({S.ACCEPTANCE}),
                   lambda r, d, u: actions.repair_accept(repair=r, note=d["note"], actor=u),
                   "已验收", "btn-success"),
    "reject_acceptance": Step("验收不合格，退回整改", ReasonForm, Perm.CHANGE_SPACE,
                              frozenset({S.ACCEPTANCE}),
                              lambda r, d, u: actions.repair_reject_acceptance(
                                  repair=r, reason=d["reason"], actor=u),
                              "已退回整改", "btn-warning"),
}


def repair_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    repair = repair_or_404(request.user, pk)
    steps = [(name, step, step.form() if step.form else None,
              reverse(f"space_repairs:repair_{name}", args=[repair.pk]))
             for name, step in STEPS.items()
             if repair.status in step.statuses and can(request.user, step.perm, repair)]
    tasks = Task.objects.filter(subject_type="space.repair", subject_id=str(repair.pk)).order_by(
        "-created_at")
    return render(request, "space/repair_detail.html", {
        "repair": repair, "steps": steps, "tasks": tasks,
        "checklist": [(text, key in repair.checklist) for key, text in rules.CHECKLIST],
        "needed_level": ApprovalLevel(rules.required_level(
            repair.requested_budget or repair.budget)).label,
        "thresholds": rules.thresholds_text(),
        "can_edit": (repair.status == RepairStatus.RETURNED
                     and can(request.user, Perm.APPLY_SPACE, repair)),
        "history": AuditEvent.objects.for_target(repair)[:50],
    })


@require_POST
def repair_step(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    repair = repair_or_404(request.user, pk)
    s = STEPS[step]
    require(request.user, s.perm, repair)
    form = s.form(request.POST) if s.form else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = "；".join(str(e) for e in errors)
            messages.error(request, f"{label}：{text}" if label else text)
        return redirect(repair_url(repair))
    try:
        s.act(repair, form.cleaned_data if form is not None else {}, request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errs in exc.message_dict.items():
                label = form.fields[field].label if form is not None and field in form.fields \
                    else ""
                messages.error(request, f"{label}：{'；'.join(errs)}" if label
                               else "；".join(errs))
        else:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, s.done)
    return redirect(repair_url(repair))
