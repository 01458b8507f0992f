"""Reads of leaders' terms: the list with its filters, and the departures whose audit is due
(through the reverse relation `projects`, so this topic imports none above it;
a query, so a term ended by any path — the register, a form, the API — is seen)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from jiguan.access.models import Region
from jiguan.internalaudit.leaders.forms import TermFilterForm
from jiguan.internalaudit.leaders.models import LeaderTerm


def terms_for(user: Any, params: Any) -> tuple[QuerySet[LeaderTerm], TermFilterForm]:
    form = TermFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = (LeaderTerm.objects.visible_to(user)
          .select_related("person", "agency__region")
          .annotate(n_projects=Count("projects")))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(person__name__contains=d["q"].strip())
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("state") == "serving":
            qs = qs.filter(end_date__isnull=True)
        elif d.get("state") == "due":
            qs = qs.filter(end_date__isnull=False, n_projects=0)
        elif d.get("state") == "left":
            qs = qs.filter(end_date__isnull=False)
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("agency__region__path", "agency__name", "-start_date"), form


def departures_due(user: Any) -> QuerySet[LeaderTerm]:
    """Terms ended and not yet under an economic-responsibility audit."""
    return (LeaderTerm.objects.visible_to(user)
            .filter(end_date__isnull=False)
            .filter(projects__isnull=True)
            .select_related("person", "agency__region")
            .order_by("end_date", "pk"))
