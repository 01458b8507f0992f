"""Reads of the purchases: the filtered list (page, export and API), one purchase or 404,
the agencies a user may buy for, the catalogue in force for a buyer, the contracts whose
expiry reminder is due, and the year's figures as aggregated queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.scoping import visible_or_404
from jiguan.orgs.models import Agency
from jiguan.services.catalogue.models import Catalogue, CatalogueStatus, Supplier
from jiguan.services.catalogue.rules import ancestor_paths
from jiguan.services.purchases import rules
from jiguan.services.purchases.forms import PurchaseFilterForm
from jiguan.services.purchases.models import (
    Contract,
    ProcurementMethod,
    Purchase,
    PurchaseStatus,
)

# A purchase counts in the year's figures once its contract is signed.
COUNTED = (PurchaseStatus.CONTRACTED, PurchaseStatus.IN_SERVICE, PurchaseStatus.EVALUATED,
           PurchaseStatus.CLOSED)
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


def buyer_agencies(user: Any) -> Any:
    """Active agencies the user may register a purchase for."""
    return (Agency.objects.visible_to(user, Perm.BUY_SERVICES).active()
            .select_related("region").order_by("region__code", "name"))


def supplier_choices(user: Any) -> Any:
    return Supplier.objects.visible_to(user, Perm.VIEW_SERVICES).order_by("name")


def catalogue_in_force(region: Any, year: int) -> Catalogue | None:
    """The buyer region's catalogue of the year: its own when published, else the nearest
    published one above it (a county without its own buys from the city's or province's)."""
    return (Catalogue.objects.filter(region__path__in=ancestor_paths(region.path), year=year,
                                     status=CatalogueStatus.PUBLISHED)
            .select_related("region").order_by("-region__path").first())


def purchases_for(user: Any, params: Any) -> tuple[Any, PurchaseFilterForm]:
    form = PurchaseFilterForm(params or None,
                              regions=Region.objects.visible_to(user, Perm.VIEW_SERVICES)
                              .order_by("path"))
    qs = Purchase.objects.visible_to(user).select_related(
        "agency", "agency__region", "category", "supplier", "contract")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(title__icontains=d["q"]) | Q(supplier__name__icontains=d["q"])
                           | Q(agency__name__icontains=d["q"]))
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("method"):
            qs = qs.filter(method=d["method"])
        if d.get("category"):
            qs = qs.filter(category=d["category"])
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("expiring") is not None:
            today = dt.date.today()
            qs = qs.filter(status__in=(PurchaseStatus.CONTRACTED, PurchaseStatus.IN_SERVICE),
                           contract__end_date__gte=today,
                           contract__end_date__lte=today + dt.timedelta(days=d["expiring"]))
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "-pk"), form


def purchase_or_404(user: Any, pk: int) -> Purchase:
    return visible_or_404(Purchase.objects.select_related(
        "agency", "agency__region", "category", "supplier", "contract"), user, pk=pk)


def purchase_url(purchase: Purchase) -> str:
    return reverse("services:purchase_detail", args=[purchase.pk])


def contracts_to_remind(today: dt.date, days: int | None = None) -> Any:
    """Contracts of running purchases ending within the reminder window that have no
    reminder for their current end date yet."""
    days = rules.reminder_days() if days is None else days
    return (Contract.objects.filter(
        purchase__status__in=(PurchaseStatus.CONTRACTED, PurchaseStatus.IN_SERVICE),
        end_date__gte=today, end_date__lte=today + dt.timedelta(days=days))
        .exclude(reminded_for=F("end_date"))
        .select_related("purchase", "purchase__agency", "purchase__agency__region"))


def _child_cut(root_path: str) -> int:
    """The length of a region path one level below `root_path` (its children's codes all
    have the same length): "/330000/" → 15 for "/330000/330100/"."""
    child = (Region.objects.filter(path__startswith=root_path).exclude(path=root_path)
             .order_by("path").values_list("path", flat=True).first())
    return len(child) if child else len(root_path)


def figures(user: Any, year: int) -> dict[str, Any]:
    """The year's figures of the purchases the user sees (contract signed): the total, by
    region (one level below the user's widest region), category, method and supplier; the
    share bought competitively, the suppliers' concentration, and the province's total
    against the configured yearly scale."""
    qs = Purchase.objects.visible_to(user).filter(year=year, status__in=COUNTED)
    amount = Coalesce(Sum("contract__price"), ZERO)
    totals = qs.aggregate(total=amount, count=Count("pk"),
                          competitive=Coalesce(Sum("contract__price", filter=Q(
                              method__in=rules.COMPETITIVE)), ZERO))
    total = totals["total"]
    roots = list(Region.objects.visible_to(user, Perm.VIEW_SERVICES)
                 .order_by("path").values_list("path", flat=True)[:1])
    root = roots[0] if roots else "/"
    cut = _child_cut(root)
    by_path = list(qs.annotate(area=Substr("agency__region__path", 1, cut))
                   .values("area").annotate(amount=amount, count=Count("pk"))
                   .order_by("-amount", "area"))
    names = dict(Region.objects.filter(path__in=[r["area"] for r in by_path])
                 .values_list("path", "name"))
    by_region = [{"name": names.get(r["area"], r["area"]), "amount": r["amount"],
                  "count": r["count"], "share": rules.share(r["amount"], total)}
                 for r in by_path]
    by_category = [{**r, "share": rules.share(r["amount"], total)} for r in
                   qs.values(name=F("category__name")).annotate(amount=amount,
                                                                count=Count("pk"))
                   .order_by("-amount", "name")]
    method_labels = dict(ProcurementMethod.choices)
    by_method = [{"name": method_labels.get(r["method"], r["method"]), "method": r["method"],
                  "amount": r["amount"], "count": r["count"],
                  "share": rules.share(r["amount"], total)}
                 for r in qs.values("method").annotate(amount=amount, count=Count("pk"))
                 .order_by("-amount", "method")]
    by_supplier = [{**r, "share": rules.share(r["amount"], total)} for r in
                   qs.values(name=F("supplier__name"), credit_code=F("supplier__credit_code"))
                   .annotate(amount=amount, count=Count("pk")).order_by("-amount", "name")]
    province_total = None
    if not roots or root.count("/") <= 2:  # the user sees the whole province
        province_total = total
    scale = rules.year_scale()
    return {
        "year": year, "total": total, "count": totals["count"],
        "competitive": totals["competitive"],
        "competitive_share": rules.share(totals["competitive"], total),
        "by_region": by_region, "by_category": by_category, "by_method": by_method,
        "by_supplier": by_supplier,
        **rules.concentration(r["amount"] for r in by_supplier),
        "scale": scale, "province_total": province_total,
        "scale_share": rules.share(province_total, scale) if province_total is not None
        else None,
    }


def describe(form: Any) -> str:
    """The list filters in words (the export's header)."""
    if not getattr(form, "is_bound", False) or not form.is_valid():
        return "全部"
    parts = [f"{form.fields[k].label}：{v}" for k, v in form.cleaned_data.items()
             if v not in (None, "")]
    return "；".join(parts) or "全部"
