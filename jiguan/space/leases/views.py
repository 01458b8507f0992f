"""Pages of the lease register: the list (filters, Excel), the application, the lease with its
review, return and end forms, and the correction of a returned application."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
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
from jiguan.space.leases import actions, rules
from jiguan.space.leases.forms import EndForm, LeaseForm, ReasonForm
from jiguan.space.leases.models import Lease, LeaseStatus
from jiguan.space.leases.queries import applicant_agencies, lease_or_404, lease_url, leases_for
from jiguan.todo.models import Task


def lease_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    leases, form = leases_for(request.user, request.GET)
    return render(request, "space/lease_list.html", {
        "form": form, "qs": querystring(request), "reminder_days": rules.reminder_days(),
        "can_apply": holds(request.user, Perm.APPLY_SPACE),
        **paginate(request, leases)})


LEASE_EXPORT_COLUMNS = [
    ExportColumn("承租单位", lambda x: x.agency.name, 28),
    ExportColumn("区划", lambda x: x.agency.region.name, 12),
    ExportColumn("出租方", lambda x: x.lessor, 24),
    ExportColumn("房屋坐落", lambda x: x.premises, 30),
    ExportColumn("租用面积", lambda x: x.area, 12, kind="area"),
    ExportColumn("年租金", lambda x: x.annual_rent, 14, kind="wan"),
    ExportColumn("租期开始", lambda x: x.start_date, 12),
    ExportColumn("租期结束", lambda x: x.end_date, 12),
    ExportColumn("批准文号", lambda x: x.approval_doc_no, 22),
    ExportColumn("批准日期", lambda x: x.approval_date, 12),
    ExportColumn("批准机关", lambda x: x.approval_body, 20),
    ExportColumn("合同编号", lambda x: x.contract_no, 16),
    ExportColumn("状态", lambda x: x.get_status_display(), 8),
]

lease_export = list_export(
    "space.lease", perm=Perm.VIEW_SPACE, rows_for=leases_for, columns=LEASE_EXPORT_COLUMNS,
    title="租用办公用房登记表", filename="租用办公用房登记表", describe=describe)


def lease_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.APPLY_SPACE)
    agencies = applicant_agencies(request.user)
    initial: dict[str, Any] = {}
    if agencies.count() == 1:
        agency = agencies.get()
        initial = {"agency": agency.pk, "approval_body": f"{agency.region.name}人民政府"}
    form = LeaseForm(request.POST or None, agencies=agencies, initial=initial)
    return form_action(
        request, form, act=lambda d: actions.lease_submit(data=d, actor=request.user),
        done=lease_url, message=lambda x: f"已提交租用申请：{x.premises}，等待机关事务管理部门审核",
        template="space/lease_form.html", context={"lease": None})


def lease_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = lease_or_404(request.user, pk)
    require(request.user, Perm.APPLY_SPACE, lease)
    initial = {f: getattr(lease, f) for f in actions.FIELDS}
    form = LeaseForm(request.POST or None, agencies=Agency.objects.filter(pk=lease.agency_id),
                     initial={**initial, "agency": lease.agency_id})
    return form_action(
        request, form,
        act=lambda d: actions.lease_resubmit(lease=lease, data=d, actor=request.user),
        done=lease_url, message="已修改并重新提交，等待审核",
        template="space/lease_form.html", context={"lease": lease})


def lease_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = lease_or_404(request.user, pk)
    tasks = Task.objects.filter(subject_type="space.lease", subject_id=str(lease.pk)).order_by(
        "-created_at")
    return render(request, "space/lease_detail.html", {
        "lease": lease, "tasks": tasks, "return_form": ReasonForm(), "end_form": EndForm(),
        "can_review": (lease.status == LeaseStatus.SUBMITTED
                       and can(request.user, Perm.CHANGE_SPACE, lease)),
        "can_edit": (lease.status == LeaseStatus.RETURNED
                     and can(request.user, Perm.APPLY_SPACE, lease)),
        "can_end": (lease.status == LeaseStatus.ACTIVE
                    and can(request.user, Perm.APPLY_SPACE, lease)),
        "rule": f"{rules.RULE_ART23}：{rules.TEXT_NEEDS_APPROVAL}；{rules.TEXT_NO_LETTING}。",
        "history": AuditEvent.objects.for_target(lease)[:50],
    })


def _post(request: AuthedRequest, lease: Lease, form: Form | None,
          act: Callable[[dict[str, Any]], object], ok: str) -> HttpResponse:
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = "；".join(str(e) for e in errors)
            messages.error(request, f"{label}：{text}" if label else text)
        return redirect(lease_url(lease))
    try:
        act(form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, ok)
    return redirect(lease_url(lease))


@require_POST
def lease_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = lease_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, lease)
    return _post(request, lease, None,
                 lambda d: actions.lease_approve(lease=lease, actor=request.user),
                 "已登记租赁，状态为“在租”")


@require_POST
def lease_return(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = lease_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, lease)
    return _post(request, lease, ReasonForm(request.POST),
                 lambda d: actions.lease_return(lease=lease, reason=d["reason"],
                                                actor=request.user),
                 "已退回申请单位修改")


@require_POST
def lease_end(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = lease_or_404(request.user, pk)
    require(request.user, Perm.APPLY_SPACE, lease)
    return _post(request, lease, EndForm(request.POST),
                 lambda d: actions.lease_end(lease=lease, ended_on=d["ended_on"],
                                             reason=d["reason"], actor=request.user),
                 "租赁已终止")
