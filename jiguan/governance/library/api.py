"""/api/v1/governance/: the rules library through the same queries and actions as the
pages. Out of scope answers 404, a refused write 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.scoping import visible_or_404
from jiguan.governance.library import actions, queries
from jiguan.governance.library.models import Rule, RuleKind, RuleSubject

router = Router(tags=["制度库"])
YearQuery = Annotated[int | None, Query(None, ge=1949, le=2100)]


class RuleOut(Schema):
    id: int
    title: str
    issuer: str
    number: str
    issuer_code: str
    year: int | None
    serial: int | None
    kind: str = Field(alias="kind.name")
    subject: str = Field(alias="subject.name")
    region_code: str = Field(alias="region.code")
    issued_on: dt.date | None
    effective_on: dt.date | None
    valid_until: dt.date | None
    provisional: bool
    status: str
    status_on: dt.date | None
    status_doc: str
    text_note: str


class ArticleOut(Schema):
    seq: int
    label: str
    chapter: str
    text: str


class UseOut(Schema):
    key: str
    article: str
    what: str
    module: str
    verified: bool


class RuleDetailOut(RuleOut):
    articles: list[ArticleOut]
    applied_by_platform: list[UseOut]


class RuleIn(Schema):
    region_id: int = Field(ge=1, le=2**62)
    title: str = Field(min_length=1, max_length=200)
    issuer: str = Field(min_length=1, max_length=200)
    number: str = Field("", max_length=60)
    kind: str = Field(min_length=1, max_length=40)
    subject: str = Field(min_length=1, max_length=40)
    issued_on: dt.date | None = None
    effective_on: dt.date | None = None
    valid_until: dt.date | None = None
    text: str = Field("", max_length=500_000)


class StatusIn(Schema):
    status: str
    on: dt.date
    document: str = Field("", max_length=200)


class CountsOut(Schema):
    total: int
    by_region: list[dict[str, Any]]
    by_subject: list[dict[str, Any]]
    by_status: list[tuple[str, int]]


@router.get("/rules", response=list[RuleOut])
@paginate(Pagination, page_size=100)
def list_rules(request: Any, q: str = "", region: IdQuery = None, subject: IdQuery = None,
               kind: IdQuery = None, status: str = "",
               year: YearQuery = None) -> Any:
    require(request.user, Perm.VIEW_RULES)
    rules, _ = queries.rules_for(request.user, {
        "q": q[:100], "region": region or "", "subject": subject or "", "kind": kind or "",
        "status": status, "year": year or ""})
    return rules.order_by("-issued_on", "title", "pk")


@router.get("/rules/counts", response=CountsOut)
def rule_counts(request: Any) -> Any:
    require(request.user, Perm.VIEW_RULES)
    return queries.counts(request.user)


@router.get("/rules/{rule_id}", response=RuleDetailOut)
def get_rule(request: Any, rule_id: int) -> Any:
    rule = visible_or_404(Rule.objects.select_related("region", "kind", "subject"),
                          request.user, pk=rule_id)
    rule.applied_by_platform = [u.use for u in queries.uses_of(rule)]
    return rule


def _named(model: Any, name: str, field: str) -> Any:
    found = model.objects.filter(name=name).first()
    if found is None:
        names = "、".join(model.objects.values_list("name", flat=True))
        raise ValidationError({field: f"应为：{names}"})
    return found


@router.post("/rules", response={201: RuleOut})
def create_rule(request: Any, payload: RuleIn) -> Any:
    require(request.user, Perm.MANAGE_RULES)
    region = visible_or_404(Region.objects, request.user, Perm.MANAGE_RULES,
                            pk=payload.region_id)
    data = payload.dict(exclude={"region_id", "text", "kind", "subject"})
    data.update(region=region, kind=_named(RuleKind, payload.kind, "kind"),
                subject=_named(RuleSubject, payload.subject, "subject"))
    return 201, actions.rule_create(data=data, text=payload.text, actor=request.user)


@router.post("/rules/{rule_id}/status", response=RuleOut)
def set_status(request: Any, rule_id: int, payload: StatusIn) -> Any:
    rule = visible_or_404(Rule.objects, request.user, pk=rule_id)
    require(request.user, Perm.MANAGE_RULES, rule)
    return actions.rule_set_status(rule=rule, status=payload.status, on=payload.on,
                                   document=payload.document, actor=request.user)
