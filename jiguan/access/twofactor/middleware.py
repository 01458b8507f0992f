"""Sessions and the second factor: enrol first when required; end sessions that lost it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from jiguan.access.twofactor.policy import device_exists, required_for, totp_ids
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record

_ALLOWED_WHILE_ENROLLING = ("twofactor:enrol", "access:logout", "access:password_change")


class TwoFactorMiddleware:
    """For a logged-in browser session (API tokens are another credential):

    * the session was marked with the device that passed the second factor; when the user
      holds an authenticator and the session has no mark, or the marked device is gone
      (reset by the 安全管理员, removed in another session), the session ends;
    * a user whose roles require two factors and who holds no authenticator sees only the
      enrolment page (and the password change, and logout) until one is confirmed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and not getattr(request, "auth_via_token", False):
            totp = totp_ids(user)
            marker = request.session.get(DEVICE_ID_SESSION_KEY)
            if marker is None:
                lost = bool(totp)  # never passed the code, yet the user has an authenticator
            else:  # the device that passed the code is gone (reset, removed elsewhere)
                lost = marker not in totp and not device_exists(user, str(marker))
            if lost:
                record(actor=user, event="auth.2fa.session_ended", outcome=Outcome.DENIED,
                       ip=client_ip(request), extra={"path": request.path[:300]},
                       require_transaction=False)
                logout(request)
                messages.info(request, "二次验证设置已变更，请重新登录。")
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if not totp and required_for(user):
                allowed = {reverse(name) for name in _ALLOWED_WHILE_ENROLLING}
                if (request.path not in allowed
                        and not request.path.startswith(settings.STATIC_URL)):
                    return redirect("twofactor:enrol")
        return self.get_response(request)
