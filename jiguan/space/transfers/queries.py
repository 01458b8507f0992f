"""Reads of asset transfer shared by the pages, the API and the exports."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.scoping import visible_or_404
from jiguan.space.transfers.forms import BatchFilterForm
from jiguan.space.transfers.models import (
    TransferBatch,
    TransferBatchQuerySet,
    TransferItem,
    TransferItemQuerySet,
)


def visible_regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.VIEW_SPACE).order_by("code")


def writable_regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.CHANGE_SPACE).order_by("code")


def _filter(qs: Any, form: BatchFilterForm, prefix: str) -> Any:
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(**{f"{prefix}number__icontains": d["q"]})
                           | Q(**{f"{prefix}agency__name__icontains": d["q"]}))
        if d.get("status"):
            qs = qs.filter(**{f"{prefix}status": d["status"]})
        if d.get("region"):
            qs = qs.filter(**{f"{prefix}region__path__startswith": d["region"].path})
        if d.get("year"):
            qs = qs.filter(**{f"{prefix}transfer_date__year": d["year"]})
    elif form.is_bound:
        qs = qs.none()
    return qs


def batches_for(user: Any, params: Mapping[str, str] | None
                ) -> tuple[TransferBatchQuerySet, BatchFilterForm]:
    form = BatchFilterForm(params or None, regions=visible_regions(user))
    qs = TransferBatch.objects.visible_to(user).select_related("region", "agency")
    return _filter(qs, form, "").order_by("-created_at", "-id"), form


def ledger_for(user: Any, params: Mapping[str, str] | None
               ) -> tuple[TransferItemQuerySet, BatchFilterForm]:
    """The transfer ledger (移交台账): one row per building transferred or in transfer."""
    form = BatchFilterForm(params or None, regions=visible_regions(user))
    qs = TransferItem.objects.visible_to(user).select_related(
        "batch", "batch__region", "batch__agency", "building", "building__region")
    return _filter(qs, form, "batch__").order_by("-batch__transfer_date", "batch__number",
                                                 "building__code"), form


def totals(items: Any) -> dict[str, Decimal]:
    agg = items.aggregate(o=Sum("original_value"), d=Sum("depreciation"), b=Sum("book_value"))
    return {"original_value": agg["o"] or Decimal(0), "depreciation": agg["d"] or Decimal(0),
            "book_value": agg["b"] or Decimal(0)}


def batch_or_404(user: Any, pk: int) -> TransferBatch:
    batch: TransferBatch = visible_or_404(
        TransferBatch.objects.select_related("region", "agency", "agency__region",
                                             "agency_confirmed_by", "finance_confirmed_by"),
        user, pk=pk)
    return batch


def batch_url(batch: TransferBatch) -> str:
    return reverse("space_transfers:batch_detail", args=[batch.pk])
