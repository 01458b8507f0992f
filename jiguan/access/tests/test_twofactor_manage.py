"""The second factor after enrolment: new recovery codes, a lost phone, the 安全管理员's
reset, and the startup checks of the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiguan.access.tests.twofactor_helpers import (
    enrol,
    enrolled_client,
    next_code,
    password_step,
    switch_on,
)
from jiguan.access.twofactor.checks import known_roles, production_twofactor
from jiguan.audit.models import AuditEvent
from jiguan.conftest import PASSWORD, Cast
from jiguan.core.tests.test_production_checks import _check_deploy


@pytest.fixture(autouse=True)
def _two_factors_on(settings: object) -> None:
    switch_on(settings)


def test_new_recovery_codes_need_the_password_and_a_code_and_void_the_old_ones(
        cast: Cast) -> None:
    client, secret, old = enrolled_client(cast.hangzhou)
    url = reverse("twofactor:recovery_regenerate")
    refused = client.post(url, {"password": "wrong", "code": next_code(secret, cast.hangzhou)})
    assert refused.status_code == 422
    assert "密码或验证码不正确" in refused.content.decode()
    assert AccessAttempt.objects.get(username="hangzhou").failures_since_start == 1
    assert AuditEvent.objects.filter(event_type="auth.2fa.failed",
                                     extra__purpose="recovery_regenerate").exists()

    response = client.post(url, {"password": PASSWORD, "code": next_code(secret, cast.hangzhou)})
    assert response.status_code == 200
    new = [c for c in old if c in response.content.decode()]
    assert new == []
    assert response.content.decode().count("<li>") >= 10
    assert AuditEvent.objects.filter(event_type="access.2fa.recovery_regenerated").exists()
    fresh = Client()
    password_step(fresh, "hangzhou")
    assert fresh.post(reverse("twofactor:verify"), {"code": old[0]}).status_code == 422


def test_a_lost_phone_is_removed_with_a_recovery_code_and_replaced(cast: Cast) -> None:
    client, _, codes = enrolled_client(cast.hangzhou)
    response = client.post(reverse("twofactor:remove"),
                           {"password": PASSWORD, "code": codes[0]})
    assert response.status_code == 302
    assert response.url == reverse("twofactor:enrol")
    assert not TOTPDevice.objects.filter(user=cast.hangzhou).exists()
    assert not StaticDevice.objects.filter(user=cast.hangzhou).exists()
    assert AuditEvent.objects.filter(event_type="access.2fa.removed").exists()
    # The same session goes on, held on the enrolment page until a new phone is bound.
    assert client.get(reverse("core:home")).url == reverse("twofactor:enrol")
    _, new_codes = enrol(client)
    assert len(new_codes) == 10
    assert client.get(reverse("core:home")).status_code == 200


def test_removing_needs_the_right_code(cast: Cast) -> None:
    client, _, _ = enrolled_client(cast.hangzhou)
    response = client.post(reverse("twofactor:remove"), {"password": PASSWORD, "code": "000000"})
    assert response.status_code == 422
    assert TOTPDevice.objects.filter(user=cast.hangzhou, confirmed=True).exists()


def test_the_security_admin_resets_a_users_second_factor(cast: Cast) -> None:
    victim, _, _ = enrolled_client(cast.hangzhou)
    # The security admin's own session: enrolment is required, so bind first.
    admin_client, _, _ = enrolled_client(cast.secadmin)
    listing = admin_client.get(reverse("twofactor:admin_list"), {"q": "hangzhou"})
    assert listing.status_code == 200
    assert 'data-testid="twofactor-row-hangzhou"' in listing.content.decode()

    url = reverse("twofactor:admin_reset", args=[cast.hangzhou.pk])
    admin_client.post(url, {"reason": " "})
    assert TOTPDevice.objects.filter(user=cast.hangzhou).exists()
    response = admin_client.post(url, {"reason": "手机丢失，已电话核实本人"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.hangzhou).exists()
    event = AuditEvent.objects.get(event_type="access.2fa.reset")
    assert event.actor == cast.secadmin
    assert event.extra["reason"] == "手机丢失，已电话核实本人"
    # The user's open session ends; the next login asks for a new enrolment.
    assert victim.get(reverse("core:home")).url.startswith(reverse("access:login"))
    again = Client()
    assert password_step(again, "hangzhou").url == reverse("core:home")
    assert again.get(reverse("core:home")).url == reverse("twofactor:enrol")


def test_only_the_security_admin_resets(cast: Cast, settings: object) -> None:
    enrolled_client(cast.hangzhou)
    # The others' sessions need no enrolment here, so the request reaches the permission check.
    settings.JIGUAN_2FA_REQUIRED_ROLES = []  # type: ignore[attr-defined]
    url = reverse("twofactor:admin_reset", args=[cast.hangzhou.pk])
    for who in ("sysadmin", "province_admin", "auditadmin"):
        client = cast.client(who)
        assert client.post(url, {"reason": "x"}).status_code == 403
        assert client.get(reverse("twofactor:admin_list")).status_code == 403
    assert TOTPDevice.objects.filter(user=cast.hangzhou, confirmed=True).exists()
    assert not AuditEvent.objects.filter(event_type="access.2fa.reset").exists()


def test_the_security_admin_cannot_reset_their_own(cast: Cast) -> None:
    admin_client, _, _ = enrolled_client(cast.secadmin)
    url = reverse("twofactor:admin_reset", args=[cast.secadmin.pk])
    admin_client.post(url, {"reason": "试试"})
    assert TOTPDevice.objects.filter(user=cast.secadmin, confirmed=True).exists()


def test_an_unknown_role_in_the_setting_is_refused(settings: object) -> None:
    settings.JIGUAN_2FA_REQUIRED_ROLES = ["province_admin", "bureau_staf"]  # type: ignore[attr-defined]
    assert [e.id for e in known_roles(None)] == ["jiguan.E020"]
    settings.JIGUAN_2FA_REQUIRED_ROLES = ["province_admin"]  # type: ignore[attr-defined]
    assert known_roles(None) == []


def test_check_deploy_refuses_the_demo_exemption_in_production(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, JIGUAN_2FA_DEMO_EXEMPT="true")
    assert result.returncode != 0
    assert "jiguan.E021" in result.stderr + result.stdout


def test_production_refuses_the_demo_exemption_and_a_triad_without_two_factors(
        settings: object) -> None:
    with override_settings(PRODUCTION=True, JIGUAN_2FA_DEMO_EXEMPT=True):
        assert [e.id for e in production_twofactor(None)] == ["jiguan.E021"]
    with override_settings(PRODUCTION=True, JIGUAN_2FA_DEMO_EXEMPT=False,
                           JIGUAN_2FA_REQUIRED_ROLES=["province_admin", "system_admin"]):
        errors = production_twofactor(None)
        assert [e.id for e in errors] == ["jiguan.E022"]
        assert "安全管理员" in errors[0].msg and "审计管理员" in errors[0].msg
    with override_settings(PRODUCTION=True, JIGUAN_2FA_DEMO_EXEMPT=False):
        assert production_twofactor(None) == []
    with override_settings(PRODUCTION=False, JIGUAN_2FA_DEMO_EXEMPT=True):
        assert production_twofactor(None) == []
