"""The province data set the list benchmark reads (`bench_lists.py` runs this; idempotent).

Run with the database in the environment (SQLITE_PATH or DATABASE_URL). Each step runs only
when its tables are empty, so an interrupted build resumes:

1. ``manage.py demo --scale province --seed 1``: 40,000 agencies, 600,000 people, the demo
   users;
2. the office-space register at the same scale (``bench_compliance.build_register``: about
   1,000,000 rooms for the people, ~600,000 occupants) and its compliance findings
   (``compliance.actions.sync``);
3. the space workflows (projects, transfers, leases, repairs, allocation and return cases),
   the travel demo and the governance, services, assets, internal audit and assessment
   demos, through their actions as their demo commands make them (tens of rows: these
   lists are short in real use too);
4. with ``--energy``: ``energy_demo`` for every agency (~9,300,000 readings; 15-17 minutes
   on the 2-core machine, bench/README.md "Energy");
5. planner statistics (``refresh_db_stats``); on PostgreSQL a ``VACUUM (ANALYZE)`` as
   well: what autovacuum does on a production server soon after a bulk load (it is off on
   the bench machines' server, and without it no table has a visibility map, so every
   index-only scan reads the heap too).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def vacuum() -> None:
    """VACUUM outside a transaction block (it refuses to run inside one)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def step(name: str, fn: object) -> None:
    t = time.monotonic()
    print(f"[lists_data] {name} ...", flush=True)
    fn()  # type: ignore[operator]
    print(f"[lists_data] {name}: {time.monotonic() - t:.0f} s", flush=True)


def reset_sequences() -> None:
    """PostgreSQL: move every id sequence past the table's largest id. The register step
    writes its rows with explicit ids (``bench_compliance.insert``, ``executemany``), which
    does not advance the sequences, so the next ``INSERT`` without an id (the space
    workflows' first building) failed on ``space_building_pkey``. SQLite needs nothing
    (AUTOINCREMENT reads the largest id)."""
    from django.apps import apps
    from django.core.management.color import no_style

    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=1_000_000)
    parser.add_argument("--energy", action="store_true", help="also the province's readings")
    args = parser.parse_args()

    from jiguan.energy.models import Reading
    from jiguan.orgs.models import Agency
    from jiguan.space.compliance.models import Finding
    from jiguan.space.leases.models import Lease
    from jiguan.space.register.models import Room
    from jiguan.travel import demo as travel_demo

    call_command("migrate", "--noinput", verbosity=0)
    if Agency.objects.count() < 40_000:
        step("demo --scale province", lambda: call_command("demo", scale="province", seed=1))
    if Room.objects.count() < args.rooms // 2:
        import bench_compliance

        step("register", lambda: bench_compliance.build_register(
            args.rooms - Room.objects.count(), 1))
        call_command("refresh_db_stats")
    reset_sequences()  # also on a resumed build whose register step was written before
    if not Finding.objects.exists():
        from jiguan.space.compliance import actions

        step("compliance sync", lambda: actions.sync(actor=None))
    if not Lease.objects.exists():
        from jiguan.space import demo as space_demo
        from jiguan.space.leases import demo as leases_demo
        from jiguan.space.repairs import demo as repairs_demo

        def workflows() -> None:
            space_demo.load_workflows()
            leases_demo.load()
            repairs_demo.load()
            space_demo.load_cases()

        step("space workflows", workflows)
    if not travel_demo.loaded():
        step("travel demo", lambda: call_command("travel_demo", seed=1))
    # The newer modules' registers, as `make run` seeds them (their demo commands are
    # idempotent; tens to hundreds of rows: the page's fixed cost at province scope).
    for command in ("governance_demo", "services_demo", "assets_demo", "internalaudit_demo",
                    "assessment_demo"):
        kwargs = {} if command == "governance_demo" else {"seed": 1}
        step(command, lambda c=command, k=kwargs: call_command(c, **k))  # type: ignore[misc]
    if args.energy and not Reading.objects.exists():
        step("energy demo (province)", lambda: call_command("energy_demo", seed=1,
                                                            scale="province"))
    reset_sequences()
    step("refresh_db_stats", lambda: call_command("refresh_db_stats"))
    if connection.vendor == "postgresql":
        step("vacuum", vacuum)
    call_command("collectstatic", "--noinput", verbosity=0)


if __name__ == "__main__":
    main()
