"""A migrated test database, kept as a template and cloned, so the migrations run once per
code state instead of once per test process (pytest-xdist worker, CI stage).

`migrate` on an empty database costs tens of seconds of CPU (Django renders the migration
state of every model for each of some 120 migrations). pytest-django's `django_db_setup`
still creates each test database as usual; only its `migrate` call is replaced by a copy of
a template made by the same migrations from the same code:

* the key hashes every file the migrations can read (all of jiguan/ and config/ except
  tests, templates and static files) and the pinned packages, so any change migrates again;
* SQLite (in memory): the template is a file under var/test-db/, copied in with SQLite's
  backup API; PostgreSQL: a database ``<test name>_tpl_<key>`` and ``CREATE DATABASE ...
  TEMPLATE``;
* a file lock lets one process migrate while the other xdist workers wait for its result;
* ``JIGUAN_TEST_TEMPLATE=rebuild`` (make test-postgres, so CI) migrates afresh once in that
  pytest run; ``off`` runs `migrate` in every process as before.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings

SKIP_DIRS = {"tests", "tests_browser", "templates", "static", "__pycache__", "locale"}


def code_key() -> str:
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for top in ("jiguan", "config"):
        for root, dirs, files in os.walk(base / top):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = Path(root) / name
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    for name in ("requirements.lock", "pyproject.toml"):
        path = base / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _dir() -> Path:
    path = Path(settings.BASE_DIR) / "var" / "test-db"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _locked(name: str) -> Iterator[None]:
    with open(_dir() / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fresh_in_this_run(marker: Path, run_id: str) -> bool:
    """In rebuild mode a template counts only when this pytest run built it."""
    if os.environ.get("JIGUAN_TEST_TEMPLATE", "reuse") != "rebuild":
        return True
    return marker.exists() and marker.read_text() == run_id


class _Sqlite:
    def __init__(self, connection: Any, key: str) -> None:
        self.connection = connection
        self.path = _dir() / f"sqlite-{key}.sqlite3"
        self.lock = "sqlite"

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> None:
        self.connection.ensure_connection()
        source = sqlite3.connect(self.path)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()

    def save(self) -> None:
        self.connection.ensure_connection()
        partial = self.path.with_suffix(".partial")
        target = sqlite3.connect(partial)
        try:
            self.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, self.path)
        for old in self.path.parent.glob("sqlite-*.sqlite3"):
            if old != self.path:
                old.unlink(missing_ok=True)


class _Postgres:
    def __init__(self, connection: Any, key: str) -> None:
        self.connection = connection
        self.test_name = connection.settings_dict["NAME"]
        self.base = re.sub(r"_gw\d+$", "", self.test_name)
        self.prefix = f"{self.base}_tpl_"
        self.name = f"{self.prefix}{key}"
        self.lock = f"pg-{self.base}"

    def _nodb(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        self.connection.close()
        with self.connection.creation._nodb_cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def exists(self) -> bool:
        return bool(self._nodb("SELECT 1 FROM pg_database WHERE datname = %s", (self.name,)))

    def load(self) -> None:
        quote = self.connection.ops.quote_name
        self._nodb(f"DROP DATABASE IF EXISTS {quote(self.test_name)}")
        self._nodb(f"CREATE DATABASE {quote(self.test_name)} TEMPLATE {quote(self.name)}")

    def save(self) -> None:
        quote = self.connection.ops.quote_name
        self._nodb(f"DROP DATABASE IF EXISTS {quote(self.name)}")
        self._nodb(f"CREATE DATABASE {quote(self.name)} TEMPLATE {quote(self.test_name)}")
        stale = self._nodb("SELECT datname FROM pg_database WHERE datname LIKE %s "
                           "AND datname <> %s", (self.prefix.replace("_", r"\_") + "%",
                                                 self.name))
        for (name,) in stale:
            self._nodb(f"DROP DATABASE IF EXISTS {quote(name)}")


def migrate_or_clone(call_command: Callable[..., Any], run_id: str) -> Callable[..., Any]:
    """A stand-in for django.core.management.call_command during test database setup: its
    "migrate" copies the template (made by the first process that needed it)."""

    def patched(name: Any, *args: Any, **options: Any) -> Any:
        if name != "migrate" or os.environ.get("JIGUAN_TEST_TEMPLATE") == "off":
            return call_command(name, *args, **options)
        from django.db import connections

        connection: Any = connections[options.get("database", "default")]
        key = code_key()
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            template: _Sqlite | _Postgres = _Sqlite(connection, key)
        elif connection.vendor == "postgresql":
            template = _Postgres(connection, key)
        else:
            return call_command(name, *args, **options)
        marker = _dir() / f"{template.lock}-{key}.run"
        with _locked(template.lock):
            if template.exists() and _fresh_in_this_run(marker, run_id):
                template.load()
                return None
            result = call_command(name, *args, **options)
            template.save()
            marker.write_text(run_id)
            connection.close()
            return result

    patched.__wrapped__ = call_command  # type: ignore[attr-defined]
    return patched
