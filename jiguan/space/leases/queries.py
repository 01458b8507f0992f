"""Reads of the lease register: the filtered list (page, export and API), one lease or 404,
the agencies a user may apply for, and the leases whose reminder is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.space.leases.forms import LeaseFilterForm
from jiguan.space.leases.models import Lease, LeaseStatus
from jiguan.space.leases.rules import reminder_days


def applicant_agencies(user: Any) -> Any:
    """Active agencies the user may file a lease or repair application for."""
    return (Agency.objects.visible_to(user, Perm.APPLY_SPACE).active()
            .select_related("region").order_by("region__code", "name"))


def leases_for(user: Any, params: Any) -> tuple[Any, LeaseFilterForm]:
    form = LeaseFilterForm(params or None,
                           regions=Region.objects.visible_to(user, Perm.VIEW_SPACE))
    qs = Lease.objects.visible_to(user).select_related("agency", "agency__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(lessor__icontains=d["q"]) | Q(premises__icontains=d["q"]))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("expiring") is not None:
            today = dt.date.today()
            qs = qs.filter(status=LeaseStatus.ACTIVE,
                           end_date__lte=today + dt.timedelta(days=d["expiring"]))
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("status", "end_date", "pk"), form


def lease_or_404(user: Any, pk: int) -> Lease:
    return visible_or_404(Lease.objects.select_related("agency", "agency__region",
                                                       "reviewed_by"), user, pk=pk)


def lease_url(lease: Lease) -> str:
    return reverse("space_leases:lease_detail", args=[lease.pk])


def leases_to_remind(today: dt.date, days: int | None = None) -> Any:
    """Active leases ending within the reminder window that have no reminder for their
    current end date yet."""
    days = reminder_days() if days is None else days
    return (Lease.objects.filter(status=LeaseStatus.ACTIVE, end_date__gte=today,
                                 end_date__lte=today + dt.timedelta(days=days))
            .exclude(reminded_for=F("end_date"))
            .select_related("agency", "agency__region"))

