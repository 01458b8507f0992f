from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

# The largest primary key a database column holds (BIGINT). A larger number in a query string
# must be a clear "not found", not an OverflowError from the database driver.
MAX_ID = 2**63 - 1

if TYPE_CHECKING:
    from jiguan.access.models import User


class AuthedRequest(HttpRequest):
    """A request behind login (LoginRequiredMiddleware guarantees the user)."""

    user: User
