"""/api/v1/assets/: the supervision — holdings' statements and indicators, the major
matters and their acknowledgement, the supervisory boards and their issues with the
answer — through the same queries and actions as the pages. Out of scope answers 404, a
refused write 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.assets.entities.models import Entity
from jiguan.assets.supervision import actions, queries
from jiguan.assets.supervision.models import (
    BoardIssue,
    MajorMatter,
    MatterKind,
    Statement,
    SupervisoryBoard,
)
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.scoping import visible_or_404

router = Router(tags=["国有资产"])


class HoldingStatementOut(Schema):
    id: int
    entity_id: int
    entity_name: str = Field(alias="entity.name")
    year: int
    period: str
    period_end: dt.date
    revenue: Decimal
    profit: Decimal
    total_assets: Decimal
    liabilities: Decimal
    equity: Decimal
    equity_start: Decimal | None
    capital_injected: Decimal
    capital_withdrawn: Decimal
    maintenance_ratio: Decimal | None
    debt_ratio: Decimal | None
    profit_margin: Decimal | None
    warnings: list[str]
    reviewed_on: dt.date | None
    review_note: str


class StatementReviewIn(Schema):
    note: str = Field(min_length=1, max_length=300)
    reviewed_on: dt.date


class MajorMatterOut(Schema):
    id: int
    entity_id: int
    entity_name: str = Field(alias="entity.name")
    kind: str
    title: str
    amount: Decimal
    reported_on: dt.date
    description: str
    status: str
    acknowledged_on: dt.date | None
    ack_note: str


class MajorMatterIn(Schema):
    entity_id: int = Field(ge=1, le=2**62)
    kind: str
    title: str = Field(min_length=1, max_length=200)
    amount: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    reported_on: dt.date
    description: str = Field("", max_length=4000)


class MatterAcknowledgeIn(Schema):
    note: str = Field(min_length=1, max_length=300)
    on: dt.date


class SupervisoryBoardOut(Schema):
    id: int
    name: str
    region_code: str
    formed_on: dt.date
    note: str
    company_ids: list[int]
    members: list[str]


class BoardIssueOut(Schema):
    id: int
    board_id: int
    company_id: int
    company_name: str = Field(alias="company.name")
    raised_on: dt.date
    description: str
    due_date: dt.date
    status: str
    answer: str
    answered_on: dt.date | None


class IssueAnswerIn(Schema):
    answer: str = Field(min_length=1, max_length=2000)
    answered_on: dt.date


@router.get("/statements", response=list[HoldingStatementOut])
@paginate(Pagination, page_size=100)
def list_statements(request: Any, q: str = "", year: IdQuery = None, period: str = "",
                    warning: str = "", region: IdQuery = None, entity: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    statements, _ = queries.statements_for(request.user, {
        "q": q, "year": year or "", "period": period, "warning": warning,
        "region": region or ""})
    if entity:
        statements = statements.filter(entity_id=entity)
    return statements


@router.get("/statements/{statement_id}", response=HoldingStatementOut)
def get_statement(request: Any, statement_id: int) -> Any:
    return visible_or_404(Statement.objects.select_related("entity"), request.user,
                          pk=statement_id)


@router.post("/statements/{statement_id}/review", response=HoldingStatementOut)
def review_statement(request: Any, statement_id: int, payload: StatementReviewIn) -> Any:
    st = visible_or_404(Statement.objects.select_related("entity"), request.user,
                        pk=statement_id)
    require(request.user, Perm.MANAGE_ASSETS, st)
    return actions.statement_review(statement=st, note=payload.note,
                                    reviewed_on=payload.reviewed_on, actor=request.user)


@router.get("/matters", response=list[MajorMatterOut])
@paginate(Pagination, page_size=100)
def list_matters(request: Any, q: str = "", kind: str = "", status: str = "") -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    matters, _ = queries.matters_for(request.user, {"q": q, "kind": kind, "status": status})
    return matters


@router.post("/matters", response={201: MajorMatterOut})
def create_matter(request: Any, payload: MajorMatterIn) -> Any:
    require(request.user, Perm.MANAGE_ASSETS)
    if payload.kind not in MatterKind.values:
        raise ValidationError({"kind": f"事项类型应为：{'、'.join(MatterKind.values)}"})
    entity = visible_or_404(Entity.objects, request.user, Perm.MANAGE_ASSETS,
                            pk=payload.entity_id)
    return 201, actions.matter_report(entity=entity, actor=request.user,
                                      **payload.dict(exclude={"entity_id"}))


@router.get("/matters/{matter_id}", response=MajorMatterOut)
def get_matter(request: Any, matter_id: int) -> Any:
    return visible_or_404(MajorMatter.objects.select_related("entity"), request.user,
                          pk=matter_id)


@router.post("/matters/{matter_id}/acknowledge", response=MajorMatterOut)
def acknowledge_matter(request: Any, matter_id: int, payload: MatterAcknowledgeIn) -> Any:
    matter = visible_or_404(MajorMatter.objects.select_related("entity"), request.user,
                            pk=matter_id)
    require(request.user, Perm.MANAGE_ASSETS, matter)
    return actions.matter_acknowledge(matter=matter, note=payload.note, on=payload.on,
                                      actor=request.user)


def _board_out(board: SupervisoryBoard) -> dict[str, Any]:
    return {"id": board.pk, "name": board.name, "region_code": board.region.code,
            "formed_on": board.formed_on, "note": board.note,
            "company_ids": [c.pk for c in board.companies.all()],
            "members": [str(m) for m in board.members.all() if m.left_on is None]}


@router.get("/boards", response=list[SupervisoryBoardOut])
@paginate(Pagination, page_size=100)
def list_boards(request: Any) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    boards = (SupervisoryBoard.objects.visible_to(request.user).select_related("region")
              .prefetch_related("companies", "members"))
    return [_board_out(b) for b in boards]


@router.get("/issues", response=list[BoardIssueOut])
@paginate(Pagination, page_size=100)
def list_issues(request: Any, q: str = "", status: str = "", board: IdQuery = None) -> Any:
    require(request.user, Perm.VIEW_ASSETS)
    issues, _ = queries.issues_for(request.user, {"q": q, "status": status,
                                                  "board": board or ""})
    return issues


@router.post("/issues/{issue_id}/answer", response=BoardIssueOut)
def answer_issue(request: Any, issue_id: int, payload: IssueAnswerIn) -> Any:
    issue = visible_or_404(BoardIssue.objects.select_related("board__region", "company"),
                           request.user, pk=issue_id)
    require(request.user, Perm.MANAGE_ASSETS, issue)
    return actions.issue_answer(issue=issue, answer=payload.answer,
                                answered_on=payload.answered_on, actor=request.user)
