"""Benchmark: importing agencies (单位名录) and people (人员名册) against the raw floor.

Target (issue 9, section 3): 100,000 agencies and 1,000,000 people from one .xlsx each,
within 2x of the raw floor on SQLite and within 3x on PostgreSQL, measured in one run.

The floor is python-calamine reading the file plus one ``executemany`` of the raw cell
tuples into an index-free scratch table of the same database (PostgreSQL: one ``COPY``),
no validation (bench/import_bench.py). The *table floor* (``--no-table-floor`` skips it)
writes the same file's rows into the product's own tables, with every index the product
must have (the search index included, filled as core fills it), mapped by plain dict
look-ups and without checks: the issue's "openpyxl + bulk_create without checks", with
calamine and one ``COPY`` / ``executemany``. Ours is what ``manage.py import_data orgs.agency
FILE`` runs: create_job, validate_job (the check and the plan of changes), claim_job,
apply_job, as a bench user holding a province_admin grant.

    .venv/bin/python bench/bench_org_import.py --agencies 20000 --people 200000   # iterating
    .venv/bin/python bench/bench_org_import.py --province          # the figures to report
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiguan_bench_orgs \\
        .venv/bin/python bench/bench_org_import.py --province

``--province`` first seeds the database with ``manage.py demo --scale province`` (40,000
agencies, 600,000 people) when it has no agencies, so the imports run against a register
of province size (the duplicate-name look-up reads every agency). The files (new agencies
spread over the province's counties and cities, a tenth with a parent listed earlier; ten
people per bench agency with a staff number, rank of the agency's level) are written once
by xlsxwriter in constant_memory mode and cached in var/bench/. Before each run the bench
agencies and people (created by the bench user) are deleted. Refuses to run in production.
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
DEFAULT_DB = BENCH_DIR / "orgs.sqlite3"
USER = "bench_orgs"


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=100_000, help="单位行数（默认 100,000）")
    parser.add_argument("--people", type=int, default=1_000_000, help="人员行数（默认 1,000,000）")
    parser.add_argument("--province", action="store_true", help="先生成省级规模演示数据")
    parser.add_argument("--only", choices=("agencies", "people"), help="只测其中一项")
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite 文件（默认 SQLITE_PATH 或 var/bench/orgs.sqlite3）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-table-floor", action="store_true",
                        help="不测写入产品表（含全部索引）的底线")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
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

from jiguan.access.models import Grant, Region, User  # noqa: E402
from jiguan.access.roles import Role  # noqa: E402
from jiguan.orgs import rules  # noqa: E402
from jiguan.orgs.excel.columns import AGENCY_COLUMNS, PERSON_COLUMNS  # noqa: E402
from jiguan.orgs.models import Agency, Person  # noqa: E402

LEVEL_OF_REGION = {"province": "省级", "city": "市级", "county": "县级"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌"
POSTS = ("科员", "副科长", "科长", "副处长", "处长", "主任", "副主任", "")


def credit_code(serial: int) -> str:
    """A valid credit code of registration authority Y (其他): none of the demo's."""
    org8 = f"{serial:08d}"
    first17 = f"Y1330000{org8}{rules.org_code_check_char(org8)}"
    return first17 + rules.credit_code_check_char(first17)


def ensure_register() -> None:
    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        from jiguan.access.regions.load import load_province

        load_province()
    if ARGS.province and not Agency.objects.exists():
        print("生成省级规模演示数据……", flush=True)
        call_command("demo", scale="province", seed=1, verbosity=0)


def bench_user() -> User:
    user, created = User.objects.get_or_create(username=USER,
                                               defaults={"full_name": "单位人员导入基准"})
    if created:
        Grant.objects.create(user=user, role=Role.PROVINCE_ADMIN,
                             region=Region.objects.get(parent__isnull=True))
    return user


def _regions() -> list[tuple[str, str]]:
    return sorted(Region.objects.filter(level__in=LEVEL_OF_REGION)
                  .values_list("code", "level"))


def agency_rows(count: int, seed: int) -> list[list[Any]]:
    rng = random.Random(seed)
    regions = _regions()
    rows = []
    for i in range(count):
        region, level = regions[i % len(regions)]
        parent = credit_code(i - rng.randint(1, 50)) if i > 50 and i % 10 == 0 else ""
        authorized = rng.randint(5, 300)
        rows.append([f"基准单位{i:06d}", credit_code(i), region, LEVEL_OF_REGION[level],
                     "01 国家机关" if i % 7 else "", parent, authorized,
                     authorized - rng.randint(0, 5), "" if i % 3 else authorized])
    return rows


def person_rows(count: int, agencies: int, seed: int) -> list[list[Any]]:
    rng = random.Random(seed)
    regions = _regions()
    ranks = {level: [r.label for r in rules.ranks_for_level(code)]
             for code, level in (("province", "省级"), ("city", "市级"), ("county", "县级"))}
    rows = []
    per = -(-count // agencies)  # people listed agency by agency, as registers keep them
    for i in range(count):
        a = i // per
        level = LEVEL_OF_REGION[regions[a % len(regions)][1]]
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        rows.append([credit_code(a), name, f"P{i % per:05d}", rng.choice(POSTS),
                     rng.choice(ranks[level])])
    return rows


def workbook(kind: str, rows: int) -> Path:
    path = BENCH_DIR / f"{kind}-{rows}-{ARGS.agencies}-{ARGS.seed}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    columns = AGENCY_COLUMNS if kind == "agencies" else PERSON_COLUMNS
    data = (agency_rows(rows, ARGS.seed) if kind == "agencies"
            else person_rows(rows, ARGS.agencies, ARGS.seed))
    tmp = path.with_suffix(".tmp")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = book.add_worksheet("单位名录" if kind == "agencies" else "人员名册")
    sheet.write_row(0, 0, [c.label for c in columns])
    for i, row in enumerate(data, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    tmp.rename(path)
    print(f"已生成 {path}（{path.stat().st_size / 1e6:.1f} MB）", flush=True)
    return path


def clear(people_only: bool = False) -> None:
    """Remove what earlier runs imported (rows created by the bench user)."""
    user = bench_user()
    quote = connection.ops.quote_name
    people, agencies = quote(Person._meta.db_table), quote(Agency._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {people} WHERE created_by_id = %s", [user.pk])
        if not people_only:
            cursor.execute(f"UPDATE {agencies} SET parent_id = NULL WHERE created_by_id = %s",
                           [user.pk])
            cursor.execute(f"DELETE FROM {agencies} WHERE created_by_id = %s", [user.pk])
        from jiguan.core.models import ImportJob

        ImportJob.objects.filter(created_by=user).delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor_orgs")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _shared() -> dict[str, Any]:
    from django.utils import timezone

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user = bench_user().pk
    return {"created_at": now, "updated_at": now, "created_by": user, "updated_by": user}


def _agency_floor() -> tuple[dict[str, Any], tuple[str, ...], Any]:
    """Raw agency cells -> the table's columns: region code -> id and level label ->
    code by dict, parent left empty (resolving it is part of the check)."""
    regions = dict(Region.objects.values_list("code", "id"))
    levels = {label: code for code, label in rules.LEVEL_LABELS.items()}

    def convert(c: tuple[Any, ...]) -> tuple[Any, ...]:
        name, code, region, level, type_code, _parent, authorized, actual, energy = (
            *c, *[""] * (9 - len(c)))
        return (name, regions.get(str(region)), levels.get(level),
                str(type_code)[:2] or "01", code, int(authorized or 0), int(actual or 0),
                int(energy) if energy != "" else None)
    names = ("name", "region", "level", "type_code", "credit_code", "authorized_headcount",
             "actual_headcount", "energy_headcount")
    return {**_shared(), "status": "active", "note": ""}, names, convert


def _person_floor() -> tuple[dict[str, Any], tuple[str, ...], Any]:
    """Raw person cells -> the table's columns: agency credit code -> id (one read of
    every agency), rank label -> code for the agency's level."""
    agencies = {code: (pk, level) for code, pk, level in
                Agency.objects.values_list("credit_code", "id", "level")}
    ranks = {(level, r.label): r.code for level in rules.LEVEL_LABELS
             for r in rules.ranks_for_level(level)}

    def convert(c: tuple[Any, ...]) -> tuple[Any, ...]:
        code, name, staff_no, post, rank = (*c, *[""] * (5 - len(c)))
        agency, level = agencies[code]
        return (agency, name, staff_no, post, ranks.get((level, rank), ""))
    names = ("agency", "name", "staff_no", "post", "rank")
    return {**_shared(), "status": "serving"}, names, convert


def measure(phase: str, path: Path) -> dict[str, Any]:
    kind, step = phase.split("-")
    if step == "table":
        if kind == "agencies":
            return import_bench.measure_table_floor(path, Agency, _agency_floor)
        return import_bench.measure_table_floor(path, Person, _person_floor)
    if step == "floor":
        width = len(AGENCY_COLUMNS if kind == "agencies" else PERSON_COLUMNS)
        return import_bench.measure_floor(path, width, "bench_floor_orgs")
    return import_bench.measure_import("orgs.agency" if kind == "agencies" else "orgs.person",
                                       path, bench_user())


def _child(phase: str, path: Path) -> dict[str, Any]:
    return import_bench.child(__file__, phase, path, [
        "--agencies", str(ARGS.agencies), "--people", str(ARGS.people),
        *([] if ARGS.db is None else ["--db", str(ARGS.db)])])


def run(kind: str, rows: int) -> None:
    path = workbook(kind, rows)
    connection.close()
    floor = _child(f"{kind}-floor", path)
    print(f"== {kind} ({rows:,} rows)", flush=True)
    import_bench.report_floor(floor)
    table = None
    if not ARGS.no_table_floor:
        table = _child(f"{kind}-table", path)
        import_bench.report_floor(table, "table floor")
        clear(people_only=kind == "people")
    clear(people_only=True)
    connection.close()
    ours = _child(f"{kind}-ours", path)
    import_bench.report(floor, ours, rows, f"kind={kind} ", table)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor_orgs")


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("拒绝在生产环境运行")
    if ARGS.phase:
        print(json.dumps(measure(ARGS.phase, ARGS.file)), flush=True)
        return
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    ensure_register()
    bench_user()
    workbook("agencies", ARGS.agencies)
    if ARGS.only != "agencies":
        workbook("people", ARGS.people)
    if ARGS.only != "people":
        clear()
        run("agencies", ARGS.agencies)
    elif not Agency.objects.filter(created_by=bench_user()).exists():
        sys.exit("先导入基准单位（不带 --only people 运行一次）")
    if ARGS.only != "agencies":
        run("people", ARGS.people)


if __name__ == "__main__":
    main()
