"""Reads of 统一调配: the scoped case list with its filters (pages, API, export), the proposal
of rooms in the order the rules set, and the next certificate serial."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from jiguan.core.scoping import visible_or_404
from jiguan.space.allocation.forms import CaseFilterForm
from jiguan.space.allocation.models import (
    OPEN_STATUSES,
    AllocationCase,
    AllocationRoom,
    AllocationStatus,
)
from jiguan.space.allocation.rules import (
    METHOD_LABELS,
    METHOD_ORDER,
    RULE_ART23,
    ZERO,
    Candidate,
    certificate_number,
    pick_rooms,
)
from jiguan.space.compliance.models import ACTIVE_FINDING_STATUSES, Finding, FindingKind
from jiguan.space.register.models import Occupancy, Room, UseClass


def cases_for(user: Any, params: Mapping[str, Any] | None
              ) -> tuple[QuerySet[AllocationCase], CaseFilterForm]:
    """The cases the user may see, filtered by ``status`` (a status, or ``open``),
    ``method``, ``q`` (agency name or certificate number) and ``region`` (a region code,
    with its subtree). A bound form with errors gives no rows (the form says why)."""
    form = CaseFilterForm(params or None)
    qs = (AllocationCase.objects.visible_to(user)
          .select_related("agency", "agency__region"))
    if form.is_bound and not form.is_valid():
        return qs.none(), form
    d = form.cleaned_data if form.is_bound else {}
    status = d.get("status") or ""
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if d.get("method"):
        qs = qs.filter(method=d["method"])
    q = (d.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(agency__name__icontains=q) | Q(certificate_no__icontains=q))
    if d.get("region"):
        qs = qs.filter(agency__region__path__contains=f"/{d['region']}/")
    return qs.order_by("-created_at", "-id"), form


def case_or_404(user: Any, pk: int) -> AllocationCase:
    return visible_or_404(AllocationCase.objects.select_related(
        "agency", "agency__region", "reviewed_by", "approved_by"), user, pk=pk)


def vacant_rooms(path: str) -> QuerySet[Room]:
    """Office rooms under the region path with no current occupancy."""
    current = Occupancy.objects.filter(room=OuterRef("pk"), end_date__isnull=True)
    return (Room.objects.filter(building__region__path__startswith=path,
                                use_class=UseClass.OFFICE)
            .exclude(Exists(current)))


def reserved_room_ids(exclude_case: AllocationCase | None = None) -> set[int]:
    """Rooms proposed by reviewed cases waiting for approval (not offered twice)."""
    qs = AllocationRoom.objects.filter(case__status=AllocationStatus.REVIEWED)
    if exclude_case is not None:
        qs = qs.exclude(case=exclude_case)
    return set(qs.values_list("room_id", flat=True))


@dataclass
class Option:
    method: str
    feasible: bool
    rooms: list[Room] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def area(self) -> Decimal:
        return sum((r.usable_area for r in self.rooms), ZERO)


def _rooms(picked: list[Candidate]) -> list[Room]:
    by_id = Room.objects.select_related("building", "floor").in_bulk([c.room_id for c in picked])
    return [by_id[c.room_id] for c in picked]


def proposal(case: AllocationCase) -> list[Option]:
    """The methods in the order the rules set, each with the rooms it could give:
    调剂 from vacant office rooms in the agency's region (not proposed by another case),
    置换 from rooms other agencies use over the standard or leave idle (each needs a return
    first), 租用 and 建设 as routes (renting needs the government's approval)."""
    path = case.agency.region.path
    need = case.requested_area
    reserved = reserved_room_ids(case)
    vacant = [Candidate(pk, b, a) for pk, b, a in
              vacant_rooms(path).values_list("pk", "building_id", "usable_area")
              if pk not in reserved]
    picked = pick_rooms(vacant, need)
    options = [Option("reallocate", bool(picked), _rooms(picked),
                      "本区划内空置办公室" if picked else "本区划内空置办公室不足以满足需求")]
    findings = (Finding.objects.filter(kind__in=[FindingKind.OVER_STANDARD, FindingKind.VACANT],
                                       status__in=ACTIVE_FINDING_STATUSES,
                                       region_path__startswith=path, room__isnull=False)
                .exclude(agency_id=case.agency_id)
                .values_list("room_id", "room__building_id", "room__usable_area"))
    vacant_ids = {c.room_id for c in vacant}
    swap = [Candidate(r, b, a) for r, b, a in findings
            if r not in reserved and r not in vacant_ids]
    picked = pick_rooms(swap, need)
    options.append(Option("exchange", bool(picked), _rooms(picked),
                          "其他单位超标或闲置的办公室，须先办结腾退移交" if picked
                          else "无可置换的超标或闲置用房"))
    options.append(Option("rent", True, [], f"须经本级人民政府批准（{RULE_ART23}），"
                                            "由租赁登记办理"))
    options.append(Option("build", True, [], "须按规划建设程序立项审批，由建设项目登记办理"))
    return options


def feasible_methods(options: list[Option]) -> list[str]:
    return [o.method for o in options if o.feasible]


def first_feasible(options: list[Option]) -> str:
    return next((m for m in METHOD_ORDER if m in feasible_methods(options)), "build")


def next_certificate_no(*, region_code: str, year: int) -> str:
    """The first unused certificate number of the region and year."""
    prefix = certificate_number(region_code=region_code, year=year, serial=0)[:-5]
    used = set(AllocationCase.objects.filter(certificate_no__startswith=prefix)
               .values_list("certificate_no", flat=True))
    serial = len(used) + 1
    while certificate_number(region_code=region_code, year=year, serial=serial) in used:
        serial += 1
    return certificate_number(region_code=region_code, year=year, serial=serial)
