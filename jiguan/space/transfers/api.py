"""/api/v1/space/transfers/: asset transfer through the same queries, forms and actions as
its pages. Out-of-scope batches answer 404, a missing permission 403, bad input or a refused
step 422 with the field's Chinese message. The finance workbook stays page-only."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.space.transfers import actions, queries
from jiguan.space.transfers.forms import BatchForm, FinanceConfirmForm, ItemForm, ReturnForm
from jiguan.space.transfers.models import TransferBatch
from jiguan.space.transfers.queries import batch_or_404, batches_for, ledger_for

router = Router(tags=["资产移交调账"])


class TransferItemOut(Schema):
    id: int
    building_id: int
    building_code: str = Field(alias="building.code")
    building_name: str = Field(alias="building.name")
    original_value: Decimal
    depreciation: Decimal
    book_value: Decimal
    from_card_no: str
    new_card_no: str


class TransferLedgerRowOut(TransferItemOut):
    batch_id: int
    batch_number: str = Field(alias="batch.number")
    agency_name: str = Field(alias="batch.agency.name")
    status: str = Field(alias="batch.status")
    voucher_no: str = Field(alias="batch.voucher_no")
    booked_on: dt.date | None = Field(alias="batch.booked_on")


class TransferBatchOut(Schema):
    id: int
    number: str
    region_code: str = Field(alias="region.code")
    agency_credit_code: str = Field(alias="agency.credit_code")
    agency_name: str = Field(alias="agency.name")
    transfer_date: dt.date
    note: str
    status: str
    status_label: str = Field(alias="get_status_display")
    return_reason: str
    voucher_no: str
    booked_on: dt.date | None


class TransferBatchDetailOut(TransferBatchOut):
    items: list[TransferItemOut]

    @staticmethod
    def resolve_items(b: TransferBatch) -> Any:
        return list(b.items.select_related("building"))


class TransferBatchIn(Schema):
    number: str = ""
    region: str = Field("", description="区划代码")
    agency: str = Field("", description="移交单位统一社会信用代码")
    transfer_date: str = ""
    note: str = ""


class TransferItemIn(Schema):
    building_code: str = ""
    original_value: str = ""
    depreciation: str = ""
    from_card_no: str = ""
    new_card_no: str = ""


class TransferReturnIn(Schema):
    reason: str = ""


class TransferFinanceIn(Schema):
    voucher_no: str = ""
    booked_on: str = ""


steps: StepEndpoints[TransferBatch] = StepEndpoints(load=batch_or_404, require=require)


def _filters(q: str, status: str, region: str, year: str) -> dict[str, str]:
    return {k: v for k, v in {"q": q, "status": status, "region": region,
                              "year": year}.items() if v}


@router.get("/", response=list[TransferBatchOut])
@paginate(Pagination, page_size=100)
def list_batches(request: Any, q: str = "", status: str = "", region: str = "",
                 year: str = "") -> Any:
    require(request.user, Perm.VIEW_SPACE)
    qs, form = batches_for(request.user, _filters(q, status, region, year))
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return qs


@router.get("/ledger", response=list[TransferLedgerRowOut])
@paginate(Pagination, page_size=100)
def list_ledger(request: Any, q: str = "", status: str = "", region: str = "",
                year: str = "") -> Any:
    """The transfer ledger: one row per building, with the list page's filters."""
    require(request.user, Perm.VIEW_SPACE)
    qs, form = ledger_for(request.user, _filters(q, status, region, year))
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return qs


@router.get("/{batch_id}", response=TransferBatchDetailOut)
def get_batch(request: Any, batch_id: int) -> Any:
    return batch_or_404(request.user, batch_id)


@router.post("/", response={201: TransferBatchDetailOut})
def create_batch(request: Any, payload: TransferBatchIn) -> Any:
    require(request.user, Perm.CHANGE_SPACE)
    form = BatchForm(payload.dict(), regions=queries.writable_regions(request.user))
    batch = actions.batch_create(data=valid(form), actor=request.user)
    return 201, batch_or_404(request.user, batch.pk)


def _agency_side(user: Any, batch: TransferBatch) -> None:
    if not actions.can_agency_confirm(user, batch):
        raise PermissionDenied("只有移交单位可以确认")


def _either_side(user: Any, batch: TransferBatch) -> None:
    if not (actions.can_agency_confirm(user, batch) or actions.can_finance_confirm(user, batch)):
        raise PermissionDenied("没有权限退回")


def _finance_side(user: Any, batch: TransferBatch) -> None:
    if not can(user, Perm.CONFIRM_TRANSFER, batch) or not actions.can_finance_confirm(user,
                                                                                      batch):
        raise PermissionDenied("只有财务部门可以确认调账")


@router.post("/{batch_id}/items", response=TransferBatchDetailOut)
def add_item(request: Any, batch_id: int, payload: TransferItemIn) -> Any:
    return steps.run(request, batch_id, Perm.CHANGE_SPACE, ItemForm(payload.dict()),
                     lambda batch, d: actions.item_add(batch=batch, data=d, actor=request.user))


@router.post("/{batch_id}/submit", response=TransferBatchDetailOut)
def submit_batch(request: Any, batch_id: int) -> Any:
    return steps.run(request, batch_id, Perm.CHANGE_SPACE, None,
                     lambda batch, d: actions.batch_submit(batch=batch, actor=request.user))


@router.post("/{batch_id}/agency-confirm", response=TransferBatchDetailOut)
def confirm_by_agency(request: Any, batch_id: int) -> Any:
    return steps.run(request, batch_id, _agency_side, None,
                     lambda batch, d: actions.agency_confirm(batch=batch, actor=request.user))


@router.post("/{batch_id}/return", response=TransferBatchDetailOut)
def return_batch(request: Any, batch_id: int, payload: TransferReturnIn) -> Any:
    return steps.run(request, batch_id, _either_side, ReturnForm(payload.dict()),
                     lambda batch, d: actions.batch_return(batch=batch, actor=request.user, **d))


@router.post("/{batch_id}/finance-confirm", response=TransferBatchDetailOut)
def confirm_by_finance(request: Any, batch_id: int, payload: TransferFinanceIn) -> Any:
    """The finance department books the batch: the register's book values follow."""
    return steps.run(request, batch_id, _finance_side, FinanceConfirmForm(payload.dict()),
                     lambda batch, d: actions.finance_confirm(batch=batch, actor=request.user,
                                                              **d))
