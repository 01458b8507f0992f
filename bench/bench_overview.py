"""Benchmark: the one-screen page (全省一屏) and its API at province scale, against the
issue's 300 ms p95 (issue 16 §5).

The data set (built when missing, reused after; bench/README.md "Province-scale data set"):
``manage.py demo --scale province --seed 1`` (40,000 agencies, 600,000 people), then the
summaries the figures read, at province scale, inserted directly (not timed): office-space
findings (``--findings``, default 60,000: about what a million rooms give, 1 in 12 offices
over standard, spread over every county and township), one ComplianceTally per region,
energy RegionYear rows for every statistical region for the year and the 2020 baseline,
water-saving units for one agency in ten, and the year's inventory campaign for every
agency. What the other modules hold (vehicles, rules, purchases …) is what their own demos
would write: tens of rows, left empty here.

Measured in one process with Django's test Client over the real URLs (as
``lists_inprocess.py``): per page and user, ``--warmup`` requests, then ``--requests`` timed
ones; wall time and this process's CPU time; p50/p95/p99 per page. Users: ``demo_admin``
(the province over its 11 cities) and ``demo_hangzhou`` (Hangzhou over its counties).

    .venv/bin/python bench/bench_overview.py                          # SQLite
    .venv/bin/python bench/bench_overview.py \\
        --database-url postgres://postgres@127.0.0.1:5432/jiguan_overview16_bench

Output: a table on stdout and ``bench/out/overview-<db>.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0
YEAR = dt.date.today().year - 1


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sqlite", default=str(ROOT / "var" / "bench" / "overview.sqlite3"))
    parser.add_argument("--findings", type=int, default=60_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    return parser.parse_args()


ARGS = parse()
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url
else:
    Path(ARGS.sqlite).parent.mkdir(parents=True, exist_ok=True)
    os.environ["SQLITE_PATH"] = ARGS.sqlite
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402


def step(name: str, fn: object) -> None:
    t = time.monotonic()
    print(f"[overview] {name} ...", flush=True)
    fn()  # type: ignore[operator]
    print(f"[overview] {name}: {time.monotonic() - t:.0f} s", flush=True)


def build_summaries(findings: int) -> None:
    """The summary rows the figures read (see the module docstring)."""
    from django.utils import timezone

    from jiguan.access.models import Region
    from jiguan.energy.models import RegionYear, WaterSavingStatus, WaterSavingUnit
    from jiguan.orgs.models import Agency
    from jiguan.space.compliance.models import (
        ComplianceTally,
        Finding,
        FindingKind,
        FindingStatus,
    )
    from jiguan.space.inventory.models import Campaign, CampaignAgency, SubmissionStatus

    rng = random.Random(1)
    regions = list(Region.objects.values_list("id", "path", "code"))
    now = timezone.now()
    kinds = [FindingKind.OVER_STANDARD] * 6 + [k for k in FindingKind.values
                                                if k != FindingKind.OVER_STANDARD]
    statuses = [FindingStatus.OPEN] * 5 + [FindingStatus.FIXED, FindingStatus.VERIFIED]
    batch = []
    for i in range(findings):
        pk, path, _code = rng.choice(regions)
        parts = path.strip("/").split("/")
        batch.append(Finding(
            kind=rng.choice(kinds), key=f"bench-overview-{i}", region_id=pk, region_path=path,
            city_code=parts[1] if len(parts) > 1 else "",
            county_code=parts[2] if len(parts) > 2 else "", detail="基准测试",
            status=rng.choice(statuses), measure=Decimal(rng.randint(100, 3000)) / 100,
            first_seen_at=now, last_seen_at=now))
        if len(batch) == 5000:
            Finding.objects.bulk_create(batch)
            batch = []
    Finding.objects.bulk_create(batch)
    tallies = []
    for pk, path, _code in regions:
        parts = path.strip("/").split("/")
        tallies.append(ComplianceTally(
            region_id=pk, region_path=path, city_code=parts[1] if len(parts) > 1 else "",
            county_code=parts[2] if len(parts) > 2 else "",
            office_rooms=rng.randint(100, 5000), office_area=Decimal(rng.randint(2000, 90000)),
            computed_at=now))
    ComplianceTally.objects.bulk_create(tallies, ignore_conflicts=True)
    years = []
    for pk, _path, _code in regions:
        for year in (2020, YEAR):
            people = rng.randint(200, 8000)
            years.append(RegionYear(stat_region_id=pk, year=year, institutions=40,
                                    reporting=38, energy_headcount=people,
                                    building_area=Decimal(people * 25),
                                    kgce=Decimal(people * rng.randint(300, 600)),
                                    water=Decimal(people * rng.randint(20, 40))))
    RegionYear.objects.bulk_create(years, ignore_conflicts=True)
    agency_ids = list(Agency.objects.values_list("id", flat=True))
    WaterSavingUnit.objects.bulk_create(
        [WaterSavingUnit(agency_id=a, status=WaterSavingStatus.ACCEPTED)
         for a in agency_ids[::10]], ignore_conflicts=True)
    province = Region.objects.get(parent__isnull=True)
    campaign = Campaign.objects.create(region=province, year=YEAR,
                                       deadline=dt.date(YEAR, 12, 31))
    CampaignAgency.objects.bulk_create(
        [CampaignAgency(campaign=campaign, agency_id=a, status=rng.choice(
            [SubmissionStatus.SUBMITTED, SubmissionStatus.CONFIRMED, SubmissionStatus.PENDING,
             SubmissionStatus.PENDING])) for a in agency_ids], batch_size=5000)


def ensure_data() -> None:
    from jiguan.orgs.models import Agency
    from jiguan.space.compliance.models import Finding

    call_command("migrate", "--noinput", verbosity=0)
    if Agency.objects.count() < 40_000:
        step("demo --scale province", lambda: call_command("demo", scale="province", seed=1))
    if not Finding.objects.filter(key__startswith="bench-overview-").exists():
        step("summaries", lambda: transaction.atomic()(build_summaries)(ARGS.findings))
        call_command("refresh_db_stats")
    call_command("collectstatic", "--noinput", verbosity=0)  # the page's {% static %}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k] * 1000


PAGES = {
    "page": "/overview/",
    "page_energy": "/overview/?figure=energy.per_capita",
    "api": "/api/v1/overview/",
}
USERS = ("demo_admin", "demo_hangzhou")


def measure() -> list[dict[str, object]]:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from jiguan.access.models import User
    from jiguan.core.deploy.gcfreeze import freeze_startup_objects

    setup_test_environment()
    clients = {}
    for name in USERS:
        clients[name] = Client()
        clients[name].force_login(User.objects.get(username=name))
    freeze_startup_objects()
    rows = []
    for key, url in PAGES.items():
        for user, client in clients.items():
            for _ in range(ARGS.warmup):
                assert client.get(url).status_code == 200, (key, user)
            wall, cpu = [], []
            for _ in range(ARGS.requests):
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                assert response.status_code == 200
            rows.append({"page": key, "user": user, "p50": pct(wall, 50), "p95": pct(wall, 95),
                         "p99": pct(wall, 99), "cpu_p95": pct(cpu, 95)})
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    ensure_data()
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    rows = measure()
    load = os.getloadavg()[0]
    lines = [f"# 全省一屏 at province scale — {vendor}, load average {load:.1f}", "",
             "| page | user | p50 ms | p95 ms | p99 ms | CPU p95 ms | p95 / 300 ms |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['page']} | {r['user']} | {r['p50']:.0f} | {r['p95']:.0f} | "
                     f"{r['p99']:.0f} | {r['cpu_p95']:.0f} | "
                     f"{float(r['p95']) / TARGET_MS:.2f} |")  # type: ignore[arg-type]
    worst = max(float(r["p95"]) for r in rows)  # type: ignore[arg-type]
    lines += ["", f"worst p95 {worst:.0f} ms: target 300 ms "
              f"{'met' if worst <= TARGET_MS else 'NOT met'}"]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"overview-{vendor.lower()}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
