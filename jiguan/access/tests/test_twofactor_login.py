"""Two factors at login (等保 8.1.4.1 d): enrolment, TOTP and recovery codes, the lockout."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from jiguan.access.accounts import actions as access_actions
from jiguan.access.accounts import duties
from jiguan.access.models import PasswordIssue
from jiguan.access.tests.twofactor_helpers import (
    enrol,
    enrolled_client,
    next_code,
    password_step,
    switch_on,
)
from jiguan.access.twofactor.policy import required_for
from jiguan.audit.models import AuditEvent
from jiguan.conftest import PASSWORD, Cast


@pytest.fixture(autouse=True)
def _two_factors_on(settings: object) -> None:
    switch_on(settings)


def test_a_required_role_without_an_authenticator_must_enrol_before_anything_else(
        cast: Cast) -> None:
    client = Client()
    assert password_step(client, "hangzhou").status_code == 302
    for url in (reverse("core:home"), reverse("orgs:agency_list"), reverse("access:account")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("twofactor:enrol")
    page = client.get(reverse("twofactor:enrol"))
    assert page.status_code == 200
    assert 'data-testid="forced-enrol"' in page.content.decode()
    # The password change and logout stay reachable.
    assert client.get(reverse("access:password_change")).status_code == 200


def test_enrolment_shows_a_qr_code_and_the_recovery_codes_once(cast: Cast) -> None:
    client = Client()
    password_step(client, "hangzhou")
    page = client.get(reverse("twofactor:enrol")).content.decode()
    assert "<svg" in page and "<script>" not in page.split("</head>")[1]
    _secret, codes = enrol(client)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert AuditEvent.objects.filter(event_type="access.2fa.enrolled",
                                     target_id=str(cast.hangzhou.pk)).exists()
    # Stored as digests, not in clear.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes}
    # Shown once: the enrolment page now leads to the status page, with no codes on it.
    again = client.get(reverse("twofactor:enrol"))
    assert again.status_code == 302
    status = client.get(again.url).content.decode()
    assert codes[0] not in status
    assert "剩余恢复码：10 个" in status
    assert client.get(reverse("core:home")).status_code == 200


def test_a_wrong_code_at_enrolment_is_refused(cast: Cast) -> None:
    client = Client()
    password_step(client, "hangzhou")
    client.get(reverse("twofactor:enrol"))
    response = client.post(reverse("twofactor:enrol"), {"code": "12345x"})
    assert response.status_code == 422
    assert "验证码不正确" in response.content.decode()
    assert client.get(reverse("core:home")).url == reverse("twofactor:enrol")


def test_an_enrolled_user_logs_in_with_a_totp_code(cast: Cast) -> None:
    _, secret, _ = enrolled_client(cast.hangzhou)
    client = Client()
    response = password_step(client, "hangzhou")
    assert response.status_code == 302
    assert response.url == reverse("twofactor:verify")
    # Not logged in yet: the password alone opens nothing.
    assert client.get(reverse("core:home")).url.startswith(reverse("access:login"))
    logins_before = AuditEvent.objects.filter(event_type="auth.login").count()

    response = client.post(reverse("twofactor:verify"),
                           {"code": next_code(secret, cast.hangzhou)})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.2fa.verified",
                                     target_id=str(cast.hangzhou.pk)).exists()
    assert AuditEvent.objects.filter(event_type="auth.login").count() == logins_before + 1


def test_a_used_code_is_not_accepted_twice(cast: Cast) -> None:
    _, secret, _ = enrolled_client(cast.hangzhou)
    code = next_code(secret, cast.hangzhou)
    first = Client()
    password_step(first, "hangzhou")
    assert first.post(reverse("twofactor:verify"), {"code": code}).status_code == 302
    second = Client()
    password_step(second, "hangzhou")
    assert second.post(reverse("twofactor:verify"), {"code": code}).status_code == 422


def test_a_wrong_code_is_refused_counted_and_audited(cast: Cast) -> None:
    enrolled_client(cast.hangzhou)
    client = Client()
    password_step(client, "hangzhou")
    response = client.post(reverse("twofactor:verify"), {"code": "000000"})

    assert response.status_code == 422
    assert "验证码不正确" in response.content.decode()
    assert AccessAttempt.objects.get(username="hangzhou").failures_since_start == 1
    failed = AuditEvent.objects.get(event_type="auth.2fa.failed")
    assert failed.target_id == str(cast.hangzhou.pk)
    assert failed.extra["purpose"] == "login"
    assert AuditEvent.objects.filter(event_type="auth.login_failed").count() == 1


def test_wrong_codes_lock_the_account_like_wrong_passwords(cast: Cast) -> None:
    _, secret, _ = enrolled_client(cast.hangzhou)
    client = Client()
    password_step(client, "hangzhou")
    # One wrong password and four wrong codes: five failures of one policy.
    assert password_step(Client(), "hangzhou", "wrong-password").status_code == 200
    for _ in range(3):
        assert client.post(reverse("twofactor:verify"), {"code": "000000"}).status_code == 422
    assert client.post(reverse("twofactor:verify"), {"code": "000000"}).status_code == 429
    assert AuditEvent.objects.filter(event_type="auth.lockout").exists()
    # Locked: the right code and the right password are refused alike.
    other = Client()
    assert password_step(other, "hangzhou").status_code == 429
    # The locked-out code step was dropped: even the right code leads back to the login.
    right = next_code(secret, cast.hangzhou)
    response = client.post(reverse("twofactor:verify"), {"code": right})
    assert response.status_code == 302
    assert response.url == reverse("access:login")
    assert client.get(reverse("core:home")).status_code == 302


def test_a_recovery_code_logs_in_once(cast: Cast) -> None:
    _, _, codes = enrolled_client(cast.hangzhou)
    client = Client()
    password_step(client, "hangzhou")
    response = client.post(reverse("twofactor:verify"), {"code": codes[3].upper()})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    used = AuditEvent.objects.get(event_type="auth.2fa.recovery_used")
    assert used.extra["recovery_codes_left"] == 9

    again = Client()
    password_step(again, "hangzhou")
    assert again.post(reverse("twofactor:verify"), {"code": codes[3]}).status_code == 422
    assert again.post(reverse("twofactor:verify"), {"code": codes[4]}).status_code == 302


def test_the_code_page_without_a_password_step_goes_back_to_the_login(cast: Cast) -> None:
    response = Client().get(reverse("twofactor:verify"))
    assert response.status_code == 302
    assert response.url == reverse("access:login")


def test_the_code_step_expires(cast: Cast, settings: object) -> None:
    _, secret, _ = enrolled_client(cast.hangzhou)
    client = Client()
    password_step(client, "hangzhou")
    settings.JIGUAN_2FA_PENDING_SECONDS = -1  # type: ignore[attr-defined]
    response = client.post(reverse("twofactor:verify"),
                           {"code": next_code(secret, cast.hangzhou)})
    assert response.status_code == 302
    assert response.url == reverse("access:login")
    assert client.get(reverse("core:home")).status_code == 302


def test_reporters_need_two_factors_only_when_the_setting_is_on(cast: Cast,
                                                                 settings: object) -> None:
    assert not required_for(cast.ningbo_reporter)
    client = Client()
    password_step(client, "ningbo_reporter")
    assert client.get(reverse("core:home")).status_code == 200

    settings.JIGUAN_2FA_REPORTERS = True  # type: ignore[attr-defined]
    cast.ningbo_reporter._scope_cache = None
    assert required_for(cast.ningbo_reporter)
    assert client.get(reverse("core:home")).url == reverse("twofactor:enrol")


def test_every_bureau_role_and_the_three_administrators_are_required(cast: Cast) -> None:
    for user in (cast.province_admin, cast.hangzhou, cast.xihu, cast.auditor, cast.sysadmin,
                 cast.secadmin, cast.auditadmin):
        assert required_for(user), user.username
    assert not required_for(cast.outsider)


def test_demo_accounts_are_exempt_only_in_development(cast: Cast, settings: object) -> None:
    # A demo account as the demo command makes it: a known password, no change required.
    demo, _ = access_actions.user_create(username="demo_admin", full_name="演示",
                                         actor=cast.sysadmin)
    demo.set_password("Demo#Passw0rd-1")
    demo.must_change_password = False
    demo.save()
    access_actions.grant_create(user=demo, role="province_admin",
                                region=cast.province_agency.region, actor=cast.secadmin)
    settings.JIGUAN_2FA_DEMO_EXEMPT = True  # type: ignore[attr-defined]
    for env, exempt in (("development", True), ("test", False), ("production", False)):
        settings.JIGUAN_ENV = env  # type: ignore[attr-defined]
        demo._scope_cache = None
        assert required_for(demo) is not exempt, env
    # In development the printed password alone opens the demo account (make run).
    settings.JIGUAN_ENV = "development"  # type: ignore[attr-defined]
    client = Client()
    assert password_step(client, "demo_admin", "Demo#Passw0rd-1").url == reverse("core:home")
    assert client.post(reverse("access:password_change"), {
        "old_password": "Demo#Passw0rd-1", "new_password1": "Demo#Passw0rd-2",
        "new_password2": "Demo#Passw0rd-2"}).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    # The exemption is for the demo accounts only, and off when the setting is off.
    assert required_for(cast.province_admin)
    settings.JIGUAN_2FA_DEMO_EXEMPT = False  # type: ignore[attr-defined]
    demo._scope_cache = None
    assert required_for(demo)


def test_a_session_that_skipped_the_code_ends(cast: Cast) -> None:
    enrolled_client(cast.hangzhou)
    # A session opened without the code (force_login here) of a user with an authenticator.
    client = cast.client("hangzhou")
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("access:login"))
    assert AuditEvent.objects.filter(event_type="auth.2fa.session_ended").exists()


def test_api_tokens_are_not_affected(cast: Cast) -> None:
    from jiguan.access.accounts.actions import token_create

    _, raw = token_create(user=cast.hangzhou, name="对接", actor=cast.hangzhou)
    response = Client().get("/api/v1/orgs/agencies", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_a_password_login_keeps_its_next_page_through_the_code_step(cast: Cast) -> None:
    _, secret, _ = enrolled_client(cast.hangzhou)
    client = Client()
    target = reverse("orgs:agency_list")
    client.post(f"{reverse('access:login')}?next={target}",
                {"username": "hangzhou", "password": PASSWORD, "next": target})
    response = client.post(reverse("twofactor:verify"),
                           {"code": next_code(secret, cast.hangzhou)})
    assert response.url == target


def test_a_user_of_another_role_may_enrol_and_is_then_asked_for_the_code(cast: Cast) -> None:
    client = Client()
    password_step(client, "ningbo_reporter")
    assert client.get(reverse("core:home")).status_code == 200
    status = client.get(reverse("twofactor:status")).content.decode()
    assert "可自愿使用二次验证" in status
    secret, _ = enrol(client)
    again = Client()
    assert password_step(again, "ningbo_reporter").url == reverse("twofactor:verify")
    assert again.post(reverse("twofactor:verify"),
                      {"code": next_code(secret, cast.ningbo_reporter)}).status_code == 302
    assert again.get(reverse("core:home")).status_code == 200


def test_the_api_refuses_a_session_that_has_not_enrolled(cast: Cast) -> None:
    client = Client()
    password_step(client, "hangzhou")
    response = client.get("/api/v1/orgs/agencies")
    assert response.status_code == 302
    assert response.url == reverse("twofactor:enrol")


def test_a_new_account_changes_its_password_then_enrols(cast: Cast) -> None:
    user, first = access_actions.user_create(username="newbie", full_name="新人",
                                             actor=cast.sysadmin)
    raw = first + duties.password_release(issue=PasswordIssue.objects.get(user=user),
                                          actor=cast.secadmin)
    access_actions.grant_create(user=user, role="bureau_staff",
                                region=cast.hangzhou_agency.region, actor=cast.secadmin)
    client = Client()
    password_step(client, "newbie", raw)
    assert client.get(reverse("core:home")).url == reverse("access:password_change")
    assert client.get(reverse("twofactor:enrol")).url == reverse("access:password_change")
    response = client.post(reverse("access:password_change"), {
        "old_password": raw, "new_password1": "Fresh#Start2026",
        "new_password2": "Fresh#Start2026"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).url == reverse("twofactor:enrol")
    _, codes = enrol(client)
    assert len(codes) == 10
    assert client.get(reverse("core:home")).status_code == 200
