"""Pages of leaders' terms: the list (with the departures due), a term, register and end."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action, refreshed
from jiguan.internalaudit.leaders import actions, queries
from jiguan.internalaudit.leaders.forms import TermEndForm, TermForm
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.orgs.models import Person, PersonStatus


def term_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    terms, form = queries.terms_for(request.user, request.GET)
    return render(request, "internalaudit/term_list.html", {
        "form": form, "qs": querystring(request),
        "due": queries.departures_due(request.user)[:50],
        "can_manage": can(request.user, Perm.INTERNAL_AUDIT_MANAGE),
        **paginate(request, terms)})


def _render_term(request: AuthedRequest, term: LeaderTerm,
                 end_form: TermEndForm | None = None) -> HttpResponse:
    return render(request, "internalaudit/term_detail.html", {
        "term": term, "projects": term.projects.select_related("unit").order_by("code"),
        "end_form": end_form or TermEndForm(),
        "can_manage": can(request.user, Perm.INTERNAL_AUDIT_MANAGE, term),
        "history": AuditEvent.objects.for_target(term)[:30]})


def term_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    term = visible_or_404(LeaderTerm.objects.select_related("person", "agency__region"),
                          request.user, pk=pk)
    return _render_term(request, term)


def term_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE)
    people = (Person.objects.visible_to(request.user, Perm.INTERNAL_AUDIT_MANAGE)
              .filter(status=PersonStatus.SERVING).select_related("agency"))
    form = TermForm(request.POST or None, people=people)
    return form_action(
        request, form,
        act=lambda d: actions.leader_term_create(person=d["person"], post=d["post"],
                                                 start_date=d["start_date"], actor=request.user),
        done=lambda t: reverse("internalaudit:term_detail", args=[t.pk]),
        message=lambda t: f"已登记领导干部任职：{t}", template="internalaudit/form.html",
        context={"title": "登记领导干部任职", "back": reverse("internalaudit:term_list")})


def term_end(request: AuthedRequest, pk: int) -> HttpResponse:
    term = visible_or_404(LeaderTerm.objects.select_related("person", "agency__region"),
                          request.user, pk=pk)
    require(request.user, Perm.INTERNAL_AUDIT_MANAGE, term)
    form = TermEndForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.leader_term_end(term=term, date=d["end_date"],
                                              reason=d["end_reason"], actor=request.user),
        done=reverse("internalaudit:term_detail", args=[term.pk]),
        message="已办理离任，离任经济责任审计已列入待办。",
        page=lambda f: _render_term(request, refreshed(term), f))
