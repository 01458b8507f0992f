"""Steps shared by the two-factor tests: the production defaults on, the two login steps,
and codes computed with pyotp from the secret the enrolment page shows (what an
authenticator app does), independently of django-otp's own TOTP code."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

import config.settings as main_settings
from jiguan.access.models import User
from jiguan.conftest import PASSWORD


def switch_on(settings: Any) -> None:
    """The main settings module's defaults (config/settings_test.py turns them off)."""
    settings.JIGUAN_2FA_REQUIRED_ROLES = main_settings.JIGUAN_2FA_REQUIRED_ROLES
    settings.JIGUAN_2FA_REPORTERS = main_settings.JIGUAN_2FA_REPORTERS


def password_step(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("access:login"), {"username": username, "password": password})


def secret_of(page_html: str) -> str:
    found = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page_html)
    assert found, "the enrolment page shows the secret"
    return found.group(1).replace(" ", "")


def enrol(client: Client) -> tuple[str, list[str]]:
    """Scan (read the secret off the page), confirm the app's current code; returns the
    secret and the recovery codes the page showed."""
    page = client.get(reverse("twofactor:enrol"))
    assert page.status_code == 200
    secret = secret_of(page.content.decode())
    response = client.post(reverse("twofactor:enrol"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>",
                       response.content.decode())
    return secret, codes


def next_code(secret: str, user: User) -> str:
    """The app's code for the time step after the last one the server accepted (a used code
    is never accepted twice): what the app shows in the next 30-second window."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    step = max(device.last_t + 1, int(time.time()) // device.step)
    return pyotp.TOTP(secret).at(step * device.step)


def enrolled_client(user: User) -> tuple[Client, str, list[str]]:
    """A client logged in with the password, enrolled, and so logged in with two factors."""
    client = Client()
    assert password_step(client, user.username).status_code == 302
    secret, codes = enrol(client)
    return client, secret, codes
