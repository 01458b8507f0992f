"""Benchmark: list and search pages at province scale under load (issue 10, "Lists and
searches at province scale").

Two servers run side by side, each as `make serve` runs one (granian, WSGI, 2 workers, 2
blocking threads), on the province data set (40,000 agencies, 600,000 people):

- ``baseline``: the code of ``--baseline-rev`` (default: the commit before the list-speed
  work) on a copy of the data set with this work's orgs migrations rolled back and no
  planner statistics: the pages as they were;
- ``ours``: this checkout on the data set as its migrations and the demo command leave it.

For each page, both servers in turn (the order alternates page by page, so a busier machine
slows both alike) get ``--clients`` concurrent clients (default 8, no think time), half
logged in as a province user (demo_admin), half as a county user (demo_xihu, 西湖区; a
page only some roles open as those roles, PAGE_USERS), each
sending ``--requests`` requests after one warm-up request. Latencies are wall-clock from
the client; p50/p95/p99 per page and per server, then ``ratio = ours / baseline`` of p95.

    .venv/bin/python bench/bench_lists.py                        # SQLite, var/bench/lists.sqlite3
    .venv/bin/python bench/bench_lists.py --requests 10 --pages people,search2
    .venv/bin/python bench/bench_lists.py \\
        --database-url postgres://postgres@127.0.0.1:5432/jiguan_listspeed_bench
    .venv/bin/python bench/bench_lists.py --inprocess              # one process, no load
    .venv/bin/python bench/bench_lists.py --inprocess --database-url postgres://…/jiguan_lists_bench

The data set is built when missing (migrate, then ``manage.py demo --scale province --seed
1``: several minutes) and reused after. Output: a table on stdout and
``bench/out/lists-<db>.md``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")
# The commit this work started from: the pages as the issue measured them.
BASELINE_REV = "8d93754"
# The orgs migration before this work's (0003_search_and_list_indexes).
ORGS_BEFORE = "0002_import_job"

# name -> (url name or a path, query string); the query is URL-encoded by the runner.
PAGES: dict[str, tuple[str, str]] = {
    "agencies": ("orgs:agency_list", ""),
    "agencies_p100": ("orgs:agency_list", "page=100"),
    "agency_search": ("orgs:agency_list", "q=教育"),
    "people": ("orgs:person_list", ""),
    "people_p100": ("orgs:person_list", "page=100"),
    "search2": ("orgs:person_list", "q=张伟"),
    "search3": ("orgs:person_list", "q=王秀英"),
    "search1": ("orgs:person_list", "q=鑫"),
    "regions": ("orgs:region_list", ""),
    "buildings": ("space:building_list", ""),
    "rooms": ("space:room_list", ""),
    "findings": ("space_compliance:finding_list", ""),
    "energy_entry": ("energy:entry", ""),
    "energy_readings": ("energy:reading_list", ""),
    "water_saving": ("energy:water_saving_list", ""),
    "audit": ("audit:event_list", ""),
    "todo": ("todo:inbox", ""),
    "users": ("access:user_list", ""),
    "building_search": ("space:building_list", "q=大楼"),
    "rooms_p100": ("space:room_list", "page=100"),
    "findings_p100": ("space_compliance:finding_list", "page=100"),
    "people_p150": ("orgs:person_list", "page=150"),
    "energy_breaches": ("energy:breach_list", ""),
    "energy_quotas": ("energy:quota_list", ""),
    "energy_targets": ("energy:target_list", ""),
    "energy_contracts": ("energy:contract_list", ""),
    "energy_sorting": ("energy:sorting_list", ""),
    "inventory": ("space_inventory:campaign_list", ""),
    "projects": ("space_projects:project_list", ""),
    "transfers": ("space_transfers:batch_list", ""),
    "leases": ("space_leases:lease_list", ""),
    "repairs": ("space_repairs:repair_list", ""),
    "allocation": ("space_allocation:case_list", ""),
    "returns": ("space_returns:case_list", ""),
    "optimiser": ("space_optimiser:plan_list", ""),
    "trips": ("travel:trip_list", ""),
    "vehicles": ("travel:vehicle_list", ""),
    "drivers": ("travel:driver_list", ""),
    "statements": ("travel:statement_list", ""),
    "rules": ("governance:rule_list", ""),
    "contracts": ("governance:contract_list", ""),
    "decisions": ("governance:decision_list", ""),
    "reviews": ("governance:review_list", ""),
    "purchases": ("services:purchase_list", ""),
    "inspections": ("services:inspection_list", ""),
    "suppliers": ("services:supplier_list", ""),
    "catalogues": ("services:catalogue_list", ""),
    "evaluations": ("services:evaluation_list", ""),
    "asset_cards": ("assets:card_list", ""),
    "asset_entities": ("assets:entity_list", ""),
    "asset_holdings": ("assets:holding_list", ""),
    "asset_matters": ("assets:matter_list", ""),
    "asset_disposals": ("assets:disposal_list", ""),
    "ia_projects": ("internalaudit:project_list", ""),
    "ia_findings": ("internalaudit:finding_list", ""),
    "ia_terms": ("internalaudit:term_list", ""),
    "ia_plans": ("internalaudit:plan_list", ""),
    "assessment": ("assessment:home", ""),
    "api_agencies": ("/api/v1/orgs/agencies", ""),
    "api_people": ("/api/v1/orgs/people", ""),
}
USERS = ("demo_admin", "demo_xihu")  # province bureau admin, county (西湖区) bureau user
# A page that only some roles open is measured as them, never as its 403 page (until
# session 11 the account list was measured as two 403 pages, the audit trail half as one):
# the account list is the 系统管理员's, the audit trail the province's and the 审计管理员's.
PAGE_USERS: dict[str, tuple[str, ...]] = {"users": ("demo_sysadmin",),
                                          "audit": ("demo_admin", "demo_auditadmin")}


def users_of(key: str) -> tuple[str, ...]:
    return PAGE_USERS.get(key, USERS)


def all_users() -> list[str]:
    return list(dict.fromkeys([*USERS, *(u for us in PAGE_USERS.values() for u in us)]))

# Run inside a server's own code and database: sessions for USERS and the page URLs.
SETUP_CODE = r"""
import json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.test import Client
from django.urls import NoReverseMatch, reverse
from jiguan.access.models import User
pages = json.loads(sys.argv[1])
users = json.loads(sys.argv[2])
cookies = {}
for name in users:
    client = Client()
    client.force_login(User.objects.get(username=name))
    cookies[name] = client.cookies["sessionid"].value
urls = {}
for key, (url_name, query) in pages.items():
    try:
        urls[key] = url_name if url_name.startswith("/") else reverse(url_name)
    except NoReverseMatch:
        pass
# A deep page (page=N past the numbered pages) is reached as a clerk does: 下一页 from the
# last numbered page, so its URL carries the keyset cursor (per user: their scope's rows).
deep = {}
for key, (url_name, query) in pages.items():
    if key in urls and query.startswith("page="):
        for name in users:
            client = Client()
            client.force_login(User.objects.get(username=name))
            deep[f"{key}|{name}"] = deep_path(client, urls[key], int(query[5:]))
print(json.dumps({"cookies": cookies, "urls": urls, "deep": deep}))
"""

DEEP_CODE = r"""
import re
from html import unescape


def deep_path(client, url, number):
    '''The path of page `number` of `url`: the page itself when it has a number link, else
    followed by 下一页 from the deepest numbered page (keyset pages).'''
    query = f"page={number}"
    body = client.get(f"{url}?{query}").content.decode()
    current = re.search(r'aria-current="page"><span class="page-link">(\d+)<', body)
    reached = int(current.group(1)) if current else number
    while reached < number:
        link = re.search(r'href="\?([^"]*)" rel="next"', body)
        if not link:
            break
        query = unescape(link.group(1))
        body = client.get(f"{url}?{query}").content.decode()
        reached += 1
    return f"{url}?{query}"
"""


def _env(db: dict[str, str], src: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SQLITE_PATH", "DATABASE_URL")}
    env.update(db)
    env["PYTHONPATH"] = str(src)
    env.setdefault("JIGUAN_ENV", "development")
    return env


def _manage(src: Path, db: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=src, env=_env(db, src), check=True)


def _has_data(src: Path, db: dict[str, str]) -> bool:
    code = ("import os,sys;sys.path.insert(0,os.getcwd());"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');"
            "import django;django.setup();"
            "from django.db import connection\n"
            "try:\n from jiguan.orgs.models import Agency;print(Agency.objects.count())\n"
            "except Exception:\n print(0)")
    out = subprocess.run([PY, "-c", code], cwd=src, env=_env(db, src), check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()
    return bool(out) and int(out[-1]) >= 40_000


def prepare_ours(db: dict[str, str]) -> None:
    if not _has_data(ROOT, db):
        print("building the province data set (several minutes) ...", flush=True)
        _manage(ROOT, db, "migrate", "--noinput", "--verbosity", "0")
        _manage(ROOT, db, "demo", "--scale", "province", "--seed", "1")
    else:
        _manage(ROOT, db, "migrate", "--noinput", "--verbosity", "0")
    _manage(ROOT, db, "refresh_db_stats")
    _manage(ROOT, db, "collectstatic", "--noinput", "--verbosity", "0")


def prepare_baseline(db: dict[str, str], rev: str) -> tuple[Path, dict[str, str]]:
    """The baseline's source tree and its copy of the data set (made once, reused)."""
    src = ROOT / "var" / "bench" / f"src-{rev}"
    if not (src / "manage.py").exists():
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    if "SQLITE_PATH" in db:
        path = Path(db["SQLITE_PATH"])
        base = path.with_name(path.stem + "-baseline" + path.suffix)
        base_db = {"SQLITE_PATH": str(base)}
        if not base.exists():
            print("copying the data set for the baseline ...", flush=True)
            subprocess.run(["sqlite3", str(path), f".backup '{base}'"], check=True)
            _manage(ROOT, base_db, "migrate", "orgs", ORGS_BEFORE, "--verbosity", "0")
            subprocess.run(["sqlite3", str(base), "DROP TABLE IF EXISTS sqlite_stat1;"],
                           check=True)
    else:
        url = urlsplit(db["DATABASE_URL"])
        name = url.path.lstrip("/")
        base_name = f"{name}_baseline"
        base_db = {"DATABASE_URL": url._replace(path="/" + base_name).geturl()}
        admin = url._replace(path="/postgres").geturl()
        exists = subprocess.run(
            ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{base_name}'"],
            check=True, capture_output=True, text=True).stdout.strip()
        if not exists:
            print("copying the data set for the baseline ...", flush=True)
            subprocess.run(["psql", admin, "-c",
                            f'CREATE DATABASE "{base_name}" TEMPLATE "{name}"'], check=True)
            _manage(ROOT, base_db, "migrate", "orgs", ORGS_BEFORE, "--verbosity", "0")
    _manage(src, base_db, "collectstatic", "--noinput", "--verbosity", "0")
    return src, base_db


class Server:
    def __init__(self, label: str, src: Path, db: dict[str, str], port: int) -> None:
        self.label, self.src, self.db, self.port = label, src, db, port
        self.proc: subprocess.Popen[bytes] | None = None

    def setup(self, pages: dict[str, tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
        out = subprocess.run(
            [PY, "-c", DEEP_CODE + SETUP_CODE, json.dumps(pages), json.dumps(all_users())],
            cwd=self.src,
            env=_env(self.db, self.src), check=True, capture_output=True, text=True).stdout
        data = json.loads(out.strip().splitlines()[-1])
        self.deep: dict[str, str] = data.get("deep", {})
        return data["cookies"], data["urls"]

    def start(self) -> None:
        # As the Makefile's GRANIAN line (`make serve`).
        self.proc = subprocess.Popen(
            [GRANIAN, "--interface", "wsgi", "config.wsgi:application", "--workers", "2",
             "--blocking-threads", "2", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning"],
            cwd=self.src, env=_env(self.db, self.src))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.label} server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def _load(port: int, path: str, clients: list[tuple[str, str]], requests: int,
          paths: dict[str, str] | None = None) -> tuple[dict[str, list[float]], list[str]]:
    """`len(clients)` clients (user, session cookie) at once, each `requests` GETs of
    `path` (or of its user's path in `paths`) after one warm-up."""
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(clients))

    def client(user: str, cookie: str) -> None:
        own_path = (paths or {}).get(user, path)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"}
        own: list[float] = []

        def get() -> float:
            t = time.perf_counter()
            conn.request("GET", own_path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                with lock:
                    errors.append(f"{user} {resp.status}")
            return time.perf_counter() - t

        get()
        start.wait()
        for _ in range(requests):
            own.append(get())
        conn.close()
        with lock:
            times.setdefault(user, []).extend(own)

    threads = [threading.Thread(target=client, args=(u, c)) for u, c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "lists.sqlite3"))
    parser.add_argument("--database-url", default="")
    parser.add_argument("--baseline-rev", default=BASELINE_REV)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--inprocess", action="store_true",
                        help="no servers: each page in one process (lists_inprocess.py), on "
                             "the data set of lists_data.py (space register included)")
    parser.add_argument("--users", default=",".join(USERS))
    parser.add_argument("--energy", action="store_true",
                        help="with --inprocess: load the province's energy readings too")
    args = parser.parse_args()
    if args.inprocess:
        run_inprocess(args)
        return
    if not shutil.which("sqlite3") and not args.database_url:
        sys.exit("the sqlite3 command-line tool is needed to copy the data set")
    db = ({"DATABASE_URL": args.database_url} if args.database_url
          else {"SQLITE_PATH": args.db})
    pages = {k: PAGES[k] for k in args.pages.split(",") if k}
    prepare_ours(db)
    servers = [Server("ours", ROOT, db, args.port)]
    if not args.no_baseline:
        src, base_db = prepare_baseline(db, args.baseline_rev)
        servers.insert(0, Server("baseline", src, base_db, args.port + 1))
    setups = {s.label: s.setup(pages) for s in servers}
    results: dict[tuple[str, str, str], list[float]] = {}
    errors: dict[tuple[str, str], list[str]] = {}
    try:
        for s in servers:
            s.start()
        for n, (key, (_name, query)) in enumerate(pages.items()):
            order = servers if n % 2 == 0 else servers[::-1]
            for s in order:
                cookies, urls = setups[s.label]
                if key not in urls:
                    continue
                path = urls[key] + ("?" + "&".join(
                    f"{k}={quote(v)}" for k, v in (p.split("=", 1) for p in query.split("&")))
                    if query else "")
                t0 = time.perf_counter()
                users = users_of(key)
                deep = {u: s.deep[f"{key}|{u}"] for u in users if f"{key}|{u}" in s.deep}
                clients = [(users[i % len(users)], cookies[users[i % len(users)]])
                           for i in range(args.clients)]
                times, errs = _load(s.port, path, clients, args.requests, deep)
                for user, values in times.items():
                    results[(key, s.label, user)] = values
                    results.setdefault((key, s.label, "all"), []).extend(values)
                if errs:
                    errors[(key, s.label)] = errs
                every = results[(key, s.label, "all")]
                print(f"{key:15s} {s.label:8s} p50/p95/p99 = {_pct(every, 50):.0f} / "
                      f"{_pct(every, 95):.0f} / {_pct(every, 99):.0f} ms  "
                      f"({time.perf_counter() - t0:.1f} s, load {os.getloadavg()[0]:.1f})",
                      flush=True)
    finally:
        for s in servers:
            s.stop()
    lines = _report(pages, servers, results, errors, args)
    print("\n".join(lines))
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    kind = "postgresql" if args.database_url else "sqlite"
    (out / f"lists-{kind}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_inprocess(args: argparse.Namespace) -> None:
    """Build (or reuse) the data set with lists_data.py, then time every page in process."""
    db = ({"DATABASE_URL": args.database_url} if args.database_url
          else {"SQLITE_PATH": args.db if args.db != str(ROOT / "var" / "bench" / "lists.sqlite3")
                else str(ROOT / "var" / "bench_lists.sqlite3")})
    env = _env(db, ROOT)
    subprocess.run([PY, "bench/lists_data.py", *(["--energy"] if args.energy else [])],
                   cwd=ROOT, env=env, check=True)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    kind = "postgresql" if args.database_url else "sqlite"
    subprocess.run([PY, "bench/lists_inprocess.py", "--pages", args.pages, "--users",
                    args.users, "--requests", str(max(args.requests, 50)),
                    "--out", str(out / f"lists-inprocess-{kind}.md")],
                   cwd=ROOT, env=env, check=True)


def _report(pages: dict[str, tuple[str, str]], servers: list[Server],
            results: dict[tuple[str, str, str], list[float]],
            errors: dict[tuple[str, str], list[str]], args: argparse.Namespace) -> list[str]:
    labels = [s.label for s in servers]
    head = "| page | user | " + " | ".join(f"{lb} p50 / p95 / p99 ms" for lb in labels)
    head += " | p95 ours/baseline |" if len(labels) == 2 else " |"
    lines = [f"clients={args.clients} requests/client={args.requests} "
             f"db={'PostgreSQL' if args.database_url else 'SQLite'} "
             f"load={os.getloadavg()[0]:.1f}", "", head,
             "|" + "---|" * (head.count("|") - 1)]
    for key in pages:
        for user in (*users_of(key), "all"):
            cells = []
            for lb in labels:
                v = results.get((key, lb, user), [])
                cells.append(f"{_pct(v, 50):.0f} / {_pct(v, 95):.0f} / {_pct(v, 99):.0f}"
                             if v else "—")
            row = f"| {key} | {user} | " + " | ".join(cells)
            if len(labels) == 2:
                b = results.get((key, "baseline", user), [])
                o = results.get((key, "ours", user), [])
                row += f" | {_pct(o, 95) / _pct(b, 95):.2f} |" if b and o else " | — |"
            else:
                row += " |"
            lines.append(row)
    for (key, label), errs in errors.items():
        lines.append(f"errors {key} {label}: {len(errs)} ({', '.join(sorted(set(errs))[:3])})")
    return lines


if __name__ == "__main__":
    main()
