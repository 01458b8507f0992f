"""Benchmark: the reallocation optimiser's plan for a county (target < 5 s) and for a city
(target < 60 s) on the province-scale demo data.

    make bench        # or: SQLITE_PATH=var/bench.sqlite3 manage.py demo --scale province
    SQLITE_PATH=var/bench.sqlite3 .venv/bin/python bench/bench_optimiser.py --city 330100

The province-scale demo (`manage.py demo --scale province`) holds agencies and people only;
`space_demo` writes the register room by room through the ORM and is meant for the small
demo (about 300 agencies), so this script gives the chosen city (and its counties) a
register of its own, once, with the space demo's shape: leaders alone and the others two or
three to an office, offices sized 0.8-1.3 times their occupants' limits (a quarter over
standard), a meeting room and an archive per agency, one agency in ten with a meeting room
used as an office, three in ten with a spare vacant office, and 2 % of the people without an
office (the agencies' shortage). Same seed, same rows.

The baseline measured in the same run is the compliance compute of the same region
(jiguan.space.compliance.compute.compute): the optimiser's time is reported beside it and as
a ratio, because the machine is shared and noisy. Refuses to run in production.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench.sqlite3"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from jiguan.access.models import Region  # noqa: E402
from jiguan.orgs.models import Agency, Person  # noqa: E402
from jiguan.space.compliance import compute as compliance_compute  # noqa: E402
from jiguan.space.compliance.queries import load_regions  # noqa: E402
from jiguan.space.compliance.rules import Limits, is_sub_provincial  # noqa: E402
from jiguan.space.optimiser import compute  # noqa: E402
from jiguan.space.register.models import (  # noqa: E402
    Building,
    Floor,
    Occupancy,
    Occupant,
    Room,
    UseClass,
)

TWO = Decimal("0.01")
FACTORS = [0.8, 0.9, 0.95, 1.0, 1.0, 1.0, 1.15, 1.3]


@transaction.atomic
def build_register(region: Region, seed: int) -> int:
    """The space demo's register for every agency of ``region``'s subtree (bulk writes)."""
    rng = random.Random(seed)
    regions = load_regions()
    limits = Limits()
    agencies = list(Agency.objects.filter(region__path__startswith=region.path)
                    .order_by("region__code", "pk").values_list("id", "region_id", "level"))
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, agency_id, rank in (Person.objects.filter(agency__region__path__startswith=region.path,
                                                      status="serving")
                                .order_by("agency_id", "pk").values_list("id", "agency_id",
                                                                         "rank")):
        people[agency_id].append((pk, rank))
    by_region: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for a in agencies:
        by_region[a[1]].append(a)
    start = "2020-01-01"
    rooms_made = 0
    serial = Building.objects.count()
    for region_id in sorted(by_region):
        group_list = by_region[region_id]
        for i in range(0, len(group_list), 4):
            group = group_list[i:i + 4]
            serial += 1
            building = Building.objects.create(
                code=f"OPT-{serial:06d}", name=f"调剂测试楼{serial}", region_id=region_id,
                building_area=Decimal(20000), floors_above=6)
            floors = Floor.objects.bulk_create(
                [Floor(building=building, number=n) for n in range(1, 7)])
            rooms: list[Room] = []
            held: list[tuple[int, int]] = []  # (room index, agency)
            seats: list[tuple[int, int]] = []  # (room index, person)

            def new_room(cls: str, area: float, subtype: str = "", rooms: list[Room] = rooms,
                         building: Building = building, floors: list[Floor] = floors) -> int:
                n = len(rooms)
                rooms.append(Room(building=building, floor=floors[min(n // 30, 5)],
                                  number=f"{min(n // 30, 5) + 1}{n % 30 + 1:02d}-{n}",
                                  use_class=cls, subtype=subtype,
                                  usable_area=Decimal(str(area)).quantize(TWO)))
                return n

            for agency_id, a_region, level in group:
                sub = is_sub_provincial(regions, a_region)

                def lim(rank: str, level: str = level, sub: bool = sub) -> float:
                    value = limits.get(level, rank, sub)
                    return float(value) if value is not None else 9.0

                queue = [p for p in people.get(agency_id, []) if rng.random() >= 0.02]
                staff = queue[:]
                while queue:
                    pid, rank = queue.pop(0)
                    first = lim(rank)
                    mates = [] if first >= 18 else [queue.pop(0) for _ in range(
                        min(len(queue), rng.randint(1, 2)))]
                    total = first + sum(lim(r) for _, r in mates)
                    idx = new_room(UseClass.OFFICE, total * rng.choice(FACTORS))
                    held.append((idx, agency_id))
                    seats.extend((idx, p) for p, _ in [(pid, rank), *mates])
                meeting = new_room(UseClass.SERVICE, rng.randint(30, 80), "会议室")
                held.append((meeting, agency_id))
                if staff and rng.random() < 0.1:
                    victim = staff[-1][0]
                    seats = [(r, p) for r, p in seats if p != victim] + [(meeting, victim)]
                held.append((new_room(UseClass.SERVICE, rng.randint(15, 40), "档案室"),
                             agency_id))
                if rng.random() < 0.3:
                    held.append((new_room(UseClass.OFFICE, rng.randint(12, 24)), agency_id))
            Room.objects.bulk_create(rooms, batch_size=2000)
            Occupancy.objects.bulk_create(
                [Occupancy(room=rooms[i], agency_id=a, start_date=start) for i, a in held],
                batch_size=2000)
            Occupant.objects.bulk_create(
                [Occupant(room=rooms[i], person_id=p, start_date=start) for i, p in seats],
                batch_size=2000)
            rooms_made += len(rooms)
    return rooms_made


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def bench(region: Region) -> dict[str, object]:
    _, baseline = timed(compliance_compute.compute, region_path=region.path)
    problem, load_s = timed(compute.load, region.path)
    from jiguan.space.optimiser import solver

    result, solve_s = timed(solver.solve, problem.groups, problem.rooms,
                            settings=compute.settings(), present=problem.present)
    before, after = compute.figures(problem, None), compute.figures(problem, result.choice)
    total = load_s + solve_s
    return {
        "region": f"{region.name}（{region.code}）",
        "office_rooms": len(problem.office_rooms), "groups": len(problem.groups),
        "candidate_rooms": len(problem.rooms), "variables": result.variables,
        "load_s": round(load_s, 2), "solve_s": round(solve_s, 2), "total_s": round(total, 2),
        "stages": result.stage_seconds, "optimal": result.optimal,
        "baseline_s": round(baseline, 2), "ratio": round(total / baseline, 2) if baseline else None,
        "over_area": f"{before['over_area']} → {after['over_area']}",
        "shortage_area": f"{before['shortage_area']} → {after['shortage_area']}",
        "against_class_rooms": f"{before['against_class_rooms']} → {after['against_class_rooms']}",
        "findings": f"{before['findings']} → {after['findings']}",
        "moves": result.after["moves"], "new_buildings": result.after["spread"],
    }


def main() -> None:
    if not settings.DEBUG and os.environ.get("JIGUAN_ENV") == "production":
        sys.exit("refusing to run in production")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--city", default="330100", help="city region code (default 杭州市)")
    parser.add_argument("--county", default="", help="county code (default: the city's "
                        "county with the most agencies)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not Agency.objects.exists():
        sys.exit("no agencies: seed first (manage.py demo --scale province --seed 1)")
    city = Region.objects.get(code=args.city)
    if not Building.objects.filter(region__path__startswith=city.path).exists():
        made, secs = timed(build_register, city, args.seed)
        print(f"register for {city.name}: {made:,} rooms in {secs:.1f} s", flush=True)
    if args.county:
        county = Region.objects.get(code=args.county)
    else:
        county = (Region.objects.filter(parent=city).annotate(n=Count("agencies"))
                  .order_by("-n", "code").first())
        assert county is not None
    for region in (county, city):
        row = bench(region)
        print(" | ".join(f"{k}={v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
