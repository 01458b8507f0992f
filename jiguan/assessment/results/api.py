"""/api/v1/assessment/: schemes, a bureau's scores, the ranking, and the steps of the
self-evaluation, review and appeal, through the same queries and actions as the pages.
Out of scope 404, no permission 403, refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.assessment.results import actions, queries
from jiguan.assessment.results.forms import AppealForm, ReviewForm
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints

router = Router(tags=["年度考核"])


class AssessmentSchemeOut(Schema):
    id: int
    region_id: int
    year: int
    title: str
    status: str
    self_eval_due: dt.date
    review_due: dt.date
    appeal_due: dt.date | None


class AssessmentScoreOut(Schema):
    id: int
    indicator_id: int
    indicator: str = Field(alias="indicator.name")
    kind: str = Field(alias="indicator.kind")
    weight: Decimal = Field(alias="indicator.weight")
    value: Decimal | None
    reading: dict[str, Any]
    computed_score: Decimal | None
    formula: str
    self_score: Decimal | None
    self_note: str
    review_score: Decimal | None
    review_note: str
    final_score: Decimal | None


class AssessmentOut(Schema):
    id: int
    scheme_id: int
    region_id: int
    region: str = Field(alias="region.name")
    status: str
    total: Decimal | None
    rank: int | None
    group_scores: dict[str, str]


class AssessmentDetailOut(AssessmentOut):
    scores: list[AssessmentScoreOut]

    @staticmethod
    def resolve_scores(obj: Any) -> Any:
        return queries.scores_of(obj)


class AssessmentSelfIn(Schema):
    points: Decimal | None = Field(None, max_digits=6, decimal_places=2)
    note: str = Field("", max_length=5000)


class AssessmentReviewIn(Schema):
    agree: bool
    points: Decimal | None = Field(None, max_digits=6, decimal_places=2)
    reason: str = Field("", max_length=5000)


class AssessmentAppealIn(Schema):
    reason: str = Field(max_length=5000)


def _score(user: Any, pk: int) -> Any:
    return queries.score_or_404(user, pk)


def _self_check(user: Any, score: Any) -> None:
    problem = actions.self_problem(user, score.assessment)
    if problem:
        raise PermissionDenied(problem)


def _manage_check(user: Any, score: Any) -> None:
    require(user, Perm.MANAGE_ASSESSMENT, score.assessment.scheme)


scores = StepEndpoints(load=_score, require=require)


@router.get("/schemes", response=list[AssessmentSchemeOut])
@paginate(Pagination, page_size=100)
def list_schemes(request: Any) -> Any:
    require(request.user, Perm.VIEW_ASSESSMENT)
    return queries.schemes_for(request.user)


@router.get("/schemes/{scheme_id}", response=AssessmentSchemeOut)
def get_scheme(request: Any, scheme_id: int) -> Any:
    return queries.scheme_or_404(request.user, scheme_id)


@router.get("/schemes/{scheme_id}/assessments", response=list[AssessmentOut])
@paginate(Pagination, page_size=100)
def list_assessments(request: Any, scheme_id: int) -> Any:
    scheme = queries.scheme_or_404(request.user, scheme_id)
    return queries.assessments_seen(request.user, scheme).order_by("rank", "region__code")


@router.get("/assessments/{assessment_id}", response=AssessmentDetailOut)
def get_assessment(request: Any, assessment_id: int) -> Any:
    return queries.assessment_or_404(request.user, assessment_id)


@router.post("/scores/{score_id}/self", response=AssessmentScoreOut)
def self_evaluate(request: Any, score_id: int, payload: AssessmentSelfIn) -> Any:
    return scores.run(request, score_id, _self_check, None,
                      lambda s, _d: actions.self_evaluate(score=s, points=payload.points,
                                                          note=payload.note,
                                                          actor=request.user))


@router.post("/scores/{score_id}/review", response=AssessmentScoreOut)
def review_score(request: Any, score_id: int, payload: AssessmentReviewIn) -> Any:
    form = ReviewForm({"agree": "1" if payload.agree else "0",
                       "points": "" if payload.points is None else str(payload.points),
                       "reason": payload.reason})
    return scores.run(request, score_id, _manage_check, form,
                      lambda s, d: actions.review(score=s, agree=d["agree"],
                                                  points=d.get("points"),
                                                  reason=d.get("reason") or "",
                                                  actor=request.user))


@router.post("/scores/{score_id}/appeal", response={201: AssessmentScoreOut})
def appeal(request: Any, score_id: int, payload: AssessmentAppealIn) -> Any:
    def act(s: Any, d: dict[str, Any]) -> Any:
        actions.appeal_file(score=s, reason=d["reason"], actor=request.user)
        return s

    return 201, scores.run(request, score_id, _self_check, AppealForm(payload.dict()), act)
