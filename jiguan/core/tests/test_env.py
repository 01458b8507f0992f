"""config/env.py: deploy-time settings read from the environment fail loud."""

from __future__ import annotations

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
