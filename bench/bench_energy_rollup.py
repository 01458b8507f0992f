"""Benchmark: the province's yearly energy roll-up by city and by county, from the summary
tables, against the raw yearly GROUP BY over the readings in the same run; and the cost
of keeping the summaries current when new readings arrive.

Target (energy issue): with ~10,000,000 monthly readings (40,000 institutions, 2020 to last
month) the roll-up answers under 200 ms p95, on SQLite and on PostgreSQL, from summary
tables kept current as readings arrive; the issue quotes ~0.1 s for refreshing one month.

    # once: the province demo and its energy data (see bench/README.md)
    SQLITE_PATH=var/bench/energy.sqlite3 .venv/bin/python bench/bench_energy_rollup.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiguan_energy_bench \\
        .venv/bin/python bench/bench_energy_rollup.py

What is timed (wall clock, in this process, after one warm-up call each):
- ``by city``: ``indicators.rollup(admin, province, year)`` (what the 指标汇总 page builds:
  the 11 cities and 省本级, with last year and 2020 for the changes), ``--runs`` times;
- ``by county``: ``rollup(admin, city, year)`` for each of the 11 cities in turn (every
  county of the province), ``--runs`` times;
- ``raw``: the same year's totals by statistical region straight from the readings
  (``SUM(kgce)``, water, cost, reporting institutions; ``GROUP BY stat_region_id``), the
  baseline summaries exist to avoid, ``--raw-runs`` times;
- ``refresh``: new readings for the last finished month of the institutions that have not
  reported it yet, written raw, then ``actions.after_readings_change`` (summaries, quota
  breaches, chase to-dos) for them: one county's late reporters, then the whole
  province's; each inside a transaction that is rolled back, so the data stays as it was.
Refuses to run in production; prints ``uptime`` (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench" / "energy.sqlite3"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from jiguan.access.models import Region, User  # noqa: E402
from jiguan.energy import demo, rules, summaries  # noqa: E402
from jiguan.energy.models import AgencyYear, Reading  # noqa: E402
from jiguan.energy.readings import actions  # noqa: E402
from jiguan.orgs.models import Agency  # noqa: E402


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=timezone.localdate().year - 1,
                        help="汇总年度（默认上一年）")
    parser.add_argument("--runs", type=int, default=200, help="汇总查询次数（默认 200）")
    parser.add_argument("--raw-runs", type=int, default=5, help="原始 GROUP BY 次数（默认 5）")
    parser.add_argument("--refresh-runs", type=int, default=3, help="刷新次数（默认 3）")
    parser.add_argument("--user", default="demo_admin", help="省局账号（默认 demo_admin）")
    return parser.parse_args()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    fn()  # warm-up: caches, prepared plans
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, ms: list[float]) -> dict[str, float]:
    row = {"p50": statistics.median(ms), "p95": pct(ms, 95), "max": max(ms), "n": len(ms)}
    print(f"{name:<28} p50 {row['p50']:9.1f} ms  p95 {row['p95']:9.1f} ms  "
          f"max {row['max']:9.1f} ms  (n={len(ms)})", flush=True)
    return row


def raw_group_by(year: int) -> list[tuple[Any, ...]]:
    table = connection.ops.quote_name(Reading._meta.db_table)
    water = "', '".join(("water_tap", "water_well"))
    sql = (f"SELECT stat_region_id, SUM(kgce), SUM(CASE WHEN energy_type IN ('{water}') "
           f"THEN quantity ELSE 0 END), SUM(cost), COUNT(DISTINCT agency_id) FROM {table} "
           "WHERE month >= %s AND month <= %s GROUP BY stat_region_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [dt.date(year, 1, 1), dt.date(year, 12, 1)])
        return list(cursor.fetchall())


def late_reporters(month: dt.date, region: Region | None) -> list[Agency]:
    """Institutions with readings earlier in the year but none for `month`."""
    bit = 1 << (month.month - 1)
    rows = AgencyYear.objects.filter(year=month.year, readings__gt=0)
    if region is not None:
        rows = rows.filter(stat_region=region)
    ids = [a for a, mask in rows.values_list("agency_id", "months_mask") if not mask & bit]
    return list(Agency.objects.filter(pk__in=ids).select_related("region").order_by("pk"))


def refresh_once(agencies: list[Agency], month: dt.date, user: User
                 ) -> tuple[float, float, int]:
    """Write one month for `agencies` raw, then time after_readings_change; roll back."""
    insts = demo.institutions(agencies)
    rows = list(demo.reading_rows(insts, 99, month, first=month))
    with transaction.atomic():
        written = demo.write_readings(iter(rows))
        touched = summaries.Touched()
        for r in rows:
            touched.add_reading(r.agency_id, r.stat_region_id, r.month)
        # The month alone first (what the issue's ~0.1 s is about): the region x month
        # summary of every region the rows touched, and their region-years.
        t = time.perf_counter()
        summaries.refresh(summaries.Touched(region_months=set(touched.region_months)))
        month_only = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        actions.after_readings_change(touched, user)
        elapsed = (time.perf_counter() - t) * 1000
        transaction.set_rollback(True)
    return elapsed, month_only, written


def main() -> None:
    args = _parse()
    if settings.PRODUCTION:
        sys.exit("拒绝在生产环境运行")
    from jiguan.energy.indicators import queries as indicators

    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    readings = Reading.objects.count()
    print(f"readings {readings:,}, agency-years {AgencyYear.objects.count():,}", flush=True)
    user = User.objects.get(username=args.user)
    province = Region.objects.get(parent__isnull=True)
    cities = list(Region.objects.filter(parent=province).order_by("code"))

    by_city = report("rollup by city", timed(
        lambda: indicators.rollup(user, province, args.year), args.runs))

    def all_counties() -> None:
        for city in cities:
            indicators.rollup(user, city, args.year)

    by_county = report("rollup by county (11 cities)", timed(all_counties, args.runs))
    report("rollup one city's counties", timed(
        lambda: indicators.rollup(user, cities[0], args.year), args.runs))
    raw = report("raw GROUP BY (one year)", timed(lambda: raw_group_by(args.year),
                                                   args.raw_runs))
    print(f"raw p50 / rollup p50: by city {raw['p50'] / by_city['p50']:.1f}x, "
          f"by county (11 cities) {raw['p50'] / by_county['p50']:.1f}x", flush=True)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())

    month = rules.last_finished_month(timezone.localdate())
    county = Region.objects.get(code="330106")
    for label, region in (("one county (西湖区)", county), ("whole province", None)):
        agencies = late_reporters(month, region)
        times, months_ms, written = [], [], 0
        for _ in range(args.refresh_runs):
            ms, month_ms, written = refresh_once(agencies, month, user)
            times.append(ms)
            months_ms.append(month_ms)
        print(f"refresh {month:%Y-%m}, {label}: {len(agencies)} institutions, {written} "
              f"readings: the month's region summaries p50 {statistics.median(months_ms):.0f} "
              f"ms; after_readings_change p50 {statistics.median(times):.0f} ms "
              f"(runs {', '.join(f'{t:.0f}' for t in times)})", flush=True)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
