"""Benchmark: internal audit coverage (全覆盖) at province scale.

40,000 agencies (`--agencies`, spread over the counties, cities and the province), about
one project per agency over the last eight years (three categories, reported), budgets for
every agency. The coverage of the whole province for the province's audit office is
computed by `coverage.queries.coverage_for`: ONE grouped query for the last dates and one
for the budgets. Quoted as CPU time of this process (`time.process_time`, the machine is
shared and loaded) and as a ratio to a baseline measured in the same run: reading the same
units' (pk, name, region) rows alone. For contrast, per-unit queries (three MAX queries a
unit) are timed on 1,000 units and extrapolated.

    .venv/bin/python bench/bench_internalaudit.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiguan_bench_ia \\
        .venv/bin/python bench/bench_internalaudit.py

Refuses to run in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench" / "internalaudit.sqlite3"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from jiguan.access.models import Grant, Region, RegionLevel, User  # noqa: E402
from jiguan.access.regions.load import load_province  # noqa: E402
from jiguan.access.roles import Role  # noqa: E402
from jiguan.internalaudit.coverage import queries  # noqa: E402
from jiguan.internalaudit.projects.models import (  # noqa: E402
    AuditPlan,
    AuditProject,
    UnitBudget,
)
from jiguan.orgs.models import Agency  # noqa: E402

KINDS = (("budget", "funds"), ("special_funds", "funds"), ("state_assets", "assets"),
         ("economic", "leaders"))


def build(agencies: int, seed: int) -> None:
    rng = random.Random(seed)
    now = timezone.now()
    call_command("migrate", verbosity=0)
    load_province("330000")
    if Agency.objects.count() >= agencies:
        return
    print("单位、计划、项目、预算…", flush=True)
    regions = list(Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY,
                                                     RegionLevel.COUNTY]))
    province = next(r for r in regions if r.level == RegionLevel.PROVINCE)
    with transaction.atomic():
        Agency.objects.bulk_create([
            Agency(name=f"{regions[i % len(regions)].name}单位{i}",
                   region=regions[i % len(regions)], level="county",
                   credit_code=f"IA{i:016d}", created_at=now, updated_at=now)
            for i in range(agencies)], batch_size=5000)
        ids = list(Agency.objects.values_list("pk", flat=True))
        this_year = dt.date.today().year
        plans = {y: AuditPlan.objects.create(region=province, year=y, title=f"{y} 计划")
                 for y in range(this_year - 8, this_year + 1)}
        projects, serial = [], 0
        for pk in ids:
            for _ in range(rng.choice((0, 1, 1, 2))):
                serial += 1
                year = rng.randint(this_year - 8, this_year)
                kind, category = rng.choice(KINDS)
                report = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                projects.append(AuditProject(
                    plan=plans[year], code=f"B{serial:08d}", name="审计", kind=kind,
                    category=category, unit_id=pk, period_start=dt.date(year - 1, 1, 1),
                    period_end=dt.date(year - 1, 12, 31), team_leader="王",
                    stage="closed", report_date=min(report, dt.date.today()),
                    created_at=now, updated_at=now))
        AuditProject.objects.bulk_create(projects, batch_size=5000)
        UnitBudget.objects.bulk_create([
            UnitBudget(agency_id=pk, year=this_year - 1,
                       amount=Decimal(rng.randrange(1_000_000, 90_000_000)),
                       created_at=now, updated_at=now) for pk in ids], batch_size=5000)
    print(f"单位 {len(ids):,}，项目 {len(projects):,}", flush=True)


def cpu(fn: Any, runs: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(runs):
        start = time.process_time()
        out = fn()
        times.append(time.process_time() - start)
    return statistics.median(times), out


def main() -> None:
    if getattr(settings, "PRODUCTION", False):
        sys.exit("生产环境不得运行基准测试")
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    build(args.agencies, args.seed)
    user = User.objects.filter(username="bench_ia").first()
    if user is None:
        user = User.objects.create(username="bench_ia", full_name="bench")
        Grant.objects.create(user=user, role=Role.INTERNAL_AUDITOR,
                             region=Region.objects.get(code="330000"))
    user = User.objects.get(pk=user.pk)  # a fresh scope
    units = Agency.objects.all()

    base, rows = cpu(lambda: list(units.values_list("pk", "name", "region__name",
                                                    "region__path")), args.runs)
    full, result = cpu(lambda: queries.coverage_for(user, {})[0], args.runs)
    sample = list(units.values_list("pk", flat=True)[:1000])

    def per_unit() -> None:
        for pk in sample:
            for cat in ("funds", "assets", "leaders"):
                AuditProject.objects.filter(unit_id=pk, category=cat,
                                            report_date__isnull=False).aggregate(Max("report_date"))

    naive, _ = cpu(per_unit, 1)
    naive_all = naive * len(rows) / len(sample)
    t = result.total
    print(f"数据库：{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}；"
          f"单位 {len(rows):,}（机器负载较高，以下为本进程 CPU 时间，取 {args.runs} 次中位数）")
    print(f"基线：读取单位行 {base * 1000:,.0f} ms")
    print(f"全覆盖（分组查询 + 汇总 + 排序）：{full * 1000:,.0f} ms，为基线的 {full / base:.1f} 倍")
    print(f"逐单位查询（1,000 个单位实测 {naive * 1000:,.0f} ms，折算 {len(rows):,} 个单位）："
          f"{naive_all:,.1f} s，为分组查询的 {naive_all / full:.0f} 倍")
    print(f"结果：覆盖 {t.covered_any:,} / {t.units:,}（{t.share_any}%），从未审计 {t.never:,}，"
          f"资金覆盖率 {t.share_funds}%")


if __name__ == "__main__":
    main()
