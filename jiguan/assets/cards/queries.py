"""Reads of the units' state assets shared by the pages, the API and the exports: the
filtered card and matter lists, the matters waiting for a user, and the yearly asset report
(资产年报) per unit and rolled up by region, from aggregated queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.db.models.functions import Substr

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.assets.cards.forms import CardFilterForm, MatterFilterForm
from jiguan.assets.cards.models import AssetCard, AssetClass, Matter, MatterStatus
from jiguan.orgs.models import Agency

ZERO = Decimal(0)


def cards_for(user: Any, params: Any, *, agency_id: int | None = None
              ) -> tuple[Any, CardFilterForm]:
    """The cards in the user's scope, filtered by the list's form (`params`); the API's
    `agency_id` filters by the agency's id (the page's form takes its name or credit code)."""
    form = CardFilterForm(params or None,
                          regions=Region.objects.visible_to(user, Perm.VIEW_ASSETS))
    qs = AssetCard.objects.visible_to(user).select_related(
        "asset_class", "agency", "agency__region", "building", "room__building")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(card_no__icontains=d["q"]) | Q(name__icontains=d["q"]))
        if d.get("asset_class"):
            qs = qs.filter(asset_class__code__startswith=d["asset_class"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("agency"):
            text = d["agency"].strip()
            qs = qs.filter(Q(agency__name__icontains=text)
                           | Q(agency__credit_code=text.upper()))
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("building"):
            qs = qs.filter(building__code=d["building"].strip())
    elif form.is_bound:
        qs = qs.none()
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs, form


def matters_for(user: Any, params: Any) -> tuple[Any, MatterFilterForm]:
    form = MatterFilterForm(params or None)
    qs = Matter.objects.visible_to(user).select_related("agency", "agency__region")
    if form.is_valid():
        for name in ("kind", "status"):
            if form.cleaned_data.get(name):
                qs = qs.filter(**{name: form.cleaned_data[name]})
    elif form.is_bound:
        qs = qs.none()
    return qs, form


# -- the yearly report -----------------------------------------------------------------------


@dataclass
class ReportRow:
    key: str
    label: str
    region: str = ""
    count: int = 0
    value: Decimal = ZERO
    by_class: dict[str, Decimal] = field(default_factory=dict)
    added: Decimal = ZERO
    disposed: Decimal = ZERO
    class_values: list[Decimal] = field(default_factory=list)  # in the report's class order

    def add(self, other: ReportRow) -> None:
        self.count += other.count
        self.value += other.value
        self.added += other.added
        self.disposed += other.disposed
        for k, v in other.by_class.items():
            self.by_class[k] = self.by_class.get(k, ZERO) + v


@dataclass
class Report:
    year: int
    classes: list[tuple[str, str]]          # the top classes (code, name)
    units: list[ReportRow]
    regions: list[ReportRow]
    total: ReportRow


def city_code(path: str) -> str:
    """The city (市) of a region path; a province-level row is its own."""
    parts = [p for p in path.strip("/").split("/") if p]
    return parts[1] if len(parts) > 1 else parts[0]


def yearly_report(user: Any, year: int) -> Report:
    """Each unit's assets held at the end of `year` by top class (count and original value),
    what it acquired and disposed of in the year; the same rolled up by city. Three grouped
    queries over the cards the user sees."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cards = AssetCard.objects.visible_to(user)
    held = (cards.filter(acquired_on__lte=end)
            .filter(Q(disposed_on__isnull=True) | Q(disposed_on__gt=end))
            .annotate(top=Substr("asset_class__code", 1, 1))
            .values("agency_id", "agency__name", "agency__region__path", "agency__region__name",
                    "top").annotate(n=Sum("quantity"), v=Sum("value")).order_by())
    added = dict(cards.filter(acquired_on__range=(start, end)).values("agency_id")
                 .annotate(v=Sum("value")).values_list("agency_id", "v").order_by())
    gone = dict(cards.filter(disposed_on__range=(start, end)).values("agency_id")
                .annotate(v=Sum("value")).values_list("agency_id", "v").order_by())
    units: dict[int, ReportRow] = {}
    paths: dict[int, str] = {}
    for r in held:
        row = units.setdefault(r["agency_id"], ReportRow(
            str(r["agency_id"]), r["agency__name"], r["agency__region__name"]))
        paths[r["agency_id"]] = r["agency__region__path"]
        row.count += r["n"] or 0
        row.value += r["v"] or ZERO
        row.by_class[r["top"]] = row.by_class.get(r["top"], ZERO) + (r["v"] or ZERO)
    missing = (set(added) | set(gone)) - set(units)
    for a in Agency.objects.filter(pk__in=missing).select_related("region"):
        units[a.pk] = ReportRow(str(a.pk), a.name, a.region.name)
        paths[a.pk] = a.region.path
    for pk, row in units.items():
        row.added = added.get(pk) or ZERO
        row.disposed = gone.get(pk) or ZERO
    cities: dict[str, ReportRow] = {}
    names = dict(Region.objects.filter(code__in={city_code(p) for p in paths.values()})
                 .values_list("code", "name"))
    total = ReportRow("", "合计")
    for pk, row in units.items():
        code = city_code(paths[pk])
        cities.setdefault(code, ReportRow(code, names.get(code, code))).add(row)
        total.add(row)
    classes = list(AssetClass.objects.filter(level=1).order_by("code")
                   .values_list("code", "name"))
    for row in [*units.values(), *cities.values(), total]:
        row.class_values = [row.by_class.get(code, ZERO) for code, _ in classes]
    return Report(year=year, classes=classes,
                  units=sorted(units.values(), key=lambda r: (paths[int(r.key)], r.label)),
                  regions=sorted(cities.values(), key=lambda r: r.key), total=total)


def waiting_for(user: Any) -> Any:
    return Matter.objects.visible_to(user).filter(
        status__in=(MatterStatus.APPROVING, MatterStatus.APPROVED)).select_related("agency")
