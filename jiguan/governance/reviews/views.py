"""Pages of the legality reviews: the reviewer's list (overdue flagged), a review with its
materials and opinions, the opinion and conclusion forms, a material's download."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.files import file_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.governance.library.models import Rule
from jiguan.governance.reviews import actions, queries, rules
from jiguan.governance.reviews.forms import ConcludeForm, OpinionForm
from jiguan.governance.reviews.models import Review, ReviewMaterial, ReviewStatus


def review_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_REVIEWS)
    today = dt.date.today()
    found, form = queries.reviews_for(request.user, request.GET, today)
    ctx = paginate(request, found)
    rows = [(r, queries.is_overdue(r, today)) for r in ctx["page_obj"]]
    return render(request, "governance/review_list.html", {
        "form": form, "qs": querystring(request), "rows": rows, "days": rules.review_days(),
        "source": rules.REVIEW_DAYS_SOURCE, **ctx})


def _review(request: AuthedRequest, pk: int) -> Review:
    return visible_or_404(Review.objects.select_related("region", "agency", "reviewer"),
                          request.user, pk=pk)


def _rules(request: AuthedRequest) -> Any:
    return Rule.objects.visible_to(request.user).in_force().order_by("region__path", "title")


def _page(request: AuthedRequest, review: Review, opinion_form: OpinionForm | None = None,
          conclude_form: ConcludeForm | None = None) -> HttpResponse:
    failed = bool((opinion_form and opinion_form.errors) or (conclude_form and
                                                             conclude_form.errors))
    pending = review.status == ReviewStatus.PENDING
    return render(request, "governance/review_detail.html", {
        "review": review, "overdue": queries.is_overdue(review),
        "materials": review.materials.select_related("file"),
        "opinions": review.opinions.prefetch_related("rules"),
        "can_review": pending and can(request.user, Perm.REVIEW_LEGALITY, review),
        "opinion_form": opinion_form or OpinionForm(rules=_rules(request)),
        "conclude_form": conclude_form or ConcludeForm(),
        "standard_items": rules.STANDARD_ITEMS,
        "history": AuditEvent.objects.for_target(review)[:30]},
        status=422 if failed else 200)


def review_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _page(request, _review(request, pk))


def review_opinion(request: AuthedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    require(request.user, Perm.REVIEW_LEGALITY, review)
    form = OpinionForm(request.POST or None, rules=_rules(request))
    return form_action(
        request, form,
        act=lambda d: actions.opinion_add(review=review, item=d["item"], verdict=d["verdict"],
                                          reasoning=d.get("reasoning", ""),
                                          rules_cited=d.get("rules") or [],
                                          articles=d.get("articles", ""), actor=request.user),
        done=reverse("governance:review_detail", args=[review.pk]), message="已记录审查意见。",
        page=lambda f: _page(request, review, opinion_form=f))


def review_conclude(request: AuthedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    require(request.user, Perm.REVIEW_LEGALITY, review)
    form = ConcludeForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.review_conclude(review=review, summary=d.get("summary", ""),
                                              actor=request.user),
        done=reverse("governance:review_detail", args=[review.pk]),
        message=lambda r: f"已出具审查结论：{r.get_status_display()}",
        page=lambda f: _page(request, review, conclude_form=f))


def review_material(request: AuthedRequest, pk: int, material: int) -> HttpResponse:
    review = _review(request, pk)
    found = ReviewMaterial.objects.filter(review=review, pk=material, file__isnull=False) \
        .select_related("file").first()
    if found is None or found.file is None:
        raise Http404
    return file_response(found.file)
