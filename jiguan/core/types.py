from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from jiguan.access.models import User


class AuthedRequest(HttpRequest):
    """A request behind login (LoginRequiredMiddleware guarantees the user)."""

    user: User
