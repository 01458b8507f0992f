"""The guidance app's front page: one card per topic (plan, meetings, training, liaison,
research), each topic adding its own card to templates/guidance/home.html."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.types import AuthedRequest


def home(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    return render(request, "guidance/home.html", {
        "can_manage": can(request.user, Perm.MANAGE_GUIDANCE)})
