"""Pages of asset transfer: scoped fetch (404 outside scope), permission, form, action,
redirect. The bureau (CHANGE_SPACE over the batch's region) drafts and submits; the agency's
own reporter confirms or sends back; the region's finance department (CONFIRM_TRANSFER)
books or sends back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.forms import Form
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.exports.responses import xlsx_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.space.transfers import actions, queries
from jiguan.space.transfers.excel import BATCH_COLUMNS, LEDGER_COLUMNS, finance_workbook
from jiguan.space.transfers.forms import BatchForm, FinanceConfirmForm, ItemForm, ReturnForm
from jiguan.space.transfers.models import TransferBatch, TransferStatus
from jiguan.space.transfers.queries import batch_or_404, batches_for, ledger_for


def _annotated(qs: Any) -> Any:
    return qs.annotate(item_count=Count("items"), book_total=Sum("items__book_value"))


def batch_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    batches, form = batches_for(request.user, request.GET)
    return render(request, "space/transfers_list.html", {
        "form": form, "qs": querystring(request),
        "can_create": can(request.user, Perm.CHANGE_SPACE),
        **paginate(request, _annotated(batches))})


batch_export = list_export(
    "space.transfers", perm=Perm.VIEW_SPACE, rows_for=batches_for, columns=BATCH_COLUMNS,
    title="资产移交批次", describe=describe, prepare=_annotated)


def ledger(request: AuthedRequest) -> HttpResponse:
    """The transfer ledger (移交台账): every building transferred or in transfer."""
    require(request.user, Perm.VIEW_SPACE)
    items, form = ledger_for(request.user, request.GET)
    return render(request, "space/transfers_ledger.html", {
        "form": form, "qs": querystring(request), "totals": queries.totals(items),
        **paginate(request, items)})


ledger_export = list_export(
    "space.transfer_ledger", perm=Perm.VIEW_SPACE, rows_for=ledger_for, columns=LEDGER_COLUMNS,
    title="资产移交台账", describe=describe)


def batch_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    form = BatchForm(request.POST or None, regions=queries.writable_regions(request.user),
                     initial={"transfer_date": timezone.localdate()})
    return form_action(
        request, form, act=lambda data: actions.batch_create(data=data, actor=request.user),
        done=queries.batch_url, message=lambda b: f"已新建移交批次：{b.number}",
        template="space/transfers_form.html")


def _render(request: AuthedRequest, batch: TransferBatch, status: int = 200,
            **bound: Form) -> HttpResponse:
    items = batch.items.select_related("building", "building__region")
    can_write = can(request.user, Perm.CHANGE_SPACE, batch)
    return render(request, "space/transfers_detail.html", {
        "batch": batch, "items": items, "totals": queries.totals(items),
        "can_edit": can_write and batch.editable,
        "can_agency": batch.status == TransferStatus.AGENCY
        and actions.can_agency_confirm(request.user, batch),
        "can_finance": batch.status == TransferStatus.FINANCE
        and actions.can_finance_confirm(request.user, batch),
        "history": AuditEvent.objects.for_target(batch)[:50],
        "item_form": bound.get("item_form") or ItemForm(),
        "return_form": bound.get("return_form") or ReturnForm(),
        "finance_form": bound.get("finance_form") or FinanceConfirmForm(
            initial={"booked_on": timezone.localdate()}),
        "step_form": bound.get("step_form")}, status=status)


def batch_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render(request, batch_or_404(request.user, pk))


def batch_workbook(request: AuthedRequest, pk: int) -> HttpResponseBase:
    batch = batch_or_404(request.user, pk)
    items = list(batch.items.select_related("building").order_by("building__code"))
    return xlsx_response(finance_workbook(batch, items), f"资产移交调账表-{batch.number}",
                         stamped=True)


def _post(request: AuthedRequest, pk: int, form_name: str, form_class: type[Form] | None,
          allowed: Callable[[TransferBatch], bool],
          act: Callable[[TransferBatch, dict[str, Any]], Any], message: str) -> HttpResponse:
    batch = batch_or_404(request.user, pk)
    if not allowed(batch):
        raise PermissionDenied("没有权限执行此操作")
    form = form_class(request.POST) if form_class else Form(request.POST)
    if form.is_valid():
        try:
            act(batch, form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, message)
            return redirect(queries.batch_url(batch))
    batch.refresh_from_db()
    return _render(request, batch, status=422, **{form_name: form})


def _bureau(request: AuthedRequest) -> Callable[[TransferBatch], bool]:
    return lambda b: can(request.user, Perm.CHANGE_SPACE, b)


def _agency_or_finance(request: AuthedRequest) -> Callable[[TransferBatch], bool]:
    return lambda b: (actions.can_agency_confirm(request.user, b)
                      or actions.can_finance_confirm(request.user, b))


@require_POST
def item_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "item_form", ItemForm, _bureau(request),
                 lambda b, d: actions.item_add(batch=b, data=d, actor=request.user),
                 "已增加移交房产")


@require_POST
def item_remove(request: AuthedRequest, pk: int, item_id: int) -> HttpResponse:
    return _post(request, pk, "step_form", None, _bureau(request),
                 lambda b, d: actions.item_remove(batch=b, item_id=item_id, actor=request.user),
                 "已移除")


@require_POST
def batch_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "step_form", None, _bureau(request),
                 lambda b, d: actions.batch_submit(batch=b, actor=request.user),
                 "已提交移交单位确认")


@require_POST
def agency_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "step_form", None,
                 lambda b: actions.can_agency_confirm(request.user, b),
                 lambda b, d: actions.agency_confirm(batch=b, actor=request.user),
                 "已确认移交清单，待财务部门调账")


@require_POST
def batch_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "return_form", ReturnForm, _agency_or_finance(request),
                 lambda b, d: actions.batch_return(batch=b, actor=request.user, **d), "已退回")


@require_POST
def finance_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "finance_form", FinanceConfirmForm,
                 lambda b: actions.can_finance_confirm(request.user, b),
                 lambda b, d: actions.finance_confirm(batch=b, actor=request.user, **d),
                 "已确认调账，房产台账的账面价值已更新")


