"""/api/v1/energy/: quota breaches (list, detail, explain, review) and quotas (list, set),
through the same querysets and actions as the pages. Out of scope 404, missing permission
403, refused input 422 in Chinese."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.types import AuthedRequest
from jiguan.energy.models import QuotaBreach
from jiguan.energy.targets import actions
from jiguan.energy.targets.forms import breaches_for, quotas_for
from jiguan.orgs.models import Agency

router = Router(tags=["公共机构节能"])

YearQuery = Annotated[int | None, Query(None, ge=2000, le=2100)]
RegionQuery = Annotated[str, Query("", max_length=12)]


class BreachOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    region_code: str = Field(alias="agency.region.code")
    year: int
    kind: str
    quota: Decimal
    actual: Decimal
    status: str
    explanation: str
    explained_at: dt.datetime | None
    reviewed_note: str


class ExplainIn(Schema):
    explanation: str = Field(max_length=2000)


class ReviewIn(Schema):
    accept: bool
    note: str = Field("", max_length=300)


class QuotaOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    credit_code: str = Field(alias="agency.credit_code")
    year: int
    kgce_quota: Decimal
    water_quota: Decimal | None


class QuotaIn(Schema):
    agency_id: int = Field(ge=1, le=2**63 - 1)
    year: int = Field(ge=2000, le=2100)
    kgce_quota: Decimal = Field(max_digits=16, decimal_places=2)
    water_quota: Decimal | None = Field(None, max_digits=14, decimal_places=2)


def _breach(request: AuthedRequest, breach_id: int) -> QuotaBreach:
    return get_object_or_404(QuotaBreach.objects.visible_to(request.user).select_related(
        "agency", "agency__region"), pk=breach_id)


@router.get("/breaches", response=list[BreachOut])
@paginate(Pagination, page_size=100)
def list_breaches(request: AuthedRequest, region: RegionQuery = "", year: YearQuery = None,
                  status: str = "", kind: str = "", agency: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    params = {"region": region, "year": year or "", "status": status, "kind": kind,
              "agency": agency or ""}
    breaches, form = breaches_for(request.user, params)
    if form.errors:
        raise ValidationError({k: "；".join(str(e) for e in v) for k, v in form.errors.items()})
    return breaches


@router.get("/breaches/{breach_id}", response=BreachOut)
def get_breach(request: AuthedRequest, breach_id: int) -> Any:
    return _breach(request, breach_id)


@router.post("/breaches/{breach_id}/explain", response=BreachOut)
def explain_breach(request: AuthedRequest, breach_id: int, payload: ExplainIn) -> Any:
    breach = _breach(request, breach_id)
    require(request.user, Perm.REPORT_ENERGY, breach)
    return actions.breach_explain(breach=breach, explanation=payload.explanation,
                                 actor=request.user)


@router.post("/breaches/{breach_id}/review", response=BreachOut)
def review_breach(request: AuthedRequest, breach_id: int, payload: ReviewIn) -> Any:
    breach = _breach(request, breach_id)
    require(request.user, Perm.MANAGE_ENERGY, breach)
    return actions.breach_review(breach=breach, accept=payload.accept, note=payload.note,
                                actor=request.user)


@router.get("/quotas", response=list[QuotaOut])
@paginate(Pagination, page_size=100)
def list_quotas(request: AuthedRequest, region: RegionQuery = "", year: YearQuery = None,
                agency: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_ENERGY)
    qs, form = quotas_for(request.user, {"region": region, "year": year or "",
                                         "agency": agency or ""})
    if form.errors:
        raise ValidationError({k: "；".join(str(e) for e in v) for k, v in form.errors.items()})
    return qs


@router.put("/quotas", response=QuotaOut)
def set_quota(request: AuthedRequest, payload: QuotaIn) -> Any:
    agency = get_object_or_404(Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY)
                               .select_related("region"), pk=payload.agency_id)
    require(request.user, Perm.MANAGE_ENERGY, agency)
    quota = actions.quota_set(agency=agency, year=payload.year, actor=request.user,
                             data={"kgce_quota": payload.kgce_quota,
                                   "water_quota": payload.water_quota})
    quota.refresh_from_db()  # the stored, rounded values
    return quota
