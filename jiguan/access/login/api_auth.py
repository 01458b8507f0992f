"""API authentication: the browser session (with CSRF) or a per-user bearer token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from jiguan.access.login.lockout import is_locked
from jiguan.access.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.authenticate(token)
        if found is None:
            return None
        user = found.user
        # A token stops working while its account is locked out or its password must change.
        if (user.must_change_password or user.password_expired()
                or is_locked(request, user.get_username())):
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.auth_via_token = True  # type: ignore[attr-defined]
        return found.user


class ActiveSessionAuth(SessionAuth):
    """The logged-in session, unless the account must change its password first."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user: Any = request.user
        if user.is_authenticated and not (user.must_change_password or user.password_expired()):
            return user
        return None


API_AUTH = [TokenAuth(), ActiveSessionAuth()]
