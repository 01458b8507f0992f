"""The standards page: the office-area limits per person in force on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.types import AuthedRequest
from jiguan.space.standards import rules


def standards(request: AuthedRequest) -> HttpResponse:
    """The office-area standard in force (or on a chosen date), as the checks apply it."""
    require(request.user, Perm.VIEW_SPACE)
    on_text = request.GET.get("on", "")
    sub = request.GET.get("sub_provincial") == "1"
    error = ""
    on = None
    if on_text:
        try:
            on = dt.date.fromisoformat(on_text)
        except ValueError:
            error = "日期格式应为 2024-01-02"
    rows: list[Any] = []
    if not error:
        try:
            rows = rules.standards_table(on=on, sub_provincial=sub,
                                         township_limits=rules.configured_township_limits())
        except ValueError as exc:
            error = str(exc)
    return render(request, "space/standards.html",
                  {"rows": rows, "on": on_text, "sub": sub, "error": error,
                   "service": rules.configured_service_area_per_person()},
                  status=422 if error else 200)
