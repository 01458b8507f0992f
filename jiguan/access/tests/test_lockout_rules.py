"""Lockout by user name and client address (docs/adr/0003), never extended while locked;
locked or expired accounts lose their sessions and tokens; the absolute session cap."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiguan.access.accounts import actions
from jiguan.access.models import User
from jiguan.audit.models import AuditEvent
from jiguan.conftest import PASSWORD, Cast

ELSEWHERE = "10.9.8.7"


def _login(client: Client, username: str, password: str) -> int:
    return client.post(reverse("access:login"),
                       {"username": username, "password": password}).status_code


def _fail(times: int, address: str = "127.0.0.1", username: str = "hangzhou") -> None:
    for _ in range(times):
        _login(Client(REMOTE_ADDR=address), username, "wrong-password")


def test_attempts_while_locked_do_not_extend_the_lock(cast: Cast) -> None:
    _fail(5)
    assert _login(Client(), "hangzhou", PASSWORD) == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    # Someone keeps trying during the lock: neither counted nor restarting the cool-off.
    _fail(3)
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 5
    assert timezone.now() - attempt.attempt_time > timedelta(minutes=9)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(Client(), "hangzhou", PASSWORD) == 302


def test_failures_from_another_address_do_not_lock_the_owner_out(cast: Cast) -> None:
    _fail(5, ELSEWHERE)
    assert _login(Client(REMOTE_ADDR=ELSEWHERE), "hangzhou", PASSWORD) == 429
    assert _login(Client(), "hangzhou", PASSWORD) == 302


def test_failures_spread_over_addresses_lock_the_account_everywhere(cast: Cast,
                                                                   settings: object) -> None:
    settings.JIGUAN_LOCKOUT_ACCOUNT_FAILURES = 8  # type: ignore[attr-defined]
    for i in range(4):
        _fail(2, f"10.0.0.{i + 1}")
    assert _login(Client(), "hangzhou", PASSWORD) == 429


def test_the_locked_out_page_shows_the_configured_numbers(cast: Cast, settings: object) -> None:
    settings.AXES_FAILURE_LIMIT = 3  # type: ignore[attr-defined]
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)  # type: ignore[attr-defined]
    settings.JIGUAN_LOCKOUT_ACCOUNT_FAILURES = 25  # type: ignore[attr-defined]
    client = Client()
    page = client.post(reverse("access:login"),
                       {"username": "hangzhou", "password": "nope"}).content.decode()
    assert "连续失败 3 次" in page and "锁定 40 分钟" in page
    _fail(2)
    response = client.post(reverse("access:login"),
                           {"username": "hangzhou", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "失败 3 次" in page and "合计失败 25 次" in page and "锁定 40 分钟" in page
    assert "15 分钟" not in page


def test_a_locked_accounts_session_ends(cast: Cast) -> None:
    client = Client()
    assert _login(client, "hangzhou", PASSWORD) == 302
    assert client.get(reverse("core:home")).status_code == 200
    _fail(5)
    response = client.get(reverse("core:home"))
    assert response.status_code == 429
    assert AuditEvent.objects.filter(event_type="auth.session_locked",
                                     actor=cast.hangzhou).exists()
    assert client.get(reverse("core:home")).status_code == 302  # logged out


def test_a_session_elsewhere_survives_a_lock_from_another_address(cast: Cast) -> None:
    client = Client()
    assert _login(client, "hangzhou", PASSWORD) == 302
    _fail(5, ELSEWHERE)
    assert client.get(reverse("core:home")).status_code == 200


def test_a_locked_or_expired_accounts_token_stops_working(cast: Cast) -> None:
    _, raw = actions.token_create(user=cast.xihu, name="对接", actor=cast.xihu)
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/v1/orgs/agencies", headers=headers).status_code == 200
    User.objects.filter(pk=cast.xihu.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91))
    assert Client().get("/api/v1/orgs/agencies", headers=headers).status_code == 401
    User.objects.filter(pk=cast.xihu.pk).update(password_changed_at=timezone.now())
    assert Client().get("/api/v1/orgs/agencies", headers=headers).status_code == 200
    _fail(5, username="xihu")
    assert Client().get("/api/v1/orgs/agencies", headers=headers).status_code == 401


def test_an_expired_accounts_session_reaches_only_the_password_page(cast: Cast) -> None:
    client = cast.client("xihu")
    User.objects.filter(pk=cast.xihu.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91))
    assert client.get("/api/v1/orgs/agencies").url == reverse("access:password_change")
    assert client.get(reverse("orgs:agency_list")).url == reverse("access:password_change")


def test_a_wrong_current_password_counts_towards_the_lockout_and_is_audited(cast: Cast
                                                                           ) -> None:
    client = Client()
    assert _login(client, "xihu", PASSWORD) == 302
    bad = {"old_password": "not-it", "new_password1": "Fresh#Start2026",
           "new_password2": "Fresh#Start2026"}
    for _ in range(4):
        assert client.post(reverse("access:password_change"), bad).status_code == 422
    assert AuditEvent.objects.filter(event_type="auth.password_check_failed",
                                     actor=cast.xihu).count() == 4
    assert AccessAttempt.objects.get(username="xihu").failures_since_start == 4
    assert client.post(reverse("access:password_change"), bad).status_code == 429
    assert _login(Client(), "xihu", PASSWORD) == 429


def test_a_session_ends_at_the_absolute_cap_whatever_the_activity(
        cast: Cast, monkeypatch: pytest.MonkeyPatch, settings: object) -> None:
    cap = settings.JIGUAN_SESSION_MAX_AGE_SECONDS  # type: ignore[attr-defined]
    client = Client()
    # The clock is read before the login: the session's start (whole seconds) is then
    # never later than ``start``, so the request at exactly ``start + cap`` is inside the
    # cap even when the login straddles a second boundary.
    start = time.time()
    assert _login(client, "xihu", PASSWORD) == 302
    step = 20 * 60  # busy: a request every 20 minutes, well inside the idle timeout
    elapsed = 0
    while elapsed + step <= cap:
        elapsed += step
        monkeypatch.setattr(time, "time", lambda e=elapsed: start + e)
        assert client.get(reverse("core:home")).status_code == 200, elapsed
    monkeypatch.setattr(time, "time", lambda: start + cap + 60)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("access:login"))
    assert AuditEvent.objects.filter(event_type="auth.session_capped").exists()


def test_the_session_cap_is_a_setting(cast: Cast, monkeypatch: pytest.MonkeyPatch,
                                      settings: object) -> None:
    settings.JIGUAN_SESSION_MAX_AGE_SECONDS = 600  # type: ignore[attr-defined]
    client = Client()
    assert _login(client, "xihu", PASSWORD) == 302
    real = time.time
    start = real()
    monkeypatch.setattr(time, "time", lambda: start + 11 * 60)
    assert client.get(reverse("core:home")).status_code == 302


def test_behind_a_proxy_the_lock_counts_the_address_the_proxy_names(cast: Cast,
                                                                    settings: object) -> None:
    settings.JIGUAN_CLIENT_IP_HEADER = "X-Real-IP"  # type: ignore[attr-defined]
    for _ in range(5):  # every request comes from the proxy at 127.0.0.1
        Client(headers={"X-Real-IP": ELSEWHERE}).post(
            reverse("access:login"), {"username": "hangzhou", "password": "wrong-password"})
    assert AccessAttempt.objects.get().ip_address == ELSEWHERE
    assert AuditEvent.objects.filter(event_type="auth.login_failed").first().ip == ELSEWHERE
    owner = Client(headers={"X-Real-IP": "10.1.1.1"})
    assert _login(owner, "hangzhou", PASSWORD) == 302


def test_a_malformed_client_address_header_falls_back_to_the_connection(
        cast: Cast, settings: object) -> None:
    settings.JIGUAN_CLIENT_IP_HEADER = "X-Real-IP"  # type: ignore[attr-defined]
    client = Client(headers={"X-Real-IP": "not-an-address'; drop"})
    assert _login(client, "hangzhou", "wrong-password") == 200
    assert AuditEvent.objects.get(event_type="auth.login_failed").ip == "127.0.0.1"
