"""Benchmark: importing a large rooms workbook (房间台账) against the raw floor.

Target (office-space issue): the import of a 1,000,000-row rooms workbook (read, validate,
write) within 2x of the raw floor measured in the same run, and peak memory under 1 GB.

The floor is what no import can beat: python-calamine reading the file plus one
``executemany`` of the raw cell tuples into a scratch table of the same SQLite database (on
PostgreSQL, when DATABASE_URL is set: one ``COPY``), with no validation at all. Ours is the
pipeline the CLI runs (``manage.py import_data space.room FILE --as USER``): create_job,
validate_job, claim_job, apply_job, as a bench user holding a province_admin grant.

    .venv/bin/python bench/bench_room_import.py --rows 200000          # SQLite, var/bench/
    .venv/bin/python bench/bench_room_import.py --rows 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiguan_bench \\
        .venv/bin/python bench/bench_room_import.py --rows 1000000

The SQLite database (``--db``, default var/bench/rooms.sqlite3; SQLITE_PATH also works) is
created when missing: migrations, the province's region tree (load_province), ``--buildings``
buildings written with one executemany. The workbook is generated once per row count with
xlsxwriter in constant_memory mode and cached in var/bench/. Before each measurement the rooms
and floors of the bench buildings are deleted, so every run imports new rooms.

Each measurement runs in its own child process, so ``ru_maxrss`` is the peak resident memory
of that step alone (a bare Django process is ~70 MB of it). Refuses to run in production.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_DB = BENCH_DIR / "rooms.sqlite3"
SUBTYPES = ("会议室", "档案室", "接待室", "文印室")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="数据行数（默认 1,000,000）")
    parser.add_argument("--buildings", type=int, default=20_000, help="房产数（默认 20,000）")
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite 文件（默认 SQLITE_PATH 或 var/bench/rooms.sqlite3）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", choices=("floor", "ours"), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


ARGS = _parse()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if ARGS.db is not None:
        os.environ["SQLITE_PATH"] = str(ARGS.db.resolve())
    os.environ.setdefault("SQLITE_PATH", str(DEFAULT_DB))

import django  # noqa: E402

django.setup()

import import_bench  # noqa: E402  (bench/, beside this script)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from jiguan.access.models import Grant, Region, User  # noqa: E402
from jiguan.access.roles import Role  # noqa: E402
from jiguan.space.register.excel.common import ROOM_COLUMNS  # noqa: E402
from jiguan.space.register.models import Building, Floor, Room  # noqa: E402

FLOORS_ABOVE = 30
FLOORS_BELOW = 2
CODE = "BR{:06d}"


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------- set-up


def ensure_register(buildings: int, seed: int) -> None:
    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        from jiguan.access.regions.load import load_province

        load_province()
    have = Building.objects.filter(code__startswith="BR").count()
    if have >= buildings:
        return
    rng = random.Random(seed)
    counties = list(Region.objects.filter(level="county").values_list("id", flat=True))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    names = ("created_at", "updated_at", "code", "name", "region", "owner",
             "registration_status", "building_area", "floors_above", "floors_below",
             "building_type", "use", "structure")
    fields = [Building._meta.get_field(n) for n in names]
    extra = [f for f in Building._meta.concrete_fields
             if f not in fields and not f.null and not f.primary_key]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
    quote = connection.ops.quote_name
    cols = ", ".join(quote(f.column) for f in [*fields, *extra])
    marks = ", ".join(["%s"] * (len(fields) + len(extra)))
    sql = f"INSERT INTO {quote(Building._meta.db_table)} ({cols}) VALUES ({marks})"
    rows = [(now, now, CODE.format(i), f"基准办公楼{i}", rng.choice(counties), "某机关事务管理局",
             "registered", "1000000.00", FLOORS_ABOVE, FLOORS_BELOW, "high", "office",
             "concrete", *defaults) for i in range(have, buildings)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    print(f"已写入房产 {len(rows)} 栋", flush=True)


def bench_user() -> User:
    user, created = User.objects.get_or_create(username="bench_rooms",
                                               defaults={"full_name": "房间导入基准"})
    if created:
        Grant.objects.create(user=user, role=Role.PROVINCE_ADMIN,
                             region=Region.objects.get(parent__isnull=True))
    return user


def workbook(rows: int, buildings: int, seed: int) -> Path:
    """The rooms file: ``rows`` new rooms spread evenly over the bench buildings."""
    path = BENCH_DIR / f"rooms-{rows}-{buildings}-{seed}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    rng = random.Random(seed)
    tmp = path.with_suffix(".tmp")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = book.add_worksheet("房间台账")
    sheet.write_row(0, 0, [c.label for c in ROOM_COLUMNS])
    per = -(-rows // buildings)
    for i in range(rows):
        b, k = divmod(i, per)
        floor = k % FLOORS_ABOVE + 1 if k % 17 else -1
        number = f"{'B' if floor < 0 else ''}{abs(floor)}{k:03d}"
        usable = rng.randint(800, 9999) / 100
        if k % 10 == 9:
            use, subtype = "服务用房", SUBTYPES[k % len(SUBTYPES)]
        else:
            use, subtype = "办公室", ""
        row: list[Any] = [CODE.format(b), floor, number, use, subtype, usable]
        if k % 3 == 0:
            row.append(round(usable * 1.25, 2))
        sheet.write_row(i + 1, 0, row)
    book.close()
    tmp.rename(path)
    print(f"已生成 {path}（{path.stat().st_size / 1e6:.1f} MB）", flush=True)
    return path


def clear_rooms() -> None:
    """Remove what earlier runs imported: every run imports new rooms."""
    quote = connection.ops.quote_name
    bench = (f"SELECT id FROM {quote(Building._meta.db_table)} "
             "WHERE code LIKE 'BR%%'")
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Room, Floor):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} "
                           f"WHERE building_id IN ({bench})")
        from jiguan.core.models import ImportJob

        ImportJob.objects.filter(created_by__username="bench_rooms").delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor_rooms")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# ---------------------------------------------------------------- the two measurements


def measure_floor(path: Path) -> dict[str, Any]:
    """calamine read + one executemany (SQLite) / one COPY (PostgreSQL), no validation."""
    return import_bench.measure_floor(path, len(ROOM_COLUMNS), "bench_floor_rooms")


def measure_ours(path: Path) -> dict[str, Any]:
    result = import_bench.measure_import("space.room", path, bench_user())
    if "error" not in result:
        result["rooms"] = Room.objects.filter(building__code__startswith="BR").count()
    return result


def _child(phase: str, path: Path) -> dict[str, Any]:
    return import_bench.child(__file__, phase, path,
                              [] if ARGS.db is None else ["--db", str(ARGS.db)])


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("拒绝在生产环境运行")
    if ARGS.phase:
        fn = measure_floor if ARGS.phase == "floor" else measure_ours
        print(json.dumps(fn(ARGS.file)), flush=True)
        return
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    ensure_register(ARGS.buildings, ARGS.seed)
    bench_user()
    path = workbook(ARGS.rows, ARGS.buildings, ARGS.seed)
    clear_rooms()
    connection.close()
    floor = _child("floor", path)
    import_bench.report_floor(floor)
    clear_rooms()
    connection.close()
    ours = _child("ours", path)
    import_bench.report(floor, ours, ARGS.rows)
    assert ours["rooms"] == ARGS.rows, ours
    clear_rooms()


if __name__ == "__main__":
    main()
