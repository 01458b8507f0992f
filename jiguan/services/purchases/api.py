"""/api/v1/services/purchases: the purchases through the same forms, queries and actions as
the pages; each step a POST through core's StepEndpoints. Out of scope answers 404, a
refused write 422 with the field's Chinese message."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.services.catalogue.models import ServiceItem
from jiguan.services.purchases import actions, queries
from jiguan.services.purchases.forms import (
    ContractForm,
    FiguresForm,
    NoteForm,
    ProcureForm,
    PublishContractForm,
    PurchaseForm,
    StartForm,
)
from jiguan.services.purchases.models import Purchase

router = Router(tags=["后勤服务"])


class ServicesPurchaseLineOut(Schema):
    item_code: str = Field(alias="item.code")
    item_name: str = Field(alias="item.name")
    unit: str = Field(alias="item.unit")
    quantity: Decimal
    unit_price: Decimal | None


class ServicesContractOut(Schema):
    contract_no: str
    price: Decimal
    signed_on: dt.date
    start_date: dt.date
    end_date: dt.date
    long_term_reason: str
    published_on: dt.date | None
    settlement: str
    pay_excellent: Decimal
    pay_good: Decimal
    pay_pass: Decimal
    pay_fail: Decimal


class ServicesPurchaseOut(Schema):
    id: int
    year: int
    title: str
    agency_id: int
    agency: str = Field(alias="agency.name")
    region_code: str = Field(alias="agency.region.code")
    category: str = Field(alias="category.name")
    budget_line: str
    budget_amount: Decimal
    method: str
    status: str
    supplier_id: int | None
    procured_on: dt.date | None
    service_started_on: dt.date | None


class ServicesPurchaseDetailOut(ServicesPurchaseOut):
    lines: list[ServicesPurchaseLineOut]
    contract: ServicesContractOut | None

    @staticmethod
    def resolve_lines(obj: Purchase) -> list[Any]:
        return list(obj.lines.select_related("item"))

    @staticmethod
    def resolve_contract(obj: Purchase) -> Any:
        return getattr(obj, "contract", None)


class ServicesPurchaseLineIn(Schema):
    item_code: str = Field(min_length=1, max_length=10)
    quantity: Decimal | None = None
    unit_price: Decimal | None = None


class ServicesPurchaseIn(Schema):
    agency_id: int
    year: int
    title: str = ""
    budget_line: str = ""
    budget_amount: Decimal | None = None
    method: str = ""
    note: str = ""
    lines: list[ServicesPurchaseLineIn] = Field(default_factory=list, max_length=200)


class ServicesProcureIn(Schema):
    supplier_id: int | None = None
    procured_on: dt.date | None = None


class ServicesContractIn(Schema):
    contract_no: str = ""
    price: Decimal | None = None
    signed_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    long_term_reason: str = ""
    published_on: dt.date | None = None
    settlement: str = "quarter"
    pay_excellent: Decimal = Decimal(100)
    pay_good: Decimal = Decimal(100)
    pay_pass: Decimal = Decimal(90)
    pay_fail: Decimal = Decimal(0)


class ServicesPublishContractIn(Schema):
    published_on: dt.date | None = None


class ServicesStartIn(Schema):
    started_on: dt.date | None = None


class ServicesNoteIn(Schema):
    note: str = ""


class ServicesFigureRowOut(Schema):
    name: str | None
    amount: Decimal
    count: int
    share: Decimal | None


class ServicesFiguresOut(Schema):
    year: int
    total: Decimal
    count: int
    competitive: Decimal
    competitive_share: Decimal | None
    top_share: Decimal | None
    hhi: Decimal | None
    scale: Decimal
    province_total: Decimal | None
    scale_share: Decimal | None
    by_region: list[ServicesFigureRowOut]
    by_category: list[ServicesFigureRowOut]
    by_method: list[ServicesFigureRowOut]
    by_supplier: list[ServicesFigureRowOut]


steps: StepEndpoints[Purchase] = StepEndpoints(load=queries.purchase_or_404, require=require)


def _data(payload: Schema) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in payload.dict().items()}


@router.get("/purchases", response=list[ServicesPurchaseOut])
@paginate(Pagination, page_size=100)
def list_purchases(request: Any, q: str = Query("", max_length=60),
                   year: int | None = Query(None, ge=2020, le=2100), status: str = "",
                   method: str = "", category: str = Query("", max_length=10),
                   region: str = Query("", max_length=12),
                   expiring: int | None = Query(None, ge=0, le=3650)) -> Any:
    """The purchases in the user's scope, with the page's filters."""
    require(request.user, Perm.VIEW_SERVICES)
    params = {"q": q, "year": year or "", "status": status, "method": method,
              "category": category, "region": region,
              "expiring": "" if expiring is None else expiring}
    rows, form = queries.purchases_for(request.user, params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return rows


@router.get("/purchases/figures", response=ServicesFiguresOut)
def purchase_figures(request: Any, year: int | None = Query(None, ge=2020, le=2100)) -> Any:
    """The year's figures: amount by region, category, method and supplier, the share
    bought competitively, the suppliers' concentration and the province's total against
    its yearly scale."""
    require(request.user, Perm.VIEW_SERVICES)
    d = valid(FiguresForm({"year": year or ""}))
    return queries.figures(request.user, d.get("year") or dt.date.today().year)


@router.get("/purchases/{purchase_id}", response=ServicesPurchaseDetailOut)
def get_purchase(request: Any, purchase_id: int) -> Any:
    return queries.purchase_or_404(request.user, purchase_id)


@router.post("/purchases", response={201: ServicesPurchaseDetailOut})
def create_purchase(request: Any, payload: ServicesPurchaseIn) -> Any:
    """Register a planned purchase. No budget, an item outside the buyer's catalogue or on
    the negative list, an ineligible buyer: 422 with the rule cited."""
    require(request.user, Perm.BUY_SERVICES)
    data = _data(payload)
    lines = data.pop("lines")
    codes = [line["item_code"] for line in lines]
    found = dict(ServiceItem.objects.filter(code__in=codes).values_list("code", "pk"))
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError({"lines": f"事项代码不存在：{'、'.join(missing)}"})
    data["agency"] = data.pop("agency_id")
    for n, line in enumerate(lines, start=1):
        data[f"item_{n}"] = found[line["item_code"]]
        data[f"quantity_{n}"] = line["quantity"]
        data[f"unit_price_{n}"] = line["unit_price"]
    form = PurchaseForm(data, agencies=queries.buyer_agencies(request.user),
                        slots=max(1, len(lines)))
    purchase = actions.purchase_create(data=valid(form), actor=request.user)
    return 201, queries.purchase_or_404(request.user, purchase.pk)


@router.post("/purchases/{purchase_id}/procure", response=ServicesPurchaseDetailOut)
def procure(request: Any, purchase_id: int, payload: ServicesProcureIn) -> Any:
    form = ProcureForm({"supplier": payload.supplier_id or "",
                        "procured_on": payload.procured_on or ""},
                       suppliers=queries.supplier_choices(request.user))
    return steps.run(request, purchase_id, Perm.BUY_SERVICES, form,
                     lambda p, d: actions.purchase_procure(
                         purchase=p, supplier=d["supplier"], procured_on=d["procured_on"],
                         actor=request.user))


@router.post("/purchases/{purchase_id}/contract", response=ServicesPurchaseDetailOut)
def contract(request: Any, purchase_id: int, payload: ServicesContractIn) -> Any:
    return steps.run(request, purchase_id, Perm.BUY_SERVICES, ContractForm(_data(payload)),
                     lambda p, d: actions.purchase_contract(purchase=p, data=d,
                                                            actor=request.user))


@router.post("/purchases/{purchase_id}/publish", response=ServicesPurchaseDetailOut)
def publish(request: Any, purchase_id: int, payload: ServicesPublishContractIn) -> Any:
    return steps.run(request, purchase_id, Perm.BUY_SERVICES,
                     PublishContractForm(_data(payload)),
                     lambda p, d: actions.contract_publish(
                         purchase=p, published_on=d["published_on"], actor=request.user))


@router.post("/purchases/{purchase_id}/start", response=ServicesPurchaseDetailOut)
def start(request: Any, purchase_id: int, payload: ServicesStartIn) -> Any:
    return steps.run(request, purchase_id, Perm.BUY_SERVICES, StartForm(_data(payload)),
                     lambda p, d: actions.purchase_start(purchase=p, started_on=d["started_on"],
                                                         actor=request.user))


@router.post("/purchases/{purchase_id}/evaluate", response=ServicesPurchaseDetailOut)
def evaluate(request: Any, purchase_id: int, payload: ServicesNoteIn) -> Any:
    return steps.run(request, purchase_id, Perm.BUY_SERVICES, NoteForm(_data(payload)),
                     lambda p, d: actions.purchase_evaluate(purchase=p, note=d["note"],
                                                            actor=request.user))


@router.post("/purchases/{purchase_id}/close", response=ServicesPurchaseDetailOut)
def close(request: Any, purchase_id: int, payload: ServicesNoteIn) -> Any:
    return steps.run(request, purchase_id, Perm.BUY_SERVICES, NoteForm(_data(payload)),
                     lambda p, d: actions.purchase_close(purchase=p, note=d["note"],
                                                         actor=request.user))
