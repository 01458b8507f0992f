"""Every write of the catalogue: publish the province's catalogue, narrow it for a city or
county, publish that, set reference prices, register suppliers. One transaction and one
audit row each; the rules refuse here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jiguan.audit.record import diff, record, snapshot
from jiguan.orgs.rules import credit_code_problem, normalize_credit_code
from jiguan.services.catalogue import rules
from jiguan.services.catalogue.models import (
    Catalogue,
    CatalogueStatus,
    NegativeEntry,
    PriceRange,
    ServiceItem,
    Supplier,
)


def check_not_negative(name: str, *, field: str = "items") -> None:
    """Refuse a name that falls on the negative list (第十条), citing the clause."""
    entry = rules.negative_hit(name, NegativeEntry.objects.all())
    if entry is not None:
        raise ValidationError({field: rules.negative_refusal(name, entry)})


def parent_catalogue(region: Any, year: int) -> Catalogue | None:
    """The nearest published catalogue above `region` for `year`."""
    paths = rules.ancestor_paths(region.path)[1:]
    return (Catalogue.objects.filter(region__path__in=paths, year=year,
                                     status=CatalogueStatus.PUBLISHED)
            .select_related("region").order_by("-region__path").first())


@transaction.atomic
def catalogue_create(*, region: Any, year: int, title: str, doc_no: str = "",
                     items: Iterable[ServiceItem] | None = None, actor: Any) -> Catalogue:
    """A draft catalogue. At the province root it lists the items given (all items when none
    are given); below, it starts from the nearest published catalogue above and may only
    keep a subset of its items."""
    if Catalogue.objects.filter(region=region, year=year).exists():
        raise ValidationError({"year": f"{region.name}{year}年度已有目录"})
    parent = None
    chosen = list(items) if items is not None else None
    if region.parent_id is not None:
        parent = parent_catalogue(region, year)
        if parent is None:
            raise ValidationError({"year": f"上级尚未发布{year}年度指导性目录，不能编制本级目录"})
        parent_items = list(parent.items.all())
        if chosen is None:
            chosen = parent_items
        refusal = rules.narrowing_refusal([i.code for i in parent_items],
                                          [i.code for i in chosen])
        if refusal:
            raise ValidationError({"items": refusal})
    elif chosen is None:
        chosen = list(ServiceItem.objects.all())
    for item in chosen:
        check_not_negative(item.name)
    if not chosen:
        raise ValidationError({"items": "目录至少应包含一个服务事项"})
    c = Catalogue(region=region, year=year, title=title, doc_no=doc_no, parent=parent,
                  created_by=actor, updated_by=actor)
    c.full_clean()
    c.save()
    c.items.set(chosen)
    record(actor=actor, event="services.catalogue.created", target=c,
           changes={"title": [None, title], "year": [None, year],
                    "parent": [None, str(parent) if parent else None],
                    "items": [None, sorted(i.code for i in chosen)]})
    return c


@transaction.atomic
def catalogue_narrow(*, catalogue: Catalogue, items: Iterable[ServiceItem],
                     actor: Any) -> dict[str, Any]:
    """Change a draft's items: below the province only within the parent's items."""
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if catalogue.is_published:
        raise ValidationError({"items": "已发布的目录不能修改"})
    chosen = list(items)
    if not chosen:
        raise ValidationError({"items": "目录至少应包含一个服务事项"})
    if catalogue.parent_id is not None:
        assert catalogue.parent is not None
        refusal = rules.narrowing_refusal(
            catalogue.parent.items.values_list("code", flat=True), [i.code for i in chosen])
        if refusal:
            raise ValidationError({"items": refusal})
    for item in chosen:
        check_not_negative(item.name)
    before = sorted(catalogue.items.values_list("code", flat=True))
    after = sorted(i.code for i in chosen)
    if before != after:
        catalogue.items.set(chosen)
        catalogue.updated_by = actor
        catalogue.save(update_fields=["updated_by", "updated_at"])
        record(actor=actor, event="services.catalogue.narrowed", target=catalogue,
               changes={"items": [before, after]})
    return {"removed": sorted(set(before) - set(after)), "kept": after}


@transaction.atomic
def catalogue_publish(*, catalogue: Catalogue, on: dt.date | None = None,
                      doc_no: str | None = None, actor: Any) -> Catalogue:
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if catalogue.is_published:
        raise ValidationError({"status": "目录已发布"})
    if not catalogue.items.exists():
        raise ValidationError({"items": "目录至少应包含一个服务事项"})
    catalogue.status = CatalogueStatus.PUBLISHED
    catalogue.published_on = on or dt.date.today()
    if doc_no is not None:
        catalogue.doc_no = doc_no
    catalogue.updated_by = actor
    catalogue.save()
    record(actor=actor, event="services.catalogue.published", target=catalogue,
           changes={"status": [CatalogueStatus.DRAFT, CatalogueStatus.PUBLISHED],
                    "published_on": [None, catalogue.published_on],
                    "doc_no": [None, catalogue.doc_no]})
    return catalogue


PRICE_FIELDS = ("low", "high", "note")


@transaction.atomic
def price_set(*, region: Any, item: ServiceItem, year: int, low: Decimal, high: Decimal,
              note: str = "", actor: Any) -> PriceRange:
    """Set (create or change) the reference price range of an item in a region and year."""
    if low > high:
        raise ValidationError({"high": "参考价上限不能低于下限"})
    check_not_negative(item.name, field="item")
    p = (PriceRange.objects.select_for_update()
         .filter(region=region, item=item, year=year).first())
    before = snapshot(p, PRICE_FIELDS) if p else dict.fromkeys(PRICE_FIELDS)
    if p is None:
        p = PriceRange(region=region, item=item, year=year, created_by=actor)
    p.low, p.high, p.note = low, high, note
    p.updated_by = actor
    p.full_clean()
    p.save()
    changes = diff(before, snapshot(p, PRICE_FIELDS))
    if changes:
        record(actor=actor, event="services.price.set", target=p, changes=changes)
    return p


def reference_price(region: Any, item: ServiceItem, year: int) -> PriceRange | None:
    """The range in force for a region: its own, else the nearest above."""
    return (PriceRange.objects.filter(region__path__in=rules.ancestor_paths(region.path),
                                      item=item, year=year)
            .select_related("region").order_by("-region__path").first())


SUPPLIER_FIELDS = ("name", "credit_code", "kind", "contact", "phone")


@transaction.atomic
def supplier_register(*, data: Mapping[str, Any], region: Any, actor: Any) -> Supplier:
    """Register a supplier: its credit code checked (GB 32100, the orgs checker) and its
    kind eligible (第八条)."""
    code = normalize_credit_code(str(data.get("credit_code", "")))
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError({"credit_code": problem})
    if Supplier.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": f"统一社会信用代码 {code} 已登记"})
    refusal = rules.supplier_refusal(str(data.get("kind", "")))
    if refusal:
        raise ValidationError({"kind": refusal})
    s = Supplier(region=region, created_by=actor, updated_by=actor)
    for k in SUPPLIER_FIELDS:
        if k in data:
            setattr(s, k, data[k])
    s.credit_code = code
    s.full_clean()
    s.save()
    record(actor=actor, event="services.supplier.registered", target=s,
           changes={k: [None, v] for k, v in snapshot(s, SUPPLIER_FIELDS).items() if v})
    return s
