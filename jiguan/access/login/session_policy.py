"""Session rules beside the idle timeout (docs/security.md):

* :class:`SessionCapMiddleware` — a session older than JIGUAN_SESSION_MAX_AGE_SECONDS
  (12 h) ends whatever the activity; the idle timeout alone would let a busy session live
  for ever, because every request saves the session and so pushes its expiry on.
* :class:`LockedAccountMiddleware` — a session of an account that is locked out
  (jiguan.access.login.lockout) for the request's client address ends at its next request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jiguan.access.login.lockout import is_locked, lockout_response
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record

SESSION_STARTED = "jiguan_session_started"


@receiver(user_logged_in)
def _stamp_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_STARTED] = int(time.time())


def _session_user(request: HttpRequest) -> Any:
    user: Any = request.user
    if user.is_authenticated and not getattr(request, "auth_via_token", False):
        return user
    return None


class SessionCapMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = _session_user(request)
        if user is not None:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED)
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - int(started) > settings.JIGUAN_SESSION_MAX_AGE_SECONDS:
                record(actor=user, event="auth.session_capped", ip=client_ip(request),
                       extra={"started": int(started)}, require_transaction=False)
                logout(request)
                hours = settings.JIGUAN_SESSION_MAX_AGE_SECONDS / 3600
                messages.info(request, f"本次登录已超过 {hours:g} 小时，请重新登录。")
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        return self.get_response(request)


class LockedAccountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = _session_user(request)
        if user is not None and is_locked(request, user.get_username()):
            record(actor=user, event="auth.session_locked", outcome=Outcome.DENIED,
                   ip=client_ip(request), require_transaction=False)
            logout(request)
            return lockout_response(request)
        return self.get_response(request)
