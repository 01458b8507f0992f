"""/api/v1/assets/: the units' asset cards, the class tree and standards, the disposal and
lease matters with their step endpoints (core's StepEndpoints), and the yearly report;
through the same queries, forms and actions as the pages. Out of scope answers 404."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.assets.cards import actions, queries
from jiguan.assets.cards.forms import DecisionForm, ExecuteForm, TakeBackForm, class_by_code
from jiguan.assets.cards.models import AssetCard, AssetClass, CardStatus, Matter, MatterKind
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.api_steps import StepEndpoints
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building

router = Router(tags=["国有资产"])


class AssetClassOut(Schema):
    id: int
    code: str
    name: str
    level: int
    unit: str
    parent_id: int | None
    confidence: str


class AssetCardOut(Schema):
    id: int
    card_no: str
    class_code: str = Field(alias="asset_class.code")
    name: str
    quantity: int
    value: Decimal
    acquired_on: dt.date
    agency_id: int
    building_id: int | None
    room_id: int | None
    location_note: str
    status: str
    over_standard_reason: str
    disposed_on: dt.date | None


class AssetCardIn(Schema):
    card_no: str = Field(min_length=1, max_length=40)
    class_code: str = Field(min_length=1, max_length=12)
    name: str = Field("", max_length=100)
    quantity: int = Field(1, ge=1, le=1_000_000)
    value: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    acquired_on: dt.date
    agency_id: int = Field(ge=1, le=2**62)
    building_code: str = Field("", max_length=30)
    room_number: str = Field("", max_length=20)
    location_note: str = Field("", max_length=100)
    over_standard_reason: str = Field("", max_length=300)


class AssetApprovalOut(Schema):
    order: int
    level: str
    region_code: str = Field(alias="region.code")
    decision: str
    note: str
    decided_at: dt.datetime | None


class AssetMatterOut(Schema):
    id: int
    agency_id: int
    kind: str
    reason: str
    counterparty: str
    total_value: Decimal
    start_date: dt.date | None
    end_date: dt.date | None
    income: Decimal | None
    status: str
    done_on: dt.date | None
    document: str
    card_ids: list[int]
    approvals: list[AssetApprovalOut]

    @staticmethod
    def resolve_card_ids(obj: Matter) -> list[int]:
        return list(obj.items.values_list("card_id", flat=True))

    @staticmethod
    def resolve_approvals(obj: Matter) -> list[Any]:
        return list(obj.approvals.select_related("region"))


class AssetMatterIn(Schema):
    kind: str
    card_ids: list[int] = Field(min_length=1, max_length=500)
    reason: str = Field(min_length=1, max_length=300)
    counterparty: str = Field("", max_length=100)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    income: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)


class AssetDecisionIn(Schema):
    note: str = Field("", max_length=300)


class ExecuteIn(Schema):
    done_on: dt.date
    document: str = Field("", max_length=100)
    income: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)


class TakeBackIn(Schema):
    on: dt.date


class ReportRowOut(Schema):
    label: str
    region: str
    count: int
    value: Decimal
    by_class: dict[str, Decimal]
    added: Decimal
    disposed: Decimal


class AssetReportOut(Schema):
    year: int
    units: list[ReportRowOut]
    regions: list[ReportRowOut]
    total: ReportRowOut


@router.get("/classes", response=list[AssetClassOut])
def list_classes(request: Any) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    return AssetClass.objects.order_by("code")


@router.get("/cards", response=list[AssetCardOut])
@paginate(Pagination, page_size=100)
def list_cards(request: Any, q: str = "", asset_class: str = "", status: str = "",
               agency: IdQuery = None, region: str = "", building: str = "") -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    cards, _ = queries.cards_for(request.user, {
        "q": q, "asset_class": asset_class, "status": status, "region": region,
        "building": building}, agency_id=agency)
    return cards.order_by("agency__region__path", "agency_id", "card_no")


@router.get("/cards/{card_id}", response=AssetCardOut)
def get_card(request: Any, card_id: int) -> Any:
    return visible_or_404(AssetCard.objects.select_related("asset_class"), request.user,
                          pk=card_id)


@router.post("/cards", response={201: AssetCardOut})
def create_card(request: Any, payload: AssetCardIn) -> Any:
    require(request.user, Perm.KEEP_ASSET_CARDS)
    agency = visible_or_404(Agency.objects, request.user, Perm.KEEP_ASSET_CARDS,
                            pk=payload.agency_id)
    try:
        asset_class = class_by_code(payload.class_code)
    except ValidationError as exc:
        raise ValidationError({"class_code": exc.messages}) from None
    data = payload.dict(exclude={"class_code", "agency_id", "building_code", "room_number"})
    data.update(asset_class=asset_class, agency=agency, building=None, room=None)
    if payload.building_code:
        building = (Building.objects.visible_to(request.user, Perm.VIEW_SPACE)
                    .filter(code=payload.building_code).first())
        if building is None:
            raise ValidationError({"building_code": f"房产编号“{payload.building_code}”不存在"
                                                    "或不在您的权限范围内"})
        data["building"] = building
        if payload.room_number:
            data["room"] = building.rooms.filter(number=payload.room_number).first()
            if data["room"] is None:
                raise ValidationError({"room_number": f"{building.name}没有房间"
                                                      f"“{payload.room_number}”"})
    return 201, actions.card_create(data=data, actor=request.user)


def _matter_or_404(user: Any, pk: int) -> Matter:
    matter: Matter = visible_or_404(Matter.objects.select_related("agency", "agency__region"),
                                    user, pk=pk)
    return matter


def _approver(user: Any, matter: Matter) -> None:
    if not actions.can_approve(user, matter):
        raise PermissionDenied("您不是该事项当前层级的审批机关")


steps: StepEndpoints[Matter] = StepEndpoints(load=_matter_or_404, require=require)


@router.get("/disposals", response=list[AssetMatterOut])
@paginate(Pagination, page_size=100)
def list_matters(request: Any, kind: str = "", status: str = "") -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    matters, _ = queries.matters_for(request.user, {"kind": kind, "status": status})
    return matters


@router.get("/disposals/{matter_id}", response=AssetMatterOut)
def get_matter(request: Any, matter_id: int) -> Any:
    return _matter_or_404(request.user, matter_id)


@router.post("/disposals", response={201: AssetMatterOut})
def create_matter(request: Any, payload: AssetMatterIn) -> Any:
    require(request.user, Perm.KEEP_ASSET_CARDS)
    if payload.kind not in MatterKind.values:
        raise ValidationError({"kind": f"事项应为：{'、'.join(MatterKind.values)}"})
    cards = list(AssetCard.objects.visible_to(request.user, Perm.KEEP_ASSET_CARDS)
                 .filter(pk__in=payload.card_ids, status__in=(CardStatus.IN_USE,
                                                              CardStatus.IDLE))
                 .select_related("agency"))
    missing = sorted(set(payload.card_ids) - {c.pk for c in cards})
    if missing:
        raise ValidationError({"card_ids": "资产不存在、不在您的权限范围内或不是在用、闲置状态："
                                           + "、".join(str(m) for m in missing)})
    if len({c.agency_id for c in cards}) > 1:
        raise ValidationError({"card_ids": "一个事项只能包含同一单位的资产"})
    return 201, actions.matter_submit(
        agency=cards[0].agency, kind=payload.kind, cards=cards, reason=payload.reason,
        counterparty=payload.counterparty, start_date=payload.start_date,
        end_date=payload.end_date, income=payload.income, actor=request.user)


@router.post("/disposals/{matter_id}/approve", response=AssetMatterOut)
def approve_matter(request: Any, matter_id: int, payload: AssetDecisionIn) -> Any:
    return steps.run(request, matter_id, _approver, DecisionForm(payload.dict()),
                     lambda m, d: actions.matter_approve(matter=m, note=d.get("note") or "",
                                                         actor=request.user))


@router.post("/disposals/{matter_id}/reject", response=AssetMatterOut)
def reject_matter(request: Any, matter_id: int, payload: AssetDecisionIn) -> Any:
    return steps.run(request, matter_id, _approver, DecisionForm(payload.dict()),
                     lambda m, d: actions.matter_reject(matter=m, note=d.get("note") or "",
                                                        actor=request.user))


@router.post("/disposals/{matter_id}/execute", response=AssetMatterOut)
def execute_matter(request: Any, matter_id: int, payload: ExecuteIn) -> Any:
    return steps.run(request, matter_id, Perm.KEEP_ASSET_CARDS, ExecuteForm(payload.dict()),
                     lambda m, d: actions.matter_execute(
                         matter=m, done_on=d["done_on"], document=d.get("document") or "",
                         income=d.get("income"), actor=request.user))


@router.post("/disposals/{matter_id}/take-back", response=AssetMatterOut)
def take_back_matter(request: Any, matter_id: int, payload: TakeBackIn) -> Any:
    return steps.run(request, matter_id, Perm.KEEP_ASSET_CARDS, TakeBackForm(payload.dict()),
                     lambda m, d: actions.matter_take_back(matter=m, on=d["on"],
                                                           actor=request.user))


@router.get("/report", response=AssetReportOut)
def get_report(request: Any, year: int = Query(..., ge=2000, le=2100)) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    return queries.yearly_report(request.user, year)
