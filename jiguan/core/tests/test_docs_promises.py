"""What README.md and docs/deployment.md tell an operator to type is what the project runs:
`make run HOST=… PORT=…`, `make reset-demo`, the cron commands and the settings named in
the docs (issue 10: every promise in docs/ is a test)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DOCS = ("README.md", "docs/deployment.md", "docs/security.md", "docs/user-guide.md")

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="no make on this host")


def _dry_run(*args: str) -> str:
    """The commands `make -n …` would run (nothing is run: -n)."""
    done = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout


@needs_make
def test_make_run_serves_and_seeds_on_the_host_and_port_given() -> None:
    plan = _dry_run("run", "HOST=0.0.0.0", "PORT=8080")
    server = [line for line in plan.splitlines() if "granian" in line and "--host" in line]
    assert server, plan
    assert "--host 0.0.0.0 --port 8080" in server[-1]
    assert "--respawn-failed-workers" in server[-1]  # docs/deployment.md, worker restarts
    # The demo prints the login with the address the server really listens on.
    assert "manage.py demo --scale small --seed 1 --url http://0.0.0.0:8080" in plan
    assert "manage.py db_worker --no-reload" in plan  # the task worker, restarted in a loop
    default = _dry_run("run")
    assert "--host 127.0.0.1 --port 8000" in default  # README: the default address


@needs_make
def test_make_reset_demo_deletes_the_demo_database_and_runs_again() -> None:
    plan = _dry_run("reset-demo", "HOST=0.0.0.0", "PORT=8080").splitlines()
    removed = next(i for i, line in enumerate(plan) if line.startswith("rm -f"))
    assert plan[removed].split()[2:] == ["var/jiguan.sqlite3", "var/jiguan.sqlite3-wal",
                                         "var/jiguan.sqlite3-shm"]
    rest = "\n".join(plan[removed + 1:])
    # …then everything `make run` does, after the removal, on the same address.
    assert "manage.py migrate --noinput" in rest
    assert "manage.py demo --scale small" in rest
    assert "--host 0.0.0.0 --port 8080" in rest


def test_the_file_make_reset_demo_removes_is_the_database_make_run_uses() -> None:
    """README: `make reset-demo` deletes the demo database (var/jiguan.sqlite3), the file the
    settings use when neither SQLITE_PATH nor DATABASE_URL is given (as under `make run`)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SQLITE_PATH", "DATABASE_URL", "JIGUAN_VAR_DIR")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import "
         "settings; print(settings.DATABASES['default']['NAME'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120)
    assert Path(done.stdout.strip()) == ROOT / "var" / "jiguan.sqlite3"


def _doc_text() -> str:
    return "\n".join((ROOT / name).read_text(encoding="utf-8") for name in DOCS)


def test_every_cron_command_of_the_deployment_guide_exists() -> None:
    named = set(re.findall(r"\.venv/bin/jiguan (\w+)", _doc_text()))
    assert {"space_compliance", "energy_integrity", "space_returns_scan",
            "space_lease_reminders"} <= named
    commands = get_commands()
    assert sorted(n for n in named if n not in commands) == []


def test_every_setting_the_docs_name_is_read_by_the_code() -> None:
    """A JIGUAN_* variable in README's configuration table or the deployment and security
    guides that no code reads would be a setting that silently does nothing."""
    named = set(re.findall(r"\bJIGUAN_[A-Z0-9_]*[A-Z0-9]\b", _doc_text()))
    assert len(named) > 30
    code = "\n".join(path.read_text(encoding="utf-8") for path in
                     [*(ROOT / "config").rglob("*.py"), *(ROOT / "jiguan").rglob("*.py")]
                     if "tests" not in path.parts)
    assert sorted(n for n in named if n not in code) == []
