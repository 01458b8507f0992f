"""Benchmark: official travel at province scale.

Targets (travel issue): with 2,000,000 past trips, finding the free vehicles and drivers of
a platform for a window under 50 ms p95; a province's monthly statements under 30 s; on
SQLite and PostgreSQL.

    .venv/bin/python bench/bench_travel.py --trips 2000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiguan_bench_travel \\
        .venv/bin/python bench/bench_travel.py --trips 2000000

Set-up (not timed; reused when the database already holds the trips): migrations, the
province's regions, one platform per city and county (and the province), agencies
(`--agencies`, 40 per county by default), 30 vehicles and 20 drivers per platform, then
`--trips` closed trips over the last 24 months with their charge and one cost entry each
(`executemany`, no model instances), and 20 dispatched trips per platform in the coming
days. Refuses to run in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench" / "travel.sqlite3"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from jiguan.access.models import Grant, Region, RegionLevel, User  # noqa: E402
from jiguan.access.regions.load import load_province  # noqa: E402
from jiguan.access.roles import Role  # noqa: E402
from jiguan.core.db.bulk import write_rows  # noqa: E402
from jiguan.orgs.models import Agency  # noqa: E402
from jiguan.travel.ledger import queries as ledger_queries  # noqa: E402
from jiguan.travel.ledger.models import Charge, CostEntry  # noqa: E402
from jiguan.travel.trips import queries as trip_queries  # noqa: E402
from jiguan.travel.trips.models import Driver, Trip  # noqa: E402
from jiguan.travel.vehicles.models import Platform, Vehicle  # noqa: E402

VEHICLES, DRIVERS = 30, 20


def insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]],
           *, raw: bool = False) -> None:
    """Bulk insert through ``core.db.bulk.write_rows`` (PostgreSQL ``COPY``, SQLite
    ``executemany`` in batches); the model's other non-null columns get their defaults.
    ``raw``: the rows already hold the database's values (no per-value conversion)."""
    fields = [model._meta.get_field(n) for n in names]
    extra = [f for f in model._meta.concrete_fields
             if f not in fields and not f.null and not f.primary_key]
    pg = connection.vendor == "postgresql"

    def prep(f: Any, v: Any) -> Any:
        # COPY takes Python values as they are; SQLite wants the field's database form.
        if pg:
            return f.get_prep_value(v) if not isinstance(v, (int, str)) else v
        return f.get_db_prep_save(v, connection)

    defaults = tuple(prep(f, f.get_default()) for f in extra)
    write_rows(model, [*names, *(f.name for f in extra)],
               ((*row, *defaults) if raw else
                (*(prep(f, v) for f, v in zip(fields, row, strict=True)), *defaults)
                for row in rows))


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1


def build(trips: int, agencies_per_county: int, seed: int) -> None:
    rng = random.Random(seed)
    now = timezone.now()
    print("迁移与区划…", flush=True)
    call_command("migrate", verbosity=0)
    load_province("330000")
    regions = list(Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY,
                                                     RegionLevel.COUNTY]))
    counties = [r for r in regions if r.level == RegionLevel.COUNTY]
    with transaction.atomic():
        if not Platform.objects.exists():
            insert(Platform, ["region", "name", "created_at", "updated_at"],
                   [(r.pk, f"{r.name}公务用车平台", now, now) for r in regions])
        platforms = list(Platform.objects.select_related("region"))
        if not Agency.objects.exists():
            print("单位…", flush=True)
            rows, serial = [], 0
            for r in [*counties, *regions]:
                for _ in range(agencies_per_county):
                    serial += 1
                    rows.append((f"{r.name}测试单位{serial}", r.pk, "county",
                                 f"BT{serial:016d}", now, now))
            insert(Agency, ["name", "region", "level", "credit_code", "created_at",
                            "updated_at"], rows)
        if not Vehicle.objects.exists():
            print("车辆与驾驶员…", flush=True)
            vrows, drows, n = [], [], 0
            for p in platforms:
                for i in range(VEHICLES):
                    n += 1
                    vrows.append((f"B{n:07d}", "other", "比亚迪", i % 2 == 0, Decimal("150000"),
                                  Decimal("55"), 4 + (i % 3), dt.date(2022, 1, 1), p.region_id,
                                  p.pk, now, now))
                for j in range(DRIVERS):
                    drows.append((p.pk, f"驾驶员{p.pk}-{j}", now, now))
            insert(Vehicle, ["plate", "category", "make", "new_energy", "price", "battery_kwh",
                             "seats", "purchase_date", "region", "platform", "created_at",
                             "updated_at"], vrows)
            insert(Driver, ["platform", "name", "created_at", "updated_at"], drows)
        user = User.objects.filter(username="bench_travel").first()
        if user is None:
            user = User.objects.create(username="bench_travel", full_name="bench")
            Grant.objects.create(user=user, role=Role.PROVINCE_ADMIN,
                                 region=Region.objects.get(code="330000"))
    have = Trip.objects.count()
    if have >= trips:
        return
    agencies_by_region: dict[int, list[int]] = {}
    for pk, region_id in Agency.objects.values_list("pk", "region_id"):
        agencies_by_region.setdefault(region_id, []).append(pk)
    vehicles_by_platform: dict[int, list[int]] = {}
    for pk, platform_id in Vehicle.objects.values_list("pk", "platform_id"):
        vehicles_by_platform.setdefault(platform_id, []).append(pk)
    drivers_by_platform: dict[int, list[int]] = {}
    for pk, platform_id in Driver.objects.values_list("pk", "platform_id"):
        drivers_by_platform.setdefault(platform_id, []).append(pk)
    platforms = list(Platform.objects.all())
    print(f"生成行程 {trips - have:,} 次…", flush=True)
    started = time.monotonic()
    trip_id = _next_id(Trip)
    today = timezone.localdate()
    # The rows go in as the database's own text (no per-value conversion: at 2,000,000 trips
    # the conversion costs more than the write): timestamps in UTC, amounts as decimals.
    pg = connection.vendor == "postgresql"

    def stamp(value: dt.datetime) -> str:
        text = value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        return f"{text}+00:00" if pg else text

    stamp_now = stamp(now)
    when_cache: dict[tuple[int, int], tuple[str, str, str, str, str]] = {}

    def when(offset: int, hour: int) -> tuple[str, str, str, str, str]:
        key = (offset, hour)
        if key not in when_cache:
            day = today - dt.timedelta(days=offset)
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            when_cache[key] = (stamp(start), stamp(start + dt.timedelta(hours=3)),
                               stamp(start + dt.timedelta(hours=2)), day.isoformat(),
                               day.replace(day=1).isoformat())
        return when_cache[key]

    money = {}
    for km in range(5, 121):
        cost = Decimal(km) * Decimal("0.20")
        service = (Decimal(km) * Decimal("1.2") + 45).quantize(Decimal("0.01"))
        money[km] = (f"{cost:.2f}", f"{service:.2f}", f"{service + cost:.2f}")
    todo = trips - have
    while todo > 0:
        chunk = min(todo, 200_000)
        trows, crows, erows = [], [], []
        for _ in range(chunk):
            p = rng.choice(platforms)
            offset, hour = rng.randint(1, 730), rng.randint(7, 16)
            start, end, actual_end, day, month = when(offset, hour)
            agency = rng.choice(agencies_by_region.get(p.region_id) or [1])
            vehicle = rng.choice(vehicles_by_platform[p.pk])
            km = rng.randint(5, 120)
            cost, service, amount = money[km]
            trows.append((trip_id, agency, user.pk, p.pk, 2, start, end, "甲", "乙", "公务",
                          "closed", vehicle, rng.choice(drivers_by_platform[p.pk]),
                          f"PCB{trip_id:012d}", 10000, 10000 + km, start, actual_end, cost,
                          stamp_now, stamp_now))
            crows.append((trip_id, agency, vehicle, month, km, "2.00", service, cost, amount,
                          stamp_now, stamp_now))
            erows.append((vehicle, trip_id, "charging", day, cost, stamp_now, stamp_now))
            trip_id += 1
        with transaction.atomic():
            insert(Trip, ["id", "agency", "requester", "platform", "passengers", "start_at",
                          "end_at", "origin", "destinations", "purpose", "status", "vehicle",
                          "driver", "slip_no", "odometer_start", "odometer_end",
                          "actual_start", "actual_end", "energy_cost", "created_at",
                          "updated_at"], trows, raw=True)
            insert(Charge, ["trip", "agency", "vehicle", "month", "km", "hours", "service",
                            "costs", "amount", "created_at", "updated_at"], crows, raw=True)
            insert(CostEntry, ["vehicle", "trip", "kind", "date", "amount", "created_at",
                               "updated_at"], erows, raw=True)
        todo -= chunk
        print(f"  {trips - todo:,}（{time.monotonic() - started:.0f} 秒）", flush=True)
    with transaction.atomic():
        rows = []
        for p in platforms:
            for k in range(20):
                start = timezone.make_aware(dt.datetime.combine(
                    today + dt.timedelta(days=1 + k % 10), dt.time(8 + k % 3 * 3)))
                rows.append((trip_id, agencies_by_region.get(p.region_id, [1])[0], user.pk,
                             p.pk, 2, start, start + dt.timedelta(hours=3), "甲", "乙", "公务",
                             "dispatched", vehicles_by_platform[p.pk][k],
                             drivers_by_platform[p.pk][k], f"PCB{trip_id:012d}", now, now))
                trip_id += 1
        insert(Trip, ["id", "agency", "requester", "platform", "passengers", "start_at",
                      "end_at", "origin", "destinations", "purpose", "status", "vehicle",
                      "driver", "slip_no", "created_at", "updated_at"], rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trips", type=int, default=2_000_000)
    parser.add_argument("--agencies", type=int, default=40, help="单位数（每个县级区划）")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if settings.PRODUCTION:
        raise SystemExit("生产环境不得运行基准测试")
    build(args.trips, args.agencies, args.seed)
    rng = random.Random(args.seed + 1)
    platforms = list(Platform.objects.all())
    today = timezone.localdate()
    times, cpu = [], []
    for _ in range(args.rounds):
        p = rng.choice(platforms)
        start = timezone.make_aware(dt.datetime.combine(
            today + dt.timedelta(days=rng.randint(1, 10)), dt.time(rng.randint(7, 15))))
        end = start + dt.timedelta(hours=rng.randint(1, 4))
        t0, c0 = time.perf_counter(), time.process_time()
        vehicles = list(trip_queries.free_vehicles(p, start, end, passengers=2))
        drivers = list(trip_queries.free_drivers(p, start, end))
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert vehicles and drivers
    # Baseline in the same run: reading one platform's vehicles and drivers with no
    # availability check (the same rows, the same round trips, no trip table).
    base, base_cpu = [], []
    for _ in range(args.rounds):
        p = rng.choice(platforms)
        t0, c0 = time.perf_counter(), time.process_time()
        list(Vehicle.objects.filter(platform=p))
        list(Driver.objects.filter(platform=p))
        base.append((time.perf_counter() - t0) * 1000)
        base_cpu.append((time.process_time() - c0) * 1000)
    user = User.objects.get(username="bench_travel")
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    st, st_cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        rows = ledger_queries.statements(user, month)
        st.append(time.perf_counter() - t0)
        st_cpu.append(time.process_time() - c0)
    # Baseline for the statements: one grouped count of the month's charges.
    sb = []
    for _ in range(3):
        t0 = time.perf_counter()
        list(Charge.objects.filter(month=month).order_by().values("agency_id")
             .annotate(n=models.Count("pk")))
        sb.append(time.perf_counter() - t0)
    total = Trip.objects.count()
    load = os.getloadavg()[0]
    print(f"数据库 {connection.vendor}，行程 {total:,} 次，平台 {len(platforms)} 个，"
          f"负载 {load:.1f}（{os.cpu_count()} 核）")
    print(f"空闲车辆与驾驶员（{args.rounds} 次）：墙钟 p50 {statistics.median(times):.1f} ms，"
          f"p95 {p95(times):.1f} ms；本进程 CPU p95 {p95(cpu):.1f} ms（目标 < 50 ms）")
    print(f"  基线（仅读取该平台车辆与驾驶员）：墙钟 p95 {p95(base):.1f} ms，"
          f"CPU p95 {p95(base_cpu):.1f} ms；比值 {p95(times) / max(p95(base), 0.001):.2f}")
    print(f"全省月度结算（{month:%Y-%m}，{len(rows):,} 个单位，"
          f"{sum(r['trips'] for r in rows):,} 次行程）：墙钟最快 {min(st):.2f} s，"
          f"最慢 {max(st):.2f} s，本进程 CPU {min(st_cpu):.2f} s（目标 < 30 s）；"
          f"核对一致 {sum(r['ok'] for r in rows):,} 个")
    print(f"  基线（当月收费按单位计数）：墙钟最快 {min(sb):.2f} s")


if __name__ == "__main__":
    main()
