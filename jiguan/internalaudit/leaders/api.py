"""/api/v1/internalaudit/leaders: leaders' terms and the departures whose audit is due."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.scoping import visible_or_404
from jiguan.internalaudit.leaders import actions, queries
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.orgs.models import Person

router = Router(tags=["内部审计"])


class LeaderTermOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.name")
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    post: str
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str


class LeaderTermIn(Schema):
    person_id: int = Field(ge=1, le=2**62)
    post: str = Field(min_length=1, max_length=100)
    start_date: dt.date


class LeaderTermEndIn(Schema):
    end_date: dt.date
    end_reason: str


@router.get("/leaders", response=list[LeaderTermOut])
@paginate(Pagination, page_size=100)
def list_terms(request: Any, q: str = "", state: str = "", region: IdQuery = None) -> Any:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    terms, _ = queries.terms_for(request.user, {"q": q, "state": state,
                                                "region": region or ""})
    return terms


@router.get("/leaders/due", response=list[LeaderTermOut])
@paginate(Pagination, page_size=100)
def list_departures_due(request: Any) -> Any:
    """Leaders who left a post and whose economic-responsibility audit is not yet set up."""
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    return queries.departures_due(request.user)


@router.get("/leaders/{term_id}", response=LeaderTermOut)
def get_term(request: Any, term_id: int) -> Any:
    return visible_or_404(LeaderTerm.objects.select_related("person", "agency"), request.user,
                          pk=term_id)


@router.post("/leaders", response={201: LeaderTermOut})
def create_term(request: Any, payload: LeaderTermIn) -> Any:
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE)
    person = visible_or_404(Person.objects.select_related("agency"), request.user,
                            Perm.INTERNAL_AUDIT_MANAGE, pk=payload.person_id)
    return 201, actions.leader_term_create(person=person, post=payload.post,
                                           start_date=payload.start_date, actor=request.user)


@router.post("/leaders/{term_id}/end", response=LeaderTermOut)
def end_term(request: Any, term_id: int, payload: LeaderTermEndIn) -> Any:
    term = visible_or_404(LeaderTerm.objects.select_related("person", "agency__region"),
                          request.user, pk=term_id)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, term)
    return actions.leader_term_end(term=term, date=payload.end_date, reason=payload.end_reason,
                                   actor=request.user)
