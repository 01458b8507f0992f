"""Production refuses a weak setup: `check --deploy` is clean only when it is safe."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from jiguan.access.models import User
from jiguan.core.deploy.checks import no_default_password
from jiguan.core.deploy.demo_password import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def _check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"JIGUAN_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64),
                "ALLOWED_HOSTS": "jiguan.example.gov.cn", "JIGUAN_VAR_DIR": str(tmp_path),
                "DJANGO_SETTINGS_MODULE": "config.settings", **extra})
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                           "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_demo(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, JIGUAN_DEMO="true")
    assert result.returncode != 0
    assert "jiguan.E001" in result.stderr + result.stdout


def test_production_refuses_a_short_secret_key(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_production_refuses_a_demo_account_with_the_demo_password() -> None:
    user = User(username="demo_admin")
    user.set_password(DEMO_PASSWORD)
    user.save()
    with override_settings(PRODUCTION=True):
        errors = no_default_password(None)
    assert [e.id for e in errors] == ["jiguan.E003"]
    user.set_password("Changed#Passw0rd")
    user.save()
    with override_settings(PRODUCTION=True):
        assert no_default_password(None) == []
