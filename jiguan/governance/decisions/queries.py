"""Reads of the major decisions shared by the pages, the API and the exports: the filtered
list (with each decision's latest legality review), the catalogue, a decision's steps in
order, and its archive's entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, Subquery

from jiguan.access.models import Region
from jiguan.governance.decisions.forms import DecisionFilterForm
from jiguan.governance.decisions.models import (
    STEP_ORDER,
    CatalogueItem,
    Decision,
    DecisionDocument,
    StepKind,
)
from jiguan.governance.reviews.models import Review, ReviewMaterial, SubjectKind


def _latest_review(field: str) -> Subquery:
    return Subquery(Review.objects.filter(subject_kind=SubjectKind.DECISION,
                                          subject_id=OuterRef("pk"))
                    .order_by("-round").values(field)[:1])


def decisions_for(user: Any, params: Any) -> tuple[Any, DecisionFilterForm]:
    form = DecisionFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Decision.objects.visible_to(user).select_related("agency__region", "catalogue_item") \
        .annotate(review_status=_latest_review("status"),
                  review_id=_latest_review("pk"))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(title__contains=d["q"])
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("year"):
            qs = qs.filter(Q(catalogue_item__year=d["year"])
                           | Q(catalogue_item__isnull=True, created_at__year=d["year"]))
        for name in ("kind", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-created_at", "-pk"), form


def catalogue_for(user: Any, year: int | None) -> Any:
    qs = CatalogueItem.objects.visible_to(user).select_related("region")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "region__path", "seq")


@dataclass(frozen=True)
class ArchiveEntry:
    """One file of the archive: its step, its title, and the stored file."""

    order: int
    step: str
    title: str
    file: Any
    added: Any


def archive_entries(decision: Decision) -> list[ArchiveEntry]:
    """Every step's documents in the order of the steps (the review's materials under
    合法性审查, every round), then in the order they were added."""
    out: list[ArchiveEntry] = []
    for doc in DecisionDocument.objects.filter(decision=decision).select_related("file"):
        out.append(ArchiveEntry(STEP_ORDER[doc.step], doc.get_step_display(), doc.title,
                                doc.file, doc.created_at))
    materials = ReviewMaterial.objects.filter(
        review__subject_kind=SubjectKind.DECISION, review__subject_id=decision.pk,
        file__isnull=False).select_related("file", "review").order_by("review__round", "seq")
    for m in materials:
        out.append(ArchiveEntry(STEP_ORDER[StepKind.LEGALITY], StepKind.LEGALITY.label,
                                f"第{m.review.round}次送审：{m.title}", m.file, m.created_at))
    out.sort(key=lambda e: (e.order, e.added))
    return out


def contracts_of(user: Any, decision: Decision) -> Any:
    """The major contracts that follow from `decision` and that the user sees (the
    contracts topic sits above this one: read through the reverse relation, no import)."""
    return decision.contracts.visible_to(user).select_related("agency") \
        .order_by("-signed_on", "-pk")
