"""/api/v1/governance/decisions: the major decisions through the same queries, forms and
actions as the pages (files are uploaded on the pages; the API lists their names). Out of
scope 404, no permission 403, refused 422 (the rule cited in the message)."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.api_steps import StepEndpoints
from jiguan.core.scoping import visible_or_404
from jiguan.governance.decisions import actions, queries, rules
from jiguan.governance.decisions.forms import (
    DecideForm,
    DecisionForm,
    DiscussionForm,
    OpinionForm,
    StepForm,
)
from jiguan.governance.decisions.models import CatalogueItem, Decision, Discussion
from jiguan.orgs.models import Agency

router = Router(tags=["重大行政决策"])


class DecisionStepOut(Schema):
    kind: str
    status: str
    on: dt.date | None
    people: str
    outcome: str
    reason: str


class DiscussionOpinionOut(Schema):
    seq: int
    speaker: str
    position: str
    text: str


class DiscussionOut(Schema):
    id: int
    meeting: str
    held_on: dt.date
    chair: str
    attendees: str
    opinions: list[DiscussionOpinionOut] = Field(alias="opinion_list")


class DecisionOut(Schema):
    id: int
    title: str
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    region_code: str = Field(alias="agency.region.code")
    kind: str
    amount: Decimal | None
    catalogue_item_id: int | None
    sponsor: str
    status: str
    review_status: str | None = None
    review_id: int | None = None
    decided_on: dt.date | None
    decided_by: str
    result: str
    evaluate_on: dt.date | None


class DecisionDetailOut(DecisionOut):
    steps: list[DecisionStepOut] = Field(alias="step_list")
    discussions: list[DiscussionOut] = Field(alias="discussion_list")


class DecisionCatalogueOut(Schema):
    id: int
    region_code: str = Field(alias="region.code")
    year: int
    seq: int
    title: str
    kind: str
    sponsor: str


class DecisionIn(Schema):
    agency_id: int = Field(ge=1, le=2**62)
    title: str = Field(max_length=200)
    kind: str = Field(max_length=12)
    amount_wan: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    catalogue_item_id: int | None = Field(None, ge=1, le=2**62)
    sponsor: str = Field(max_length=100)
    summary: str = Field("", max_length=20000)


class DecisionStepIn(Schema):
    status: str = Field(max_length=4)
    on: dt.date | None = None
    people: str = Field("", max_length=300)
    outcome: str = Field("", max_length=20000)
    reason: str = Field("", max_length=300)


class DecisionReviewIn(Schema):
    materials: list[str] = Field(max_length=50)
    note: str = Field("", max_length=5000)


class DiscussionIn(Schema):
    meeting: str = Field(max_length=100)
    held_on: dt.date
    chair: str = Field(max_length=50)
    attendees: str = Field(max_length=500)
    absent: str = Field("", max_length=300)
    note: str = Field("", max_length=20000)


class DiscussionOpinionIn(Schema):
    speaker: str = Field(max_length=50)
    position: str = Field(max_length=10)
    text: str = Field("", max_length=5000)


class DecisionDecideIn(Schema):
    decided_on: dt.date
    decided_by: str = Field(max_length=50)
    result: str = Field(max_length=10)
    text: str = Field("", max_length=20000)
    evaluate_on: dt.date | None = None


def decision_or_404(user: Any, pk: int) -> Decision:
    found, _ = queries.decisions_for(user, {})
    try:
        return found.get(pk=pk)
    except (Decision.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def _detail(decision: Decision) -> Decision:
    decision.step_list = sorted(decision.steps.all(),  # type: ignore[attr-defined]
                                key=lambda s: rules.GENERIC_STEPS.index(s.kind)
                                if s.kind in rules.GENERIC_STEPS else 0)
    discussions = list(decision.discussions.prefetch_related("opinions"))
    for d in discussions:
        d.opinion_list = list(d.opinions.all())  # type: ignore[attr-defined]
    decision.discussion_list = discussions  # type: ignore[attr-defined]
    return decision


steps: StepEndpoints[Decision] = StepEndpoints(load=decision_or_404, require=require)


@router.get("/decisions", response=list[DecisionOut])
@paginate(Pagination, page_size=100)
def list_decisions(request: Any, q: str = "", region: IdQuery = None, year: int | None = None,
                   kind: str = "", status: str = "") -> Any:
    require(request.user, Perm.VIEW_DECISIONS)
    found, _ = queries.decisions_for(request.user, {
        "q": q[:100], "region": region or "", "year": year or "", "kind": kind,
        "status": status})
    return found


@router.get("/decisions/catalogue", response=list[DecisionCatalogueOut])
@paginate(Pagination, page_size=100)
def list_catalogue(request: Any, year: int | None = None) -> Any:
    require(request.user, Perm.VIEW_DECISIONS)
    return queries.catalogue_for(request.user, year if year and 2000 <= year <= 2100 else None)


@router.get("/decisions/{decision_id}", response=DecisionDetailOut)
def get_decision(request: Any, decision_id: int) -> Any:
    return _detail(decision_or_404(request.user, decision_id))


@router.post("/decisions", response={201: DecisionDetailOut})
def create_decision(request: Any, payload: DecisionIn) -> Any:
    require(request.user, Perm.MANAGE_DECISIONS)
    agencies = Agency.objects.visible_to(request.user, Perm.MANAGE_DECISIONS)
    visible_or_404(Agency.objects, request.user, Perm.MANAGE_DECISIONS, pk=payload.agency_id)
    form = DecisionForm({**payload.dict(exclude={"agency_id", "catalogue_item_id"}),
                         "agency": payload.agency_id,
                         "catalogue_item": payload.catalogue_item_id or ""},
                        agencies=agencies, items=CatalogueItem.objects.visible_to(request.user))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    decision = actions.decision_create(data=form.data_for_action(), actor=request.user)
    return 201, _detail(decision_or_404(request.user, decision.pk))


@router.post("/decisions/{decision_id}/steps/{kind}", response=DecisionDetailOut)
def record_step(request: Any, decision_id: int, kind: str, payload: DecisionStepIn) -> Any:
    if kind not in rules.GENERIC_STEPS:
        raise Http404
    return _detail(steps.run(
        request, decision_id, Perm.MANAGE_DECISIONS, StepForm(payload.dict(), kind=kind),
        lambda d, data: actions.step_record(
            decision=d, kind=kind, status=data["status"], on=data.get("on"),
            people=data.get("people", ""), outcome=data.get("outcome", ""),
            reason=data.get("reason", ""), actor=request.user)))


@router.post("/decisions/{decision_id}/review", response=DecisionDetailOut)
def submit_review(request: Any, decision_id: int, payload: DecisionReviewIn) -> Any:
    return _detail(steps.run(
        request, decision_id, Perm.MANAGE_DECISIONS, None,
        lambda d, _: actions.review_submit(decision=d,
                                           materials=[(m, None) for m in payload.materials],
                                           note=payload.note, actor=request.user)))


@router.post("/decisions/{decision_id}/discussion", response=DecisionDetailOut)
def open_discussion(request: Any, decision_id: int, payload: DiscussionIn) -> Any:
    return _detail(steps.run(
        request, decision_id, Perm.MANAGE_DECISIONS, DiscussionForm(payload.dict()),
        lambda d, data: actions.discussion_open(decision=d, actor=request.user, **data)))


@router.post("/decisions/{decision_id}/discussions/{discussion_id}/opinions",
             response=DecisionDetailOut)
def add_opinion(request: Any, decision_id: int, discussion_id: int,
                payload: DiscussionOpinionIn) -> Any:
    def act(d: Decision, data: dict[str, Any]) -> object:
        found = Discussion.objects.filter(decision=d, pk=discussion_id).first()
        if found is None:
            raise Http404
        return actions.opinion_add(discussion=found, actor=request.user, **data)

    return _detail(steps.run(request, decision_id, Perm.MANAGE_DECISIONS,
                             OpinionForm(payload.dict()), act))


@router.post("/decisions/{decision_id}/decide", response=DecisionDetailOut)
def decide(request: Any, decision_id: int, payload: DecisionDecideIn) -> Any:
    return _detail(steps.run(
        request, decision_id, Perm.MANAGE_DECISIONS, DecideForm(payload.dict()),
        lambda d, data: actions.decide(decision=d, actor=request.user, **data)))

