"""/api/v1/services/: the catalogues, the negative list, reference prices and suppliers,
through the same queries and actions as the pages. Out of scope answers 404, a refused write
422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.scoping import visible_or_404
from jiguan.services.catalogue import actions, queries
from jiguan.services.catalogue.models import (
    Catalogue,
    NegativeEntry,
    ServiceItem,
    SupplierKind,
)

router = Router(tags=["后勤服务"])


class ServicesItemOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    category: str = Field(alias="category.name")


class ServicesCatalogueOut(Schema):
    id: int
    year: int
    title: str
    doc_no: str
    status: str
    published_on: dt.date | None
    region_code: str = Field(alias="region.code")
    parent_id: int | None


class ServicesCatalogueDetailOut(ServicesCatalogueOut):
    items: list[ServicesItemOut]

    @staticmethod
    def resolve_items(obj: Catalogue) -> list[ServiceItem]:
        return list(obj.items.select_related("category").order_by("code"))


class ServicesCatalogueIn(Schema):
    region_code: str = Field(min_length=6, max_length=12)
    year: int = Field(ge=2020, le=2100)
    title: str = Field(min_length=1, max_length=120)
    doc_no: str = Field("", max_length=60)


class ServicesNarrowIn(Schema):
    item_codes: list[str] = Field(min_length=1, max_length=500)


class ServicesPublishIn(Schema):
    doc_no: str | None = Field(None, max_length=60)
    on: dt.date | None = None


class ServicesNegativeOut(Schema):
    clause: str
    text: str
    keywords: str
    verified: bool
    source: str


class ServicesPriceOut(Schema):
    id: int
    year: int
    region_code: str = Field(alias="region.code")
    item_code: str = Field(alias="item.code")
    low: Decimal
    high: Decimal
    note: str


class ServicesPriceIn(Schema):
    region_code: str = Field(min_length=6, max_length=12)
    item_code: str = Field(min_length=1, max_length=10)
    year: int = Field(ge=2020, le=2100)
    low: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    high: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    note: str = Field("", max_length=200)


class ServicesSupplierOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    region_code: str = Field(alias="region.code")
    contact: str
    phone: str


class ServicesSupplierIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    credit_code: str = Field(min_length=1, max_length=40)
    kind: str
    region_code: str = Field(min_length=6, max_length=12)
    contact: str = Field("", max_length=40)
    phone: str = Field("", max_length=30)


def _region(user: Any, code: str) -> Any:
    return visible_or_404(Region.objects, user, Perm.MANAGE_SERVICES, code=code)


def _items(codes: list[str]) -> list[ServiceItem]:
    found = {i.code: i for i in ServiceItem.objects.filter(code__in=codes)
             .select_related("category")}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError({"item_codes": f"事项代码不存在：{'、'.join(missing)}"})
    return [found[c] for c in codes]


@router.get("/catalogues", response=list[ServicesCatalogueOut])
@paginate(Pagination, page_size=100)
def list_catalogues(request: Any, year: int | None = None, status: str = "") -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    rows, _ = queries.catalogues_for(request.user, {"year": year or "", "status": status})
    return rows


@router.get("/catalogues/{catalogue_id}", response=ServicesCatalogueDetailOut)
def get_catalogue(request: Any, catalogue_id: int) -> Any:
    c = visible_or_404(Catalogue.objects.select_related("region"), request.user,
                       pk=catalogue_id)
    return c


@router.post("/catalogues", response={201: ServicesCatalogueOut})
def create_catalogue(request: Any, payload: ServicesCatalogueIn) -> Any:
    require(request.user, Perm.MANAGE_SERVICES)
    region = _region(request.user, payload.region_code)
    return 201, actions.catalogue_create(region=region, year=payload.year, title=payload.title,
                                         doc_no=payload.doc_no, actor=request.user)


@router.post("/catalogues/{catalogue_id}/narrow", response=ServicesCatalogueOut)
def narrow_catalogue(request: Any, catalogue_id: int, payload: ServicesNarrowIn) -> Any:
    c = visible_or_404(Catalogue.objects.select_related("region", "parent"), request.user,
                       pk=catalogue_id)
    require(request.user, Perm.MANAGE_SERVICES, c)
    actions.catalogue_narrow(catalogue=c, items=_items(payload.item_codes), actor=request.user)
    return c


@router.post("/catalogues/{catalogue_id}/publish", response=ServicesCatalogueOut)
def publish_catalogue(request: Any, catalogue_id: int, payload: ServicesPublishIn) -> Any:
    c = visible_or_404(Catalogue.objects.select_related("region"), request.user,
                       pk=catalogue_id)
    require(request.user, Perm.MANAGE_SERVICES, c)
    return actions.catalogue_publish(catalogue=c, on=payload.on, doc_no=payload.doc_no,
                                     actor=request.user)


@router.get("/negative-list", response=list[ServicesNegativeOut])
def list_negative(request: Any) -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    return NegativeEntry.objects.all()


@router.get("/prices", response=list[ServicesPriceOut])
@paginate(Pagination, page_size=100)
def list_prices(request: Any, year: int | None = None, category: str = "") -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    rows, _ = queries.prices_for(request.user, {"year": year or "", "category": category})
    return rows


@router.post("/prices", response=ServicesPriceOut)
def set_price(request: Any, payload: ServicesPriceIn) -> Any:
    require(request.user, Perm.MANAGE_SERVICES)
    region = _region(request.user, payload.region_code)
    item = _items([payload.item_code])[0]
    return actions.price_set(region=region, item=item, year=payload.year, low=payload.low,
                             high=payload.high, note=payload.note, actor=request.user)


@router.get("/suppliers", response=list[ServicesSupplierOut])
@paginate(Pagination, page_size=100)
def list_suppliers(request: Any, q: str = "", kind: str = "") -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    rows, _ = queries.suppliers_for(request.user, {"q": q, "kind": kind})
    return rows


@router.post("/suppliers", response={201: ServicesSupplierOut})
def create_supplier(request: Any, payload: ServicesSupplierIn) -> Any:
    require(request.user, Perm.MANAGE_SERVICES)
    if payload.kind not in SupplierKind.values:
        raise ValidationError({"kind": f"主体类型应为：{'、'.join(SupplierKind.values)}"})
    region = _region(request.user, payload.region_code)
    data = payload.dict(exclude={"region_code"})
    return 201, actions.supplier_register(data=data, region=region, actor=request.user)
