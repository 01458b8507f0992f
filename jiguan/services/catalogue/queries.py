"""Reads of the catalogue shared by the pages, the API and the exports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.services.catalogue.forms import (
    CatalogueFilterForm,
    PriceFilterForm,
    SupplierFilterForm,
)
from jiguan.services.catalogue.models import (
    Catalogue,
    PriceRange,
    ServiceCategory,
    ServiceItem,
    Supplier,
)


def catalogues_for(user: Any, params: Any) -> tuple[Any, CatalogueFilterForm]:
    form = CatalogueFilterForm(params or None)
    qs = Catalogue.objects.visible_to(user, Perm.VIEW_SERVICES).select_related("region",
                                                                                "parent")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "region__path"), form


def tree(items: Iterable[ServiceItem]) -> list[dict[str, Any]]:
    """Items grouped under their categories, in catalogue order."""
    by_cat: dict[int, list[ServiceItem]] = {}
    for item in items:
        by_cat.setdefault(item.category_id, []).append(item)
    return [{"category": c, "items": sorted(by_cat[c.pk], key=lambda i: i.code)}
            for c in ServiceCategory.objects.all() if c.pk in by_cat]


def catalogue_tree(catalogue: Catalogue) -> list[dict[str, Any]]:
    return tree(catalogue.items.select_related("category"))


def removed_items(catalogue: Catalogue) -> list[ServiceItem]:
    """The parent's items this catalogue dropped (what the narrowing removed)."""
    if catalogue.parent is None:
        return []
    kept = set(catalogue.items.values_list("pk", flat=True))
    return [i for i in catalogue.parent.items.order_by("code") if i.pk not in kept]


def prices_for(user: Any, params: Any) -> tuple[Any, PriceFilterForm]:
    form = PriceFilterForm(params or None)
    qs = PriceRange.objects.visible_to(user, Perm.VIEW_SERVICES).select_related(
        "region", "item", "item__category")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("category"):
            qs = qs.filter(item__category__code=d["category"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "item__code", "region__path"), form


def suppliers_for(user: Any, params: Any) -> tuple[Any, SupplierFilterForm]:
    form = SupplierFilterForm(params or None)
    qs = Supplier.objects.visible_to(user, Perm.VIEW_SERVICES).select_related("region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(name__icontains=d["q"]) | Q(credit_code__icontains=d["q"]))
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("name"), form


def describe(form: Any) -> str:
    """The list filters in words (the export's header)."""
    if not getattr(form, "is_bound", False) or not form.is_valid():
        return "全部"
    parts = [f"{form.fields[k].label}：{v}" for k, v in form.cleaned_data.items()
             if v not in (None, "")]
    return "；".join(parts) or "全部"
