"""/api/v1/services/: inspections, surveys and evaluations through the same queries and
actions as the pages. Out of scope answers 404, a refused write 422. Defect photos are
uploaded on the scoring page (multipart), not through this JSON API."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can, holds_role, require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.services.catalogue.models import Supplier
from jiguan.services.inspections import actions, queries
from jiguan.services.inspections.forms import RectifyForm, SubmitForm
from jiguan.services.inspections.models import Evaluation, Inspection, Survey
from jiguan.services.inspections.rules import ScoreEntry
from jiguan.services.purchases.models import Contract, Purchase
from jiguan.services.standards.models import ServiceStandard

router = Router(tags=["后勤服务"])


class ServicesScoreOut(Schema):
    item_id: int
    no: int = Field(alias="item.no")
    aspect: str = Field(alias="item.aspect")
    weight: Decimal = Field(alias="item.weight")
    defects: int
    score: Decimal
    note: str


class ServicesInspectionOut(Schema):
    id: int
    supplier_id: int
    supplier: str = Field(alias="supplier.name")
    agency_id: int
    agency: str = Field(alias="agency.name")
    standard_id: int
    period: str
    place: str
    inspected_on: dt.date
    status: str
    total: Decimal | None
    full_marks: Decimal


class ServicesInspectionDetailOut(ServicesInspectionOut):
    note: str
    scores: list[ServicesScoreOut]

    @staticmethod
    def resolve_scores(obj: Inspection) -> list[Any]:
        return list(obj.scores.select_related("item").order_by("item__no"))


class ServicesInspectionIn(Schema):
    supplier_id: int = Field(ge=1, le=2**31 - 1)
    agency_id: int = Field(ge=1, le=2**31 - 1)
    standard_id: int = Field(ge=1, le=2**31 - 1)
    period: str = Field(min_length=7, max_length=7)
    place: str = Field(min_length=1, max_length=80)
    inspected_on: dt.date


class ServicesScoreIn(Schema):
    item_id: int = Field(ge=1, le=2**31 - 1)
    defects: int = Field(0, ge=0, le=999)
    score: Decimal | None = Field(None, max_digits=5, decimal_places=1)
    note: str = Field("", max_length=300)


class ServicesScoresIn(Schema):
    scores: list[ServicesScoreIn] = Field(min_length=1, max_length=200)


class ServicesInspectionNoteIn(Schema):
    note: str = Field("", max_length=400)


class ServicesSurveyItemOut(Schema):
    no: int
    text: str
    answers: int
    mean: Decimal | None
    percent: Decimal | None


class ServicesSurveyOut(Schema):
    id: int
    supplier: str = Field(alias="supplier.name")
    agency: str = Field(alias="agency.name")
    period: str
    title: str
    public: bool
    closes_on: dt.date
    closed: bool


class ServicesSurveyDetailOut(ServicesSurveyOut):
    responses: int
    results: list[ServicesSurveyItemOut]

    @staticmethod
    def resolve_responses(obj: Survey) -> int:
        return obj.responses.count()

    @staticmethod
    def resolve_results(obj: Survey) -> list[dict[str, Any]]:
        return [{"no": r["item"].no, "text": r["item"].text, "answers": r["n"],
                 "mean": r["mean"], "percent": r["percent"]}
                for r in queries.survey_results(obj)]


class ServicesSurveyIn(Schema):
    supplier_id: int = Field(ge=1, le=2**31 - 1)
    agency_id: int = Field(ge=1, le=2**31 - 1)
    period: str = Field(min_length=7, max_length=7)
    title: str = Field(min_length=1, max_length=120)
    public: bool = True
    closes_on: dt.date
    items: list[str] = Field(default_factory=list, max_length=30)
    respondents: int = Field(0, ge=0, le=5000)


class ServicesEvaluationOut(Schema):
    id: int
    contract_id: int | None
    supplier: str = Field(alias="supplier.name")
    agency: str = Field(alias="agency.name")
    period: str
    inspection_score: Decimal | None
    inspection_count: int
    satisfaction_score: Decimal | None
    response_count: int
    inspection_weight: int
    satisfaction_weight: int
    total: Decimal
    grade: str
    amount: Decimal
    pay_percent: Decimal
    payable: Decimal
    pay_rule: str
    status: str
    rectification_note: str


class ServicesEvaluationIn(Schema):
    contract_id: int = Field(ge=1, le=2**31 - 1)
    period: str = Field(min_length=7, max_length=7)
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


def _supplier(user: Any, pk: int) -> Any:
    return visible_or_404(Supplier.objects, user, Perm.VIEW_SERVICES, pk=pk)


def _agency(user: Any, pk: int, perm: Perm) -> Any:
    return visible_or_404(Agency.objects.select_related("region"), user, perm, pk=pk)


def inspection_or_404(user: Any, pk: int) -> Inspection:
    return visible_or_404(Inspection.objects.select_related("supplier", "agency",
                                                            "agency__region", "standard"),
                          user, pk=pk)


def survey_or_404(user: Any, pk: int) -> Survey:
    return visible_or_404(Survey.objects.select_related("supplier", "agency", "agency__region"),
                          user, pk=pk)


def evaluation_or_404(user: Any, pk: int) -> Evaluation:
    return visible_or_404(Evaluation.objects.select_related("supplier", "agency",
                                                            "agency__region"), user, pk=pk)


inspection_steps: StepEndpoints[Inspection] = StepEndpoints(load=inspection_or_404,
                                                            require=require)
survey_steps: StepEndpoints[Survey] = StepEndpoints(load=survey_or_404, require=require)
evaluation_steps: StepEndpoints[Evaluation] = StepEndpoints(load=evaluation_or_404,
                                                            require=require)


@router.get("/inspections", response=list[ServicesInspectionOut])
@paginate(Pagination, page_size=100)
def list_inspections(request: Any, q: str = "", period: str = "", status: str = "") -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    rows, _ = queries.inspections_for(request.user,
                                      {"q": q, "period": period, "status": status})
    return rows


@router.get("/inspections/{inspection_id}", response=ServicesInspectionDetailOut)
def get_inspection(request: Any, inspection_id: int) -> Any:
    return inspection_or_404(request.user, inspection_id)


@router.post("/inspections", response={201: ServicesInspectionOut})
def start_inspection(request: Any, payload: ServicesInspectionIn) -> Any:
    require(request.user, Perm.INSPECT_SERVICES)
    agency = _agency(request.user, payload.agency_id, Perm.INSPECT_SERVICES)
    standard = ServiceStandard.objects.filter(pk=payload.standard_id).first()
    if standard is None:
        raise ValidationError({"standard_id": "服务标准不存在"})
    return 201, actions.inspection_start(
        supplier=_supplier(request.user, payload.supplier_id), agency=agency,
        standard=standard, period=payload.period, place=payload.place,
        inspected_on=payload.inspected_on, actor=request.user)


@router.post("/inspections/{inspection_id}/scores", response=ServicesInspectionDetailOut)
def score_inspection(request: Any, inspection_id: int, payload: ServicesScoresIn) -> Any:
    entries = [ScoreEntry(item_id=s.item_id, defects=s.defects, score=s.score, note=s.note)
               for s in payload.scores]
    return inspection_steps.run(
        request, inspection_id, Perm.INSPECT_SERVICES, None,
        lambda i, d: actions.inspection_score(inspection=i, entries=entries,
                                              actor=request.user))


@router.post("/inspections/{inspection_id}/submit", response=ServicesInspectionDetailOut)
def submit_inspection(request: Any, inspection_id: int, payload: ServicesInspectionNoteIn) -> Any:
    return inspection_steps.run(
        request, inspection_id, Perm.INSPECT_SERVICES, SubmitForm(payload.dict()),
        lambda i, d: actions.inspection_submit(inspection=i, note=d["note"],
                                               actor=request.user))


@router.get("/surveys", response=list[ServicesSurveyOut])
@paginate(Pagination, page_size=100)
def list_surveys(request: Any, q: str = "", period: str = "") -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    rows, _ = queries.surveys_for(request.user, {"q": q, "period": period})
    return rows


@router.get("/surveys/{survey_id}", response=ServicesSurveyDetailOut)
def get_survey(request: Any, survey_id: int) -> Any:
    return survey_or_404(request.user, survey_id)


@router.post("/surveys", response={201: ServicesSurveyOut})
def create_survey(request: Any, payload: ServicesSurveyIn) -> Any:
    require(request.user, Perm.MANAGE_SERVICES)
    agency = _agency(request.user, payload.agency_id, Perm.MANAGE_SERVICES)
    return 201, actions.survey_create(
        supplier=_supplier(request.user, payload.supplier_id), agency=agency,
        period=payload.period, title=payload.title, public=payload.public,
        closes_on=payload.closes_on, items=payload.items, respondents=payload.respondents,
        actor=request.user)


@router.post("/surveys/{survey_id}/close", response=ServicesSurveyDetailOut)
def close_survey(request: Any, survey_id: int) -> Any:
    return survey_steps.run(request, survey_id, Perm.MANAGE_SERVICES, None,
                            lambda s, d: actions.survey_close(survey=s, actor=request.user))


@router.get("/evaluations", response=list[ServicesEvaluationOut])
@paginate(Pagination, page_size=100)
def list_evaluations(request: Any, q: str = "", period: str = "", grade: str = "") -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    rows, _ = queries.evaluations_for(request.user, {"q": q, "period": period,
                                                     "grade": grade})
    return rows


@router.get("/evaluations/{evaluation_id}", response=ServicesEvaluationOut)
def get_evaluation(request: Any, evaluation_id: int) -> Any:
    return evaluation_or_404(request.user, evaluation_id)


@router.post("/evaluations", response={201: ServicesEvaluationOut})
def create_evaluation(request: Any, payload: ServicesEvaluationIn) -> Any:
    require(request.user, Perm.MANAGE_SERVICES)
    purchases = Purchase.objects.visible_to(request.user, Perm.MANAGE_SERVICES)
    contract = visible_contract(purchases, payload.contract_id)
    return 201, actions.evaluation_of_contract(
        contract=contract, period=payload.period, amount=payload.amount, actor=request.user)


def visible_contract(purchases: Any, pk: int) -> Contract:
    found = (Contract.objects.filter(pk=pk, purchase__in=purchases.values("pk"))
             .select_related("purchase", "purchase__supplier", "purchase__agency").first())
    if found is None:
        raise Http404
    return found


def _rectifier(user: Any, ev: Evaluation) -> None:
    if can(user, Perm.MANAGE_SERVICES, ev):
        return
    if holds_role(user, Role.SUPPLIER_CONTACT) and can(user, Perm.VIEW_SERVICES, ev):
        return
    require(user, Perm.MANAGE_SERVICES, ev)


@router.post("/evaluations/{evaluation_id}/rectify", response=ServicesEvaluationOut)
def rectify_evaluation(request: Any, evaluation_id: int, payload: ServicesInspectionNoteIn) -> Any:
    return evaluation_steps.run(
        request, evaluation_id, _rectifier, RectifyForm(payload.dict()),
        lambda e, d: actions.evaluation_rectified(evaluation=e, note=d["note"],
                                                  actor=request.user))
