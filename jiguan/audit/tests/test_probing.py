"""Out-of-scope probing: many 404s on object URLs in a short time are one audit event per
burst (issue 9 §4; jiguan/audit/probing.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from jiguan.access.accounts import actions
from jiguan.audit import probing
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast


@pytest.fixture
def probe_settings(settings: Any) -> Any:
    settings.JIGUAN_PROBE_404_COUNT = 5
    settings.JIGUAN_PROBE_WINDOW_SECONDS = 60
    return settings


def _probes() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=probing.EVENT).order_by("pk"))


def _walk(client: Client, start: int, n: int) -> list[str]:
    """Ask for n agencies by id, none of them there; return the paths."""
    paths = [reverse("orgs:agency_detail", args=[10_000_000 + i]) for i in range(start, start + n)]
    for path in paths:
        assert client.get(path).status_code == 404
    return paths


def test_404s_below_the_threshold_are_not_recorded(cast: Cast, probe_settings: Any) -> None:
    _walk(cast.client("xihu"), 0, 4)
    assert _probes() == []


def test_a_burst_over_the_threshold_is_one_event_with_user_count_and_paths(
        cast: Cast, probe_settings: Any) -> None:
    client = cast.client("xihu")
    # An agency out of the user's scope answers 404 like a missing one, and counts.
    out_of_scope = reverse("orgs:agency_detail", args=[cast.ningbo_agency.pk])
    assert client.get(out_of_scope).status_code == 404
    paths = [out_of_scope, *_walk(client, 0, 11)]
    events = _probes()
    assert len(events) == 1
    event = events[0]
    assert event.actor == cast.xihu
    assert event.outcome == "denied"
    assert event.extra["count"] == 5
    assert event.extra["window_seconds"] == 60
    assert event.extra["paths"] == paths[:5]  # the burst up to the threshold


def test_a_new_burst_after_the_window_is_a_new_event(
        cast: Cast, probe_settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(probing, "_now", lambda: clock[0])
    client = cast.client("xihu")
    _walk(client, 0, 6)
    clock[0] += 30
    _walk(client, 6, 6)  # the same burst: still one event
    assert len(_probes()) == 1
    clock[0] += 31  # the window (60 s from the burst's first 404) has passed
    _walk(client, 12, 4)
    assert len(_probes()) == 1
    second = _walk(client, 16, 1)
    events = _probes()
    assert len(events) == 2
    assert events[1].extra["paths"][-1] == second[0]


def test_each_user_is_counted_apart(cast: Cast, probe_settings: Any) -> None:
    _walk(cast.client("xihu"), 0, 3)
    _walk(cast.client("hangzhou"), 0, 3)
    assert _probes() == []


def test_404s_of_paths_that_are_no_object_url_are_not_counted(
        cast: Cast, probe_settings: Any) -> None:
    client = cast.client("xihu")
    for i in range(8):
        assert client.get(f"/no-such-page-{i}/").status_code == 404
    assert _probes() == []


def test_api_token_404s_are_counted_for_the_tokens_user(cast: Cast, probe_settings: Any) -> None:
    _, raw = actions.token_create(user=cast.xihu, name="对接", actor=cast.xihu)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    for i in range(5):
        assert client.get(f"/api/v1/orgs/agencies/{10_000_000 + i}").status_code == 404
    events = _probes()
    assert [e.actor for e in events] == [cast.xihu]
    assert events[0].extra["paths"][0] == "/api/v1/orgs/agencies/10000000"


def test_the_per_process_cache_works_too(cast: Cast, probe_settings: Any) -> None:
    probe_settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    _walk(cast.client("xihu"), 0, 7)
    assert len(_probes()) == 1


def test_the_default_cache_is_a_database_table_made_by_migrate(db: Any) -> None:
    from django.conf import settings
    from django.db import connection

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert "jiguan_cache" in connection.introspection.table_names()
    cache.set("jiguan:test", 1, timeout=5)
    assert cache.get("jiguan:test") == 1


def test_an_unknown_cache_setting_fails_loud() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "JIGUAN_CACHE": "redis", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "manage.py", "check"], env=env, timeout=120,
                            cwd=Path(__file__).resolve().parents[3], capture_output=True,
                            text=True, check=False)
    assert result.returncode != 0
    assert "JIGUAN_CACHE must be database or locmem" in result.stderr
