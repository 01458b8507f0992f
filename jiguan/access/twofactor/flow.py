"""The login step between the password and the session: the pending mark, failures, login."""

from __future__ import annotations

import time
from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.models import Device

from jiguan.access.models import User
from jiguan.access.twofactor import actions
from jiguan.access.twofactor.policy import is_enrolled
from jiguan.audit.record import client_ip

PENDING_KEY = "jiguan_2fa_pending"


def begin(request: HttpRequest, user: Any, next_url: str) -> HttpResponse | None:
    """Called by the login view once the password is right. A user with an authenticator
    is not logged in yet: the session only remembers who passed the password, for
    JIGUAN_2FA_PENDING_SECONDS, and the code page follows. Others log in at once (None)."""
    if not is_enrolled(user):
        return None
    request.session[PENDING_KEY] = {
        "uid": user.pk, "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url, "at": int(time.time()),
    }
    return redirect("twofactor:verify")


def pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if int(time.time()) - int(data.get("at", 0)) > settings.JIGUAN_2FA_PENDING_SECONDS:
        abandon(request)
        return None
    uid = data.get("uid")
    user = (User.objects.filter(pk=uid, is_active=True).first()
            if isinstance(uid, int) else None)
    if user is None:
        abandon(request)
        return None
    return user, data


def abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def complete(request: HttpRequest, user: User, device: Device,
             data: dict[str, Any]) -> HttpResponse:
    """The second factor passed: log in, and mark the session with the device used."""
    abandon(request)
    auth_login(request, user, backend=data["backend"])
    django_otp.login(request, device)
    return redirect(data.get("next") or settings.LOGIN_REDIRECT_URL)


def _credentials(user: User) -> dict[str, str]:
    field: str = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    return {field: user.get_username()}


def locked_response(request: HttpRequest, user: User) -> HttpResponse | None:
    """django-axes' lockout page when the account is locked, else None."""
    credentials = _credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    return None


def count_failure(request: HttpRequest, user: User, *, purpose: str) -> bool:
    """A refused code counts as a failed login, exactly like a wrong password: the same
    user_login_failed signal feeds django-axes (the lockout) and the login-failure audit;
    auth.2fa.failed says it was the second factor. Returns whether the account is now
    locked (AxesMiddleware then answers with the lockout page)."""
    actions.code_failed(user=user, purpose=purpose, ip=client_ip(request))
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))
