"""Session and password policy (等保 2.0 level 3), and the audit of refused requests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record

_LAST_SEEN = "jiguan_last_seen"
# How stale the last-seen stamp may get before a request writes it again. Writing it on
# every request saved the session on every request: one UPDATE and COMMIT each (on SQLite
# the database's one write lock, taken by every page view of every user). With the stamp
# kept to the minute, a session can end up to this much before its idle time is up, never
# after (docs/security.md).
STAMP_RESOLUTION_SECONDS = 60


class IdleTimeoutMiddleware:
    """End a session after JIGUAN_IDLE_TIMEOUT_SECONDS without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not getattr(request, "auth_via_token", False):
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            if last is not None and now - int(last) > settings.JIGUAN_IDLE_TIMEOUT_SECONDS:
                record(actor=user, event="auth.session_expired", ip=client_ip(request),
                       require_transaction=False)
                logout(request)
                messages.info(request, "长时间未操作，已自动退出，请重新登录。")
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if last is None or now - int(last) >= STAMP_RESOLUTION_SECONDS:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied) and request.user.is_authenticated:
            record(actor=request.user, event="access.denied", outcome=Outcome.DENIED,
                   ip=client_ip(request),
                   extra={"path": request.path[:300], "method": request.method or ""},
                   require_transaction=False)


_ALLOWED_WHILE_FORCED = ("access:password_change", "access:logout")


class PasswordChangeRequiredMiddleware:
    """First login with a generated password, or an expired password: change it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if (user.is_authenticated and not getattr(request, "auth_via_token", False)
                and (user.must_change_password or user.password_expired())):
            allowed = {reverse(name) for name in _ALLOWED_WHILE_FORCED}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("access:password_change")
        return self.get_response(request)
