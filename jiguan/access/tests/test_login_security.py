"""等保 2.0 level-3 login policy: complexity, expiry, forced change, lockout, idle timeout."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiguan.access.accounts import actions, duties
from jiguan.access.models import PasswordIssue, User
from jiguan.audit.models import AuditEvent
from jiguan.conftest import PASSWORD, Cast


def _login(client: Client, username: str, password: str) -> int:
    return client.post(reverse("access:login"),
                       {"username": username, "password": password}).status_code


def test_it_rejects_a_password_from_two_character_classes() -> None:
    with pytest.raises(ValidationError, match="至少三类"):
        validate_password("abcdefgh12")


def test_it_rejects_a_password_containing_the_username() -> None:
    user = User(username="wangfang")
    with pytest.raises(ValidationError, match="用户名"):
        validate_password("Wangfang#2026", user)


def test_it_rejects_a_password_shorter_than_eight() -> None:
    with pytest.raises(ValidationError):
        validate_password("Ab#1xyz")


def test_a_login_succeeds_and_is_audited(cast: Cast) -> None:
    client = Client()
    assert _login(client, "hangzhou", PASSWORD) == 302
    assert AuditEvent.objects.filter(event_type="auth.login", actor=cast.hangzhou).exists()


def test_it_locks_the_account_after_five_failures(cast: Cast) -> None:
    client = Client()
    for _ in range(4):
        assert _login(client, "hangzhou", "wrong-password") == 200
    # The fifth failure locks; from then on even the right password is refused.
    assert _login(client, "hangzhou", "wrong-password") == 429
    assert _login(client, "hangzhou", PASSWORD) == 429
    assert AuditEvent.objects.filter(event_type="auth.login_failed").count() >= 5
    assert AuditEvent.objects.filter(event_type="auth.lockout").exists()
    # Another account is not affected.
    assert _login(Client(), "xihu", PASSWORD) == 302


def test_the_lockout_ends_after_fifteen_minutes(cast: Cast, settings: object) -> None:
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(5):
        _login(client, "hangzhou", "wrong-password")
    assert _login(client, "hangzhou", PASSWORD) == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "hangzhou", PASSWORD) == 302


def test_a_security_admin_can_unlock(cast: Cast) -> None:
    for _ in range(5):
        _login(Client(), "hangzhou", "wrong-password")
    admin = cast.client("secadmin")
    assert admin.post(reverse("access:unlock"), {"username": "hangzhou"}).status_code == 302
    assert _login(Client(), "hangzhou", PASSWORD) == 302
    assert AuditEvent.objects.filter(event_type="access.user.unlocked").exists()


def test_a_generated_password_must_be_changed_at_first_login(cast: Cast) -> None:
    user, first = actions.user_create(username="newbie", full_name="新人", actor=cast.sysadmin)
    issue = PasswordIssue.objects.get(user=user)
    raw = first + duties.password_release(issue=issue, actor=cast.secadmin)
    client = Client()
    assert _login(client, "newbie", raw) == 302
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("access:password_change")
    response = client.post(reverse("access:password_change"), {
        "old_password": raw, "new_password1": "Fresh#Start2026",
        "new_password2": "Fresh#Start2026"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password


def test_an_expired_password_forces_a_change(cast: Cast) -> None:
    User.objects.filter(pk=cast.xihu.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91))
    client = cast.client("xihu")
    response = client.get(reverse("orgs:agency_list"))
    assert response.status_code == 302
    assert response.url == reverse("access:password_change")


def test_a_password_changed_89_days_ago_is_still_valid(cast: Cast) -> None:
    User.objects.filter(pk=cast.xihu.pk).update(
        password_changed_at=timezone.now() - timedelta(days=89))
    assert cast.client("xihu").get(reverse("orgs:agency_list")).status_code == 200


def test_the_password_form_names_the_policy_in_chinese(cast: Cast) -> None:
    client = cast.client("xihu")
    response = client.post(reverse("access:password_change"), {
        "old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"})
    assert response.status_code == 422
    assert "至少三类" in response.content.decode()


def test_an_idle_session_ends_after_thirty_minutes(cast: Cast, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    client = cast.client("xihu")
    assert client.get(reverse("core:home")).status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 31 * 60)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("access:login"))
    assert AuditEvent.objects.filter(event_type="auth.session_expired").exists()


def test_activity_within_thirty_minutes_keeps_the_session(cast: Cast,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    client = cast.client("xihu")
    client.get(reverse("core:home"))
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 29 * 60)
    assert client.get(reverse("core:home")).status_code == 200


def test_a_second_page_within_the_minute_does_not_write_the_session(cast: Cast) -> None:
    """The last-seen stamp is kept to the minute: a page view does not save the session
    each time (one UPDATE and COMMIT per request; on SQLite the one write lock)."""
    client = cast.client("xihu")
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries
              if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]
    assert writes == []


def test_activity_every_twenty_minutes_keeps_the_session_past_thirty(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stamp still moves on with activity: requests 20 and 40 minutes in keep the
    session alive although 40 minutes have passed since the first."""
    client = cast.client("xihu")
    client.get(reverse("core:home"))
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 20 * 60)
    assert client.get(reverse("core:home")).status_code == 200
    monkeypatch.setattr(time, "time", lambda: real() + 40 * 60)
    assert client.get(reverse("core:home")).status_code == 200
    monkeypatch.setattr(time, "time", lambda: real() + 71 * 60)
    assert client.get(reverse("core:home")).status_code == 302


def test_pages_require_login() -> None:
    response = Client().get(reverse("orgs:agency_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("access:login"))


def test_responses_carry_a_content_security_policy(cast: Cast) -> None:
    response = cast.client("xihu").get(reverse("core:home"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
