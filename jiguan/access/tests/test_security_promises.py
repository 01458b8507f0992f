"""Promises of docs/security.md that had no test: the response headers, browser-close
sessions, and TLS in production (HSTS, secure cookies, SSL redirect)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client
from django.urls import reverse

from jiguan.conftest import Cast

ROOT = Path(__file__).resolve().parents[3]


def test_every_page_carries_the_framing_sniffing_and_referrer_headers(cast: Cast) -> None:
    """security.md "headers": X-Frame-Options DENY, nosniff, same-origin referrer; the
    login page too (before any session)."""
    for response in (cast.client("xihu").get(reverse("core:home")),
                     Client().get(reverse("access:login"))):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_browser_session_ends_when_the_browser_closes(cast: Cast) -> None:
    """security.md "timeout": the session cookie is a browser-session cookie (no Expires,
    no Max-Age), so closing the browser ends it."""
    client = Client()
    client.force_login(cast.xihu)
    client.get(reverse("core:home"))
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_production_runs_behind_tls(tmp_path: Path) -> None:
    """security.md "no sniffing": in production HSTS, secure cookies and the SSL redirect
    are on (and off in development, where `make run` serves plain HTTP)."""
    code = ("import json; from django.conf import settings as s; print(json.dumps("
            "[s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS]))")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JIGUAN_TLS")}
    env.update({"JIGUAN_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64),
                "ALLOWED_HOSTS": "jiguan.example.gov.cn", "JIGUAN_VAR_DIR": str(tmp_path),
                "JIGUAN_DEMO": "false", "DJANGO_SETTINGS_MODULE": "config.settings"})
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    redirect, session_secure, csrf_secure, hsts, subdomains = json.loads(
        result.stdout.strip().splitlines()[-1])
    assert redirect and session_secure and csrf_secure and subdomains
    assert hsts >= 31536000
