"""Reads of 腾退移交: the scoped case list with its filters (pages, API, export) and what the
scan looks for (people who left or whose concurrent post ended, abolished agencies still
using rooms, over-standard and idle rooms from the compliance findings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jiguan.core.scoping import visible_or_404
from jiguan.space.register.models import Occupancy, Occupant
from jiguan.space.returns.forms import CaseFilterForm
from jiguan.space.returns.models import OPEN_STATUSES, ReturnCase, ReturnReason, ReturnRoom


def cases_for(user: Any, params: Mapping[str, Any] | None, today: dt.date | None = None
              ) -> tuple[QuerySet[ReturnCase], CaseFilterForm]:
    """The cases the user may see, filtered by ``status`` (a status, or ``open``),
    ``reason``, ``overdue`` (open and past the deadline), ``q`` (agency or person name) and
    ``region`` (a region code, with its subtree). A bound form with errors gives no rows."""
    form = CaseFilterForm(params or None)
    qs = ReturnCase.objects.visible_to(user).select_related("agency", "agency__region",
                                                            "person")
    if form.is_bound and not form.is_valid():
        return qs.none(), form
    d = form.cleaned_data if form.is_bound else {}
    status = d.get("status") or ""
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if d.get("reason"):
        qs = qs.filter(reason=d["reason"])
    if d.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=today or timezone.localdate())
    q = (d.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(agency__name__icontains=q) | Q(person__name__icontains=q))
    if d.get("region"):
        qs = qs.filter(agency__region__path__contains=f"/{d['region']}/")
    return qs.order_by("status", "due_date", "-id"), form


def case_or_404(user: Any, pk: int) -> ReturnCase:
    return visible_or_404(ReturnCase.objects.select_related(
        "agency", "agency__region", "person", "finding"), user, pk=pk)


def rooms_in_open_cases(room_ids: list[int]) -> dict[int, int]:
    """Room id → open case id, for rooms already being handed back."""
    return dict(ReturnRoom.objects.filter(room_id__in=room_ids, case__status__in=OPEN_STATUSES,
                                          occupant__isnull=True)
                .values_list("room_id", "case_id"))


def open_person_cases(person_ids: list[int]) -> set[int]:
    return set(ReturnCase.objects.filter(person_id__in=person_ids, status__in=OPEN_STATUSES)
               .values_list("person_id", flat=True))


def current_occupancies(agency: Any, room_ids: list[int]) -> dict[int, Occupancy]:
    return {o.room_id: o for o in Occupancy.objects.filter(
        agency=agency, room_id__in=room_ids, end_date__isnull=True).select_related("room")}


def person_seats(person: Any, reason: str) -> list[Occupant]:
    """The open seats a person's case gives back: every office after leaving; only the
    offices of ended concurrent posts after a concurrent post ends."""
    qs = Occupant.objects.filter(person=person, end_date__isnull=True).select_related(
        "room", "room__building", "concurrent_post")
    if reason == ReturnReason.CONCURRENT_ENDED:
        qs = qs.filter(concurrent_post__isnull=False, concurrent_post__end_date__isnull=False)
    return list(qs)


def overdue_count(user: Any) -> int:
    """Open returns in the user's scope past their deadline (the landing figure)."""
    return ReturnCase.objects.visible_to(user).filter(
        status__in=OPEN_STATUSES, due_date__lt=timezone.localdate()).count()
