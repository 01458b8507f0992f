"""Pages of 腾退移交: the case list (filters, overdue flag, Excel export, the bureau's scan),
opening a case for an agency, the case page with the step the user may take.

Visibility: a case answers 404 outside the user's scope. Reporting the rooms vacated needs
APPLY_SPACE at the agency; opening, sending back, accepting, cancelling and scanning need
CHANGE_SPACE over the agency's region.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency, Person
from jiguan.space.register.models import Room
from jiguan.space.returns import actions
from jiguan.space.returns.forms import (
    AcceptForm,
    OpenForm,
    PickAgencyForm,
    ReasonForm,
    ReportForm,
    ScanForm,
)
from jiguan.space.returns.models import ReturnCase
from jiguan.space.returns.queries import case_or_404, cases_for
from jiguan.space.returns.rules import RULE_TEXT


def _scan_regions(request: AuthedRequest) -> Any:
    return Region.objects.visible_to(request.user, Perm.CHANGE_SPACE).order_by("code")


def case_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    return _list(request, ScanForm(regions=_scan_regions(request)))


def _list(request: AuthedRequest, scan_form: ScanForm, status: int = 200) -> HttpResponse:
    cases, form = cases_for(request.user, request.GET)
    return render(request, "space/returns_list.html", {
        "form": form, "qs": querystring(request), **paginate(request, cases),
        "today": timezone.localdate(), "scan_form": scan_form,
        "can_manage": can(request.user, Perm.CHANGE_SPACE)}, status=status)


CASE_COLUMNS = [
    ExportColumn("编号", lambda c: c.pk, 8),
    ExportColumn("区划", lambda c: c.agency.region.name, 14),
    ExportColumn("腾退单位", lambda c: c.agency.name, 30),
    ExportColumn("腾退原因", lambda c: c.get_reason_display(), 14),
    ExportColumn("相关人员", lambda c: c.person.name if c.person else "", 10),
    ExportColumn("状态", lambda c: c.get_status_display(), 10),
    ExportColumn("起算日期", lambda c: c.event_date, 12),
    ExportColumn("腾退期限", lambda c: c.due_date, 12),
    ExportColumn("是否逾期", lambda c: "逾期" if c.is_overdue_on(timezone.localdate()) else "",
                 8),
    ExportColumn("接收日期", lambda c: c.completed_on, 12),
    ExportColumn("情况说明", lambda c: c.detail, 40),
]


case_export = list_export(
    "space.returns", perm=Perm.VIEW_SPACE, rows_for=cases_for, columns=CASE_COLUMNS,
    title="办公用房腾退移交", describe=describe)


@require_POST
def scan(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    form = ScanForm(request.POST, regions=_scan_regions(request))
    if form.is_valid():
        count = actions.returns_scan(region=form.cleaned_data["region"], actor=request.user)
        messages.success(request, f"扫描完成，新建腾退 {count} 件")
        return redirect("space_returns:case_list")
    return _list(request, form, status=422)


def new(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    agencies = Agency.objects.visible_to(request.user, Perm.CHANGE_SPACE).select_related(
        "region")
    raw = request.POST.get("agency") or request.GET.get("agency") or ""
    # A current occupancy: both lookups on one join (end_date__isnull alone is a LEFT JOIN
    # that also matched the agencies without any occupancy).
    occupying = agencies.filter(occupancies__isnull=False,
                                occupancies__end_date__isnull=True).distinct()
    if "agency__q" in request.GET:  # the pick page (the agency picker, orgs/fields.py)
        pick = PickAgencyForm(request.GET, agencies=occupying)
        if not pick.is_valid():
            return render(request, "space/returns_pick.html", {"form": pick}, status=422)
        raw = str(pick.cleaned_data["agency"].pk)
    if not raw:
        return render(request, "space/returns_pick.html",
                      {"form": PickAgencyForm(agencies=occupying)})
    try:
        agency = agencies.get(pk=int(raw))
    except (Agency.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    rooms = (Room.objects.filter(occupancies__agency=agency, occupancies__end_date__isnull=True)
             .select_related("building", "floor").order_by("building__code", "number"))
    people = Person.objects.filter(agency=agency, offices__end_date__isnull=True).distinct()
    form = OpenForm(request.POST or None, rooms=rooms, people=people)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = actions.return_open(agency=agency, reason=d["reason"], rooms=list(d["rooms"]),
                                       person=d["person"], event_date=d["event_date"],
                                       detail=d["detail"], actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"已通知{agency.name}于 {case.due_date:%Y-%m-%d} 前腾退")
            return redirect("space_returns:case_detail", pk=case.pk)
    return render(request, "space/returns_new.html", {"form": form, "agency": agency},
                  status=422 if form.errors else 200)


def _detail(request: AuthedRequest, case: ReturnCase, status: int = 200,
            **forms: Any) -> HttpResponse:
    return render(request, "space/returns_detail.html", {
        "case": case, "rooms": case.rooms.select_related("room", "room__building",
                                                          "room__floor", "occupant__person"),
        "bureau": can(request.user, Perm.CHANGE_SPACE, case),
        "agency_side": can(request.user, Perm.APPLY_SPACE, case),
        "overdue": case.is_overdue_on(timezone.localdate()),
        "rule": RULE_TEXT.get(case.reason, ""),
        "report_form": forms.get("report_form") or ReportForm(),
        "send_back_form": forms.get("send_back_form") or ReasonForm(),
        "cancel_form": forms.get("cancel_form") or ReasonForm(prefix="cancel"),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "history": AuditEvent.objects.for_target(case)[:50],
    }, status=status)


def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, case_or_404(request.user, pk))


def _step(request: AuthedRequest, case: ReturnCase, form: Any, form_name: str, act: Any,
          message: str) -> HttpResponse:
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("space_returns:case_detail", pk=case.pk)
    return _detail(request, case_or_404(request.user, case.pk), status=422, **{form_name: form})


@require_POST
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.APPLY_SPACE, case)
    return _step(request, case, ReportForm(request.POST), "report_form",
                 lambda d: actions.return_report(case=case, note=d["note"], actor=request.user),
                 "已报告腾退，等待机关事务管理部门接收")


@require_POST
def send_back(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, case)
    return _step(request, case, ReasonForm(request.POST), "send_back_form",
                 lambda d: actions.return_send_back(case=case, reason=d["reason"],
                                                    actor=request.user),
                 "已退回腾退单位")


@require_POST
def accept(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, case)
    return _step(request, case, AcceptForm(request.POST), "accept_form",
                 lambda d: actions.return_accept(case=case, on=d["on"], actor=request.user),
                 "已接收，台账已更新")


@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    require(request.user, Perm.CHANGE_SPACE, case)
    return _step(request, case, ReasonForm(request.POST, prefix="cancel"), "cancel_form",
                 lambda d: actions.return_cancel(case=case, reason=d["reason"],
                                                 actor=request.user),
                 "已撤销")
