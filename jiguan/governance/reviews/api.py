"""/api/v1/governance/reviews: the legality reviews through the same queries and actions as
the pages (a subject's module submits: see decisions' API). Out of scope 404, no
permission 403, refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints
from jiguan.core.scoping import visible_or_404
from jiguan.governance.library.models import Rule
from jiguan.governance.reviews import actions, queries
from jiguan.governance.reviews.forms import ConcludeForm, OpinionForm
from jiguan.governance.reviews.models import Review

router = Router(tags=["合法性审查"])


class ReviewMaterialOut(Schema):
    seq: int
    title: str
    file_name: str | None = Field(None, alias="file.name")


class ReviewOpinionOut(Schema):
    seq: int
    item: str
    verdict: str
    reasoning: str
    articles: str
    rule_ids: list[int]


class ReviewOut(Schema):
    id: int
    subject_kind: str
    subject_id: int
    subject_title: str
    region_code: str = Field(alias="region.code")
    round: int
    submitted_on: dt.date
    due_on: dt.date
    status: str
    concluded_on: dt.date | None
    summary: str
    overdue: bool


class ReviewOpinionIn(Schema):
    item: str = Field(max_length=200)
    verdict: str = Field(max_length=10)
    reasoning: str = Field("", max_length=5000)
    rule_ids: list[int] = Field(default_factory=list, max_length=50)
    articles: str = Field("", max_length=200)


class ReviewConcludeIn(Schema):
    summary: str = Field("", max_length=5000)


def review_or_404(user: Any, pk: int) -> Review:
    review: Review = visible_or_404(Review.objects.select_related("region"), user, pk=pk)
    review.overdue = queries.is_overdue(review)  # type: ignore[attr-defined]
    return review


def _detail(review: Review) -> Review:
    review.materials_list = list(review.materials.select_related("file"))  # type: ignore[attr-defined]
    opinions = list(review.opinions.prefetch_related("rules"))
    for o in opinions:
        o.rule_ids = [r.pk for r in o.rules.all()]  # type: ignore[attr-defined]
    review.opinions_list = opinions  # type: ignore[attr-defined]
    return review


steps: StepEndpoints[Review] = StepEndpoints(load=review_or_404, require=require)


class ReviewDetailOut(ReviewOut):
    materials: list[ReviewMaterialOut] = Field(alias="materials_list")
    opinions: list[ReviewOpinionOut] = Field(alias="opinions_list")


@router.get("/reviews", response=list[ReviewOut])
@paginate(Pagination, page_size=100)
def list_reviews(request: Any, q: str = "", kind: str = "", status: str = "",
                 overdue: bool = False) -> Any:
    require(request.user, Perm.VIEW_REVIEWS)
    found, _ = queries.reviews_for(request.user, {
        "q": q[:100], "kind": kind, "status": status, "overdue": "on" if overdue else ""})
    return queries.with_overdue(found, dt.date.today())


@router.get("/reviews/{review_id}", response=ReviewDetailOut)
def get_review(request: Any, review_id: int) -> Any:
    return _detail(review_or_404(request.user, review_id))


def _opinion_form(user: Any, payload: ReviewOpinionIn) -> OpinionForm:
    rules = Rule.objects.visible_to(user)
    return OpinionForm({**payload.dict(exclude={"rule_ids"}), "rules": payload.rule_ids},
                       rules=rules)


@router.post("/reviews/{review_id}/opinions", response=ReviewDetailOut)
def add_opinion(request: Any, review_id: int, payload: ReviewOpinionIn) -> Any:
    review = steps.run(
        request, review_id, Perm.REVIEW_LEGALITY, _opinion_form(request.user, payload),
        lambda r, d: actions.opinion_add(review=r, item=d["item"], verdict=d["verdict"],
                                         reasoning=d.get("reasoning", ""),
                                         rules_cited=d.get("rules") or [],
                                         articles=d.get("articles", ""), actor=request.user))
    return _detail(review)


@router.post("/reviews/{review_id}/conclude", response=ReviewDetailOut)
def conclude(request: Any, review_id: int, payload: ReviewConcludeIn) -> Any:
    review = steps.run(
        request, review_id, Perm.REVIEW_LEGALITY, ConcludeForm(payload.dict()),
        lambda r, d: actions.review_conclude(review=r, summary=d.get("summary", ""),
                                             actor=request.user))
    return _detail(review)
