"""/api/v1/energy/ for the programmes: coefficient sets, water-saving units, energy
performance contracts (with verified savings) and garbage sorting, through the same filters
and actions as the pages. Out of scope 404, missing permission 403, refused input 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require, sees_whole_region
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.types import AuthedRequest
from jiguan.energy.models import (
    CoefficientSet,
    EnergyContract,
    GarbageSortingSite,
    SortingSiteKind,
    WaterSavingUnit,
)
from jiguan.energy.programs import actions, queries
from jiguan.energy.programs.forms import contracts_for, institutions_for, sorting_sites_for
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import normalize_credit_code

router = Router(tags=["公共机构节能"])


class CoefficientSetOut(Schema):
    id: int
    code: str
    name: str
    source: str
    effective_from: dt.date
    is_default: bool
    values: dict[str, str]
    note: str


@router.get("/coefficient-sets", response=list[CoefficientSetOut])
def list_coefficient_sets(request: AuthedRequest) -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    return list(CoefficientSet.objects.all())


@router.get("/coefficient-sets/{set_id}", response=CoefficientSetOut)
def get_coefficient_set(request: AuthedRequest, set_id: int) -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    return get_object_or_404(CoefficientSet, pk=set_id)


# ---------------------------------------------------------------- water-saving units

class WaterSavingOut(Schema):
    agency_id: int
    agency_name: str
    region_code: str
    level: str
    status: str
    tiered_metering: bool = False
    fixtures_all_saving: bool = False
    named_manager: str = ""
    ledger: bool = False
    yearly_plan: bool = False
    balance_test: bool = False
    balance_test_date: dt.date | None = None
    evidence: str = ""
    accepted_on: dt.date | None = None
    accepted_doc: str = ""
    unmet: list[str] = []


def _water_out(agency: Agency) -> dict[str, Any]:
    unit: WaterSavingUnit | None = getattr(agency, "water_saving", None)
    out: dict[str, Any] = {"agency_id": agency.pk, "agency_name": agency.name,
                           "region_code": agency.region.code, "level": agency.level,
                           "status": unit.status if unit else "none"}
    if unit is not None:
        out.update({k: getattr(unit, k) for k in (*actions.CHECKLIST_FIELDS, "accepted_on",
                                                  "accepted_doc")})
    out["unmet"] = actions.unmet_criteria(unit or WaterSavingUnit(agency=agency))
    return out


class WaterChecklistIn(Schema):
    tiered_metering: bool = False
    fixtures_all_saving: bool = False
    named_manager: str = Field("", max_length=50)
    ledger: bool = False
    yearly_plan: bool = False
    balance_test: bool = False
    balance_test_date: dt.date | None = None
    evidence: str = Field("", max_length=5000)


def _refuse_bad_filters(form: Any) -> None:
    """A filter the list form refuses is a 422 naming it (as the other energy lists do),
    not a silently empty or unfiltered list."""
    if form.errors:
        raise ValidationError({k: "；".join(str(e) for e in v) for k, v in form.errors.items()})


@router.get("/water-saving", response=list[WaterSavingOut])
@paginate(Pagination, page_size=100)
def list_water_saving(request: AuthedRequest, q: str = "", region: IdQuery = None, status: str = "",
                      level: str = "") -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    agencies, form, _ = institutions_for(request.user, {"q": q, "region": region or "",
                                                        "status": status, "level": level})
    _refuse_bad_filters(form)
    return _Mapped(agencies, _water_out)


class _Mapped:
    """A queryset the paginator counts and slices, each row mapped after slicing (never the
    whole province's institutions built at once)."""

    def __init__(self, qs: Any, fn: Any) -> None:
        self.qs, self.fn = qs, fn

    def __len__(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, s: slice) -> list[Any]:
        return [self.fn(a) for a in self.qs[s]]


def _agency(request: AuthedRequest, agency_id: int) -> Agency:
    agency: Agency = get_object_or_404(
        Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY)
        .select_related("region", "water_saving"), pk=agency_id)
    return agency


@router.get("/water-saving/{agency_id}", response=WaterSavingOut)
def get_water_saving(request: AuthedRequest, agency_id: int) -> Any:
    return _water_out(_agency(request, agency_id))


@router.put("/water-saving/{agency_id}", response=WaterSavingOut)
def save_water_checklist(request: AuthedRequest, agency_id: int, payload: WaterChecklistIn) -> Any:
    agency = _agency(request, agency_id)
    require(request.user, Perm.REPORT_ENERGY, agency)
    actions.water_saving_save(agency=agency, data=payload.model_dump(), actor=request.user)
    return _water_out(_agency(request, agency_id))


# ---------------------------------------------------------------- contracts

class PeriodOut(Schema):
    label: str
    start: dt.date
    end: dt.date
    months: int
    reported: int
    expected_kgce: Decimal | None = None
    actual_kgce: Decimal | None = None
    saved_kgce: Decimal | None = None
    rate_pct: Decimal | None = None
    provider_share_kgce: Decimal | None = None
    guarantee_kgce: Decimal | None = None
    guarantee_met: bool | None = None


class ContractOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    name: str
    contract_type: str
    provider: str
    provider_credit_code: str
    start_date: dt.date
    end_date: dt.date
    baseline_start: dt.date
    baseline_end: dt.date
    baseline_kgce: Decimal | None
    measurement: str
    sharing_ratio: Decimal | None
    guaranteed_kgce: Decimal | None
    contract_amount: Decimal | None


class ContractDetailOut(ContractOut):
    baseline_total_kgce: Decimal | None = None
    baseline_months: int = 0
    baseline_computed: bool = False
    baseline_problem: str = ""
    years: list[PeriodOut] = []
    months: list[PeriodOut] = []


def _period_out(row: queries.PeriodRow) -> dict[str, Any]:
    s = row.savings
    return {"label": row.label, "start": row.start, "end": row.end, "months": row.months,
            "reported": row.reported, "guarantee_kgce": row.guarantee,
            "guarantee_met": row.guarantee_met,
            "expected_kgce": s.baseline if s else None, "actual_kgce": s.actual if s else None,
            "saved_kgce": s.saved if s else None, "rate_pct": s.rate if s else None,
            "provider_share_kgce": s.provider_share if s else None}


@router.get("/contracts", response=list[ContractOut])
@paginate(Pagination, page_size=100)
def list_contracts(request: AuthedRequest, q: str = "", region: IdQuery = None,
                   contract_type: str = "") -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    qs, form = contracts_for(request.user, {"q": q, "region": region or "",
                                            "contract_type": contract_type})
    _refuse_bad_filters(form)
    return qs


@router.get("/contracts/{contract_id}", response=ContractDetailOut)
def get_contract(request: AuthedRequest, contract_id: int) -> Any:
    contract = get_object_or_404(EnergyContract.objects.visible_to(request.user)
                                 .select_related("agency"), pk=contract_id)
    s = queries.contract_savings(contract)
    # The savings ride on the instance, so the schema reads the contract's own fields
    # (and "agency.name") the same way as the list does.
    extra = {"baseline_total_kgce": s.baseline.total, "baseline_months": s.baseline.months,
             "baseline_computed": s.baseline.computed, "baseline_problem": s.baseline.problem,
             "years": [_period_out(r) for r in s.years],
             "months": [_period_out(r) for r in s.months]}
    for key, value in extra.items():
        setattr(contract, key, value)
    return contract


# ---------------------------------------------------------------- garbage sorting

class SortingSiteOut(Schema):
    id: int
    kind: str
    agency_id: int | None
    name: str
    region_code: str = Field(alias="region.code")
    since: dt.date
    ended_on: dt.date | None
    note: str


class SortingSiteIn(Schema):
    kind: str
    agency_credit_code: str = Field("", max_length=20)
    name: str = Field("", max_length=100)
    region_code: str = Field("", max_length=12)
    since: dt.date
    note: str = Field("", max_length=200)


class EndIn(Schema):
    ended_on: dt.date


@router.get("/sorting-sites", response=list[SortingSiteOut])
@paginate(Pagination, page_size=100)
def list_sorting_sites(request: AuthedRequest, q: str = "", region: IdQuery = None, kind: str = "",
                       current: str = "") -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    qs, form, _ = sorting_sites_for(request.user, {"q": q, "region": region or "",
                                                   "kind": kind, "current": current})
    _refuse_bad_filters(form)
    return qs


def _site(request: AuthedRequest, site_id: int) -> GarbageSortingSite:
    site: GarbageSortingSite = get_object_or_404(
        GarbageSortingSite.objects.visible_to(request.user).select_related("region"),
        pk=site_id)
    return site


@router.get("/sorting-sites/{site_id}", response=SortingSiteOut)
def get_sorting_site(request: AuthedRequest, site_id: int) -> Any:
    return _site(request, site_id)


@router.post("/sorting-sites", response={201: SortingSiteOut})
def create_sorting_site(request: AuthedRequest, payload: SortingSiteIn) -> Any:
    require(request.user, Perm.REPORT_ENERGY)
    data: dict[str, Any] = {"kind": payload.kind, "name": payload.name.strip(),
                            "since": payload.since, "note": payload.note, "agency": None,
                            "region": None}
    if payload.kind == SortingSiteKind.INSTITUTION:
        code = normalize_credit_code(payload.agency_credit_code)
        data["agency"] = Agency.objects.visible_to(request.user, Perm.REPORT_ENERGY).filter(
            credit_code=code).first() if code else None
        if data["agency"] is None:
            raise ValidationError({"agency_credit_code":
                                   "未找到该信用代码的单位（或不在您的权限范围内）"})
    elif payload.kind == SortingSiteKind.COMPOUND:
        region = Region.objects.filter(code=payload.region_code.strip()).first()
        if region is None or not sees_whole_region(request.user, Perm.REPORT_ENERGY, region):
            raise ValidationError({"region_code": f"区划代码“{payload.region_code}”不存在或"
                                                  "不在您的权限范围内"})
        data["region"] = region
    else:
        raise ValidationError({"kind": "类别应为 institution（公共机构）或 compound（居住小区）"})
    return 201, actions.sorting_site_save(site=None, data=data, actor=request.user)


@router.post("/sorting-sites/{site_id}/end", response=SortingSiteOut)
def end_sorting_site(request: AuthedRequest, site_id: int, payload: EndIn) -> Any:
    site = _site(request, site_id)
    require(request.user, Perm.REPORT_ENERGY, site)
    return actions.sorting_site_end(site=site, ended_on=payload.ended_on, actor=request.user)
