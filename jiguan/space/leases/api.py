"""/api/v1/space/leases/: the lease register and its workflow through the same queries, form
and actions as the pages. Out of scope answers 404, a missing permission 403, bad input or a
refused action 422 with Chinese messages naming the field."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.space.leases import actions
from jiguan.space.leases.forms import EndForm, LeaseForm, ReasonForm
from jiguan.space.leases.queries import applicant_agencies, lease_or_404, leases_for

router = Router(tags=["租用办公用房"])


class LeaseOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    status: str
    status_label: str = Field(alias="get_status_display")
    lessor: str
    premises: str
    area: Decimal
    annual_rent: Decimal
    start_date: dt.date
    end_date: dt.date
    purpose: str
    contract_no: str
    approval_doc_no: str
    approval_date: dt.date
    approval_body: str
    return_reason: str
    ended_on: dt.date | None
    end_reason: str


class LeaseIn(Schema):
    agency: int | None = None
    direction: str = "rent_in"
    lessor: str = ""
    premises: str = ""
    area: Decimal | None = None
    annual_rent: Decimal | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    purpose: str = ""
    contract_no: str = ""
    approval_doc_no: str = ""
    approval_date: dt.date | None = None
    approval_body: str = ""


class LeaseReasonIn(Schema):
    reason: str = ""


class LeaseEndIn(Schema):
    ended_on: dt.date | None = None
    reason: str = ""


steps: StepEndpoints[Any] = StepEndpoints(load=lease_or_404, require=require)


def _data(payload: Schema) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in payload.dict().items()}


@router.get("", response=list[LeaseOut])
@paginate(Pagination, page_size=100)
def list_leases(request: Any, q: str = Query("", max_length=100), status: str = "",
                expiring: int | None = Query(None, ge=0, le=3650),
                region: str = Query("", max_length=12), agency: IdQuery = None) -> Any:
    """The lease register in the user's scope, with the page's filters."""
    require(request.user, Perm.VIEW_SPACE)
    params = {"q": q, "status": status, "expiring": "" if expiring is None else expiring,
              "region": region, "agency": agency or ""}
    leases, form = leases_for(request.user, params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return leases


@router.get("/{lease_id}", response=LeaseOut)
def get_lease(request: Any, lease_id: int) -> Any:
    return lease_or_404(request.user, lease_id)


@router.post("", response={201: LeaseOut})
def create_lease(request: Any, payload: LeaseIn) -> Any:
    """Apply for a lease (租用). 出租 / 出借 and a lease without the same-level government's
    approval are refused (422) with the rule cited."""
    require(request.user, Perm.APPLY_SPACE)
    form = LeaseForm(_data(payload), agencies=applicant_agencies(request.user))
    lease = actions.lease_submit(data=valid(form), actor=request.user)
    return 201, lease


@router.post("/{lease_id}/resubmit", response=LeaseOut)
def resubmit_lease(request: Any, lease_id: int, payload: LeaseIn) -> Any:
    lease = lease_or_404(request.user, lease_id)
    require(request.user, Perm.APPLY_SPACE, lease)
    form = LeaseForm({**_data(payload), "agency": lease.agency_id},
                     agencies=applicant_agencies(request.user).filter(pk=lease.agency_id))
    return actions.lease_resubmit(lease=lease, data=valid(form), actor=request.user)


@router.post("/{lease_id}/approve", response=LeaseOut)
def approve_lease(request: Any, lease_id: int) -> Any:
    return steps.run(request, lease_id, Perm.CHANGE_SPACE, None,
                     lambda lease, d: actions.lease_approve(lease=lease, actor=request.user))


@router.post("/{lease_id}/return", response=LeaseOut)
def return_lease(request: Any, lease_id: int, payload: LeaseReasonIn) -> Any:
    return steps.run(request, lease_id, Perm.CHANGE_SPACE, ReasonForm(payload.dict()),
                     lambda lease, d: actions.lease_return(lease=lease, reason=d["reason"],
                                                           actor=request.user))


@router.post("/{lease_id}/end", response=LeaseOut)
def end_lease(request: Any, lease_id: int, payload: LeaseEndIn) -> Any:
    return steps.run(request, lease_id, Perm.APPLY_SPACE, EndForm(_data(payload)),
                     lambda lease, d: actions.lease_end(lease=lease, ended_on=d["ended_on"],
                                                        reason=d["reason"], actor=request.user))
