"""The one-screen page (全省一屏)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.types import AuthedRequest


def home(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_OVERVIEW)
    return render(request, "overview/home.html", {})
