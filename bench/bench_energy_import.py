"""Benchmark: importing a large monthly-readings workbook (能源资源消费) against the raw floor.

Target (energy issue): importing 1,000,000 readings within 2x of the raw floor measured in
the same run (as for the office-space rooms import).

The floor is what no import can beat: python-calamine reading the file plus one
``executemany`` of the raw cell tuples into an index-free scratch table of the same database
(PostgreSQL: one ``COPY``), no validation. Ours is the pipeline ``manage.py import_data
energy.reading FILE --as USER`` runs: create_job, validate_job, claim_job, apply_job, as the
province demo's admin, which ends in the summaries refresh of the months it wrote.

    # on the province demo with its energy data (bench/README.md)
    SQLITE_PATH=var/bench/energy.sqlite3 .venv/bin/python bench/bench_energy_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiguan_energy_bench \\
        .venv/bin/python bench/bench_energy_import.py --rows 1000000

The readings are for 2019 (the demo starts in 2020, so every row is new): the province's
institutions x 12 months x electricity, tap water and natural gas, up to ``--rows``. The
workbook is written once by xlsxwriter (constant_memory) and cached as
var/bench/energy-readings-N-SEED.xlsx. Before each measurement the 2019 readings, their
summaries and the bench's import jobs are deleted. Each measurement runs in its own child
process, so ``ru_maxrss`` is the peak memory of that step alone. Refuses production.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
YEAR = 2019
KIND = "energy.reading"
TYPES = (("electricity", "电", "kWh", 150.0, 0.78), ("water_tap", "自来水", "m³", 1.8, 4.1),
         ("natural_gas", "天然气", "m³", 5.0, 3.6))
# The columns written when the importer does not say (its own labels win when it exists).
DEFAULT_HEADERS = ("统一社会信用代码", "单位名称", "月份", "品种", "用量", "计量单位", "费用（元）")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="数据行数（默认 1,000,000）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--user", default="demo_admin", help="导入账号（默认 demo_admin）")
    parser.add_argument("--phase", choices=("floor", "ours"), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


ARGS = _parse()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(BENCH_DIR / "energy.sqlite3"))

import django  # noqa: E402

django.setup()

import import_bench  # noqa: E402  (bench/, beside this script)
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from jiguan.energy.models import AgencyYear, Reading, RegionMonth, RegionYear  # noqa: E402
from jiguan.orgs.models import Agency  # noqa: E402


def importer_headers() -> tuple[list[str], bool]:
    """The reading importer's column labels, or the defaults when it is not there yet."""
    try:
        import importlib

        from jiguan.core.imports.pipeline import get_importer

        importlib.import_module("jiguan.energy.readings.excel.importer")  # registers the importer
        cls: Any = get_importer(KIND)
    except Exception:  # not written yet: measure the floor only
        return list(DEFAULT_HEADERS), False
    for name in ("columns", "COLUMNS"):
        columns = getattr(cls, name, None)
        if columns:
            return [getattr(c, "label", str(c)) for c in columns], True
    return list(DEFAULT_HEADERS), True


def _cell(header: str, code: str, name: str, month: str, t: tuple[Any, ...], qty: int,
          cost: float) -> Any:
    """The value of a column, matched by its label."""
    if "信用代码" in header:
        return code
    if "名称" in header:
        return name
    if "月份" in header:
        return month
    if "品种" in header or "类型" in header:
        return t[1]
    if "费用" in header or "金额" in header:
        return cost
    if "计量单位" in header or header.strip() == "单位":
        return t[2]
    if "用量" in header or "数量" in header:
        return qty
    return None


def workbook(rows: int, seed: int, headers: list[str]) -> Path:
    import hashlib

    tag = hashlib.sha256("|".join(headers).encode()).hexdigest()[:8]
    path = BENCH_DIR / f"energy-readings-{rows}-{seed}-{tag}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    rng = random.Random(seed)
    agencies = list(Agency.objects.active().order_by("pk").values_list(
        "credit_code", "name", "actual_headcount"))
    tmp = path.with_suffix(".tmp")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = book.add_worksheet("能源资源消费")
    sheet.write_row(0, 0, headers)
    n = 0
    for t in TYPES:  # type by type, so --rows below 3 x 12 x agencies still spreads
        for code, name, headcount in agencies:
            for m in range(1, 13):
                if n >= rows:
                    break
                qty = max(1, round(t[3] * max(5, headcount or 20) * rng.uniform(0.6, 1.4)))
                cost = round(qty * t[4], 2)
                sheet.write_row(n + 1, 0, [_cell(h, code, name, f"{YEAR}-{m:02d}", t, qty, cost)
                                           for h in headers])
                n += 1
    book.close()
    if n < rows:
        sys.exit(f"只有 {n} 行可生成（单位数不足）")
    tmp.rename(path)
    print(f"已生成 {path}（{path.stat().st_size / 1e6:.1f} MB）", flush=True)
    return path


def clear() -> None:
    """Remove what earlier runs imported (the 2019 readings and their summaries)."""
    with transaction.atomic():
        Reading.objects.filter(month__year=YEAR).delete()
        AgencyYear.objects.filter(year=YEAR).delete()
        RegionYear.objects.filter(year=YEAR).delete()
        RegionMonth.objects.filter(month__year=YEAR).delete()
        from jiguan.core.models import ImportJob

        ImportJob.objects.filter(kind=KIND, created_by__username=ARGS.user).delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor_readings")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # The deleted run's million dead rows (and their index entries, which the next
            # run's unique checks would visit) go, as if it had never happened.
            for model in (Reading, AgencyYear, RegionMonth, RegionYear):
                cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


def measure_floor(path: Path) -> dict[str, Any]:
    return import_bench.measure_floor(path, len(importer_headers()[0]), "bench_floor_readings")


def measure_ours(path: Path) -> dict[str, Any]:
    from jiguan.access.models import User

    result = import_bench.measure_import(KIND, path, User.objects.get(username=ARGS.user))
    if "error" not in result:
        result["readings"] = Reading.objects.filter(month__year=YEAR).count()
    return result


def _child(phase: str, path: Path) -> dict[str, Any]:
    return import_bench.child(__file__, phase, path, ["--user", ARGS.user])


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("拒绝在生产环境运行")
    if ARGS.phase:
        fn = measure_floor if ARGS.phase == "floor" else measure_ours
        print(json.dumps(fn(ARGS.file)), flush=True)
        return
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}; uptime: {uptime}",
          flush=True)
    headers, ready = importer_headers()
    path = workbook(ARGS.rows, ARGS.seed, headers)
    clear()
    connection.close()
    floor = _child("floor", path)
    import_bench.report_floor(floor)
    clear()
    connection.close()
    if not ready:
        print(f"导入器 {KIND} 尚未注册（jiguan/energy/readings/excel/importer.py）：只测了下限",
              flush=True)
        return
    ours = _child("ours", path)
    import_bench.report(floor, ours, ARGS.rows, f"readings={ours.get('readings')} ")
    clear()


if __name__ == "__main__":
    main()
