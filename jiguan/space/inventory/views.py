"""Pages of the yearly inventory: scoped fetch, permission, form, action, redirect.

Visibility: campaigns and agency rows answer 404 outside the user's scope (an agency
reporter sees only its own agency's row). Writes need the permission where the object is:
uploading needs CHANGE_OCCUPANTS at the agency (its reporter, or a bureau over it);
opening, reviewing and closing need CHANGE_SPACE over the campaign's region.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import too_large_message
from jiguan.core.exports.responses import export_response, xlsx_response
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error
from jiguan.core.web.formviews import form_action, refreshed
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import normalize_credit_code
from jiguan.space.inventory import actions, excel, queries, rules
from jiguan.space.inventory.excel import declaration_workbook, reconciliation_columns, yearly_report
from jiguan.space.inventory.forms import (
    AddAgencyForm,
    CampaignForm,
    CloseForm,
    ReturnForm,
    UploadForm,
)
from jiguan.space.inventory.models import Campaign, CampaignAgency, SnapshotRoom, SubmissionStatus
from jiguan.space.inventory.queries import campaign_agency_or_404, campaigns_for


def _xlsx(data: bytes, filename: str) -> HttpResponseBase:
    return xlsx_response(data, filename, stamped=True)


def _campaign_regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.CHANGE_SPACE).order_by("code")


def campaign_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    today = timezone.localdate()
    form = CampaignForm(regions=_campaign_regions(request.user),
                        initial={"year": today.year, "deadline": today + dt.timedelta(days=30)})
    return _render_list(request, form)


def _render_list(request: AuthedRequest, form: CampaignForm, status: int = 200) -> HttpResponse:
    campaigns = campaigns_for(request.user).annotate(
        agency_count=Count("agencies", distinct=True),
        confirmed_count=Count("agencies", distinct=True,
                              filter=Q(agencies__status=SubmissionStatus.CONFIRMED)),
    ).order_by("-year", "region__code")
    return render(request, "space/inventory_campaign_list.html", {
        "campaigns": campaigns, "form": form,
        "can_open": can(request.user, Perm.CHANGE_SPACE)}, status=status)


@require_POST
def campaign_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    form = CampaignForm(request.POST, regions=_campaign_regions(request.user))
    return form_action(
        request, form, act=lambda data: actions.campaign_open(actor=request.user, **data),
        done=lambda c: reverse("space_inventory:campaign_detail", args=[c.pk]),
        message=lambda c: f"已发起清查：{c}，{c.agencies.count()} 家单位参加",
        page=lambda form: _render_list(request, form))


def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    return _render_campaign(request, campaign, CloseForm())


def _render_campaign(request: AuthedRequest, campaign: Campaign, close_form: CloseForm,
                     status: int = 200, add_form: AddAgencyForm | None = None) -> HttpResponse:
    region = campaign.region
    code = request.GET.get("region", "").strip()
    if code and code != region.code:
        region = get_object_or_404(Region.objects.subtree(campaign.region), code=code)
    rows = list(CampaignAgency.objects.visible_to(request.user).filter(campaign=campaign)
                .select_related("agency", "agency__region")
                .order_by("agency__region__code", "agency__name"))
    board_rows, total = queries.board(rows, region)
    state = request.GET.get("status", "")
    listed = [ca for ca in rows if ca.agency.region.path.startswith(region.path)
              and (not state or ca.status == state)]
    return render(request, "space/inventory_campaign_detail.html", {
        "campaign": campaign, "region": region, "board": board_rows, "total": total,
        "rows": listed, "state": state, "statuses": SubmissionStatus.choices,
        "breadcrumb": [r for r in region.ancestors() if r.path.startswith(campaign.region.path)],
        "close_form": close_form,
        "add_form": add_form or AddAgencyForm(),
        "can_manage": campaign.is_open and can(request.user, Perm.CHANGE_SPACE, campaign),
        "can_reconcile": can(request.user, Perm.VIEW_SPACE, campaign),
        "tolerance": rules.area_tolerance(),
        "history": AuditEvent.objects.for_target(campaign)[:50],
    }, status=status)


@require_POST
def campaign_close(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require(request.user, Perm.CHANGE_SPACE, campaign)
    form = CloseForm(request.POST)
    return form_action(
        request, form,
        act=lambda data: actions.campaign_close(campaign=campaign, actor=request.user,
                                                force=data["force"], reason=data["reason"]),
        done=reverse("space_inventory:campaign_detail", args=[campaign.pk]),
        message="清查已关闭，年度快照已冻结，可下载年度统计报表。",
        page=lambda form: _render_campaign(request, refreshed(campaign), form))


@require_POST
def campaign_add_agency(request: AuthedRequest, pk: int) -> HttpResponse:
    # Not form_action: the form's value is looked up first (a credit code → an agency in
    # scope), and both the lookup's and the action's refusals belong on that one field.
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require(request.user, Perm.CHANGE_SPACE, campaign)
    form = AddAgencyForm(request.POST)
    if form.is_valid():
        code = normalize_credit_code(form.cleaned_data["credit_code"])
        agency = Agency.objects.visible_to(request.user).select_related("region").filter(
            credit_code=code).first()
        if agency is None:
            form.add_error("credit_code", f"统一社会信用代码“{code}”对应的单位不存在或不在您的"
                                          "权限范围内")
        else:
            try:
                actions.campaign_add_agency(campaign=campaign, agency=agency,
                                              actor=request.user)
            except ValidationError as exc:
                form.add_error("credit_code", exc.messages)
            else:
                messages.success(request, f"已将{agency.name}加入本次清查，单位将收到待办。")
                return redirect("space_inventory:campaign_detail", pk=campaign.pk)
    return _render_campaign(request, campaign, CloseForm(), status=422, add_form=form)


def reconciliation(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require(request.user, Perm.VIEW_SPACE, campaign)
    return render(request, "space/inventory_reconciliation.html", {
        "campaign": campaign, "groups": queries.reconcile(campaign),
        "tolerance": rules.area_tolerance()})


def reconciliation_export(request: AuthedRequest, pk: int) -> FileResponse:
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require(request.user, Perm.VIEW_SPACE, campaign)
    mismatches = [m for group in queries.reconcile(campaign).values() for m in group]
    return export_response(reconciliation_columns(), mismatches,
                           title=f"{campaign}对账问题清单",
                           filters_text=f"清查范围：{campaign.region.full_name}",
                           filename=f"{campaign.year}年度办公用房对账问题清单")


def yearly_report_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require(request.user, Perm.VIEW_SPACE, campaign)
    if campaign.is_open:
        messages.error(request, "清查关闭并冻结年度快照后才能下载年度统计报表")
        return redirect("space_inventory:campaign_detail", pk=campaign.pk)
    rooms = list(SnapshotRoom.objects.filter(campaign=campaign))
    data = yearly_report(campaign=campaign, rooms=rooms)
    return _xlsx(data, f"{campaign.year}年度{campaign.region.name}办公用房统计报表")


def agency_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ca = campaign_agency_or_404(request, pk)
    return _render_agency(request, ca)


def _render_agency(request: AuthedRequest, ca: CampaignAgency, *,
                   upload_form: UploadForm | None = None, return_form: ReturnForm | None = None,
                   upload_errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    campaign = ca.campaign
    is_open = campaign.is_open
    return render(request, "space/inventory_agency.html", {
        "ca": ca, "campaign": campaign,
        "register": queries.register_rows(ca.agency),
        "upload_form": upload_form or UploadForm(),
        "return_form": return_form or ReturnForm(),
        "upload_errors": upload_errors or [],
        "can_upload": is_open and ca.status != SubmissionStatus.CONFIRMED
        and can(request.user, Perm.CHANGE_OCCUPANTS, ca),
        "can_review": is_open and ca.status == SubmissionStatus.SUBMITTED
        and can(request.user, Perm.CHANGE_SPACE, campaign),
        "can_apply": ca.status == SubmissionStatus.CONFIRMED and bool(ca.differences)
        and can(request.user, Perm.CHANGE_SPACE, campaign),
        "can_see_campaign": campaigns_for(request.user).filter(pk=campaign.pk).exists(),
        "tolerance": rules.area_tolerance(),
        "history": AuditEvent.objects.for_target(ca)[:50],
    }, status=status)


def agency_workbook(request: AuthedRequest, pk: int) -> HttpResponseBase:
    ca = campaign_agency_or_404(request, pk)
    data = declaration_workbook(title=rules.workbook_title(ca),
                                rows=queries.register_rows(ca.agency))
    return _xlsx(data, f"{ca.campaign.year}年度办公用房清查填报表-{ca.agency.name}")


@require_POST
def agency_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    ca = campaign_agency_or_404(request, pk)
    require(request.user, Perm.CHANGE_OCCUPANTS, ca)
    form = UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.JIGUAN_IMPORT_MAX_BYTES:
            form.add_error("file", too_large_message(upload.size,
                                                     settings.JIGUAN_IMPORT_MAX_BYTES))
        else:
            try:
                ca = actions.declaration_upload(ca=ca, data=upload.read(),
                                                  filename=upload.name, actor=request.user)
            except excel.DeclarationError as exc:
                errors = exc.messages
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, f"已上传填报表，共 {len(ca.declaration)} 个房间，"
                                          f"与台账差异 {len(ca.differences)} 处，等待审核。")
                return redirect("space_inventory:agency_detail", pk=ca.pk)
    return _render_agency(request, ca, upload_form=form, upload_errors=errors, status=422)


@require_POST
def agency_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    ca = campaign_agency_or_404(request, pk)
    require(request.user, Perm.CHANGE_SPACE, ca.campaign)
    try:
        actions.declaration_confirm(ca=ca, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已确认{ca.agency.name}的清查填报。")
    return redirect("space_inventory:agency_detail", pk=ca.pk)


@require_POST
def agency_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    """The bureau brings the register in line with a confirmed declaration."""
    ca = campaign_agency_or_404(request, pk)
    require(request.user, Perm.CHANGE_SPACE, ca.campaign)
    try:
        result = actions.declaration_apply(ca=ca, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已按申报更新台账：{len(result.applied)} 项修改。")
        if result.skipped:
            messages.warning(request, "以下差异需人工核实：" + "；".join(result.skipped[:20]))
    return redirect("space_inventory:agency_detail", pk=ca.pk)


@require_POST
def agency_return(request: AuthedRequest, pk: int) -> HttpResponse:
    ca = campaign_agency_or_404(request, pk)
    require(request.user, Perm.CHANGE_SPACE, ca.campaign)
    form = ReturnForm(request.POST)
    return form_action(
        request, form,
        act=lambda data: actions.declaration_return(ca=ca, reason=data["reason"],
                                                    actor=request.user),
        done=reverse("space_inventory:agency_detail", args=[ca.pk]),
        message=f"已退回{ca.agency.name}的清查填报，单位将收到待办。",
        page=lambda form: _render_agency(request, ca, return_form=form))
