"""Reads of the legality reviews shared by the pages, the API and the export: the filtered
list with its overdue flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Case, F, Q, Value, When

from jiguan.governance.reviews.forms import ReviewFilterForm
from jiguan.governance.reviews.models import Review, ReviewStatus


def overdue_q(today: dt.date) -> Q:
    """Pending past the period, or concluded after it (逾期办结)."""
    return (Q(status=ReviewStatus.PENDING, due_on__lt=today)
            | Q(concluded_on__isnull=False, concluded_on__gt=F("due_on")))


def is_overdue(review: Review, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    if review.concluded_on is not None:
        return review.concluded_on > review.due_on
    return review.due_on < today


def reviews_for(user: Any, params: Any, today: dt.date | None = None
                ) -> tuple[Any, ReviewFilterForm]:
    form = ReviewFilterForm(params or None)
    qs = Review.objects.visible_to(user).select_related("region", "agency", "reviewer")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(subject_title__contains=d["q"])
        if d.get("kind"):
            qs = qs.filter(subject_kind=d["kind"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("overdue"):
            qs = qs.filter(overdue_q(today or dt.date.today()))
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-submitted_on", "-pk"), form


def with_overdue(qs: Any, today: dt.date) -> Any:
    """The rows with their overdue flag as `overdue` (for the API)."""
    return qs.annotate(overdue=Case(When(overdue_q(today), then=Value(True)),
                                    default=Value(False), output_field=BooleanField()))
