"""From the register to the solver and back: the groups and rooms of a region, the plan's
lines and its figures before and after (reads only; the actions write)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings
from django.db.models import Exists, OuterRef

from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.space.compliance.queries import load_regions
from jiguan.space.compliance.rules import Limits, is_sub_provincial
from jiguan.space.optimiser import solver
from jiguan.space.optimiser.models import MoveKind, RoomPin
from jiguan.space.register.models import Building, Occupancy, Occupant, Room, UseClass

CENT = Decimal("0.01")


def cents(area: Decimal | None) -> int:
    return int((Decimal(area or 0) * 100).to_integral_value())


def m2(c: int) -> Decimal:
    return (Decimal(c) / 100).quantize(CENT)


def settings() -> solver.Settings:
    """The solver's tuning, from ``JIGUAN_OPTIMISER`` (a dict of Settings fields)."""
    conf = getattr(django_settings, "JIGUAN_OPTIMISER", None) or {}
    return solver.Settings(**conf)


@dataclass
class Line:
    """One line of the plan, as the action stores it (a PlanMove)."""

    kind: str
    agency_id: int
    people: str = ""
    person_ids: list[int] = field(default_factory=list)
    from_room_id: int | None = None
    to_room_id: int | None = None
    limit_c: int = 0
    before_c: int = 0
    after_c: int = 0


@dataclass
class Problem:
    """A region's register as the solver sees it, with what the lines need to be named."""

    groups: list[solver.Group]
    rooms: list[solver.Room]
    office_rooms: dict[int, int]  # every office room of the region → area (0.01 m²)
    holders: dict[int, int]  # room → agency it is allocated to
    people: dict[str, list[tuple[int, str]]]  # group key → (person id, name)
    fixed_rooms: set[int]  # office rooms whose people stay (compliant or pinned)
    present: set[tuple[int, int]]  # (agency, building) pairs of the rooms that stay


def load(region_path: str) -> Problem:
    """The problem of the region at ``region_path`` (its subtree): the groups with a problem
    and the rooms they may take. Pinned rooms keep their people and stay as they are. A
    group's zone is the region of its building (people without an office: their agency's
    region); it takes rooms of that region's buildings only (the rooms of a county are
    registered to, and allocated by, that county's bureau: 办法第五条)."""
    regions = load_regions()
    limits = Limits()
    agencies = {pk: (level, rid) for pk, level, rid in Agency.objects.filter(
        region__path__startswith=region_path).values_list("id", "level", "region_id")}

    def limit_c(agency_id: int, rank: str) -> int | None:
        if agency_id not in agencies:
            level, rid = Agency.objects.values_list("level", "region_id").get(pk=agency_id)
            agencies[agency_id] = (level, rid)
        level, rid = agencies[agency_id]
        value = limits.get(level, rank, is_sub_provincial(regions, rid))
        return None if value is None else cents(value)

    rooms_qs = Room.objects.filter(building__region__path__startswith=region_path)
    room_rows = {pk: (b, cls, area) for pk, b, cls, area in rooms_qs.values_list(
        "id", "building_id", "use_class", "usable_area")}
    building_region = dict(Building.objects.filter(region__path__startswith=region_path)
                           .values_list("id", "region_id"))
    holders = dict(Occupancy.objects.filter(room__in=rooms_qs, end_date__isnull=True)
                   .values_list("room_id", "agency_id"))
    pinned = set(RoomPin.objects.filter(room__in=rooms_qs).values_list("room_id", flat=True))
    seated: dict[int, list[tuple[int, str, int, str]]] = defaultdict(list)
    for room_id, pid, name, agency_id, rank in Occupant.objects.filter(
            room__in=rooms_qs, end_date__isnull=True).order_by("room_id", "person_id").values_list(
            "room_id", "person_id", "person__name", "person__agency_id", "person__rank"):
        seated[room_id].append((pid, name, agency_id, rank))

    office = UseClass.OFFICE.value
    groups: list[solver.Group] = []
    people: dict[str, list[tuple[int, str]]] = {}
    movable_rooms: set[int] = set()
    fixed: set[int] = set()
    for room_id in sorted(seated):
        b_id, cls, area = room_rows[room_id]
        members = seated[room_id]
        lims = [limit_c(a, rank) for _, _, a, rank in members]
        if room_id in pinned or any(v is None for v in lims):
            if cls == office:
                fixed.add(room_id)
            continue  # pinned, or a rank the standard does not know: no verdict, no move
        total = sum(v for v in lims if v is not None)
        agency = holders.get(room_id) or members[0][2]
        area_c = cents(area)
        if cls == office and area_c <= total:
            fixed.add(room_id)
            continue
        key = f"room:{room_id}"
        groups.append(solver.Group(key, agency, total, room_id, cls == office,
                                   0 if cls == office else area_c, b_id,
                                   zone=building_region[b_id]))
        people[key] = [(pid, name) for pid, name, _, _ in members]
        if cls == office:
            movable_rooms.add(room_id)
    # The building where each agency holds most rooms: where its people without an office
    # would rather go.
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    for room_id, agency_id in holders.items():
        counts[agency_id][room_rows[room_id][0]] += 1
    home = {a: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for a, c in counts.items()}
    # Serving people of the region's agencies without any office: the agencies' shortage.
    unseated = (Person.objects.filter(agency__region__path__startswith=region_path,
                                      status=PersonStatus.SERVING)
                .exclude(Exists(Occupant.objects.filter(person=OuterRef("pk"),
                                                        end_date__isnull=True)))
                .order_by("id").values_list("id", "name", "agency_id", "rank"))
    for pid, name, agency_id, rank in unseated:
        lim = limit_c(agency_id, rank)
        if lim is None:
            continue
        key = f"person:{pid}"
        groups.append(solver.Group(key, agency_id, lim, None, building_id=home.get(agency_id),
                                   zone=agencies[agency_id][1]))
        people[key] = [(pid, name)]
    office_rooms = {pk: cents(area) for pk, (_, cls, area) in room_rows.items() if cls == office}
    candidates = [
        solver.Room(pk, room_rows[pk][0], office_rooms[pk], holders.get(pk),
                    zone=building_region[room_rows[pk][0]])
        for pk in sorted(office_rooms)
        if pk not in pinned and (pk not in seated or pk in movable_rooms)
    ]
    in_model = {r.id for r in candidates}
    present = {(agency_id, room_rows[room_id][0]) for room_id, agency_id in holders.items()
               if room_id not in in_model}
    return Problem(groups, candidates, office_rooms, holders, people, fixed, present)


def figures(problem: Problem, choice: dict[str, int | None] | None) -> dict[str, Any]:
    """The region's figures with every group where ``choice`` puts it (None: as now):
    over-standard area and rooms, shortage, area used against its class, vacant offices."""
    over = short = against = 0
    over_rooms = against_rooms = unseated = 0
    occupied = set(problem.fixed_rooms)
    for g in problem.groups:
        where = g.room_id if choice is None else choice.get(g.key, g.room_id)
        if where is None:
            short += g.limit_c
            unseated += len(problem.people.get(g.key, [])) or 1
            continue
        if where not in problem.office_rooms:
            against += g.room_area_c
            against_rooms += 1
            continue
        occupied.add(where)
        excess = solver.over_c(problem.office_rooms[where], g.limit_c)
        if excess:
            over += excess
            over_rooms += 1
    vacant = [pk for pk in problem.office_rooms if pk not in occupied]
    return {
        "over_area": str(m2(over)), "over_rooms": over_rooms,
        "shortage_area": str(m2(short)), "unseated_people": unseated,
        "against_class_area": str(m2(against)), "against_class_rooms": against_rooms,
        "vacant_rooms": len(vacant),
        "vacant_area": str(m2(sum(problem.office_rooms[pk] for pk in vacant))),
        "findings": over_rooms + against_rooms,
    }


def lines(problem: Problem, choice: dict[str, int | None]) -> list[Line]:
    """The plan's lines: each group that moves (within its agency's rooms, or into a room
    allocated to it), and each room an agency gives back because nobody of it uses it any
    more (vacated by its people, or vacant and given to another agency)."""
    out: list[Line] = []
    after_agency: dict[int, int] = {}
    for g in problem.groups:
        where = choice.get(g.key, g.room_id)
        if where is not None and where in problem.office_rooms:
            after_agency[where] = g.agency_id
    for g in sorted(problem.groups, key=lambda g: g.key):
        where = choice.get(g.key, g.room_id)
        if where == g.room_id or where is None:
            continue
        before = solver.current_cost(g, {r.id: r for r in problem.rooms}) if (
            g.room_id is None or not g.room_is_office) else solver.over_c(
            problem.office_rooms[g.room_id], g.limit_c)
        names = problem.people.get(g.key, [])
        kind = MoveKind.MOVE if problem.holders.get(where) == g.agency_id else MoveKind.ALLOCATE
        out.append(Line(kind, g.agency_id, "、".join(n for _, n in names),
                        [pid for pid, _ in names], g.room_id, where, g.limit_c, before,
                        solver.over_c(problem.office_rooms[where], g.limit_c)))
    model_rooms = {r.id for r in problem.rooms}
    for room_id in sorted(model_rooms):
        holder = problem.holders.get(room_id)
        if holder is None:
            continue
        was_used = any(g.room_id == room_id for g in problem.groups)
        now = after_agency.get(room_id)
        if (was_used and now != holder) or (not was_used and now is not None and now != holder):
            out.append(Line(MoveKind.RETURN, holder, from_room_id=room_id))
    return out


def run(region_path: str, progress: Callable[[float, str], None] | None = None,
        tuning: solver.Settings | None = None) -> tuple[Problem, solver.Result]:
    """Load the region and solve its plan."""
    problem = load(region_path)
    result = solver.solve(problem.groups, problem.rooms, settings=tuning or settings(),
                          present=problem.present, progress=progress)
    return problem, result
