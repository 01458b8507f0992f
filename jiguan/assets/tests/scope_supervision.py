"""The supervision's endpoints in the scope matrix (added to the app's SCOPE_MATRIX by
jiguan/assets/tests/scope.py).

The objects are made inside the url lambdas (idempotent): a Xihu and a Ningbo holding of
the group (their transfer routes closed through the actions), the Xihu holding's 2025
statement with a warning and a major matter waiting for acknowledgement, and a province
supervisory board over both with one open issue. A bureau sees the holdings of its regions
and an agency those it ran; a board is seen at its region (the province) only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.assets.entities import actions as entity_actions
from jiguan.assets.entities.models import Entity, EntityStatus, Step, StepKind
from jiguan.assets.supervision import actions
from jiguan.assets.supervision.models import (
    BoardIssue,
    MajorMatter,
    Statement,
    SupervisoryBoard,
)
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.tests.test_scope_matrix import Endpoint

ACTORS = ("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor", "outsider")
DAY = dt.date(2025, 4, 1)


def _codes(*codes: int) -> dict[str, int]:
    return dict(zip(ACTORS, codes, strict=True))


READ_ALL = _codes(200, 200, 200, 200, 200, 403)
MANAGE = _codes(200, 200, 200, 403, 403, 403)
XIHU_READ = _codes(200, 200, 200, 404, 200, 404)
XIHU_WRITE = _codes(302, 302, 302, 404, 403, 404)
XIHU_API_WRITE = _codes(200, 200, 200, 404, 403, 404)
NINGBO_READ = _codes(200, 404, 404, 200, 200, 404)
BOARD_READ = _codes(200, 404, 404, 404, 200, 404)
BOARD_WRITE = _codes(302, 404, 404, 404, 403, 404)
BOARD_API_WRITE = _codes(200, 404, 404, 404, 403, 404)


def _holding(c: Cast, agency: Any, region_code: str, serial: int) -> Entity:
    from jiguan.assets.tests.scope import _batch

    code = make_credit_code(region_code, serial, "12")
    entity = Entity.objects.filter(credit_code=code).first()
    if entity is None:
        entity = entity_actions.entity_create(data={
            "name": f"{agency.name}宾馆", "credit_code": code, "kind": "hotel",
            "agency": agency, "book_value": Decimal("1000000"), "staff_count": 4,
            "revenue_last_year": Decimal("0")}, actor=None)
    if entity.status == EntityStatus.HOLDING:
        return entity
    entity_actions.entity_assign(entity=entity, batch=_batch(c), route="transfer", actor=None)
    for step in Step.objects.filter(entity=entity).order_by("order"):
        extra: dict[str, Any] = {}
        if step.kind == StepKind.APPRAISAL:
            extra = {"appraised_value": Decimal("1000000")}
        elif step.kind == StepKind.PLACEMENT:
            extra = {"placed": 4, "retired": 0, "other": 0}
        elif step.kind in (StepKind.AGREEMENT, StepKind.REGISTRATION):
            extra = {"documents": "文件"}
        entity_actions.step_complete(step=step, done_on=DAY, actor=None, **extra)
    return Entity.objects.get(pk=entity.pk)


def _xihu(c: Cast) -> Entity:
    return _holding(c, c.xihu_agency, "330106", 811)


def _ningbo(c: Cast) -> Entity:
    return _holding(c, c.ningbo_agency, "330203", 812)


def _statement(c: Cast) -> Statement:
    entity = _xihu(c)
    found = Statement.objects.filter(entity=entity).first()
    if found is not None:
        return found
    st, _ = actions.statement_save(entity=entity, year=2025, period="annual", data={
        "revenue": Decimal(100), "profit": Decimal(-10), "total_assets": Decimal(1000),
        "liabilities": Decimal(900), "equity": Decimal(100), "equity_start": Decimal(120)},
        actor=None)
    return st


def _matter(c: Cast) -> MajorMatter:
    entity = _xihu(c)
    found = MajorMatter.objects.filter(entity=entity).first()
    if found is not None:
        return found
    return actions.matter_report(entity=entity, kind="guarantee", title="对外担保",
                                 amount=Decimal(9_000_000), reported_on=DAY, actor=None)


def _board(c: Cast) -> SupervisoryBoard:
    found = SupervisoryBoard.objects.first()
    if found is not None:
        return found
    return actions.board_create(region=Region.objects.get(code="330000"), name="第一监事会",
                                formed_on=dt.date(2021, 1, 1),
                                companies=[_xihu(c), _ningbo(c)], actor=None)


def _issue(c: Cast) -> BoardIssue:
    board = _board(c)
    found = board.issues.first()
    if found is not None:
        return found
    return actions.issue_raise(board=board, company=_xihu(c), raised_on=DAY,
                               description="应收账款长期挂账", due_date=DAY, actor=None)


def _page(name: str, *args: Any) -> Any:
    return lambda c: reverse(name, args=[f(c).pk for f in args])


SUPERVISION_MATRIX = [
    Endpoint("assets:holding_list", "GET", _page("assets:holding_list"), READ_ALL),
    Endpoint("assets:holding_detail(xihu)", "GET", _page("assets:holding_detail", _xihu),
             XIHU_READ),
    Endpoint("assets:holding_detail(ningbo)", "GET", _page("assets:holding_detail", _ningbo),
             NINGBO_READ),
    Endpoint("assets:statement_list", "GET", _page("assets:statement_list"), READ_ALL),
    Endpoint("assets:statement_export", "GET", _page("assets:statement_export"), READ_ALL),
    Endpoint("assets:statement_review(xihu)", "POST",
             _page("assets:statement_review", _statement), XIHU_WRITE,
             data=lambda c: {"note": "已核实", "reviewed_on": "2025-06-01"}),
    Endpoint("assets:matter_list", "GET", _page("assets:matter_list"), READ_ALL),
    Endpoint("assets:matter_export", "GET", _page("assets:matter_export"), READ_ALL),
    Endpoint("assets:matter_create", "GET", _page("assets:matter_create"), MANAGE),
    Endpoint("assets:matter_detail(xihu)", "GET", _page("assets:matter_detail", _matter),
             XIHU_READ),
    Endpoint("assets:matter_acknowledge(xihu)", "POST",
             _page("assets:matter_acknowledge", _matter), XIHU_WRITE,
             data=lambda c: {"note": "同意", "on": "2025-04-02"}),
    Endpoint("assets:board_list", "GET", _page("assets:board_list"), READ_ALL),
    Endpoint("assets:board_create", "GET", _page("assets:board_create"), MANAGE),
    Endpoint("assets:board_detail(province)", "GET", _page("assets:board_detail", _board),
             BOARD_READ),
    Endpoint("assets:board_companies(province)", "POST",
             _page("assets:board_companies", _board), BOARD_WRITE,
             data=lambda c: {"companies": [_xihu(c).pk, _ningbo(c).pk]}),
    Endpoint("assets:member_add(province)", "POST", _page("assets:member_add", _board),
             BOARD_WRITE, data=lambda c: {"name": "李监事", "role": "full_time",
                                          "appointed_on": "2022-01-01"}),
    Endpoint("assets:meeting_add(province)", "POST", _page("assets:meeting_add", _board),
             BOARD_WRITE, data=lambda c: {"held_on": "2025-03-01", "subject": "年度检查"}),
    Endpoint("assets:report_add(province)", "POST", _page("assets:report_add", _board),
             BOARD_WRITE, data=lambda c: {"title": "年度报告", "period": "2024年度",
                                          "submitted_on": "2025-03-01"}),
    Endpoint("assets:issue_raise(province)", "POST", _page("assets:issue_raise", _board),
             BOARD_WRITE, data=lambda c: {"company": _ningbo(c).pk, "raised_on": "2025-03-01",
                                          "description": "内控", "due_date": "2025-05-01"}),
    Endpoint("assets:issue_list", "GET", _page("assets:issue_list"), READ_ALL),
    Endpoint("assets:issue_export", "GET", _page("assets:issue_export"), READ_ALL),
    Endpoint("assets:issue_answer(province)", "POST", _page("assets:issue_answer", _issue),
             BOARD_WRITE, data=lambda c: {"answer": "已整改", "answered_on": "2025-04-02"}),
    # API
    Endpoint("assets:api_statements", "GET", lambda c: "/api/v1/assets/statements", READ_ALL,
             api=True),
    Endpoint("assets:api_statement(xihu)", "GET",
             lambda c: f"/api/v1/assets/statements/{_statement(c).pk}", XIHU_READ, api=True),
    Endpoint("assets:api_statement_review(xihu)", "POST",
             lambda c: f"/api/v1/assets/statements/{_statement(c).pk}/review", XIHU_API_WRITE,
             data=lambda c: {"note": "已核实", "reviewed_on": "2025-06-01"}, api=True),
    Endpoint("assets:api_matters", "GET", lambda c: "/api/v1/assets/matters", READ_ALL,
             api=True),
    Endpoint("assets:api_matter_create(xihu)", "POST", lambda c: "/api/v1/assets/matters",
             _codes(201, 201, 201, 403, 403, 403),
             data=lambda c: {"entity_id": _xihu(c).pk, "kind": "investment", "title": "参股",
                             "amount": "100", "reported_on": "2025-04-01"}, api=True),
    Endpoint("assets:api_matter(xihu)", "GET",
             lambda c: f"/api/v1/assets/matters/{_matter(c).pk}", XIHU_READ, api=True),
    Endpoint("assets:api_matter_acknowledge(xihu)", "POST",
             lambda c: f"/api/v1/assets/matters/{_matter(c).pk}/acknowledge", XIHU_API_WRITE,
             data=lambda c: {"note": "同意", "on": "2025-04-02"}, api=True),
    Endpoint("assets:api_boards", "GET", lambda c: "/api/v1/assets/boards", READ_ALL,
             api=True),
    Endpoint("assets:api_issues", "GET", lambda c: "/api/v1/assets/issues", READ_ALL,
             api=True),
    Endpoint("assets:api_issue_answer(province)", "POST",
             lambda c: f"/api/v1/assets/issues/{_issue(c).pk}/answer", BOARD_API_WRITE,
             data=lambda c: {"answer": "已整改", "answered_on": "2025-04-02"}, api=True),
]
