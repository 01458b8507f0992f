"""Benchmark: full compliance recompute (统一规范使用) and the province roll-up.

Targets: compute + sync of the whole province (~1,000,000 rooms) in under 10 s; the province
roll-up under 200 ms p95.

    SQLITE_PATH=var/bench.sqlite3 .venv/bin/python bench/bench_compliance.py --rooms 1000000

Builds what is missing into the database named by the settings (SQLITE_PATH or
DATABASE_URL): migrations, agencies and people (the demo generator, sized to the rooms when
the database has none), then buildings, floors, rooms, allocations and occupants with one
``executemany`` per table and batch. A database that already holds ``--rooms`` rooms is
reused as it is. Refuses to run in production.

``--reset`` deletes the findings, their to-dos and the tallies first, so that the first
``sync`` is a real first recompute (every finding created) on a reused database.
``--breakdown`` also times each query of the compute on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench.sqlite3"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from jiguan.access.models import Grant, Region, User  # noqa: E402
from jiguan.access.roles import Role  # noqa: E402
from jiguan.orgs.models import Agency, Bureau, Person  # noqa: E402
from jiguan.space.compliance import actions, compute, queries  # noqa: E402
from jiguan.space.compliance import rules as compliance_rules  # noqa: E402
from jiguan.space.compliance.models import ComplianceTally, Finding  # noqa: E402
from jiguan.space.register.models import Building, Floor, Occupancy, Occupant, Room  # noqa: E402
from jiguan.space.standards import rules  # noqa: E402
from jiguan.todo.models import Task  # noqa: E402

BATCH = 20000
ROOMS_PER_BUILDING = 60
FLOORS = 6


def _batches(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
           ) -> None:
    """executemany straight into the model's table (no model instances, no signals); other
    NOT NULL columns get their field's default."""
    table = model._meta.db_table
    fields = [model._meta.get_field(n) for n in names]
    extra = [f for f in model._meta.concrete_fields
             if f not in fields and not f.null and not f.primary_key]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in [*fields, *extra])
    marks = ", ".join(["%s"] * (len(fields) + len(extra)))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({cols}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, [(*row, *defaults) for row in batch])


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1


def ensure_people(rooms: int, seed: int) -> None:
    if Agency.objects.exists():
        return
    agencies, people = max(40, rooms // 25), max(600, rooms * 6 // 10)
    print(f"生成单位 {agencies:,} 个、人员 {people:,} 人（demo）…", flush=True)
    call_command("demo", scale="province", seed=seed, agencies=agencies, people=people)


def build_register(target: int, seed: int) -> None:
    """Rooms for the agencies in proportion to their people: most people in an office
    (about 1 in 12 over standard), some offices shared, some vacant, the rest service,
    equipment and ancillary rooms; a few people with a second or third office."""
    rng = random.Random(seed)
    regions = {pk: (path, sub) for pk, path, sub in
               Region.objects.values_list("id", "path", "sub_provincial")}
    parents = dict(Region.objects.values_list("id", "parent_id"))
    bureaus = dict(Bureau.objects.values_list("region_id", "name"))
    agencies = list(Agency.objects.values_list("id", "region_id", "level", "name"))
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, agency_id, rank in Person.objects.values_list("id", "agency_id", "rank"):
        people[agency_id].append((pk, rank))
    total_people = sum(len(v) for v in people.values()) or 1
    township = rules.configured_township_limits()

    def limit(level: str, rank: str, region_id: int) -> float:
        sub = regions[region_id][1] or regions.get(parents.get(region_id) or 0, ("", False))[1]
        try:
            return float(rules.office_limit(organ_level=level, rank=rank, sub_provincial=sub,
                                            township_limits=township))
        except ValueError:
            return 9.0

    now = timezone.now().isoformat()
    start = dt.date(2020, 1, 1).isoformat()
    b_id, f_id, r_id = _next_id(Building), _next_id(Floor), _next_id(Room)
    oc_id, op_id = _next_id(Occupancy), _next_id(Occupant)
    buildings: list[tuple[Any, ...]] = []
    floors: list[tuple[Any, ...]] = []
    rooms: list[tuple[Any, ...]] = []
    occupancies: list[tuple[Any, ...]] = []
    occupants: list[tuple[Any, ...]] = []
    current: dict[int, list[int]] = {}  # region -> [building id, first floor id, rooms used]
    made = 0
    spare_offices: list[tuple[int, int]] = []  # (room id, agency id) for second offices

    def new_room(region_id: int) -> tuple[int, int]:
        nonlocal b_id, f_id, r_id
        slot = current.get(region_id)
        if slot is None or slot[2] >= ROOMS_PER_BUILDING:
            owner = bureaus.get(region_id) or bureaus.get(parents.get(region_id) or 0, "")
            if rng.random() < 0.05:
                owner = "某某单位"
            buildings.append((b_id, now, now, f"BENCH{b_id:07d}", f"办公楼{b_id}", region_id,
                              owner, "registered", 20000.0, FLOORS,
                              rng.choice(["multi", "high"])))
            for n in range(1, FLOORS + 1):
                floors.append((f_id + n - 1, now, now, b_id, n))
            slot = current[region_id] = [b_id, f_id, 0]
            b_id += 1
            f_id += FLOORS
        slot[2] += 1
        floor = slot[1] + (slot[2] - 1) % FLOORS
        rid = r_id
        r_id += 1
        return rid, floor

    for agency_id, region_id, level, _name in agencies:
        staff = people.get(agency_id, [])
        n_rooms = max(1, round(len(staff) * target / total_people * 0.98))
        i = 0
        seated = 0
        while i < n_rooms and made < target:
            rid, floor = new_room(region_id)
            bid = current[region_id][0]
            i += 1
            made += 1
            occupancies.append((oc_id, now, now, rid, agency_id, start))
            oc_id += 1
            if seated < len(staff) and i <= n_rooms * 0.6:
                person, rank = staff[seated]
                seated += 1
                sharing = [(person, rank)]
                if seated < len(staff) and rng.random() < 0.25:
                    sharing.append(staff[seated])
                    seated += 1
                area = sum(limit(level, r, region_id) for _, r in sharing)
                area *= 1.3 if rng.random() < 0.08 else rng.uniform(0.7, 1.0)
                rooms.append((rid, now, now, bid, floor, f"{rid}", "office", "",
                              round(area, 2)))
                for p, _ in sharing:
                    occupants.append((op_id, now, now, rid, p, start))
                    op_id += 1
            elif rng.random() < 0.15:
                rooms.append((rid, now, now, bid, floor, f"{rid}", "office", "",
                              round(rng.uniform(9, 24), 2)))
                spare_offices.append((rid, agency_id))
            else:
                cls = rng.choice(["service", "service", "service", "equipment", "ancillary"])
                rooms.append((rid, now, now, bid, floor, f"{rid}", cls, "",
                              round(rng.uniform(10, 60), 2)))
                if cls == "service" and rng.random() < 0.01 and staff:
                    occupants.append((op_id, now, now, rid, rng.choice(staff)[0], start))
                    op_id += 1
        if made >= target:
            break
    # A few people with a second (unapproved) office, fewer with a third.
    all_people = [p for staff in people.values() for p, _ in staff]
    for rid, _agency in spare_offices[: len(spare_offices) // 20]:
        occupants.append((op_id, now, now, rid, rng.choice(all_people), start))
        op_id += 1

    print(f"写入房产 {len(buildings):,}、房间 {len(rooms):,}、使用 {len(occupancies):,}、"
          f"使用人 {len(occupants):,}…", flush=True)
    t = time.perf_counter()
    with transaction.atomic():
        insert(Building, ("id", "created_at", "updated_at", "code", "name", "region", "owner",
                          "registration_status", "building_area", "floors_above",
                          "building_type"), buildings)
        insert(Floor, ("id", "created_at", "updated_at", "building", "number"), floors)
        insert(Room, ("id", "created_at", "updated_at", "building", "floor", "number",
                      "use_class", "subtype", "usable_area"), rooms)
        insert(Occupancy, ("id", "created_at", "updated_at", "room", "agency", "start_date"),
               occupancies)
        insert(Occupant, ("id", "created_at", "updated_at", "room", "person", "start_date"),
               occupants)
    print(f"写入用时 {time.perf_counter() - t:.1f} 秒", flush=True)


def bench_user() -> User:
    user, created = User.objects.get_or_create(username="bench_admin",
                                               defaults={"full_name": "基准测试"})
    if created:
        Grant.objects.create(user=user, role=Role.PROVINCE_ADMIN,
                             region=Region.objects.get(parent__isnull=True))
    return user


def timed(label: str, fn: Any) -> Any:
    t = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - t:.2f} 秒", flush=True)
    return result


def breakdown() -> None:
    """Run compute once with each of its SQL queries timed (wall time, rows, first words)."""
    from jiguan.space.compliance import compute as compliance_compute

    plain = compliance_compute._rows

    def rows(sql: str, params: Sequence[Any] = (), size: int = 20000) -> Iterator[Any]:
        t = time.perf_counter()
        out = list(plain(sql, params, size))
        print(f"  {time.perf_counter() - t:5.2f} 秒 {len(out):>8,} 行  {sql[:70]}…", flush=True)
        return iter(out)

    compliance_compute._rows = rows
    try:
        t = time.perf_counter()
        compute.compute()
        print(f"  compute 合计 {time.perf_counter() - t:.2f} 秒（含以上查询）", flush=True)
    finally:
        compliance_compute._rows = plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=1_000_000, help="房间数（默认 1,000,000）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rollup-runs", type=int, default=50)
    parser.add_argument("--reset", action="store_true",
                        help="先删除已有问题、整改待办和统计，测首次全量计算")
    parser.add_argument("--breakdown", action="store_true", help="逐条计时计算用到的查询")
    args = parser.parse_args()
    if settings.PRODUCTION:
        sys.exit("拒绝在生产环境运行")
    print(f"数据库：{connection.settings_dict['NAME']}", flush=True)
    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        from jiguan.access.regions.load import load_province

        load_province()
    ensure_people(args.rooms, args.seed)
    have = Room.objects.count()
    if have < args.rooms:
        build_register(args.rooms - have, args.seed)
        if connection.vendor == "postgresql":
            # Fresh statistics after the bulk load: without them the planner guesses the
            # tables' sizes and can pick nested loops over a million rooms.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    rooms = Room.objects.count()
    print(f"房间 {rooms:,}，当前使用人 {Occupant.objects.filter(end_date__isnull=True).count():,}，"
          f"单位 {Agency.objects.count():,}，人员 {Person.objects.count():,}", flush=True)

    if args.reset:
        with transaction.atomic():
            Task.objects.filter(kind=compliance_rules.TASK_KIND).delete()
            Finding.objects.all().delete()
            ComplianceTally.objects.all().delete()
        print("已清空问题、整改待办和统计", flush=True)
    if args.breakdown:
        breakdown()
    timed("compute（仅计算）", lambda: compute.compute())
    first = timed("sync（全省）", lambda: actions.sync())
    print(f"  {first.as_dict()}；问题总数 {Finding.objects.count():,}")
    again = timed("sync（再次，无变化）", lambda: actions.sync())
    print(f"  {again.as_dict()}")
    # The day's first recompute also stamps last_seen_at of every unchanged active finding.
    Finding.objects.update(last_seen_at=models.F("last_seen_at") - dt.timedelta(days=1))
    daily = timed("sync（无变化，当天首次）", lambda: actions.sync())
    print(f"  {daily.as_dict()}")
    # Change 1,000 offices: shrink the over-standard ones (they close).
    ids = list(Finding.objects.filter(kind="over_standard", status="open")
               .values_list("room_id", flat=True)[:1000])
    Room.objects.filter(pk__in=ids).update(usable_area=5)
    changed = timed("sync（1,000 间整改后）", lambda: actions.sync())
    print(f"  {changed.as_dict()}")
    county = Region.objects.get(code="330106").path
    timed("refresh_after_change（西湖区）",
          lambda: actions.refresh_after_change(region_path=county, actor=None))

    user = bench_user()
    province = Region.objects.get(parent__isnull=True)
    samples = []
    for _ in range(args.rollup_runs):
        user.__dict__.pop("_scope_cache", None)
        t = time.perf_counter()
        queries.rollup(user, province)
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"全省汇总 rollup：中位数 {statistics.median(samples):.1f} ms，p95 {p95:.1f} ms "
          f"（{len(samples)} 次）")


if __name__ == "__main__":
    main()
