"""/api/v1/space/allocation/: 统一调配 through the same queries, forms and actions as its
pages (jiguan/space/allocation/views.py). Out-of-scope cases answer 404, a missing
permission 403, bad input or a refused step 422 with Chinese messages naming the field."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.space.allocation import actions
from jiguan.space.allocation.forms import (
    ApplyForm,
    ApproveForm,
    FinishForm,
    ReviewForm,
    SendBackForm,
)
from jiguan.space.allocation.models import AllocationCase
from jiguan.space.allocation.queries import case_or_404, cases_for, proposal
from jiguan.space.register.models import Room

router = Router(tags=["办公用房调配"])


class CaseRoomOut(Schema):
    room_id: int
    building_name: str = Field(alias="room.building.name")
    room_number: str = Field(alias="room.number")
    usable_area: Decimal


class CaseOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    region_code: str = Field(alias="agency.region.code")
    status: str
    status_label: str = Field(alias="get_status_display")
    reason: str
    headcount: int
    standard_area: Decimal
    requested_area: Decimal
    over_standard_reason: str
    method: str
    method_label: str = Field(alias="get_method_display")
    method_reason: str
    review_note: str
    return_reason: str
    certificate_no: str | None
    agreement_no: str | None
    start_date: dt.date | None
    route_note: str
    plan_ref: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None


class CaseDetailOut(CaseOut):
    people: list[int]
    rooms: list[CaseRoomOut]
    agreement_terms: str

    @staticmethod
    def resolve_people(case: AllocationCase) -> list[int]:
        return list(case.people.values_list("pk", flat=True))

    @staticmethod
    def resolve_rooms(case: AllocationCase) -> list[Any]:
        return list(case.rooms.select_related("room", "room__building"))


class OptionOut(Schema):
    method: str
    label: str
    feasible: bool
    room_ids: list[int]
    area: Decimal
    note: str


class ApplyIn(Schema):
    agency_id: int = Field(ge=1, le=2**31 - 1)
    reason: str = ""
    people: list[int] = []
    requested_area: Decimal | None = None
    over_standard_reason: str = ""


class ResubmitIn(Schema):
    reason: str = ""
    people: list[int] = []
    requested_area: Decimal | None = None
    over_standard_reason: str = ""


class AllocationReviewIn(Schema):
    method: str = ""
    rooms: list[int] = []
    method_reason: str = ""
    note: str = ""


class ApproveIn(Schema):
    certificate_no: str = ""
    start_date: dt.date | None = None
    route_note: str = ""


class AllocationReasonIn(Schema):
    reason: str = ""


class AllocationNoteIn(Schema):
    note: str = ""


steps: StepEndpoints[AllocationCase] = StepEndpoints(load=case_or_404, require=require)


def _people(agency: Agency) -> Any:
    return Person.objects.filter(agency=agency, status=PersonStatus.SERVING)


def _apply_data(payload: Any) -> dict[str, Any]:
    return {"reason": payload.reason, "people": [str(p) for p in payload.people],
            "requested_area": "" if payload.requested_area is None
            else str(payload.requested_area),
            "over_standard_reason": payload.over_standard_reason}


@router.get("/cases", response=list[CaseOut])
@paginate(Pagination, page_size=100)
def list_cases(request: Any, status: str = "", method: str = "", q: str = "",
               region: str = "") -> Any:
    """Cases in the user's scope, newest first; ``status`` (or ``open``), ``method``,
    ``q`` (agency or certificate number), ``region`` (a region code, with its subtree)."""
    require(request.user, Perm.VIEW_SPACE)
    params = {k: v for k, v in {"status": status, "method": method, "q": q,
                                "region": region}.items() if v}
    cases, form = cases_for(request.user, params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return cases


@router.get("/cases/{case_id}", response=CaseDetailOut)
def get_case(request: Any, case_id: int) -> Any:
    return case_or_404(request.user, case_id)


@router.get("/cases/{case_id}/proposal", response=list[OptionOut])
def get_proposal(request: Any, case_id: int) -> Any:
    """The methods in the order the rules set, with the rooms each could give (bureau)."""
    case = case_or_404(request.user, case_id)
    require(request.user, Perm.CHANGE_SPACE, case)
    return [{"method": o.method, "label": o.label, "feasible": o.feasible,
             "room_ids": [r.pk for r in o.rooms], "area": o.area, "note": o.note}
            for o in proposal(case)]


@router.post("/cases", response={201: CaseDetailOut})
def apply(request: Any, payload: ApplyIn) -> Any:
    """An agency applies (APPLY_SPACE at the agency)."""
    agency = (Agency.objects.visible_to(request.user, Perm.APPLY_SPACE)
              .filter(pk=payload.agency_id).select_related("region").first())
    if agency is None:
        raise Http404
    d = valid(ApplyForm(_apply_data(payload), people=_people(agency)))
    case = actions.allocation_apply(agency=agency, reason=d["reason"], people=list(d["people"]),
                                    requested_area=d["requested_area"],
                                    over_standard_reason=d["over_standard_reason"],
                                    actor=request.user)
    return 201, case_or_404(request.user, case.pk)


@router.post("/cases/{case_id}/resubmit", response=CaseDetailOut)
def resubmit(request: Any, case_id: int, payload: ResubmitIn) -> Any:
    return steps.run(
        request, case_id, Perm.APPLY_SPACE,
        lambda case: ApplyForm(_apply_data(payload), people=_people(case.agency)),
        lambda case, d: actions.allocation_resubmit(
            case=case, reason=d["reason"], people=list(d["people"]),
            requested_area=d["requested_area"], over_standard_reason=d["over_standard_reason"],
            actor=request.user))


def _review_form(payload: AllocationReviewIn) -> Any:
    def build(case: AllocationCase) -> ReviewForm:
        rooms = Room.objects.filter(building__region__path__startswith=case.agency.region.path)
        return ReviewForm({"method": payload.method, "rooms": [str(r) for r in payload.rooms],
                           "method_reason": payload.method_reason, "note": payload.note},
                          rooms=rooms)
    return build


@router.post("/cases/{case_id}/review", response=CaseDetailOut)
def review(request: Any, case_id: int, payload: AllocationReviewIn) -> Any:
    return steps.run(
        request, case_id, Perm.CHANGE_SPACE, _review_form(payload),
        lambda case, d: actions.allocation_review(
            case=case, method=d["method"], rooms=list(d["rooms"]),
            method_reason=d["method_reason"], note=d["note"], actor=request.user))


@router.post("/cases/{case_id}/send-back", response=CaseDetailOut)
def send_back(request: Any, case_id: int, payload: AllocationReasonIn) -> Any:
    return steps.run(request, case_id, Perm.CHANGE_SPACE, SendBackForm(payload.dict()),
                     lambda case, d: actions.allocation_send_back(case=case, actor=request.user,
                                                                  **d))


@router.post("/cases/{case_id}/approve", response=CaseDetailOut)
def approve(request: Any, case_id: int, payload: ApproveIn) -> Any:
    form = ApproveForm({"certificate_no": payload.certificate_no,
                        "start_date": payload.start_date or "",
                        "route_note": payload.route_note})
    return steps.run(request, case_id, Perm.CHANGE_SPACE, form,
                     lambda case, d: actions.allocation_approve(case=case, actor=request.user,
                                                                **d))


@router.post("/cases/{case_id}/finish", response=CaseDetailOut)
def finish(request: Any, case_id: int, payload: AllocationNoteIn) -> Any:
    return steps.run(request, case_id, Perm.APPLY_SPACE, FinishForm(payload.dict()),
                     lambda case, d: actions.allocation_finish(case=case, actor=request.user,
                                                               **d))
