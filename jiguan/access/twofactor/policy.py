"""Who must use two factors, and whether a session has passed the second one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiguan.access.roles import Role
from jiguan.core.deploy.demo_password import DEMO_USERNAMES


def demo_exempt(user: Any) -> bool:
    """The demo accounts log in with the printed password alone, in development only."""
    return (settings.JIGUAN_ENV == "development" and settings.JIGUAN_2FA_DEMO_EXEMPT
            and user.get_username() in DEMO_USERNAMES)


def required_roles() -> set[str]:
    roles = set(settings.JIGUAN_2FA_REQUIRED_ROLES)
    if settings.JIGUAN_2FA_REPORTERS:
        roles.add(Role.AGENCY_REPORTER.value)
    return roles


def required_for(user: Any) -> bool:
    """Does one of the user's active grants require a second factor?"""
    if demo_exempt(user):
        return False
    return bool(user.scope.roles() & required_roles())


def totp_device(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def totp_ids(user: Any) -> set[str]:
    """The persistent ids of the user's confirmed authenticators."""
    return {d.persistent_id for d in TOTPDevice.objects.filter(user=user, confirmed=True)}


def device_exists(user: Any, persistent_id: str) -> bool:
    """Is this (session-recorded) device still one of the user's confirmed devices?"""
    for model in (TOTPDevice, StaticDevice):
        prefix = f"{model.model_label()}/"
        if persistent_id.startswith(prefix):
            pk = persistent_id.removeprefix(prefix)
            return pk.isdigit() and model.objects.filter(pk=int(pk), user=user,
                                                         confirmed=True).exists()
    return False
