"""Indicator pages: the dashboard, roll-ups, rankings, an institution's year."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.types import AuthedRequest


def dashboard(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    return render(request, "energy/dashboard.html", {})
