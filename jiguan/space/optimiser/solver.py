"""The reallocation model and its solve (pure: plain data in, plain data out; no Django).

A *group* is the people who share an office now (they move together), or one serving person
without an office. Only the groups with a problem are in the model: an over-standard office,
people sitting in a room of another class (not an office), people without an office. Every
other office stays as it is. The rooms the groups may go to are the vacant office rooms of
the region and the rooms the movable groups occupy now (a room freed by one group can take
another), less the pinned rooms.

Variables: ``x[g, o]`` = 1 when group ``g`` takes option ``o`` (one option per group: its
current place, or a candidate office room); ``z[a, b]`` = 1 when agency ``a`` gets a room
in building ``b`` where it has no movable group today (its spread over buildings).

Constraints: one option per group; at most one group per room; ``x[g, o] <= z[a(g), b(o)]``.

Objectives, lexicographic (docs/adr/0009-optimiser-highs-lexicographic.md):

1. over-standard area + shortage + area used against its class, in 0.01 m² (integers);
2. the number of moves;
3. the number of new (agency, building) pairs.

Solve, fix, resolve: each stage is solved (``mip_rel_gap`` 0) and its optimum fixed by a
constraint ``objective <= optimum + 0.5`` (integer values) before the next. Each stage starts
from the previous stage's plan, so a stage stopped by its time limit still returns a plan no
worse than that one. The third stage has a short time limit of its own (``spread_seconds``):
the first two are solved to proven optimality unless their time limit is hit (the plan says
so), the spread is best effort within its time. HiGHS runs single-threaded with a fixed
seed, and the model is built in a fixed order, so the same input gives the same plan (a
stage stopped by a time limit excepted: where it stops depends on the machine's speed).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import highspy
import numpy as np

#: Stages of the lexicographic solve, in order, with their Chinese names for the progress.
STAGES: tuple[tuple[str, str], ...] = (
    ("primary", "超标面积与缺额最小"),
    ("moves", "调整次数最少"),
    ("spread", "单位分散楼栋最少"),
)


@dataclass(frozen=True)
class Group:
    """People who move together. ``limit_c`` is the sum of their limits (0.01 m²).

    ``room_id`` is their office now (None: no office). ``room_is_office`` is False when
    they sit in a room of another class; ``room_area_c`` is that room's area then (the
    area used against its class, counted in the first objective while they stay)."""

    key: str
    agency_id: int
    limit_c: int
    room_id: int | None
    room_is_office: bool = True
    room_area_c: int = 0
    #: the building the group is in (or its agency's main building): preferred rooms
    building_id: int | None = None
    #: the region whose rooms the group may take (its building's, or its agency's)
    zone: int = 0


@dataclass(frozen=True)
class Room:
    """An office room the groups may take. ``holder`` is the agency it is allocated to."""

    id: int
    building_id: int
    area_c: int
    holder: int | None = None
    #: the region of the room's building: a group takes rooms of its own zone only
    zone: int = 0


@dataclass(frozen=True)
class Settings:
    """Tuning of the model (configurable: ``JIGUAN_OPTIMISER``)."""

    #: candidate rooms kept per group (best fit first)
    candidates: int = 20
    #: a room must give a group at least this share of its limit sum (no cramming)
    min_fit: float = 0.6
    #: seconds for each of the first two stages (the best plan so far is kept at the limit)
    stage_seconds: float = 25.0
    #: seconds of the spread stage per 1,000 groups (at least 0.2 s per zone): a
    #: facility-location-like problem, hard to prove; it starts from the moves stage's plan
    #: and keeps the best found in this time
    spread_seconds: float = 1.0


@dataclass
class Result:
    """The chosen room of every group (None: stays without an office; the current room:
    stays), the objective values before and after, and how the solve went."""

    choice: dict[str, int | None]
    before: dict[str, int]
    after: dict[str, int]
    optimal: bool  # the first two objectives proven optimal
    seconds: float
    variables: int
    stage_seconds: dict[str, float] = field(default_factory=dict)
    spread_optimal: bool = True


def over_c(area_c: int, limit_c: int) -> int:
    """Over-standard area of a room holding people with this limit sum (0.01 m²)."""
    return max(0, area_c - limit_c)


def current_cost(g: Group, rooms: dict[int, Room]) -> int:
    """The first objective of a group where it is now."""
    if g.room_id is None:
        return g.limit_c  # shortage: the office it lacks
    if not g.room_is_office:
        return g.room_area_c
    room = rooms.get(g.room_id)
    return over_c(room.area_c, g.limit_c) if room else 0


@dataclass(frozen=True)
class _Option:
    group: int
    room: int | None  # None: stays where it is (also: stays without an office)
    cost: int
    move: int


_GAP_BITS = 20
_IDX_BITS = 24


def _options(groups: Sequence[Group], rooms: Sequence[Room], s: Settings) -> list[_Option]:
    """Every group's options: where it is now, and its best candidate rooms: strictly
    better for the group than where it is, at least ``min_fit`` of its limit sum; ranked by
    over-standard area, then a room in the group's building, then the closest fit, then the
    room's place in (area, id) order. Rooms are searched by area with numpy (no pass over
    every room per group in Python)."""
    order = sorted(rooms, key=lambda r: (r.area_c, r.id))
    area = np.array([r.area_c for r in order], dtype=np.int64)
    building = np.array([r.building_id for r in order], dtype=np.int64)
    position = {r.id: i for i, r in enumerate(order)}
    by_id = {r.id: r for r in order}
    cap = (1 << (62 - _GAP_BITS - _IDX_BITS - 1)) - 1
    opts: list[_Option] = []
    for gi, g in enumerate(groups):
        here = current_cost(g, by_id)
        opts.append(_Option(gi, g.room_id if g.room_is_office else None, here, 0))
        lo = int(np.searchsorted(area, math.ceil(s.min_fit * g.limit_c), side="left"))
        hi = int(np.searchsorted(area, g.limit_c + here, side="left"))
        if hi <= lo:
            continue
        cand = np.arange(lo, hi, dtype=np.int64)
        own = position.get(g.room_id) if g.room_id is not None else None
        if own is not None:
            cand = cand[cand != own]
            if not len(cand):
                continue
        cost = np.maximum(0, area[cand] - g.limit_c)
        home = -1 if g.building_id is None else g.building_id
        other = (building[cand] != home).astype(np.int64)
        gap = np.minimum(np.abs(area[cand] - g.limit_c), (1 << _GAP_BITS) - 1)
        key = ((((np.minimum(cost, cap) << 1) | other) << _GAP_BITS | gap) << _IDX_BITS) | cand
        k = min(s.candidates, len(cand))
        best = np.sort(key[np.argpartition(key, k - 1)[:k]]) if k < len(cand) else np.sort(key)
        for ki in best:
            r = order[int(ki) & ((1 << _IDX_BITS) - 1)]
            opts.append(_Option(gi, r.id, max(0, r.area_c - g.limit_c), 1))
    return opts


def solve(groups: Sequence[Group], rooms: Sequence[Room], *,
          settings: Settings | None = None,
          present: set[tuple[int, int]] | None = None,
          progress: Callable[[float, str], None] | None = None) -> Result:
    """The plan that minimises the three objectives in order (see the module docstring).

    A group takes rooms of its own zone only (the region of the buildings: the rooms of a
    county are the county bureau's to allocate), so the problem splits into one model per
    zone; the objectives are sums over the zones, so solving each zone lexicographically
    solves the whole lexicographically. ``present`` holds the (agency, building) pairs an
    agency already uses outside the model (entering them adds no spread).
    ``progress(fraction_done, label)`` is called before each stage of each zone."""
    s = settings or Settings()
    started = time.monotonic()
    zones = sorted({g.zone for g in groups})
    by_zone: dict[int, list[Room]] = defaultdict(list)
    for r in rooms:
        by_zone[r.zone].append(r)
    total = Result(choice={}, before={"primary": 0, "moves": 0, "spread": 0},
                   after={"primary": 0, "moves": 0, "spread": 0}, optimal=True, seconds=0.0,
                   variables=0)
    weights = {z: sum(1 for g in groups if g.zone == z) for z in zones}
    done = 0
    all_groups = sum(weights.values()) or 1
    for zone in zones:
        zone_groups = [g for g in groups if g.zone == zone]

        def zone_progress(stage: int, label: str, done: int = done,
                          size: int = weights[zone]) -> None:
            if progress:
                progress((done + size * stage / len(STAGES)) / all_groups, label)

        share = replace(s, spread_seconds=max(0.2, s.spread_seconds * weights[zone] / 1000))
        part = _solve_zone(zone_groups, by_zone.get(zone, []), share, present, zone_progress)
        done += weights[zone]
        total.choice.update(part.choice)
        for key in total.before:
            total.before[key] += part.before[key]
            total.after[key] += part.after[key]
        total.optimal = total.optimal and part.optimal
        total.spread_optimal = total.spread_optimal and part.spread_optimal
        total.variables += part.variables
        for key, secs in part.stage_seconds.items():
            total.stage_seconds[key] = round(total.stage_seconds.get(key, 0.0) + secs, 3)
    total.seconds = round(time.monotonic() - started, 3)
    return total


def _solve_zone(groups: Sequence[Group], rooms: Sequence[Room], s: Settings,
                present: set[tuple[int, int]] | None,
                progress: Callable[[int, str], None]) -> Result:
    """One zone's model, solved stage by stage."""
    started = time.monotonic()
    by_id = {r.id: r for r in rooms}
    groups = sorted(groups, key=lambda g: g.key)
    before = {
        "primary": sum(current_cost(g, by_id) for g in groups),
        "moves": 0,
        "spread": 0,
    }
    opts = _options(groups, list(by_id.values()), s)
    # z variables: (agency, building) pairs a group could newly enter.
    present = set(present or ())
    for g in groups:
        if g.room_id is not None and g.room_id in by_id:
            present.add((g.agency_id, by_id[g.room_id].building_id))
    z_index: dict[tuple[int, int], int] = {}
    n_x = len(opts)
    for o in opts:
        if o.room is None or o.move == 0:
            continue
        pair = (groups[o.group].agency_id, by_id[o.room].building_id)
        if pair not in present and pair not in z_index:
            z_index[pair] = n_x + len(z_index)
    n = n_x + len(z_index)
    if n == 0:
        return Result(choice={}, before=before, after=dict(before), optimal=True,
                      seconds=round(time.monotonic() - started, 3), variables=0)
    rows: list[tuple[list[int], list[float], float, float]] = []
    by_group: dict[int, list[int]] = defaultdict(list)
    by_room: dict[int, list[int]] = defaultdict(list)
    for j, o in enumerate(opts):
        by_group[o.group].append(j)
        if o.room is not None:
            by_room[o.room].append(j)
    for gi in sorted(by_group):
        idx = by_group[gi]
        rows.append((idx, [1.0] * len(idx), 1.0, 1.0))
    for rid in sorted(by_room):
        idx = by_room[rid]
        if len(idx) > 1:
            rows.append((idx, [1.0] * len(idx), -highspy.kHighsInf, 1.0))
    for j, o in enumerate(opts):
        if o.room is None or o.move == 0:
            continue
        zj = z_index.get((groups[o.group].agency_id, by_id[o.room].building_id))
        if zj is not None:
            rows.append(([j, zj], [1.0, -1.0], -highspy.kHighsInf, 0.0))

    moves = np.array([o.move for o in opts] + [0] * len(z_index), dtype=float)
    spread = np.array([0] * n_x + [1] * len(z_index), dtype=float)
    costs = {
        "primary": np.array([o.cost for o in opts] + [0] * len(z_index), dtype=float),
        "moves": moves,
        "spread": spread,
    }
    z_of = np.full(n_x, -1, dtype=np.int64)
    for j, o in enumerate(opts):
        if o.room is not None and o.move:
            z_of[j] = z_index.get((groups[o.group].agency_id, by_id[o.room].building_id), -1)

    def tight_z(v: np.ndarray) -> np.ndarray:
        """The least z for the chosen x (z is free in the first stage)."""
        v = v.copy()
        v[n_x:] = 0.0
        chosen = np.nonzero((v[:n_x] > 0.5) & (z_of >= 0))[0]
        v[z_of[chosen]] = 1.0
        return v
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)
    inf = highspy.kHighsInf
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.array([highspy.HighsVarType.kInteger] * n))
    starts = np.zeros(len(rows), dtype=np.int32)
    flat_idx: list[int] = []
    flat_val: list[float] = []
    for i, (idx, vals, _lo, _up) in enumerate(rows):
        starts[i] = len(flat_idx)
        flat_idx.extend(idx)
        flat_val.extend(vals)
    if rows:
        h.addRows(len(rows), np.array([r[2] for r in rows]), np.array([r[3] for r in rows]),
                  len(flat_idx), starts, np.array(flat_idx, dtype=np.int32),
                  np.array(flat_val))
    proven = {name: True for name, _ in STAGES}
    stage_seconds: dict[str, float] = {}
    # Start from "everyone stays" (always feasible); each stage starts from the last plan,
    # so a stage stopped by its time limit still returns a plan at least as good.
    values = np.zeros(n)
    for j, o in enumerate(opts):
        if o.move == 0:
            values[j] = 1.0
    all_cols = np.arange(n, dtype=np.int32)
    for k, (name, label) in enumerate(STAGES):
        progress(k, label)
        t0 = time.monotonic()
        h.changeColsCost(n, all_cols, costs[name])
        values = tight_z(values)
        h.setSolution(n, all_cols, values)
        h.setOptionValue("time_limit", float(s.spread_seconds if name == "spread"
                                             else s.stage_seconds))
        h.run()
        status = h.getModelStatus()
        stage_seconds[name] = round(time.monotonic() - t0, 3)
        if status != highspy.HighsModelStatus.kOptimal:
            proven[name] = False
        sol = h.getSolution()
        if sol.value_valid:
            found = np.array(sol.col_value)
            found = tight_z(np.round(found))
            if float(np.dot(costs[name], found)) <= float(np.dot(costs[name], values)) + 1e-6:
                values = found
        best = float(np.dot(costs[name], values))
        nz = np.nonzero(costs[name])[0].astype(np.int32)
        if len(nz):
            h.addRow(-inf, best + 0.5, len(nz), nz, costs[name][nz])
    choice: dict[str, int | None] = {}
    chosen = [j for j in range(n_x) if values[j] > 0.5]
    for j in chosen:
        o = opts[j]
        g = groups[o.group]
        choice[g.key] = o.room if o.move else g.room_id
    values = tight_z(values)
    after = {"primary": round(float(np.dot(costs["primary"], values))),
             "moves": round(float(np.dot(moves, values))),
             "spread": round(float(np.dot(spread, values)))}
    return Result(choice=choice, before=before, after=after,
                  optimal=proven["primary"] and proven["moves"], spread_optimal=proven["spread"],
                  seconds=round(time.monotonic() - started, 3), variables=n,
                  stage_seconds=stage_seconds)
