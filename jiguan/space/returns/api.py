"""/api/v1/space/returns/: 腾退移交 through the same queries, forms and actions as its pages
(jiguan/space/returns/views.py). Out-of-scope cases answer 404, a missing permission 403,
bad input or a refused step 422 with Chinese messages naming the field."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.orgs.models import Agency, Person
from jiguan.space.register.models import Room
from jiguan.space.returns import actions
from jiguan.space.returns.forms import AcceptForm, OpenForm, ReasonForm, ReportForm
from jiguan.space.returns.models import ReturnCase
from jiguan.space.returns.queries import case_or_404, cases_for

router = Router(tags=["办公用房腾退移交"])


class ReturnRoomOut(Schema):
    room_id: int
    building_name: str = Field(alias="room.building.name")
    room_number: str = Field(alias="room.number")
    usable_area: Decimal
    occupancy_id: int | None
    occupant_id: int | None


class ReturnOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    region_code: str = Field(alias="agency.region.code")
    reason: str
    reason_label: str = Field(alias="get_reason_display")
    person_id: int | None
    status: str
    status_label: str = Field(alias="get_status_display")
    event_date: dt.date
    due_date: dt.date
    overdue: bool
    detail: str
    report_note: str
    return_reason: str
    completed_on: dt.date | None
    cancel_reason: str
    finding_id: int | None
    plan_ref: str

    @staticmethod
    def resolve_overdue(case: ReturnCase) -> bool:
        return case.is_overdue_on(timezone.localdate())


class ReturnDetailOut(ReturnOut):
    rooms: list[ReturnRoomOut]

    @staticmethod
    def resolve_rooms(case: ReturnCase) -> list[Any]:
        return list(case.rooms.select_related("room", "room__building"))


class OpenIn(Schema):
    agency_id: int = Field(ge=1, le=2**31 - 1)
    reason: str = ""
    rooms: list[int] = []
    person_id: int | None = Field(None, ge=1, le=2**31 - 1)
    event_date: dt.date | None = None
    detail: str = ""


class ReturnNoteIn(Schema):
    note: str = ""


class ReturnReasonIn(Schema):
    reason: str = ""


class AcceptIn(Schema):
    on: dt.date | None = None


class ScanIn(Schema):
    region: str = ""


class ScanOut(Schema):
    opened: int


steps: StepEndpoints[ReturnCase] = StepEndpoints(load=case_or_404, require=require)


@router.get("/cases", response=list[ReturnOut])
@paginate(Pagination, page_size=100)
def list_cases(request: Any, status: str = "", reason: str = "", overdue: bool = False,
               q: str = "", region: str = "") -> Any:
    """Cases in the user's scope; ``status`` (or ``open``), ``reason``, ``overdue`` (open
    and past the deadline), ``q`` (agency or person), ``region`` (a code, with subtree)."""
    require(request.user, Perm.VIEW_SPACE)
    params = {k: v for k, v in {"status": status, "reason": reason, "q": q, "region": region,
                                "overdue": "on" if overdue else ""}.items() if v}
    cases, form = cases_for(request.user, params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return cases


@router.get("/cases/{case_id}", response=ReturnDetailOut)
def get_case(request: Any, case_id: int) -> Any:
    return case_or_404(request.user, case_id)


@router.post("/cases", response={201: ReturnDetailOut})
def open_case(request: Any, payload: OpenIn) -> Any:
    """The bureau opens a return for an agency (CHANGE_SPACE over the agency)."""
    agency = (Agency.objects.visible_to(request.user, Perm.CHANGE_SPACE)
              .filter(pk=payload.agency_id).select_related("region").first())
    if agency is None:
        raise Http404
    rooms = Room.objects.filter(occupancies__agency=agency, occupancies__end_date__isnull=True)
    people = Person.objects.filter(agency=agency)
    d = valid(OpenForm({"reason": payload.reason, "rooms": [str(r) for r in payload.rooms],
                         "person": payload.person_id or "",
                         "event_date": payload.event_date or "", "detail": payload.detail},
                        rooms=rooms, people=people))
    case = actions.return_open(agency=agency, reason=d["reason"], rooms=list(d["rooms"]),
                               person=d["person"], event_date=d["event_date"],
                               detail=d["detail"], actor=request.user)
    return 201, case_or_404(request.user, case.pk)


@router.post("/cases/{case_id}/report", response=ReturnDetailOut)
def report(request: Any, case_id: int, payload: ReturnNoteIn) -> Any:
    return steps.run(request, case_id, Perm.APPLY_SPACE, ReportForm(payload.dict()),
                     lambda case, d: actions.return_report(case=case, actor=request.user, **d))


@router.post("/cases/{case_id}/send-back", response=ReturnDetailOut)
def send_back(request: Any, case_id: int, payload: ReturnReasonIn) -> Any:
    return steps.run(request, case_id, Perm.CHANGE_SPACE, ReasonForm(payload.dict()),
                     lambda case, d: actions.return_send_back(case=case, actor=request.user,
                                                              **d))


@router.post("/cases/{case_id}/accept", response=ReturnDetailOut)
def accept(request: Any, case_id: int, payload: AcceptIn) -> Any:
    return steps.run(request, case_id, Perm.CHANGE_SPACE, AcceptForm({"on": payload.on or ""}),
                     lambda case, d: actions.return_accept(case=case, actor=request.user, **d))


@router.post("/cases/{case_id}/cancel", response=ReturnDetailOut)
def cancel(request: Any, case_id: int, payload: ReturnReasonIn) -> Any:
    return steps.run(request, case_id, Perm.CHANGE_SPACE, ReasonForm(payload.dict()),
                     lambda case, d: actions.return_cancel(case=case, actor=request.user, **d))


@router.post("/scan", response=ScanOut)
def scan(request: Any, payload: ScanIn) -> Any:
    """Open the returns the data calls for in a region (a code in the user's CHANGE_SPACE
    scope, with its subtree)."""
    require(request.user, Perm.CHANGE_SPACE)
    region = (Region.objects.visible_to(request.user, Perm.CHANGE_SPACE)
              .filter(code=payload.region.strip()).first())
    if region is None:
        raise ValidationError({"region": "区划不存在或不在您的权限范围内"})
    return {"opened": actions.returns_scan(region=region, actor=request.user)}
