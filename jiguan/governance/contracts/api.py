"""/api/v1/governance/contracts: the major contracts through the same queries, forms and
actions as the pages; each step (review, sign, file, performance, close) through core's
StepEndpoints. Out of scope answers 404, a refused step 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.governance.contracts import actions, queries
from jiguan.governance.contracts.forms import (
    ChangeForm,
    CloseForm,
    ContractForm,
    DisputeForm,
    FilingForm,
    MilestoneForm,
    PaymentForm,
    SignForm,
)
from jiguan.orgs.models import Agency

router = Router(tags=["重大合同"])
YearQuery = Annotated[int | None, Query(None, ge=1949, le=2100)]
steps: StepEndpoints[Any] = StepEndpoints(load=queries.contract_or_404, require=require)


class GovContractOut(Schema):
    id: int
    parent_id: int | None
    title: str
    number: str
    agency_id: int
    agency: str = Field(alias="agency.name")
    region_code: str = Field(alias="agency.region.code")
    counterparty: str
    counterparty_code: str
    kind: str
    amount: Decimal
    starts_on: dt.date
    ends_on: dt.date
    decision_id: int | None
    decision_ref: str
    review_required: bool
    status: str
    signed_on: dt.date | None
    filing_due: dt.date | None
    filed_on: dt.date | None
    filing_number: str
    filed_late: bool
    closed_on: dt.date | None


class GovContractIn(Schema):
    agency_id: int = Field(ge=1, le=2**62)
    title: str = Field(max_length=200)
    number: str = Field("", max_length=60)
    counterparty: str = Field(max_length=200)
    counterparty_code: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    amount: Decimal
    starts_on: dt.date
    ends_on: dt.date
    decision_id: int | None = Field(None, ge=1, le=2**62, description=(
        "所依据的重大决策（决策案卷 id：本区划或上级已作出同意决定、且您可查看的决策）"))
    decision_ref: str = Field("", max_length=200)


class GovContractChangeIn(Schema):
    title: str = Field(max_length=200)
    number: str = Field("", max_length=60)
    counterparty: str = Field(max_length=200)
    counterparty_code: str = Field(max_length=40)
    amount: Decimal
    starts_on: dt.date
    ends_on: dt.date


class GovContractReviewIn(Schema):
    materials: list[str] = Field(min_length=1, max_length=30)
    note: str = Field("", max_length=2000)


class GovContractSignIn(Schema):
    signed_on: dt.date


class GovContractFileIn(Schema):
    region_id: int = Field(ge=1, le=2**62)
    filed_on: dt.date
    number: str = Field("", max_length=40)


class GovContractMilestoneIn(Schema):
    title: str = Field(max_length=200)
    due_on: dt.date
    note: str = Field("", max_length=300)


class GovContractPaymentIn(Schema):
    paid_on: dt.date
    amount: Decimal
    note: str = Field("", max_length=300)


class GovContractDisputeIn(Schema):
    raised_on: dt.date
    kind: str = Field(max_length=20)
    summary: str = Field(max_length=5000)


class GovContractCloseIn(Schema):
    closed_on: dt.date
    note: str = Field(max_length=300)


class GovContractKindCountOut(Schema):
    kind: str
    label: str
    total: int
    amount: Decimal


class GovContractYearCountOut(GovContractKindCountOut):
    year: int


class GovContractCountsOut(Schema):
    total: int
    amount: Decimal
    pending: int
    overdue: int
    filed_late: int
    by_kind: list[GovContractKindCountOut]
    by_year: list[GovContractYearCountOut]


def _params(**kw: Any) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in kw.items()}


@router.get("/contracts", response=list[GovContractOut])
@paginate(Pagination, page_size=100)
def list_contracts(request: Any, q: str = Query("", max_length=100), region: IdQuery = None,
                   kind: str = "", status: str = "", filing: str = "",
                   year: YearQuery = None) -> Any:
    """The contract register in the user's scope with the page's filters (filing: not_due,
    pending, overdue, filed, filed_late, late)."""
    require(request.user, Perm.VIEW_CONTRACTS)
    contracts, form = queries.contracts_for(request.user, _params(
        q=q, region=region, kind=kind, status=status, filing=filing, year=year))
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return contracts.order_by("-signed_on", "-pk")


@router.get("/contracts/counts", response=GovContractCountsOut)
def contract_counts(request: Any, region: IdQuery = None, kind: str = "",
                    year: YearQuery = None) -> Any:
    require(request.user, Perm.VIEW_CONTRACTS)
    return queries.counts(request.user, _params(region=region, kind=kind, year=year))


@router.get("/contracts/{contract_id}", response=GovContractOut)
def get_contract(request: Any, contract_id: int) -> Any:
    return queries.contract_or_404(request.user, contract_id)


@router.post("/contracts", response={201: GovContractOut})
def create_contract(request: Any, payload: GovContractIn) -> Any:
    require(request.user, Perm.MANAGE_CONTRACTS)
    agencies = Agency.objects.visible_to(request.user, Perm.MANAGE_CONTRACTS).active()
    data = payload.dict()
    data["agency"] = data.pop("agency_id")
    data["decision"] = data.pop("decision_id")
    form = ContractForm(data, agencies=agencies, decisions=queries.decisions_for(request.user))
    return 201, actions.contract_create(data=valid(form), actor=request.user)


@router.post("/contracts/{contract_id}/changes", response={201: GovContractOut})
def create_change(request: Any, contract_id: int, payload: GovContractChangeIn) -> Any:
    parent = queries.contract_or_404(request.user, contract_id)
    require(request.user, Perm.MANAGE_CONTRACTS, parent)
    change = actions.contract_create(data=valid(ChangeForm(payload.dict())), parent=parent,
                                     actor=request.user)
    return 201, change


@router.post("/contracts/{contract_id}/review", response=GovContractOut)
def submit_review(request: Any, contract_id: int, payload: GovContractReviewIn) -> Any:
    return steps.run(request, contract_id, Perm.MANAGE_CONTRACTS, None,
                     lambda c, d: actions.contract_submit_review(
                         contract=c, materials=[(m[:200], None) for m in payload.materials],
                         note=payload.note, actor=request.user))


@router.post("/contracts/{contract_id}/sign", response=GovContractOut)
def sign_contract(request: Any, contract_id: int, payload: GovContractSignIn) -> Any:
    return steps.run(request, contract_id, Perm.MANAGE_CONTRACTS, SignForm(payload.dict()),
                     lambda c, d: actions.contract_sign(contract=c, signed_on=d["signed_on"],
                                                        actor=request.user))


@router.post("/contracts/{contract_id}/file", response=GovContractOut)
def file_contract(request: Any, contract_id: int, payload: GovContractFileIn) -> Any:
    data = payload.dict()
    data["region"] = data.pop("region_id")
    # Every region is offered: a region outside the user's scope is refused by the action
    # with its name (422), not hidden as an unknown choice.
    return steps.run(request, contract_id, Perm.FILE_CONTRACTS,
                     FilingForm(data, regions=Region.objects.all()),
                     lambda c, d: actions.contract_file(
                         contract=c, region=d["region"], filed_on=d["filed_on"],
                         number=d.get("number", ""), actor=request.user))


@router.post("/contracts/{contract_id}/milestones", response=GovContractOut)
def add_milestone(request: Any, contract_id: int, payload: GovContractMilestoneIn) -> Any:
    return steps.run(request, contract_id, Perm.MANAGE_CONTRACTS,
                     MilestoneForm(payload.dict()),
                     lambda c, d: actions.milestone_add(contract=c, actor=request.user, **d))


@router.post("/contracts/{contract_id}/payments", response=GovContractOut)
def add_payment(request: Any, contract_id: int, payload: GovContractPaymentIn) -> Any:
    return steps.run(request, contract_id, Perm.MANAGE_CONTRACTS, PaymentForm(payload.dict()),
                     lambda c, d: actions.payment_add(contract=c, actor=request.user, **d))


@router.post("/contracts/{contract_id}/disputes", response=GovContractOut)
def add_dispute(request: Any, contract_id: int, payload: GovContractDisputeIn) -> Any:
    return steps.run(request, contract_id, Perm.MANAGE_CONTRACTS, DisputeForm(payload.dict()),
                     lambda c, d: actions.dispute_add(contract=c, actor=request.user, **d))


@router.post("/contracts/{contract_id}/close", response=GovContractOut)
def close_contract(request: Any, contract_id: int, payload: GovContractCloseIn) -> Any:
    return steps.run(request, contract_id, Perm.MANAGE_CONTRACTS, CloseForm(payload.dict()),
                     lambda c, d: actions.contract_close(contract=c, closed_on=d["closed_on"],
                                                         note=d["note"], actor=request.user))
