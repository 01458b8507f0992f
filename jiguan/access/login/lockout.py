"""Login-failure lockout (等保 8.1.4.1 b) on django-axes, as docs/adr/0003 describes.

* A user name is locked **from one client address** after ``AXES_FAILURE_LIMIT`` failures
  (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``): somebody guessing from
  elsewhere cannot lock the owner out.
* The user name is locked **from every address** after ``JIGUAN_LOCKOUT_ACCOUNT_FAILURES``
  failures in the cool-off window, from any number of addresses: the guard against
  guessing spread over many machines (:class:`LockoutHandler`).
* Attempts made while locked are not recorded and do not restart the cool-off
  (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def policy_text() -> str:
    """The lockout rule in one sentence, from the settings in force."""
    return (f"同一地址连续失败 {settings.AXES_FAILURE_LIMIT} 次，或 {lockout_minutes()} 分钟内"
            f"各地址合计失败 {settings.JIGUAN_LOCKOUT_ACCOUNT_FAILURES} 次，"
            f"账号将锁定 {lockout_minutes()} 分钟")


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the account-wide limit on top of the per-address one."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures: int = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if not username:
            return failures
        total = (AccessAttempt.objects
                 .filter(username=username,
                         attempt_time__gte=get_cool_off_threshold(request))
                 .aggregate(n=Sum("failures_since_start"))["n"] or 0)
        if total >= settings.JIGUAN_LOCKOUT_ACCOUNT_FAILURES:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def is_locked(request: HttpRequest, username: str) -> bool:
    """Is this user name locked for a request from this client address?"""
    if not AccessAttempt.objects.filter(username=username).exists():
        return False  # the common case, in one indexed query
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def lockout_response(request: HttpRequest, original_response: Any = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The locked-out page (AXES_LOCKOUT_CALLABLE), with the numbers in force."""
    return render(request, "access/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "account_limit": settings.JIGUAN_LOCKOUT_ACCOUNT_FAILURES,
        "minutes": lockout_minutes(),
    }, status=429)
