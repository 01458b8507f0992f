"""Pages of 统一调配: the case list (filters, Excel export), the application form, the case
page with the step the user may take, and the printable certificate.

Visibility: a case answers 404 outside the user's scope (an agency reporter sees its own
agency's cases). Applying, resubmitting and confirming the move need APPLY_SPACE at the
agency; reviewing, sending back and approving need CHANGE_SPACE over the agency's region.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.space.allocation import actions
from jiguan.space.allocation.forms import (
    ApplyForm,
    ApproveForm,
    FinishForm,
    PickAgencyForm,
    ReviewForm,
    SendBackForm,
)
from jiguan.space.allocation.models import AllocationCase, AllocationStatus
from jiguan.space.allocation.queries import case_or_404, cases_for, first_feasible, proposal
from jiguan.space.allocation.rules import RULE_ART18, RULE_ORDER, RULE_OVER
from jiguan.space.register.models import Room


def case_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    cases, form = cases_for(request.user, request.GET)
    return render(request, "space/allocation_list.html", {
        "form": form, "qs": querystring(request), **paginate(request, cases),
        "can_apply": can(request.user, Perm.APPLY_SPACE)})


CASE_COLUMNS = [
    ExportColumn("编号", lambda c: c.pk, 8),
    ExportColumn("区划", lambda c: c.agency.region.name, 14),
    ExportColumn("申请单位", lambda c: c.agency.name, 30),
    ExportColumn("状态", lambda c: c.get_status_display(), 12),
    ExportColumn("安排人数", lambda c: c.headcount, 10, kind="people"),
    ExportColumn("标准面积", lambda c: c.standard_area, 12, kind="area"),
    ExportColumn("申请面积", lambda c: c.requested_area, 12, kind="area"),
    ExportColumn("超出标准的理由", lambda c: c.over_standard_reason, 30),
    ExportColumn("配置方式", lambda c: c.get_method_display(), 10),
    ExportColumn("凭证编号", lambda c: c.certificate_no or "", 22),
    ExportColumn("起始使用日期", lambda c: c.start_date, 14),
    ExportColumn("提交时间", lambda c: c.submitted_at, 18),
    ExportColumn("申请理由", lambda c: c.reason, 40),
]


case_export = list_export(
    "space.allocation", perm=Perm.VIEW_SPACE, rows_for=cases_for, columns=CASE_COLUMNS,
    title="办公用房调配申请", describe=describe)


def _apply_agencies(request: AuthedRequest) -> Any:
    return (Agency.objects.visible_to(request.user, Perm.APPLY_SPACE).active()
            .select_related("region").order_by("region__code", "name"))


def _serving(agency: Agency) -> Any:
    return Person.objects.filter(agency=agency, status=PersonStatus.SERVING).order_by("name")


def apply(request: AuthedRequest) -> HttpResponse:
    """Pick the agency (when the user may apply for several), then the application."""
    require(request.user, Perm.APPLY_SPACE)
    agencies = _apply_agencies(request)
    raw = request.POST.get("agency") or request.GET.get("agency") or ""
    agency = None
    if "agency__q" in request.GET:  # the pick page (the agency picker, orgs/fields.py)
        pick = PickAgencyForm(request.GET, agencies=agencies)
        if not pick.is_valid():
            return render(request, "space/allocation_pick.html", {"form": pick}, status=422)
        agency = pick.cleaned_data["agency"]
    elif raw:
        try:
            agency = agencies.get(pk=int(raw))
        except (Agency.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None
    elif agencies.count() == 1:
        agency = agencies.first()
    if agency is None:
        return render(request, "space/allocation_pick.html",
                      {"form": PickAgencyForm(agencies=agencies)})
    form = ApplyForm(request.POST or None, people=_serving(agency))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = actions.allocation_apply(
                agency=agency, reason=d["reason"], people=list(d["people"]),
                requested_area=d["requested_area"],
                over_standard_reason=d["over_standard_reason"], actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "已提交用房调配申请，等待机关事务管理部门审核")
            return redirect("space_allocation:case_detail", pk=case.pk)
    return render(request, "space/allocation_apply.html", {
        "form": form, "agency": agency, "case": None, "rule_over": RULE_OVER,
        "limits": _limits(agency)}, status=422 if form.errors else 200)


def _limits(agency: Agency) -> list[tuple[Person, Any]]:
    from jiguan.space.register.models import person_office_limit

    return [(p, person_office_limit(p)) for p in _serving(agency).select_related(
        "agency", "agency__region")[:300]]


def _room_choices(case: AllocationCase) -> Any:
    return Room.objects.filter(building__region__path__startswith=case.agency.region.path)


def _posted_ids(form: Any) -> list[int]:
    if form is None or not form.is_bound:
        return []
    return [int(v) for v in form.data.getlist("rooms") if str(v).isdigit() and len(str(v)) < 10]


def _detail(request: AuthedRequest, case: AllocationCase, status: int = 200,
            **forms: Any) -> HttpResponse:
    user = request.user
    bureau = can(user, Perm.CHANGE_SPACE, case)
    agency_side = can(user, Perm.APPLY_SPACE, case)
    options = proposal(case) if bureau and case.status == AllocationStatus.SUBMITTED else []
    first = first_feasible(options) if options else ""
    review_form = forms.get("review_form") or ReviewForm(
        rooms=_room_choices(case),
        initial={"method": first,
                 "rooms": [r.pk for o in options if o.method == first for r in o.rooms]})
    # Offer the proposed rooms (and any posted ones), not every room of the region.
    shown = {r.pk for o in options for r in o.rooms} | set(_posted_ids(forms.get("review_form")))
    review_form.fields["rooms"].queryset = (  # type: ignore[union-attr]
        _room_choices(case).filter(pk__in=shown).select_related("building")
        .order_by("building__code", "number"))
    return render(request, "space/allocation_detail.html", {
        "case": case, "people": case.people.select_related("agency", "agency__region"),
        "rooms": case.rooms.select_related("room", "room__building", "room__floor"),
        "options": options, "bureau": bureau, "agency_side": agency_side,
        "review_form": review_form,
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "send_back_form": forms.get("send_back_form") or SendBackForm(),
        "finish_form": forms.get("finish_form") or FinishForm(),
        "rule_order": RULE_ORDER, "rule_art18": RULE_ART18,
        "history": AuditEvent.objects.for_target(case)[:50],
    }, status=status)


def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, case_or_404(request.user, pk))


def _step(request: AuthedRequest, case: AllocationCase, form: Any, form_name: str,
          act: Any, message: str) -> HttpResponse:
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("space_allocation:case_detail", pk=case.pk)
    return _detail(request, case_or_404(request.user, case.pk), status=422, **{form_name: form})


@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, case)
    form = ReviewForm(request.POST, rooms=_room_choices(case))
    return _step(request, case, form, "review_form", lambda d: actions.allocation_review(
        case=case, method=d["method"], rooms=list(d["rooms"]), method_reason=d["method_reason"],
        note=d["note"], actor=request.user), "已审核，等待审批")


@require_POST
def send_back(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, case)
    return _step(request, case, SendBackForm(request.POST), "send_back_form",
                 lambda d: actions.allocation_send_back(case=case, reason=d["reason"],
                                                        actor=request.user),
                 "已退回申请单位")


@require_POST
def approve(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, case)
    return _step(request, case, ApproveForm(request.POST), "approve_form",
                 lambda d: actions.allocation_approve(
                     case=case, certificate_no=d["certificate_no"], start_date=d["start_date"],
                     route_note=d["route_note"], actor=request.user),
                 "已批准")


@require_POST
def finish(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.APPLY_SPACE, case)
    return _step(request, case, FinishForm(request.POST), "finish_form",
                 lambda d: actions.allocation_finish(case=case, note=d["note"],
                                                     actor=request.user),
                 "已确认入驻，申请办结")


def resubmit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.APPLY_SPACE, case)
    if case.status != AllocationStatus.RETURNED:
        messages.error(request, "只有被退回的申请可以修改后重新提交")
        return redirect("space_allocation:case_detail", pk=case.pk)
    form = ApplyForm(request.POST or None, people=_serving(case.agency), initial={
        "reason": case.reason, "people": list(case.people.all()),
        "requested_area": case.requested_area,
        "over_standard_reason": case.over_standard_reason})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.allocation_resubmit(
                case=case, reason=d["reason"], people=list(d["people"]),
                requested_area=d["requested_area"],
                over_standard_reason=d["over_standard_reason"], actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "已重新提交")
            return redirect("space_allocation:case_detail", pk=case.pk)
    return render(request, "space/allocation_apply.html", {
        "form": form, "agency": case.agency, "case": case, "rule_over": RULE_OVER,
        "limits": _limits(case.agency)}, status=422 if form.errors else 200)


def certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The printable 使用协议 and 分配使用凭证 (print CSS in the template)."""
    case = case_or_404(request.user, pk)
    if not case.certificate_no:
        raise Http404
    return render(request, "space/allocation_certificate.html", {
        "case": case, "rooms": case.rooms.select_related("room", "room__building",
                                                          "room__floor"),
        "rule_art18": RULE_ART18})
