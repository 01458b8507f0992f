"""config/env.py: deploy-time settings read from the environment fail loud."""

from __future__ import annotations

import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_json


def test_json_settings_parse_or_fail_loud(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_JSON", '{"per_capita": "-8"}')
    assert env_json("X_JSON", {}) == {"per_capita": "-8"}
    monkeypatch.setenv("X_JSON", "")
    assert env_json("X_JSON", {"a": 1}) == {"a": 1}
    monkeypatch.setenv("X_JSON", "{per_capita: -8}")
    with pytest.raises(ImproperlyConfigured, match="X_JSON must be JSON"):
        env_json("X_JSON", {})


def test_booleans_and_integers_refuse_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="true or false"):
        env_bool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "10")
    assert env_int("X_INT", 1) == 10


def _database_setting(expression: str, **env: str) -> object:
    """`expression` over the default database's settings dict (``db``) as config/settings.py
    builds it in a fresh interpreter with only `env` of the database variables set (the test
    process's settings are already loaded)."""
    import json
    import os
    import sys
    from pathlib import Path

    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "JIGUAN_DB_CONN_MAX_AGE", "JIGUAN_PG_PARALLEL_WORKERS")}
    code = ("import json, config.settings as s; db = s.DATABASES['default']; "
            f"print(json.dumps({expression}))")
    out = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, check=True,
                         capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[3]).stdout
    return json.loads(out.strip().splitlines()[-1])


def _conn_max_age(**env: str) -> int:
    return int(str(_database_setting("db['CONN_MAX_AGE']", **env)))


def test_database_connections_are_kept_between_requests_on_both_databases() -> None:
    """A new SQLite connection per request (Django's default) re-ran the PRAGMAs and parsed
    the schema on every page: connections are kept 60 s by default (README, configuration)."""
    assert _conn_max_age() == 60
    assert _conn_max_age(DATABASE_URL="postgres://u@127.0.0.1:5432/x") == 60
    assert _conn_max_age(JIGUAN_DB_CONN_MAX_AGE="0") == 0
    assert _conn_max_age(JIGUAN_DB_CONN_MAX_AGE="300",
                         DATABASE_URL="postgres://u@127.0.0.1:5432/x") == 300


def _pg_options(**env: str) -> str:
    """The connection's `options` (PostgreSQL's command-line settings) as configured."""
    return str(_database_setting("db.get('OPTIONS', {}).get('options', '')", **env))


def test_postgresql_queries_start_no_parallel_workers_unless_configured() -> None:
    """Parallel query is off for the site's connections by default (docs/deployment.md);
    the setting is kept beside options the URL already gives; empty leaves the server's."""
    url = "postgres://u@127.0.0.1:5432/x"
    assert _pg_options(DATABASE_URL=url) == "-c max_parallel_workers_per_gather=0"
    assert _pg_options(DATABASE_URL=url, JIGUAN_PG_PARALLEL_WORKERS="2") == (
        "-c max_parallel_workers_per_gather=2")
    assert _pg_options(DATABASE_URL=url + "?options=-c%20statement_timeout%3D5000") == (
        "-c statement_timeout=5000 -c max_parallel_workers_per_gather=0")
    assert _pg_options(DATABASE_URL=url, JIGUAN_PG_PARALLEL_WORKERS="") == ""
    assert _pg_options() == ""  # SQLite: nothing to set
    with pytest.raises(subprocess.CalledProcessError) as refused:
        _pg_options(DATABASE_URL=url, JIGUAN_PG_PARALLEL_WORKERS="two")
    assert "JIGUAN_PG_PARALLEL_WORKERS must be an integer" in refused.value.stderr


@pytest.mark.django_db
def test_the_connection_itself_runs_without_parallel_workers() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: checked in the PostgreSQL stage (make test-postgres)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
