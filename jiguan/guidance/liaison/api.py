"""/api/v1/guidance/liaison: the liaison assignments, the visits and their issues through
the same queries, forms and actions as the pages. Out of scope 404, no permission 403,
refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.core.scoping import visible_or_404
from jiguan.guidance.liaison import actions, queries
from jiguan.guidance.liaison.forms import AnswerForm, AssignmentForm, IssueForm, VisitForm
from jiguan.guidance.liaison.models import Visit

router = Router(tags=["联系指导"])


class LiaisonAssignmentOut(Schema):
    id: int
    year: int
    leader_name: str
    leader_post: str
    leader_user_id: int | None
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")


class VisitIssueOut(Schema):
    id: int
    seq: int
    text: str
    status: str
    answer: str
    answered_by: str
    answered_on: dt.date | None


class VisitOut(Schema):
    id: int
    visited_on: dt.date
    leader_name: str
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    assignment_id: int | None
    topics: str


class VisitDetailOut(VisitOut):
    note: str
    issues: list[VisitIssueOut] = Field(alias="issue_list")


class LiaisonAssignmentIn(Schema):
    year: int = Field(ge=2000, le=2100)
    region_id: int = Field(ge=1, le=2**62)
    leader_user_id: int | None = Field(None, ge=1, le=2**62)
    leader_name: str = Field("", max_length=50)
    leader_post: str = Field("", max_length=100)
    note: str = Field("", max_length=300)


class VisitIn(Schema):
    region_id: int = Field(ge=1, le=2**62)
    visited_on: dt.date
    leader_name: str = Field(max_length=50)
    topics: str = Field(max_length=5000)
    issues: list[str] = Field(default_factory=list, max_length=100)
    note: str = Field("", max_length=20000)


class VisitIssueIn(Schema):
    text: str = Field(max_length=5000)


class VisitAnswerIn(Schema):
    answer: str = Field(max_length=5000)
    answered_on: dt.date
    answered_by: str = Field("", max_length=50)


def visit_or_404(user: Any, pk: int) -> Visit:
    visit = visible_or_404(Visit.objects.select_related("region"), user, pk=pk)
    visit.issue_list = list(visit.issues.all())
    return visit


steps: StepEndpoints[Visit] = StepEndpoints(load=visit_or_404, require=require)


def _regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.MANAGE_GUIDANCE).filter(
        level__in=("city", "county"))


@router.get("/liaison/assignments", response=list[LiaisonAssignmentOut])
@paginate(Pagination, page_size=100)
def list_liaison_assignments(request: Any, year: int | None = None, region: IdQuery = None,
                             leader: str = "") -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, _ = queries.assignments_for(request.user, {
        "year": year or "", "region": region or "", "leader": leader[:50]})
    return found


@router.post("/liaison/assignments", response={201: LiaisonAssignmentOut})
def create_liaison_assignment(request: Any, payload: LiaisonAssignmentIn) -> Any:
    require(request.user, Perm.MANAGE_GUIDANCE)
    visible_or_404(Region.objects, request.user, Perm.MANAGE_GUIDANCE, pk=payload.region_id)
    form = AssignmentForm({**payload.dict(exclude={"region_id", "leader_user_id"}),
                           "region": payload.region_id,
                           "leader_user": payload.leader_user_id or ""},
                          regions=_regions(request.user), users=queries.leader_users())
    return 201, actions.assignment_create(actor=request.user, **valid(form))


@router.get("/liaison/visits", response=list[VisitOut])
@paginate(Pagination, page_size=100)
def list_visits(request: Any, year: int | None = None, region: IdQuery = None,
                leader: str = "", issues: str = "") -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    found, _ = queries.visits_for(request.user, {
        "year": year or "", "region": region or "", "leader": leader[:50], "issues": issues})
    return found


@router.get("/liaison/visits/{visit_id}", response=VisitDetailOut)
def get_visit(request: Any, visit_id: int) -> Any:
    return visit_or_404(request.user, visit_id)


@router.post("/liaison/visits", response={201: VisitDetailOut})
def create_visit(request: Any, payload: VisitIn) -> Any:
    require(request.user, Perm.MANAGE_GUIDANCE)
    visible_or_404(Region.objects, request.user, Perm.MANAGE_GUIDANCE, pk=payload.region_id)
    form = VisitForm({**payload.dict(exclude={"region_id", "issues"}),
                      "region": payload.region_id, "issues": "\n".join(payload.issues)},
                     regions=_regions(request.user))
    visit = actions.visit_create(actor=request.user, **valid(form))
    return 201, visit_or_404(request.user, visit.pk)


@router.post("/liaison/visits/{visit_id}/issues", response=VisitDetailOut)
def add_visit_issue(request: Any, visit_id: int, payload: VisitIssueIn) -> Any:
    return steps.run(request, visit_id, Perm.MANAGE_GUIDANCE, IssueForm(payload.dict()),
                     lambda v, d: actions.issue_add(visit=v, actor=request.user, **d))


@router.post("/liaison/visits/{visit_id}/issues/{issue_id}/answer", response=VisitDetailOut)
def answer_visit_issue(request: Any, visit_id: int, issue_id: int,
                       payload: VisitAnswerIn) -> Any:
    def act(visit: Visit, data: dict[str, Any]) -> object:
        issue = visit.issues.filter(pk=issue_id).first()
        if issue is None:
            raise Http404
        return actions.issue_answer(issue=issue, actor=request.user, **data)

    return steps.run(request, visit_id, Perm.MANAGE_GUIDANCE, AnswerForm(payload.dict()), act)
