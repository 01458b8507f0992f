"""Pages of the supervision: the holdings and a holding's page (its statements over time,
their indicators and warnings, its major matters and the boards' issues), the statement,
warning, matter and issue lists with their exports, the supervisory boards and the forms of
each write. Scoped fetch, permission, form, action, redirect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.assets.entities.models import Entity
from jiguan.assets.supervision import actions, queries, rules
from jiguan.assets.supervision.excel import (
    ISSUE_EXPORT_COLUMNS,
    MATTER_EXPORT_COLUMNS,
    STATEMENT_EXPORT_COLUMNS,
)
from jiguan.assets.supervision.forms import (
    AcknowledgeForm,
    AnswerForm,
    BoardForm,
    CompaniesForm,
    IssueForm,
    MatterForm,
    MeetingForm,
    MemberForm,
    ReportForm,
    ReviewForm,
)
from jiguan.assets.supervision.models import (
    BoardIssue,
    MajorMatter,
    MatterStatus,
    Statement,
    SupervisoryBoard,
)
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Person

FORM = "assets/form.html"


def _can_import(request: AuthedRequest) -> bool:
    return can(request.user, Perm.MANAGE_ASSETS) and can(request.user, Perm.IMPORT_DATA)


def holding_list(request: AuthedRequest) -> HttpResponse:
    """The group's holdings with their latest annual indicators, and what waits."""
    require(request.user, Perm.VIEW_ASSETS)
    holdings, form = queries.holdings_with_latest(request.user, request.GET)
    return render(request, "assets/holding_list.html", {
        "form": form, "qs": querystring(request), "pending": queries.pending_counts(
            request.user), "limits": rules.thresholds(), "can_import": _can_import(request),
        **paginate(request, holdings)})


def _holding_page(request: AuthedRequest, entity: Entity, review_form: ReviewForm | None = None,
                  status: int = 200) -> HttpResponse:
    statements = list(Statement.objects.filter(entity=entity).order_by("period_end"))
    can_change = can(request.user, Perm.MANAGE_ASSETS, entity)
    return render(request, "assets/holding_detail.html", {
        "entity": entity, "statements": statements,
        "chart": queries.chart(statements), "limits": rules.thresholds(),
        "to_review": [s for s in statements if s.warnings and s.reviewed_on is None],
        "review_form": review_form or (ReviewForm() if can_change else None),
        "matters": MajorMatter.objects.filter(entity=entity).order_by("-reported_on")[:20],
        "issues": BoardIssue.objects.visible_to(request.user).filter(company=entity)
        .select_related("board")[:20],
        "boards": SupervisoryBoard.objects.visible_to(request.user).filter(companies=entity),
        "can_change": can_change, "can_import": _can_import(request)}, status=status)


def holding_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    entity = visible_or_404(Entity.objects.select_related("region", "agency"), request.user,
                            pk=pk)
    return _holding_page(request, entity)


def statement_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    statements, form = queries.statements_for(request.user, request.GET)
    return render(request, "assets/statement_list.html", {
        "form": form, "qs": querystring(request), "can_import": _can_import(request),
        **paginate(request, statements)})


statement_export = list_export(
    "assets.statement", perm=Perm.VIEW_ASSETS, rows_for=queries.statements_for,
    columns=STATEMENT_EXPORT_COLUMNS, title="持有企业财务报表及指标", describe=describe)


def statement_review(request: AuthedRequest, pk: int) -> HttpResponse:
    st = visible_or_404(Statement.objects.select_related("entity__region", "entity__agency"),
                        request.user, pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, st)
    form = ReviewForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.statement_review(statement=st, note=d["note"],
                                               reviewed_on=d["reviewed_on"],
                                               actor=request.user),
        done=reverse("assets:holding_detail", args=[st.entity_id]),
        message=lambda s: f"已核实{s.label}的预警",
        page=lambda f: _holding_page(request, st.entity, review_form=f, status=422))


# -- major matters ------------------------------------------------------------------------


def matter_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    matters, form = queries.matters_for(request.user, request.GET)
    return render(request, "assets/matter_list.html", {
        "form": form, "qs": querystring(request), "threshold": rules.matter_threshold(),
        "can_change": can(request.user, Perm.MANAGE_ASSETS), **paginate(request, matters)})


matter_export = list_export(
    "assets.major_matter", perm=Perm.VIEW_ASSETS, rows_for=queries.matters_for,
    columns=MATTER_EXPORT_COLUMNS, title="持有企业重大事项报告", describe=describe)


def matter_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ASSETS)
    form = MatterForm(request.POST or None, initial={"reported_on": dt.date.today()},
                      entities=queries.holdings(request.user, Perm.MANAGE_ASSETS))
    return form_action(
        request, form,
        act=lambda d: actions.matter_report(actor=request.user, **d),
        done=lambda m: reverse("assets:matter_detail", args=[m.pk]),
        message=lambda m: f"已登记重大事项：{m.title}（{m.get_status_display()}）",
        template=FORM,
        context={"title": "登记重大事项报告", "back": reverse("assets:matter_list"),
                 "help": f"金额达到 {rules.matter_threshold():,.2f} 元的事项须经局确认"})


def _matter_page(request: AuthedRequest, matter: MajorMatter,
                 form: AcknowledgeForm | None = None, status: int = 200) -> HttpResponse:
    can_ack = (matter.status == MatterStatus.PENDING
               and can(request.user, Perm.MANAGE_ASSETS, matter))
    return render(request, "assets/matter_detail.html", {
        "matter": matter, "form": form or (AcknowledgeForm() if can_ack else None),
        "history": AuditEvent.objects.for_target(matter)[:20]}, status=status)


def matter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = visible_or_404(MajorMatter.objects.select_related("entity", "acknowledged_by"),
                            request.user, pk=pk)
    return _matter_page(request, matter)


def matter_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = visible_or_404(MajorMatter.objects.select_related("entity__region"),
                            request.user, pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, matter)
    form = AcknowledgeForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.matter_acknowledge(matter=matter, note=d["note"], on=d["on"],
                                                 actor=request.user),
        done=reverse("assets:matter_detail", args=[matter.pk]), message="已确认该重大事项",
        page=lambda f: _matter_page(request, matter, form=f, status=422))


# -- supervisory boards -------------------------------------------------------------------


def board_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    boards = (SupervisoryBoard.objects.visible_to(request.user).select_related("region")
              .prefetch_related("companies", "members"))
    return render(request, "assets/board_list.html", {
        "boards": boards, "can_change": can(request.user, Perm.MANAGE_ASSETS)})


def board_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ASSETS)
    form = BoardForm(request.POST or None,
                     regions=Region.objects.under_region_grants(request.user, Perm.MANAGE_ASSETS),
                     companies=queries.holdings(request.user, Perm.MANAGE_ASSETS))
    return form_action(
        request, form, act=lambda d: actions.board_create(actor=request.user, **d),
        done=lambda b: reverse("assets:board_detail", args=[b.pk]),
        message=lambda b: f"已组建监事会：{b.name}", template=FORM,
        context={"title": "组建外派监事会", "back": reverse("assets:board_list")})


def _board_forms(request: AuthedRequest, board: SupervisoryBoard) -> dict[str, Any]:
    companies = board.companies.all()
    return {
        "member_form": MemberForm(people=Person.objects.visible_to(request.user)),
        "meeting_form": MeetingForm(),
        "report_form": ReportForm(companies=companies),
        "issue_form": IssueForm(companies=companies),
        "companies_form": CompaniesForm(
            initial={"companies": list(companies)},
            companies=queries.holdings(request.user, Perm.MANAGE_ASSETS)),
        "answer_form": AnswerForm(),
    }


def _board_page(request: AuthedRequest, board: SupervisoryBoard, status: int = 200,
                **forms: Any) -> HttpResponse:
    can_change = can(request.user, Perm.MANAGE_ASSETS, board)
    context: dict[str, Any] = {
        "board": board, "can_change": can_change,
        "companies": board.companies.select_related("region"),
        "members": board.members.select_related("person", "person__agency"),
        "meetings": board.meetings.all()[:30], "reports": board.reports.select_related(
            "company")[:30],
        "issues": board.issues.select_related("company"),
        "history": AuditEvent.objects.for_target(board)[:20]}
    if can_change:
        context.update(_board_forms(request, board))
        context.update(forms)
    return render(request, "assets/board_detail.html", context, status=status)


def board_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    board = visible_or_404(SupervisoryBoard.objects.select_related("region"), request.user,
                           pk=pk)
    return _board_page(request, board)


def _board_write(request: AuthedRequest, pk: int) -> SupervisoryBoard:
    board = visible_or_404(SupervisoryBoard.objects.select_related("region"), request.user,
                           pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, board)
    return board


def board_companies(request: AuthedRequest, pk: int) -> HttpResponse:
    board = _board_write(request, pk)
    form = CompaniesForm(request.POST or None,
                         companies=queries.holdings(request.user, Perm.MANAGE_ASSETS))
    return form_action(
        request, form,
        act=lambda d: actions.board_companies(board=board, companies=d["companies"],
                                              actor=request.user),
        done=reverse("assets:board_detail", args=[board.pk]), message="已保存监督企业",
        page=lambda f: _board_page(request, board, status=422, companies_form=f))


def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    board = _board_write(request, pk)
    form = MemberForm(request.POST or None, people=Person.objects.visible_to(request.user))
    return form_action(
        request, form,
        act=lambda d: actions.member_add(board=board, actor=request.user, **d),
        done=reverse("assets:board_detail", args=[board.pk]),
        message=lambda m: f"已增加成员：{m}",
        page=lambda f: _board_page(request, board, status=422, member_form=f))


def meeting_add(request: AuthedRequest, pk: int) -> HttpResponse:
    board = _board_write(request, pk)
    form = MeetingForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.meeting_add(board=board, actor=request.user, **d),
        done=reverse("assets:board_detail", args=[board.pk]), message="已登记会议",
        page=lambda f: _board_page(request, board, status=422, meeting_form=f))


def report_add(request: AuthedRequest, pk: int) -> HttpResponse:
    board = _board_write(request, pk)
    form = ReportForm(request.POST or None, companies=board.companies.all())
    return form_action(
        request, form,
        act=lambda d: actions.report_add(board=board, actor=request.user, **d),
        done=reverse("assets:board_detail", args=[board.pk]), message="已登记监事会报告",
        page=lambda f: _board_page(request, board, status=422, report_form=f))


def issue_raise(request: AuthedRequest, pk: int) -> HttpResponse:
    board = _board_write(request, pk)
    form = IssueForm(request.POST or None, companies=board.companies.all())
    return form_action(
        request, form,
        act=lambda d: actions.issue_raise(board=board, actor=request.user, **d),
        done=reverse("assets:board_detail", args=[board.pk]), message="已登记问题，待企业反馈",
        page=lambda f: _board_page(request, board, status=422, issue_form=f))


def issue_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    issue = visible_or_404(BoardIssue.objects.select_related("board__region"), request.user,
                           pk=pk)
    require(request.user, Perm.MANAGE_ASSETS, issue)
    form = AnswerForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.issue_answer(issue=issue, actor=request.user, **d),
        done=reverse("assets:board_detail", args=[issue.board_id]), message="已登记整改反馈",
        page=lambda f: _board_page(request, issue.board, status=422, answer_form=f))


def issue_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    issues, form = queries.issues_for(request.user, request.GET)
    return render(request, "assets/issue_list.html", {
        "form": form, "qs": querystring(request), "today": dt.date.today(),
        **paginate(request, issues)})


issue_export = list_export(
    "assets.board_issue", perm=Perm.VIEW_ASSETS, rows_for=queries.issues_for,
    columns=ISSUE_EXPORT_COLUMNS, title="监事会提出问题及整改反馈", describe=describe)
