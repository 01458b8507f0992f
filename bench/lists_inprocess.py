"""In-process time of each list and search page (`bench_lists.py --inprocess` runs this).

Django's test Client over the real URLs, in one process, no server and no other client: per
page and user, `--warmup` requests first, then `--requests` timed ones; wall time
(`perf_counter`) and CPU time of this process (`process_time`, the Python and SQLite work;
PostgreSQL's own work is in the server process, so on PostgreSQL CPU < wall even idle).
CPU time is what a loaded machine changes least: quote it next to wall time. ``machine``
is the CPU of the whole machine per request (every process, PostgreSQL's server and its
parallel workers included; Linux's /proc/stat, the mean over the timed requests): on an
idle machine, what a request costs the cores that 8 users share.

Run with the database in the environment (SQLITE_PATH or DATABASE_URL), after
`lists_data.py`. Prints one JSON object a line per (page, user) and the table at the end.
"""

from __future__ import annotations

import argparse
import json
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k] * 1000


def machine_busy() -> float | None:
    """Seconds of CPU the whole machine has spent busy since boot (None off Linux)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return None
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


def main() -> None:
    from bench_lists import PAGE_USERS, PAGES, USERS

    from jiguan.access.models import User

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--users", default=",".join(USERS))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--out", default="")
    parser.add_argument("--cookie-sessions", action="store_true",
                        help="signed-cookie sessions: no session row read and written per "
                             "request (lets the bench read a database another process is "
                             "writing; slightly flatters every page)")
    args = parser.parse_args()
    if args.cookie_sessions:
        from django.conf import settings

        settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.receivers = []  # last_login, axes, audit: writes
        user_logged_in.sender_receivers_cache.clear()
    setup_test_environment()  # the test Client's ALLOWED_HOSTS ("testserver")
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    rows: list[dict[str, object]] = []
    clients = {}
    # A page only some roles open is timed as them (bench_lists.PAGE_USERS), not as 403s.
    default_users = tuple(args.users.split(","))
    names = [*default_users, *(u for us in PAGE_USERS.values() for u in us)]
    for name in dict.fromkeys(names):
        client = Client()
        client.force_login(User.objects.get(username=name))
        clients[name] = client
    # As config/wsgi.py does once a server worker has started (jiguan.core.deploy.gcfreeze).
    from jiguan.core.deploy.gcfreeze import freeze_startup_objects

    freeze_startup_objects()
    for key in args.pages.split(","):
        url_name, query = PAGES[key]
        try:
            url = url_name if url_name.startswith("/") else reverse(url_name)
        except NoReverseMatch:
            print(f"{key}: no URL {url_name}", flush=True)
            continue
        params = dict(p.split("=", 1) for p in query.split("&")) if query else {}
        for user in PAGE_USERS.get(key, default_users):
            client = clients[user]
            if "page" in params and len(params) == 1:
                # page=N past the numbered pages: reached by 下一页 (keyset), as a clerk does
                from bench_lists import DEEP_CODE

                namespace: dict[str, object] = {}
                exec(DEEP_CODE, namespace)
                deep = namespace["deep_path"](client, url, int(params["page"]))  # type: ignore[operator]
                path, _, q = str(deep).partition("?")
                page_params = dict(p.split("=", 1) for p in q.split("&") if p)
            else:
                path, page_params = url, params
            status = 0
            for _ in range(args.warmup):
                status = client.get(path, page_params).status_code
            walls: list[float] = []
            cpus: list[float] = []
            busy = machine_busy()
            for _ in range(args.requests):
                c, w = time.process_time(), time.perf_counter()
                status = client.get(path, page_params).status_code
                walls.append(time.perf_counter() - w)
                cpus.append(time.process_time() - c)
            after = machine_busy()
            machine = (None if busy is None or after is None
                       else round((after - busy) / args.requests * 1000, 1))
            row = {"page": key, "user": user, "db": vendor, "status": status,
                   "p50": round(pct(walls, 50), 1), "p95": round(pct(walls, 95), 1),
                   "cpu_p50": round(pct(cpus, 50), 1), "cpu_p95": round(pct(cpus, 95), 1),
                   "machine": machine,
                   "load": round(os.getloadavg()[0], 1), "n": args.requests}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    lines = [f"In-process, {vendor}, {args.requests} requests per page and user after "
             f"{args.warmup} warm-up; ms", "",
             "| list | user | DB | p50 | p95 | CPU p50 / p95 | machine | load | < 150 ms p95 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ok = "yes" if r["status"] == 200 and float(r["p95"]) < 150 else (  # type: ignore[arg-type]
            f"HTTP {r['status']}" if r["status"] != 200 else "**no**")
        lines.append(f"| {r['page']} | {r['user']} | {vendor} | {r['p50']} | {r['p95']} | "
                     f"{r['cpu_p50']} / {r['cpu_p95']} | {r['machine']} | {r['load']} | {ok} |")
    print("\n".join(lines))
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
