"""/api/v1/space/inventory/: the yearly inventory (清查盘点) through the same querysets,
forms and actions as its pages (jiguan/space/inventory/views.py): campaigns with their
progress, the participating agencies, one agency's declaration and its differences from the
register, and the bureau's review (confirm / return). Out-of-scope objects answer 404, a
missing permission 403, and bad input or a refused action 422 with Chinese messages.

Opening and closing a campaign, uploading a declaration workbook and the Excel downloads
(workbook, reconciliation, yearly report) stay page-only (/space/inventory/)."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.types import AuthedRequest
from jiguan.space.inventory import actions, queries
from jiguan.space.inventory.forms import ReturnForm
from jiguan.space.inventory.models import Campaign, CampaignAgency, SubmissionStatus
from jiguan.space.inventory.queries import campaign_agency_or_404, campaigns_for

router = Router(tags=["办公用房清查"])


class CampaignOut(Schema):
    id: int
    year: int
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    deadline: dt.date
    status: str
    status_label: str = Field(alias="get_status_display")
    note: str
    closed_at: dt.datetime | None
    forced: bool
    close_reason: str


class CampaignListOut(CampaignOut):
    agency_count: int = 0
    confirmed_count: int = 0


class InventoryBoardRowOut(Schema):
    code: str
    name: str
    pending: int
    submitted: int
    returned: int
    confirmed: int
    total: int


class ProgressOut(Schema):
    """Agencies per submission status, as the campaign page's board counts them (the rows
    the user sees): per child region of the campaign's region, and in total."""

    total: InventoryBoardRowOut
    regions: list[InventoryBoardRowOut]


class CampaignDetailOut(CampaignOut):
    progress: ProgressOut

    @staticmethod
    def resolve_progress(campaign: Campaign, context: Any) -> dict[str, Any]:
        rows = _rows(context["request"].user, campaign)
        regions, total = queries.board(rows, campaign.region)
        return {"total": total, "regions": regions}


class CampaignAgencyOut(Schema):
    id: int
    campaign_id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    agency_credit_code: str = Field(alias="agency.credit_code")
    region_code: str = Field(alias="agency.region.code")
    region_name: str = Field(alias="agency.region.name")
    status: str
    status_label: str = Field(alias="get_status_display")
    filename: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    return_reason: str


class DifferenceOut(Schema):
    kind: str
    label: str
    building_code: str
    building_name: str
    room_number: str
    registered: str
    declared: str
    detail: str
    room_id: int | None = None


class CampaignAgencyDetailOut(CampaignAgencyOut):
    campaign_year: int = Field(alias="campaign.year")
    campaign_status: str = Field(alias="campaign.status")
    deadline: dt.date = Field(alias="campaign.deadline")
    submitted_by: str | None = None
    reviewed_by: str | None = None
    declared_rooms: int
    differences: list[DifferenceOut]

    @staticmethod
    def resolve_submitted_by(ca: CampaignAgency) -> str | None:
        return ca.submitted_by.display_name if ca.submitted_by is not None else None

    @staticmethod
    def resolve_reviewed_by(ca: CampaignAgency) -> str | None:
        return ca.reviewed_by.display_name if ca.reviewed_by is not None else None

    @staticmethod
    def resolve_declared_rooms(ca: CampaignAgency) -> int:
        return len(ca.declaration)


class ReturnIn(Schema):
    reason: str = ""


def _rows(user: Any, campaign: Campaign) -> Any:
    """The campaign's agency rows the user sees, in the campaign page's order."""
    return (CampaignAgency.objects.visible_to(user).filter(campaign=campaign)
            .select_related("agency", "agency__region")
            .order_by("agency__region__code", "agency__name"))


@router.get("/campaigns", response=list[CampaignListOut])
@paginate(Pagination, page_size=100)
def list_campaigns(request: AuthedRequest) -> Any:
    """Campaigns in the user's scope, newest year first. Opening and closing a campaign
    stay on the pages."""
    require(request.user, Perm.VIEW_SPACE)
    return campaigns_for(request.user).annotate(
        agency_count=Count("agencies", distinct=True),
        confirmed_count=Count("agencies", distinct=True,
                              filter=Q(agencies__status=SubmissionStatus.CONFIRMED)),
    ).order_by("-year", "region__code", "pk")


@router.get("/campaigns/{campaign_id}", response=CampaignDetailOut)
def get_campaign(request: AuthedRequest, campaign_id: int) -> Any:
    return get_object_or_404(campaigns_for(request.user), pk=campaign_id)


@router.get("/campaigns/{campaign_id}/agencies", response=list[CampaignAgencyOut])
@paginate(Pagination, page_size=100)
def list_campaign_agencies(request: AuthedRequest, campaign_id: int, status: str = "") -> Any:
    """The participating agencies the user sees; ``status`` one of pending, submitted,
    returned, confirmed."""
    campaign = get_object_or_404(campaigns_for(request.user), pk=campaign_id)
    rows = _rows(request.user, campaign).defer("declaration")
    status = status.strip()
    if status:
        if status not in SubmissionStatus.values:
            raise ValidationError({"status": f"“{status}”无效，可选：" + "、".join(
                f"{value}（{label}）" for value, label in SubmissionStatus.choices)})
        rows = rows.filter(status=status)
    return rows


@router.get("/agencies/{row_id}", response=CampaignAgencyDetailOut)
def get_campaign_agency(request: AuthedRequest, row_id: int) -> Any:
    """One agency's declaration: its state and its differences from the register."""
    return campaign_agency_or_404(request, row_id)


@router.post("/agencies/{row_id}/confirm", response=CampaignAgencyDetailOut)
def confirm_campaign_agency(request: AuthedRequest, row_id: int) -> Any:
    """The bureau confirms a submitted declaration (the register is not rewritten)."""
    ca = campaign_agency_or_404(request, row_id)
    require(request.user, Perm.CHANGE_SPACE, ca.campaign)
    actions.declaration_confirm(ca=ca, actor=request.user)
    return campaign_agency_or_404(request, row_id)


@router.post("/agencies/{row_id}/return", response=CampaignAgencyDetailOut)
def return_campaign_agency(request: AuthedRequest, row_id: int, payload: ReturnIn) -> Any:
    """The bureau sends a submitted declaration back with a reason (the agency gets a
    to-do)."""
    ca = campaign_agency_or_404(request, row_id)
    require(request.user, Perm.CHANGE_SPACE, ca.campaign)
    form = ReturnForm(payload.dict())
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    actions.declaration_return(ca=ca, reason=form.cleaned_data["reason"], actor=request.user)
    return campaign_agency_or_404(request, row_id)
