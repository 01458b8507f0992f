"""Out-of-scope probing: a user who gets many 404s on object URLs in a short time.

An object outside a user's scope answers 404 like a missing one (access.scope), so walking
through ids (/orgs/agencies/1/, /2/, /3/ ... or the API's) shows up only as a run of 404s.
This middleware counts them per user in Django's cache and writes one audit event
(``access.probing``) per burst: the first JIGUAN_PROBE_404_COUNT 404s within
JIGUAN_PROBE_WINDOW_SECONDS of the first one. Later 404s in the same window add nothing;
a burst after the window has passed is a new burst with its own event.

"Object URLs" are resolved URLs with arguments (a pk, a code): a 404 of a path that matches
no URL at all is a typo or a scanner, not a look into someone else's data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from jiguan.audit.events import register
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record

EVENT = "access.probing"
#: Paths kept as a sample in the audit event.
SAMPLE_PATHS = 10
_KEY = "jiguan:probe404:{user}"

register({EVENT: "疑似越权探测（短时间大量 404）"})


def _now() -> float:
    return time.time()


def is_object_url(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and bool(match.args or match.kwargs)


def note_not_found(request: HttpRequest, user: Any) -> bool:
    """Count one 404 of `user`; True when it completes a burst (and the event is written)."""
    window = max(1, int(settings.JIGUAN_PROBE_WINDOW_SECONDS))
    threshold = max(1, int(settings.JIGUAN_PROBE_404_COUNT))
    key = _KEY.format(user=user.pk)
    now = _now()
    state: dict[str, Any] | None = cache.get(key)
    if state is None or now - state["start"] >= window:
        state = {"start": now, "count": 0, "paths": []}
    state["count"] += 1
    if len(state["paths"]) < SAMPLE_PATHS:
        state["paths"].append(request.path[:300])
    remaining = max(1, int(state["start"] + window - now) + 1)
    cache.set(key, state, timeout=remaining)
    if state["count"] < threshold:
        return False
    # cache.add is atomic in every backend: of two processes at the threshold at once, one
    # writes the event; the burst's later 404s find the mark and write nothing.
    if not cache.add(f"{key}:reported:{state['start']}", True, timeout=remaining):
        return False
    record(actor=user, event=EVENT, outcome=Outcome.DENIED, ip=client_ip(request),
           extra={"count": state["count"], "window_seconds": window,
                  "paths": state["paths"], "method": request.method or ""},
           require_transaction=False)
    return True


class ProbingMiddleware:
    """Counts the 404s of signed-in users (sessions and API tokens) on object URLs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404:
            # Read after the view: an API token sets request.user inside it.
            user = getattr(request, "user", None)
            if getattr(user, "is_authenticated", False) and is_object_url(request):
                note_not_found(request, user)
        return response
