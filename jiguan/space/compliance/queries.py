"""Reads of 统一规范使用: the regions and the small SQL helpers the compute and the sync
share, the roll-ups (a GROUP BY over findings and tallies), an agency's report with its
approved area, and the scoped finding lists the pages and the API both use."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import Count, F, Sum
from django.db.models.functions import Cast, Round
from django.shortcuts import get_object_or_404

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Perm
from jiguan.access.scope import scope_root, sees_whole_region
from jiguan.core.db.batches import batched
from jiguan.core.types import AuthedRequest
from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.space.compliance.forms import FindingFilterForm
from jiguan.space.compliance.models import (
    ACTIVE_FINDING_STATUSES,
    ComplianceTally,
    Finding,
    FindingKind,
    FindingQuerySet,
    under_region,
)
from jiguan.space.compliance.rules import (
    BASIC_CLASSES,
    CENT,
    ZERO,
    AgencyApproval,
    Limits,
    RegionRow,
    agency_approval,
    is_sub_provincial,
)
from jiguan.space.register.models import Occupancy, Occupant, Room, UseClass
from jiguan.space.standards import rules

CHUNK = 900  # SQLite's default bound-parameter limit is 999


def cents_of(expression: str) -> Cast:
    """An area column as whole hundredths (exact ints: no Decimal conversion per row)."""
    return Cast(Round(F(expression) * 100), models.BigIntegerField())


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    return batched(items, size)


def raw_rows(qs: Any, size: int = 20000) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list() query as the driver returns them: no per-value
    converters (dates may come back as ISO text on SQLite: see :func:`as_date`)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def load_regions() -> dict[int, RegionRow]:
    return {pk: RegionRow(path, parent, sub) for pk, path, parent, sub in
            Region.objects.values_list("id", "path", "parent_id", "sub_provincial")}


@dataclass
class RollupRow:
    label: str
    region_code: str = ""  # drill-down target (a child region)
    agency_id: int | None = None  # drill-down target (an agency report)
    counts: dict[str, int] = field(default_factory=dict)  # active findings by kind
    fixed: int = 0  # 已整改 + 已核验
    over_area: Decimal = ZERO  # m² above standard, open over-standard offices
    over_approved_area: Decimal = ZERO  # m² above agencies' approved area
    vacant_area: Decimal = ZERO
    office_rooms: int = 0

    @property
    def active(self) -> int:
        return sum(self.counts.values())

    @property
    def kind_counts(self) -> list[int]:
        """Active findings per kind, in the order of ``FindingKind``."""
        return [self.counts.get(kind, 0) for kind in FindingKind.values]

    @property
    def kind_items(self) -> list[tuple[str, int]]:
        """(kind, active count) in the order of ``FindingKind``: the roll-up's cells, each
        a link to the findings it counts."""
        return list(zip(FindingKind.values, self.kind_counts, strict=True))

    @property
    def over_rooms(self) -> int:
        return self.counts.get(FindingKind.OVER_STANDARD, 0)

    @property
    def over_share(self) -> Decimal | None:
        """Over-standard offices as a percentage of office rooms."""
        if not self.office_rooms:
            return None
        return (Decimal(self.over_rooms) * 100 / self.office_rooms).quantize(CENT)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    def add(self, kind: str, status: str, n: int, measure: Decimal) -> None:
        if status in ACTIVE_FINDING_STATUSES:
            self.counts[kind] = self.counts.get(kind, 0) + n
            if kind == FindingKind.OVER_STANDARD:
                self.over_area += measure
            elif kind == FindingKind.AGENCY_OVER_APPROVED:
                self.over_approved_area += measure
            elif kind == FindingKind.VACANT:
                self.vacant_area += measure
        else:
            self.fixed += n


@dataclass
class Rollup:
    region: Region
    rows: list[RollupRow]
    total: RollupRow
    by_agency: bool


def rollup(user: Any, region: Region) -> Rollup:
    """Findings of ``region`` per child: province → cities, city → counties, county (or
    township) → agencies; one GROUP BY over the findings and one over the tallies."""
    covered = sees_whole_region(user, Perm.VIEW_SPACE, region)
    findings = Finding.objects.all() if covered else Finding.objects.visible_to(user)
    tallies = ComplianceTally.objects.all() if covered else ComplianceTally.objects.none()
    office_by_agency: dict[int, int] = {}
    if region.level == RegionLevel.PROVINCE:
        group, by_agency = "city_code", False
        if region.parent_id is not None:  # pragma: no cover - one province per deployment
            findings = findings.filter(region_path__startswith=region.path)
        tallies = tallies.filter(region_path__startswith=region.path)
    elif region.level == RegionLevel.CITY:
        group, by_agency = "county_code", False
        findings = findings.filter(city_code=region.code)
        tallies = tallies.filter(city_code=region.code)
    else:
        group, by_agency = "agency_id", True
        findings = findings.filter(region_path__startswith=region.path)
    rows: dict[Any, RollupRow] = {}
    if not by_agency:
        for child in Region.objects.filter(parent=region).order_by("code"):
            rows[child.code] = RollupRow(label=child.name, region_code=child.code)
        own = "省本级" if region.level == RegionLevel.PROVINCE else "市本级"
        rows[""] = RollupRow(label=f"{region.name}（{own}）")
        for code, n in tallies.values_list(group).annotate(n=Sum("office_rooms")).order_by():
            rows.setdefault(code, RollupRow(label=code, region_code=code)).office_rooms = n or 0
    else:
        office = (Occupancy.objects.filter(end_date__isnull=True,
                                           room__use_class=UseClass.OFFICE,
                                           room__building__region__path__startswith=region.path)
                  .values_list("agency_id").annotate(n=Count("id")).order_by())
        if covered:
            office_by_agency = dict(office)
            for agency_id in office_by_agency:
                rows[agency_id] = RollupRow(label=str(agency_id), agency_id=agency_id)
    for key, kind, status, n, measure in (
            findings.values_list(group, "kind", "status")
            .annotate(n=Count("id"), m=Sum("measure")).order_by()):
        if key not in rows:
            rows[key] = RollupRow(label=str(key or "未分配单位"),
                                  region_code=key if not by_agency else "",
                                  agency_id=key if by_agency else None)
        rows[key].add(kind, status, n, measure or ZERO)
    if by_agency:
        names = dict(Agency.objects.filter(pk__in=[k for k in rows if k]).values_list("id",
                                                                                      "name"))
        for key, row in rows.items():
            if key:
                row.label = names.get(key, str(key))
                row.office_rooms = office_by_agency.get(key, 0)
    ordered = [r for k, r in rows.items() if k != ""] + ([rows[""]] if "" in rows else [])
    if by_agency:
        ordered.sort(key=lambda r: (-r.active, r.label))
    ordered = [r for r in ordered if r.active or r.fixed or r.office_rooms or r.region_code]
    total = RollupRow(label="合计")
    for r in ordered:
        for kind, n in r.counts.items():
            total.counts[kind] = total.counts.get(kind, 0) + n
        total.fixed += r.fixed
        total.over_area += r.over_area
        total.over_approved_area += r.over_approved_area
        total.vacant_area += r.vacant_area
        total.office_rooms += r.office_rooms
    return Rollup(region=region, rows=ordered, total=total, by_agency=by_agency)


@dataclass
class AgencyRoom:
    room: Room
    occupants: list[Occupant]
    limit_total: Decimal | None
    state: str


@dataclass
class AgencyReport:
    agency: Agency
    rooms: list[AgencyRoom]
    approval: AgencyApproval
    used_by_class: dict[str, Decimal]
    used_basic: Decimal
    findings: list[Finding]

    @property
    def excess(self) -> Decimal:
        return max(self.used_basic - self.approval.usable, ZERO)


def agency_report(agency: Agency, findings: Iterable[Finding]) -> AgencyReport:
    """The agency's rooms (current allocations), its approved area from its serving people,
    and its findings (already scoped by the caller)."""
    regions = load_regions()
    limits = Limits()
    sub = is_sub_provincial(regions, agency.region_id)
    allocations = (Occupancy.objects.filter(agency=agency, end_date__isnull=True)
                   .select_related("room__building", "room__floor")
                   .order_by("room__building__name", "room__number"))
    rooms: list[AgencyRoom] = []
    used: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_type: dict[str, Decimal] = defaultdict(lambda: ZERO)
    seated: dict[int, list[Occupant]] = defaultdict(list)
    room_ids = [a.room_id for a in allocations]
    for chunk in chunks(room_ids):
        for occ in (Occupant.objects.filter(room_id__in=chunk, end_date__isnull=True)
                    .select_related("person__agency")):
            seated[occ.room_id].append(occ)
    for alloc in allocations:
        room = alloc.room
        used[room.use_class] += room.usable_area
        if room.use_class in BASIC_CLASSES:
            by_type[room.building.building_type] += room.usable_area
        occupants = seated.get(room.pk, [])
        limit_total: Decimal | None = None
        state = "other"
        if room.use_class == UseClass.OFFICE:
            known = [lim for lim in (
                limits.get(o.person.agency.level, o.person.rank,
                           is_sub_provincial(regions, o.person.agency.region_id))
                for o in occupants) if lim is not None]
            check = rules.check_office_room(usable_area=room.usable_area,
                                            occupant_limits=known)
            limit_total = check.limit_total if known else None
            state = str(check.status) if (known or not occupants) else "compliant"
        elif occupants:
            state = "against_class"
        rooms.append(AgencyRoom(room, occupants, limit_total, state))
    rank_counts = dict(Person.objects.filter(agency=agency, status=PersonStatus.SERVING)
                       .values_list("rank").annotate(n=Count("id")).order_by())
    btype = max(sorted(by_type), key=lambda t: by_type[t]) if by_type else "multi"
    approval = agency_approval(level=agency.level, region_sub_provincial=sub,
                               rank_counts=rank_counts, building_type=btype, limits=limits,
                               authorized_headcount=agency.authorized_headcount)
    used_basic = sum((used[c] for c in BASIC_CLASSES), ZERO)
    return AgencyReport(agency, rooms, approval, dict(used), used_basic, list(findings))




def visible_regions(user: Any) -> Any:
    return Region.objects.visible_to(user, Perm.VIEW_SPACE)


def region_from(request: AuthedRequest) -> Region:
    code = request.GET.get("region", "").strip()
    if not code:
        return scope_root(request.user, Perm.VIEW_SPACE)
    return get_object_or_404(visible_regions(request.user), code=code)


def findings_for(user: Any, params: Any) -> tuple[FindingQuerySet, FindingFilterForm]:
    form = FindingFilterForm(params or None, regions=visible_regions(user))
    qs = Finding.objects.visible_to(user).select_related(
        "region", "agency", "room", "room__building", "building", "person")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("status") == "active":
            qs = qs.active()
        elif d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("region"):
            qs = qs.filter(under_region(d["region"].path))
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
    elif form.is_bound:
        qs = qs.none()
    # The largest first: what a bureau rectifies first (Finding.measure is the excess or
    # vacant area in m², or a count of offices for the kinds without an area).
    return qs.order_by("-measure", "region_path", "kind", "id"), form


def finding_or_404(request: AuthedRequest, pk: int) -> Finding:
    return get_object_or_404(Finding.objects.visible_to(request.user).select_related(
        "region", "agency", "room", "room__building", "building", "person", "verified_by"),
        pk=pk)
