"""/api/v1/space/repairs/: 维修改造 through the same queries, forms and actions as the pages.
Out of scope answers 404, a missing permission 403, bad input or a refused step 422 with
Chinese messages naming the field."""

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
from jiguan.space.repairs import actions
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
from jiguan.space.repairs.queries import (
    applicant_agencies,
    applicant_buildings,
    repair_or_404,
    repairs_for,
)

router = Router(tags=["维修改造"])


class RepairItemIO(Schema):
    name: str
    amount: Decimal


class RepairOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    building_id: int
    building_name: str = Field(alias="building.name")
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    status: str
    status_label: str = Field(alias="get_status_display")
    title: str
    reason: str
    items: list[RepairItemIO]
    budget: Decimal
    approved_budget: Decimal | None
    requested_budget: Decimal | None
    extension_area: Decimal
    checklist: list[str]
    approval_level: str
    approval_doc_no: str
    return_reason: str
    started_on: dt.date | None
    progress: int
    progress_note: str
    final_cost: Decimal | None
    finished_on: dt.date | None
    acceptance_note: str


class RepairIn(Schema):
    agency: int | None = None
    building: int | None = None
    kind: str = ""
    title: str = ""
    reason: str = ""
    items: list[RepairItemIO] = []
    extension_area: Decimal | None = None
    checklist: list[str] = []


class RepairApproveIn(Schema):
    approval_level: str = ""
    approval_doc_no: str = ""


class RepairReasonIn(Schema):
    reason: str = ""


class RepairStartIn(Schema):
    started_on: dt.date | None = None


class RepairProgressIn(Schema):
    progress: int | None = None
    note: str = ""


class RepairIncreaseIn(Schema):
    new_budget: Decimal | None = None
    reason: str = ""


class RepairFinishIn(Schema):
    final_cost: Decimal | None = None
    finished_on: dt.date | None = None


class RepairAcceptIn(Schema):
    note: str = ""


def _data(payload: Schema) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in payload.dict().items()}


def _form_data(payload: RepairIn) -> dict[str, Any]:
    data = _data(payload)
    data["items"] = "\n".join(f"{i.name}，{i.amount}" for i in payload.items)
    return data


@router.get("", response=list[RepairOut])
@paginate(Pagination, page_size=100)
def list_repairs(request: Any, q: str = Query("", max_length=100), kind: str = "",
                 status: str = "", region: str = Query("", max_length=12),
                 agency: IdQuery = None, building: IdQuery = None) -> Any:
    """The repairs in the user's scope, with the page's filters."""
    require(request.user, Perm.VIEW_SPACE)
    params = {"q": q, "kind": kind, "status": status, "region": region,
              "agency": agency or "", "building": building or ""}
    repairs, form = repairs_for(request.user, params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return repairs


@router.get("/{repair_id}", response=RepairOut)
def get_repair(request: Any, repair_id: int) -> Any:
    return repair_or_404(request.user, repair_id)


@router.post("", response={201: RepairOut})
def create_repair(request: Any, payload: RepairIn) -> Any:
    """Apply for a 中修 / 大修 or record a 日常维修."""
    require(request.user, Perm.APPLY_SPACE)
    form = RepairForm(_form_data(payload), agencies=applicant_agencies(request.user),
                      buildings=applicant_buildings(request.user))
    return 201, actions.repair_submit(data=valid(form), actor=request.user)


@router.post("/{repair_id}/resubmit", response=RepairOut)
def resubmit_repair(request: Any, repair_id: int, payload: RepairIn) -> Any:
    repair = repair_or_404(request.user, repair_id)
    require(request.user, Perm.APPLY_SPACE, repair)
    data = {**_form_data(payload), "agency": repair.agency_id, "building": repair.building_id}
    form = RepairForm(data, agencies=applicant_agencies(request.user),
                      buildings=applicant_buildings(request.user))
    return actions.repair_resubmit(repair=repair, data=valid(form), actor=request.user)


steps: StepEndpoints[Any] = StepEndpoints(load=repair_or_404, require=require)


@router.post("/{repair_id}/approve", response=RepairOut)
def approve_repair(request: Any, repair_id: int, payload: RepairApproveIn) -> Any:
    return steps.run(request, repair_id, Perm.CHANGE_SPACE, ApproveForm(payload.dict()),
                     lambda repair, d: actions.repair_approve(
                         repair=repair, level=d["approval_level"], doc_no=d["approval_doc_no"],
                         actor=request.user))


@router.post("/{repair_id}/return", response=RepairOut)
def return_repair(request: Any, repair_id: int, payload: RepairReasonIn) -> Any:
    return steps.run(request, repair_id, Perm.CHANGE_SPACE, ReasonForm(payload.dict()),
                     lambda repair, d: actions.repair_return(repair=repair, reason=d["reason"],
                                                             actor=request.user))


@router.post("/{repair_id}/start", response=RepairOut)
def start_repair(request: Any, repair_id: int, payload: RepairStartIn) -> Any:
    return steps.run(request, repair_id, Perm.APPLY_SPACE, StartForm(_data(payload)),
                     lambda repair, d: actions.repair_start(
                         repair=repair, started_on=d["started_on"], actor=request.user))


@router.post("/{repair_id}/progress", response=RepairOut)
def progress_repair(request: Any, repair_id: int, payload: RepairProgressIn) -> Any:
    return steps.run(request, repair_id, Perm.APPLY_SPACE, ProgressForm(_data(payload)),
                     lambda repair, d: actions.repair_progress(
                         repair=repair, progress=d["progress"], note=d["note"], actor=request.user))


@router.post("/{repair_id}/increase", response=RepairOut)
def increase_repair(request: Any, repair_id: int, payload: RepairIncreaseIn) -> Any:
    """A cost over the approved budget: ask for a new approval (追加预算)."""
    return steps.run(request, repair_id, Perm.APPLY_SPACE, IncreaseForm(_data(payload)),
                     lambda repair, d: actions.repair_request_increase(
                         repair=repair, new_budget=d["new_budget"], reason=d["reason"],
                         actor=request.user))


@router.post("/{repair_id}/approve-increase", response=RepairOut)
def approve_increase(request: Any, repair_id: int, payload: RepairApproveIn) -> Any:
    return steps.run(request, repair_id, Perm.CHANGE_SPACE, ApproveForm(payload.dict()),
                     lambda repair, d: actions.repair_approve_increase(
                         repair=repair, level=d["approval_level"], doc_no=d["approval_doc_no"],
                         actor=request.user))


@router.post("/{repair_id}/reject-increase", response=RepairOut)
def reject_increase(request: Any, repair_id: int, payload: RepairReasonIn) -> Any:
    return steps.run(request, repair_id, Perm.CHANGE_SPACE, ReasonForm(payload.dict()),
                     lambda repair, d: actions.repair_reject_increase(
                         repair=repair, reason=d["reason"], actor=request.user))


@router.post("/{repair_id}/finish", response=RepairOut)
def finish_repair(request: Any, repair_id: int, payload: RepairFinishIn) -> Any:
    """Completion and final cost (a cost over the approved budget is refused)."""
    return steps.run(request, repair_id, Perm.APPLY_SPACE, FinishForm(_data(payload)),
                     lambda repair, d: actions.repair_finish(
                         repair=repair, final_cost=d["final_cost"], finished_on=d["finished_on"],
                         actor=request.user))


@router.post("/{repair_id}/accept", response=RepairOut)
def accept_repair(request: Any, repair_id: int, payload: RepairAcceptIn) -> Any:
    return steps.run(request, repair_id, Perm.CHANGE_SPACE, AcceptForm(payload.dict()),
                     lambda repair, d: actions.repair_accept(repair=repair, note=d["note"],
                                                             actor=request.user))


@router.post("/{repair_id}/reject-acceptance", response=RepairOut)
def reject_acceptance(request: Any, repair_id: int, payload: RepairReasonIn) -> Any:
    return steps.run(request, repair_id, Perm.CHANGE_SPACE, ReasonForm(payload.dict()),
                     lambda repair, d: actions.repair_reject_acceptance(
                         repair=repair, reason=d["reason"], actor=request.user))
